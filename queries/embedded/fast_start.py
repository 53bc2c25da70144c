"""A fast-start copy of a state folder's bundle: ``bundle.pickle`` beside ``bundle.json``.

Reading and validating the JSON of a national organisation (a million people) takes most of
a minute; a start from the pickle takes a fraction of that (issue 8). The pickle is the same
``Bundle``, pickled, after a header naming the format and the SHA-256 of the ``bundle.json`` bytes
it was written with::

    orgraph-pickle <version> <fingerprint of the record classes> <sha256 of bundle.json>\\n
    <pickle of the Bundle>

Why skipping validation is sound: only ``StateDir.write_snapshot`` writes a pickle, from the
bundle it writes to ``bundle.json`` in the same call, and that bundle was valid (a validated
load, then checked changes). The pickle is used only while ``bundle.json`` still has the digest
in its header and the record classes still have the fields they had; anything else (a
hand-edited bundle, a crash between the two files, a newer orgraph, a torn or foreign file)
falls back to reading and validating ``bundle.json``, which stays the state's one source of
truth. Unpickling resolves only the record, kind and date classes (``_RecordsOnly``), so a
pickle cannot name arbitrary code. The folder is the server's own, like the bundle it serves.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import logging
import pickle
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from graph_model import records
from graph_model.records import Bundle

log = logging.getLogger(__name__)

PICKLE_FILE = "bundle.pickle"
_MAGIC = b"orgraph-pickle"
_VERSION = b"1"
#: Modules whose classes a pickle may name: the records, their kinds, dates.
_ALLOWED_MODULES = ("graph_model.records", "graph_model.kinds", "datetime")
_ALLOWED_BUILTINS = frozenset({"dict", "tuple", "list", "frozenset", "set"})


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fingerprint() -> str:
    """Changes when a record class gains, loses or renames a field."""
    shape = [
        f"{name}({','.join(f.name for f in fields(cls))})"
        for name, cls in sorted(vars(records).items())
        if isinstance(cls, type) and is_dataclass(cls)
    ]
    return digest(";".join(shape).encode())[:16]


def _header(json_digest: str) -> bytes:
    return b" ".join([_MAGIC, _VERSION, _FINGERPRINT.encode(), json_digest.encode()]) + b"\n"


_FINGERPRINT = _fingerprint()


def _as_dict(view: MappingProxyType[str, str]) -> tuple[type[dict[str, str]], tuple[Any, ...]]:
    """A record's ``extra`` may be a read-only view: kept as the plain dict a JSON read gives."""
    return dict, (dict(view),)


class _RecordsOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module in _ALLOWED_MODULES or (module == "builtins" and name in _ALLOWED_BUILTINS):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"a pickle may not name {module}.{name}")


def pickle_bytes(bundle: Bundle, json_digest: str) -> bytes:
    """The pickle of ``bundle``, whose ``bundle.json`` bytes have ``json_digest``."""
    buffer = io.BytesIO()
    buffer.write(_header(json_digest))
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _as_dict}
    pickler.dump(bundle)
    return buffer.getvalue()


def read_pickle(path: Path, json_digest: str) -> Bundle | None:
    """The bundle in the pickle at ``path`` if it was written with a ``bundle.json`` of
    ``json_digest`` by this orgraph's records; None (and why, in the log) otherwise."""
    try:
        with path.open("rb") as handle:
            if handle.readline() != _header(json_digest):
                log.info("%s does not match the bundle: reading the bundle", path)
                return None
            bundle = _RecordsOnly(handle).load()
    except FileNotFoundError:
        return None
    except Exception as exc:  # a torn or foreign file is only a slower start
        log.warning("%s unreadable (%s): reading the bundle", path, exc)
        return None
    return bundle if isinstance(bundle, Bundle) else None


__all__ = ["PICKLE_FILE", "digest", "pickle_bytes", "read_pickle"]
