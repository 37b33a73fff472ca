"""The user's layer from the command line, and citation keys that never change once
they have left the app (issue 12 item 1)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from paperscope import annotate
from paperscope.cli import main
from paperscope.export.keys import citation_keys
from paperscope.store import Library
from parsers.record import Paper, ParseResult
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path) -> str:
    path = tmp_path / "lib.json"
    Library.open(path).import_files(SEEDS[:2])
    return str(path)


def first_id(capsys, db: str) -> str:
    _, out, _ = run(capsys, "list", "--json", "--db", db)
    return json.loads(out)[0]["id"]


def test_show_tag_status_note_edit_key_from_the_command_line(capsys, db):
    pid = first_id(capsys, db)
    assert run(capsys, "tag", pid, "+later", "+ml", "--db", db)[0] == 0
    assert run(capsys, "tag", pid, "-ml", "--db", db)[0] == 0
    assert run(capsys, "status", pid, "reading", "--db", db)[0] == 0
    assert run(capsys, "note", pid, "--set", "read §3\nthen §4", "--db", db)[0] == 0
    assert (
        run(capsys, "edit", pid, "--title", "A Fixed Title", "--year", "2020", "--db", db)[0] == 0
    )
    assert run(capsys, "key", pid, "fixed2020", "--db", db)[0] == 0
    code, out, _ = run(capsys, "show", "fixed2020", "--json", "--db", db)  # a key names it too
    data = json.loads(out)
    assert code == 0 and data["id"] == pid and data["key"] == "fixed2020"
    assert (data["title"], data["year"]) == ("A Fixed Title", 2020)
    assert data["tags"] == ["later"] and data["status"] == "reading"
    assert data["note"] == "read §3\nthen §4" and data["sources"]
    assert sorted(data["corrected"]) == ["title", "year"]
    code, out, _ = run(capsys, "show", pid, "--db", db)
    assert "fixed2020 (pinned)" in out and "corrected; the sources say:" in out
    assert "  then §4" in out
    _, out, _ = run(capsys, "list", "--query", "tag:later is:reading", "--json", "--db", db)
    assert [p["id"] for p in json.loads(out)] == [pid]
    code, out, _ = run(capsys, "status", pid, "none", "--db", db)
    assert json.loads(run(capsys, "show", pid, "--json", "--db", db)[1])["status"] is None


def test_note_edit_opens_the_editor(capsys, db, tmp_path, monkeypatch):
    pid = first_id(capsys, db)
    editor = tmp_path / "fake-editor"
    editor.write_text('#!/bin/sh\nprintf "from the editor\\nline 2\\n" >> "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    assert run(capsys, "note", pid, "--edit", "--db", db)[0] == 0
    assert Library.open(db).get(pid).layer.note == "from the editor\nline 2"
    editor.write_text("#!/bin/sh\nexit 3\n")
    code, _, err = run(capsys, "note", pid, "--edit", "--db", db)
    assert code == 2 and "failed (exit 3); nothing saved" in err and err.count("\n") == 1
    assert Library.open(db).get(pid).layer.note == "from the editor\nline 2"


def test_remove_undo_redo_history_and_list_new(capsys, db):
    n = len(Library.open(db))
    pid = first_id(capsys, db)
    code, _, err = run(capsys, "remove", pid, "--db", db)
    assert code == 0 and "removed 1 paper" in err and len(Library.open(db)) == n - 1
    code, _, err = run(capsys, "undo", "--db", db)
    assert code == 0 and "undone: remove 1 paper" in err and len(Library.open(db)) == n
    assert run(capsys, "redo", "--db", db)[0] == 0 and len(Library.open(db)) == n - 1
    code, out, err = run(capsys, "history", "--db", db)
    assert "remove 1 paper" in out and "the last 200" in err
    assert run(capsys, "remove", "--source", "samples", "--db", db)[0] == 0
    assert len(Library.open(db)) == 0
    run(capsys, "undo", "--db", db)
    Library.open(db).import_files(SEEDS[2:3])
    _, out, _ = run(capsys, "list", "--new", "--json", "--db", db)
    new = {p["id"] for p in json.loads(out)}
    assert new and new == {p.id for p in annotate.new_papers(Library.open(db))}


@pytest.mark.parametrize(
    "argv, says",
    [
        (["show", "nope"], "no paper 'nope'"),
        (["status", "{id}", "done"], "status 'done' is not one of"),
        (["tag", "{id}"], "say which tags"),
        (["edit", "{id}", "--year", "twenty"], "is not a year"),
        (["remove", "--source", "nothing.txt"], "no paper came from"),
        (["remove"], "give paper ids, or --source NAME"),
        (["key", "{id}", "a b"], "is not a citation key"),
        (["redo"], "nothing to redo"),
    ],
)
def test_errors_are_one_line_and_a_non_zero_exit(capsys, db, argv, says):
    pid = first_id(capsys, db)
    code, out, err = run(capsys, *[a.format(id=pid) for a in argv], "--db", db)
    assert code != 0 and says in err and err.count("\n") == 1 and "Traceback" not in err


def test_two_processes_tagging_at_once_both_land(db):
    ids = [p.id for p in Library.open(db).papers()[:2]]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmds = [
        [sys.executable, "-m", "paperscope", "tag", ids[0], ids[1], f"+t{n}", "--db", db]
        for n in range(2)
    ]
    procs = [subprocess.Popen(c, env=env, stderr=subprocess.PIPE) for c in cmds]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read() if p.stderr else ""
    lib = Library.open(db)
    for pid in ids:
        assert set(lib.get(pid).layer.tags) == {"t0", "t1"}
    assert len(lib.history()) == 3  # the import and both tag changes, none lost


# -- stable keys -------------------------------------------------------------------


def page(fmt: str, *papers: Paper, subject: str | None = None) -> ParseResult:
    return ParseResult(fmt, {"subject": subject} if subject else {}, list(papers))


def keys_of(lib: Library) -> dict[str, str]:
    return citation_keys(lib.papers())


def test_keys_that_left_the_app_never_change(capsys, tmp_path):
    db = str(tmp_path / "lib.json")
    lib = Library.open(db)
    sparcl = Paper("SparCL: Sparse Continual Learning on the Edge", ["Zifeng Wang"], year=2022)
    vanilla = Paper("VanillaNet: the Power of Minimalism in Deep Learning", year=2023)
    other = Paper("Graph Rewiring for Oversquashing", ["Ana Silva"], year=2022)
    lib.add_parsed(page("feed", sparcl, vanilla, other), "feed.txt")
    assert run(capsys, "export", "--all", "-o", str(tmp_path / "out.bib"), "--db", db)[0] == 0
    exported = keys_of(Library.open(db))
    assert "anon2023vanillanet" in exported.values()  # a trending-like paper: no authors
    # a colliding newcomer, merges that add authors, a newer save, a re-import
    clash = Paper(
        "SparCL: Sparse Continual Learning on the Edge Devices", ["Zifeng Wang"], year=2022
    )
    full = Paper(
        sparcl.title, ["Zheng Zhan", "Zifeng Wang", "Yanzhi Wang"], year=2022, venue="NeurIPS"
    )
    authored = Paper(vanilla.title, ["Hanting Chen", "Yunhe Wang"], year=2023)
    lib = Library.open(db)
    lib.add_parsed(page("feed", clash), "other.txt")
    lib.add_parsed(page("author-cluster", full, authored, subject="Yanzhi Wang"), "cluster.txt")
    lib.add_parsed(page("feed", sparcl, vanilla, other), "feed.txt", "a newer save")
    lib.import_files([])
    after = keys_of(Library.open(db))
    assert {pid: after[pid] for pid in exported} == exported
    assert len(set(after.values())) == len(after)  # unique
    newcomer = next(p for p in Library.open(db).papers() if p.title == clash.title)
    assert after[newcomer.id] != exported[next(i for i in exported)]
    assert re.fullmatch(r"wang2022sparcl[a-z]", after[newcomer.id])


def test_a_dblp_bib_exports_with_its_dblp_keys(capsys, tmp_path):
    bib = ROOT / "tests" / "corpora" / "bib" / "dblp" / "limaye-standard.bib"
    dblp_keys = set(re.findall(r"^@\w+\{([^,]+),", bib.read_text(), re.MULTILINE))
    db = str(tmp_path / "lib.json")
    assert run(capsys, "import", str(bib), "--db", db)[0] == 0
    code, out, _ = run(capsys, "export", "--all", "-o", "-", "--db", db)
    exported = re.findall(r"^@\w+\{([^,]+),", out, re.MULTILINE)
    assert code == 0 and exported and set(exported) <= dblp_keys
    lib = Library.open(db)
    for paper in lib.papers():  # each paper's key is one of its own entries' keys
        assert paper.layer.key in {s.record.get("key") for s in paper.sources}
    assert len(exported) == len(lib)


def test_undo_after_an_export_never_unpins_the_exported_key(capsys, tmp_path):
    db = str(tmp_path / "lib.json")
    lib = Library.open(db)
    lib.add_parsed(page("feed", Paper("Graph Rewiring", ["Ana Silva"], year=2022)), "f.txt")
    pid = lib.papers()[0].id
    annotate.tag(lib, [pid], ["later"])
    run(capsys, "export", "--all", "-o", str(tmp_path / "out.bib"), "--db", db)
    key = Library.open(db).get(pid).layer.key
    assert key == "silva2022graph"
    code, _, err = run(capsys, "undo", "--db", db)  # takes back the tag, not the pin
    p = Library.open(db).get(pid)
    assert "undone: tag +later" in err and p.layer.tags == () and p.layer.key == key
