"""The PaperScope terminal app (Textual). Everything that imports Textual lives here."""
