"""Export API: render/write_export contract used by the CLI and the TUI."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperscope.export import FORMATS, render, write_export
from paperscope.store import Library

SEEDS = sorted(Path(__file__).resolve().parent.parent.joinpath("seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Library:
    lib = Library.open(tmp_path_factory.mktemp("lib") / "lib.json")
    lib.import_files(SEEDS)
    return lib


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_is_byte_stable_and_order_independent(library, fmt):
    papers = library.papers()
    first = render(papers, fmt)
    assert first == render(list(reversed(papers)), fmt)
    assert first.endswith("\n")


def test_write_export_refuses_to_overwrite(library, tmp_path):
    out = tmp_path / "out.bib"
    out.write_text("keep me")
    with pytest.raises(FileExistsError, match="already exists"):
        write_export(library.papers()[:2], out)
    assert out.read_text() == "keep me"
    assert write_export(library.papers()[:2], out, force=True) == out
    assert out.read_text(encoding="utf-8").startswith("@")
    assert not list(tmp_path.glob(".*.tmp"))
