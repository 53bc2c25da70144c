"""The text the API writes about answers — audit messages, chain notes — in the caller's language.

Both backends write these in English, keeping beside each text its code and the values it was
written with (``Finding.params``; ``ChainLink.note_code`` and ``note_params``); here they are said
again in Chinese from the same values. The templates live beside the English ones: a rule's
checks in queries/audit/rules.py, chain notes in queries/chain/notes.py. Values stay as they
are (ids, counts, ISO dates) but for the words of the domain some of them hold (a party org's
kind, a seat's role), said with the terms of loaders/labels.py; an id a scoped caller may not
see was replaced by "(outside your scope)" (queries/scope/adapter.py), said in Chinese too.

>>> from graph_model.results import ChainLink, LinkLevel, LinkStatus
>>> link = ChainLink(LinkLevel.BRANCH, LinkStatus.AMBIGUOUS, (), (), "2 branches qualify; the "
...     "chain follows br-1", "branches_ambiguous", (("count", "2"), ("first", "br-1")))
>>> chain_note(link, "zh")
'有 2 个党支部符合条件；责任链沿 br-1 向上'
>>> chain_note(link, "en") == link.note
True
"""

from __future__ import annotations

from graph_model.audit import Finding
from graph_model.results import ChainLink
from loaders.labels import VALUE_LABELS
from loaders.messages import Lang
from queries.audit.rules import SPECS
from queries.chain.notes import say_note
from queries.scope.adapter import OUTSIDE, OUTSIDE_NOTE

#: What queries/scope/adapter.py writes for a cut id and beside a cut link's note, in Chinese.
OUTSIDE_ZH = "（超出权限范围）"
OUTSIDE_NOTE_ZH = "部分内容超出您的权限范围"

#: The values of an audit message that hold words of the domain (kinds of party org, roles).
_TERM_FIELDS = frozenset({"kind", "expected", "roles"})


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


def _zh(name: str, value: str) -> str:
    """A value as Chinese text reads it: lists joined by 、, domain words in Chinese."""
    items = value.split(", ")
    if name in _TERM_FIELDS:
        items = [VALUE_LABELS.get(item, item) for item in items]
    return "、".join(items).replace(OUTSIDE, OUTSIDE_ZH)


__all__ = ["OUTSIDE_NOTE_ZH", "OUTSIDE_ZH", "chain_note", "finding_message"]
