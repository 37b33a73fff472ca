"""Author clusters: names grouped case-insensitively, DBLP numbers marking distinct people."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from parsers.names import name_key

from .records import LibraryPaper

_DBLP_RE = re.compile(r"^(?P<name>.+?) (?P<num>\d{4})$")


def split_dblp(name: str) -> tuple[str, str | None]:
    """``Sheng Li 0019`` -> (``Sheng Li``, ``0019``)."""
    m = _DBLP_RE.match(name.strip())
    if m:
        return m["name"], m["num"]
    return name.strip(), None


def display_name(name: str) -> str:
    """What people see and what BibTeX gets: the name without its DBLP number."""
    return split_dblp(name)[0]


@dataclass(slots=True)
class AuthorCluster:
    key: str  # case-folded name without DBLP number
    name: str  # the most common spelling
    paper_ids: list[str] = field(default_factory=list)
    # DBLP number ("" for none given) -> how many papers list that person
    persons: Counter[str] = field(default_factory=Counter)
    coauthors: Counter[str] = field(default_factory=Counter)  # cluster key -> papers together
    years: Counter[int] = field(default_factory=Counter)
    is_subject: bool = False
    spellings: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return len(self.paper_ids)

    def to_dict(self, names: dict[str, str] | None = None) -> dict:
        names = names or {}
        return {
            "name": self.name,
            "key": self.key,
            "papers": self.count,
            "persons": {k or "-": v for k, v in sorted(self.persons.items())},
            "is_subject": self.is_subject,
            "years": {str(y): n for y, n in sorted(self.years.items())},
            "coauthors": [
                {"name": names.get(k, k), "papers": n} for k, n in self.coauthors.most_common()
            ],
        }


def build_clusters(
    papers: Iterable[LibraryPaper], subjects: Iterable[str] = ()
) -> dict[str, AuthorCluster]:
    clusters: dict[str, AuthorCluster] = {}
    for paper in papers:
        keys = []
        for author in paper.authors:
            base, num = split_dblp(author)
            key = name_key(base)
            if not key:
                continue
            cluster = clusters.get(key)
            if cluster is None:
                cluster = clusters[key] = AuthorCluster(key=key, name=base)
            if key in keys:
                continue  # same name twice on one paper
            keys.append(key)
            cluster.paper_ids.append(paper.id)
            cluster.persons[num or ""] += 1
            cluster.spellings[base] += 1
            if paper.year:
                cluster.years[paper.year] += 1
        for key in keys:
            for other in keys:
                if other != key:
                    clusters[key].coauthors[other] += 1
    for cluster in clusters.values():
        cluster.name = cluster.spellings.most_common(1)[0][0]
    for subject in subjects:
        if (c := clusters.get(name_key(subject))) is not None:
            c.is_subject = True
    return clusters


def ranked(clusters: dict[str, AuthorCluster]) -> list[AuthorCluster]:
    """Page subjects first, then by paper count, then by name."""
    return sorted(
        clusters.values(), key=lambda c: (not c.is_subject, -c.count, c.name.casefold())
    )
