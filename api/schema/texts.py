"""The text the API writes about answers — audit messages, chain notes, why a liaison point does
not count — in the caller's language.

Both backends write these in English, keeping beside each text its code and the values it was
written with (``Finding.params``; ``ChainLink.note_code`` and ``note_params``); here they are said
again in Chinese from the same values. The templates live beside the English ones: a rule's
checks in queries/audit/rules.py, chain notes in queries/chain/notes.py. Values stay as they
are (ids, counts, ISO dates) but for the words of the domain some of them hold (a party org's
kind, a seat's role), said with the terms of loaders/labels.py; an id a scoped caller may not
see was replaced by "(outside your scope)" (queries/scope/adapter.py), said in Chinese too. Why a
liaison point does not count (``explainUncovered``) is said from its code and day here, in both
languages (``REASON_MESSAGES``).

>>> from graph_model.results import ChainLink, LinkLevel, LinkStatus
>>> link = ChainLink(LinkLevel.BRANCH, LinkStatus.AMBIGUOUS, (), (), "2 branches qualify; the "
...     "chain follows br-1", "branches_ambiguous", (("count", "2"), ("first", "br-1")))
>>> chain_note(link, "zh")
'有 2 个党支部符合条件；责任链沿 br-1 向上'
>>> chain_note(link, "en") == link.note
True
>>> from datetime import date
>>> reason_message(UncoveredReasonCode.EXPIRED, date(2022, 6, 30), "zh")
'已过期（2022-06-30 止）'
>>> reason_message(UncoveredReasonCode.LEADER_NOT_A_LEADER, None, "en")
'Its leader was never a committee leader'
"""

from __future__ import annotations

from datetime import date

from graph_model.audit import Finding
from graph_model.insights import UncoveredReasonCode
from graph_model.results import ChainLink
from loaders.labels import VALUE_LABELS
from loaders.messages import Lang, Message
from queries.audit.rules import SPECS
from queries.chain.notes import say_note
from queries.scope.adapter import OUTSIDE, OUTSIDE_NOTE

#: What queries/scope/adapter.py writes for a cut id and beside a cut link's note, in Chinese.
OUTSIDE_ZH = "（超出权限范围）"
OUTSIDE_NOTE_ZH = "部分内容超出您的权限范围"

#: The values of an audit message that hold words of the domain (kinds of party org, roles).
_TERM_FIELDS = frozenset({"kind", "expected", "roles"})

#: Why a liaison point does not count, by code: said with the reason's day (ISO), and without
#: one (only a leader who never was one has none; the others are said so for safety).
REASON_MESSAGES: dict[UncoveredReasonCode, tuple[Message, Message]] = {
    UncoveredReasonCode.NOT_YET_VALID: (
        Message("Not yet valid (from {day})", "尚未生效（{day} 起）"),
        Message("Not yet valid", "尚未生效"),
    ),
    UncoveredReasonCode.EXPIRED: (
        Message("Expired (last day {day})", "已过期（{day} 止）"),
        Message("Expired", "已过期"),
    ),
    UncoveredReasonCode.LEADER_NOT_A_LEADER: (
        Message(
            "Its leader is not a committee leader that day (nearest {day})",
            "设点人当日不是党委领导（参考日 {day}）",
        ),
        Message("Its leader was never a committee leader", "设点人从未担任党委领导"),
    ),
    UncoveredReasonCode.TARGET_NOT_EXISTING: (
        Message("Its target does not exist that day ({day})", "联系对象当日不存在（{day}）"),
        Message("Its target does not exist that day", "联系对象当日不存在"),
    ),
}


def finding_message(finding: Finding, lang: Lang) -> str:
    """The finding's message in ``lang``."""
    if lang == "en":
        return finding.message
    template = SPECS[finding.rule_id].checks[finding.check].zh
    return template.format_map({name: _zh(name, value) for name, value in finding.params})


def chain_note(link: ChainLink, lang: Lang) -> str:
    """The link's note in ``lang``; a note of no code keeps its own text."""
    if lang == "en" or not (link.note_code or link.note == OUTSIDE_NOTE):
        return link.note
    said = ""
    if link.note_code:
        values = {name: _zh(name, value) for name, value in link.note_params}
        said = say_note(link.note_code, tuple(values.items()), "zh")
    if link.note == OUTSIDE_NOTE or link.note.endswith(f"; {OUTSIDE_NOTE}"):
        return f"{said}；{OUTSIDE_NOTE_ZH}" if said else OUTSIDE_NOTE_ZH
    return said


def reason_message(code: UncoveredReasonCode, day: date | None, lang: Lang) -> str:
    """Why a liaison point does not count, said from its code and day in ``lang``."""
    with_day, without_day = REASON_MESSAGES[code]
    message = without_day if day is None else with_day
    template = message.zh if lang == "zh" else message.en
    return template.format(day=day.isoformat() if day else "")


def _zh(name: str, value: str) -> str:
    """A value as Chinese text reads it: lists joined by 、, domain words in Chinese."""
    items = value.split(", ")
    if name in _TERM_FIELDS:
        items = [VALUE_LABELS.get(item, item) for item in items]
    return "、".join(items).replace(OUTSIDE, OUTSIDE_ZH)


__all__ = [
    "OUTSIDE_NOTE_ZH",
    "OUTSIDE_ZH",
    "REASON_MESSAGES",
    "chain_note",
    "finding_message",
    "reason_message",
]
