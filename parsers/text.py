"""Bytes to clean lines, and repair of text damaged by PDF extraction.

Everything here is format-independent: decoding (UTF-8 with or without BOM,
UTF-16 with BOM, Windows-1252/Latin-1 fallback), refusing binary input, and the
abstract fixes (``e. g. ,`` -> ``e.g.,``, ``5. 18`` -> ``5.18``, broken URLs).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# C0/C1 control characters other than tab/newline: never data on a listing page,
# and dangerous on a terminal, so they are removed at decode time.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Zero-width and bidi formatting characters: invisible, and they can reorder
# what a terminal shows. Removed too (ZWJ inside emoji is irrelevant here).
# The soft hyphen (U+00AD) is invisible too, and PDF text is full of them.
_INVISIBLE_RE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_STRIP_RE = re.compile(f"{_CONTROL_RE.pattern}|{_INVISIBLE_RE.pattern}")
_WS_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")


class DecodeError(ValueError):
    """The bytes are not a text page (binary, or not decodable)."""


_SAMPLE = 65536
# Bytes 0x80-0xFF that are not UTF-8 come out of "surrogateescape" as
# U+DC80-U+DCFF. Each is read as Windows-1252 (what "Latin-1" pages saved on
# Windows really are), or as Latin-1 for the five bytes 1252 leaves undefined.
_SURROGATE_MAP = {
    0xDC00 + b: bytes([b]).decode("latin-1" if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else "cp1252")
    for b in range(0x80, 0x100)
}
_ESCAPED_RE = re.compile("[\udc80-\udcff]")


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode page bytes to text; returns the text and warnings about the decoding."""
    if not data.strip():
        raise DecodeError("the file is empty" if not data else "the file holds only blank space")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError("the file claims UTF-16 but does not decode as it") from exc
        return _refuse_controls(text), ["decoded as UTF-16"]
    if b"\x00" in data[:_SAMPLE]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise DecodeError("the file is binary (it holds NUL bytes), not a text page")
        return _refuse_controls(utf16), ["decoded as UTF-16 (the file has no byte-order mark)"]
    try:
        return _refuse_controls(data.decode("utf-8-sig")), []
    except UnicodeDecodeError:
        pass
    # Not UTF-8 throughout. Only the offending bytes are read as Windows-1252:
    # valid UTF-8 around them stays as it is, so a UTF-8 page with a few pasted
    # Latin-1 bytes does not turn into mojibake as a whole.
    text = data.decode("utf-8", errors="surrogateescape")
    sample = text[:_SAMPLE]
    if len(_ESCAPED_RE.findall(sample)) > max(16, len(sample) // 4):
        raise DecodeError("the file is binary (most of it is not text), not a text page")
    text = text.removeprefix("\ufeff").translate(_SURROGATE_MAP)
    return _refuse_controls(text), [
        "the file is not valid UTF-8: the bytes that are not were read as Windows-1252/Latin-1"
    ]


def _refuse_controls(text: str) -> str:
    sample = text[:_SAMPLE]
    if len(_CONTROL_RE.findall(sample)) > max(8, len(sample) // 50):
        raise DecodeError("the file is binary (full of control characters), not a text page")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark: every other byte is NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.7 * len(zeros) and other.count(0) <= 0.05 * len(other):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def clean_line(line: str, runs: bool = True) -> str:
    """NFC, no control or invisible characters, single spaces, no trailing blanks.

    ``runs=False``: the caller knows the line has no two spaces in a row.
    """
    if line.isprintable():
        # The common case. Every control, invisible and odd blank character is
        # non-printable (and NFC makes none), so only NFC and runs of spaces apply.
        if not line.isascii():
            line = unicodedata.normalize("NFC", line)
        if runs and "  " in line:
            line = _WS_RE.sub(" ", line)
        return line.strip()
    ascii_only = line.isascii()
    if not ascii_only:
        line = unicodedata.normalize("NFC", line)
    line = _STRIP_RE.sub("", line)
    if not ascii_only or "  " in line or "\t" in line:
        line = _WS_RE.sub(" ", line)
    return line.strip()


_LINE_END_RE = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_SPACES_RE = re.compile("  ")  # found faster than with "in" on a long text


def split_lines(text: str) -> list[str]:
    """Cleaned lines; CRLF, CR and LF all end a line. Blank lines are kept as ``""``."""
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        parts = _LINE_END_RE.split(text)
    else:
        parts = text.split("\n")  # LF only: the same split, several times faster
    # Two spaces in a row are rare: looked for once in the text, not per line.
    runs = _SPACES_RE.search(text) is not None
    return [clean_line(line, runs) for line in parts]


# ---------------------------------------------------------------------------
# Abstract repair

_TLDS = (
    "com|org|net|io|edu|ai|cn|gov|uk|de|fr|jp|kr|info|dev|app|me|co|html|htm|pdf|php"
    "|github|githubusercontent|google|ly|tv|us|ca|au|ch|nl|eu|xyz|site|page|md|git|cc"
)
# Endings that continue a file name in a URL path ("paper. pdf"), unlike a host.
_FILE_EXTS = "html|htm|pdf|php|md|git|txt|zip|py|ipynb|json|yaml|yml|tar|gz|bib|mp4|png|jpg"
_URL_SCHEME_RE = re.compile(r"\b(https?|ftp)\s*:\s*/\s*/\s*", re.IGNORECASE)
_WWW_RE = re.compile(r"\bwww\. (?=[a-z0-9])", re.IGNORECASE)
# A URL as far as it has been glued back so far: scheme, host, then path.
_URL_HEAD = r"(?:(?:https?|ftp)://|\bwww\.)"
# Extraction puts a space after a dot inside a URL. In the host part the next
# label is glued back when it is a known top-level/second-level name or leads
# to one ("www. cs. toronto. edu"); in the path only a file extension is
# ("cifar. html"), since "…/repo. Our code" ends a sentence.
_TLD_END = rf"(?:{_TLDS})(?![A-Za-z0-9-])"
_URL_HOST_DOT_RE = re.compile(
    rf"({_URL_HEAD}[^\s/]*?[A-Za-z0-9])\. "
    rf"({_TLD_END}|[A-Za-z0-9-]+(?=(?:\. ?[A-Za-z0-9-]+)*?\. ?{_TLD_END}))"
)
_URL_PATH_DOT_RE = re.compile(
    rf"({_URL_HEAD}[^\s/]+/[^\s]*?[A-Za-z0-9_-])\. ((?:{_FILE_EXTS})(?=[/#?.,;)\]}}\s]|$))"
)
# "…/ ZLKong/Tri-Level-ViT": a space after a slash, when what follows is clearly
# more URL (a slash, digit, hyphen, underscore, dot or inner capital in it) --
# never plain words, so "…/proj/ and the code" stays apart.
_URL_SLASH_RE = re.compile(
    rf"({_URL_HEAD}[^\s]*?)/ "
    r"((?=[^\s]*(?:[/\d_.~=#-]|[a-z][A-Z]))[A-Za-z0-9~][^\s]*)"
)
# "watch? v=abc", "forum? id=x&amp; y=2": a query broken at "?" or "&".
_URL_QUERY_RE = re.compile(rf"({_URL_HEAD}[^\s]*?[?&]) ([A-Za-z_][A-Za-z0-9_]*=)")
_ABBREV_RE = re.compile(r"\b([a-zA-Z])\. ([a-zA-Z])\.(?=[\s,;:)]|$)")
_ABBREV_COMMA_RE = re.compile(r"\b([a-zA-Z]\.[a-zA-Z]\.|et al\.)\s+([,;:])")
# "5. 18" -> "5.18" and "42. 9}%" -> "42.9}%"; but "in 2023. 5 models" is a
# sentence that ends in a year, followed by one that starts with a number.
# Possessive digits and no start inside a number: a long run of digits must not
# make the engine retry it from every position (quadratic on a 200 KB line).
_DECIMAL_RE = re.compile(r"(?<!\d)(\d++)\. (\d++)(?!\.\d)")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>\"'`{}|\\^]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}'\""


# Where a match of the case-insensitive URL patterns can begin (in lower case).
_SCHEMES = ("http", "ftp")
_URL_NEEDLES = ("http", "ftp", "www.")


def _lower(text: str) -> str:
    """``text.lower()`` character for character ("İ" alone lowers to two)."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = text.replace("\u0130", "i").lower()
    return lower


def _starts(text: str, needles: tuple[str, ...]) -> list[int]:
    """Where each of ``needles`` begins in ``text`` (given lower-cased: in any case), in order."""
    starts: list[int] = []
    for needle in needles:
        i = text.find(needle)
        while i != -1:
            starts.append(i)
            i = text.find(needle, i + 1)
    starts.sort()
    return starts


def _matches_at(
    pattern: re.Pattern[str],
    text: str,
    needles: tuple[str, ...],
    starts: list[int] | None = None,
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, tried only where one of ``needles`` begins.

    For a case-insensitive pattern whose every match begins with a needle (its
    letters match only their ASCII capitals): finding the needles in the
    lower-cased text is many times faster than letting the engine try each
    position. ``\\b`` and look-behinds still see the text before a match.
    ``starts``: where the needles begin, when the caller has found them.
    """
    if starts is None:
        starts = _starts(_lower(text), needles)
    end = 0
    for i in starts:
        if i >= end and (m := pattern.match(text, i)):
            yield m
            end = m.end()


def _scheme(m: re.Match[str]) -> str:
    return m.group(1).lower() + "://"


def _decimal(m: re.Match[str]) -> str:
    start = m.start()
    if start and (m.string[start - 1].isdigit() or m.string[start - 1] == "."):
        return m.group(0)  # inside "1.2. 3" or a longer number: leave it
    after = m.string[m.end() : m.end() + 1]
    if _YEAR_RE.fullmatch(m.group(1)) and (after in (" ", "") or not after.isalnum()):
        return m.group(0)  # "in 2023. 5 models", "in 2023. 2024 will"
    return f"{m.group(1)}.{m.group(2)}"


_URL_START_RE = re.compile(r"(?:https?|ftp)://|\bwww\.", re.IGNORECASE)
# How far a broken URL may reach from its start; the fixes only look this far,
# so a long abstract is not rescanned once per fix.
_URL_REACH = 400


_TOKEN_RE = re.compile(r"\S*")
_URL_FIXES = (
    (_URL_HOST_DOT_RE, r"\1.\2"),
    (_URL_PATH_DOT_RE, r"\1.\2"),
    (_URL_SLASH_RE, r"\1/\2"),
    (_URL_QUERY_RE, r"\1\2"),
)


def _may_be_broken(text: str, exact: bool = False, starts: list[int] | None = None) -> bool:
    """Whether one of the URL fixes may apply to ``text``.

    Each fix matches at a URL start ("http", "ftp", "www.") whose run of
    non-blanks ends in ". ", "/ ", "? " or "& ". With ``exact``, the fixes
    themselves are tried there (and only there), which tells for sure.
    ``starts``: where the URL starts may be, in any case, when known.
    """
    if starts is None:
        starts = _starts(text, _URL_NEEDLES)
    for i in starts:
        if text.startswith(_URL_NEEDLES, i):  # the fixes want them in lower case
            end = _TOKEN_RE.match(text, i).end()  # type: ignore[union-attr]
            if text[end : end + 1] == " " and text[end - 1] in "./?&":
                if not exact or any(fix.match(text, i) for fix, _ in _URL_FIXES):
                    return True
    return False


def _repair_urls(text: str, starts: list[int] | None = None) -> str:
    # (Not exact on the whole text: a fix may match in a window that ends
    # where the text goes on.)
    if not _may_be_broken(text, starts=starts):
        return text  # then no window below has anything to mend either
    out: list[str] = []
    pos = 0
    heads = [m.start() for m in _matches_at(_URL_START_RE, text, _URL_NEEDLES, starts)]
    for k, start in enumerate(heads):
        if start < pos:
            continue  # "www." inside the URL before
        # each URL is mended in its own window, which stops where the next begins
        following = [h for h in heads[k + 1 : k + 3] if h > start + 8]
        end = min(len(text), start + _URL_REACH, *following)
        window = text[start:end]
        for _ in range(16):  # a URL can be broken in several places
            if not _may_be_broken(window, exact=True):
                break  # (nearly every URL): none of the four fixes applies
            fixed = window
            for fix, repl in _URL_FIXES:
                fixed = fix.sub(repl, fixed)
            if fixed == window:
                break
            window = fixed
        out += (text[pos:start], window)
        pos = end
    out.append(text[pos:])
    return "".join(out)


# A ". " that can be damage has no ASCII punctuation or blank on either side,
# and no ASCII letter or digit before an ASCII letter before it: found at C
# speed, this leaves the few worth a look ("in 2023. We", "e. g.") out of the
# many sentence ends ("model. We").
_NOT_WORD = r"\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f"
_MAYBE_DAMAGE_RE = re.compile(
    rf"\. (?<![a-zA-Z0-9][a-zA-Z]\. )(?<![{_NOT_WORD}]\. )(?=[^{_NOT_WORD}])"
)
# What the comma fix needs: a dot, blanks, then one of ", ; :".
_DOT_BLANK_PUNCT_RE = re.compile(r"\.\s+[,;:]")


def _dot_space_damage(text: str) -> bool:
    """Whether some ". " sits in "e. g." or "5. 18" (a superset: the regexes decide).

    Most abstracts have neither; looking at the few sentence ends that may be
    damage is many times cheaper than running the two regexes over the text.
    """
    if text.startswith(". "):
        return False  # a text that begins with one is left as it is
    for m in _MAYBE_DAMAGE_RE.finditer(text):
        i = m.start()
        prev, nxt = text[i - 1], text[i + 2 : i + 3]
        if prev.isdigit() and nxt.isdigit():
            return True
        if prev.isalpha() and nxt.isalpha() and (i < 2 or not text[i - 2].isalnum()):
            return True
    return False


def _repair_url_text(text: str, schemes: list[int], www: list[int]) -> str:
    """The URL fixes, given where "http"/"ftp" (when the text has a "/") and
    "www." begin in it, in any case: without one of them none applies."""
    fixed = text
    if schemes:
        pieces: list[str] = []
        pos = 0
        for m in _matches_at(_URL_SCHEME_RE, text, _SCHEMES, schemes):
            if m.group(0) != (scheme := _scheme(m)):
                pieces += (text[pos : m.start()], scheme)
                pos = m.end()
        if pieces:
            fixed = "".join(pieces) + text[pos:]
    if any(text[p + 4 : p + 5] == " " for p in www):  # a "www. "
        fixed = _WWW_RE.sub("www.", fixed)
    if fixed is text:  # (nearly always) the places found above still hold
        if (schemes and "://" in text) or any(text.startswith("www.", p) for p in www):
            return _repair_urls(text, sorted(schemes + www))
        return text
    if "://" in fixed or "www." in fixed:
        fixed = _repair_urls(fixed)
    return fixed


def _repair(text: str) -> tuple[str, list[int] | None]:
    """The repaired text, and where "http"/"ftp" begin in it when that is known."""
    lower = _lower(text)
    # Every URL fix needs a "/" (of "://") or a "www." in any case; a "/" is
    # found many times faster, and most abstracts have none.
    schemes = _starts(lower, _SCHEMES) if "/" in text else []
    www = _starts(lower, ("www.",))
    fixed = _repair_url_text(text, schemes, www) if schemes or www else text
    unchanged = fixed is text
    if _dot_space_damage(fixed):
        fixed = _ABBREV_RE.sub(r"\1.\2.", fixed)
        fixed = _DECIMAL_RE.sub(_decimal, fixed)
    if _DOT_BLANK_PUNCT_RE.search(fixed) and (" ," in fixed or " ;" in fixed or " :" in fixed):
        fixed = _ABBREV_COMMA_RE.sub(r"\1\2", fixed)
    return fixed, schemes if unchanged and fixed == text else None


# Signs that a page's text went through PDF extraction, which puts a blank
# after every full stop and colon: a broken URL scheme or host, "e. g." /
# "i. e.", a blank between a stop and a comma, "3. 2%". Correct prose has none
# of them, so a page without any is left as it is ("M. A. Smith" is a name,
# "in 2023. 5 models" two sentences). "5. 18" alone proves nothing.
# Each pattern starts with a literal, which the engine finds at C speed: one
# pattern made of alternatives would be tried at every position of the page
# (a second on a 5,000-paper page). The signs that follow a stop and a blank
# share one pattern that starts with that literal ". " (what comes before the
# stop is checked behind it): each scan of a 5,000-paper page costs ~15 ms, so
# one scan is cheaper than seven even though ". " ends every sentence.
_DAMAGE_EVIDENCE = (
    re.compile(r"https?(?:\s+:|:\s+/|:/\s+/)"),
    re.compile(r"ftp(?:\s+:|:\s+/|:/\s+/)"),
    re.compile(
        r"\. (?:[,;]|(?<=[eE]\. )g\.|(?<=[iI]\. )e\.|(?<=\d\. )\d+ ?%"
        r"|(?<=github\. )[a-z]|(?<=www\. )[a-z])"
    ),
)


def shows_pdf_damage(text: str) -> bool:
    """Whether ``text`` (a page, or all its abstracts) carries PDF-extraction damage."""
    return any(pattern.search(text) for pattern in _DAMAGE_EVIDENCE)


# Lines joined for the search at a time: a whole page joined would be a second copy
# of it (twice its size when one character is beyond Latin-1), made at the parse's
# peak of memory.
_DAMAGE_CHUNK = 2048
# Where a broken URL scheme may run on to the next line (its blanks may span lines;
# nothing else the patterns look for does): a slice of lines never ends after one.
_RUNS_ON = tuple(
    f"{scheme}{tail}" for scheme in ("http", "https", "ftp") for tail in ("", ":", ":/")
)


def lines_show_pdf_damage(lines: list[str]) -> bool:
    """``shows_pdf_damage("\n".join(lines))``, without joining them all at once."""
    start, n = 0, len(lines)
    while start < n:
        end = min(start + _DAMAGE_CHUNK, n)
        while end < n and (
            not lines[end - 1].strip() or lines[end - 1].rstrip().endswith(_RUNS_ON)
        ):
            end += 1
        if shows_pdf_damage("\n".join(lines[start:end])):
            return True
        start = end
    return False


def repair_abstract(text: str) -> str:
    """Undo the usual PDF-extraction damage without touching correct text.

    Each fix only runs when its tell-tale text is there: abstracts are long
    and pages can hold thousands of them.
    """
    return _repair(text)[0]


def repaired_with_links(text: str, repair: bool = True) -> tuple[str, list[str]]:
    """``repair_abstract(text)`` and the ``extract_links`` of it, sharing their searches.

    ``repair=False``: the text as it is (its page shows no damage), and its links.
    """
    if not repair:
        return text, extract_links(text)
    fixed, schemes = _repair(text)
    if schemes is None:
        return fixed, extract_links(fixed)
    return fixed, _links(_matches_at(_URL_RE, fixed, _SCHEMES, schemes))


def extract_links(text: str) -> list[str]:
    """URLs in order of appearance, without sentence punctuation, each once."""
    if "://" not in text:  # in every URL the pattern finds
        return []
    return _links(_matches_at(_URL_RE, text, _SCHEMES))


def _links(matches: Iterator[re.Match[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for match in matches:
        url = match.group(0)
        while url and url[-1] in _URL_TRAILING:
            # keep a closing bracket that belongs to the URL, e.g. wiki/Foo_(bar)
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        if len(url) > len("https://x"):
            seen.setdefault(url, None)
    return list(seen)


# A sentence ends in a stop, maybe followed by closing brackets or quotes.
# A bracket alone is no end: "…Linear Units (ELUs)" is how titles end.
_SENTENCE_END_RE = re.compile(r"[.!?\u2026][)\]}\"'\u201d\u2019$]*$")


# An abstract may end in its keyword list, which has no full stop:
# "... on three benchmarks. Keywords: pruning, sparsity, edge devices".
_KEYWORDS_END_RE = re.compile(
    r"(?:^|[.!?]\s|\n)\s*(?:key ?words?|index terms)\s*[:\u2014\u2013-]\s*"
    r"[^\s.!?:][^.!?:\n]*[^\s,;:.!?-]$",
    re.IGNORECASE,
)


def looks_complete(text: str) -> bool:
    """Whether a paragraph ends like finished prose (used to spot cut-off pages).

    A keyword list at the end counts as finished: it never ends in a stop.
    """
    text = text.rstrip()
    if not text:
        return False
    return bool(
        _SENTENCE_END_RE.search(text)
        or _URL_RE.fullmatch(text.split()[-1])
        or ("ey" in text and _KEYWORDS_END_RE.search(text[-600:]))
    )
