"""Attachments (photos, documents) of inspections and cases.

The files stay outside the database (a file store, a share, object storage): a registry
of 100k patrol photos would otherwise be mostly bytes that backups, dumps and replicas
carry around. The database holds what makes the file trustworthy and findable: its
SHA-256, size, media type and path or URI, so a file can be checked against its row
(``verify``) and a changed or missing file is noticed.

``attach`` keeps the file in the configured file store (storage/filestore.py) under its hash and
records it; ``open_verified`` gives the stored file back only once its hash is checked again.
"""

from __future__ import annotations

import mimetypes
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2.errors

from ..core.errors import InputError, RefusedError
from .digest import file_sha256
from .filestore import FolderStore


@dataclass
class Attachment:
    id: int
    sha256: str
    size_bytes: int
    media_type: str
    uri: str
    file_name: str
    added_by: str = ""
    added_at: object = None

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


def _media_type(path: Path) -> str:
    guessed, _ = mimetypes.guess_type(path.name)
    return (guessed or "application/octet-stream").lower()


def add(conn: Any, file: str | Path, inspection_uid: str | None = None, work_order_id: int | None = None,
        uri: str | None = None) -> Attachment:  # fmt: skip
    """Record ``file`` (read here for its hash and size) as an attachment of one inspection or one case.

    ``uri`` says where the file is kept when it is not where it was read (an object store);
    by default its absolute path as a file URI.
    """
    path = Path(file)
    if not path.is_file():
        raise InputError("attachments.file_missing", path=path)
    if (inspection_uid is None) == (work_order_id is None):
        raise InputError("attachments.one_owner")
    sha256, size = file_sha256(path)
    with conn.cursor() as cur:
        # the function that owns attachments records who (the login) and when
        cur.execute(
            "SELECT assetreg_app.attachment_add(%s, %s, %s, %s, %s, %s, %s)",
            (inspection_uid, work_order_id, sha256, size, _media_type(path), uri or path.resolve().as_uri(), path.name),
        )
        attachment_id = cur.fetchone()[0]
    return Attachment(attachment_id, sha256, size, _media_type(path), uri or path.resolve().as_uri(), path.name)


def verify(conn: Any, attachment_id: int, file: str | Path) -> bool:
    """Whether ``file`` is the attachment as recorded (same SHA-256 and size)."""
    with conn.cursor() as cur:
        cur.execute("SELECT sha256, size_bytes FROM assetreg.attachment WHERE id = %s", (attachment_id,))
        row = cur.fetchone()
    if row is None:
        raise InputError("attachments.not_found", attachment_id=attachment_id)
    return Path(file).is_file() and file_sha256(file) == (row[0], row[1])


def attach(conn: Any, file: str | Path, store: FolderStore, inspection_uid: str | None = None,
           work_order_id: int | None = None) -> tuple[Attachment, bool]:  # fmt: skip
    """Keep ``file`` in ``store`` under its SHA-256 and record it for one inspection or case.

    Returns the attachment and whether the store already held these bytes (deduplicated). The owner
    is checked before the file is copied, so a wrong case number leaves nothing behind; the record
    is committed.
    """
    if not Path(file).is_file():
        raise InputError("attachments.file_missing", path=file)
    if (inspection_uid is None) == (work_order_id is None):
        raise InputError("attachments.one_owner")
    if inspection_uid is not None:
        inspection_uid = _checked_uuid(inspection_uid)
    _check_may_attach(conn)
    _check_owner(conn, inspection_uid, work_order_id)
    stored = store.put(file)
    path = Path(file)
    with conn.cursor() as cur:
        cur.execute(
            "SELECT assetreg_app.attachment_add(%s, %s, %s, %s, %s, %s, %s)",
            (inspection_uid, work_order_id, stored.sha256, stored.size_bytes, _media_type(path), stored.uri, path.name),
        )
        attachment_id = cur.fetchone()[0]
    conn.commit()  # the file is in the store: its record is kept at once, not left to the caller
    attachment = Attachment(attachment_id, stored.sha256, stored.size_bytes, _media_type(path), stored.uri, path.name)
    return attachment, stored.already_stored


def _checked_uuid(value: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise InputError("attachments.inspection_uid_malformed", value=value) from None


def _check_may_attach(conn: Any) -> None:
    """A login without the right is refused before anything is copied into the store (the
    function's grant is the one list of who may: asked, not repeated here)."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT has_function_privilege("
            "'assetreg_app.attachment_add(uuid, bigint, text, bigint, text, text, text)', 'EXECUTE')"
        )
        if not cur.fetchone()[0]:
            raise RefusedError("refusal.attachment.not_allowed")


def _check_owner(conn: Any, inspection_uid: str | None, work_order_id: int | None) -> None:
    with conn.cursor() as cur:
        if inspection_uid is not None:
            cur.execute("SELECT 1 FROM assetreg.inspection WHERE uid = %s", (inspection_uid,))
            if cur.fetchone() is None:
                raise InputError("attachments.no_such_inspection", inspection=inspection_uid)
        else:
            try:
                cur.execute("SELECT 1 FROM assetreg.work_order WHERE id = %s", (work_order_id,))
            except psycopg2.errors.NumericValueOutOfRange:
                conn.rollback()
                raise InputError("attachments.no_such_case", case=work_order_id) from None
            if cur.fetchone() is None:
                raise InputError("attachments.no_such_case", case=work_order_id)


_COLUMNS = "id, sha256, size_bytes, media_type, uri, file_name, added_by, added_at"


def attachments_of(conn: Any, inspection_uid: str | None = None, work_order_id: int | None = None) -> list[Attachment]:
    """The attachments of one inspection or one case, oldest first."""
    if (inspection_uid is None) == (work_order_id is None):
        raise InputError("attachments.one_owner")
    owner, value = ("inspection_uid", _checked_uuid(inspection_uid)) if inspection_uid else ("work_order_id", work_order_id)
    with conn.cursor() as cur:
        cur.execute(f"SELECT {_COLUMNS} FROM assetreg.attachment WHERE {owner} = %s ORDER BY added_at, id", (value,))
        return [Attachment(*row) for row in cur.fetchall()]


def attachment(conn: Any, attachment_id: int) -> Attachment:
    with conn.cursor() as cur:
        cur.execute(f"SELECT {_COLUMNS} FROM assetreg.attachment WHERE id = %s", (attachment_id,))
        row = cur.fetchone()
    if row is None:
        raise InputError("attachments.not_found", attachment_id=attachment_id)
    return Attachment(*row)


def open_verified(store: FolderStore, recorded: Attachment) -> Path:
    """The stored file of ``recorded``, once its SHA-256 and size are what the registry holds;
    a file changed or gone is refused (RefusedError) in words."""
    return store.fetch(recorded.uri, recorded.sha256, recorded.size_bytes, recorded.file_name)
