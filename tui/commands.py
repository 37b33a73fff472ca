"""The command palette (ctrl+p): every action of the app, and any author by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.screen import Screen

from paperscope.browse import SORT_LABELS, SORTS
from paperscope.safe_text import printable
from paperscope.search import WordMatch, fold, name_matcher, words

from .keys import bindings_of, key_label
from .screens.main import MainScreen
from .wording import plural

MAX_AUTHOR_HITS = 20


def author_label(matcher: Matcher, name: str, papers: int, typed: str) -> Content:
    """``Author: NAME (N papers)`` with the typed words shown in the name, never read
    as markup (names are data)."""
    head = "Author: "
    shown = printable(name)
    label = Content(f"{head}{shown} ({plural(papers, 'paper')})")
    for start, end in WordMatch(prefixes=tuple(words(typed))).spans(shown):
        label = label.stylize(matcher.match_style, len(head) + start, len(head) + end)
    return label


class PaperScopeCommands(Provider):
    """Actions from the main screen's and the app's bindings, sorts, and authors."""

    def _main(self) -> MainScreen | None:
        screen = self.screen
        return screen if isinstance(screen, MainScreen) else None

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        main = self._main()
        if main is None:
            return []
        commands: list[tuple[str, str, Callable[[], Any]]] = [
            ("Open the paper in the reader", "Enter on the paper list", main.action_open_paper)
        ]
        # The app's bindings from the running app: importing its class would close an
        # import circle (the app names this provider).
        targets: list[tuple[Binding, Screen[Any] | App[Any]]] = [
            (b, main) for b in bindings_of(type(main))
        ]
        targets += [(b, self.app) for b in bindings_of(type(self.app))]
        for binding, target in targets:
            if binding.action in ("next_pane", "previous_pane", "back"):
                continue
            help_text = f"{binding.tooltip or binding.description} ({key_label(binding)})"
            commands.append(
                (binding.description, help_text, partial(target.run_action, binding.action))
            )
        for sort in SORTS[1:]:  # relevance comes by itself with a search
            name = "first author" if sort == "author" else sort
            commands.append(
                (
                    f"Sort by {name}",
                    f"List papers by {SORT_LABELS[sort]} (S turns it around)",
                    partial(main.set_sort, sort),
                )
            )
        commands.append(
            (
                "Clear the author filter",
                "Show every author's papers again",
                partial(main.choose_author, None),
            )
        )
        commands.append(
            (
                "Reload the library",
                "Read the library file again",
                partial(main.load_library, "reload"),
            )
        )
        return commands

    async def discover(self) -> Hits:
        for name, help_text, command in self._commands():
            yield DiscoveryHit(name, command, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help_text)
        main = self._main()
        # the rule of au: and the author filter: accents and case folded, words' starts
        matches = name_matcher(query)
        snapshot = main.snapshot if main is not None else None
        if main is None or matches is None or len(query.strip()) < 2:
            return
        if snapshot is None or not snapshot.complete:
            return
        found = 0
        folded = self.matcher(fold(query))
        for cluster in snapshot.ranked:
            if matches(cluster.name):
                label = author_label(matcher, cluster.name, cluster.count, query)
                yield Hit(
                    0.5 + 0.5 * folded.match(fold(cluster.name)),
                    label,
                    partial(main.go_to_author, cluster.key),
                    text=label.plain,
                    help="Show this author's papers, years and co-authors",
                )
                found += 1
                if found >= MAX_AUTHOR_HITS:
                    break
