"""The failing features of a delivery as a GeoPackage layer, with their findings, to open in QGIS."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from osgeo import ogr

from .mapping import MappingProfile
from .messages import both
from .reader import Delivery, GeometrySource, gdal_exceptions
from .report import Report

CHECK_FIELDS = (
    ("chk_feature", ogr.OFTInteger),
    ("chk_component_id", ogr.OFTString),
    ("chk_rules", ogr.OFTString),
    # the rule of the row (by_rule), else the feature's first rule in the report's order: a map styled by it
    ("chk_rule", ogr.OFTString),
    ("chk_messages_zh", ogr.OFTString),
    ("chk_messages_en", ogr.OFTString),
)


def gpkg_fid_options(columns: Iterable[str]) -> list[str]:
    """The GeoPackage layer option naming its feature id column, a name none of ``columns`` has.

    A GeoPackage's feature id is an integer column, "fid" unless told otherwise: a delivery's own
    column "fid" (often text: "A-0012") could not be written beside it, so the id takes another name."""
    taken = {name.casefold() for name in columns}
    name, serial = "fid", 1
    while name in taken:
        name, serial = f"chk_fid{'' if serial == 1 else serial}", serial + 1
    return [f"FID={name}"]


def distinct_column_names(columns: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """Each column's name in a written layer, where names must differ by more than case (GeoPackage,
    CSV): a delivery's "Remarks" beside its "remarks" is written as "remarks_2"; a name ``reserved``
    for the findings gets a number too."""
    taken = {name.casefold() for name in reserved}
    written = {}
    for column in columns:
        name, serial = column, 1
        while name.casefold() in taken:
            serial += 1
            name = f"{column}_{serial}"
        taken.add(name.casefold())
        written[column] = name
    return written


def error_layer_name(report: Report, by_rule: bool = False) -> str:
    """The name of a report's layer in the error GeoPackage."""
    return f"{report.layer or Path(report.source).stem}_errors{'_by_rule' if by_rule else ''}"


def write_error_layer(report: Report, path: str | Path, mapping: MappingProfile | None = None, by_rule: bool = False) -> int:
    """Append a layer "<layer>_errors" to the GeoPackage; return how many features it holds.

    ``by_rule``: the layer "<layer>_errors_by_rule" instead, a failing feature once per rule it fails, with
    that rule's findings: a map styled by rule then shows every feature failing a rule, not only its first.
    A GeoPackage this call created is removed again when writing fails, so no empty file is left."""
    path = Path(path)
    created = not path.exists()
    try:
        return _write_error_layer(report, path, mapping, by_rule)
    except BaseException:
        if created:
            with contextlib.suppress(OSError):
                path.unlink()
        raise


def _as_text(value: object) -> str:
    """A delivered value as the error layer's text column holds it: a GeoJSON array (a case's earlier step times)
    as its items joined by '; ', not as Python writes a list."""
    if isinstance(value, list | tuple):
        return "; ".join("" if item is None else str(item) for item in value)
    return str(value)


def _by_rule(findings: list) -> list[list]:
    """A feature's findings grouped by rule, in the report's order."""
    return [[f for f in findings if f.rule == rule] for rule in dict.fromkeys(f.rule for f in findings)]


def _write_error_layer(report: Report, path: Path, mapping: MappingProfile | None, by_rule: bool) -> int:
    by_feature = defaultdict(list)
    for finding in report.errors:
        if finding.feature is not None:
            by_feature[finding.feature].append(finding)
    geometry = GeometrySource.from_mapping((mapping or MappingProfile()).geometry)
    with gdal_exceptions(), Delivery(report.source, report.layer, geometry) as delivery:
        driver = ogr.GetDriverByName("GPKG")
        dataset = driver.Open(str(path), 1) if path.exists() else driver.CreateDataSource(str(path))
        name = error_layer_name(report, by_rule)
        if dataset.GetLayerByName(name) is not None:
            dataset.DeleteLayer(name)
        source_fields = [f for f in delivery.field_names if f.casefold() not in {n for n, _ in CHECK_FIELDS}]
        columns = distinct_column_names(source_fields, (n for n, _ in CHECK_FIELDS))
        options = gpkg_fid_options([*columns.values(), *(n for n, _ in CHECK_FIELDS)])
        layer = dataset.CreateLayer(name, delivery.spatial_ref, ogr.wkbUnknown, options=options)
        for field_name, kind in CHECK_FIELDS:
            layer.CreateField(ogr.FieldDefn(field_name, kind))
        for field_name in source_fields:
            layer.CreateField(ogr.FieldDefn(columns[field_name], ogr.OFTString))
        definition = layer.GetLayerDefn()
        layer.StartTransaction()
        written = 0
        separators = both("report.finding_separator")
        for source in delivery.features():
            findings = by_feature.get(source.number)
            if not findings:
                continue
            for shown in _by_rule(findings) if by_rule else [findings]:
                feature = ogr.Feature(definition)
                feature.SetField("chk_feature", source.number)
                feature.SetField("chk_component_id", findings[0].component_id or "")
                feature.SetField("chk_rules", ", ".join(sorted({f.rule for f in findings})))
                feature.SetField("chk_rule", shown[0].rule)
                for lang, separator in separators.items():
                    feature.SetField(f"chk_messages_{lang}", separator.join(f.message(lang) for f in shown))
                for field_name in source_fields:
                    value = source.attributes.get(field_name)
                    if value is not None:
                        feature.SetField(columns[field_name], _as_text(value))
                if source.geometry is not None:
                    feature.SetGeometry(source.geometry)
                layer.CreateFeature(feature)
                written += 1
        layer.CommitTransaction()
        dataset = None
    return written
