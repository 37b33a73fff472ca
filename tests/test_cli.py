"""The command line as a user meets it: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from paperscope.cli import main
from paperscope.store import Library
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_json_is_the_record_contract(capsys):
    code, out, _ = run(capsys, "parse", str(SEEDS[1]), "--json", "--saved", "2026-11-22")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"format", "header", "papers", "warnings"}
    assert data["format"] == "feed" and len(data["papers"]) == 50
    keys = {
        "title",
        "authors",
        "authors_truncated",
        "affiliations",
        "venue",
        "venue_type",
        "pub_type",
        "year",
        "date",
        "category",
        "score",
        "has_code",
        "abstract",
        "links",
    }
    assert all(keys <= set(p) for p in data["papers"])


def test_parse_does_not_touch_the_library(capsys, tmp_path):
    db = tmp_path / "lib.json"
    run(capsys, "parse", str(SEEDS[0]), "--db", str(db))
    assert not db.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"import os\n\nprint(os.getcwd())\n", "not a paper-listing page"),
    ],
)
def test_bad_page_is_one_line_and_non_zero(capsys, tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, out, err = run(capsys, "parse", str(bad), "--json")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and reason in err and "bad.txt" in err


def test_import_reports_each_file_and_skips_bad_ones(capsys, tmp_path):
    db = tmp_path / "lib.json"
    bad = tmp_path / "notes.txt"
    bad.write_text("Just some notes about lunch.\nNothing else here.\n")
    missing = tmp_path / "missing.txt"
    code, out, err = run(
        capsys, "import", "--db", str(db), str(SEEDS[0]), str(bad), str(missing), str(SEEDS[4])
    )
    assert code == 1
    assert "000_c49fd89b38f0da0c.txt: author-cluster · 28 papers (page declares 28) · "
    assert "28 new, 0 merged, 0 updated, 0 unchanged" in out
    assert "004_f0a5ae11a3aee76f.txt: author-cluster · 10 papers" in out
    assert "library: 38 papers (38 new)" in out
    err_lines = err.strip().splitlines()
    assert len(err_lines) == 2
    assert "notes.txt: not a paper-listing page" in err_lines[0]
    assert "missing.txt: no such file" in err_lines[1]
    assert len(Library.open(db)) == 38  # the good files landed


def test_import_prints_declared_vs_found_and_warnings(capsys, tmp_path):
    code, out, _ = run(capsys, "import", "--db", str(tmp_path / "l.json"), str(SEEDS[2]))
    assert code == 0
    assert "profile · 50 papers (page declares 60)" in out
    assert "warning: page declares 60 papers, 50 found" in out


def test_import_directory_imports_pages_and_reports_the_rest(capsys, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for seed in SEEDS[:2]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    code, out, err = run(capsys, "import", "--db", str(tmp_path / "l.json"), str(folder))
    assert code == 0
    assert "library: 67 papers" in out
    assert "figure.png: skipped, not a text page" in err


def test_reimport_says_unchanged(capsys, tmp_path):
    db = str(tmp_path / "l.json")
    run(capsys, "import", "--db", db, str(SEEDS[1]))
    code, out, _ = run(capsys, "import", "--db", db, str(SEEDS[1]))
    assert code == 0 and "0 new, 0 merged, 0 updated, 50 unchanged" in out


def test_list_search_authors_json(capsys, seed_library):
    db = str(seed_library.path)
    code, out, _ = run(capsys, "list", "--db", db, "--json")
    papers = json.loads(out)
    assert code == 0 and len(papers) == 189
    assert {"id", "title", "sources", "marked"} <= set(papers[0])
    code, out, _ = run(capsys, "search", "--db", db, "efficent vison transformr", "--json")
    hits = json.loads(out)
    assert code == 0 and hits
    assert "Vision Transformer" in hits[0]["title"]
    code, out, _ = run(
        capsys, "list", "--db", db, "--query", "au:yuan year:2023 venue:neurips", "--json"
    )
    found = json.loads(out)
    assert found and all(p["year"] == 2023 and p["venue"] == "NeurIPS" for p in found)
    assert all(any("Yuan" in a for a in p["authors"]) for p in found)
    code, out, _ = run(capsys, "authors", "--db", db, "--json", "--limit", "3")
    authors = json.loads(out)
    assert [a["name"] for a in authors[:2]] == ["Geng Yuan", "Yingyan Lin"]
    assert authors[0]["papers"] >= 28 and authors[0]["coauthors"][0]["papers"] > 1


def test_list_table_shows_data_literally(capsys, tmp_path):
    from parsers.record import Paper, ParseResult

    lib = Library.open(tmp_path / "l.json")
    hostile = "[bold red]Markup[/] \x1b[31mred\x1b[0m \u202eevil [link=file:///etc/passwd]y"
    result = ParseResult(format="feed", papers=[Paper(title=hostile, authors=["[i]Eve[/i]"])])
    lib.add_parsed(result, "evil.txt")
    code, out, _ = run(capsys, "list", "--db", str(lib.path))
    assert code == 0
    assert "[bold red]Markup[/]" in out and "[link=file:///etc/passwd]y" in out
    assert "[i]Eve[/i]" in out
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[31mred" in out  # shown, not obeyed


def test_db_option_and_env_variable(capsys, tmp_path, monkeypatch):
    env_db = tmp_path / "env.json"
    monkeypatch.setenv("PAPERSCOPE_DB", str(env_db))
    run(capsys, "import", str(SEEDS[4]))
    assert len(Library.open(env_db)) == 10
    opt_db = tmp_path / "opt.json"
    run(capsys, "import", str(SEEDS[0]), "--db", str(opt_db))
    assert len(Library.open(opt_db)) == 28 and len(Library.open(env_db)) == 10


def test_damaged_library_is_one_line_exit_2(capsys, tmp_path):
    db = tmp_path / "l.json"
    db.write_text('{"papers": {')
    code, out, err = run(capsys, "list", "--db", str(db))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "is damaged" in err and str(db) in err
    assert db.read_text() == '{"papers": {'


def test_usage_errors_are_one_line(tmp_path):
    for argv in (["frobnicate"], ["parse"], ["search"], ["--db"]):
        result = subprocess.run(
            [sys.executable, "-m", "paperscope", *argv],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PAPERSCOPE_DB": str(tmp_path / "x.json")},
        )
        assert result.returncode == 2, argv
        assert "Traceback" not in result.stderr
        assert result.stderr.strip().splitlines()[-1].startswith("paperscope")


def test_real_process_bad_input_has_no_traceback(tmp_path):
    bad = tmp_path / "bin.txt"
    bad.write_bytes(os.urandom(4096) + b"\x00")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "paperscope",
            "import",
            "--db",
            str(tmp_path / "l.json"),
            str(bad),
            str(SEEDS[4]),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith(f"{bad}: the file is binary")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "10 new" in result.stdout
