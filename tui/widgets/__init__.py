"""One widget per module; the app composes them in ``tui.screens.main``."""
