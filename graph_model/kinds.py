"""Enumerations of the domain: node kinds, relationship types and the value sets of the
bundle format (docs/format.md)."""

from __future__ import annotations

from enum import StrEnum


class NodeKind(StrEnum):
    """A node label of the graph (Neo4j naming)."""

    UNIT = "Unit"
    DOMAIN = "Domain"
    PERSON = "Person"
    PARTY_ORG = "PartyOrg"
    PARTY_GROUP = "PartyGroup"
    TEAM = "Team"
    PROJECT = "Project"
    LIAISON_POINT = "LiaisonPoint"


class RelType(StrEnum):
    """A relationship type of the graph, drawn start → end as in docs/domain.md."""

    PART_OF = "PART_OF"  # Unit → Unit
    IN_DOMAIN = "IN_DOMAIN"  # Unit|Team|Project → Domain
    REPORTS_TO = "REPORTS_TO"  # PartyOrg → PartyOrg
    ATTACHED_TO = "ATTACHED_TO"  # PartyOrg → Unit
    FOR_PROJECT = "FOR_PROJECT"  # PartyOrg → Project
    OWNED_BY = "OWNED_BY"  # Project → Unit
    UNDER = "UNDER"  # PartyGroup → PartyOrg
    BUILT_ON = "BUILT_ON"  # PartyGroup → Team
    BELONGS_TO = "BELONGS_TO"  # Team → Unit
    ASSIGNED_TO = "ASSIGNED_TO"  # Team → Project
    WORKS_IN = "WORKS_IN"  # Person → Unit
    IN_TEAM = "IN_TEAM"  # Person → Team
    LEADS = "LEADS"  # Person → Team|PartyGroup
    IN_GROUP = "IN_GROUP"  # Person → PartyGroup
    HOLDS = "HOLDS"  # Person → PartyOrg {role, from, to}
    IN_CHARGE_OF = "IN_CHARGE_OF"  # Person → Domain {from, to}
    ESTABLISHED = "ESTABLISHED"  # Person → LiaisonPoint
    AT = "AT"  # LiaisonPoint → Unit|PartyOrg
    VISITED = "VISITED"  # Person → LiaisonPoint {date, kind}


class UnitKind(StrEnum):
    COMPANY = "company"
    BUREAU = "bureau"
    COUNTY = "county"
    DEPARTMENT = "department"
    SUPPORT = "support"
    STATION = "station"


class OrgKind(StrEnum):
    COMMITTEE = "committee"
    GENERAL_BRANCH = "general_branch"
    BRANCH = "branch"


class BranchKind(StrEnum):
    ORGAN = "organ"
    GRASSROOTS = "grassroots"
    TEMPORARY = "temporary"
    JOINT = "joint"


class PartyStatus(StrEnum):
    FORMAL = "formal"
    PROBATIONARY = "probationary"
    NONE = "none"


class SeatRole(StrEnum):
    MEMBER = "member"
    SECRETARY = "secretary"
    DEPUTY_SECRETARY = "deputy_secretary"
    COMMITTEE_MEMBER = "committee_member"


#: Seats that make their holder a leader when held on a committee (docs/domain.md "Time").
LEADER_ROLES = frozenset({SeatRole.SECRETARY, SeatRole.DEPUTY_SECRETARY, SeatRole.COMMITTEE_MEMBER})


class LiaisonKind(StrEnum):
    PARTY_BUILDING = "party_building"
    BRANCH = "branch"


class VisitKind(StrEnum):
    RESEARCH = "research"
    GUIDANCE = "guidance"
    DUAL_LIFE = "dual_life"


class CoverageKind(StrEnum):
    """How a leader's liaison point reaches a branch, in the order answers list them."""

    DIRECT = "direct"
    VIA_UNIT = "via_unit"
    VIA_PARTY_ORG = "via_party_org"


COVERAGE_ORDER = {kind: rank for rank, kind in enumerate(CoverageKind)}
