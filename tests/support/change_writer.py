"""A process that writes changes, as one API worker of several would: for the test that two
processes on one database, or on one embedded state folder, number their changes uniquely and
lose none (tests/faults/test_two_writers.py).

Run as ``python -m tests.support.change_writer TARGET PROCESS THREADS CHANGES``, TARGET a Bolt
URI or ``state:<folder>`` (the embedded backend's, shared as a server's workers share it: see
queries/embedded/lock.py): it opens its own backend, says ``ready`` on stdout, waits for a line
on stdin (so that the processes start writing together), then ``THREADS`` threads each apply
``CHANGES`` commands to the organisation of tests/support/change_cases.py: visits to ``lp-a``
on distinct days (all on one liaison point: the contended case) and new liaison points of ids
unique to the process.
It prints one JSON line: ``[[entity id, change id or null], …]`` for every command.
"""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from graph_model.changes import Command, RecordVisit, SetUpLiaisonPoint
from graph_model.kinds import LiaisonKind
from graph_model.protocol import Backend
from queries.embedded.backend import MemoryBackend
from queries.neo4j.backend import Neo4jBackend
from tests.support.change_cases import DAY

AT = datetime(2025, 7, 1, tzinfo=UTC)


def commands(process: int, thread: int, count: int) -> list[Command]:
    """Every other one a visit to ``lp-a`` on a day no other command uses, else a new point."""
    made: list[Command] = []
    for number in range(count):
        if number % 2 == 0:
            day = DAY - timedelta(days=process * 400 + thread * 40 + number)
            made.append(RecordVisit("lp-a", day))
        else:
            lp_id = f"lp-p{process}-t{thread}-{number}"
            made.append(SetUpLiaisonPoint(lp_id, "p-wu", LiaisonKind.BRANCH, "br-b"))
    return made


def entity_of(command: Command) -> str:
    return command.liaison_point_id if isinstance(command, RecordVisit) else command.id


#: Changes between the embedded writers' snapshots: a few while both write.
SNAPSHOT_EVERY = 7


def opened(target: str) -> Backend:
    if target.startswith("state:"):
        embedded = MemoryBackend(state_dir=Path(target.removeprefix("state:")))
        embedded._store._snapshot_every = SNAPSHOT_EVERY
        return embedded
    return Neo4jBackend(target, "neo4j", "orgraph-test")


def main(target: str, process: int, threads: int, count: int) -> None:
    backend = opened(target)
    backend.ping()  # connected before the start: the processes then write at once
    print("ready", flush=True)
    sys.stdin.readline()

    def write(thread: int) -> list[tuple[str, int | None]]:
        done = []
        for command in commands(process, thread, count):
            outcome = backend.apply_change(command, f"process-{process}", AT)
            done.append((entity_of(command), outcome.record.id if outcome.record else None))
        return done

    with ThreadPoolExecutor(threads) as pool:
        results = [row for rows in pool.map(write, range(threads)) for row in rows]
    backend.close()
    print(json.dumps(results), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
