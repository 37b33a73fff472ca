"""PaperScope: saved paper-listing pages -> one local library, browsed from the terminal.

This package is everything under the interface (store, search, export, command
line); it never imports Textual. The app itself lives in ``tui``.
"""

__version__ = "0.1.0"
