"""Build the real-data feed corpus in ``tests/corpora/feed/`` (issue 15).

Two independent public sources, read from local mirrors of their git repositories
(the search tool's ``fetch`` puts them under ``/work/.mirror``):

* ``arxiv``: daily arXiv listing crawls, ``dw-dengwei/daily-arXiv-ai-enhanced``,
  branch ``data``, ``data/YYYY-MM-DD.jsonl`` (title, full author list, abstract,
  categories);
* ``neurips``: NeurIPS accepted-paper lists, ``jacobmarks/awesome-neurips-2023``,
  ``data/neurips{2014..2022}data.json`` (title -> full author list) and
  ``schedule/*.md`` (2023: title, authors, abstract).

Titles and names are kept exactly as the sources print them (only runs of
white space inside a title are folded to one space, as a listing page shows
them). Records are deduplicated by normalised title across both sources. The
hard-names subset is chosen by the rules in ``hard_reasons`` from the whole pools.

Run: ``python scripts/feed_corpus.py`` (``--help`` for the mirror paths).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "corpora" / "feed"
ARXIV_GIT = "/work/.mirror/dw-dengwei+daily-arXiv-ai-enhanced/repo"
NEURIPS_GIT = "/work/.mirror/jacobmarks+awesome-neurips-2023/repo"
SEED = 15
ARXIV_SAMPLE = 9000  # plain (not hard) arXiv records kept; the pool is ~200k
HARD_PER_RULE = 45  # hard records kept per rule (a record may match several)
ABSTRACT_MIN, ABSTRACT_MAX = 300, 700  # whole sentences kept from each abstract

Record = dict[str, Any]


def record(
    rid: str,
    title: str,
    authors: list[str],
    date: str,
    source: str,
    abstract: str | None = None,
    category: str | None = None,
) -> Record:
    """One paper of a corpus file (every builder writes the same fields)."""
    return {
        "id": rid,
        "title": title,
        "authors": authors,
        "abstract": abstract,
        "category": category,
        "date": date,
        "source": source,
    }


def git_show(repo: str, rev_path: str) -> str:
    return subprocess.run(
        ["git", "-C", repo, "show", rev_path], check=True, capture_output=True
    ).stdout.decode("utf-8")


def git_ls(repo: str, rev: str, folder: str) -> list[str]:
    out = subprocess.run(
        ["git", "-C", repo, "ls-tree", "--name-only", rev, folder + "/"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.split()


def fold(text: str) -> str:
    return " ".join(text.split())


def short_abstract(text: str | None) -> str | None:
    """Whole leading sentences of a real abstract, ABSTRACT_MIN..ABSTRACT_MAX chars."""
    if not text:
        return None
    text = fold(text)
    if len(text) <= ABSTRACT_MAX:
        return text
    out = ""
    for m in re.finditer(r"[.!?](?=\s+[A-Z])", text):
        end = m.end()
        if end > ABSTRACT_MAX:
            break
        out = text[:end]
        if end >= ABSTRACT_MIN:
            break
    return out or None


def title_key(title: str) -> str:
    """Letters and digits only (as ``tests.feed_eval.norm``): "Multi Task" == "MultiTask"."""
    return re.sub(r"[\W_]+", "", title.casefold())


def usable(title: str, authors: list[str]) -> bool:
    if not title or not authors or len(title) > 330:
        return False
    # A name has a letter ("NVIDIA: A. B" split by a crawler leaves ":" as an author).
    return all(
        a == a.strip() and "\n" not in a and ", " not in a and any(c.isalpha() for c in a)
        for a in authors
    )


# ---------------------------------------------------------------- sources


def read_arxiv(repo: str) -> list[Record]:
    out: list[Record] = []
    for path in sorted(git_ls(repo, "data", "data")):
        if not re.fullmatch(r"data/\d{4}-\d\d-\d\d\.jsonl", path):
            continue
        day = path[5:15]
        for line in git_show(repo, f"data:{path}").splitlines():
            try:
                item = json.loads(line)
            except ValueError:
                continue
            title = fold(item.get("title") or "")
            authors = [fold(a) for a in item.get("authors") or []]
            if not usable(title, authors):
                continue
            cats = item.get("categories") or []
            out.append(
                record(
                    f"arXiv:{item.get('id')}",
                    title,
                    authors,
                    day,
                    "arxiv",
                    abstract=short_abstract(item.get("summary")),
                    category=cats[0] if cats else None,
                )
            )
    return out


_MD_PAPER = re.compile(
    r"^### (?P<title>.+?)\n\n\*\*Authors:\*\* (?P<authors>.+?)\n"
    r"(?:.*?<summary>Abstract\*\*</summary>\n\n(?P<abstract>.+?)</details>)?",
    re.M | re.S,
)


def read_neurips(repo: str) -> list[Record]:
    out: list[Record] = []
    for year in range(2014, 2023):
        data = json.loads(git_show(repo, f"HEAD:data/neurips{year}data.json"))
        for k, (title, names) in enumerate(data.items()):
            title, authors = fold(title), [fold(a) for a in names]
            if usable(title, authors):
                out.append(
                    record(
                        f"neurips{year}:{k}",
                        title,
                        authors,
                        f"{year}-12-{1 + k % 28:02d}",
                        "neurips",
                    )
                )
    for path in sorted(git_ls(repo, "HEAD", "schedule")):
        text = git_show(repo, f"HEAD:{path}")
        # Each paper block ends where the next "### " starts.
        for k, block in enumerate(text.split("\n### ")[1:]):
            m = _MD_PAPER.match("### " + block)
            if m is None:
                continue
            title = fold(m["title"])
            authors = [fold(a) for a in m["authors"].split(", ")]
            if usable(title, authors):
                out.append(
                    record(
                        f"neurips2023:{Path(path).stem}:{k}",
                        title,
                        authors,
                        f"2023-12-{10 + k % 6:02d}",
                        "neurips",
                        abstract=short_abstract(m["abstract"]),
                    )
                )
    return out


# ---------------------------------------------------------------- hard names

_TEAM = re.compile(
    r"\b(?:Team|Consortium|Collaboration|Group|Lab|Labs|Project|Initiative|Committee|"
    r"Network|Association|Society|Council|Foundation|Inc|Ltd|GPT|ChatGPT|Claude|Gemini)\b",
    re.I,
)
_PARTICLES = {
    "van", "von", "der", "den", "de", "la", "le", "del", "della", "di", "da", "dos", "das",
    "du", "des", "ten", "ter", "bin", "binti", "al", "el", "ibn", "zu", "do", "y",
}  # fmt: skip
_SUFFIX = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"}


def name_reasons(name: str, first: bool) -> set[str]:
    """Why a displayed author name is hard for a title/first-author split."""
    r: set[str] = set()
    toks = name.split()
    if not toks:
        return r
    if first and toks[0][:1].islower():
        r.add("first_lowercase")
    if len(toks) == 1:
        r.add("one_word_first" if first else "one_word")
    if not first and any(t[:1].islower() and t not in _PARTICLES for t in toks):
        r.add("lowercase_name")
    if len(toks) > 1 and re.fullmatch(r"[A-Z]\.?", toks[-1]):
        r.add("initial_as_surname")
    if re.search(r"[a-z]['.`][a-z]", name):
        r.add("apostrophe_or_dot_inside")
    if _TEAM.search(name):
        r.add("team_or_model")
    if any(t in _PARTICLES for t in toks[:-1]):
        r.add("particle")
    if re.search(r"\b(?:Mc|Mac|De|Di|Le|La|Van|O')[A-Z]", name):
        r.add("mc_mac_de_prefix")
    if re.fullmatch(r"[A-Z][a-z]+[A-Z][a-z]+", toks[0]) and len(toks) > 1:
        r.add("inner_capital_given")
    if len(toks) > 1 and re.fullmatch(r"[A-Z]{2,4}", toks[0]):
        r.add("run_together_initials")
    if len(toks) > 1 and any(re.fullmatch(r"[A-Z]", t) for t in toks[:-1]):
        r.add("initials_without_dots")
    if any(re.fullmatch(r"[A-Z][a-z]{1,3}\.", t) for t in toks[:-1]):
        r.add("abbreviated_given")
    if re.search(r"[\"“”‘’(]|(?:^|\s)'", name):
        r.add("quoted_nickname")
    if re.search(r"\d", name):
        r.add("digits")
    if toks[-1] in _SUFFIX or toks[-1].rstrip(",") in _SUFFIX:
        r.add("jr_iii_suffix")
    if len(toks) > 1 and all(t.isupper() and len(t) > 2 for t in toks):
        r.add("all_caps_name")
    if any(unicodedata.category(c) == "Lo" for c in name):
        r.add("non_latin_script")
    return r


def title_reasons(title: str) -> set[str]:
    last = title.split()[-1] if title.split() else ""
    r: set[str] = set()
    if re.search(r"[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]", last):
        r.add("title_ends_camel_or_mixed")
    elif re.fullmatch(r"[A-Z]{2,}s?", last):
        r.add("title_ends_acronym")
    if title[-1:].isdigit():
        r.add("title_ends_digit")
    if title[-1:] in "?!)]\"'":
        r.add("title_ends_punct")
    return r


def hard_reasons(rec: Record) -> list[str]:
    shown = rec["authors"][:3]
    reasons = title_reasons(rec["title"])
    for i, name in enumerate(shown):
        reasons |= name_reasons(name, first=i == 0)
    return sorted(reasons)


# ---------------------------------------------------------------- build


def dedupe(records: list[Record], seen: set[str]) -> list[Record]:
    out = []
    for rec in records:
        key = title_key(rec["title"])
        if key and key not in seen:
            seen.add(key)
            out.append(rec)
    return out


def pick_hard(pool: list[Record], rng: random.Random) -> list[Record]:
    """Up to HARD_PER_RULE records per rule; title-only rules count only when names are plain."""
    by_rule: dict[str, list[Record]] = {}
    for rec in pool:
        for rule in rec["hard"]:
            by_rule.setdefault(rule, []).append(rec)
    chosen: dict[str, Record] = {}
    for rule in sorted(by_rule):
        group = by_rule[rule]
        rng.shuffle(group)
        for rec in group[:HARD_PER_RULE]:
            chosen[rec["id"]] = rec
    return sorted(chosen.values(), key=lambda r: r["id"])


def write_jsonl_gz(path: Path, records: list[Record]) -> None:
    with gzip.GzipFile(path, "wb", mtime=0) as fh:
        for rec in records:
            fh.write((json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n").encode())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--arxiv-git", default=ARXIV_GIT)
    ap.add_argument("--neurips-git", default=NEURIPS_GIT)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rng = random.Random(SEED)

    seen: set[str] = set()
    neurips = dedupe(read_neurips(args.neurips_git), seen)
    arxiv = dedupe(read_arxiv(args.arxiv_git), seen)
    for rec in neurips + arxiv:
        rec["hard"] = hard_reasons(rec)
    hard = pick_hard(neurips + arxiv, rng)
    hard_ids = {r["id"] for r in hard}
    plain_arxiv = [r for r in arxiv if r["id"] not in hard_ids and r["abstract"]]
    rng.shuffle(plain_arxiv)
    kept_arxiv = sorted(plain_arxiv[:ARXIV_SAMPLE], key=lambda r: r["id"])
    kept_neurips = [r for r in neurips if r["id"] not in hard_ids]
    for rec in kept_arxiv + kept_neurips:
        rec["hard"] = []  # "hard" marks the hard subset only

    args.out.mkdir(parents=True, exist_ok=True)
    write_jsonl_gz(args.out / "arxiv.jsonl.gz", kept_arxiv)
    write_jsonl_gz(args.out / "neurips.jsonl.gz", kept_neurips)
    write_jsonl_gz(args.out / "hard.jsonl.gz", hard)
    rules = Counter(rule for rec in hard for rule in rec["hard"])
    stats = {
        "arxiv_pool": len(arxiv),
        "neurips_pool": len(neurips),
        "arxiv": len(kept_arxiv),
        "neurips": len(kept_neurips),
        "hard": len(hard),
        "hard_by_source": dict(Counter(r["source"] for r in hard)),
        "hard_rules": dict(sorted(rules.items())),
    }
    (args.out / "stats.json").write_text(json.dumps(stats, indent=1) + "\n")
    print(json.dumps(stats, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
