"""Where a CSV file's quoting goes wrong, for a syntax error the csv module found.

The csv module (strict) says what is wrong and the line it had reached, not where the quote at
fault is: an unclosed quote is noticed only at the end of the file. ``quote_problem`` reads the
record again from the line it started on, the way the csv module does, and names the quote: the
one opening a cell that is never closed, or the one closing a cell that something other than a
comma follows.

>>> import tempfile, pathlib
>>> file = pathlib.Path(tempfile.mkdtemp()) / "units.csv"
>>> _ = file.write_text('id,name\\nu-1,"HQ\\nu-2,Station\\n', encoding="utf-8")
>>> str(quote_problem(file, 2, "unexpected end of data"))
'units.csv:2: -: the quote at line 2, column 5 is never closed: the rest of the file was \
read as one cell; close it, or write a quote inside a cell as two ("")'
>>> _ = file.write_text('id,name\\nu-1,"HQ" 2\\n', encoding="utf-8")
>>> quote_problem(file, 2, "',' expected after '\\"'").message.split(" closes")[0]
'the quote at line 2, column 8'
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from graph_model.errors import Problem
from loaders.messages import problem

QUOTE, DELIMITER = '"', ","


def quote_problem(file: Path, start_line: int, reason: str, source: str | None = None) -> Problem:
    """The problem of the record of ``file`` that starts at line ``start_line`` (1-based) and
    that the csv module refused for ``reason``, located at the quote at fault when there is one
    (else at the record's line, with the csv module's reason)."""
    name = source or file.name
    found = _quote_at_fault(_lines(file, start_line), start_line)
    if found is None:
        return problem(name, start_line, "-", "not_csv_at", line=start_line, reason=reason)
    line, char, after = found
    if after is None:
        return problem(name, line, "-", "quote_unclosed", line=line, place=char)
    return problem(name, line, "-", "quote_misplaced", line=line, place=char, after=after)


def _lines(file: Path, start_line: int) -> Iterator[str]:
    """The file's lines from ``start_line`` on, each with its line ending."""
    with file.open(encoding="utf-8-sig", newline="") as handle:
        yield from islice(handle, start_line - 1, None)


def _quote_at_fault(lines: Iterator[str], line: int) -> tuple[int, int, str | None] | None:
    """Where the first quoting fault of the record is: the quote's line and 1-based column and
    what follows a closing quote (None: the quote is never closed); None when there is none.

    Cells are walked as the csv module walks them: a quote starts a quoted cell only as the
    cell's first character; inside one, two quotes are one quote and one quote closes it."""
    text = next(lines, "")
    at = 0
    while True:
        # At the start of a cell.
        if text.startswith(QUOTE, at):
            opened = (line, at + 1)
            at += 1
            while True:  # inside a quoted cell, which may run over several lines
                close = text.find(QUOTE, at)
                if close < 0:
                    following = next(lines, None)
                    if following is None:
                        return (*opened, None)
                    text, at, line = following, 0, line + 1
                    continue
                if text.startswith(QUOTE, close + 1):
                    at = close + 2  # a doubled quote: one quote in the text
                    continue
                at = close + 1
                break
            after = text[at : at + 1]
            if after not in (DELIMITER, "\r", "\n", ""):
                return line, close + 1, repr(after)
        end = text.find(DELIMITER, at)
        if end < 0:
            return None  # the record ends on this line with no fault seen
        at = end + 1


__all__ = ["quote_problem"]
