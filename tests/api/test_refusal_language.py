"""Refusals written before GraphQL runs — the body limit, the JSON checks, a refused token, the
``/imports`` routes — are said in the caller's language: Chinese unless ``Accept-Language``
prefers English (api/schema/refusal_texts.py). Every text has both languages over the same
fields, and every text the code names exists. The edge does not depend on the backend, so these
run on the embedded one only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import api
from api.auth import Role
from api.http.app import create_app
from api.http.uploads import WORKBOOK_TYPE
from api.schema.refusal_texts import REFUSAL_TEXTS, Text
from api.settings import Settings
from loaders import SAMPLE_BUNDLE, read_bundle
from queries.audit.report import fields_of
from queries.embedded.backend import MemoryBackend
from tests.api.test_imports import zipped
from tests.support.auth import bearer, with_test_key
from tests.support.language import ENGLISH

HAN = re.compile(r"[\u4e00-\u9fff]")
SETTINGS = with_test_key(Settings(max_body_bytes=1_000))
#: How the code names a text: ``Text.of("name"`` (the name first, then its values).
NAMED = re.compile(r'Text\.of\(\s*"(\w+)"')


# -- the table ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(REFUSAL_TEXTS))
def test_every_refusal_text_has_both_languages_over_the_same_fields(name: str) -> None:
    message = REFUSAL_TEXTS[name]
    assert message.en.strip() and message.zh.strip(), name
    assert HAN.search(message.zh), f"{name}: no Chinese"
    assert set(fields_of(message.zh)) == set(fields_of(message.en)), name
    values = {field: f"v-{field}" for field in fields_of(message.en)}
    said = message.zh.format_map(values)
    assert all(value in said for value in values.values()), name


def test_every_text_the_code_names_is_in_the_table() -> None:
    source = Path(api.__file__).parent
    named = {
        name
        for path in source.rglob("*.py")
        for name in NAMED.findall(path.read_text(encoding="utf-8"))
    }
    assert named and named <= set(REFUSAL_TEXTS), named - set(REFUSAL_TEXTS)


def test_an_unknown_text_is_refused_when_written() -> None:
    with pytest.raises(KeyError, match="no refusal text 'nothing_like_it'"):
        Text.of("nothing_like_it")


# -- over HTTP ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The sample on the embedded backend; no token, no language sent unless a test does."""
    settings = SETTINGS.model_copy(update={"imports_dir": tmp_path_factory.mktemp("imports")})
    backend = MemoryBackend(read_bundle(SAMPLE_BUNDLE).bundle)
    with TestClient(create_app(settings, backend=backend)) as test_client:
        yield test_client


ADMIN = bearer(SETTINGS, Role.ADMIN)
VIEWER = bearer(SETTINGS, Role.VIEWER, "u-gx")
QUERY = "{ uncoveredBranches { id } }"


def raw_json(body: bytes) -> Any:
    """A POST of ``body``, bytes as they are, declared JSON, to /graphql."""
    return lambda c, h: c.post(
        "/graphql", content=body, headers={"content-type": "application/json", **h}
    )


def message_of(response: Any) -> str:
    message: str = response.json()["errors"][0]["message"]
    return message


@pytest.mark.parametrize(
    ("send", "status", "zh", "en"),
    [
        pytest.param(
            lambda c, h: c.post("/graphql", json={"query": "{" + " " * 2_000 + "}"}, headers=h),
            413,
            "请求体过大：上限为 1000 字节",
            "request body too large: the limit is 1000 bytes",
            id="body limit",
        ),
        pytest.param(
            raw_json(b'{"query": "\xff"}'),
            400,
            "请求体不是 UTF-8 文本：第 11 个字节为 0xFF",
            "the request body is not UTF-8: byte 11 is 0xFF",
            id="not UTF-8",
        ),
        pytest.param(
            raw_json(b"[" * 65 + b"]" * 65),
            400,
            "请求体的嵌套超过 64 层",
            "the request body nests deeper than 64 levels",
            id="nesting",
        ),
        pytest.param(
            lambda c, h: c.post("/graphql", json={"query": QUERY}, headers=h),
            401,
            "需要持有者令牌：请发送 'Authorization: Bearer <token>'",
            "a bearer token is required: send 'Authorization: Bearer <token>'",
            id="no token",
        ),
        pytest.param(
            lambda c, h: c.post("/imports", content=b"x", headers={**VIEWER, **h}),
            403,
            "导入会替换整个图：仅限不限范围的管理员",
            "imports replace the whole graph: an unscoped admin only",
            id="import by a viewer",
        ),
        pytest.param(
            lambda c, h: c.post("/imports", content=b"x", headers={**ADMIN, **h}),
            415,
            f"请以 {WORKBOOK_TYPE} 发送工作簿，或以 application/zip 发送压缩的 CSV 文件夹，"
            "而不是 未声明内容类型",
            f"send a workbook as {WORKBOOK_TYPE} or a zipped CSV folder as application/zip, "
            "not no content type",
            id="upload without a type",
        ),
        pytest.param(
            lambda c, h: c.post(
                "/imports",
                content=b"<html></html>",
                headers={**ADMIN, "content-type": WORKBOOK_TYPE, **h},
            ),
            400,
            "文件不是 .xlsx 工作簿：它是文本或 HTML 文档",
            "the file is not an .xlsx workbook: it is a text or HTML document",
            id="upload not a workbook",
        ),
        pytest.param(
            lambda c, h: c.post("/imports/nothing/apply", headers={**ADMIN, **h}),
            404,
            "没有待应用的导入 'nothing'",
            "no pending import 'nothing'",
            id="apply of no import",
        ),
        pytest.param(
            lambda c, h: c.post(
                "/imports/nothing/apply?overwriteChanges=maybe", headers={**ADMIN, **h}
            ),
            400,
            "overwriteChanges 应为 true 或 false，而不是 'maybe'",
            "overwriteChanges is true or false, not 'maybe'",
            id="apply with a bad flag",
        ),
    ],
)
def test_a_refusal_is_in_chinese_unless_english_is_asked(
    client: TestClient, send: Any, status: int, zh: str, en: str
) -> None:
    chinese, english = send(client, {}), send(client, ENGLISH)
    assert (chinese.status_code, english.status_code) == (status, status), chinese.text
    assert (message_of(chinese), message_of(english)) == (zh, en)
    codes = [r.json()["errors"][0]["extensions"]["code"] for r in (chinese, english)]
    assert codes[0] == codes[1]  # only the words change


def test_the_last_resort_says_so_in_the_callers_language(tmp_path: Path) -> None:
    backend = MemoryBackend(read_bundle(SAMPLE_BUNDLE).bundle)

    def broken() -> None:
        raise RuntimeError("a fault nobody expected")

    backend.ping = broken  # type: ignore[method-assign]
    app = create_app(SETTINGS, backend=backend)
    with TestClient(app, raise_server_exceptions=False) as client:
        chinese, english = client.get("/readyz"), client.get("/readyz", headers=ENGLISH)
    assert (chinese.status_code, english.status_code) == (500, 500)
    assert (message_of(chinese), message_of(english)) == ("服务器内部错误", "internal error")


def test_a_refused_bundle_has_its_headline_in_the_callers_language(client: TestClient) -> None:
    bad = zipped({"domains.csv": b"id,name\nd-1,\n"})  # a domain without a name
    upload = {**ADMIN, "content-type": "application/zip"}
    chinese = client.post("/imports", content=bad, headers=upload)
    english = client.post("/imports", content=bad, headers={**upload, **ENGLISH})
    assert (chinese.status_code, english.status_code) == (422, 422), chinese.text
    count = len(chinese.json()["problems"])
    assert message_of(chinese) == f"数据包未通过校验：共 {count} 个问题"
    assert message_of(english) == f"bundle rejected: {count} problem(s)"


def test_the_challenge_header_stays_in_english(client: TestClient) -> None:
    expired = bearer(SETTINGS, Role.ADMIN, lifetime=timedelta(seconds=-60))
    response = client.post("/graphql", json={"query": QUERY}, headers=expired)
    assert response.status_code == 401 and message_of(response) == "令牌已过期"
    assert 'error_description="the token has expired"' in response.headers["www-authenticate"]
