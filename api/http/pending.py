"""Imports planned over HTTP and not yet applied, kept in a folder so that any worker process
can apply what another one planned.

Each pending import is a folder ``<imports folder>/<id>/`` holding the upload as unpacked
(``upload.xlsx`` or ``bundle/``) and ``import.json``: when it expires, the trail's newest change
when it was planned (a different one at apply time means the graph changed), and the upload's
kind. A folder is written as ``<id>.partial`` and renamed once whole, so a reader never sees half
an import; expired imports are swept when a new one is staged.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from api.http.uploads import UploadKind

_META = "import.json"
_PARTIAL = ".partial"
#: What an import id looks like; anything else is not looked up (no paths from the URL).
_ID = re.compile(r"[0-9a-f]{32}")
#: A staging folder older than this was left by a crashed worker.
_STALE_STAGING_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class PendingImport:
    """A planned import: its id, what was uploaded, when it expires, the trail it was planned
    against, and who planned it."""

    id: str
    kind: UploadKind
    expires_at: float
    last_change: int
    planned_by: str

    @property
    def expires(self) -> datetime:
        return datetime.fromtimestamp(self.expires_at, UTC)


class PendingImports:
    """The folder of pending imports; each lives ``ttl_seconds`` after it is planned."""

    def __init__(self, folder: Path, ttl_seconds: int) -> None:
        self.folder = folder
        self.ttl_seconds = ttl_seconds

    def stage(self) -> tuple[str, Path]:
        """A new id and its empty staging folder, to unpack an upload into."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.sweep()
        new_id = secrets.token_hex(16)
        staging = self.folder / f"{new_id}{_PARTIAL}"
        staging.mkdir()
        return new_id, staging

    def keep(self, staging: Path, pending: PendingImport) -> None:
        """Make a staged import pending: its record written, then the folder renamed whole."""
        (staging / _META).write_text(json.dumps(asdict(pending)), encoding="utf-8")
        staging.rename(self.folder / pending.id)

    def find(self, import_id: str) -> tuple[PendingImport, Path] | None:
        """The pending import and its folder, or None when there is no such id."""
        if not _ID.fullmatch(import_id):
            return None
        folder = self.folder / import_id
        try:
            record = json.loads((folder / _META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return PendingImport(**record), folder

    def bundle_path(self, pending: PendingImport, folder: Path) -> Path:
        """What ``loaders.read_bundle`` reads for the import."""
        return folder / ("upload.xlsx" if pending.kind == "workbook" else "bundle")

    def expired(self, pending: PendingImport) -> bool:
        return time.time() >= pending.expires_at

    def expiry(self) -> float:
        """When an import planned now expires, in seconds since the epoch."""
        return time.time() + self.ttl_seconds

    def discard(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    def sweep(self) -> None:
        """Remove expired imports and staging folders a crashed worker left behind."""
        now = time.time()
        for entry in self.folder.iterdir():
            try:
                if entry.name.endswith(_PARTIAL):
                    if now - entry.stat().st_mtime > _STALE_STAGING_SECONDS:
                        self.discard(entry)
                    continue
            except FileNotFoundError:  # another worker removed it meanwhile
                continue
            found = self.find(entry.name)
            if found is not None and self.expired(found[0]):
                self.discard(entry)


def imports_folder(imports_dir: Path | None, state_dir: Path | None, temp_dir: str) -> Path:
    """Where pending imports are kept: the setting, else under the state folder, else in the
    machine's temporary folder (shared by the workers of one machine)."""
    if imports_dir is not None:
        return imports_dir
    if state_dir is not None:
        return state_dir / "imports"
    return Path(temp_dir) / f"orgraph-imports-{os.getuid() if hasattr(os, 'getuid') else 0}"


__all__ = ["PendingImport", "PendingImports", "imports_folder"]
