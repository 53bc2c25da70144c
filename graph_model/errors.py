"""Errors raised across orgraph.

The tree::

    OrgraphError
    ├── BundleError          a bundle failed validation; ``problems`` lists every one
    ├── NotFound             no entity with that id (of the expected kind)
    ├── InvalidRequest       a question asked with arguments that cannot be answered
    ├── Forbidden            the caller may not do this (a role too low, a scope naming no unit)
    ├── BackendUnavailable   the store did not answer (server down, wrong credentials)
    │   ├── LoadInProgress   a load is replacing the graph: changes (and other loads) wait
    │   └── CommitUncertain  lost after a write's COMMIT was sent: it may have been applied
    └── ResourceLimit        a question hit a limit of the store (memory per transaction, time)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a bundle, located as ``file:row: column: message``, or, in a
    workbook, as ``sheet!A12: column: message`` (the cell a person can click to).

    ``row`` counts as a spreadsheet does: the header is row 1, the first record row 2
    (for JSON, the 1-based position of the object in its array). Row 0 means the whole file.
    ``file`` is the sheet's name for a workbook, and ``cell`` the problem's cell there (None
    for a CSV or JSON bundle, or a problem of a whole sheet). ``code`` names the kind of
    problem, stable across versions and languages, and ``params`` the values its message was
    written with, so that the message can be said again in another language
    (loaders/messages.py); a problem without a code is said only in its ``message``.
    """

    file: str
    row: int
    column: str
    message: str
    severity: Severity = Severity.ERROR
    cell: str | None = None
    code: str = ""
    params: tuple[tuple[str, str], ...] = ()

    @property
    def where(self) -> str:
        """``file:row``, or ``sheet!cell`` in a workbook."""
        if self.cell is not None:
            return f"{self.file}!{self.cell}"
        return f"{self.file}:{self.row}"

    def __str__(self) -> str:
        return f"{self.where}: {self.column}: {self.message}"


class OrgraphError(Exception):
    """Base of every error orgraph raises on purpose."""

    code = "INTERNAL"


class BundleError(OrgraphError):
    """A bundle was rejected whole; nothing was written."""

    code = "INVALID_BUNDLE"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(f"bundle rejected: {len(self.problems)} problem(s)")

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class NotFound(OrgraphError):
    code = "NOT_FOUND"

    def __init__(self, entity_id: str, expected: Iterable[str] = ()) -> None:
        kinds = " or ".join(expected)
        self.entity_id = entity_id
        super().__init__(f"no {kinds or 'entity'} with id {entity_id!r}")


class InvalidRequest(OrgraphError):
    code = "INVALID_REQUEST"


class Forbidden(OrgraphError):
    """The caller may not do this (a role too low, a scope naming no unit)."""

    code = "FORBIDDEN"


class BackendUnavailable(OrgraphError):
    code = "BACKEND_UNAVAILABLE"


class LoadInProgress(BackendUnavailable):
    """A load is replacing the graph: a change now would be lost when the load switches to the
    graph it wrote, so it is refused; so is a second load. Retry once the load has finished."""


class CommitUncertain(BackendUnavailable):
    """The store failed after a write's COMMIT was sent (the connection lost before the answer,
    a server shutting down): the write may have been applied, and is never sent again by
    itself. Look at the trail (the changes query) before sending it again."""


class GraphChanged(OrgraphError):
    """The graph changed after a load was planned (a change, or another load, since): the load
    is refused and writes nothing, so that it cannot overwrite what its plan did not show."""

    code = "GRAPH_CHANGED"


class ResourceLimit(OrgraphError):
    """The store refused a question or a write for one of its limits (the memory a transaction
    may use, the time it may take); the message names the limit. Not a fault of the store's
    availability: asking again gets the same answer."""

    code = "RESOURCE_LIMIT"
