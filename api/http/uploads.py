"""Uploaded bundles are untrusted: check that a body is what it claims and unpack it safely.

Two kinds of upload are accepted, told apart by the request's content type and then checked
against their bytes (magic numbers, not names):

- a workbook, ``application/vnd.openxmlformats-officedocument.spreadsheetml.sheet``: a zip
  holding ``xl/workbook.xml`` (an old ``.xls``, an HTML page or a CSV renamed ``.xlsx`` are not);
- a zipped CSV folder, ``application/zip``: ``.csv`` files, at the top of the archive or in one
  folder there.

Every archive is refused when it could be a zip bomb or a path trick: too many members, too many
bytes once unpacked, a member compressed beyond a plausible ratio, or a name that is absolute or
climbs out (``..``). The sizes a zip declares are not trusted: every member is read through once,
counting bytes and checking its CRC. A refusal is an ``UploadRefused`` with a stable code and
its text by name (api/schema/refusal_texts.py), said in the caller's language by the route.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from api.schema.refusal_texts import Text

UploadKind = Literal["workbook", "csv_zip"]

WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_TYPES = frozenset({"application/zip", "application/x-zip-compressed"})

#: Codes of refused uploads (the ``code`` of the JSON error).
UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
NOT_WHAT_IT_CLAIMS = "NOT_WHAT_IT_CLAIMS"
UNSAFE_ARCHIVE = "UNSAFE_ARCHIVE"
EMPTY_UPLOAD = "EMPTY_UPLOAD"

_ZIP_MAGIC = b"PK\x03\x04"
#: What some refused files start with, to say what they are instead of "not a zip".
_KNOWN_MAGIC = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "found_xls"),
    (b"<", "found_html"),
    (b"\xef\xbb\xbf", "found_text"),
)
#: Members the zip tools of macOS and Windows add, skipped in a CSV folder.
_TOOL_DEBRIS = ("__MACOSX/", ".DS_Store", "Thumbs.db")
_CHUNK = 1 << 16


class UploadRefused(Exception):
    """An upload refused before it is read as a bundle; ``status`` is the HTTP status, ``text``
    the refusal's words (``str()``: in English)."""

    def __init__(self, code: str, text: Text, status: int = 400) -> None:
        super().__init__(str(text))
        self.code = code
        self.text = text
        self.status = status


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """How large an archive may be once unpacked, in members and bytes, and how compressed."""

    max_members: int = 200
    max_unpacked_bytes: int = 1_000_000_000
    max_ratio: int = 200


def upload_kind(content_type: str | None) -> UploadKind:
    """What the request says it sends, from its ``Content-Type`` (parameters ignored)."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media == WORKBOOK_TYPE:
        return "workbook"
    if media in ZIP_TYPES:
        return "csv_zip"
    given = media or Text.of("no_content_type")
    text = Text.of("media_type", workbook=WORKBOOK_TYPE, media=given)
    raise UploadRefused(UNSUPPORTED_MEDIA_TYPE, text, status=415)


def save_upload(body: bytes, kind: UploadKind, folder: Path, limits: ArchiveLimits) -> Path:
    """Check ``body`` and write it into the empty ``folder``: the workbook, or the CSV files of
    the archive; return what ``loaders.read_bundle`` reads (the ``.xlsx`` or the folder)."""
    archive = _open_zip(body, kind)
    members = _checked_members(archive, limits)
    if kind == "workbook":
        if "xl/workbook.xml" not in {m.filename for m in members}:
            raise UploadRefused(NOT_WHAT_IT_CLAIMS, Text.of("zip_not_workbook"))
        book = folder / "upload.xlsx"
        book.write_bytes(body)
        return book
    tables = folder / "bundle"
    tables.mkdir()
    for member, name in _csv_files(members):
        with archive.open(member) as source, (tables / name).open("wb") as target:
            shutil.copyfileobj(source, target, _CHUNK)
    return tables


def _open_zip(body: bytes, kind: UploadKind) -> zipfile.ZipFile:
    claimed = Text.of("claimed_workbook" if kind == "workbook" else "claimed_zip")
    if not body:
        raise UploadRefused(EMPTY_UPLOAD, Text.of("upload_empty"))
    if not body.startswith(_ZIP_MAGIC):
        found = next((what for magic, what in _KNOWN_MAGIC if body.startswith(magic)), None)
        text = Text.of("file_is_not", claimed=claimed, found=Text.of(found or "found_not_zip"))
        raise UploadRefused(NOT_WHAT_IT_CLAIMS, text)
    try:
        return zipfile.ZipFile(io.BytesIO(body))
    except (zipfile.BadZipFile, ValueError) as exc:
        text = Text.of("file_unreadable", claimed=claimed, reason=str(exc))
        raise UploadRefused(NOT_WHAT_IT_CLAIMS, text) from None


def _checked_members(archive: zipfile.ZipFile, limits: ArchiveLimits) -> list[zipfile.ZipInfo]:
    """The archive's members once each passed the limits, read through to prove their sizes."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        text = Text.of("too_many_members", count=len(members), max=limits.max_members)
        raise UploadRefused(UNSAFE_ARCHIVE, text)
    for member in members:
        _check_name(member.filename)
        if member.flag_bits & 0x1:
            raise UploadRefused(UNSAFE_ARCHIVE, Text.of("member_encrypted", name=member.filename))
    total = 0
    for member in members:
        total += _unpacked_size(archive, member, limits, total)
    return members


def _check_name(name: str) -> None:
    path = PurePosixPath(name)
    if "\\" in name or path.is_absolute() or ".." in path.parts or ":" in name or "\0" in name:
        raise UploadRefused(UNSAFE_ARCHIVE, Text.of("member_outside", name=repr(name)))


def _unpacked_size(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: ArchiveLimits, so_far: int
) -> int:
    """The bytes ``member`` unpacks to, counted (not declared), within the limits."""
    ceiling = max(member.compress_size, 1) * limits.max_ratio
    size = 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > ceiling and size > _CHUNK:
                    text = Text.of("member_ratio", name=member.filename, ratio=limits.max_ratio)
                    raise UploadRefused(UNSAFE_ARCHIVE, text)
                if so_far + size > limits.max_unpacked_bytes:
                    text = Text.of("archive_too_large", max=limits.max_unpacked_bytes)
                    raise UploadRefused(UNSAFE_ARCHIVE, text)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, ValueError) as exc:
        text = Text.of("member_unreadable", name=member.filename, reason=str(exc))
        raise UploadRefused(NOT_WHAT_IT_CLAIMS, text) from None
    return size


def _csv_files(members: list[zipfile.ZipInfo]) -> list[tuple[zipfile.ZipInfo, str]]:
    """The CSV members and their file names, all in one folder; anything else is refused."""
    files = [
        m
        for m in members
        if not m.is_dir() and not any(part in m.filename for part in _TOOL_DEBRIS)
    ]
    others = [m.filename for m in files if not m.filename.lower().endswith(".csv")]
    if others:
        raise UploadRefused(NOT_WHAT_IT_CLAIMS, Text.of("csv_only", name=repr(others[0])))
    if not files:
        raise UploadRefused(NOT_WHAT_IT_CLAIMS, Text.of("no_csv"))
    if len({PurePosixPath(m.filename).parent for m in files}) > 1:
        raise UploadRefused(NOT_WHAT_IT_CLAIMS, Text.of("csv_one_folder"))
    return [(m, PurePosixPath(m.filename).name) for m in files]


__all__ = [
    "EMPTY_UPLOAD",
    "NOT_WHAT_IT_CLAIMS",
    "UNSAFE_ARCHIVE",
    "UNSUPPORTED_MEDIA_TYPE",
    "WORKBOOK_TYPE",
    "ArchiveLimits",
    "UploadKind",
    "UploadRefused",
    "save_upload",
    "upload_kind",
]
