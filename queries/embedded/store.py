"""The embedded backend's data: a bundle, the graph built from it, and the audit trail.

Readers take ``store.graph`` and keep it for their question; a change builds a whole new
graph from the changed bundle and swaps it in with one assignment, so a reader never sees
half a change and a refused or failed one leaves everything as it was. Changes are applied one
at a time (a lock), each saved to the state folder, when there is one, before it is swapped in.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path

from graph_model.changes import ChangeOutcome, ChangeRecord, Command, LoadNote
from graph_model.elements import graph_nodes, graph_rels
from graph_model.records import Bundle
from loaders.canonical import canonical
from queries.changes.check import (
    apply_to_bundle,
    check,
    facts_from_graph,
    normalised,
    record,
    trail_page,
    wanted,
)
from queries.changes.loads import load_record, refuse_if_moved
from queries.embedded.orggraph import OrgGraph
from queries.embedded.state import StateDir

log = logging.getLogger(__name__)


def build_graph(bundle: Bundle) -> OrgGraph:
    return OrgGraph.from_elements(graph_nodes(bundle), graph_rels(bundle))


class MemoryStore:
    """What the embedded backend holds; with ``state_dir``, saved there and served from there
    at the next start (the given bundle is then not used)."""

    def __init__(self, bundle: Bundle | None = None, state_dir: Path | None = None) -> None:
        self._lock = threading.Lock()
        self._state = StateDir(state_dir) if state_dir is not None else None
        self._trail: list[ChangeRecord] = []
        #: The state folder served instead of the given bundle, if any.
        self.restored_from: Path | None = None
        if self._state is not None:
            saved, self._trail = self._state.load()
            if saved is not None:
                bundle = saved
                self.restored_from = self._state.path
                log.info(
                    "serving the saved state in %s (%d changes in its trail)",
                    self._state.path,
                    len(self._trail),
                )
        self.bundle = bundle or Bundle()
        self.graph = build_graph(self.bundle)

    def replace(self, bundle: Bundle) -> None:
        """Hold ``bundle`` instead, saved when there is a state folder; the trail stays."""
        with self._lock:
            graph = build_graph(bundle)
            if self._state is not None:
                self._state.save(bundle)
            self.bundle, self.graph = bundle, graph

    def load(self, bundle: Bundle, note: LoadNote) -> ChangeRecord:
        """Hold ``bundle`` and record the load in the trail, saved together; refused, changing
        nothing, when the trail has moved past ``note.last_change``."""
        with self._lock:
            last = self._trail[-1].id if self._trail else 0
            refuse_if_moved(note, last)
            entry = load_record(note, last + 1)
            graph = build_graph(bundle)
            if self._state is not None:
                self._state.save(bundle, entry)
            self._trail.append(entry)
            self.bundle, self.graph = bundle, graph
            return entry

    def snapshot(self) -> Bundle:
        """The bundle held now, changes included, in canonical order."""
        return canonical(self.bundle)

    def change(self, command: Command, actor: str, at: datetime) -> ChangeOutcome:
        """Check ``command``; apply, save and record it, or answer its errors."""
        command = normalised(command)
        with self._lock:
            facts = facts_from_graph(self.graph, wanted(command))
            errors = check(command, facts)
            if errors:
                return ChangeOutcome(errors=errors)
            next_id = self._trail[-1].id + 1 if self._trail else 1
            entry = record(command, facts, next_id, actor, at)
            bundle = apply_to_bundle(self.bundle, command)
            graph = build_graph(bundle)
            if self._state is not None:
                self._state.save(bundle, entry)
            self._trail.append(entry)
            self.bundle, self.graph = bundle, graph
            return ChangeOutcome(entry)

    def trail(
        self, entity_id: str | None, offset: int, limit: int, oldest_first: bool = False
    ) -> tuple[int, tuple[ChangeRecord, ...]]:
        return trail_page(list(self._trail), entity_id, offset, limit, oldest_first)


__all__ = ["MemoryStore", "build_graph"]
