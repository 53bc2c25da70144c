"""Write a workbook whole or not at all: to a temporary file beside it, then renamed."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook


def save_whole(book: Workbook, out: Path) -> None:
    """Save ``book`` as ``out``; a failure leaves ``out`` as it was. The temporary file is made
    as any file is (the umask decides who may read it), and hidden beside ``out``."""
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        book.save(temporary)
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
