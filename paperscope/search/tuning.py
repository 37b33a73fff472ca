"""How search trades precision for speed: the knobs, in one module so a test can turn them."""

PREFIX_SIM = 0.9  # a vocabulary word that starts with the query word (still typing)
ABSTRACT_MIN = 3  # shorter query words are not looked for in abstracts
ABSTRACT_PREFIX_MIN = 4  # shorter ones only as whole words (a prefix would match too much)
FULL_SCORE_LIMIT = 5000  # above this many hits in a tier, rank it coarsely (by year)
# When at most this share of the papers (or this many) is left to check for a
# word, their abstracts are scanned rather than the word looked up across all
# abstracts: a common word such as "model" is in most of them, and fetching
# 70,000 row ids costs tens of ms at 100k papers, while scanning a few thousand
# abstracts (kept folded between keystrokes) costs a few.
NARROW_SHARE = 1 / 40
NARROW_MIN = 300
