"""Opening links from page data without handing the terminal to a text browser."""

from __future__ import annotations

import re
import webbrowser

from paperscope.safe_text import is_safe

_WEB_RE = re.compile(r"^https?://[^\s\x00-\x1f\x7f]+$", re.IGNORECASE)


def web_links(links: list[str]) -> list[str]:
    """Only http(s) links: a page could carry ``file:`` or ``javascript:`` ones, or hide
    where a link goes behind bidi controls and invisible characters."""
    return [link for link in links if _WEB_RE.match(link) and is_safe(link)]


def open_in_browser(url: str) -> str | None:
    """Open ``url`` in a graphical browser; returns why not, or None when it was opened.

    A console browser (lynx, w3m…) would fight the app for the terminal, so
    only browsers that run in the background are used. Call it in a thread:
    ``webbrowser`` may wait for the browser to start.
    """
    if not (_WEB_RE.match(url) and is_safe(url)):
        return "not a web link"
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return "no web browser found"
    if type(browser) is webbrowser.GenericBrowser:  # runs in the foreground: a console browser
        return "only a text-mode browser is available"
    try:
        opened = browser.open(url, new=2)
    except OSError as exc:
        return f"the browser did not start ({exc.strerror or exc})"
    return None if opened else "the browser refused the link"
