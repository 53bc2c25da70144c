"""What ``orgraph audit`` writes around the findings — titles, headings, severities — in Chinese
and English; the findings' messages themselves are api/schema/texts.py's.

>>> say_audit("findings_title", "zh", as_of="2026-11-23", scope="", count=3)
'2026-11-23 审计结果：共 3 条问题'
>>> severity_word("warning", "zh"), severity_word("warning", "en")
('警告', 'warning')
"""

from __future__ import annotations

from loaders.messages import Lang, Message

AUDIT_TEXTS: dict[str, Message] = {
    "findings_title": Message(
        "Audit as of {as_of}{scope}: {count} findings", "{as_of} 审计结果{scope}：共 {count} 条问题"
    ),
    "scope": Message(" under {unit}", "（{unit} 及下级单位）"),
    "findings_columns": Message("rule|severity|entity|unit|message", "规则|级别|对象|单位|说明"),
    "by_rule_title": Message("By rule", "按规则"),
    "by_rule_columns": Message("rule|severity|findings|title", "规则|级别|问题数|规则名称"),
    "by_severity": Message("By severity: {counts}", "按级别：{counts}"),
    "severity_count": Message("{count} {severity}", "{severity} {count} 条"),
    "by_unit_title": Message(
        "By unit (the unit and everything below it)", "按单位（含该单位及其下级单位）"
    ),
    "by_unit_columns": Message("unit|findings", "单位|问题数"),
    "severity_error": Message("error", "错误"),
    "severity_warning": Message("warning", "警告"),
    "severity_info": Message("info", "提示"),
}


def say_audit(code: str, lang: Lang, **values: object) -> str:
    """The text ``code`` in ``lang``, written with ``values``."""
    message = AUDIT_TEXTS[code]
    return (message.zh if lang == "zh" else message.en).format_map(values)


def severity_word(severity: str, lang: Lang) -> str:
    """A finding's severity (``error``, ``warning``, ``info``) as a word of ``lang``."""
    return say_audit(f"severity_{severity}", lang)


__all__ = ["AUDIT_TEXTS", "say_audit", "severity_word"]
