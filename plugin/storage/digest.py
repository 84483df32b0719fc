"""The SHA-256 and size of a delivered file (or of every file of a folder), as submissions and attachments record it."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path


def file_sha256(path: str | Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    file = Path(path)
    paths = sorted(p for p in file.rglob("*") if p.is_file()) if file.is_dir() else [file]
    for part in paths:
        with part.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    return digest.hexdigest(), size


class Digest:
    """file_sha256 of a file, computed by a thread of its own (hashing lets other threads run)."""

    def __init__(self, path: str | Path):
        self._path = path
        self._value: tuple[str, int] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)

    def _run(self) -> None:
        try:
            self._value = file_sha256(self._path)
        except BaseException as exc:  # handed to the thread that asks for the digest
            self._error = exc

    def __enter__(self) -> Digest:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._thread.join()

    def result(self) -> tuple[str, int]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value
