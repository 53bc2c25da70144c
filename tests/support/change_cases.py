"""Changes shared by the tests of changes: a small organisation, and commands it refuses with
the errors each gets (field, code)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from graph_model.changes import (
    AppointSeat,
    ChangeErrorCode,
    ChargeDomain,
    Command,
    CreatePartyGroup,
    EndLiaisonPoint,
    EndSeat,
    MoveTeam,
    RecordVisit,
    SetUpLiaisonPoint,
)
from graph_model.kinds import LiaisonKind, SeatRole
from tests.conformance.builders import Org

DAY = date(2025, 6, 30)
SINCE = date(2020, 1, 1)
AT = datetime(2025, 7, 1, 8, 30, 15, 123456, tzinfo=UTC)


def org() -> Org:
    """A committee of two leaders over two branches; p-li covers br-a, nobody covers br-b."""
    return (
        Org()
        .unit("u-co", kind="company")
        .committee("po-co", unit="u-co")
        .seat("p-li", "po-co", "committee_member", start=SINCE)
        .seat("p-wu", "po-co", "secretary", start=SINCE)
        .unit("u-a", parent="u-co")
        .unit("u-b", parent="u-co")
        .branch("br-a", unit="u-a", parent="po-co")
        .branch("br-b", unit="u-b", parent="po-co")
        .seat("p-zhao", "br-a", "secretary", start=SINCE)
        .lp("lp-a", leader="p-li", kind="branch", target="br-a", start=SINCE)
        .team("t-a", unit="u-a", leader="p-zhao", domain="d-safety")
        .person("p-ma", unit="u-a", team="t-a")
        .domain("d-build")
    )


BR = LiaisonKind.BRANCH
PB = LiaisonKind.PARTY_BUILDING
E = ChangeErrorCode
REFUSED: dict[str, tuple[Command, list[tuple[str | None, ChangeErrorCode]]]] = {
    "new id taken": (SetUpLiaisonPoint("br-b", "p-wu", BR, "br-b"), [("id", E.ID_TAKEN)]),
    "empty id": (SetUpLiaisonPoint("  ", "p-wu", BR, "br-b"), [("id", E.REQUIRED)]),
    "leader unknown": (
        SetUpLiaisonPoint("lp-x", "p-nobody", BR, "br-b"),
        [("leader_id", E.NOT_FOUND)],
    ),
    "leader not a person": (
        SetUpLiaisonPoint("lp-x", "u-a", PB, "u-a"),
        [("leader_id", E.WRONG_KIND)],
    ),
    "branch point at a unit": (
        SetUpLiaisonPoint("lp-x", "p-wu", BR, "u-b"),
        [("target_id", E.WRONG_KIND)],
    ),
    "branch point at a committee": (
        SetUpLiaisonPoint("lp-x", "p-wu", BR, "po-co"),
        [("target_id", E.WRONG_KIND)],
    ),
    "point at a team": (
        SetUpLiaisonPoint("lp-x", "p-wu", PB, "t-a"),
        [("target_id", E.WRONG_KIND)],
    ),
    "to before from": (
        SetUpLiaisonPoint("lp-x", "p-wu", BR, "br-b", date(2025, 2, 1), date(2025, 1, 31)),
        [("end", E.BAD_PERIOD)],
    ),
    "every problem at once": (
        SetUpLiaisonPoint("lp-a", "nobody", BR, "u-b", date(2025, 2, 1), date(2025, 1, 31)),
        [
            ("id", E.ID_TAKEN),
            ("leader_id", E.NOT_FOUND),
            ("target_id", E.WRONG_KIND),
            ("end", E.BAD_PERIOD),
        ],
    ),
    "end an unknown point": (EndLiaisonPoint("lp-x", DAY), [("id", E.NOT_FOUND)]),
    "end a branch as a point": (EndLiaisonPoint("br-a", DAY), [("id", E.WRONG_KIND)]),
    "end before it began": (EndLiaisonPoint("lp-a", date(2019, 12, 31)), [("on", E.BAD_PERIOD)]),
    "visit an unknown point": (RecordVisit("lp-x", DAY), [("liaison_point_id", E.NOT_FOUND)]),
    "seat in a unit": (AppointSeat("p-wu", "u-a", SeatRole.MEMBER), [("org_id", E.WRONG_KIND)]),
    "seat for nobody": (AppointSeat("", "br-a", SeatRole.MEMBER), [("person_id", E.REQUIRED)]),
    "end a seat never held": (
        EndSeat("p-wu", "br-a", SeatRole.SECRETARY, DAY),
        [(None, E.NOT_FOUND)],
    ),
    "end a seat of another role": (
        EndSeat("p-li", "po-co", SeatRole.SECRETARY, DAY),
        [(None, E.NOT_FOUND)],
    ),
    "end a seat before it began": (
        EndSeat("p-li", "po-co", SeatRole.COMMITTEE_MEMBER, date(2019, 1, 1)),
        [("on", E.BAD_PERIOD)],
    ),
    "charge with a unit": (ChargeDomain("p-li", "u-a"), [("domain_id", E.WRONG_KIND)]),
    "group in a committee": (
        CreatePartyGroup("pg-x", "X", "po-co", "t-a"),
        [("branch_id", E.WRONG_KIND)],
    ),
    "group without a name or a team": (
        CreatePartyGroup("pg-x", " ", "br-a", ""),
        [("name", E.REQUIRED), ("team_id", E.REQUIRED)],
    ),
    "group of strangers": (
        CreatePartyGroup("pg-x", "X", "br-a", "t-a", "p-nobody", ("p-ma", "p-who")),
        [("leader_id", E.NOT_FOUND), ("member_ids", E.NOT_FOUND)],
    ),
    "move an unknown team": (MoveTeam("t-x", "u-b"), [("team_id", E.NOT_FOUND)]),
    "move a team into a branch": (MoveTeam("t-a", "br-b"), [("unit_id", E.WRONG_KIND)]),
    "move a team where it is": (MoveTeam("t-a", "u-a"), [("unit_id", E.UNCHANGED)]),
}
