"""Every note a responsibility-chain link carries, in English and Chinese, by a stable code.

A note is written once, in English (``note``), keeping its code and values, as a bundle problem
is (loaders/messages.py); the API says it again in the caller's language (``note_in``). The
English text is the one the API has always answered with: change it only with the tests.

>>> n = note("nearest_branch", unit="u-1")
>>> n.text, n.code, n.params
('nearest branch, attached to u-1', 'nearest_branch', (('unit', 'u-1'),))
>>> say_note(n.code, n.params, "zh")
'最近的党支部，设在 u-1'
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.messages import Lang, Message

NOTES: dict[str, Message] = {
    # where a link came from
    "groups_branch": Message("the party group's branch", "党小组所在的党支部"),
    "nearest_branch": Message("nearest branch, attached to {unit}", "最近的党支部，设在 {unit}"),
    "nearest_party_org": Message(
        "nearest party org, attached to {unit}", "最近的党组织，设在 {unit}"
    ),
    # why a link is ambiguous
    "branches_ambiguous": Message(
        "{count} branches qualify; the chain follows {first}",
        "有 {count} 个党支部符合条件；责任链沿 {first} 向上",
    ),
    "groups_ambiguous": Message(
        "{count} party groups are built on the team", "班组上建有 {count} 个党小组"
    ),
    # why a link is missing
    "no_team_leader": Message("no team leader recorded", "未登记班组长"),
    "no_party_group": Message("no party group is built on the team", "班组上未建党小组"),
    "no_group_leader": Message("no group leader recorded", "未登记党小组长"),
    "no_branch": Message(
        "no branch is attached to the unit or any unit above it",
        "本单位及各级上级单位均未设党支部",
    ),
    "no_party_org": Message(
        "no party org is attached to the unit or above", "本单位及上级单位均未设党组织"
    ),
    "no_branch_to_cover": Message("no branch to cover", "没有可覆盖的党支部"),
    "no_temporary_branch": Message("the project has no temporary branch", "该项目未成立临时党支部"),
    "org_not_existing": Message("the party org does not exist that day", "该党组织当日不存在"),
    "no_secretary": Message("no secretary recorded", "未登记书记"),
    "not_covered": Message("no liaison point covers the branch", "没有联系点覆盖该党支部"),
    "no_domain": Message(
        "no domain is recorded for it or its unit", "该对象及其所在单位均未登记专业领域"
    ),
    "no_leader_in_charge": Message(
        "no leader is in charge of the domain", "该专业领域没有班子成员分管"
    ),
}


@dataclass(frozen=True, slots=True)
class Note:
    """A chain link's note: its code, the values it was written with, and its English text."""

    code: str
    params: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        return say_note(self.code, self.params, "en")


def note(code: str, **values: object) -> Note:
    """The note ``code``, written with ``values``."""
    return Note(code, tuple((name, str(value)) for name, value in values.items()))


def say_note(code: str, params: tuple[tuple[str, str], ...], lang: Lang) -> str:
    """The note ``code`` in ``lang``, written with ``params``."""
    message = NOTES[code]
    return (message.zh if lang == "zh" else message.en).format_map(dict(params))


__all__ = ["NOTES", "Note", "note", "say_note"]
