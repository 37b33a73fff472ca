"""Opening links from page data without handing the terminal to a text browser."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import threading
import webbrowser
from collections.abc import Mapping

from paperscope.safe_text import is_safe

_WEB_RE = re.compile(r"^https?://[^\s\x00-\x1f\x7f]+$", re.IGNORECASE)
# Browsers that draw in the terminal: they would fight the app for it.
TEXT_BROWSERS = frozenset(
    {"lynx", "w3m", "links", "links2", "elinks", "www-browser", "browsh", "carbonyl", "chawan"}
)


def web_links(links: list[str]) -> list[str]:
    """Only http(s) links: a page could carry ``file:`` or ``javascript:`` ones, or hide
    where a link goes behind bidi controls and invisible characters."""
    return [link for link in links if _WEB_RE.match(link) and is_safe(link)]


def _command(entry: str, url: str) -> list[str] | None:
    """One ``$BROWSER`` entry as a command for ``url``: ``%s`` stands for it, else it
    goes last (as Python's webbrowser and xdg-utils read the variable)."""
    try:
        words = shlex.split(entry)
    except ValueError:
        words = entry.split()
    if not words:
        return None
    if any("%s" in w for w in words):
        return [w.replace("%s", url) for w in words]
    return [*words, url]


def launch_detached(command: list[str]) -> None:
    """Start ``command`` on its own: a new session (no controlling terminal, out of
    reach of the app's signals), stdin, stdout and stderr on /dev/null. It is
    waited for in a daemon thread, so it leaves no zombie behind."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )
    threading.Thread(target=process.wait, name="browser", daemon=True).start()


def _from_environment(url: str, environ: Mapping[str, str]) -> str | None:
    """Try each ``$BROWSER`` entry in turn: a text-mode one is skipped, any other
    (a known browser, ``wslview``, an open-on-host wrapper, a script) is launched
    detached. None when one was launched, else why not."""
    problem = "no browser named in $BROWSER could be started"
    for entry in environ.get("BROWSER", "").split(os.pathsep):
        command = _command(entry, url)
        if command is None:
            continue
        name = os.path.basename(command[0])
        if name in TEXT_BROWSERS:
            problem = "only a text-mode browser is available"
            continue
        if shutil.which(command[0]) is None:
            problem = f"$BROWSER names {name}, which was not found"
            continue
        try:
            launch_detached(command)
        except OSError as exc:
            problem = f"{name} did not start ({exc.strerror or exc})"
            continue
        return None
    return problem


def open_in_browser(url: str, environ: Mapping[str, str] | None = None) -> str | None:
    """Open ``url`` in a graphical browser; returns why not, or None when it was opened.

    ``$BROWSER`` (read each time) comes first, as the user's choice; without it,
    Python's webbrowser picks a browser. A console browser (lynx, w3m…) would
    fight the app for the terminal, so it is never started. Call it in a thread:
    a browser may take a moment to start.
    """
    if not (_WEB_RE.match(url) and is_safe(url)):
        return "not a web link"
    environ = os.environ if environ is None else environ
    if environ.get("BROWSER", "").strip(os.pathsep + " "):
        return _from_environment(url, environ)
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
