"""Many read transactions in one generation: how a big question reads Neo4j in bounded pieces.

A question about the whole organisation (the audit, the uncovered branches, a coverage diff …)
cannot hold a national company in one transaction: the server caps each transaction's memory
(``db.memory.transaction.max``). So it asks in pieces, each its own read transaction — a keyset
page of entities (``WHERE x.id > $after ORDER BY x.id LIMIT $chunkRows``) — and all of them
must read the same graph. ``in_one_generation`` pins the generation live when the question
starts, with the moment it was switched to (``queries.neo4j.live.LivePin``), and runs every
piece in that generation (``queries.neo4j.generations.in_generation``). Each piece first
checks, in its own transaction, that the pin still holds, and once every piece has been read
the pin is checked once more: a load that switched in between (and so may have begun deleting
the pinned generation) makes the question start over, and after ``ATTEMPTS`` tries it is
refused as ``LoadInProgress``. Answers never mix generations.

Changes (mutations) write into the live generation, so pieces read before and after a change
may differ by it, exactly as two questions asked one after the other would.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, LiteralString, Protocol, TypeVar

import neo4j
from neo4j import ManagedTransaction, Session
from neo4j import exceptions as neo4j_errors

from graph_model.errors import LoadInProgress, NotFound
from graph_model.results import EntityRef
from queries.neo4j import pinned_cypher as cypher
from queries.neo4j.generations import in_generation
from queries.neo4j.live import LivePin, read_pin
from queries.neo4j.values import entity_ref

#: Entities per piece: tens of thousands, so the sample and an S-sized organisation are one piece
#: and an L-sized one (a million people) stays well under the server's memory cap per piece.
CHUNK_ROWS = 20_000
#: Tries before a question that loads keep overtaking is refused.
ATTEMPTS = 3

T = TypeVar("T")


class GenerationSwitched(Exception):
    """A load switched the live generation while a question read its pieces: start over."""


class _LimitHit(Exception):
    """A server limit hit inside a piece: carried out of the driver's retry loop, since asking
    again would only hit it again."""

    def __init__(self, error: neo4j_errors.Neo4jError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True, slots=True)
class PinnedRead:
    """Reads in one pinned generation; what a big question's answer is computed with."""

    session: Session
    pin: LivePin
    chunk_rows: int
    limits: Collection[str]

    def __call__(self, query: LiteralString, **params: Any) -> list[neo4j.Record]:
        """``query`` in the pinned generation, in a read transaction of its own (a ``Read``)."""
        try:
            return self.session.execute_read(self._piece, query, params)
        except _LimitHit as hit:
            raise hit.error from None  # the backend turns it into ``ResourceLimit``

    def pages(self, query: LiteralString, **params: Any) -> Iterator[neo4j.Record]:
        """The record of each keyset page of ``query``, one transaction each, in id order.

        ``query`` takes ``$after`` (the last id of the page before, ``''`` first) and
        ``$chunkRows``, and returns one record with ``size`` (entities in the page) and
        ``last`` (the page's last id). A page shorter than ``chunk_rows`` is the last.
        """
        after = ""
        while True:
            record = self(query, after=after, chunkRows=self.chunk_rows, **params)[0]
            if record["size"]:
                yield record
            if record["size"] < self.chunk_rows or record["last"] is None:
                return
            after = record["last"]

    def under_unit(self, unit_id: str | None) -> EntityRef | None:
        """The unit a question is limited to, if any; ``NotFound`` when there is no such unit."""
        if unit_id is None:
            return None
        record = self(cypher.UNDER_UNIT, underUnitId=unit_id)[0]
        if not record["found"]:
            raise NotFound(unit_id, ["unit"])
        return entity_ref(record["under"])

    def batches(
        self, query: LiteralString, name: str, values: Sequence[Any], **params: Any
    ) -> Iterator[neo4j.Record]:
        """The records of ``query`` given ``values`` as parameter ``name``, at most
        ``chunk_rows`` of them per transaction."""
        for start in range(0, len(values), self.chunk_rows):
            batch = list(values[start : start + self.chunk_rows])
            yield from self(query, **{name: batch}, **params)

    def _piece(
        self, tx: ManagedTransaction, query: LiteralString, params: dict[str, Any]
    ) -> list[neo4j.Record]:
        if read_pin(tx) != self.pin:
            raise GenerationSwitched
        try:
            return list(tx.run(in_generation(query, self.pin.generation), params))
        except neo4j_errors.Neo4jError as exc:
            if exc.code in self.limits:
                raise _LimitHit(exc) from exc
            raise


class InOneGeneration(Protocol):
    """What a family's Neo4j part declares to read a big question in pieces: the backend's
    ``_in_one_generation``, which computes ``answer`` with a ``PinnedRead``."""

    def __call__(self, answer: Callable[[PinnedRead], T]) -> T: ...


def in_one_generation(
    session: Callable[[], AbstractContextManager[Session]],
    answer: Callable[[PinnedRead], T],
    chunk_rows: int = CHUNK_ROWS,
    limits: Collection[str] = (),
) -> T:
    """``answer`` computed from reads that all see the generation live when it starts.

    ``limits`` are the server's error codes for a limit hit, which are not retried. Starts over
    when a load switches generations meanwhile; refused with ``LoadInProgress`` after
    ``ATTEMPTS`` tries.
    """
    with session() as opened:
        for _ in range(ATTEMPTS):
            pin = opened.execute_read(read_pin)
            try:
                result = answer(PinnedRead(opened, pin, chunk_rows, limits))
            except GenerationSwitched:
                continue
            if opened.execute_read(read_pin) == pin:
                return result
    raise LoadInProgress(
        f"loads replaced the graph {ATTEMPTS} times while the question was being answered; "
        "ask again when they have finished"
    )


__all__ = [
    "ATTEMPTS",
    "CHUNK_ROWS",
    "GenerationSwitched",
    "InOneGeneration",
    "PinnedRead",
    "in_one_generation",
]
