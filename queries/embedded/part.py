"""What each family's embedded part needs from ``MemoryBackend``: the graph of the moment.

The families' ``memory.py`` modules end with a part (``CoverageOnMemory`` …) whose methods answer
the family's questions of the protocol by calling the module's functions with ``self._graph``;
``MemoryBackend`` inherits them all and provides ``_graph``.
"""

from __future__ import annotations

from abc import abstractmethod

from queries.embedded.orggraph import OrgGraph


class MemoryPart:
    """The base of a family's embedded part."""

    @property
    @abstractmethod
    def _graph(self) -> OrgGraph:
        """The graph of the moment: a load swaps it whole, so a method reads it once and
        answers from that one graph; ``MemoryBackend`` asks each question under the store's
        read lock, so no change is applied to it meanwhile."""


__all__ = ["MemoryPart"]
