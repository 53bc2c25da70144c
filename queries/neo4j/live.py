"""The live generation a question reads: remembered by the backend, checked by the question.

A question is read in the generation that is live (docs/architecture.md, "Loading Neo4j").
Reading the graph state first, in a statement of its own, costs a round trip to the server per
question; so the backend remembers the last pin it read (``LivePin``: the live generation and
the moment a load switched to it) and runs each question behind ``GUARD``, as
one auto-commit statement: the guard reads the graph state and stops the statement, before the
question reads anything, unless the remembered pin still holds. The question then runs again
the old way, in a transaction the driver retries, the pin read first in it, and the backend
remembers that pin.

So a stale pin costs one failed statement, never a wrong answer: a load switches by changing
the pin and only then deletes the generation it retired, so a question that started in the
pinned generation was reading the live graph when it started, exactly as a question that read
the pin first. (Two switches, away and back, change ``switchedAt`` even when they bring the
same generation back; it is compared as text, since the server's ``=`` tells a time zone named
``UTC`` from the offset ``Z``.) The pin is per process: another process's load is seen by the
guard.

The guard fails by dividing by zero, the one way a read statement can stop itself; a question
that divides by zero itself fails the same way when it runs again unguarded, with its own error.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, LiteralString

import neo4j
from neo4j import AsyncManagedTransaction, AsyncSession, ManagedTransaction, Session
from neo4j import exceptions as neo4j_errors

from queries.neo4j.generations import Generation, in_generation

#: The pin: the live generation, and when it was switched to as text ('' before any switch).
LIVE_PIN: LiteralString = (
    "OPTIONAL MATCH (s:GraphState {name: 'graph'}) "
    "RETURN coalesce(s.live, 0) AS live, coalesce(toString(s.switchedAt), '') AS switchedAt"
)
#: Goes before a question's text: no row, and an ``ArithmeticError``, unless the graph state
#: still holds the pin in ``$assumedLive`` and ``$assumedSwitchedAt``.
GUARD: LiteralString = (
    "OPTIONAL MATCH (liveState:GraphState {name: 'graph'}) "
    "WITH liveState WHERE 1 / CASE WHEN coalesce(liveState.live, 0) = $assumedLive "
    "  AND coalesce(toString(liveState.switchedAt), '') = $assumedSwitchedAt "
    "  THEN 1 ELSE 0 END = 1 "
)
#: The server's code for a failed guard (and for any division by zero).
GUARD_FAILED = "Neo.ClientError.Statement.ArithmeticError"


@dataclass(frozen=True, slots=True)
class LivePin:
    """The live generation, and when a load switched to it as text ('' before any switch)."""

    generation: Generation
    switched_at: str

    @classmethod
    def of(cls, record: neo4j.Record) -> LivePin:
        return cls(1 if record["live"] == 1 else 0, record["switchedAt"])


@lru_cache(maxsize=2048)
def guarded(query: LiteralString, generation: Generation) -> LiteralString:
    """``query`` in ``generation``, behind the guard; each text built once per process."""
    return GUARD + in_generation(query, generation)


def read_pinned(
    session: Session,
    query: LiteralString,
    params: dict[str, Any],
    pin: LivePin,
    limits: Collection[str],
) -> list[neo4j.Record] | None:
    """``query`` in ``pin``'s generation, one auto-commit statement: one round trip. None when
    the pin is stale, or the server or the connection failed in a way worth retrying (but for
    ``limits``, the codes of a server limit hit): asked again, the question reads a fresh pin
    in a transaction the driver retries."""
    with _UnlessWorthAskingAfresh(limits):
        return list(session.run(*_pinned(query, params, pin)))
    return None


async def read_pinned_async(
    session: AsyncSession,
    query: LiteralString,
    params: dict[str, Any],
    pin: LivePin,
    limits: Collection[str],
) -> list[neo4j.Record] | None:
    """``read_pinned`` through the async driver (queries.neo4j.on_loop)."""
    with _UnlessWorthAskingAfresh(limits):
        return [record async for record in await session.run(*_pinned(query, params, pin))]
    return None


def read_pin(tx: ManagedTransaction) -> LivePin:
    """The pin of the generation live now, in ``tx``."""
    return LivePin.of(tx.run(LIVE_PIN).single(strict=True))


async def read_pin_async(tx: AsyncManagedTransaction) -> LivePin:
    """``read_pin`` through the async driver."""
    return LivePin.of(await (await tx.run(LIVE_PIN)).single(strict=True))


def _pinned(
    query: LiteralString, params: dict[str, Any], pin: LivePin
) -> tuple[LiteralString, dict[str, Any]]:
    """The guarded statement of ``query`` in ``pin``'s generation, and its parameters."""
    checked = {**params, "assumedLive": pin.generation, "assumedSwitchedAt": pin.switched_at}
    return guarded(query, pin.generation), checked


class _UnlessWorthAskingAfresh:
    """Lets through a pinned statement's failure unless it leaves the question to be asked
    afresh (the block is then left, its failure swallowed): a stale pin, a failure the driver
    would retry but a server limit hit (``limits``), a lost connection."""

    def __init__(self, limits: Collection[str]) -> None:
        self.limits = limits

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _: Any
    ) -> bool:
        if isinstance(error, neo4j_errors.Neo4jError):
            code = error.code
            return code == GUARD_FAILED or (error.is_retryable() and code not in self.limits)
        return isinstance(error, (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired))


__all__ = [
    "GUARD",
    "GUARD_FAILED",
    "LIVE_PIN",
    "LivePin",
    "guarded",
    "read_pin",
    "read_pin_async",
    "read_pinned",
    "read_pinned_async",
]
