"""The delivery envelope (standards/<version>/delivery.schema.json): who delivers what, by which standard.

A validation may be given one with ``--envelope``; without it, a file named
``delivery.json`` or ``<delivery>.delivery.json`` beside the delivery is used.
The envelope names the family of each file (and layer), the city profile and
the version of the standard the delivery follows (the delivery is validated against that version
unless the caller chooses another), and states the CRS, which must agree with the file's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .messages import listing
from .standard import Standard, available_versions, first_schema_error

BESIDE = ("{stem}.delivery.json", "delivery.json")


@dataclass
class Envelope:
    path: Path
    body: dict[str, Any]

    @property
    def profile(self) -> str:
        return self.body["profile"]

    @property
    def standard_version(self) -> str:
        return self.body["standard_version"]

    @property
    def crs(self) -> str:
        return self.body["crs"]

    def family_of(self, delivery: Path, layer: str | None) -> str | None:
        """The family the envelope declares for this file (and layer), if it lists it."""
        for entry in self.body["files"]:
            same_file = Path(entry["path"]).name == delivery.name
            same_layer = layer is None or entry.get("layer") in (None, layer)
            if same_file and same_layer:
                return entry["family"]
        return None


def find_envelope(delivery: Path) -> Path | None:
    for pattern in BESIDE:
        candidate = delivery.parent / pattern.format(stem=delivery.stem)
        if candidate.is_file():
            return candidate
    return None


def envelope_version(path: str | Path, body: dict[str, Any]) -> str | None:
    """The version of the standard an envelope says its delivery follows; None when it names none (its
    schema check then says so). A version the standard does not have is a usage error."""
    version = body.get("standard_version")
    if not isinstance(version, str):
        return None
    known = available_versions()
    if version not in known:
        raise InputError("envelope.unknown_version", path=path, version=version, known=listing(known))
    return version


def load_envelope(path: str | Path, standard: Standard) -> Envelope:
    from .validate import record_validator

    path = Path(path)
    try:
        body = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise InputError("envelope.unreadable", path=path, reason=exc) from None
    error = first_schema_error(record_validator(standard, "delivery"), body)
    if error:
        where, message = error
        raise InputError("envelope.malformed", path=path, where=where, reason=message, version=standard.version)
    for entry in body["files"]:
        if entry["family"] not in standard.delivery_classes:
            raise InputError("envelope.unknown_family", path=path, family=entry["family"])
    return Envelope(path, body)


def check_against_envelope(report: Any, envelope: Envelope) -> None:
    """What the envelope states about the file must hold."""
    if report.crs and report.crs != envelope.crs:
        report.add("file.crs_mismatch", None, value=report.crs, detail=envelope.crs)
        report.sort()
