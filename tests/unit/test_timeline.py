"""The two rules of time (docs/domain.md "Time"): periods are inclusive at both ends, and an org's
dissolution day is its first day gone."""

from __future__ import annotations

from datetime import date

import pytest

from graph_model.timeline import exists_on, valid_on

FROM = date(2024, 3, 1)
TO = date(2024, 9, 30)


@pytest.mark.parametrize(
    ("start", "end", "day", "valid"),
    [
        pytest.param(None, None, date(1900, 1, 1), True, id="open at both ends"),
        pytest.param(FROM, TO, date(2024, 2, 29), False, id="the day before from"),
        pytest.param(FROM, TO, FROM, True, id="on from"),
        pytest.param(FROM, TO, date(2024, 6, 15), True, id="between"),
        pytest.param(FROM, TO, TO, True, id="on to"),
        pytest.param(FROM, TO, date(2024, 10, 1), False, id="the day after to"),
        pytest.param(FROM, None, date(2099, 12, 31), True, id="no to: valid ever after"),
        pytest.param(FROM, None, date(2024, 2, 29), False, id="no to: not before from"),
        pytest.param(None, TO, date(1900, 1, 1), True, id="no from: valid ever before"),
        pytest.param(None, TO, date(2024, 10, 1), False, id="no from: not after to"),
        pytest.param(FROM, FROM, FROM, True, id="a one-day period on its day"),
        pytest.param(FROM, FROM, date(2024, 3, 2), False, id="a one-day period the day after"),
    ],
)
def test_a_period_holds_from_its_first_to_its_last_day_inclusive(
    start: date | None, end: date | None, day: date, valid: bool
) -> None:
    assert valid_on(start, end, day) is valid


@pytest.mark.parametrize(
    ("established", "dissolved", "day", "exists"),
    [
        pytest.param(None, None, date(1900, 1, 1), True, id="no dates: always there"),
        pytest.param(FROM, None, date(2024, 2, 29), False, id="the day before establishment"),
        pytest.param(FROM, None, FROM, True, id="the establishment day"),
        pytest.param(None, TO, date(2024, 9, 29), True, id="the day before dissolution"),
        pytest.param(None, TO, TO, False, id="the dissolution day"),
        pytest.param(None, TO, date(2024, 10, 1), False, id="after dissolution"),
        pytest.param(FROM, TO, date(2024, 6, 15), True, id="between the two"),
        pytest.param(FROM, date(2024, 3, 2), FROM, True, id="a one-day life on its day"),
    ],
)
def test_an_org_exists_from_its_establishment_until_the_day_before_its_dissolution(
    established: date | None, dissolved: date | None, day: date, exists: bool
) -> None:
    assert exists_on(established, dissolved, day) is exists
