"""``show``, ``tag``, ``status``, ``note``, ``edit``, ``key``, ``remove``, ``undo``,
``redo``, ``history``: the user's layer from the command line (``paperscope.annotate``)."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile

from .. import annotate
from ..library.history import MAX_BYTES, MAX_ENTRIES
from ..records import STATUSES
from ..safe_text import printable
from .common import EXIT_OK, CLIError, open_library, print_json, stderr_console


def add_parsers(sub, common) -> None:
    p = sub.add_parser("show", parents=[common], help="everything about a paper")
    p.add_argument("id", metavar="ID", help="a paper id (from list/search) or a citation key")
    p.add_argument("--json", action="store_true", help="as JSON")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser(
        "tag",
        parents=[common],
        help="add (+NAME) and remove (-NAME) tags",
        usage="paperscope tag ID… +NAME -NAME [--db PATH]",
    )
    p.add_argument("items", nargs="+", metavar="ID|+NAME|-NAME")
    p.set_defaults(func=cmd_tag, takes_minus=True)

    p = sub.add_parser("status", parents=[common], help="set the reading status")
    p.add_argument(
        "items", nargs="+", metavar="ID… STATUS", help="ids, then " + "|".join(STATUSES) + "|none"
    )
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("note", parents=[common], help="write a paper's note")
    p.add_argument("id", metavar="ID")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--set", metavar="TEXT", help='the note ("" removes it)')
    how.add_argument("--edit", action="store_true", help="open $VISUAL / $EDITOR on it")
    p.set_defaults(func=cmd_note)

    p = sub.add_parser(
        "edit", parents=[common], help='correct title, authors, year or venue ("" undoes one)'
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("--title", metavar="T")
    p.add_argument("--authors", metavar='"A; B"', help="names separated by semicolons")
    p.add_argument("--year", metavar="Y")
    p.add_argument("--venue", metavar="V")
    p.add_argument(
        "--split", type=int, metavar="N", help="take the N-th other title/author reading"
    )
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("key", parents=[common], help="set (and pin) a paper's citation key")
    p.add_argument("id", metavar="ID")
    p.add_argument("key", metavar="NEWKEY")
    p.set_defaults(func=cmd_key)

    p = sub.add_parser("remove", parents=[common], help="remove papers, or what one page brought")
    p.add_argument("ids", nargs="*", metavar="ID")
    p.add_argument(
        "--source",
        metavar="NAME",
        help="a page file (path or name), or `samples` (the bundled pages)",
    )
    p.set_defaults(func=cmd_remove)

    for name, what in (("undo", "undo the last change"), ("redo", "redo the last change undone")):
        p = sub.add_parser(name, parents=[common], help=what)
        p.set_defaults(func=cmd_undo if name == "undo" else cmd_redo)

    p = sub.add_parser(
        "history",
        parents=[common],
        help=f"the changes undo can take back (the last {MAX_ENTRIES}, up to {MAX_BYTES >> 20} MB)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)


def _say(line: str) -> None:
    stderr_console().print(printable(line))


def _n(n: int) -> str:
    return f"{n} paper{'s' if n != 1 else ''}"


def cmd_show(args) -> int:
    lib = open_library(args)
    keys = annotate.library_keys(lib)
    paper = annotate.find_paper(lib, args.id, keys)
    data = annotate.describe(lib, paper, keys.get(paper.id))
    if args.json:
        print_json(data)
        return EXIT_OK
    pinned = " (pinned)" if data["key_pinned"] else ""
    rows = [
        ("id", data["id"]),
        ("key", f"{data['key']}{pinned}"),
        ("title", data["title"]),
        ("authors", "; ".join(data["authors"])),
        ("year", data["year"] or ""),
        ("venue", data["venue"] or data["category"] or ""),
        ("status", data["status"] or "none"),
        ("tags", " ".join(data["tags"])),
        ("marked", "yes" if data["marked"] else "no"),
    ]
    for name, value in data["source_values"].items():
        shown = "; ".join(value) if isinstance(value, list) else value
        rows.append((f"({name})", f"corrected; the sources say: {shown}"))
    for n, choice in enumerate(data["split_choices"]):
        rows.append((f"split {n}", f"{choice['title']} / {'; '.join(choice['authors'])}"))
    for s in data["sources"]:
        rows.append(("source", f"{s['file']} #{s['position']} ({s['format']})"))
    out = [f"{name:<9} {printable(str(value))}" for name, value in rows]
    if data["note"]:
        out += ["note", *(f"  {printable(line)}" for line in data["note"].splitlines())]
    sys.stdout.write("\n".join(out) + "\n")
    return EXIT_OK


def cmd_tag(args) -> int:
    items = [*args.items, *getattr(args, "extra", [])]
    add = [t[1:] for t in items if t.startswith("+")]
    drop = [t[1:] for t in items if t.startswith("-")]
    ids = [t for t in items if not t.startswith(("+", "-"))]
    if not ids:
        raise CLIError("tag: name the papers: paperscope tag ID… +NAME -NAME")
    lib = open_library(args)
    n = annotate.tag(lib, ids, add, drop)
    _say(f"tags changed on {_n(n)}")
    return EXIT_OK


def cmd_status(args) -> int:
    *ids, status = args.items
    if not ids:
        raise CLIError(f"status: name the papers, then {'|'.join(STATUSES)}|none")
    lib = open_library(args)
    n = annotate.set_status(lib, ids, None if status == "none" else status)
    _say(f"status {status} on {_n(n)}" if n else "nothing changed")
    return EXIT_OK


def _edit_text(text: str) -> str:
    """The text after the user's editor ($VISUAL, $EDITOR, else vi) changed it."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="paperscope-note-", suffix=".md")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        try:
            done = subprocess.run([*shlex.split(editor), name], check=False)
        except OSError as exc:
            raise CLIError(f"note: cannot run the editor {editor!r}: {exc.strerror}") from None
        if done.returncode != 0:
            raise CLIError(
                f"note: the editor {editor!r} failed (exit {done.returncode}); nothing saved"
            )
        with open(name, encoding="utf-8") as fh:
            return fh.read()
    finally:
        os.unlink(name)


def cmd_note(args) -> int:
    lib = open_library(args)
    paper = annotate.find_paper(lib, args.id)
    text = args.set if not args.edit else _edit_text(paper.layer.note or "")
    text = text.rstrip("\n") if text else text
    changed = annotate.set_note(lib, paper.id, text)
    _say(f"note {'saved' if text else 'removed'} on {paper.id}" if changed else "note unchanged")
    return EXIT_OK


def cmd_edit(args) -> int:
    lib = open_library(args)
    if args.split is not None:
        changed = annotate.choose_split(lib, args.id, args.split)
    else:
        fields = {
            "title": args.title,
            "authors": args.authors,
            "year": args.year,
            "venue": args.venue,
        }
        changed = annotate.edit(lib, args.id, **fields)
    _say("corrected" if changed else "nothing changed")
    return EXIT_OK


def cmd_key(args) -> int:
    lib = open_library(args)
    changed = annotate.set_key(lib, args.id, args.key)
    _say(f"key {args.key} (pinned)" if changed else f"the key is already {args.key}")
    return EXIT_OK


def cmd_remove(args) -> int:
    if bool(args.ids) == bool(args.source):
        raise CLIError("remove: give paper ids, or --source NAME (not both)")
    lib = open_library(args)
    if args.source:
        gone, kept = annotate.remove_source(lib, args.source)
        _say(
            f"removed {_n(gone)}; {_n(kept)} kept a sighting on another page "
            "(undo: paperscope undo)"
        )
    else:
        n = annotate.remove(lib, args.ids)
        _say(f"removed {_n(n)} (undo: paperscope undo)")
    return EXIT_OK


def cmd_undo(args) -> int:
    lib = open_library(args)
    _say(f"undone: {annotate.undo(lib)}")
    return EXIT_OK


def cmd_redo(args) -> int:
    lib = open_library(args)
    _say(f"redone: {annotate.redo(lib)}")
    return EXIT_OK


def cmd_history(args) -> int:
    lib = open_library(args)
    if args.json:
        print_json(
            [
                {"n": e["n"], "at": e["at"], "what": e["what"], "undone": not live}
                for e, live in lib.history()
            ]
        )
        return EXIT_OK
    lines = annotate.history_lines(lib)
    if lines:
        sys.stdout.write("\n".join(printable(line) for line in lines) + "\n")
    _say(
        f"{len(lines)} change(s) kept (the last {MAX_ENTRIES}, up to {MAX_BYTES >> 20} MB); "
        "undo takes back the newest not undone"
    )
    return EXIT_OK


def new_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--new", action="store_true", help="only what the last import added")
