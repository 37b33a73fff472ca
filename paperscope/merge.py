"""The merge rules' public names (they live in ``paperscope.library.merge``)."""

from .library.merge import FUZZY_TITLE, PEER_REVIEWED, YEAR_SLACK, build_view, same_paper

__all__ = ["FUZZY_TITLE", "PEER_REVIEWED", "YEAR_SLACK", "build_view", "same_paper"]
