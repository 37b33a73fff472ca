#!/usr/bin/env python3
"""Write SVG screenshots of the app's main states into screenshots/ for the README.

    python scripts/export_screenshots.py            # 120x40 and 80x24
    python scripts/export_screenshots.py --png /tmp/shots   # also PNGs, to look at them

The app runs headless on a fresh library built from seeds/ in a temp dir (the
user's library and search history are never touched); the states are the ones the snapshot tests
check (``tui.states``), so the README shows what the tests guard.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.app import create_app  # noqa: E402
from tui.states import STATES, build_demo_library  # noqa: E402

SIZES = {"": (120, 40), "-80x24": (80, 24)}


async def shoot(library: Path, state: str, size: tuple[int, int]) -> str:
    work = library.parent / f"run-{state}-{size[0]}"
    work.mkdir()
    # each state starts as a first visit: the app restores the last session otherwise
    os.environ["PAPERSCOPE_STATE_DIR"] = str(work / "state")
    copy = work / "lib.json"
    shutil.copyfile(library, copy)
    app = create_app(copy)
    async with app.run_test(size=size) as pilot:
        await STATES[state](pilot)
        return app.export_screenshot(title=f"PaperScope — {state}")


def to_png(svg: Path, png: Path) -> None:
    if shutil.which("rsvg-convert"):
        subprocess.run(["rsvg-convert", str(svg), "-o", str(png)], check=True)
    else:
        import cairosvg

        cairosvg.svg2png(url=str(svg), write_to=str(png))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--png", type=Path, metavar="DIR", help="also write PNGs here")
    parser.add_argument("--only", nargs="+", choices=list(STATES), help="just these states")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="paperscope-shots-") as tmp:
        os.environ["PAPERSCOPE_DB"] = str(Path(tmp) / "unused.json")
        os.environ["PAPERSCOPE_STATE_DIR"] = str(Path(tmp) / "state")  # searches made here
        os.chdir(tmp)  # anything the app writes stays in the temp dir
        library = build_demo_library(Path(tmp), sorted((ROOT / "seeds").glob("*.txt")))
        for suffix, size in SIZES.items():
            for state in args.only or STATES:
                svg = args.out / f"{state}{suffix}.svg"
                svg.write_text(asyncio.run(shoot(library, state, size)), encoding="utf-8")
                print(svg.relative_to(ROOT) if svg.is_relative_to(ROOT) else svg)
                if args.png:
                    args.png.mkdir(parents=True, exist_ok=True)
                    to_png(svg, args.png / f"{state}{suffix}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
