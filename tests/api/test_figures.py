"""The source article's figures, reproduced from the sample through the API on both backends:
in 2020 the company's leadership team set up 18 party-building and 15 branch liaison points and
made 179 visits to them; 33 benchmark branches in 10 categories across 3 domains."""

from __future__ import annotations

from tests.api.conftest import GraphQL

FIGURES = """
query Figures($year: Int!, $committee: ID!, $asOf: Date) {
  figures(year: $year, committeeId: $committee, asOf: $asOf) {
    committee { id }
    year
    liaisonPoints { id }
    partyBuildingPoints
    branchPoints
    visits
    benchmarkBranches { id }
    benchmarkCategories { name count }
    benchmarkDomains { entity { id } count }
  }
}
"""


def test_the_company_figures_for_2020_are_the_articles(graphql: GraphQL) -> None:
    body = graphql(FIGURES, year=2020, committee="po-gx", asOf="2026-11-23")
    assert "errors" not in body, body
    figures = body["data"]["figures"]
    assert (figures["committee"]["id"], figures["year"]) == ("po-gx", 2020)
    assert figures["partyBuildingPoints"] == 18
    assert figures["branchPoints"] == 15
    assert figures["visits"] == 179
    assert len(figures["benchmarkBranches"]) == 33
    assert len(figures["benchmarkCategories"]) == 10
    assert sum(c["count"] for c in figures["benchmarkCategories"]) == 33
    assert [d["entity"]["id"] for d in figures["benchmarkDomains"]] == [
        "d-build",
        "d-market",
        "d-safety",
    ]
    points = [p["id"] for p in figures["liaisonPoints"]]
    assert points == sorted(
        [f"lp-pb-{n:02}" for n in range(1, 19)] + [f"lp-br-{n:02}" for n in range(1, 16)]
    )


def test_a_former_leaders_points_count_in_the_year_he_set_them_up(graphql: GraphQL) -> None:
    body = graphql(FIGURES, year=2020, committee="po-gx", asOf="2026-11-23")
    points = {p["id"] for p in body["data"]["figures"]["liaisonPoints"]}
    assert {"lp-pb-17", "lp-br-12"} <= points  # p-0010 left on 2021-06-30


def test_bureau_leaders_set_up_their_points_from_2021_on(graphql: GraphQL) -> None:
    body = graphql(FIGURES, year=2020, committee="po-b09", asOf="2026-11-23")
    figures = body["data"]["figures"]
    assert (figures["partyBuildingPoints"], figures["branchPoints"], figures["visits"]) == (0, 0, 0)


def test_figures_for_what_is_not_a_committee_are_not_found(graphql: GraphQL) -> None:
    body = graphql(FIGURES, year=2020, committee="br-d01")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
