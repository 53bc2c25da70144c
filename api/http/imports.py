"""Imports over HTTP: upload a bundle, read its plan, apply exactly that plan (issue 9, part 6).

``POST /imports`` takes the file itself as the request body — a workbook with the content
type ``application/vnd.openxmlformats-officedocument.spreadsheetml.sheet``, or a zipped CSV
folder as ``application/zip`` (a browser's ``fetch(url, {method: "POST", body: file})`` with
that type) — and answers with the plan ``orgraph load --plan --format json`` prints, the
conflicts with changes made through the API, and an ``importId``; or, for a bundle that fails
validation, 422 with every problem located (sheet, row, cell, column, code, message) in the
language of ``Accept-Language`` (zh unless English comes first). ``POST
/imports/{id}/apply[?overwriteChanges=true]`` then loads the same bundle, refused with 409 when
the graph changed after the plan (``GRAPH_CHANGED``) or when it would undo API changes and
``overwriteChanges`` is not set (``CONFLICTS``). Only an unscoped admin may do either.

The planning and loading are ``api.cli.plan``'s, the code ``orgraph load`` runs; the upload
checks are api/http/uploads.py's and the pending imports are kept by api/http/pending.py.
Every refusal is JSON shaped as the body limit's: ``{"errors": [{"message", "extensions":
{"code"}}]}``, with ``problems`` or ``conflicts`` beside it when there are some; its message is in
the language of ``Accept-Language`` too (api/schema/refusal_texts.py).
"""

from __future__ import annotations

import logging
import tempfile
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.auth import Authenticator, Caller, Role
from api.cli.plan import Prepared, apply, document, prepare
from api.http.pending import PendingImport, PendingImports, imports_folder
from api.http.request_id import current_request_id, error_extensions
from api.http.uploads import ArchiveLimits, UploadKind, UploadRefused, save_upload, upload_kind
from api.schema.errors import withheld_message, withholds_message
from api.schema.language import request_lang
from api.schema.refusal_texts import Text, said
from api.settings import Settings
from graph_model.errors import (
    BackendUnavailable,
    BundleError,
    GraphChanged,
    OrgraphError,
    Problem,
    ResourceLimit,
)
from graph_model.protocol import Backend
from graph_model.records import Bundle
from loaders import read_bundle
from loaders.formula_warnings import read_bundle_warning_of_formulas
from loaders.messages import Lang, message_of

IMPORTS_PATH = "/imports"

FORBIDDEN = "FORBIDDEN"
IMPORT_NOT_FOUND = "IMPORT_NOT_FOUND"
IMPORT_EXPIRED = "IMPORT_EXPIRED"
CONFLICTS = "CONFLICTS"
INVALID_REQUEST = "INVALID_REQUEST"
IMPORTS_FOLDER_UNAVAILABLE = "IMPORTS_FOLDER_UNAVAILABLE"
#: What a caller is told when the upload cannot be kept; the folder and the reason go to the log.
_KEEP_FAILED = Text.of("keep_failed")
KEEP_FAILED = str(_KEEP_FAILED)  # in English

#: Why an import planned on one graph is not applied to another.
_CHANGED_SINCE_PLAN = Text.of("graph_changed_since_plan")

log = logging.getLogger(__name__)


class _Refusal(Exception):
    """A request refused with ``status`` and a coded error, plus any lists to show beside it;
    ``message`` is said in the caller's language when the response is written."""

    def __init__(self, status: int, code: str, message: str | Text, **extra: Any) -> None:
        super().__init__(str(message))
        self.status, self.code, self.message, self.extra = status, code, message, extra

    def response(self, lang: Lang) -> JSONResponse:
        text = said(self.message, self.code, lang)
        error = {"message": text, "extensions": error_extensions(self.code)}
        return JSONResponse({"errors": [error], **self.extra}, status_code=self.status)


def imports_router(settings: Settings, backend: Backend, authenticator: Authenticator) -> APIRouter:
    """The two routes of the module, on ``backend`` (not scoped: an import replaces it all)."""
    pending = PendingImports(
        imports_folder(settings.imports_dir, settings.state_dir, tempfile.gettempdir()),
        settings.import_ttl_seconds,
    )
    limits = ArchiveLimits(max_unpacked_bytes=settings.max_import_unpacked_bytes)
    router = APIRouter()

    @router.post(IMPORTS_PATH, summary="Upload a bundle and get what loading it would change.")
    async def plan_import(request: Request) -> JSONResponse:
        lang = request_lang(request.headers.get("accept-language"))
        try:
            caller = _admin(authenticator, request)
            kind = upload_kind(request.headers.get("content-type"))
            body = await request.body()
            planned = await to_thread.run_sync(
                _plan, pending, backend, body, kind, limits, lang, caller.subject
            )
        except UploadRefused as exc:
            return _Refusal(exc.status, exc.code, exc.text).response(lang)
        except _Refusal as refusal:
            return refusal.response(lang)
        except OSError as exc:  # the imports folder cannot be written (full, not permitted)
            why = (current_request_id(), pending.folder, exc)
            log.warning("request %s: cannot keep the import in %s: %s", *why)
            return _Refusal(503, IMPORTS_FOLDER_UNAVAILABLE, _KEEP_FAILED).response(lang)
        pending_import, prepared, warnings = planned
        return JSONResponse(
            {
                "importId": pending_import.id,
                "expiresAt": pending_import.expires.isoformat(),
                "warnings": warnings,
                **_plan_document(prepared),
            }
        )

    @router.post(IMPORTS_PATH + "/{import_id}/apply", summary="Apply a planned import.")
    async def apply_import(request: Request, import_id: str) -> JSONResponse:
        lang = request_lang(request.headers.get("accept-language"))
        try:
            caller = _admin(authenticator, request)
            overwrite = _flag(request.query_params.get("overwriteChanges"))
            applied = await to_thread.run_sync(
                _apply, pending, backend, import_id, overwrite, f"api:{caller.subject}"
            )
        except _Refusal as refusal:
            return refusal.response(lang)
        return JSONResponse(applied)

    return router


def problem_json(found: Problem, lang: Lang) -> dict[str, Any]:
    """A problem as the CLI locates it, field by field; ``sheet`` only in a workbook."""
    return {
        "file": found.file,
        "sheet": found.file if found.cell is not None else None,
        "row": found.row,
        "cell": found.cell,
        "column": found.column,
        "code": found.code or None,
        "severity": found.severity.value,
        "message": message_of(found, lang),
    }


def _flag(value: str | None) -> bool:
    """``overwriteChanges``: absent or ``false``, or ``true``."""
    if value is None or value.lower() == "false":
        return False
    if value.lower() == "true":
        return True
    raise _Refusal(400, INVALID_REQUEST, Text.of("overwrite_flag", value=repr(value)))


def _admin(authenticator: Authenticator, request: Request) -> Caller:
    """The caller, when an admin of the whole organisation; ``Unauthenticated`` (401) without
    a valid token, 403 for any other."""
    caller = authenticator.caller(request.headers.get("authorization"))
    if caller.role != Role.ADMIN or caller.scope is not None:
        raise _Refusal(403, FORBIDDEN, Text.of("imports_admin_only"))
    return caller


def _plan(
    pending: PendingImports,
    backend: Backend,
    body: bytes,
    kind: UploadKind,
    limits: ArchiveLimits,
    lang: Lang,
    planned_by: str,
) -> tuple[PendingImport, Prepared, list[dict[str, Any]]]:
    """Unpack, validate and plan an upload, kept pending when it is valid; nothing is left
    behind when it is not."""
    import_id, staging = pending.stage()
    try:
        path = save_upload(body, kind, staging, limits)
        try:
            validated = read_bundle_warning_of_formulas(path)
        except BundleError as exc:
            problems = [problem_json(p, lang) for p in exc.problems]
            headline = Text.of("bundle_rejected", count=len(exc.problems))
            raise _Refusal(422, exc.code, headline, problems=problems) from None
        prepared = _prepared(backend, validated.bundle)
        record = PendingImport(import_id, kind, pending.expiry(), prepared.last_change, planned_by)
        pending.keep(staging, record)
    except BaseException:
        pending.discard(staging)
        raise
    return record, prepared, [problem_json(w, lang) for w in validated.warnings]


def _apply(
    pending: PendingImports, backend: Backend, import_id: str, overwrite: bool, actor: str
) -> dict[str, Any]:
    """Load a pending import as it was planned; the import is gone once applied, or once it
    can no longer be (expired, or the graph changed)."""
    found = pending.find(import_id)
    if found is None:
        raise _Refusal(404, IMPORT_NOT_FOUND, Text.of("import_not_found", id=repr(import_id)))
    record, folder = found
    if pending.expired(record):
        pending.discard(folder)
        raise _Refusal(410, IMPORT_EXPIRED, Text.of("import_expired"))
    try:
        incoming = read_bundle(pending.bundle_path(record, folder)).bundle
        prepared = prepare(backend, incoming)
        if prepared.last_change != record.last_change:
            pending.discard(folder)
            raise _nothing_written(_CHANGED_SINCE_PLAN)
        if prepared.conflicts and not overwrite:
            raise _Refusal(
                409,
                CONFLICTS,
                Text.of("import_conflicts", count=len(prepared.conflicts)),
                conflicts=[c.as_json() for c in prepared.conflicts],
            )
        change = apply(backend, prepared, incoming, f"import {import_id}", overwrite, actor)
    except GraphChanged as exc:  # a load's own check, in the store's words
        pending.discard(folder)
        raise _nothing_written(str(exc)) from None
    except OrgraphError as exc:
        raise _store_refusal(exc, backend.name) from None
    pending.discard(folder)
    return {**document(prepared, change), "importId": import_id}


def _nothing_written(why: str | Text) -> _Refusal:
    """The graph changed after the plan: 409, and the import is gone (upload it again)."""
    return _Refusal(409, GraphChanged.code, Text.of("nothing_written", why=why))


def _prepared(backend: Backend, incoming: Bundle) -> Prepared:
    try:
        return prepare(backend, incoming)
    except OrgraphError as exc:
        raise _store_refusal(exc, backend.name) from None


def _store_refusal(exc: OrgraphError, backend: str) -> _Refusal:
    """A store that does not answer, or refused for one of its limits: 503, with its code; a
    store's failure in a fixed message, its own words (a path, a URI) only in the log."""
    message = str(exc)
    if withholds_message(exc):
        log.warning("request %s: %s: %s", current_request_id(), exc.code, exc)
        message = withheld_message(exc, backend)  # "may have been applied" after a COMMIT
    return _Refusal(
        503 if isinstance(exc, BackendUnavailable | ResourceLimit) else 422, exc.code, message
    )


def _plan_document(prepared: Prepared) -> dict[str, Any]:
    """``orgraph load --plan --format json``'s document, without the fields of an applied load."""
    planned = document(prepared, None)
    return {"plan": planned["plan"], "conflicts": planned["conflicts"]}


__all__ = ["IMPORTS_PATH", "imports_router", "problem_json", "request_lang"]
