"""Saving the survey records entered in QGIS's survey forms (qgis_common/survey_layers.py): they go through the
same import as ``assetreg import --class inspection``, written first as a GeoJSON delivery of their own, as a
night patrol does (storage/patrols.py). So a record saved from a form is validated by the standard's inspection
record, linked to its asset and grid by the import's own SQL (storage/inspections.py), updates its asset's
condition and counts in the indicators exactly as the same record delivered in a file would; and it is refused
in words, all records of one save or none, when the import refuses it.

The database keeps the rule for every other client too: an inspection record of a registry role is written only
inside an import (db/app/45_patrols.sql, inspection_only_through_an_import).
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg2.errors

from ..core.errors import InputError, RefusedError
from ..core.messages import in_each_language, text
from ..core.report import Report
from ..core.standard import Profile, Standard
from .importing import ImportResult, import_delivery

INSPECTION_CLASS = "inspection"
# a record and its position (a GeoJSON geometry in the delivery's CRS), or None when it names its asset only
SurveyRecord = tuple[dict[str, Any], dict[str, Any] | None]
_MAX_FINDINGS = 8


def write_record_delivery(path: Path, records: list[SurveyRecord], srid: int | None = None) -> Path:
    """The records as a GeoJSON delivery, its CRS named when they have positions in one."""
    collection: dict[str, Any] = {"type": "FeatureCollection"}
    if srid is not None:
        collection["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{srid}"}}
    collection["features"] = [
        {"type": "Feature", "properties": properties, "geometry": geometry} for properties, geometry in records
    ]
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


def record_surveys(
    dsn: str, standard: Standard, profile: Profile, records: list[SurveyRecord], srid: int | None, saved_at: datetime
) -> ImportResult:
    """Import the records as one inspection delivery, all or nothing; its submission id is in the result.

    A refusal (an invalid record, an unknown component, a record already registered, a login that may not
    record inspections) is a RefusedError saying why, with the findings of each record."""
    if not records:
        raise InputError("survey.nothing_to_save")
    with tempfile.TemporaryDirectory(prefix="assetreg-survey-") as folder:
        delivery = write_record_delivery(Path(folder) / f"survey-{saved_at:%Y%m%d-%H%M%S}.geojson", records, srid)
        try:
            return import_delivery(dsn, delivery, standard, profile, INSPECTION_CLASS)
        except psycopg2.errors.InsufficientPrivilege:
            raise RefusedError("survey.not_allowed") from None
        except RefusedError as refused:
            raise _refused_in_words(refused) from None


def _refused_in_words(refused: RefusedError) -> RefusedError:
    """The import's refusal, and what it found record by record (the form's records are numbered as saved)."""
    report: Report | None = getattr(refused, "report", None)
    findings = report.errors[:_MAX_FINDINGS] if report is not None else []
    reason = in_each_language(lambda lang: refused.message(lang))
    if not findings:
        return RefusedError("survey.refused", reason=reason, findings="")

    def listed(lang: str) -> str:
        return "\n".join(
            text("survey.finding", lang, record=finding.feature or "-", message=finding.message(lang)) for finding in findings
        )

    said = RefusedError("survey.refused", reason=reason, findings=in_each_language(lambda lang: "\n" + listed(lang)))
    said.report = report
    return said
