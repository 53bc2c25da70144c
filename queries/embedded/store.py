"""The embedded backend's data: its tables, the graph built from them, and the audit trail.

A change costs what the change costs: it is checked against the graph, appended to the
journal (flushed to disk) when there is a state folder, and only then applied in place to the
tables and the graph (queries.embedded.tables, queries.embedded.apply). Readers never see half
a change: questions share a readers-writer lock (``reading``) and the in-memory apply, a few
dict entries, takes it alone. A refused change writes nothing; one that cannot be saved is
refused (``BackendUnavailable``) and applied nowhere, and ``ping`` says the store is not ready
until a write to its folder succeeds again.

**Group commit.** Writers queue their change (``submit``) and are answered through a future;
one thread of the store's, the committer, commits every change queued by then in one journal
append and one ``fsync`` and answers them all, while the next ones queue. A change whose facts
a change earlier in the group touches (they name a common id) waits for the next group, so
each is checked against the state every change before it left. Why one thread rather than
each writer leading in turn: the API awaits the future on its event loop, so a write takes no
worker thread, and no thread per waiting writer contends for the interpreter's lock (bench/soak.py:
more writes and reads a second, and reads less slowed by writes; the README has the figures).

**Snapshots** are written after ``snapshot_every`` changes or ``snapshot_bytes`` of journal,
in a thread of their own from a copy of the tables, and at ``close``; a load or a whole
replacement writes its own at once. The state folder's lock (queries.embedded.lock) keeps any
other server out.

**Several processes** (the workers of one server, ``orgraph serve --workers N``) each hold a
copy of the organisation and share the journal (queries.embedded.journal). A group is checked
and appended while no other process appends (``Journal.exclusive``), after applying what the
others appended before it (``_follow``), so its change ids follow theirs and its checks see
their changes: no lost update, no id twice. A question first applies what the others have
published (``_catch_up``), so a caller reads its own writes whichever worker answers. A load or
a replacement by another process is read back from the folder whole (``_reload``).

**Locks**, always taken in this order: ``_committing`` (one group or load of this process at a
time), the snapshot lock, the journal (``Journal.exclusive``), ``_applying`` (the tables, graph,
trail and ``_consumed`` move together), the readers-writer lock. A question catching up takes
``_applying`` alone: published records are flushed and final, so it never waits for a group's
flush. While a process holds the journal nothing new is published, so once its group has
followed the others, no question of that process has anything to catch up.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from graph_model.changes import ChangeOutcome, ChangeRecord, Command, Facts, LoadNote
from graph_model.elements import graph_nodes, graph_rels
from graph_model.errors import BackendUnavailable
from graph_model.gc_pause import keep_out_of_collections
from graph_model.records import Bundle
from loaders.canonical import canonical
from queries.changes.check import (
    check,
    facts_from_graph,
    normalised,
    record,
    trail_page,
    wanted,
)
from queries.changes.loads import load_record, refuse_if_moved
from queries.embedded.apply import apply_to_graph
from queries.embedded.journal import Entry, JournalDamaged, Marker
from queries.embedded.lock import FolderLock
from queries.embedded.orggraph import OrgGraph
from queries.embedded.rwlock import ReadWriteLock
from queries.embedded.state import StateDir
from queries.embedded.tables import Tables

log = logging.getLogger(__name__)

#: A snapshot after this many changes (about 60 MB of journal), or this much journal.
SNAPSHOT_EVERY = 100_000
SNAPSHOT_BYTES = 64 * 2**20

#: Seconds the committer thread waits for a change before it ends.
COMMITTER_IDLE = 5.0

#: From this many nodes on, a graph just built is kept out of the collector's reach: a small
#: one's collections are short, and freezing costs a full collection.
SETTLE_FROM = 50_000


def build_graph(bundle: Bundle) -> OrgGraph:
    return OrgGraph.from_elements(graph_nodes(bundle), graph_rels(bundle))


def _settle(graph: OrgGraph) -> None:
    if graph.g.number_of_nodes() >= SETTLE_FROM:
        keep_out_of_collections()


@dataclass(slots=True)
class _Queued:
    """A change waiting for its group's commit, and then its answer."""

    command: Command
    actor: str
    at: datetime
    answer: Future[ChangeOutcome] = field(default_factory=Future)

    @property
    def done(self) -> bool:
        return self.answer.done()

    def finish(self, outcome: ChangeOutcome) -> None:
        self.answer.set_result(outcome)

    def fail(self, error: BaseException) -> None:
        self.answer.set_exception(error)


@dataclass(slots=True)
class _Accepted:
    queued: _Queued
    entry: ChangeRecord
    facts: Facts
    ids: set[str] = field(default_factory=set)


class MemoryStore:
    """What the embedded backend holds; with ``state_dir``, saved there and served from there
    at the next start (the given bundle is then not used)."""

    def __init__(
        self,
        bundle: Bundle | None = None,
        state_dir: Path | None = None,
        snapshot_every: int = SNAPSHOT_EVERY,
        snapshot_bytes: int = SNAPSHOT_BYTES,
    ) -> None:
        self._rw = ReadWriteLock()
        self._committing = threading.Lock()  # one group (or load) is saved at a time
        self._applying = threading.Lock()  # held while the held organisation moves
        self._consumed = 0  # how far in the journal the tables and graph hold its changes
        self._queue_lock = threading.Lock()
        self._queued = threading.Condition(self._queue_lock)  # notified when a change queues
        self._queue: list[_Queued] = []
        self._committer: threading.Thread | None = None  # started by the first change
        self._closing = False
        self._trail: list[ChangeRecord] = []
        self._snapshot_every, self._snapshot_bytes = snapshot_every, snapshot_bytes
        self._since_snapshot = 0  # changes in the journal the snapshot lacks
        self._wrote = False  # whether this store saved a change (a store that only read the
        # folder, as a refused `orgraph load` does, leaves it as it was)
        self._snapshot_size = 0  # the journal's size when the last snapshot was taken
        self._snapshot_through = 0  # the last change the newest snapshot known here holds
        self._snapshotting: threading.Thread | None = None
        self._failure: BackendUnavailable | None = None  # the last write's, until one succeeds
        #: The state folder served instead of the given bundle, if any.
        self.restored_from: Path | None = None
        self._state = StateDir(state_dir) if state_dir is not None else None
        self._lock = FolderLock.take(state_dir, self) if state_dir is not None else None
        if self._state is not None:
            recovered = self._state.recover()
            self._trail = recovered.trail
            self._since_snapshot = recovered.replayed
            self._snapshot_size = self._state.journal.size()
            self._consumed, self._snapshot_through = recovered.end, recovered.snapshot_through
            if recovered.bundle is not None:
                bundle = recovered.bundle
                self.restored_from = self._state.path
                log.info(
                    "serving the saved state in %s (%d changes in its trail)",
                    self._state.path,
                    len(self._trail),
                )
        bundle = bundle or Bundle()
        self._tables = Tables(bundle)
        self.graph = build_graph(bundle)
        _settle(self.graph)

    # -- reading ---------------------------------------------------------------------------
    @contextmanager
    def reading(self) -> Iterator[None]:
        """Hold this while reading ``graph``: no change is applied meanwhile, and every change
        answered before it began, by any process, is in it."""
        if not self._rw.reads_already():  # a nested question: caught up by the outer one
            self._catch_up()
        with self._rw.reading():
            yield

    def reading_if_free(self) -> AbstractContextManager[bool]:
        """``reading`` if it needs no wait (True), else nothing held (False)."""
        if self._behind() is not None:
            return nullcontext(False)
        return self._rw.reading_if_free()

    @property
    def bundle(self) -> Bundle:
        """The bundle held now (a copy of every table: for snapshots and tests)."""
        with self.reading():
            return self._tables.bundle()

    def snapshot(self) -> Bundle:
        """The bundle held now, changes included, in canonical order."""
        return canonical(self.bundle)

    def trail(
        self, entity_id: str | None, offset: int, limit: int, oldest_first: bool = False
    ) -> tuple[int, tuple[ChangeRecord, ...]]:
        with self.reading():
            trail = list(self._trail)
        return trail_page(trail, entity_id, offset, limit, oldest_first)

    def ping(self) -> None:
        """Return when changes can be saved; after a failed save, only once a probe write to
        the state folder succeeds again."""
        failure = self._failure
        if failure is None or self._state is None:
            return
        try:
            self._state.probe()
        except OSError as exc:
            raise BackendUnavailable(f"cannot save the state in {self._state.path}: {exc}") from exc
        log.info("the state folder %s can be written again", self._state.path)
        self._failure = None

    # -- whole bundles ---------------------------------------------------------------------
    def replace(self, bundle: Bundle) -> None:
        """Hold ``bundle`` instead, saved when there is a state folder; the trail stays."""
        self._hold(bundle, lambda last: None)

    def load(self, bundle: Bundle, note: LoadNote) -> ChangeRecord:
        """Hold ``bundle`` and record the load in the trail, saved together; refused, changing
        nothing, when the trail has moved past ``note.last_change``."""

        def entry_after(last: int) -> ChangeRecord:
            refuse_if_moved(note, last)
            return load_record(note, last + 1)

        entry = self._hold(bundle, entry_after)
        assert entry is not None
        return entry

    def save_state(self) -> None:
        """Save what is held in the state folder, when it holds no organisation yet (a fresh
        folder served with a bundle saves it with its first change): workers start from it."""
        if self._state is None:
            return
        with self._committing, self._snapshot_alone(), self._journal_alone() as end:
            self._follow(end)
            if not self._state.has_bundle():
                bundle, last = self._copy()
                self._saved(lambda state: state.save(bundle, through=last))
                self._snapshot_taken(last)
                with self._applying:
                    self._consumed = self._state.journal.end()

    def _hold(
        self, bundle: Bundle, entry_after: Callable[[int], ChangeRecord | None]
    ) -> ChangeRecord | None:
        """Hold ``bundle``, with the trail entry ``entry_after`` makes of the last change id."""
        graph = build_graph(bundle)
        tables = Tables(bundle)
        with self._committing:
            if self._state is not None:
                self._refuse_unless_owner()
                self._wait_for_snapshot()
            with self._snapshot_alone(), self._journal_alone() as end:
                self._follow(end)
                last = self._last_id()
                entry = entry_after(last)
                if self._state is not None:
                    self._saved(lambda state: state.save(bundle, entry, through=last))
                    self._snapshot_taken(entry.id if entry else last)
                    end = self._state.journal.end()
                with self._applying, self._rw.writing():
                    self._tables, self.graph = tables, graph
                    if entry is not None:
                        self._trail.append(entry)
                    self._consumed = end
        _settle(graph)
        return entry

    # -- changes ---------------------------------------------------------------------------
    def change(self, command: Command, actor: str, at: datetime) -> ChangeOutcome:
        """Check ``command``; apply, save and record it, or answer its errors."""
        return self.submit(command, actor, at).result()

    def submit(self, command: Command, actor: str, at: datetime) -> Future[ChangeOutcome]:
        """``change``, answered through a future once the change's group is saved and applied
        (or refused): the caller need not wait in a thread of its own."""
        queued = _Queued(normalised(command), actor, at)
        with self._queue_lock:
            if self._closing:
                raise BackendUnavailable("the store is closed")
            self._queue.append(queued)
            self._queued.notify()
            if self._committer is None:
                self._committer = threading.Thread(
                    target=self._commit_forever, name="orgraph-commit", daemon=True
                )
                self._committer.start()
        return queued.answer

    def _commit_forever(self) -> None:
        """The committer: group after group, until the store closes with nothing queued or
        nothing comes for ``COMMITTER_IDLE`` seconds (the next change starts another: a store
        dropped without ``close`` keeps no thread)."""
        while True:
            with self._queue_lock:
                while not self._queue and not self._closing:
                    if not self._queued.wait(COMMITTER_IDLE) and not self._queue:
                        self._committer = None
                        return
                if not self._queue:
                    return
            with self._committing:
                self._commit_queued()

    def _commit_queued(self) -> None:
        """Commit the changes queued now, as one group (see the module's docstring)."""
        with self._queue_lock:
            queued, self._queue = self._queue, []
        try:
            self._refuse_unless_owner()
            with self._journal_alone() as end:
                self._follow(end)  # the other processes' changes, before checking against them
                group = self._grouped(queued)
                saved = self._save(group) if group else None
                if saved is not None:  # in memory before it is published
                    self._apply(group, saved)
        except Exception as exc:  # refused whole; a bug is logged, and the committer goes on
            if not isinstance(exc, BackendUnavailable):
                log.exception("a group of %d changes failed", len(queued))
            saved = None
            with self._queue_lock:  # those queued again wait for the next group instead
                again = {id(waiting) for waiting in self._queue}
            for waiting in queued:
                if not waiting.done and id(waiting) not in again:
                    waiting.fail(exc)
        if saved is not None:  # answered once published: any process's question then sees it
            for accepted in group:
                accepted.queued.finish(ChangeOutcome(accepted.entry))
            self._maybe_snapshot()

    def _grouped(self, queued: list[_Queued]) -> list[_Accepted]:
        """The changes of ``queued`` checked in turn: those accepted, numbered from the last id
        on (refused ones are answered, those that must wait are queued again)."""
        group: list[_Accepted] = []
        touched: set[str] = set()
        later: list[_Queued] = []
        next_id = self._last_id() + 1
        for waiting in queued:
            if later:  # keep the order: a change queued after one that waits waits too
                later.append(waiting)
                continue
            try:
                accepted = self._checked(waiting, next_id, touched)
            except Exception as exc:  # a bug in one change: answered to its own caller
                waiting.fail(exc)
                continue
            if accepted is None:
                if not waiting.done:
                    later.append(waiting)
                continue
            group.append(accepted)
            touched |= accepted.ids
            next_id += 1
        if later:
            with self._queue_lock:
                self._queue[:0] = later
        return group

    def _checked(self, waiting: _Queued, next_id: int, touched: set[str]) -> _Accepted | None:
        """``waiting`` checked and recorded as change ``next_id``; None when it must wait for
        the next group (it names an id the group touches) or was refused (answered)."""
        want = wanted(waiting.command)
        if touched.intersection(want.ids):
            return None
        facts = facts_from_graph(self.graph, want)
        errors = check(waiting.command, facts)
        if errors:
            waiting.finish(ChangeOutcome(errors=errors))
            return None
        entry = record(waiting.command, facts, next_id, waiting.actor, waiting.at)
        return _Accepted(waiting, entry, facts, {*want.ids, *entry.entity_ids})

    def _save(self, group: list[_Accepted]) -> int | None:
        """Save ``group`` (one append, one flush): where the journal now ends, or None when it
        could not be saved (the group is answered so)."""
        changes = [(a.entry, a.queued.command) for a in group]
        try:
            if self._state is not None and not self._state.has_bundle():
                self._first_save(self._state, changes)
            elif self._state is not None:
                self._saved(lambda state: state.append(changes))
                self._since_snapshot += len(changes)
                self._wrote = True
        except BackendUnavailable as exc:
            for accepted in group:
                accepted.queued.fail(exc)
            return None
        return self._state.journal.end() if self._state is not None else 0

    def _apply(self, group: list[_Accepted], end: int) -> None:
        """Apply ``group``, saved up to ``end`` of the journal."""
        with self._applying, self._rw.writing():
            for accepted in group:
                command = accepted.queued.command
                self._tables.apply(command)
                apply_to_graph(self.graph, command, accepted.facts)
                self._trail.append(accepted.entry)
            self._consumed = end

    def _first_save(self, state: StateDir, changes: list[tuple[ChangeRecord, Command]]) -> None:
        """A fresh folder's first changes, saved with its first snapshot. The journal is held
        already, so the snapshot lock is not waited for: a process writing a snapshot there
        now (two starting on a fresh folder at once) has this group refused."""
        first = Tables(self._copy()[0])
        for _, command in changes:
            first.apply(command)
        with state.snapshot_lock(wait=False) as alone:
            if not alone:
                raise BackendUnavailable(f"another process is saving {state.path}; try again")
            self._saved(lambda state: state.save(first.bundle(), changes=changes))
        self._snapshot_taken(changes[-1][0].id)

    # -- the other processes' changes ------------------------------------------------------
    def _snapshot_alone(self) -> AbstractContextManager[bool]:
        """The snapshot lock, waited for (before the journal: see ``StateDir.snapshot_lock``)."""
        state = self._state
        return state.snapshot_lock(wait=True) if state is not None else nullcontext(True)

    def _journal_alone(self) -> AbstractContextManager[int]:
        """The journal held alone across processes (yields its end); nothing without a folder."""
        return self._state.journal.exclusive() if self._state is not None else nullcontext(0)

    def _behind(self) -> int | None:
        """Where the journal's published changes end, when this store lacks some; else None."""
        if self._state is None:
            return None
        committed = self._state.journal.committed()
        return committed if committed > self._consumed else None

    def _catch_up(self) -> None:
        """Apply the changes other processes published up to now. A load or a replacement
        among them is read back whole as a group of this process would: after it."""
        target = self._behind()
        if target is None or self._follow(target, reload=False):
            return
        assert self._state is not None
        with self._committing:
            self._follow(self._state.journal.committed())

    def _follow(self, end: int, reload: bool = True) -> bool:
        """Apply the journal's records from where this store stands to ``end``: the changes
        other processes made. After a load or a replacement of theirs, the folder is read
        again (``_reload``) when ``reload`` says the caller holds ``_committing``; otherwise
        False says it is still to do."""
        if self._state is None:
            return True
        with self._applying:
            if end <= self._consumed:
                return True
            try:
                records = self._state.journal.read_between(self._consumed, end)
            except (OSError, JournalDamaged) as exc:
                path = self._state.path
                raise BackendUnavailable(f"cannot read the journal in {path}: {exc}") from exc
            if not any(_replaces(record) for record in records):
                self._apply_records(records, end)
                return True
        if not reload:
            return False
        self._reload()
        return True

    def _apply_records(self, records: list[Entry | Marker], end: int) -> None:
        """Apply another process's ``records``, which end at ``end`` (``_applying`` held)."""
        changes = [r for r in records if isinstance(r, Entry) and r.command is not None]
        for marker in (r for r in records if isinstance(r, Marker)):
            self._snapshot_through = max(self._snapshot_through, marker.through)
        if changes:  # markers alone keep questions going
            with self._rw.writing():
                for entry in changes:
                    assert entry.command is not None
                    facts = facts_from_graph(self.graph, wanted(entry.command))
                    self._tables.apply(entry.command)
                    apply_to_graph(self.graph, entry.command, facts)
                    self._trail.append(entry.record)
        self._consumed = end

    def _reload(self) -> None:
        """Serve what the folder holds now, read whole (another process loaded a bundle)."""
        assert self._state is not None
        recovered = self._state.recover()
        bundle = recovered.bundle or Bundle()
        tables, graph = Tables(bundle), build_graph(bundle)
        with self._applying, self._rw.writing():
            self._tables, self.graph, self._trail = tables, graph, recovered.trail
            self._snapshot_through = recovered.snapshot_through
            self._consumed = recovered.end
        _settle(graph)

    def _copy(self) -> tuple[Bundle, int]:
        """A copy of the tables, with the last change they hold."""
        with self._applying:
            return self._tables.bundle(), self._last_id()

    def _last_id(self) -> int:
        return self._trail[-1].id if self._trail else 0

    # -- saving ----------------------------------------------------------------------------
    def _saved(self, save: Callable[[StateDir], None]) -> None:
        """Run ``save(state)``; remember a failure until a write succeeds again."""
        assert self._state is not None
        try:
            save(self._state)
        except BackendUnavailable as exc:
            log.error("%s", exc)
            self._failure = exc
            raise
        self._failure = None

    def _refuse_unless_owner(self) -> None:
        if self._lock is not None and self._lock.owner is not self:
            raise BackendUnavailable(f"this store no longer holds {self._lock.folder}")

    def _snapshot_taken(self, through: int) -> None:
        assert self._state is not None
        self._since_snapshot = 0
        self._snapshot_size = self._state.journal.size()
        self._snapshot_through = through

    def _maybe_snapshot(self) -> None:
        """Start a snapshot in the background when the journal has grown enough since the
        last (the caller holds the commit lock: one snapshot is started at a time)."""
        if self._state is None or (self._snapshotting and self._snapshotting.is_alive()):
            return
        grown = self._state.journal.size() - self._snapshot_size
        if self._since_snapshot < self._snapshot_every and grown < self._snapshot_bytes:
            return
        (bundle, through), state = self._copy(), self._state
        self._snapshot_taken(through)

        def write() -> None:
            try:
                state.write_snapshot(bundle, through)  # False: another process writes one
            except OSError as exc:  # the journal still holds every change: only a slower start
                log.warning("no snapshot of %s written (%s)", state.path, exc)

        self._snapshotting = threading.Thread(target=write, name="orgraph-snapshot", daemon=True)
        self._snapshotting.start()

    def _wait_for_snapshot(self) -> None:
        if self._snapshotting is not None:
            self._snapshotting.join()
            self._snapshotting = None

    def close(self) -> None:
        """Write a last snapshot when this store saved changes the newest snapshot lacks, and
        let the folder go."""
        self._stop_committing()
        if self._state is None or self._lock is None:
            return
        with self._committing:
            self._wait_for_snapshot()
            owner = self._lock.owner is self
            if self._wrote and owner and self._failure is None:
                self._final_snapshot(self._state)
            if owner:
                self._state.close()
            self._lock.release(self)

    def _stop_committing(self) -> None:
        """Answer what is queued, then let the committer end; later changes are refused."""
        with self._queue_lock:
            self._closing = True
            self._queued.notify()
            committer = self._committer
        if committer is not None and committer is not threading.current_thread():
            committer.join()

    def _final_snapshot(self, state: StateDir) -> None:
        try:
            self._follow(state.journal.committed())  # another worker's snapshot, if any
            if self._last_id() <= self._snapshot_through:
                return  # the newest snapshot holds every change: no copy of the tables
            bundle, last = self._copy()
            if state.write_snapshot(bundle, last):
                self._snapshot_taken(last)
        except (OSError, BackendUnavailable) as exc:
            log.warning("no snapshot of %s at close (%s)", state.path, exc)


def _replaces(record: Entry | Marker) -> bool:
    """Whether ``record`` holds a whole new organisation: a load, or a replacement."""
    if isinstance(record, Marker):
        return record.replaced
    return record.command is None and not record.older


__all__ = ["MemoryStore", "build_graph"]
