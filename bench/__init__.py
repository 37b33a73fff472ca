"""PaperScope's benchmark suite: synthetic pages, libraries of 1k-100k papers, one table."""
