"""What a dry run would change, record by record: new, changed (with the fields), deleted, rejected.

The kinds are counted by the same conditions as compare.classify's counts, so the records of each kind
are exactly as many as the dry run's summary says; only the Comparison strategy (assets) plans them.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from osgeo import ogr, osr
from psycopg2 import sql

from ...core.error_layer import gpkg_fid_options
from ...core.mapping import MappingProfile
from ...core.messages import text
from ...core.reader import Delivery, GeometrySource, gdal_exceptions
from ...core.report import Report
from ...core.standard import Family
from .result import ImportResult
from .staging import StagingTarget

KINDS = ("new", "changed", "deleted", "rejected")
GEOMETRY_FIELD = "geom"  # the name prepare_staged gives a changed geometry


@dataclass
class PlannedChange:
    kind: str
    component_id: str | None
    wkb: bytes | None  # in the registry CRS
    changed_fields: list[str] = field(default_factory=list)
    feature: int | None = None  # the delivery's feature number, for a rejected one
    findings: list[Any] = field(default_factory=list)  # a rejected one's Findings


def plan_compared(cur: Any, target: StagingTarget, result: ImportResult) -> None:
    """The new, changed and deleted records of a compared dry run, into result.planned."""
    kinds = []
    if result.mode != "update":
        kinds.append("t.target_uid IS NULL")
    if result.mode != "insert":
        kinds.append("cardinality(t.changed) > 0")
    if kinds:
        cur.execute(
            "SELECT t.component_id, CASE WHEN t.target_uid IS NULL THEN 'new' ELSE 'changed' END,"
            " coalesce(t.changed, '{}'), ST_AsBinary(t.geom) FROM prepared t WHERE "
            + " OR ".join(kinds)
            + " ORDER BY t.stage_row"
        )
        for component_id, kind, changed, wkb in cur.fetchall():
            result.planned.append(PlannedChange(kind, component_id, _bytes(wkb), list(changed)))
    if result.deleted_ids:
        cur.execute(
            sql.SQL("SELECT component_id, ST_AsBinary(geom) FROM {} WHERE component_id = ANY(%s) ORDER BY 1").format(
                target.table
            ),
            (result.deleted_ids,),
        )
        result.planned.extend(PlannedChange("deleted", ident, _bytes(wkb)) for ident, wkb in cur.fetchall())


def _bytes(wkb: Any) -> bytes | None:
    return None if wkb is None else bytes(wkb)


def plan_rejected(path: str | Path, report: Report, mapping: MappingProfile | None, registry_srid: int) -> list[PlannedChange]:
    """The rejected features as delivered, with their findings, their geometry in the registry CRS."""
    by_feature: dict[int, list] = {}
    for finding in report.errors:
        if finding.feature is not None:
            by_feature.setdefault(finding.feature, []).append(finding)
    if not by_feature:
        return []
    planned = []
    geometry = GeometrySource.from_mapping((mapping or MappingProfile()).geometry)
    with gdal_exceptions(), Delivery(path, report.layer, geometry) as delivery:
        transform = _to_registry(delivery.spatial_ref, registry_srid)
        for source in delivery.features():
            findings = by_feature.get(source.number)
            if not findings:
                continue
            wkb = None
            if source.geometry is not None and transform is not None:
                shape = source.geometry.Clone()
                with contextlib.suppress(RuntimeError):  # a geometry that cannot be transformed is shown without one
                    shape.Transform(transform)
                    wkb = bytes(shape.ExportToWkb())
            planned.append(PlannedChange("rejected", findings[0].component_id, wkb, feature=source.number, findings=findings))
    return planned


def _srs(reference: osr.SpatialReference) -> osr.SpatialReference:
    reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return reference


def _to_registry(source: osr.SpatialReference | None, registry_srid: int) -> osr.CoordinateTransformation | None:
    if source is None:
        return None
    target = osr.SpatialReference()
    target.ImportFromEPSG(registry_srid)
    return osr.CoordinateTransformation(_srs(source.Clone()), _srs(target))


def field_label(family: Family, name: str, lang: str) -> str:
    if name == GEOMETRY_FIELD:
        return text("review.field.geometry", lang)
    return family.field(name).title(lang) if name in family.field_names else name


def write_plan_layer(
    planned: list[PlannedChange], path: str | Path, layer_name: str, family: Family, registry_srid: int, lang: str
) -> int:
    """The planned changes as a GeoPackage layer (one feature each, its kind in change_kind); how many."""
    reference = osr.SpatialReference()
    reference.ImportFromEPSG(registry_srid)
    separator, listed = text("report.finding_separator", lang), text("review.list_separator", lang)
    with gdal_exceptions():
        driver = ogr.GetDriverByName("GPKG")
        dataset = driver.Open(str(path), 1) if Path(path).exists() else driver.CreateDataSource(str(path))
        if dataset.GetLayerByName(layer_name) is not None:
            dataset.DeleteLayer(layer_name)
        layer = dataset.CreateLayer(layer_name, reference, ogr.wkbUnknown, options=gpkg_fid_options(()))
        for name, kind in (("change_kind", ogr.OFTString), ("component_id", ogr.OFTString), ("changed_fields", ogr.OFTString)):
            layer.CreateField(ogr.FieldDefn(name, kind))
        layer.CreateField(ogr.FieldDefn("feature", ogr.OFTInteger))
        layer.CreateField(ogr.FieldDefn("findings", ogr.OFTString))
        definition = layer.GetLayerDefn()
        layer.StartTransaction()
        for change in planned:
            feature = ogr.Feature(definition)
            feature.SetField("change_kind", change.kind)
            if change.component_id is not None:
                feature.SetField("component_id", str(change.component_id))
            if change.changed_fields:
                feature.SetField("changed_fields", listed.join(field_label(family, n, lang) for n in change.changed_fields))
            if change.feature is not None:
                feature.SetField("feature", change.feature)
            if change.findings:
                feature.SetField("findings", separator.join(f.message(lang) for f in change.findings))
            if change.wkb is not None:
                feature.SetGeometry(ogr.CreateGeometryFromWkb(change.wkb))
            layer.CreateFeature(feature)
        layer.CommitTransaction()
        dataset = None
    return len(planned)


CHANGES_LAYER = "changes"


def write_changes(result: ImportResult, standard: Any, profile: Any, path: str | Path, lang: str) -> int:
    """A dry run's planned changes as the GeoPackage layer "changes", the delivered class's field titles in
    ``lang``; the CLI's --changes and the Processing algorithm's CHANGES write it alike."""
    family = standard.delivery_class(result.report.family)
    return write_plan_layer(result.planned, path, CHANGES_LAYER, family, profile.registry_srid, lang)
