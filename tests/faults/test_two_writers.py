"""Two processes writing to one Neo4j at once, as two API workers (or two servers) would:
every change gets an id of its own, the ids leave no gap, and no change is lost — visits to one
liaison point from both processes included (the contended case of a lost update).

Each change takes the next number from the trail's one ``:ChangeLog`` node in its own
transaction (queries/changes/cypher.py, ``NEXT_CHANGE_ID``): the node's write lock orders the
changes of every process, and ``:Change.seq`` is unique by constraint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from queries.neo4j.backend import Neo4jBackend
from tests.support.change_cases import org

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parent.parent.parent
PROCESSES = 2
THREADS = 4
CHANGES = 30  # per thread: half of them visits to lp-a
#: Seconds a writer process may take, start included (a busy 2-core machine).
PATIENCE = 180


def test_two_processes_number_their_changes_uniquely_and_lose_none(
    neo4j_backend: Neo4jBackend, neo4j_uri: str
) -> None:
    neo4j_backend.replace_all(org().bundle())
    first_new = neo4j_backend.change_trail(None, 0, 1)[0] + 1  # the trail outlives loads

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tests.support.change_writer", neo4j_uri]
    writers = [
        subprocess.Popen(
            [*command, str(process), str(THREADS), str(CHANGES)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for process in range(PROCESSES)
    ]
    try:
        for writer in writers:  # both connected before either writes
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        outputs = [writer.communicate("go\n", timeout=PATIENCE)[0] for writer in writers]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
    assert [writer.returncode for writer in writers] == [0] * PROCESSES
    done = [tuple(row) for output in outputs for row in json.loads(output.splitlines()[-1])]

    acknowledged = [change_id for _, change_id in done]
    assert None not in acknowledged  # none was refused
    assert len(acknowledged) == PROCESSES * THREADS * CHANGES
    last = first_new + len(acknowledged) - 1
    assert sorted(acknowledged) == list(range(first_new, last + 1))  # unique, no gap

    _, trail = neo4j_backend.change_trail(None, 0, len(acknowledged))  # the newest
    assert {entry.id: entry.entity_id for entry in trail} == {
        change_id: entity for entity, change_id in done
    }
    visits_written = Counter(entity for entity, _ in done)["lp-a"]
    records, _, _ = neo4j_backend._driver.execute_query(
        "MATCH (:Person)-[v:VISITED]->(:LiaisonPoint {id: 'lp-a'}) RETURN count(v) AS visits"
    )
    assert records[0]["visits"] == visits_written  # no visit overwritten by another
