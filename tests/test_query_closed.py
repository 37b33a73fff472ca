"""Search filters are a closed set: a misspelt or unknown filter is an error that
names the nearest known one, and such a query matches nothing — never everything
(issue 11, case 11). The CLI and export refuse it with one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from paperscope.search import SearchIndex, parse_query


@pytest.mark.parametrize(
    ("text", "named", "nearest"),
    [
        ("is:markd", "is:markd", "is:marked"),
        ("has:cdoe", "has:cdoe", "has:code"),
        ("auth:lin", "auth:", "au:"),
        ("yaer:2023", "yaer:", "year:"),
        ("diffusion veneu:neurips", "veneu:", "venue:"),
    ],
)
def test_a_misspelt_filter_is_an_error_naming_the_nearest(text, named, nearest):
    q = parse_query(text)
    assert len(q.errors) == 1
    assert named in q.errors[0] and nearest in q.errors[0]


@pytest.mark.parametrize("text", ["\U0001f600", "()", "--", "\u2013 \u2014"])
def test_a_query_with_nothing_to_search_for_is_an_error(text):
    assert parse_query(text).errors


@pytest.mark.parametrize(
    "text",
    ["is:marked", "has:code", "has:links", "au:lin", "year:2021-2023", "Mixtral: of experts", ""],
)
def test_good_queries_have_no_errors(text):
    assert parse_query(text).errors == []


def test_an_erroneous_query_matches_nothing(seed_library):
    index = SearchIndex(seed_library.papers())
    assert len(index.search("")) == len(seed_library)
    for text in ("is:markd", "has:cdoe", "\U0001f600", "sparse yaer:2023"):
        assert len(index.search(text)) == 0, text


@pytest.mark.parametrize("query", ["is:markd", "has:cdoe", "\U0001f600"])
def test_export_refuses_a_bad_query_and_writes_nothing(seed_library, tmp_path, query):
    out = tmp_path / "out.bib"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "paperscope",
            "export",
            "--db",
            str(seed_library.path),
            "--query",
            query,
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 2
    assert not out.exists()
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr
