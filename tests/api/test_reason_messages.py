"""``explainUncovered``'s reasons carry their words (``message``), in the caller's language: the
page shows them as the API writes them (api/schema/texts.py ``REASON_MESSAGES``). On both
backends, on the sample's expired point and its former leader's point."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.schema.texts import REASON_MESSAGES, reason_message
from graph_model.insights import UncoveredReasonCode
from queries.audit.report import fields_of
from tests.support.language import ENGLISH

HAN = re.compile(r"[\u4e00-\u9fff]")
EXPLAIN = """query($b: ID!) { explainUncovered(branchId: $b, asOf: "2026-11-23") {
  candidates { liaisonPoint { id } reasons { code day message } } } }"""


@pytest.mark.parametrize("code", list(UncoveredReasonCode))
def test_every_reason_has_both_languages_with_and_without_its_day(
    code: UncoveredReasonCode,
) -> None:
    with_day, without_day = REASON_MESSAGES[code]
    for message, fields in ((with_day, {"day"}), (without_day, set())):
        assert HAN.search(message.zh) and message.en.strip(), code
        assert set(fields_of(message.zh)) == set(fields_of(message.en)) == fields, code


def reasons(client: TestClient, branch: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = client.post(
        "/graphql", json={"query": EXPLAIN, "variables": {"b": branch}}, headers=headers
    )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return [r for c in body["data"]["explainUncovered"]["candidates"] for r in c["reasons"]]


@pytest.mark.parametrize(
    ("branch", "code", "zh", "en"),
    [
        ("br-b09-s1", "EXPIRED", "已过期（2022-09-30 止）", "Expired (last day 2022-09-30)"),
        (
            "br-b14-s1",
            "LEADER_NOT_A_LEADER",
            "设点人当日不是党委领导（参考日 2021-06-30）",
            "Its leader is not a committee leader that day (nearest 2021-06-30)",
        ),
    ],
)
def test_a_reason_is_said_in_the_callers_language(
    client: TestClient, branch: str, code: str, zh: str, en: str
) -> None:
    # The module's client sends English unless a request says otherwise.
    chinese = [
        r for r in reasons(client, branch, {"Accept-Language": "zh-CN"}) if r["code"] == code
    ]
    english = [r for r in reasons(client, branch, ENGLISH) if r["code"] == code]
    assert [r["message"] for r in chinese] == [zh]
    assert [r["message"] for r in english] == [en]
    day = date.fromisoformat(chinese[0]["day"])
    assert zh == reason_message(UncoveredReasonCode[code], day, "zh")
