"""The collector's pause: off while any pause is under way, in any thread, and back to how it
was when the last one ends."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from graph_model.gc_pause import gc_paused
from loaders import SAMPLE_BUNDLE, validate
from loaders.readers import read_bundle_tables


@pytest.fixture(autouse=True)
def _collector_as_found() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_a_pause_turns_the_collector_off_and_back_on() -> None:
    gc.enable()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_stays_off_until_the_last_of_overlapping_pauses_ends() -> None:
    gc.enable()
    first_in, first_may_end = threading.Event(), threading.Event()

    def first() -> None:
        with gc_paused():
            first_in.set()
            first_may_end.wait(5)

    other = threading.Thread(target=first)
    with gc_paused():  # the first pause to start ends first: the other must keep it off
        other.start()
        assert first_in.wait(5)
    assert not gc.isenabled()
    first_may_end.set()
    other.join(5)
    assert gc.isenabled()


def test_a_collector_off_before_stays_off_after() -> None:
    gc.disable()
    with gc_paused(), gc_paused():
        pass
    assert not gc.isenabled()


def test_a_pause_as_a_decorator_ends_when_the_function_raises() -> None:
    gc.enable()

    @gc_paused()
    def failing() -> None:
        assert not gc.isenabled()
        raise ValueError("bad row")

    with pytest.raises(ValueError):
        failing()
    assert gc.isenabled()


def _collector_during_validation(monkeypatch: pytest.MonkeyPatch, pause_from: int) -> set[bool]:
    """Whether the collector was on, each time validation of the sample told its progress."""
    monkeypatch.setattr(validate, "PAUSE_FROM_ROWS", pause_from)
    seen: set[bool] = set()
    validate.validate_bundle(
        read_bundle_tables(SAMPLE_BUNDLE), lambda step, done, total: seen.add(gc.isenabled())
    )
    return seen


def test_validating_a_bundle_of_many_rows_pauses_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gc.enable()
    assert _collector_during_validation(monkeypatch, pause_from=1) == {False}
    assert gc.isenabled()


def test_validating_a_bundle_of_few_rows_leaves_the_collector_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gc.enable()
    assert _collector_during_validation(monkeypatch, pause_from=10**9) == {True}
