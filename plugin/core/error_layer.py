"""The failing features of a delivery as a GeoPackage layer, with their findings, to open in QGIS."""

from __future__ import annotations

from collections import defaultdict
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
    ("chk_messages_zh", ogr.OFTString),
    ("chk_messages_en", ogr.OFTString),
)


def write_error_layer(report: Report, path: str | Path, mapping: MappingProfile | None = None) -> int:
    """Append a layer "<layer>_errors" to the GeoPackage; return how many features it holds."""
    by_feature = defaultdict(list)
    for finding in report.errors:
        if finding.feature is not None:
            by_feature[finding.feature].append(finding)
    geometry = GeometrySource.from_mapping((mapping or MappingProfile()).geometry)
    path = Path(path)
    with gdal_exceptions(), Delivery(report.source, report.layer, geometry) as delivery:
        driver = ogr.GetDriverByName("GPKG")
        dataset = driver.Open(str(path), 1) if path.exists() else driver.CreateDataSource(str(path))
        name = f"{report.layer or Path(report.source).stem}_errors"
        if dataset.GetLayerByName(name) is not None:
            dataset.DeleteLayer(name)
        layer = dataset.CreateLayer(name, delivery.spatial_ref, ogr.wkbUnknown)
        for field_name, kind in CHECK_FIELDS:
            layer.CreateField(ogr.FieldDefn(field_name, kind))
        source_fields = [f for f in delivery.field_names if f.casefold() not in {n for n, _ in CHECK_FIELDS}]
        for field_name in source_fields:
            layer.CreateField(ogr.FieldDefn(field_name, ogr.OFTString))
        definition = layer.GetLayerDefn()
        layer.StartTransaction()
        written = 0
        separators = both("report.finding_separator")
        for source in delivery.features():
            findings = by_feature.get(source.number)
            if not findings:
                continue
            feature = ogr.Feature(definition)
            feature.SetField("chk_feature", source.number)
            feature.SetField("chk_component_id", findings[0].component_id or "")
            feature.SetField("chk_rules", ", ".join(sorted({f.rule for f in findings})))
            for lang, separator in separators.items():
                feature.SetField(f"chk_messages_{lang}", separator.join(f.message(lang) for f in findings))
            for field_name in source_fields:
                value = source.attributes.get(field_name)
                if value is not None:
                    feature.SetField(field_name, str(value))
            if source.geometry is not None:
                feature.SetGeometry(source.geometry)
            layer.CreateFeature(feature)
            written += 1
        layer.CommitTransaction()
        dataset = None
    return written
