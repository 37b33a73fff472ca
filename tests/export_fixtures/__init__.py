"""Helpers for the export tests: paper factory, the inverse of our LaTeX escaping, TeX tools."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from paperscope.export.latex import TEXT_ESCAPES
from paperscope.records import LibraryPaper

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def paper(title: str = "A Paper", **fields) -> LibraryPaper:
    """A library paper with an id derived from the title unless one is given."""
    fields.setdefault("id", "p" + str(abs(hash((title, tuple(fields.get("authors", []))))) % 10**8))
    return LibraryPaper(title=title, **fields)


# Each escape, also without the "{}" that ends a command name (names write "{\\textbar}").
_UNESCAPE = {latex: char for char, latex in TEXT_ESCAPES.items()}
_UNESCAPE |= {latex[:-2]: char for latex, char in _UNESCAPE.items() if latex.endswith("{}")}
_TOKEN_RE = re.compile(
    "|".join(re.escape(latex) for latex in sorted(_UNESCAPE, key=len, reverse=True))
    + r"|\$[^$]*\$|[{}]|."
)


def untex(value: str) -> str:
    """Undo the exporter's escaping: escapes back to characters, braces dropped, ``$…$``
    math kept as written. Built from the escaping table, not from the exporter's code."""
    out = []
    for tok in _TOKEN_RE.findall(value):
        if tok in _UNESCAPE:
            out.append(_UNESCAPE[tok])
        elif tok in "{}":
            continue
        else:
            out.append(tok)
    return "".join(out)


def need_tool(name: str) -> str:
    """The tool's path, or a loud skip: CI installs the TeX tools, a bare machine may lack them."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"!!! {name} is not installed: the {name} check of the export did NOT run !!!")
    return path


def run_bibtex(bib: Path) -> str:
    """bibtex with plain.bst over every entry of ``bib``; returns its log (warnings included)."""
    need_tool("bibtex")
    work = bib.parent
    (work / "check.aux").write_text(
        f"\\citation{{*}}\n\\bibdata{{{bib.stem}}}\n\\bibstyle{{plain}}\n", encoding="utf-8"
    )
    proc = subprocess.run(
        ["bibtex", "check"], cwd=work, capture_output=True, text=True, timeout=120
    )
    log = (work / "check.blg").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0, proc.stdout + log
    return log


def run_biber(bib: Path) -> list[str]:
    """biber's datamodel validation; returns its WARN/ERROR lines."""
    need_tool("biber")
    proc = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--output-file", str(bib) + ".out", str(bib)],
        cwd=bib.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = (proc.stdout + proc.stderr).splitlines()
    assert proc.returncode == 0, "\n".join(lines)
    return [line for line in lines if line.startswith(("WARN", "ERROR"))]


def latex_hazards(value: str) -> list[str]:
    """What in a field value LaTeX would not print as text, by LaTeX's own rules.

    Independent of the exporter's escape table: ``% # & _ ^ ~`` may only appear escaped
    (or, apart from ``% # &``, inside ``$…$``), every ``\\`` starts an escape or a control
    word, ``\\url{…}`` holds no ``% #`` or braces, dollars pair up and braces balance.
    """
    problems, depth, math, i = [], 0, False, 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            m = re.match(r"\\url\{[^{}\s%#\\]*\}|\\(?:[&%#_${}]|[A-Za-z]+)", value[i:])
            if m is None:
                problems.append(f"stray backslash at {i}")
                i += 1
            else:
                i += len(m[0])
            continue
        if ch == "$":
            math = not math
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                problems.append(f"unbalanced }} at {i}")
        elif ch in "%#&" or (ch in "_^~" and not math):
            problems.append(f"raw {ch!r} at {i}")
        i += 1
    if math:
        problems.append("unclosed $")
    if depth > 0:
        problems.append("unclosed {")
    return problems
