"""Attachments (photos, documents) of inspections and cases.

The files stay outside the database (a file store, a share, object storage): a registry
of 100k patrol photos would otherwise be mostly bytes that backups, dumps and replicas
carry around. The database holds what makes the file trustworthy and findable: its
SHA-256, size, media type and path or URI, so a file can be checked against its row
(``verify``) and a changed or missing file is noticed.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from .digest import file_sha256


@dataclass
class Attachment:
    id: int
    sha256: str
    size_bytes: int
    media_type: str
    uri: str
    file_name: str


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
