"""The language a caller reads: Chinese unless its ``Accept-Language`` prefers English.

The API writes some text itself — audit messages, chain notes, error messages — and says it in
Chinese or English (``loaders.messages.Lang``). A header's tags count by their ``q`` (1 when
absent); a tag starting ``zh`` means Chinese and one starting ``en`` English; other tags, a
weight of 0 and a malformed weight are ignored; of equal weights the first listed wins.

>>> request_lang("en-GB,en;q=0.9"), request_lang("zh-CN,en;q=0.5"), request_lang(None)
('en', 'zh', 'zh')
>>> request_lang("fr-FR, en;q=0.2, zh-TW;q=0.1"), request_lang("de"), request_lang("en;q=0")
('en', 'zh', 'zh')
"""

from __future__ import annotations

from loaders.messages import Lang

#: The language of a caller that states none we write.
DEFAULT_LANG: Lang = "zh"


def request_lang(accept_language: str | None) -> Lang:
    """The language to answer a request whose ``Accept-Language`` header is this."""
    best: tuple[float, Lang] = (0.0, DEFAULT_LANG)
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        language = _lang_of_tag(tag.strip().lower())
        quality = _quality(params)
        if language is not None and quality is not None and quality > best[0]:
            best = (quality, language)
    return best[1]


def _lang_of_tag(tag: str) -> Lang | None:
    if tag.startswith("zh"):
        return "zh"
    if tag.startswith("en"):
        return "en"
    return None


def _quality(params: str) -> float | None:
    """The ``q`` of a tag's parameters (1 when absent); None when it is not a number."""
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return None
    return 1.0


__all__ = ["DEFAULT_LANG", "request_lang"]
