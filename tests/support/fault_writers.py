"""Writers that apply changes without pause while a fault test takes the server down, and the
check that every answer they got was true.

``WRITERS`` threads set up liaison points through the backend, one command in three refused by
the rules (its leader does not exist). Each outcome is recorded as the caller saw it:
``applied`` (acknowledged, with its change id), ``refused`` (by the rules), ``unavailable``
(plainly ``BACKEND_UNAVAILABLE``: not applied), ``uncertain`` (``CommitUncertain``: the COMMIT
was sent, it may have been applied) or ``error`` (anything else: a bug).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from graph_model.changes import SetUpLiaisonPoint
from graph_model.errors import BackendUnavailable, CommitUncertain
from graph_model.kinds import LiaisonKind
from queries.neo4j.backend import Neo4jBackend

AT = datetime(2025, 7, 1, 8, 30, tzinfo=UTC)
WRITERS = 4
#: The longest any one wait of a fault test may take: it never hangs.
PATIENCE = 120.0

Kind = Literal["applied", "refused", "unavailable", "uncertain", "error"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one writer's command for the liaison point ``lp_id``."""

    lp_id: str
    kind: Kind
    change_id: int | None = None
    detail: str = ""


class Writers:
    """``WRITERS`` threads applying commands until stopped, each outcome recorded."""

    def __init__(self, backend: Neo4jBackend, prefix: str = "lp") -> None:
        self.backend = backend
        self.prefix = prefix  # the ids of this test's liaison points start with it
        self.outcomes: list[Outcome] = []  # appended to by the threads (atomic in CPython)
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._write, args=(k,), daemon=True) for k in range(WRITERS)
        ]

    def __enter__(self) -> Writers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(PATIENCE)

    def applied(self) -> int:
        return sum(o.kind == "applied" for o in self.outcomes)

    def wait_for_applied(self, more: int) -> None:
        """Until ``more`` changes more than now are acknowledged."""
        applied = self.applied()
        wait_for(lambda: self.applied() >= applied + more, f"{more} more changes")

    def _write(self, writer: int) -> None:
        number = 0
        while not self._stop.is_set():
            number += 1
            refused = number % 3 == 0
            lp_id = f"{self.prefix}-{'no' if refused else 'ok'}-{writer}-{number}"
            leader = "p-nobody" if refused else "p-wu"
            command = SetUpLiaisonPoint(lp_id, leader, LiaisonKind.BRANCH, "br-b")
            self.outcomes.append(self._apply(command))

    def _apply(self, command: SetUpLiaisonPoint) -> Outcome:
        try:
            outcome = self.backend.apply_change(command, "fault-writer", AT)
        except BackendUnavailable as exc:
            time.sleep(0.1)  # the answer is immediate while down: do not spin
            kind: Kind = "uncertain" if isinstance(exc, CommitUncertain) else "unavailable"
            return Outcome(command.id, kind, detail=repr(exc))
        except Exception as exc:  # anything else is a bug the test reports
            return Outcome(command.id, "error", detail=repr(exc))
        if outcome.record is not None:
            return Outcome(command.id, "applied", outcome.record.id)
        return Outcome(command.id, "refused")


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, f"waited {PATIENCE} s for {what}"
        time.sleep(0.02)


def check_outcomes(
    backend: Neo4jBackend, outcomes: list[Outcome], prefix: str = "lp"
) -> dict[str, int]:
    """Every answer true: an acknowledged change is in the trail under its id and in the graph;
    one refused by the rules or answered plainly unavailable is in neither; one whose COMMIT
    was sent (``uncertain``) is in both or in neither. The trail's ids are unique and without
    gaps. ``prefix`` begins the ids of this test's liaison points (the trail may hold an earlier
    test's). Returns how many outcomes of each kind, and how many uncertain ones applied."""
    assert [o for o in outcomes if o.kind == "error"] == []
    total, trail = backend.change_trail(None, 0, 1_000_000, oldest_first=True)
    ids = [entry.id for entry in trail]
    assert ids == list(range(1, total + 1))  # unique, and no number lost or given twice
    recorded = {entry.entity_id: entry.id for entry in trail}

    records, _, _ = backend._driver.execute_query("MATCH (lp:LiaisonPoint) RETURN lp.id AS id")
    in_the_graph = {record["id"] for record in records}

    for outcome in outcomes:
        in_graph = outcome.lp_id in in_the_graph
        if outcome.kind == "applied":
            assert recorded.get(outcome.lp_id) == outcome.change_id, outcome
            assert in_graph, outcome
        elif outcome.kind in ("refused", "unavailable"):
            assert outcome.lp_id not in recorded, outcome
            assert not in_graph, outcome
        else:  # uncertain: applied whole or not at all, the trail and the graph agree
            assert (outcome.lp_id in recorded) == in_graph, outcome
    asked = {o.lp_id for o in outcomes if o.kind not in ("refused", "unavailable")}
    ours = {lp_id for lp_id in recorded if lp_id.startswith(f"{prefix}-")}
    assert ours <= asked  # nothing in the trail no writer sent, or was told failed
    kinds = sorted({o.kind for o in outcomes})
    counts = {kind: sum(o.kind == kind for o in outcomes) for kind in kinds}
    counts["uncertain and applied"] = sum(
        o.kind == "uncertain" and o.lp_id in recorded for o in outcomes
    )
    print(f"\noutcomes: {counts}; trail: {total} changes")
    return counts


__all__ = ["AT", "PATIENCE", "WRITERS", "Outcome", "Writers", "check_outcomes", "wait_for"]
