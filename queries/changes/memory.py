"""Changes on the embedded backend: its store checks, saves (journal first), applies in place
and records a change, and keeps the trail (``queries.embedded.store``, running the pure checks
of ``queries.changes.check``)."""

from __future__ import annotations

from concurrent.futures import Future
from datetime import datetime

from graph_model.changes import ChangeOutcome, ChangeRecord, Command
from queries.embedded.store import MemoryStore


class ChangesOnMemory:
    """``Backend``'s changes and audit trail (``ChangeQuestions``) on the embedded backend's
    store, which ``MemoryBackend`` provides as ``_store``."""

    _store: MemoryStore

    def apply_change(self, command: Command, actor: str, at: datetime) -> ChangeOutcome:
        return self._store.change(command, actor, at)

    def submit_change(self, command: Command, actor: str, at: datetime) -> Future[ChangeOutcome]:
        """``apply_change`` answered through a future, the caller not waiting meanwhile."""
        return self._store.submit(command, actor, at)

    def change_trail(
        self, entity_id: str | None, offset: int, limit: int, oldest_first: bool = False
    ) -> tuple[int, tuple[ChangeRecord, ...]]:
        return self._store.trail(entity_id, offset, limit, oldest_first)


__all__ = ["ChangesOnMemory"]
