"""Every text the API writes has both languages: each audit check, chain note, error message
and ``orgraph audit`` heading has a Chinese template over exactly the fields of its English one,
and the language a request reads follows its ``Accept-Language``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import GraphQLError

import queries.chain.walk
from api.cli.audit_texts import AUDIT_TEXTS
from api.schema.error_texts import CODE_NAMES_ZH, ERROR_MESSAGES, message_zh, said_in
from api.schema.errors import UNAVAILABLE_MESSAGE, UNAVAILABLE_MESSAGES
from api.schema.language import request_lang
from api.schema.texts import OUTSIDE_NOTE_ZH, OUTSIDE_ZH, chain_note, finding_message
from graph_model import errors
from graph_model.audit import AuditSeverity, Finding
from graph_model.kinds import NodeKind
from graph_model.results import ChainLink, EntityRef, Evidence, LinkLevel, LinkStatus
from loaders.messages import Message
from queries.audit.report import fields_of
from queries.audit.rules import CATALOGUE
from queries.chain.notes import NOTES, note
from queries.scope.adapter import OUTSIDE, OUTSIDE_NOTE, chain_link, scrub_params

CHECKS = [(spec.id, name, check) for spec in CATALOGUE for name, check in spec.checks.items()]
HAN = re.compile(r"[\u4e00-\u9fff]")


def fields(template: str) -> set[str]:
    return set(fields_of(template))


def sample_values(template: str) -> dict[str, str]:
    return {name: f"v-{name}" for name in fields(template)}


def assert_both(code: str, message: Message) -> None:
    assert message.zh.strip() and HAN.search(message.zh), f"{code}: no Chinese"
    assert fields(message.zh) == fields(message.en), f"{code}: the languages differ in fields"
    values = sample_values(message.en)
    said = message.zh.format_map(values)
    assert all(value in said for value in values.values()), code


@pytest.mark.parametrize(("rule", "name", "check"), CHECKS, ids=[f"{r}.{n}" for r, n, _ in CHECKS])
def test_every_audit_check_has_a_chinese_message(rule: str, name: str, check: object) -> None:
    assert_both(f"{rule}.{name}", Message(check.message, check.zh))  # type: ignore[attr-defined]


@pytest.mark.parametrize("code", sorted(NOTES))
def test_every_chain_note_has_both_languages(code: str) -> None:
    assert_both(code, NOTES[code])


def test_the_walk_writes_only_known_notes() -> None:
    source = Path(queries.chain.walk.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'note\("(\w+)"', source))
    assert used and used <= set(NOTES), used - set(NOTES)


@pytest.mark.parametrize("code", sorted(ERROR_MESSAGES))
def test_every_error_message_has_both_languages_and_is_recognised(code: str) -> None:
    message = ERROR_MESSAGES[code]
    assert_both(code, message)
    values = sample_values(message.en)
    assert message_zh(message.en.format_map(values), "ANY") == message.zh.format_map(values)


@pytest.mark.parametrize("code", sorted(AUDIT_TEXTS))
def test_every_audit_command_text_has_both_languages(code: str) -> None:
    message = AUDIT_TEXTS[code]
    assert fields(message.zh) == fields(message.en), code
    assert message.zh.strip(), code


def test_every_error_code_has_a_chinese_name() -> None:
    raised = {
        cls.code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.OrgraphError)
    }
    api = {
        "UNAUTHENTICATED", "QUERY_TOO_COMPLEX", "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED", "INVALID_RULES",
    }  # fmt: skip
    assert raised | api <= set(CODE_NAMES_ZH)


def test_an_unknown_message_keeps_its_text_after_the_name_of_its_code() -> None:
    found = GraphQLError("Neo4j is away", extensions={"code": "BACKEND_UNAVAILABLE"})
    (said,) = said_in([found], "zh")
    assert said.message == "数据存储暂不可用：Neo4j is away"
    assert said.extensions == found.extensions


def test_not_found_names_the_kinds_in_chinese() -> None:
    said = message_zh("no team or party group or party org or project with id 'x'", "NOT_FOUND")
    assert said == "没有编号为 'x' 的班组或党小组或党组织或项目"


# -- audit messages and chain notes -------------------------------------------------------------
BRANCH = EntityRef("br-1", NodeKind.PARTY_ORG, "一支部")


def finding(check: str, message: str, **params: str) -> Finding:
    return Finding(
        "R10" if check == "too_large" else "R06",
        AuditSeverity.WARNING,
        check,
        BRANCH,
        None,
        message,
        Evidence((BRANCH,), ()),
        params=tuple(params.items()),
    )


def test_a_finding_is_said_in_chinese_with_its_values_and_domain_words() -> None:
    too_large = finding(
        "too_large",
        "branch with 60 members: normally a general_branch",
        kind="branch",
        members="60",
        expected="general_branch",
    )
    assert finding_message(too_large, "zh") == "党支部有 60 名党员，一般应设为党总支"
    assert finding_message(too_large, "en") == too_large.message
    roles = finding("not_in_group", "…", roles="committee_member, secretary", branch="br-1")
    assert finding_message(roles, "zh") == "任 br-1 委员、书记，但未编入该支部任何党小组"


def test_an_id_cut_by_the_scope_is_cut_in_chinese_too() -> None:
    cut = scrub_params((("branch", "br-1"), ("roles", "secretary")), {"br-1"})
    assert cut == (("branch", OUTSIDE), ("roles", "secretary"))
    scoped = finding("not_in_group", "…", **dict(cut))
    assert finding_message(scoped, "zh") == f"任 {OUTSIDE_ZH} 书记，但未编入该支部任何党小组"


def test_a_chain_note_cut_by_the_scope_says_so_in_chinese() -> None:
    why = note("branches_ambiguous", count=2, first="br-2")
    link = ChainLink(
        LinkLevel.BRANCH,
        LinkStatus.AMBIGUOUS,
        (BRANCH, EntityRef("br-2", NodeKind.PARTY_ORG, "二支部")),
        (),
        why.text,
        why.code,
        why.params,
    )

    class SeesOnlyBr1:
        def sees(self, entity_id: str) -> bool:
            return entity_id == "br-1"

    scoped = chain_link(SeesOnlyBr1(), link)  # type: ignore[arg-type]
    assert scoped.note == f"2 branches qualify; the chain follows {OUTSIDE}; {OUTSIDE_NOTE}"
    assert chain_note(scoped, "zh") == (
        f"有 2 个党支部符合条件；责任链沿 {OUTSIDE_ZH} 向上；{OUTSIDE_NOTE_ZH}"
    )
    bare = ChainLink(LinkLevel.DOMAIN, LinkStatus.OK, (), (), OUTSIDE_NOTE)
    assert chain_note(bare, "zh") == OUTSIDE_NOTE_ZH


# -- the language of a request ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "zh"),
        ("", "zh"),
        ("en", "en"),
        ("en-US", "en"),
        ("zh-CN", "zh"),
        ("zh-Hant-TW", "zh"),
        ("fr", "zh"),
        ("*", "zh"),
        ("en;q=0.5, zh;q=0.8", "zh"),
        ("zh;q=0.4, en;q=0.8", "en"),
        ("en;q=0.8, zh;q=0.8", "en"),  # a tie: the first listed
        ("zh;q=0, en;q=0.1", "en"),  # q=0: not acceptable
        ("en;q=0", "zh"),
        ("en;q=abc, zh", "zh"),  # a malformed weight: the tag is ignored
        ("fr-FR, en-GB;q=0.9, zh;q=0.1", "en"),
        ("EN-gb", "en"),
        ("en; Q=0.3 , zh;q=0.2", "en"),
    ],
)
def test_accept_language_picks_the_language(header: str | None, lang: str) -> None:
    assert request_lang(header) == lang


@pytest.mark.parametrize(
    "english", [*UNAVAILABLE_MESSAGES.values(), UNAVAILABLE_MESSAGE], ids=["memory", "neo4j", "any"]
)
def test_what_a_caller_is_told_of_an_unavailable_store_is_said_in_chinese_whole(
    english: str,
) -> None:
    """The fixed message replaces the store's words for callers: a Chinese caller reads it
    all in Chinese, not the code's name before the English."""
    away = GraphQLError(english, extensions={"code": "BACKEND_UNAVAILABLE"})
    said = said_in([away], "zh")[0].message
    assert HAN.search(said) and not re.search(r"[a-z]{3,}", said)
