"""A small organisation to browse, shared by the conformance and API tests of browsing.

Its names sort differently from its ids, and every filter and group keeps a different part.
"""

from __future__ import annotations

from datetime import date

from tests.conformance.builders import Org

DAY = date(2024, 6, 15)
LAST_YEAR = date(2023, 6, 30)


def org() -> Org:
    """Four units, two domains, five people, a committee with five branches and a general
    branch, a project, two teams, a party group and three liaison points of Li's::

        u-hq "Headquarters" (company; d-grid)          po-hq committee, Li a member
        ├── u-east "Anhai bureau" (d-grid, d-sales)    br-east; br-line (temporary, pr-line)
        │   └── u-e1 "Zhen station"                    br-e1 (from 2024), t-e1, g-e1
        └── u-west "Baise bureau" (d-sales)            br-west (organ, gone 2024-06-01),
                                                       gb-west ← br-west2 (organ), t-west
    """
    return (
        Org()
        .domain("d-grid", name="Grid")
        .domain("d-sales", name="Sales")
        .unit("u-hq", kind="company", domains=["d-grid"], name="Headquarters")
        .unit("u-east", "u-hq", "bureau", ["d-grid", "d-sales"], name="Anhai bureau")
        .unit("u-e1", "u-east", name="Zhen station")
        .unit("u-west", "u-hq", "bureau", ["d-sales"], name="Baise bureau")
        .person("p-li", unit="u-hq", name="Li Wei")
        .person("p-an", unit="u-east", name="An Ning")
        .person("p-bo", "probationary", unit="u-e1", name="Bo Yang")
        .person("p-cao", "none", unit="u-west", name="Cao Min")
        .person("p-du", name="Du Fang")
        .committee("po-hq", unit="u-hq")
        .seat("p-li", "po-hq", "committee_member")
        .branch("br-east", "u-east", "po-hq", name="East branch")
        .branch("br-e1", "u-e1", "po-hq", established=date(2024, 1, 1), name="Zhen branch")
        .branch("br-west", "u-west", "po-hq", "organ", dissolved=date(2024, 6, 1))
        .general_branch("gb-west", "u-west", "po-hq", name="West general branch")
        .branch("br-west2", "u-west", "gb-west", "organ", name="Baise organ branch")
        .project("pr-line", "u-east", "d-grid", start=date(2024, 1, 1), end=date(2024, 12, 31))
        .branch("br-line", "u-east", "po-hq", "temporary", project="pr-line")
        .team("t-e1", "u-e1", leader="p-an", domain="d-grid", project="pr-line", name="Repair")
        .team("t-west", "u-west", name="Sales team")
        .group("g-e1", "br-e1", team="t-e1", leader="p-an", members=["p-an", "p-bo"])
        .seat("p-an", "br-e1", "secretary", start=date(2024, 1, 1))
        .seat("p-an", "br-e1", "member", end=date(2023, 12, 31))
        .seat("p-bo", "br-e1", "secretary", end=date(2023, 12, 31))
        .charge("p-li", "d-grid", start=date(2023, 1, 1))
        .lp("lp-1", "p-li", "branch", "br-east", start=date(2024, 1, 1))
        .lp("lp-2", "p-li", "party_building", "u-e1", end=date(2023, 12, 31))
        .lp("lp-3", "p-li", "party_building", "gb-west")
        .visit("lp-1", date(2024, 3, 1), "research")
        .visit("lp-1", date(2024, 2, 1), "guidance")
    )
