"""Imports over HTTP, on both backends: upload → plan → apply, admins only, the body limit of
the route, bundle problems located as the CLI locates them, uploads that are not what they claim
or could be zip bombs refused with a code, and the plan applied only onto the graph it saw."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.auth import Role
from api.http.app import create_app
from api.http.uploads import WORKBOOK_TYPE
from api.settings import Settings
from graph_model.protocol import Backend
from graph_model.records import Bundle
from loaders import SAMPLE_BUNDLE, read_bundle
from loaders.csv_writer import write_csv
from tests.support.auth import bearer, with_test_key
from tests.support.change_cases import org
from tests.support.language import ENGLISH
from tests.support.workbooks import sample_book

Load = Callable[[Bundle], Backend]
XLSX = {"content-type": WORKBOOK_TYPE}
#: The sample's top unit.
SAMPLE_COMPANY = "u-gx"
SET_UP = """
mutation ($input: SetUpLiaisonPointInput!) { setUpLiaisonPoint(input: $input) { ok } }
"""


class Served:
    """A client on a backend holding a bundle, its settings and its imports folder."""

    def __init__(self, client: TestClient, settings: Settings, backend: Backend) -> None:
        self.client, self.settings, self.backend = client, settings, backend

    def post(
        self,
        path: str,
        body: bytes = b"",
        role: Role = Role.ADMIN,
        headers: dict[str, str] | None = None,
    ) -> Any:
        # Viewers and editors always have a scope; the admin here has none.
        scope = None if role == Role.ADMIN else SAMPLE_COMPANY
        sent = {**bearer(self.settings, role, scope), **(headers or {})}
        return self.client.post(path, content=body, headers=sent)

    def upload(self, body: bytes, content_type: str = WORKBOOK_TYPE, **headers: str) -> Any:
        return self.post("/imports", body, headers={"content-type": content_type, **headers})

    def pending(self) -> list[str]:
        folder = self.settings.imports_dir
        assert folder is not None
        return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def serve(backend: Backend, tmp_path: Path, **overrides: Any) -> Iterator[Served]:
    settings = with_test_key(Settings(imports_dir=tmp_path / "imports", **overrides))
    with TestClient(create_app(settings, backend=backend)) as client:
        yield Served(client, settings, backend)


@pytest.fixture
def served(load: Load, tmp_path: Path) -> Iterator[Served]:
    """The sample, served."""
    yield from serve(load(read_bundle(SAMPLE_BUNDLE).bundle), tmp_path)


def book_bytes(tmp_path: Path, edit: Callable[[Any], None] | None = None) -> bytes:
    """The sample as a workbook's bytes, after ``edit`` changed the openpyxl workbook."""
    path = sample_book(tmp_path / "book.xlsx")
    if edit is not None:
        book = load_workbook(path)
        edit(book)
        book.save(path)
    return path.read_bytes()


def renamed_domain(book: Any) -> None:
    book["domains"]["B2"] = "Renamed domain"


def zipped(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def csv_zip(bundle: Bundle, tmp_path: Path, folder: str = "bundle/") -> bytes:
    written = write_csv(bundle, tmp_path / "csv")
    return zipped({f"{folder}{path.name}": path.read_bytes() for path in written})


def code_of(response: Any) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


# -- upload → plan → apply -----------------------------------------------------------------------
def test_a_workbook_is_planned_then_applied_and_recorded(served: Served, tmp_path: Path) -> None:
    planned = served.upload(book_bytes(tmp_path, renamed_domain))
    assert planned.status_code == 200, planned.text
    body = planned.json()
    domains = body["plan"]["tables"]["domains"]
    assert domains["changed"] == 1 and domains["added"] == domains["removed"] == 0
    [change] = domains["changed_rows"]
    assert change["columns"]["name"]["after"] == "Renamed domain"
    assert body["plan"]["totals"]["changed"] == 1
    assert body["conflicts"] == [] and served.pending() == [body["importId"]]

    applied = served.post(f"/imports/{body['importId']}/apply")
    assert applied.status_code == 200, applied.text
    assert applied.json()["applied"] is True and applied.json()["change_id"] > 0
    names = {d.id: d.name for d in served.backend.snapshot().domains}
    assert "Renamed domain" in names.values()
    [entry] = served.backend.change_trail(None, 0, 1)[1]
    assert entry.actor == "api:test-admin"
    assert served.pending() == []  # applied once: gone
    assert served.post(f"/imports/{body['importId']}/apply").status_code == 404


def test_a_zipped_csv_folder_is_planned_and_applied(load: Load, tmp_path: Path) -> None:
    for served in serve(load(read_bundle(SAMPLE_BUNDLE).bundle), tmp_path):
        planned = served.upload(csv_zip(org().bundle(), tmp_path), "application/zip")
        assert planned.status_code == 200, planned.text
        assert planned.json()["plan"]["totals"]["removed"] > 0
        applied = served.post(f"/imports/{planned.json()['importId']}/apply")
        assert applied.status_code == 200, applied.text
        assert {u.id for u in served.backend.snapshot().units} == {
            u.id for u in org().bundle().units
        }


def test_another_worker_applies_what_one_planned(load: Load, tmp_path: Path) -> None:
    """Pending imports are in the folder, not one process's memory."""
    backend = load(read_bundle(SAMPLE_BUNDLE).bundle)
    for first in serve(backend, tmp_path):
        import_id = first.upload(book_bytes(tmp_path, renamed_domain)).json()["importId"]
    for second in serve(backend, tmp_path):
        assert second.post(f"/imports/{import_id}/apply").status_code == 200


def test_a_plan_is_refused_once_the_graph_changed(served: Served, tmp_path: Path) -> None:
    first = served.upload(book_bytes(tmp_path, renamed_domain)).json()["importId"]
    second = served.upload(book_bytes(tmp_path)).json()["importId"]
    assert served.post(f"/imports/{first}/apply").status_code == 200
    refused = served.post(f"/imports/{second}/apply")
    assert refused.status_code == 409 and code_of(refused) == "GRAPH_CHANGED"
    assert served.pending() == []  # a stale plan can never apply: removed
    assert "Renamed domain" in {d.name for d in served.backend.snapshot().domains}


def test_an_import_undoing_api_changes_needs_overwrite(load: Load, tmp_path: Path) -> None:
    for served in serve(load(org().bundle()), tmp_path):
        change = {"id": "lp-b", "leaderId": "p-wu", "kind": "BRANCH", "targetId": "br-b"}
        asked = served.client.post(
            "/graphql",
            json={"query": SET_UP, "variables": {"input": {**change, "from": "2025-01-01"}}},
            headers=bearer(served.settings),
        )
        assert asked.json()["data"]["setUpLiaisonPoint"]["ok"] is True
        planned = served.upload(csv_zip(org().bundle(), tmp_path), "application/zip").json()
        assert [c["key"] for c in planned["conflicts"]] == [["lp-b"]]
        path = f"/imports/{planned['importId']}/apply"
        refused = served.post(path)
        assert refused.status_code == 409 and code_of(refused) == "CONFLICTS"
        assert refused.json()["conflicts"][0]["change"]["command"] == "set_up_liaison_point"
        assert "lp-b" in {p.id for p in served.backend.snapshot().liaison_points}
        assert code_of(served.post(path + "?overwriteChanges=maybe")) == "INVALID_REQUEST"
        assert served.post(path + "?overwriteChanges=true").status_code == 200
        assert "lp-b" not in {p.id for p in served.backend.snapshot().liaison_points}


def test_an_expired_or_unknown_import_is_not_applied(load: Load, tmp_path: Path) -> None:
    for served in serve(load(read_bundle(SAMPLE_BUNDLE).bundle), tmp_path, import_ttl_seconds=1):
        import_id = served.upload(book_bytes(tmp_path)).json()["importId"]
        time.sleep(1.1)
        expired = served.post(f"/imports/{import_id}/apply")
        assert expired.status_code == 410 and code_of(expired) == "IMPORT_EXPIRED"
        for unknown in ("0" * 32, "A" * 32, "x"):
            missing = served.post(f"/imports/{unknown}/apply")
            assert missing.status_code == 404 and code_of(missing) == "IMPORT_NOT_FOUND"


# -- who may import ------------------------------------------------------------------------------
@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR])
def test_only_an_admin_may_import(served: Served, tmp_path: Path, role: Role) -> None:
    book = book_bytes(tmp_path, renamed_domain)
    refused = served.post("/imports", book, role=role, headers=XLSX)
    assert refused.status_code == 403 and code_of(refused) == "FORBIDDEN"
    import_id = served.upload(book).json()["importId"]
    assert code_of(served.post(f"/imports/{import_id}/apply", role=role)) == "FORBIDDEN"
    assert served.pending() == [import_id]  # the admin's import is still there


def test_a_scoped_admin_or_no_token_may_not_import(served: Served, tmp_path: Path) -> None:
    book = book_bytes(tmp_path)
    scoped = bearer(served.settings, Role.ADMIN, scope=SAMPLE_COMPANY)
    refused = served.client.post("/imports", content=book, headers={**scoped, **XLSX})
    assert refused.status_code == 403 and code_of(refused) == "FORBIDDEN"
    anonymous = served.client.post("/imports", content=book, headers=XLSX)
    assert anonymous.status_code == 401 and code_of(anonymous) == "UNAUTHENTICATED"
    assert served.pending() == []


# -- the body limit ------------------------------------------------------------------------------
def test_the_route_alone_takes_bodies_over_the_general_limit(served: Served) -> None:
    big = b"x" * (served.settings.max_body_bytes + 1)
    assert (
        served.post("/graphql", big, headers={"content-type": "application/json"}).status_code
        == 413
    )
    not_too_large = served.upload(big)
    assert not_too_large.status_code == 400 and code_of(not_too_large) == "NOT_WHAT_IT_CLAIMS"


def test_an_upload_over_its_limit_gets_413(load: Load, tmp_path: Path) -> None:
    for served in serve(load(read_bundle(SAMPLE_BUNDLE).bundle), tmp_path, max_import_bytes=1000):
        refused = served.upload(book_bytes(tmp_path))
        assert refused.status_code == 413 and code_of(refused) == "REQUEST_TOO_LARGE"
        assert served.pending() == []


# -- bundle problems -----------------------------------------------------------------------------
def formula(book: Any) -> None:
    book["domains"]["B2"] = '=UPPER("x")'


def test_problems_are_located_in_chinese_by_default(served: Served, tmp_path: Path) -> None:
    refused = served.upload(book_bytes(tmp_path, formula))
    assert refused.status_code == 422 and code_of(refused) == "INVALID_BUNDLE"
    [found] = [p for p in refused.json()["problems"] if p["cell"] == "B2"]
    assert found["sheet"] == "domains" and found["column"] == "name" and found["row"] == 2
    assert found["code"] and found["severity"] == "error"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in found["message"])
    assert served.pending() == []  # nothing half-written


def test_problems_are_in_english_when_asked(served: Served, tmp_path: Path) -> None:
    refused = served.upload(book_bytes(tmp_path, formula), **{"accept-language": "en-GB,en"})
    messages = [p["message"] for p in refused.json()["problems"]]
    assert any(m.startswith("the cell holds a formula") for m in messages), messages


def test_a_workbook_with_external_links_is_refused(served: Served, tmp_path: Path) -> None:
    buffer = io.BytesIO(book_bytes(tmp_path))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    refused = served.upload(buffer.getvalue(), **{"accept-language": "en"})
    assert refused.status_code == 422
    assert any(p["code"] == "external_links" for p in refused.json()["problems"])


def test_a_zipped_csv_folder_with_a_bad_row_names_file_and_row(
    served: Served, tmp_path: Path
) -> None:
    body = zipped({"domains.csv": b"id,name\nd-1,\n"})
    refused = served.upload(body, "application/zip", **{"accept-language": "en"})
    assert refused.status_code == 422, refused.text
    assert any(p["file"] == "domains.csv" and p["row"] == 2 for p in refused.json()["problems"])


# -- untrusted uploads ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "content_type", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), WORKBOOK_TYPE, ".xls"),
        (b"<html><body>a table</body></html>", WORKBOOK_TYPE, "HTML"),
        (b"id,name\nd-1,One\n", WORKBOOK_TYPE, "not a zip"),
        (zipped({"domains.csv": b"id,name\n"}), WORKBOOK_TYPE, "xl/workbook.xml"),
        (zipped({"notes.txt": b"hello"}), "application/zip", "only .csv files"),
        (b"PK\x03\x04 truncated", "application/zip", "not a zip archive"),
        (b"", WORKBOOK_TYPE, "empty"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(
    served: Served, body: bytes, content_type: str, says: str
) -> None:
    refused = served.upload(body, content_type, **ENGLISH)
    assert refused.status_code == 400, refused.text
    assert code_of(refused) in {"NOT_WHAT_IT_CLAIMS", "EMPTY_UPLOAD"}
    assert says in refused.json()["errors"][0]["message"]
    assert served.pending() == []


@pytest.mark.parametrize(
    ("files", "says"),
    [
        ({"domains.csv": bytes(20_000_000)}, "zip bomb"),
        ({"../domains.csv": b"id,name\n"}, "outside it"),
        ({"/etc/domains.csv": b"id,name\n"}, "outside it"),
        ({f"t{i}.csv": b"" for i in range(201)}, "at most 200"),
    ],
)
def test_an_archive_that_could_hurt_is_refused(
    served: Served, files: dict[str, bytes], says: str
) -> None:
    refused = served.upload(zipped(files), "application/zip", **ENGLISH)
    assert refused.status_code == 400 and code_of(refused) == "UNSAFE_ARCHIVE"
    assert says in refused.json()["errors"][0]["message"]
    assert served.pending() == []


def test_an_archive_unpacking_beyond_the_limit_is_refused(load: Load, tmp_path: Path) -> None:
    backend = load(read_bundle(SAMPLE_BUNDLE).bundle)
    for served in serve(backend, tmp_path, max_import_unpacked_bytes=1000):
        body = zipped({"domains.csv": b"id,name\n" * 200})
        refused = served.upload(body, "application/zip", **ENGLISH)
        assert code_of(refused) == "UNSAFE_ARCHIVE"
        assert "more than 1000 bytes" in refused.json()["errors"][0]["message"]


def test_an_upload_of_another_type_gets_415(served: Served) -> None:
    refused = served.upload(b"id,name\n", "text/csv")
    assert refused.status_code == 415 and code_of(refused) == "UNSUPPORTED_MEDIA_TYPE"
