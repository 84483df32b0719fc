"""Reading area files: administrative and responsibility areas share one reader and its refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from osgeo import ogr

from plugin.core.errors import InputError
from plugin.storage.areas import _row as area_row
from plugin.storage.areas import read_polygon_file
from plugin.storage.responsibility_areas import read_responsibility_areas

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}


def _geojson(tmp_path: Path, features: list[dict]) -> Path:
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def _feature(geometry: dict, **properties: str) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def test_responsibility_areas_read_as_multipolygons_with_their_crs(tmp_path):
    path = _geojson(tmp_path, [_feature(SQUARE, code="R1", name="一区", maintainer="路灯所")])
    rows, epsg = read_responsibility_areas(path)
    assert epsg == 4326
    (code, name, maintainer, wkb) = rows[0]
    assert (code, name, maintainer) == ("R1", "一区", "路灯所")
    assert ogr.CreateGeometryFromWkb(wkb).GetGeometryType() == ogr.wkbMultiPolygon


def test_a_point_among_areas_is_refused_with_its_number(tmp_path):
    point = {"type": "Point", "coordinates": [0, 0]}
    path = _geojson(tmp_path, [_feature(SQUARE, code="R1", maintainer="m"), _feature(point, code="R2", maintainer="m")])
    with pytest.raises(InputError) as refused:
        read_responsibility_areas(path)
    assert refused.value.id == "areas.bad_feature"
    assert refused.value.params["number"] == 2


def test_an_area_file_without_a_crs_is_refused(tmp_path):
    path = tmp_path / "areas.shp"
    dataset = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    layer = dataset.CreateLayer("areas", None, ogr.wkbPolygon)
    for column in ("level", "code", "name"):
        layer.CreateField(ogr.FieldDefn(column, ogr.OFTString))
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField("level", "district")
    feature.SetGeometry(ogr.CreateGeometryFromJson(json.dumps(SQUARE)))
    layer.CreateFeature(feature)
    dataset = None
    with pytest.raises(InputError) as refused:
        read_polygon_file(path, area_row)
    assert refused.value.id == "areas.no_crs"
