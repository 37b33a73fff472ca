"""The parsers' shortcuts (pre-checks that skip a regex, needles found before a
pattern is tried, an author piece read once per page) give exactly what the
plain rules give: each is checked against a plain version of the same rule on
text built from the pieces that matter to it."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import author_lines, names, text
from parsers.dblp import is_dblp_number
from parsers.feed_split import split_glued_line
from parsers.text import (
    clean_line,
    extract_links,
    repair_abstract,
    repaired_with_links,
    split_lines,
)
from tests.conftest import budget


def _texts(atoms: list[str], most: int = 30):
    return st.lists(st.sampled_from(atoms), max_size=most).map("".join)


# -- lines -----------------------------------------------------------------------

LINE_ATOMS = [
    "a",
    "Zoë",
    "e\u0301",
    "\u0130",
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\u3000",
    "\u200b",
    "\u00ad",
    "\ufeff",
    "\x07",
    "\x85",
    "\r",
    "\n",
    "\r\n",
    "\u2028",
    "\u2029",
    "\u2000",
    "x y",
    ".",
]


def _plain_clean(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    line = text._STRIP_RE.sub("", line)
    return text._WS_RE.sub(" ", line).strip()


@settings(max_examples=budget(300), deadline=None)
@given(_texts(LINE_ATOMS))
def test_lines_are_cleaned_as_the_plain_rules_clean_them(page):
    plain = [_plain_clean(x) for x in re.split(r"\r\n|\r|\n|\u2028|\u2029", page)]
    assert split_lines(page) == plain
    assert [clean_line(x) for x in page.split("\n")] == [_plain_clean(x) for x in page.split("\n")]


# -- abstracts -------------------------------------------------------------------

ABSTRACT_ATOMS = [
    "https: //github. com/x/y",
    "www. cs. toronto. edu/ ~kriz/cifar. html",
    "http://x.io/ ZLKong/Tri-Level-ViT",
    "youtube.com/watch? v=abc&amp; t=2",
    "HTTPS://Arxiv. Org/abs/1",
    "https",
    "http",
    "HTTP",
    "Https",
    "ftp",
    "://",
    ": //",
    ":/ /",
    "www.",
    "www. ",
    "WWW.",
    "github",
    "com",
    "io",
    ". ",
    ".",
    "/",
    "/ ",
    "x",
    "Y",
    "E-Echo",
    "pdf",
    "html",
    "?",
    "? ",
    "v=",
    "&",
    "& ",
    "_",
    "~",
    "1",
    "5. 18",
    "2023. 5",
    "1.2. 3",
    "e. g. ,",
    "i. e. ;",
    " ",
    "et al. ,",
    "(",
    ")",
    "\u0130",
    "hTtP",
    "s3://",
    "\u017f",
    "é",
    "²",
    "\n",
    "We",
    "model. We",
]


def _plain_repair_urls(t: str) -> str:
    out, pos = [], 0
    heads = [m.start() for m in text._URL_START_RE.finditer(t)]
    for k, start in enumerate(heads):
        if start < pos:
            continue
        following = [h for h in heads[k + 1 : k + 3] if h > start + 8]
        end = min(len(t), start + text._URL_REACH, *following)
        window = t[start:end]
        for _ in range(16):
            fixed = window
            for fix, repl in text._URL_FIXES:
                fixed = fix.sub(repl, fixed)
            if fixed == window:
                break
            window = fixed
        out += (t[pos:start], window)
        pos = end
    out.append(t[pos:])
    return "".join(out)


def _plain_damage(t: str) -> bool:
    i = t.find(". ")
    while i > 0:
        prev, nxt = t[i - 1], t[i + 2 : i + 3]
        if prev.isdigit() and nxt.isdigit():
            return True
        if prev.isalpha() and nxt.isalpha() and (i < 2 or not t[i - 2].isalnum()):
            return True
        i = t.find(". ", i + 2)
    return False


def _plain_repair(t: str) -> str:
    lower = t.lower()
    if "http" in lower or "ftp" in lower:
        t = text._URL_SCHEME_RE.sub(lambda m: m.group(1).lower() + "://", t)
    if "www. " in lower:
        t = text._WWW_RE.sub("www.", t)
    if "://" in t or "www." in t:
        t = _plain_repair_urls(t)
    if _plain_damage(t):
        t = text._ABBREV_RE.sub(r"\1.\2.", t)
        t = text._DECIMAL_RE.sub(text._decimal, t)
    if " ," in t or " ;" in t or " :" in t:
        t = text._ABBREV_COMMA_RE.sub(r"\1\2", t)
    return t


def _plain_links(t: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in text._URL_RE.finditer(t):
        url = match.group(0)
        while url and url[-1] in text._URL_TRAILING:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        if len(url) > len("https://x"):
            seen.setdefault(url, None)
    return list(seen)


@settings(max_examples=budget(600), deadline=None)
@given(_texts(ABSTRACT_ATOMS, most=40))
def test_abstracts_are_repaired_as_the_plain_rules_repair_them(abstract):
    assert text._dot_space_damage(abstract) == _plain_damage(abstract)
    assert text._repair_urls(abstract) == _plain_repair_urls(abstract)
    repaired = repair_abstract(abstract)
    assert repaired == _plain_repair(abstract)
    for t in (abstract, repaired):
        assert extract_links(t) == _plain_links(t)
    assert repaired_with_links(abstract) == (repaired, _plain_links(repaired))


# -- names -----------------------------------------------------------------------

NAME_ATOMS = [
    "Zhang",
    "Wei",
    "LeCun",
    "O'Brien",
    "d'Alché",
    "Jou-An",
    "Chen",
    "J.",
    "R.",
    "van",
    "den",
    "KyungHyun",
    "ViT",
    "ShiftAddViT",
    "LLMs",
    "Training",
    "?",
    ")",
    "2019",
    "0019",
    "Jr.",
    " et al.",
    " ET  al",
    ", et al.",
    " · ",
    "harvard",
    ", ",
    " ",
    "-",
    "danah",
    "boyd",
    "OpenAI",
    "\u0130",
    "\u2163",
    "\U0001d400",
    "Ada\U0001d400x Wang",
    "DeLiang",
    "Wang",
    "AJ",
    "\u2019",
    "x",
    ".",
    ",",
]
KNOWN = ["danah boyd", "openai", "kyunghyun cho", "yu o'brien", "an chen", "ang", "zhang wei"]
LOOK_UPS = [
    None,
    lambda n: n.casefold() in KNOWN,
    lambda n: True,
    lambda n: len(n) % 3 == 0,
]


@settings(max_examples=budget(300), deadline=None)
@given(st.lists(_texts(NAME_ATOMS, most=14), min_size=1, max_size=8))
def test_glued_lines_split_as_the_plain_scan_splits_them(lines):
    for known in LOOK_UPS:
        for line in lines:
            split = split_glued_line(line, known)
            assert split == split_glued_line(line, known)  # no state kept between lines
            if split is not None:  # the line is rebuilt exactly from its reading
                assert line.startswith(split.title)
            m = author_lines.ET_AL_RE.search(line)
            plain = (line[: m.start()].rstrip(), True) if m else (line, False)
            assert author_lines.strip_et_al(line) == plain
            assert names.name_key(line) == _plain_name_key(line)


def _plain_name_key(name: str) -> str:
    tokens = name.split()
    if len(tokens) > 1 and is_dblp_number(tokens[-1]):
        tokens = tokens[:-1]
    return " ".join(tokens).casefold()
