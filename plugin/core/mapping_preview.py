"""A mapping tried on the first rows of a delivery: sample values per column and the findings the mapping
gives, for a person choosing where each column goes (the QGIS mapping dialog); and the profile written
from those choices, in the format of ``assetreg mapping suggest`` (standards/mapping.schema.json)."""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .mapping import MappingProfile
from .reader import Delivery, GeometrySource, gdal_exceptions
from .report import Report
from .standard import Profile, Standard
from .suggest import Suggestion, suggest_mapping
from .validate import feature_batches
from .validator import Validator, start_report

SAMPLE_ROWS = 200  # the rows a choice is tried on: enough to meet most value kinds, quick to redo
SHOWN_VALUES = 3


@dataclass
class Preview:
    columns: list[str]
    samples: dict[str, list[str]]  # column -> its first distinct values
    report: Report
    by_column: dict[str, Counter] = field(default_factory=dict)  # column -> rule -> findings


def first_values(path: str | Path, layer: str | None, rows: int = SAMPLE_ROWS) -> tuple[list[str], dict[str, list[str]]]:
    """The delivery's columns and the first few distinct values each holds."""
    seen: dict[str, list[str]] = defaultdict(list)
    with gdal_exceptions(), Delivery(path, layer) as delivery:
        columns = list(delivery.field_names)
        for source in itertools.islice(delivery.features(), rows):
            for column, value in source.attributes.items():
                shown = str(value).strip() if value is not None else ""
                if shown and shown not in seen[column] and len(seen[column]) < SHOWN_VALUES:
                    seen[column].append(shown)
    return columns, dict(seen)


def preview(
    path: str | Path,
    standard: Standard,
    profile: Profile,
    family_name: str,
    mapping: MappingProfile,
    layer: str | None = None,
    rows: int = SAMPLE_ROWS,
) -> Preview:
    """The findings of the first ``rows`` features under ``mapping``: the validator's own checks, cut short.

    Raises InputError as validation does, e.g. when the mapping takes values from a column the file lacks."""
    columns, samples = first_values(path, layer, rows)
    family = standard.delivery_class(family_name)
    with Delivery(path, layer, GeometrySource.from_mapping(mapping.geometry)) as delivery:
        validator = Validator(standard, profile, family)
        report, _ = start_report(path, delivery, standard, profile, family, mapping, validator)
        with gdal_exceptions():
            for batch in feature_batches(delivery, size=rows):
                validator.check_batch(batch, report)
                report.feature_count += len(batch)
                break  # the first batch is the sample
    report.sort()
    by_column: dict[str, Counter] = defaultdict(Counter)
    for finding in report.findings:
        if finding.column is not None:
            by_column[finding.column][finding.rule] += 1
    return Preview(columns, samples, report, dict(by_column))


def seed(
    path: str | Path, standard: Standard, family_name: str, layer: str | None = None
) -> tuple[Suggestion, dict[str, str | None]]:
    """What ``assetreg mapping suggest`` proposes, and the field each column goes to under it (None: unused)."""
    suggestion = suggest_mapping(path, standard, family_name, layer)
    placed = {**suggestion.recognised, **suggestion.guessed}
    return suggestion, {column: placed.get(column) for column in (*placed, *suggestion.unplaced)}


GEOMETRY_PARTS = ("x", "y", "wkt")  # a column may go to the geometry instead of a field: "geometry:x" …
GEOMETRY_PREFIX = "geometry:"


def geometry_choice(part: str) -> str:
    return GEOMETRY_PREFIX + part


def profile_body(suggestion: Suggestion, choices: dict[str, str | None], crs: str | None = None) -> dict[str, Any]:
    """The mapping profile of the chosen fields: every column named (null: dropped knowingly), with what the
    suggestion knew besides (units, value spellings, constants, geometry) where it holds no blank left to fill.

    Columns chosen as the geometry's x and y (or its WKT) make the profile's geometry, in ``crs``."""
    body: dict[str, Any] = {"$schema": suggestion.draft.get("$schema"), "family": suggestion.family.name}
    geometry = {choice.removeprefix(GEOMETRY_PREFIX): column for column, choice in choices.items() if _is_geometry(choice)}
    body["columns"] = {column: choice for column, choice in choices.items() if not _is_geometry(choice)}
    for key in ("units", "values", "constants", "dates", "templates"):
        kept = _filled(suggestion.draft.get(key))
        if kept:
            body[key] = kept
    drafted = suggestion.draft.get("geometry")
    if "wkt" in geometry or {"x", "y"} <= geometry.keys():
        chosen = {"wkt": geometry["wkt"]} if "wkt" in geometry else {"x": geometry["x"], "y": geometry["y"]}
        body["geometry"] = chosen | ({"crs": crs} if crs else {})
    elif drafted and _filled(drafted) == drafted:  # x and y columns are named together or not at all
        body["geometry"] = drafted
    return body


def _is_geometry(choice: str | None) -> bool:
    return isinstance(choice, str) and choice.startswith(GEOMETRY_PREFIX)


def _filled(part: Any) -> Any:
    """``part`` without the empty texts ``mapping suggest`` left for a person to fill."""
    if not isinstance(part, dict):
        return part
    kept = {}
    for key, value in part.items():
        value = _filled(value)
        if (isinstance(value, str) and not value.strip()) or (isinstance(value, dict) and not value):
            continue
        kept[key] = value
    return kept


def to_mapping(body: dict[str, Any]) -> MappingProfile:
    """The MappingProfile a saved body would load as (without a file)."""
    return MappingProfile.from_body(body)


def write_profile(body: dict[str, Any], path: str | Path) -> Path:
    """Written as ``assetreg mapping suggest --out`` writes it."""
    target = Path(path)
    target.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target
