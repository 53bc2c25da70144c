"""The API's own text — audit messages, chain notes, error messages — is Chinese unless the
request's ``Accept-Language`` prefers English; the answers are otherwise the same.

What a scoped caller may not see stays out of the Chinese text too: tests/api/test_scope_leaks.py
sends no ``Accept-Language``, so it probes the Chinese answers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.settings import Settings
from graph_model.protocol import Backend
from tests.support.auth import admin_headers, with_test_key

AUDIT = '{ audit(asOf: "2026-11-23", underUnitId: "u-b13") { findings { ruleId check message } } }'
CHAIN = '{ responsibilityChain(fromId: "pj-hs", asOf: "2026-11-23") { links { level note } } }'
UNKNOWN = '{ responsibilityChain(fromId: "tm-nowhere", asOf: "2026-11-23") { start { id } } }'


@pytest.fixture(scope="module")
def settings() -> Settings:
    return with_test_key(Settings())


@pytest.fixture(scope="module")
def client(sample_backend: Backend, settings: Settings) -> Iterator[TestClient]:
    """A client that states no language unless a request does."""
    app = create_app(settings, backend=sample_backend)
    with TestClient(app, headers=admin_headers(settings)) as test_client:
        yield test_client


def ask(client: TestClient, query: str, **headers: str) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_audit_messages_are_chinese_by_default_and_english_on_request(client: TestClient) -> None:
    chinese = ask(client, AUDIT)["data"]["audit"]["findings"]
    english = ask(client, AUDIT, **{"Accept-Language": "en-GB,en;q=0.9"})["data"]["audit"]
    assert [f["message"] for f in english["findings"]] == [
        "never visited (leader p-0043, at u-b13-c1)",
        "last visited on 2025-04-03, before 2025-11-23 (leader p-0009, at br-b13-jg)",
        "the branch has no secretary",
    ]
    assert [f["message"] for f in chinese] == [
        "从未调研指导（领导 p-0043，联系对象 u-b13-c1）",
        "最近一次调研指导在 2025-04-03，早于 2025-11-23（领导 p-0009，联系对象 br-b13-jg）",
        "该党支部没有书记",
    ]
    strip = [{k: v for k, v in f.items() if k != "message"} for f in chinese]
    assert strip == [{k: v for k, v in f.items() if k != "message"} for f in english["findings"]]


def test_chain_notes_follow_the_language(client: TestClient) -> None:
    notes = {
        lang: [
            link["note"]
            for link in ask(client, CHAIN, **header)["data"]["responsibilityChain"]["links"]
        ]
        for lang, header in (("zh", {}), ("en", {"Accept-Language": "en"}))
    }
    assert notes["en"][:4] == [
        "the project has no temporary branch",
        "no branch is attached to the unit or any unit above it",
        "nearest party org, attached to u-s01",
        notes["en"][3],
    ]
    assert notes["zh"][:3] == [
        "该项目未成立临时党支部",
        "本单位及各级上级单位均未设党支部",
        "最近的党组织，设在 u-s01",
    ]
    assert len(notes["zh"]) == len(notes["en"])
    assert all(bool(zh) == bool(en) for zh, en in zip(notes["zh"], notes["en"], strict=True))


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ({}, "没有编号为 'tm-nowhere' 的班组或党小组或党组织或项目"),
        (
            {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"},
            "没有编号为 'tm-nowhere' 的班组或党小组或党组织或项目",
        ),
        (
            {"Accept-Language": "zh;q=0.5, en"},
            "no team or party group or party org or project with id 'tm-nowhere'",
        ),
    ],
)
def test_error_messages_follow_the_language_and_keep_their_code(
    client: TestClient, header: dict[str, str], message: str
) -> None:
    (error,) = ask(client, UNKNOWN, **header)["errors"]
    assert error["message"] == message
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["path"] == ["responsibilityChain"]


def test_an_error_the_api_has_no_words_for_keeps_its_english_after_its_code(
    client: TestClient,
) -> None:
    (error,) = ask(client, "{ nope }")["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert error["message"].startswith("查询不符合接口定义：Cannot query field 'nope'")
