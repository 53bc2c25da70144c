"""``audit(asOf, underUnitId, rules)`` over the sample, on both backends."""

from __future__ import annotations

from tests.api.conftest import GraphQL

AUDIT = """
query Audit($asOf: Date, $under: ID, $rules: [String!]) {
  audit(asOf: $asOf, underUnitId: $under, rules: $rules) {
    asOf
    underUnit { id }
    rules { id titleEn titleZh severity source citation enabled thresholds }
    findings {
      ruleId severity check message missing
      entity { id kind } unit { id }
      evidence { nodes { id } relationships { type startId endId } }
    }
    countsByRule { ruleId count }
    countsBySeverity { severity count }
    countsByUnit { unit { id } count }
  }
}
"""


def test_the_audit_lists_the_samples_findings_with_their_units(graphql: GraphQL) -> None:
    report = graphql(AUDIT, asOf="2026-11-23")["data"]["audit"]
    assert report["asOf"] == "2026-11-23" and report["underUnit"] is None
    assert [r["id"] for r in report["rules"]] == [f"R{n:02d}" for n in range(1, 15)]
    found = [(f["ruleId"], f["entity"]["id"]) for f in report["findings"]]
    assert ("R03", "br-d11") in found and ("R12", "po-b12") in found
    assert found == sorted(found)
    uncovered = next(f for f in report["findings"] if f["entity"]["id"] == "br-d11")
    assert uncovered["severity"] == "ERROR" and uncovered["check"] == "uncovered"
    assert uncovered["unit"] == {"id": "u-d11"}
    assert uncovered["entity"]["kind"] == "PARTY_ORG"
    assert uncovered["evidence"]["relationships"] == [
        {"type": "ATTACHED_TO", "startId": "br-d11", "endId": "u-d11"}
    ]
    assert uncovered["missing"].startswith("(:LiaisonPoint)-[:AT]->(br-d11")
    counts = {c["ruleId"]: c["count"] for c in report["countsByRule"]}
    assert sum(counts.values()) == len(found) and counts["R02"] == 5
    assert [c["severity"] for c in report["countsBySeverity"]] == ["ERROR", "WARNING", "INFO"]
    top = next(c for c in report["countsByUnit"] if c["unit"]["id"] == "u-gx")
    assert top["count"] == len([f for f in report["findings"] if f["unit"]])


def test_a_rule_shows_its_thresholds_and_source(graphql: GraphQL) -> None:
    rules = graphql(AUDIT, asOf="2026-11-23", rules=["R12"])["data"]["audit"]["rules"]
    assert rules == [
        {
            "id": "R12",
            "titleEn": "Committees are re-elected on time",
            "titleZh": "按期换届",
            "severity": "WARNING",
            "source": "REGULATION",
            "citation": rules[0]["citation"],
            "enabled": True,
            "thresholds": {"term_years": {"committee": 5, "general_branch": 5, "branch": 5}},
        }
    ]


def test_the_audit_of_a_subtree_and_of_chosen_rules(graphql: GraphQL) -> None:
    report = graphql(AUDIT, asOf="2026-11-23", under="u-b13", rules=["R02", "R11"])["data"]["audit"]
    assert report["underUnit"] == {"id": "u-b13"}
    assert [(f["ruleId"], f["entity"]["id"]) for f in report["findings"]] == [
        ("R02", "lp-b13-2"),
        ("R02", "lp-br-11"),
        ("R11", "br-b13-s1"),
    ]
    assert report["countsByRule"] == [{"ruleId": "R02", "count": 2}, {"ruleId": "R11", "count": 1}]
    assert report["countsByUnit"][0] == {"unit": {"id": "u-b13"}, "count": 3}


def test_an_unknown_rule_is_an_invalid_request(graphql: GraphQL) -> None:
    body = graphql(AUDIT, rules=["R15"])
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "INVALID_REQUEST"
    assert "R15" in body["errors"][0]["message"]


def test_an_unknown_unit_is_not_found(graphql: GraphQL) -> None:
    body = graphql(AUDIT, under="t-b05-s1-1")
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
