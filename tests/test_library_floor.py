"""The store's floor plan: one home per rule, the public names still where they were."""

from __future__ import annotations

from dataclasses import fields

from paperscope.records import VIEW_FIELDS, LibraryPaper
from parsers.names import name_key
from parsers.record import OPTIONAL_FIELDS, Paper


def test_the_documented_public_names_still_import_from_paperscope_store():
    from paperscope import store

    assert store.LibraryStorage.__module__ == "paperscope.library.storage"
    assert store.Library.__module__ == "paperscope.library.store"
    for name in ("FileReport", "LibraryError", "Preview", "SCHEMA"):
        assert hasattr(store, name)


def test_the_view_is_the_parser_record_field_for_field():
    # less the identifiers only a .bib gives, kept in the sources' records for now
    assert VIEW_FIELDS == tuple(f.name for f in fields(Paper) if f.name not in OPTIONAL_FIELDS)
    names = [f.name for f in fields(LibraryPaper)]
    assert names == ["id", *VIEW_FIELDS, "sources", "marked", "added_at", "user"]


def test_merge_keys_names_with_the_parsers_rule():
    """One name-key rule: merging groups authors exactly as clusters do."""
    from paperscope.library.merge import _author_keys

    names = ["Sheng Li 0019", "  Ana  Silva ", "Zoë Müller", "J. R. R. Tolkien", "Ming 1"]
    assert _author_keys({"authors": names}) == {name_key(n) for n in names}
