"""The semantics of time (docs/domain.md "Time"): inclusive periods and org lifetimes.

>>> from datetime import date
>>> valid_on(date(2020, 1, 1), None, date(2026, 1, 1))
True
>>> exists_on(None, date(2021, 3, 31), date(2021, 3, 31))
False
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Shanghai"


def valid_on(start: date | None, end: date | None, day: date) -> bool:
    """A ``from``/``to`` period holds on ``day``: inclusive at both ends, an empty end open."""
    return (start is None or start <= day) and (end is None or day <= end)


def exists_on(established: date | None, dissolved: date | None, day: date) -> bool:
    """An org exists on ``day``: the dissolution day is its first day gone."""
    return (established is None or established <= day) and (dissolved is None or day < dissolved)


def today(timezone: str = DEFAULT_TIMEZONE) -> date:
    """Today's date where the organisation is, not where the server is."""
    return datetime.now(ZoneInfo(timezone)).date()
