"""Judge the feed parser on real titles and author lists (issue 15).

The corpus in ``tests/corpora/feed/`` (built by ``scripts/feed_corpus.py``) is
rendered into feed pages exactly as the site prints them, each page is parsed
with ``parsers.parse_text``, and every expected paper is classified:

* ``exact``   -- title, shown authors and the et-al flag all right;
* ``flagged`` -- wrong, but the parser set ``split_uncertain``;
* ``wrong``   -- silently wrong (sub-kind: see ``wrong_kind``);
* ``lost``    -- no parsed paper for it (skipped with a warning, or dropped);
* ``merged``  -- its title or abstract ended up inside another parsed paper.

Papers are matched by their abstract (unique on a page), then by title, so a
lost paper does not shift the rest. Run ``python -m tests.feed_eval --help``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "corpora" / "feed"
GROUPS = ("hard", "arxiv", "neurips")
# Held out (scripts/feed_fresh.py): judged only when asked (--group fresh), never in
# the default report nor the CI sample.
HELD_OUT = ("fresh",)
CLASSES = ("exact", "flagged", "wrong", "lost", "merged")
SAVED = dt.date(2026, 1, 15)  # the day every rendered page was "saved"
SEED = 15
# Affiliation slugs as the feed prints them (lower case, hyphenated).
AFFILS = (
    "harvard", "meta-ai", "google", "nvidia", "stanford", "microsoft", "uw", "berkeley",
    "baidu", "mit", "cmu", "tsinghua", "oxford", "eth-zurich", "deepmind", "alibaba",
)  # fmt: skip
FALLBACK_CATS = ("LG", "CV", "CL", "AI", "RO", "AR", "SP", "IV", "QUANT-PH", "ET", "NE", "IR")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

Record = dict[str, Any]


def load_corpus(folder: Path = CORPUS, groups: tuple[str, ...] = GROUPS) -> dict[str, list[Record]]:
    out = {}
    for group in groups:
        with gzip.open(folder / f"{group}.jsonl.gz", "rt", encoding="utf-8") as fh:
            out[group] = [json.loads(line) for line in fh]
    return out


# ---------------------------------------------------------------- rendering


@dataclass
class Expected:
    rec: Record
    title: str
    shown: list[str]
    et_al: bool
    abstract: str
    line: str
    group: str

    @property
    def key(self) -> str:
        return norm(self.abstract)[:48]


@dataclass
class Page:
    group: str
    index: int
    with_meta: bool
    records: list[Record]


def shown_authors(authors: list[str]) -> tuple[list[str], bool]:
    """The feed shows the first three names, then `` et al.`` when there are more."""
    return authors[:3], len(authors) > 3


def title_line(title: str, shown: list[str], et_al: bool, affils: list[str]) -> str:
    line = title + ", ".join(shown) + (" et al." if et_al else "")
    return line + (" \u00b7 " + ", ".join(affils) if affils else "")


def meta_line(rec: Record, rng: random.Random) -> str:
    score = f"{rng.uniform(0.1, 99.9):.1f}" if rng.random() < 0.8 else ""
    cat = rec.get("category")
    cat = (cat.split(".")[-1] if "." in cat else cat).upper() if cat else rng.choice(FALLBACK_CATS)
    year, month, day = (int(x) for x in rec["date"].split("-"))
    return f"{score}{cat}{MONTHS[month - 1]} {day}, {year}"


def render_page(page: Page, pool: list[str], seed: int = SEED) -> tuple[str, list[Expected]]:
    """One feed page: [metadata line], title glued to authors, one abstract line."""
    rng = random.Random(f"{seed}/{page.group}/{page.index}")
    lines: list[str] = []
    expected: list[Expected] = []
    used: set[str] = set()
    borrow = rng.randrange(len(pool))
    for rec in page.records:
        abstract = rec.get("abstract")
        while not abstract or norm(abstract)[:48] in used:
            # No abstract in the source: a real one from another paper, unique on the page.
            abstract, borrow = pool[borrow % len(pool)], borrow + 1
        used.add(norm(abstract)[:48])
        shown, et_al = shown_authors(rec["authors"])
        affils = rng.sample(AFFILS, rng.randint(1, 2)) if rng.random() < 0.25 else []
        line = title_line(rec["title"], shown, et_al, affils)
        if page.with_meta and rng.random() < 0.75:
            lines.append(meta_line(rec, rng))
        lines += [line, abstract]
        expected.append(Expected(rec, rec["title"], shown, et_al, abstract, line, page.group))
    return "\n".join(lines) + "\n", expected


def build_pages(corpus: dict[str, list[Record]], seed: int = SEED) -> list[Page]:
    """Every record on exactly one page; page sizes 50..500 (hard pages 50..150)."""
    pages: list[Page] = []
    for group, group_recs in corpus.items():
        recs = list(group_recs)
        rng = random.Random(f"{seed}/{group}")
        rng.shuffle(recs)
        hi = 150 if group == "hard" else 500
        k = 0
        while recs:
            n = rng.randint(50, hi)
            pages.append(Page(group, k, k % 2 == 0, recs[:n]))
            recs, k = recs[n:], k + 1
    return pages


def abstract_pool(corpus: dict[str, list[Record]]) -> list[str]:
    return [r["abstract"] for recs in corpus.values() for r in recs if r.get("abstract")]


def sample_pages(pages: list[Page], n_papers: int, with_hard: bool = True) -> list[Page]:
    """All hard pages (if asked), then other groups' pages in turn until n_papers."""
    chosen = [p for p in pages if p.group == "hard"] if with_hard else []
    total = sum(len(p.records) for p in chosen)
    queues = {g: [p for p in pages if p.group == g] for g in GROUPS if g != "hard"}
    while total < n_papers and any(queues.values()):
        for q in queues.values():
            if q and total < n_papers:
                page = q.pop(0)
                page = Page(page.group, page.index, page.with_meta, page.records)
                page.records = page.records[: max(50, n_papers - total)]
                chosen.append(page)
                total += len(page.records)
    return chosen


# ---------------------------------------------------------------- judging

_NON_ALNUM = re.compile(r"[\W_]+")


def norm(text: str) -> str:
    return _NON_ALNUM.sub("", text.casefold())


@dataclass
class Verdict:
    exp: Expected
    cls: str
    kind: str | None = None
    parsed: dict[str, Any] | None = None
    doubted: bool = False  # right, but flagged split_uncertain (a needless check)


@dataclass
class PageResult:
    verdicts: list[Verdict] = field(default_factory=list)
    extra: int = 0
    fmt: str | None = None
    error: str | None = None


def visible(text: str) -> str:
    """Text as a reader sees it: NFC, without control and format characters (bidi marks)."""
    if text.isascii() and text.isprintable():
        return text
    kept = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf"))
    return unicodedata.normalize("NFC", kept)


def same(exp: Expected, title: str, authors: list[str], et_al: bool) -> bool:
    return (
        visible(title) == visible(exp.title)
        and [visible(a) for a in authors] == [visible(a) for a in exp.shown]
        and et_al == exp.et_al
    )


def wrong_kind(exp: Expected, title: str, authors: list[str], et_al: bool) -> str:
    """How a silently wrong split is wrong."""
    et = exp.title
    if title == et:
        return "authors_or_et_al_wrong"
    if title.startswith(et):
        extra = title[len(et) :]
        if not authors:
            return "whole_line_as_title"
        first = exp.shown[0]
        if first.startswith(extra) and extra != first:
            return "first_name_cut"
        if extra.startswith(first):
            return "author_pushed_into_title"
        return "other"
    if et.startswith(title):
        return "title_end_read_as_name"
    return "other"


def judge_page(text: str, expected: list[Expected]) -> PageResult:
    import parsers

    result = parsers.parse_text(text, saved=SAVED)
    out = PageResult(fmt=result.format, error=result.error)
    papers = result.papers
    texts = [norm(p.abstract or "") for p in papers]
    by_key = {e.key: i for i, e in enumerate(expected)}
    owner: dict[int, int] = {}  # expected index -> parsed index
    unmatched: list[int] = []
    for j, t in enumerate(texts):
        i = by_key.get(t[:48])
        if i is not None and i not in owner:
            owner[i] = j
        else:
            unmatched.append(j)
    taken = set(owner.values())
    for j in unmatched:  # no abstract of its own: match by title
        pt = norm(papers[j].title)
        for i, e in enumerate(expected):
            et = norm(e.title)
            if i not in owner and pt and (pt.startswith(et[:40]) or et.startswith(pt)):
                owner[i] = j
                taken.add(j)
                break
    out.extra = len(papers) - len(taken)
    for i, e in enumerate(expected):
        jj = owner.get(i)
        if jj is None:
            t_key = norm(e.title)[:40]
            inside = any(e.key in t or t_key in t for t in texts)
            out.verdicts.append(Verdict(e, "merged" if inside else "lost"))
            continue
        p = papers[jj]
        got = {"title": p.title, "authors": p.authors, "et_al": p.authors_truncated}
        if same(e, p.title, p.authors, p.authors_truncated):
            doubted = bool(getattr(p, "split_uncertain", False))
            out.verdicts.append(Verdict(e, "exact", parsed=got, doubted=doubted))
        elif getattr(p, "split_uncertain", False):
            out.verdicts.append(Verdict(e, "flagged", parsed=got))
        else:
            kind = wrong_kind(e, p.title, p.authors, p.authors_truncated)
            out.verdicts.append(Verdict(e, "wrong", kind, got))
    return out


def evaluate(pages: Iterable[Page], pool: list[str]) -> list[PageResult]:
    return [judge_page(*render_page(page, pool)) for page in pages]


def papers(tally: Counter[str]) -> int:
    return sum(tally[k] for k in CLASSES)


def summarize(results: list[PageResult], n_examples: int = 5) -> dict[str, Any]:
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for res in results:
        for v in res.verdicts:
            hard = bool(v.exp.rec.get("hard"))
            scopes = ["all", v.exp.rec["source"], "hard" if hard else "plain"]
            for scope in scopes:
                tally[scope][v.cls] += 1
                tally[scope]["doubted"] += v.doubted
                if v.kind:
                    kinds[scope][v.kind] += 1
            label = f"{v.cls}:{v.kind}" if v.kind else v.cls
            if v.cls != "exact" and len(examples.get(label, ())) < n_examples:
                examples[label].append(
                    {
                        "line": v.exp.line,
                        "expected": {"title": v.exp.title, "authors": v.exp.shown},
                        "parsed": v.parsed,
                        "hard": v.exp.rec.get("hard", []),
                    }
                )
    rates = {
        scope: {
            "papers": papers(c),
            **{k: c[k] for k in CLASSES},
            **{f"{k}_pct": round(100 * c[k] / max(1, papers(c)), 2) for k in CLASSES},
            "doubted": c["doubted"],  # of the exact ones
            "doubted_pct": round(100 * c["doubted"] / max(1, c["exact"]), 2),
            "wrong_kinds": dict(kinds[scope].most_common()),
        }
        for scope, c in sorted(tally.items())
    }
    return {
        "pages": len(results),
        "extra_parsed_papers": sum(r.extra for r in results),
        "pages_not_read_as_feed": sum(r.fmt != "feed" for r in results),
        "rates": rates,
        "examples": dict(examples),
    }


def print_report(summary: dict[str, Any]) -> None:
    print(
        f"pages: {summary['pages']}  extra parsed papers: {summary['extra_parsed_papers']}  "
        f"pages not read as feed: {summary['pages_not_read_as_feed']}"
    )
    head = f"{'scope':<8}{'papers':>8}" + "".join(f"{c:>16}" for c in CLASSES)
    print(head + f"{'exact, flagged':>18}")
    for scope, r in summary["rates"].items():
        cells = "".join(f"{r[c]:>7} ({r[c + '_pct']:>5.2f}%)" for c in CLASSES)
        print(f"{scope:<8}{r['papers']:>8}{cells}{r['doubted']:>9} ({r['doubted_pct']:>5.2f}%)")
        if r["wrong_kinds"]:
            print(f"{'':<8}wrong kinds: {r['wrong_kinds']}")
    for label, items in summary["examples"].items():
        print(f"\n== {label}")
        for ex in items:
            print(f"  line:     {ex['line']}")
            print(f"  expected: {ex['expected']['title']!r} | {ex['expected']['authors']}")
            if ex["parsed"]:
                print(f"  parsed:   {ex['parsed']['title']!r} | {ex['parsed']['authors']}")
            if ex["hard"]:
                print(f"  hard:     {', '.join(ex['hard'])}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Feed-parser accuracy on the real-data corpus.")
    ap.add_argument("--sample", type=int, help="only about N papers (hard pages first)")
    ap.add_argument("--group", choices=GROUPS + HELD_OUT, help="only pages of this group")
    ap.add_argument("--examples", type=int, default=5, help="examples per class (default 5)")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    args = ap.parse_args(argv)
    corpus = load_corpus(groups=GROUPS + HELD_OUT if args.group in HELD_OUT else GROUPS)
    pages = build_pages(corpus)
    if args.group:
        pages = [p for p in pages if p.group == args.group]
    if args.sample:
        pages = sample_pages(pages, args.sample)
    summary = summarize(evaluate(pages, abstract_pool(corpus)), args.examples)
    if args.json:
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_report(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
