"""Author clusters: names grouped case-insensitively, DBLP numbers marking distinct people."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain

# The DBLP-number rule lives in the parsers layer; these names stay importable
# from here, where the front ends and the export have always found them.
from parsers.dblp import display_name as display_name
from parsers.dblp import split_dblp as split_dblp
from parsers.names import name_key

from .records import LibraryPaper


@dataclass(slots=True)
class AuthorCluster:
    key: str  # case-folded name without DBLP number
    name: str  # the most common spelling
    paper_ids: list[str] = field(default_factory=list)
    # DBLP number ("" for none given) -> how many papers list that person
    persons: Counter[str] = field(default_factory=Counter)
    is_subject: bool = False
    spellings: Counter[str] = field(default_factory=Counter)
    # Shared by every cluster of one build: paper id -> cluster keys / year. Co-authors
    # and years are counted from them when first asked for, so building clusters for
    # 100,000 papers does not pay for the co-author pairs of authors nobody looks at.
    paper_keys: dict[str, list[str]] = field(default_factory=dict, repr=False)
    paper_years: dict[str, int | None] = field(default_factory=dict, repr=False)
    _coauthors: Counter[str] | None = field(default=None, repr=False)
    _years: Counter[int] | None = field(default=None, repr=False)

    @property
    def count(self) -> int:
        return len(self.paper_ids)

    @property
    def people(self) -> list[tuple[str, int]]:
        """The people this name stands for, as (DBLP number, papers), most papers first:
        each number is one person; "" is the name listed without one (a page that
        gives no numbers, or DBLP's entry for the bare name)."""
        return sorted(self.persons.items(), key=lambda kv: (-kv[1], kv[0]))

    @property
    def coauthors(self) -> Counter[str]:
        """Cluster key -> papers written together."""
        if self._coauthors is None:
            keys = self.paper_keys
            together = Counter(chain.from_iterable(keys.get(pid, ()) for pid in self.paper_ids))
            together.pop(self.key, None)
            self._coauthors = together
        return self._coauthors

    @property
    def years(self) -> Counter[int]:
        if self._years is None:
            years = self.paper_years
            self._years = Counter(y for pid in self.paper_ids if (y := years.get(pid)))
        return self._years

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
    paper_keys: dict[str, list[str]] = {}
    paper_years: dict[str, int | None] = {}
    parsed: dict[str, tuple[str, str, str]] = {}  # author as listed -> (key, name, number)
    for paper in papers:
        keys: list[str] = []
        for author in paper.authors:
            info = parsed.get(author)
            if info is None:
                base, num = split_dblp(author)
                info = parsed[author] = (name_key(base), base, num or "")
            key, base, num = info
            if not key or key in keys:
                continue  # same name twice on one paper
            keys.append(key)
            cluster = clusters.get(key)
            if cluster is None:
                cluster = clusters[key] = AuthorCluster(
                    key=key, name=base, paper_keys=paper_keys, paper_years=paper_years
                )
            cluster.paper_ids.append(paper.id)
            cluster.persons[num] += 1
            cluster.spellings[base] += 1
        paper_keys[paper.id] = keys
        paper_years[paper.id] = paper.year
    for cluster in clusters.values():
        if len(cluster.spellings) > 1:
            cluster.name = cluster.spellings.most_common(1)[0][0]
    for subject in subjects:
        if (c := clusters.get(name_key(subject))) is not None:
            c.is_subject = True
    return clusters


def ranked(clusters: dict[str, AuthorCluster]) -> list[AuthorCluster]:
    """Page subjects first, then by paper count, then by name."""
    return sorted(clusters.values(), key=lambda c: (not c.is_subject, -c.count, c.name.casefold()))
