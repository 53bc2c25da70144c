"""A write's COMMIT is sent once; a failure after it says the write may have been applied.

The driver's managed transactions (``Session.execute_write``) run a unit of work, send COMMIT,
and run the whole unit again when anything fails transiently, the COMMIT's own failure
included. But a COMMIT that failed may have been applied: a server shutting down can make a
transaction durable and still answer it with a transient failure, or close the connection
before answering (the driver's ``IncompleteCommit``). Running the unit again then applies the
change a second time (a second visit under a second change id) or fails on the server now gone,
and the caller is told plainly that the store is unavailable about a change the graph holds.
So, with ``write_once``:

- a failure before COMMIT is sent (the unit's own, a deadlock, a connection lost while it
  runs) is retried by the driver as before, within its budget (queries/neo4j/timeouts.py):
  nothing was committed;
- once the unit has returned (the driver sends COMMIT next), any failure raises
  ``CommitUncertain`` ("it may have been applied; look at the trail before sending it again"),
  and should the driver try again (about a second later, in a new transaction), the unit
  refuses to run a second time: that transaction is rolled back, empty.

A unit of work consumes the results of what it runs, so that nothing is read from the server
between its return and the COMMIT: a failure there would count as the COMMIT's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from neo4j import ManagedTransaction, Session
from neo4j.exceptions import DriverError, Neo4jError

from graph_model.errors import CommitUncertain

P = ParamSpec("P")
R = TypeVar("R")

#: What the log is told when the driver would run a unit whose COMMIT was sent once again.
RETRY_REFUSED = (
    "the write's COMMIT was sent and failed, and the driver tried to run it again: refused, "
    "as it may have been applied"
)


def write_once(
    session: Session,
    work: Callable[Concatenate[ManagedTransaction, P], R],
    *args: P.args,
    **kwargs: P.kwargs,
) -> R:
    """``session.execute_write(work, *args, **kwargs)``, with COMMIT sent at most once; a
    failure once it may have been sent raises ``CommitUncertain`` from the driver's error."""
    committing = False

    def unit(tx: ManagedTransaction) -> R:
        nonlocal committing
        if committing:  # the driver's retry of a unit whose COMMIT it sent
            raise CommitUncertain(RETRY_REFUSED)
        result = work(tx, *args, **kwargs)
        committing = True  # the driver sends COMMIT as soon as the unit returns
        return result

    try:
        return session.execute_write(unit)
    except (DriverError, Neo4jError) as exc:
        if committing:
            raise CommitUncertain(f"the write's COMMIT failed: {exc}") from exc
        raise


__all__ = ["RETRY_REFUSED", "write_once"]
