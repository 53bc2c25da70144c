"""How far a long command is, shown on stderr so that stdout keeps the command's output.

On a terminal, a rich progress bar per step with the count, the rate and the time left; when
stderr is not a terminal (a log, a pipe), a plain line every ``PLAIN_EVERY`` seconds, so a short
command prints none; with ``--quiet``, nothing, and the producers are handed no callback at all.

Producers report through ``report`` (a ``graph_model.progress.Progress``); work that cannot
count (a backend's write, an audit) runs inside ``phase(step)``, shown as a spinner with the
time it has taken.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import Annotated, Protocol

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.text import Text

from graph_model.progress import Progress

#: Seconds between two plain progress lines: a log gets a heartbeat, not a flood, and a command
#: that takes less (the sample's, whatever the machine's load) prints none.
PLAIN_EVERY = 60.0

QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Show no progress on stderr.")]

#: The unit of a phase's items: it has none to count.
_PHASE = ""


class _Display(Protocol):
    def show(self, step: str, done: int, total: int | None, unit: str) -> None: ...

    def close(self, failed: bool) -> None:
        """Stop showing; a failed command leaves its last step as it was, not done."""


class ProgressDisplay:
    """The progress of one command, as a context manager around the work it shows."""

    def __init__(
        self, console: Console, *, quiet: bool, units: Mapping[str, str] | None = None
    ) -> None:
        """``units`` names what a step counts when it is not rows (``generating``: steps)."""
        self._console = console
        self._quiet = quiet
        self._units = dict(units or {})
        self._display: _Display | None = None

    def __enter__(self) -> ProgressDisplay:
        if not self._quiet:
            terminal = self._console.is_terminal
            self._display = _Bars(self._console) if terminal else _Lines(self._console)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._display is not None:
            self._display.close(failed=error is not None)
            self._display = None

    @property
    def console(self) -> Console:
        """Where the progress shows: print errors there too, so they land above a live bar."""
        return self._console

    @property
    def report(self) -> Progress | None:
        """The callback to hand a producer; ``None`` when quiet, so it reports nothing."""
        return self._show if self._display is not None else None

    def _show(self, step: str, done: int, total: int | None) -> None:
        if self._display is not None:
            self._display.show(step, done, total, self._units.get(step, "rows"))

    @contextmanager
    def phase(self, step: str) -> Iterator[None]:
        """Work that cannot say how far it is: a spinner and the time it takes."""
        if self._display is not None:
            self._display.show(step, 0, None, _PHASE)
        yield
        if self._display is not None:
            self._display.show(step, 1, 1, _PHASE)


# -- on a terminal: rich bars ---------------------------------------------------------------
class _Count(ProgressColumn):
    """``done/total unit``, or ``done unit`` while the total is unknown; nothing for a phase."""

    def render(self, task: Task) -> Text:
        unit = task.fields["unit"]
        if not unit or (task.total is None and not task.completed):
            return Text("")
        total = f"/{task.total:,.0f}" if task.total is not None else ""
        return Text(f"{task.completed:,.0f}{total} {unit}", style="progress.download")


class _Rate(ProgressColumn):
    """Items per second, once there is a rate to tell."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if not task.fields["unit"] or not speed:
            return Text("")
        return Text(f"{speed:,.0f} {task.fields['unit']}/s", style="progress.data.speed")


class _TimeLeft(TimeRemainingColumn):
    """The time left of a counted step; a phase has no end to foresee."""

    def render(self, task: Task) -> Text:
        counting = task.fields["unit"] and task.total is not None
        return super().render(task) if counting else Text("")


class _Bars:
    """One rich task per step; a new step finishes the one before."""

    def __init__(self, console: Console) -> None:
        self._bars = RichProgress(
            SpinnerColumn(finished_text="[progress.spinner]✓"),
            TextColumn("{task.description}"),
            BarColumn(),
            _Count(),
            _Rate(),
            TimeElapsedColumn(),
            _TimeLeft(),
            console=console,
        )
        self._step: str | None = None
        self._task: TaskID | None = None
        self._done = 0
        self._counted = False
        self._bars.start()

    def show(self, step: str, done: int, total: int | None, unit: str) -> None:
        if step != self._step or self._task is None:
            self._finish()
            self._step = step
            self._task = self._bars.add_task(step, total=total, unit=unit)
            self._counted = False
        self._done = done
        self._counted = self._counted or total is not None or done > 0
        self._bars.update(self._task, completed=done, total=total)

    def _finish(self) -> None:
        """Mark the current step done: a count may stop short of an estimated total, and a step
        that never counted anything ends as a phase does."""
        if self._task is None:
            return
        if self._counted:
            self._bars.update(self._task, total=self._done, completed=self._done)
        else:
            self._bars.update(self._task, total=1, completed=1, unit=_PHASE)

    def close(self, failed: bool) -> None:
        if not failed:
            self._finish()
        self._bars.stop()


# -- elsewhere: a plain line now and then ----------------------------------------------------
class _Lines:
    """A line about the current step every ``PLAIN_EVERY`` seconds, from a ticker thread; and,
    if any was printed, a last one when the command's work is over."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._every = PLAIN_EVERY
        #: (step, done, total, unit, when the step started, when it last reported): one tuple,
        #: swapped whole, so the ticker never reads half of an update.
        self._state: tuple[str, int, int | None, str, float, float] | None = None
        self._printed = False
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="orgraph-progress", daemon=True)
        self._ticker.start()

    def show(self, step: str, done: int, total: int | None, unit: str) -> None:
        state, now = self._state, time.monotonic()
        started = state[4] if state is not None and state[0] == step else now
        self._state = (step, done, total, unit, started, now)

    def _tick(self) -> None:
        while not self._stop.wait(self._every):
            self._print()

    def _print(self) -> None:
        state = self._state
        if state is None:
            return
        step, done, total, unit, started, reported = state
        # A count is as of its last report; work that cannot count goes on until it ends.
        until = time.monotonic() if total is None and not done else reported
        line = plain_line(step, done, total, unit, until - started)
        self._console.print(f"orgraph: {line}", markup=False, highlight=False)
        self._printed = True

    def close(self, failed: bool) -> None:
        self._stop.set()
        self._ticker.join()
        if self._printed:
            self._print()


def plain_line(step: str, done: int, total: int | None, unit: str, seconds: float) -> str:
    """The state of a step, ``seconds`` into it, as one line of text.

    >>> plain_line("reading", 250, 1000, "rows", 2.0)
    'reading: 250/1,000 rows (25%), 125 rows/s, 0:00:06 left'
    >>> plain_line("reading", 250, None, "rows", 2.0)
    'reading: 250 rows, 125 rows/s'
    >>> plain_line("writing to neo4j", 0, None, "", 75.2)
    'writing to neo4j: 0:01:15 so far'
    >>> plain_line("writing to neo4j", 1, 1, "", 75.2)
    'writing to neo4j: done in 0:01:15'
    """
    elapsed = max(seconds, 1e-9)
    if not unit or (total is None and not done):
        return f"{step}: {'done in ' if total else ''}{_clock(elapsed)}{'' if total else ' so far'}"
    if total is None:
        return f"{step}: {done:,} {unit}, {done / elapsed:,.0f} {unit}/s"
    share = f" ({done / total:.0%})" if total else ""
    rate = done / elapsed
    left = f", {_clock((total - done) / rate)} left" if rate and done < total else ""
    return f"{step}: {done:,}/{total:,} {unit}{share}, {rate:,.0f} {unit}/s{left}"


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02}:{whole % 60:02}"


__all__ = ["PLAIN_EVERY", "ProgressDisplay", "QuietOption", "plain_line"]
