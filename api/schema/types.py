"""GraphQL types: the answers of ``graph_model.results`` as the API shows them."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry
from strawberry.types.enum import StrawberryEnumDefinition

from api.schema.texts import chain_note
from graph_model import kinds, results
from loaders.messages import Lang


def describe_enum(enum: type[Enum], description: str, **values: str) -> None:
    """Make ``enum`` a GraphQL enum with a description for every value, named by member.

    ``strawberry.enum_value(description=…)`` works only inside a class body, and these enums
    belong to ``graph_model``; so the descriptions go onto the definition strawberry builds.
    Strawberry keeps that definition on the class itself, so a module names the enum with a
    plain alias, which mypy takes for a type (a call's result would be a variable)::

        NodeKind = kinds.NodeKind
        describe_enum(NodeKind, "The kind of an entity.", UNIT="…", …)
    """
    strawberry.enum(enum, description=description)
    definition: StrawberryEnumDefinition = enum.__strawberry_definition__  # type: ignore[attr-defined]
    if unmatched := {value.name for value in definition.values} ^ values.keys():
        raise ValueError(f"{enum.__name__}: describe exactly its members: {sorted(unmatched)}")
    for value in definition.values:
        value.description = values[value.name]


NodeKind = kinds.NodeKind
describe_enum(
    NodeKind,
    "The kind of an entity (its graph label).",
    UNIT="An organisational unit: the company, a bureau, a county company, a department, "
    "a support organisation or a station.",
    DOMAIN="A professional line, such as production and safety or marketing and service.",
    PERSON="An employee.",
    PARTY_ORG="A party committee, general branch or branch.",
    PARTY_GROUP="A party group inside a branch, normally built on one team.",
    TEAM="A work team in a unit, with its team leader.",
    PROJECT="A construction project or major task.",
    LIAISON_POINT="A standing link a leader sets up to guide a unit or a branch.",
)
CoverageKind = kinds.CoverageKind
describe_enum(
    CoverageKind,
    "How a liaison point reaches a branch.",
    DIRECT="A branch liaison point at the branch itself.",
    VIA_UNIT="A party-building liaison point at the branch's unit or a unit above it.",
    VIA_PARTY_ORG="A party-building liaison point at the branch or a party org above it.",
)
LinkLevel = results.LinkLevel
describe_enum(
    LinkLevel,
    "The level of a chain link.",
    PROJECT="The project the chain starts from.",
    TEMPORARY_BRANCH="The project's temporary branch, with its secretary.",
    TEAM="The team, with its team leader.",
    PARTY_GROUP="The party group built on the team, with its group leader.",
    BRANCH="The branch, with its secretary.",
    PARTY_ORG="A party org above, with its secretary.",
    COVERAGE="The leaders covering the branch, with how.",
    DOMAIN="A domain of the team (else of its unit), with the leaders in charge of it.",
)
LinkStatus = results.LinkStatus
describe_enum(
    LinkStatus,
    "Whether a chain link is there.",
    OK="The entity is there, and so is the person in its role.",
    MISSING="The entity, or the person in its role, is not there; the note says which.",
    AMBIGUOUS="Several entities qualify; all are listed.",
)


@strawberry.type(description="An entity of the organisation graph.")
class Entity:
    id: strawberry.ID = strawberry.field(description="Unique across the whole organisation.")
    kind: NodeKind = strawberry.field(description="What the entity is.")
    name: str = strawberry.field(description="Its display name.")

    @classmethod
    def of(cls, ref: results.EntityRef) -> Entity:
        return cls(id=strawberry.ID(ref.id), kind=ref.kind, name=ref.name)


@strawberry.type(description="One relationship of an evidence path, in its stored direction.")
class PathRelationship:
    type: str = strawberry.field(description="The relationship type, e.g. PART_OF.")
    start_id: strawberry.ID = strawberry.field(description="Id of the start node.")
    end_id: strawberry.ID = strawberry.field(description="Id of the end node.")


@strawberry.type(description="The path through the graph that makes an answer true.")
class Evidence:
    nodes: list[Entity] = strawberry.field(description="Nodes in path order, leader first.")
    relationships: list[PathRelationship] = strawberry.field(
        description="Relationships between consecutive nodes."
    )

    @classmethod
    def of(cls, evidence: results.Evidence) -> Evidence:
        return cls(
            nodes=[Entity.of(n) for n in evidence.nodes],
            relationships=[
                PathRelationship(
                    type=r.type.value, start_id=strawberry.ID(r.start), end_id=strawberry.ID(r.end)
                )
                for r in evidence.relationships
            ],
        )


@strawberry.type(description="A leader covers a branch through one liaison point.")
class Coverage:
    leader: Entity = strawberry.field(description="The covering leader.")
    branch: Entity = strawberry.field(description="The covered branch.")
    kind: CoverageKind = strawberry.field(description="Direct, via a unit or via a party org.")
    liaison_point: Entity = strawberry.field(description="The liaison point that covers.")
    evidence: Evidence = strawberry.field(description="From the leader to the branch.")

    @classmethod
    def of(cls, c: results.Coverage) -> Coverage:
        return cls(
            leader=Entity.of(c.leader),
            branch=Entity.of(c.branch),
            kind=c.kind,
            liaison_point=Entity.of(c.liaison_point),
            evidence=Evidence.of(c.evidence),
        )


@strawberry.type(description="A person named by a chain link, in a role.")
class PersonInRole:
    person: Entity = strawberry.field(description="The person.")
    role: str = strawberry.field(
        description="team_leader, group_leader, secretary, covering_leader or leader_in_charge."
    )
    via: CoverageKind | None = strawberry.field(description="For covering leaders: how.")
    liaison_point_id: strawberry.ID | None = strawberry.field(
        description="For covering leaders: the liaison point."
    )


@strawberry.type(description="One link of a responsibility chain.")
class ChainLink:
    level: LinkLevel = strawberry.field(description="Which level of the chain this is.")
    status: LinkStatus = strawberry.field(description="Whether the link is there.")
    entities: list[Entity] = strawberry.field(
        description="The entity (several when ambiguous; none when missing)."
    )
    people: list[PersonInRole] = strawberry.field(description="Who holds the link's role.")
    note: str = strawberry.field(description="Why a link is missing or ambiguous, or its source.")

    @classmethod
    def of(cls, link: results.ChainLink, lang: Lang) -> ChainLink:
        return cls(
            level=link.level,
            status=link.status,
            entities=[Entity.of(e) for e in link.entities],
            people=[
                PersonInRole(
                    person=Entity.of(p.person),
                    role=p.role,
                    via=p.via,
                    liaison_point_id=strawberry.ID(p.liaison_point_id)
                    if p.liaison_point_id
                    else None,
                )
                for p in link.people
            ],
            note=chain_note(link, lang),
        )


@strawberry.type(description="From a team, group, party org or project up to the top.")
class ResponsibilityChain:
    start: Entity = strawberry.field(description="Where the chain starts.")
    as_of: date = strawberry.field(description="The day the chain holds.")
    links: list[ChainLink] = strawberry.field(description="Links, bottom to top.")

    @classmethod
    def of(cls, chain: results.ResponsibilityChain, lang: Lang) -> ResponsibilityChain:
        return cls(
            start=Entity.of(chain.start),
            as_of=chain.as_of,
            links=[ChainLink.of(link, lang) for link in chain.links],
        )
