"""The header a test client sends to read the API's own text in English: the tests that quote
messages quote the English ones, and the API says them in Chinese unless asked otherwise
(api/schema/language.py)."""

from __future__ import annotations

ENGLISH = {"Accept-Language": "en"}
