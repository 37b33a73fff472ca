"""Build ``parsers/data/given_names.txt.gz``, the feed split's given-name lexicon,
and ``parsers/data/title_words.txt.gz``, the words titles are made of.

Source: arXiv listing metadata (author lists), which arXiv releases under CC0 1.0,
as crawled daily by GitHub ``dw-dengwei/daily-arXiv-ai-enhanced`` (branch
``data``, ``data/YYYY-MM-DD.jsonl``), read from a local git mirror.

Given names are the first words of author names of two or more words, as printed
(``KyungHyun``, ``Jean-Pierre``, ``zhipeng``), counted per distinct author name
so a prolific author does not weigh more than a rare one. Left out: initials
(``J.``, ``J.R.``, one letter), run-together capitals of two letters (``JH``),
words with digits or other marks, English function words (crawl artefacts such
as ``and John Smith``), and words seen fewer than ``--min-count`` times.

Title words: every word of the same papers' titles, case-folded, and every
capitalised hump of a camel-case word (``LitChat`` gives ``litchat``, ``lit`` and
``chat``), counted per paper; kept when seen in ``--title-min-count`` papers. They
tell a camel-case title word (``…WordNet``) from a run-together given name
(``…FrontierAbdel`` + ``Rahim``).

**Held out**: every paper of the feed test corpus (``tests/corpora/feed/*.jsonl.gz``)
-- by arXiv id and by title (letters and digits) -- so the lexicon never sees a
line the evaluator judges.

Output: one ``<name>\\t<count>`` line per given name (most common spelling,
count of distinct authors), most frequent first, gzip-compressed with a fixed
timestamp (byte-identical rebuilds).

Run: ``python scripts/build_name_lexicon.py`` (``--help`` for the options).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "parsers" / "data" / "given_names.txt.gz"
TITLE_OUT = ROOT / "parsers" / "data" / "title_words.txt.gz"
_TITLE_WORD_RE = re.compile(r"[^\W\d_]+")
_HUMP_RE = re.compile(r"[A-Z][a-z]+|[a-z]+")
TEST_CORPUS = ROOT / "tests" / "corpora" / "feed"
ARXIV_GIT = "/work/.mirror/dw-dengwei+daily-arXiv-ai-enhanced/repo"
# A given name: letters, with hyphens or apostrophes inside (Jean-Pierre, Shin'ya).
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
# Crawl artefacts ("and John Smith", "the ..."): English function words are never kept.
STOP = frozenset(
    "a an and are as at be by for from has have in into is it its of on or our that "
    "the their this to was we were which with without via using towards toward".split()
)


def title_key(title: str) -> str:
    """Letters and digits only (as ``tests.feed_eval.norm``)."""
    return re.sub(r"[\W_]+", "", title.casefold())


def arxiv_id(raw: str) -> str:
    return re.sub(r"v\d+$", "", raw.removeprefix("arXiv:"))


def held_out() -> tuple[set[str], set[str]]:
    """Ids and title keys of every paper in the feed test corpus."""
    ids: set[str] = set()
    titles: set[str] = set()
    for path in sorted(TEST_CORPUS.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if str(rec.get("id", "")).startswith("arXiv:"):
                    ids.add(arxiv_id(rec["id"]))
                titles.add(title_key(rec["title"]))
    return ids, titles


def git(repo: str, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", repo, *args], check=True, capture_output=True
    ).stdout.decode("utf-8")


def given_name(author: str) -> str | None:
    words = author.split()
    if len(words) < 2:
        return None
    first = words[0]
    if len(first) < 2 or not _WORD_RE.fullmatch(first):
        return None  # an initial, "J.R.", "3D", "(Charlie)"
    if len(first) == 2 and first.isupper():
        return None  # "JH Park": run-together initials, not a name
    if first.casefold() in STOP:
        return None
    return first


def title_words(title: str) -> set[str]:
    """The words of one title and the humps of its camel-case words, case-folded."""
    out: set[str] = set()
    for word in _TITLE_WORD_RE.findall(title):
        out.add(word.casefold())
        out.update(h.casefold() for h in _HUMP_RE.findall(word))
    return out


def collect(
    repo: str, ids: set[str], titles: set[str]
) -> tuple[Counter[str], Counter[str], dict[str, int]]:
    files = [
        p
        for p in git(repo, "ls-tree", "-r", "--name-only", "data").split()
        if re.fullmatch(r"data/\d{4}-\d\d-\d\d\.jsonl", p)
    ]
    seen_papers: set[str] = set()
    authors: set[str] = set()
    words = Counter[str]()
    stats = Counter[str]()
    for path in sorted(files):
        for line in git(repo, "show", f"data:{path}").splitlines():
            try:
                item = json.loads(line)
            except ValueError:
                continue
            pid = arxiv_id(str(item.get("id") or ""))
            key = title_key(" ".join((item.get("title") or "").split()))
            if not pid or pid in seen_papers:
                continue
            seen_papers.add(pid)
            if pid in ids or key in titles:
                stats["papers_held_out"] += 1
                continue
            stats["papers_used"] += 1
            words.update(title_words(" ".join((item.get("title") or "").split())))
            authors.update(" ".join(a.split()) for a in item.get("authors") or [] if a)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for author in sorted(authors):  # (a set: sorted, so equal counts break ties the same way)
        first = given_name(author)
        if first is not None:
            spellings[first.casefold()][first] += 1
    counts = Counter({k: sum(c.values()) for k, c in spellings.items()})
    names = Counter({spellings[k].most_common(1)[0][0]: n for k, n in counts.items()})
    stats["distinct_authors"] = len(authors)
    return names, words, dict(stats)


def write(names: Counter[str], min_count: int, out: Path) -> int:
    rows = sorted(((n, c) for n, c in names.items() if c >= min_count), key=lambda r: (-r[1], r[0]))
    text = "".join(f"{n}\t{c}\n" for n, c in rows).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(text)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buf.getvalue())
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--arxiv-git", default=ARXIV_GIT, help="bare git mirror of the crawl")
    ap.add_argument("--min-count", type=int, default=2, help="distinct authors per name")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--title-min-count", type=int, default=5, help="papers per title word")
    ap.add_argument("--title-out", type=Path, default=TITLE_OUT)
    args = ap.parse_args(argv)
    ids, titles = held_out()
    names, words, stats = collect(args.arxiv_git, ids, titles)
    kept = write(names, args.min_count, args.out)
    kept_words = write(words, args.title_min_count, args.title_out)
    print(json.dumps({**stats, "given_names_seen": len(names), "kept": kept}))
    print(json.dumps({"title_words_seen": len(words), "kept": kept_words}))
    for out in (args.out, args.title_out):
        print(f"{out}: {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
