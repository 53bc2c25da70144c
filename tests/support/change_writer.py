"""A process that writes changes to Neo4j, as one API worker of several would: for the test that
two processes on one database number their changes uniquely and lose none
(tests/faults/test_two_writers.py).

Run as ``python -m tests.support.change_writer URI PROCESS THREADS CHANGES``: it opens its own
backend (its own driver), says ``ready`` on stdout, waits for a line on stdin (so that the
processes start writing together), then ``THREADS`` threads each apply ``CHANGES`` commands to
the organisation of tests/support/change_cases.py: visits to ``lp-a`` on distinct days (all on
one liaison point: the contended case) and new liaison points of ids unique to the process.
It prints one JSON line: ``[[entity id, change id or null], …]`` for every command.
"""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from graph_model.changes import Command, RecordVisit, SetUpLiaisonPoint
from graph_model.kinds import LiaisonKind
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


def main(uri: str, process: int, threads: int, count: int) -> None:
    backend = Neo4jBackend(uri, "neo4j", "orgraph-test")
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
