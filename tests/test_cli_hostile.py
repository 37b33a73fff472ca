"""Page text is data on the command line too: markup printed literally, no escape obeyed.

The hostile library is written with ``Library.add_parsed`` (the parsers already
drop control characters when they decode a page), as if another tool or version
had written it: the worst case. The app's tests use the same library
(``tests/tui/test_tui_hostile*.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperscope.cli import main
from paperscope.store import Library
from parsers.record import Paper, ParseResult
from tests.test_crash import big_cluster_page

CSI = "\x1b[31m"
OSC8 = "\x1b]8;;http://evil\x07"
OSC52 = "\x1b]52;c;SGFja2Vk\x07"  # "Hacked" to the clipboard
C1_CSI = "\x9b7m"
BIDI = "\u202eevil\u2066iso\u2067r\u2068f\u2069"
ZERO_WIDTH = "zero\u200bwidth\ufeff"
MARKUP = "[bold red]x[/] [link=file:///etc/passwd]y[/link] [/] [@click=app.quit]z[/]"
LONG_WORD = "Pneumon" + "o" * 4993  # 5,000 characters, no break opportunity

TITLE = f"{MARKUP} {CSI}red {OSC8}link {OSC52}clip {C1_CSI}rev {BIDI} {ZERO_WIDTH}"
EVE = f"[link=file:///etc/passwd]Eve[/link] {CSI}Red"
MALLORY = f"Mallory {BIDI}"
QUITTER = "[@click=app.quit]Quitter[/]"
ZED = "Zed Zero\u200bWidth\ufeff"
LONG_NAME = "Alexander " + "X" * 4990
SUBJECT = f"[red]Sub Ject[/] {OSC8}"
ABSTRACT = (
    f"First line {MARKUP}.\n{CSI}red{CSI} {OSC8}link{OSC8} {OSC52} {C1_CSI} {BIDI} "
    f"{ZERO_WIDTH}.\n{LONG_WORD} ends the abstract."
)
LINKS = [
    f"https://evil.example/{BIDI}",  # hides where it goes: never opened
    "javascript:[@click=app.quit]",  # not a web link: never opened
    "https://example.org/[bold]x[/]?q=[@click=app.quit]",
]
# A source file name (no "/" in a name, so no closing tags).
FILE_NAME = f"[bold red]page[reverse]{OSC52}{BIDI}{ZERO_WIDTH}[@click=app.quit].txt"

# What must never reach a terminal; and the visible forms printable() gives them.
FORBIDDEN = (
    "\x1b",
    "\x07",
    "\x9b",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200b",
    "\ufeff",
)


def build_hostile_library(path: Path) -> Library:
    """Four papers: one hostile in every field, one made of 5,000-character words, one
    plain, one from an author-cluster page whose subject is hostile."""
    lib = Library.open(path)
    hostile = Paper(
        title=TITLE,
        authors=[EVE, MALLORY, QUITTER, ZED, "Plain Person"],
        affiliations=[f"[i]aff[/i] {OSC8}", f"{OSC52}uni {BIDI}"],
        venue=f"[b]V[/b]{CSI}",
        venue_type="Conference",
        pub_type=f"[u]Paper[/u] {BIDI}",
        year=2024,
        date=f"2024-03-05{CSI}",
        category=f"[red]CV[/]{CSI}",
        score=9.5,
        has_code=True,
        abstract=ABSTRACT,
        links=LINKS,
    )
    long = Paper(
        title=f"{LONG_WORD} title",
        authors=["Plain Person", LONG_NAME],
        year=2023,
        abstract=f"A {LONG_WORD} word.",
    )
    plain = Paper(
        title="An ordinary paper", authors=["Plain Person"], year=2022, abstract="Nothing to see."
    )
    report = lib.add_parsed(
        ParseResult(format="feed", papers=[hostile, long, plain]), file=f"/pages/{FILE_NAME}"
    )
    assert report.ok and report.new == 3
    report = lib.add_parsed(
        ParseResult(
            format="author-cluster",
            header={"subject": SUBJECT},
            papers=[
                Paper(
                    title="The subject's own paper",
                    authors=[SUBJECT, EVE],
                    year=2021,
                    venue="NeurIPS",
                    venue_type="Conference",
                    abstract="About it.",
                )
            ],
        ),
        file=f"/pages/cluster {CSI}{BIDI}.txt",
    )
    assert report.ok and report.new == 1
    return lib


def hostile_page_text() -> str:
    """A real author-cluster page whose titles hold markup (and escapes the parser drops);
    its first paper repeats, so the import warns and quotes the title."""
    topic = f"[bold red]x[/] [@click=app.quit]z[/] {CSI}red{OSC52} {BIDI}{ZERO_WIDTH}"
    head, first, second = big_cluster_page(2, "Ada Lovelace", topic).split("\nNeurIPS")
    return f"{head}\nNeurIPS{first}\nNeurIPS{second}\nNeurIPS{first}"


def assert_harmless(text: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in FORBIDDEN if c in text})
    assert not found, f"terminal-active characters in the output: {found}"


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    """The hostile library, a page and a refused file with hostile names, in the cwd."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "250")  # wide enough that titles are not wrapped
    build_hostile_library(tmp_path / "lib.json")
    (tmp_path / FILE_NAME).write_text(hostile_page_text(), encoding="utf-8")
    (tmp_path / f"notes {CSI}{BIDI}[b].txt").write_text("Lunch at noon.\nNothing else.\n")
    return tmp_path


# command -> (what stdout must show literally, what stderr must show literally)
CASES = {
    "list": (
        ["list"],
        [
            MARKUP,
            "[link=file:///etc/passwd]Eve[/link] \\x1b[31mRed",
            "\\x1b]8;;http://evil\\x07link",
            "\\x9b7m",
            "\\u202eevil\\u2066iso",
            "zero\\u200bwidth\\ufeff",
            "[b]V[/b]\\x1b[31m",
        ],
        [],
    ),
    "list-query": (["list", "--query", "au:quitter"], [MARKUP], []),
    "search": (["search", "ordinary"], ["An ordinary paper"], []),
    "search-hostile": (["search", "evil"], [MARKUP, "\\x1b]52;c;SGFja2Vk\\x07clip"], []),
    "authors": (
        ["authors"],
        [
            "[link=file:///etc/passwd]Eve[/link] \\x1b[31mRed",
            "[@click=app.quit]Quitter[/]",
            "Mallory \\u202eevil",
            "Zed Zero\\u200bWidth\\ufeff",
            "[red]Sub Ject[/] \\x1b]8;;http://evil\\x07 *",
        ],
        [],
    ),
    "parse": (
        ["parse", FILE_NAME],
        [
            "[bold red]page[reverse]\\x1b]52;c;SGFja2Vk\\x07\\u202eevil",
            "Robust [bold red]x[/] [@click=app.quit]z[/] [31mred]52;c;SGFja2Vk",
            "warning: paper 3 repeats paper 1 ('Synthetic Study Number 0 of Robust "
            "[bold red]x[/] [@click=app.quit]z[/]",
        ],
        [],
    ),
    "parse-refused": (
        ["parse", f"notes {CSI}{BIDI}[b].txt"],
        [],
        [
            "notes \\x1b[31m\\u202eevil\\u2066iso\\u2067r\\u2068f\\u2069[b].txt: "
            "not a paper-listing page"
        ],
    ),
    "import": (
        ["import", FILE_NAME, f"notes {CSI}{BIDI}[b].txt", f"gone {OSC52}.txt"],
        [
            "[bold red]page[reverse]\\x1b]52;c;SGFja2Vk\\x07\\u202eevil",
            "warning: paper 3 repeats paper 1 ('Synthetic Study Number 0 of Robust "
            "[bold red]x[/] [@click=app.quit]z[/]",
            "library: 6 papers (2 new)",
        ],
        ["notes \\x1b[31m\\u202eevil", "gone \\x1b]52;c;SGFja2Vk\\x07.txt: no such file"],
    ),
    "export-markdown": (
        ["export", "--all", "-f", "markdown", "-o", "-"],
        [
            "\\[bold red\\]x\\[/\\] \\[link\\=file\\:///etc/passwd\\]y\\[/link\\]",
            "[red]Sub Ject[/]".replace("[", "\\[").replace("]", "\\]"),
        ],
        [],
    ),
    "export-bibtex": (
        ["export", "--all", "-o", "-"],
        [
            "title = {[bold red]x[/] [link=file:///etc/passwd]y[/link] [/] [@click=app.quit]z[/]",
            "Eve[/link] and Mallory evilisorf and [@click=app.quit]",
        ],
        [],
    ),
    "export-ris": (["export", "--all", "-f", "ris", "-o", "-"], [f"TI  - {MARKUP}"], []),
    "export-csljson": (
        ["export", "--all", "-f", "csljson", "-o", "-"],
        [json.dumps(MARKUP)[1:-1]],
        [],
    ),
    "export-file": (
        ["export", "--all", "-o", f"refs {OSC52}{BIDI}.bib"],
        [],
        ["to refs \\x1b]52;c;SGFja2Vk\\x07\\u202eevil"],
    ),
    "bad-query": (
        ["list", "--query", f"year:{CSI}{BIDI}"],
        [],
        ["year:\\x1b[31m\\u202eevil\\u2066iso\\u2067r\\u2068f\\u2069 is not a year"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_cli_output_is_literal_and_harmless(hostile, capsysbinary, case):
    argv, shown_out, shown_err = CASES[case]
    code = main([*argv, "--db", str(hostile / "lib.json")])
    captured = capsysbinary.readouterr()
    out, err = captured.out.decode("utf-8"), captured.err.decode("utf-8")
    assert_harmless(out)
    assert_harmless(err)
    for text in shown_out:
        assert text in out, (text, out[:3000])
    for text in shown_err:
        assert text in err, (text, err)
    assert code == (
        1 if case in ("parse-refused", "import") else 2 if case == "bad-query" else 0
    ), err


def test_export_refusing_to_overwrite_names_the_file_harmlessly(hostile, capsysbinary):
    target = f"refs {OSC52}{BIDI}.bib"
    (hostile / target).write_text("keep me")
    code = main(["export", "--all", "-o", target, "--db", str(hostile / "lib.json")])
    err = capsysbinary.readouterr().err.decode("utf-8")
    assert code == 2 and (hostile / target).read_text() == "keep me"
    assert_harmless(err)
    assert "refs \\x1b]52;c;SGFja2Vk\\x07\\u202eevil" in err and "--force" in err


def test_json_output_is_exact_data_spelled_harmlessly(hostile, capsysbinary):
    """``--json`` keeps every character (it is data for programs) but as JSON escapes."""
    assert main(["list", "--json", "--db", str(hostile / "lib.json")]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert_harmless(out)
    papers = {p["title"]: p for p in json.loads(out)}
    assert TITLE in papers  # the very same string, escapes and all
    assert papers[TITLE]["authors"][:4] == [EVE, MALLORY, QUITTER, ZED]
    assert papers[TITLE]["abstract"] == ABSTRACT
