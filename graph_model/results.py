"""Answers to the questions: plain frozen values, ordered, comparable across backends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from graph_model.kinds import CoverageKind, NodeKind, RelType


@dataclass(frozen=True, slots=True, order=True)
class EntityRef:
    """An entity named in an answer."""

    id: str
    kind: NodeKind
    name: str


@dataclass(frozen=True, slots=True)
class PathRel:
    """One relationship of an evidence path, with its direction as stored."""

    type: RelType
    start: str
    end: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """A path through the graph that makes an answer true: nodes in order, and the
    relationships between consecutive nodes."""

    nodes: tuple[EntityRef, ...]
    relationships: tuple[PathRel, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    """A leader covers a branch through one liaison point."""

    leader: EntityRef
    branch: EntityRef
    kind: CoverageKind
    liaison_point: EntityRef
    evidence: Evidence


class LinkLevel(StrEnum):
    """The levels of a responsibility chain, in the order they appear."""

    PROJECT = "project"
    TEMPORARY_BRANCH = "temporary_branch"
    TEAM = "team"
    PARTY_GROUP = "party_group"
    BRANCH = "branch"
    PARTY_ORG = "party_org"
    COVERAGE = "coverage"
    DOMAIN = "domain"


class LinkStatus(StrEnum):
    OK = "ok"
    MISSING = "missing"  # the entity, or the person in its role, is not there (see the note)
    AMBIGUOUS = "ambiguous"  # several entities qualify; all are listed


@dataclass(frozen=True, slots=True)
class PersonInRole:
    """A person named by a chain link: the role, and for covering leaders how they cover."""

    person: EntityRef
    role: str
    via: CoverageKind | None = None
    liaison_point_id: str | None = None


@dataclass(frozen=True, slots=True)
class ChainLink:
    """One link; ``note`` says, in English, why it is missing or ambiguous, or its source.
    ``note_code`` names that note and ``note_params`` the values it was written with, so that it
    can be said again in another language (queries/chain/notes.py)."""

    level: LinkLevel
    status: LinkStatus
    entities: tuple[EntityRef, ...]
    people: tuple[PersonInRole, ...]
    note: str = ""
    note_code: str = ""
    note_params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ResponsibilityChain:
    start: EntityRef
    as_of: date
    links: tuple[ChainLink, ...]
