"""Non-UI code never imports Textual: parsers, store, search and export work headless."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, json, pkgutil, sys
names = []
for package in ("parsers", "paperscope"):
    module = importlib.import_module(package)
    names.append(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)
        names.append(info.name)
for name in ("tui.browser",):  # the app's plain-Python parts
    importlib.import_module(name)
    names.append(name)
print(json.dumps({"imported": names,
                  "ui": sorted(m for m in sys.modules if m.split(".")[0] == "textual")}))
"""


def test_non_ui_packages_never_import_textual():
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout)
    assert "paperscope.search" in result["imported"] and "parsers" in result["imported"]
    assert any(n.startswith("paperscope.export") for n in result["imported"])
    assert result["ui"] == []
