"""The main screen and the dialogs pushed over it."""
