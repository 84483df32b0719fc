"""The file store of attachments: a folder (local, or a share every client mounts) named in the city
profile (``attachment_store``), or by ASSETREG_ATTACHMENT_STORE on one machine.

A file is kept under its SHA-256, ``<store>/ab/cd/<sha256><ext>``: the same photo attached twice is
stored once, a name can never collide, and the name itself says what the bytes must hash to. A file
is written to a temporary name in its final folder and renamed into place, so a reader never sees
half a file and a crash leaves no file under a hash it does not have. Opening recomputes the hash:
a file changed or gone since it was attached is refused in words, never shown as if it were the one.

Object storage (s3://, https://) needs a client library this plugin does not ship or find installed:
such a store is refused with a message saying so, rather than half-supported.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ..core.errors import InputError, RefusedError
from .digest import file_sha256

STORE_ENV = "ASSETREG_ATTACHMENT_STORE"
_CHUNK = 1 << 20
# an extension kept on the stored name, so that the file opens in its program; anything else is dropped
_SAFE_EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size_bytes: int
    uri: str
    path: Path
    already_stored: bool


def store_location(profile: Any = None, given: str | None = None) -> str:
    """Where attachments are kept: ``given`` (a --store option), else ASSETREG_ATTACHMENT_STORE, else the profile's."""
    location = given or os.environ.get(STORE_ENV) or _profile_location(profile)
    if not location:
        raise InputError("attachments.store_not_configured", env=STORE_ENV)
    return location


def _profile_location(profile: Any) -> str | None:
    if profile is None:
        return None
    return (profile.body.get("attachment_store") or {}).get("location")


def open_store(location: str) -> FolderStore:
    """The store at ``location``: a folder path (``~`` expanded) or a file:// URL."""
    parsed = urlparse(location)
    if parsed.scheme == "file":
        return FolderStore(Path(unquote(parsed.path)))
    if len(parsed.scheme) > 1:  # "C:" is a drive, not a scheme
        raise InputError("attachments.store_scheme_unsupported", location=location, scheme=parsed.scheme)
    return FolderStore(Path(location).expanduser())


class FolderStore:
    def __init__(self, root: Path):
        self.root = root.resolve()

    def path_of(self, sha256: str, extension: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / (sha256 + extension)

    def put(self, file: str | Path) -> StoredFile:
        """Copy ``file`` into the store under its hash (once: a file already there and whole is kept)."""
        source = Path(file)
        if not source.is_file():
            raise InputError("attachments.file_missing", path=source)
        extension = _extension(source)
        folder = self.root
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError("attachments.store_unwritable", store=self.root, reason=exc.strerror or exc) from None
        temporary, sha256, size = self._copy_to_temporary(source, folder)
        target = self.path_of(sha256, extension)
        try:
            if target.is_file() and file_sha256(target) == (sha256, size):
                os.unlink(temporary)
                return StoredFile(sha256, size, target.as_uri(), target, already_stored=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temporary, target)  # atomic within one file system; also mends a damaged copy
        except OSError as exc:
            _remove_quietly(temporary)
            raise InputError("attachments.store_unwritable", store=self.root, reason=exc.strerror or exc) from None
        return StoredFile(sha256, size, target.as_uri(), target, already_stored=False)

    @staticmethod
    def _copy_to_temporary(source: Path, folder: Path) -> tuple[Path, str, int]:
        """The bytes of ``source`` in a temporary file of the store, hashed as they are written (what
        is stored is what was hashed, even if the source changes meanwhile) and flushed to disk."""
        digest, size = hashlib.sha256(), 0
        handle, name = tempfile.mkstemp(prefix=".incoming-", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out, source.open("rb") as data:
                while chunk := data.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            _remove_quietly(Path(name))
            raise InputError("attachments.store_unwritable", store=folder, reason=exc.strerror or exc) from None
        return Path(name), digest.hexdigest(), size

    def locate(self, uri: str, sha256: str, file_name: str) -> Path:
        """Where the file recorded with ``uri`` is: at its URI, else under its hash in this store (a share
        mounted elsewhere on this machine)."""
        recorded = _path_of_uri(uri)
        if recorded is not None and recorded.is_file():
            return recorded
        return self.path_of(sha256, _extension(Path(file_name)))

    def fetch(self, uri: str, sha256: str, size_bytes: int, file_name: str) -> Path:
        """The stored file, after checking it still hashes to what was recorded."""
        path = self.locate(uri, sha256, file_name)
        if not path.is_file():
            raise RefusedError("attachments.file_gone", name=file_name, uri=uri)
        if file_sha256(path) != (sha256, size_bytes):
            raise RefusedError("attachments.file_changed", name=file_name, path=path)
        return path


def _extension(path: Path) -> str:
    extension = path.suffix.lower()
    return extension if _SAFE_EXTENSION.match(extension) else ""


def _path_of_uri(uri: str) -> Path | None:
    parsed = urlparse(uri)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else None


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
