"""Validating a whole submission: every layer of the file, with its mapping and envelope.

The one entry point behind ``assetreg validate`` and ``asset_registry:validate_submission``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .envelope import Envelope, check_against_envelope, envelope_version, find_envelope, load_envelope
from .mapping import MappingProfile
from .reader import layer_names
from .references import resolve_across_layers
from .report import Report
from .standard import Profile, Standard, load_profile
from .validate import Progress, validate_delivery


@dataclass
class Submission:
    """What a validation is run with: the standard, the city profile, and what the delivery brought."""

    standard: Standard
    profile: Profile
    mapping: MappingProfile | None = None
    envelope: Envelope | None = None


def prepare(
    path: str | Path,
    profile_name: str | None = None,
    standard_version: str | None = None,
    mapping_path: str | Path | None = None,
    envelope_path: str | Path | None = None,
) -> Submission:
    """Settle profile and standard.

    The profile: explicit choice, else the mapping's, else the envelope's, else Zhuhai. The standard version:
    explicit choice, else the one the envelope says the delivery follows, else the profile's.
    """
    mapping = MappingProfile.load(mapping_path) if mapping_path else None
    envelope_path = envelope_path or find_envelope(Path(path))
    envelope_body = _peek(envelope_path) if envelope_path else {}
    envelope_profile = envelope_body.get("profile") if isinstance(envelope_body.get("profile"), str) else None
    profile = load_profile(profile_name or (mapping.profile_name if mapping else None) or envelope_profile or "zhuhai")
    version = standard_version or (envelope_version(envelope_path, envelope_body) if envelope_path else None)
    standard = Standard(version or profile.standard_version)
    envelope = load_envelope(envelope_path, standard) if envelope_path else None
    return Submission(standard, profile, mapping, envelope)


def _peek(envelope_path: str | Path) -> dict:
    """The envelope's body as read, before the standard is chosen; {} when it cannot be read."""
    try:
        body = json.loads(Path(envelope_path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return {}  # load_envelope says what is wrong
    return body if isinstance(body, dict) else {}


def validate_submission(
    path: str | Path,
    submission: Submission,
    family: str | None = None,
    layer: str | None = None,
    progress: Progress | None = None,
) -> list[Report]:
    """One report per layer (only ``layer`` when given)."""
    path = Path(path)
    layers = [layer] if layer is not None else _layers(path)
    reports = []
    for name in layers:
        chosen = family or (submission.envelope.family_of(path, name) if submission.envelope else None)
        report = validate_delivery(path, submission.standard, submission.profile, chosen, name, progress, submission.mapping)
        if submission.envelope is not None:
            check_against_envelope(report, submission.envelope)
        reports.append(report)
    resolve_across_layers(reports, submission.standard)  # a light's cabinet in another layer of the file
    return reports


def _layers(path: Path) -> list[str | None]:
    if path.suffix.casefold() in (".geojson", ".json", ".csv"):
        return [None]  # one layer by format; opening a large GeoJSON through OGR only to list it costs seconds
    names = layer_names(path)
    return [None] if len(names) <= 1 else list(names)
