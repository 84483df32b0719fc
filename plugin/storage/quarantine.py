"""Quarantine: the features a delivery could not import, as delivered, with their findings.

They stay until the contractor has fixed them: ``assetreg quarantine export`` writes
them back as a layer in the contractor's own columns, with the findings beside, so the
fixed file can be resubmitted with the same mapping. A CSV is opened in a spreadsheet: its texts
that would run there as formulas get a leading quote (core/csvcells.py), which the reader takes off
when the fixed file comes back.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from osgeo import ogr, osr

from ..core.csvcells import guard_cell
from ..core.error_layer import distinct_column_names, gpkg_fid_options
from ..core.errors import InputError
from ..core.mapping import MappingProfile
from ..core.messages import LANGS
from ..core.messages import text as message_text
from ..core.outputs import writable_target
from ..core.reader import Delivery, GeometrySource, gdal_exceptions
from ..core.report import Finding, Report
from .connection import connection

# chk_rule: the first rule in the report's order, one per feature, as in the error layer (styled by it)
FINDINGS_FIELDS = ("chk_feature", "chk_rules", "chk_rule", "chk_messages_zh", "chk_messages_en")


def _findings_by_feature(report: Report) -> dict[int, list[Finding]]:
    by_feature: dict[int, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        if finding.feature is not None and finding.feature in report.invalid_features:
            by_feature[finding.feature].append(finding)
    return by_feature


def keep(cur: Any, submission: int, path: str | Path, report: Report, mapping: MappingProfile | None) -> int:
    """Store the invalid features of the delivery with their findings; return how many."""
    by_feature = _findings_by_feature(report)
    if not by_feature or report.has_file_errors:
        return 0
    last = max(by_feature)
    rows = []
    geometry = GeometrySource.from_mapping((mapping or MappingProfile()).geometry)
    with gdal_exceptions(), Delivery(path, report.layer, geometry) as delivery:
        srid = delivery.epsg
        for source in delivery.features():
            if source.number > last:
                break  # the rest of a large file holds nothing to keep
            findings = by_feature.get(source.number)
            if not findings:
                continue
            rows.append(
                {
                    "feature_number": source.number,
                    "component_id": findings[0].component_id,
                    "properties": source.attributes,
                    "geom_wkt": source.geometry.ExportToIsoWkt() if source.geometry is not None else None,
                    "geom_srid": srid,
                    "findings": [f.to_dict() for f in findings],
                }
            )
    # one call of the function that owns the quarantine: it checks the submission is this login's, running
    cur.execute("SELECT assetreg_app.quarantine_keep(%s, %s)", (submission, json.dumps(rows, ensure_ascii=False, default=str)))
    return cur.fetchone()[0]


def export(dsn: str, submission: int, out: str | Path, overwrite: bool = False, csv_raw: bool = False) -> int:
    """Write a submission's quarantined features to a GeoPackage, GeoJSON or CSV; return how many.

    An existing file is replaced only with ``overwrite``; CSV texts are guarded unless ``csv_raw``."""
    target = writable_target(Path(out), overwrite)
    driver_name = _driver(target)
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT feature_number, properties, geom_wkt, geom_srid, findings FROM assetreg.quarantine"
            " WHERE submission_id = %s ORDER BY feature_number",
            (submission,),
        )
        rows = cur.fetchall()
    if not rows:
        raise InputError("quarantine.nothing_quarantined", submission=submission)
    _write_replacing(target, driver_name, rows, guard=driver_name == "CSV" and not csv_raw)
    return len(rows)


_DRIVERS = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON", ".csv": "CSV"}


def _driver(out: Path) -> str:
    driver_name = _DRIVERS.get(out.suffix.casefold())
    if driver_name is None:
        raise InputError("quarantine.unsupported_format", suffix=out.suffix)
    return driver_name


def _write_replacing(out: Path, driver_name: str, rows: list[tuple], guard: bool) -> None:
    """Write under a temporary name beside the target, then rename: a file being replaced is lost
    only once its replacement is complete. The temporary name keeps the suffix the driver needs."""
    partial = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.partial{out.suffix}")
    try:
        _write_layer(partial, out.stem, driver_name, rows, guard)
        os.replace(partial, out)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()


def _write_layer(out: Path, layer_name: str, driver_name: str, rows: list[tuple], guard: bool) -> None:
    text = guard_cell if guard else (lambda value: value)
    columns: list[str] = []
    for _number, properties, *_ in rows:
        columns.extend(name for name in properties if name not in columns)
    # written names differ by more than case; a spreadsheet's text guard applies to names too
    names = {column: text(name) for column, name in distinct_column_names(columns, FINDINGS_FIELDS).items()}
    srid = rows[0][3]
    reference = None
    if srid:
        reference = osr.SpatialReference()
        reference.ImportFromEPSG(srid)
        reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    with gdal_exceptions():
        options = {"CSV": ["GEOMETRY=AS_WKT"], "GPKG": gpkg_fid_options((*names.values(), *FINDINGS_FIELDS))}.get(driver_name, [])
        dataset = ogr.GetDriverByName(driver_name).CreateDataSource(str(out))
        layer = dataset.CreateLayer(layer_name, reference, ogr.wkbUnknown, options=options)
        for name in columns:
            layer.CreateField(ogr.FieldDefn(names[name], ogr.OFTString))
        for name in FINDINGS_FIELDS:
            layer.CreateField(ogr.FieldDefn(name, ogr.OFTInteger if name == "chk_feature" else ogr.OFTString))
        definition = layer.GetLayerDefn()
        for number, properties, wkt, _srid, findings in rows:
            feature = ogr.Feature(definition)
            for name, value in properties.items():
                if value is not None:  # a delivered number stays a number: text() leaves it, str() writes it
                    feature.SetField(names[name], str(text(value)))
            feature.SetField("chk_feature", number)
            feature.SetField("chk_rules", ", ".join(sorted({f["rule"] for f in findings})))
            feature.SetField("chk_rule", findings[0]["rule"])
            for lang in LANGS:  # the file carries both languages, as the report does
                separator = message_text("storage.clause_separator", lang)
                feature.SetField(f"chk_messages_{lang}", text(separator.join(f[f"message_{lang}"] for f in findings)))
            if wkt:
                feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
            layer.CreateFeature(feature)
        dataset = None
