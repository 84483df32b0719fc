"""Mis-declared and mixed text encodings (issue 16): reported by row and column, never imported garbled."""

from __future__ import annotations

import json

import pytest
from asset_registry.core.mapping import MappingProfile
from asset_registry.core.reader import Delivery
from asset_registry.core.validate import validate_delivery
from osgeo import ogr, osr

from tests.helpers import XIANGZHOU_XY, light, numbered_lights
from tests.unit.test_cli import assetreg
from tests.unit.test_hostile_files import csv_rows, write_csv

NAMES = ["人民路路灯一号", "人民路路灯二号", "凤凰路路灯三号", "情侣路路灯四号", "迎宾路路灯五号"]


# the columns of a contractor's Shapefile, by the standard's aliases
COLUMNS = {
    "component_id": "GLBJBSM",
    "name": "GLBJMC",
    "competent_dept_code": "ZGBMDM",
    "competent_dept_name": "ZGBMMC",
    "grid_code": "SZDYWGBSM",
    "status": "GLBJZT",
    "initial_date": "CSRQ",
    "lamp_type": "DJLX",
    "road_class": "DLDJ",
}


def shapefile(path, names: list[bytes], cpg: str | None, encoding: str = "utf-8") -> None:
    """Lights named by the raw bytes given, their other texts in `encoding`, with the .cpg given (or none)."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4547)
    dataset = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    layer = dataset.CreateLayer(path.stem, srs, ogr.wkbPoint)
    for column in COLUMNS.values():
        definition = ogr.FieldDefn(column, ogr.OFTString)
        definition.SetWidth(60)
        layer.CreateField(definition)
    rows = []
    for n, name in enumerate(names, start=1):
        properties = light(component_id=f"44040201037{n:06d}")
        rows.append({c: name if f == "name" else str(properties[f]).encode(encoding, "replace") for f, c in COLUMNS.items()})
        feature = ogr.Feature(layer.GetLayerDefn())
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(XIANGZHOU_XY[0] + 30 * n, XIANGZHOU_XY[1])
        feature.SetGeometry(point)
        layer.CreateFeature(feature)
    dataset = None
    # the texts' bytes go into the .dbf as they are (OGR would recode them)
    dbf = path.with_suffix(".dbf")
    data = bytearray(dbf.read_bytes())
    header_length = int.from_bytes(data[8:10], "little")
    record_length = int.from_bytes(data[10:12], "little")
    offset = 1
    for index, column in enumerate(COLUMNS.values()):
        width = data[32 + 32 * index + 16]
        for row, values in enumerate(rows):
            start = header_length + row * record_length + offset
            data[start : start + width] = values[column].ljust(width)[:width]
        offset += width
    dbf.write_bytes(bytes(data))
    path.with_suffix(".cpg").unlink(missing_ok=True)
    if cpg is not None:
        path.with_suffix(".cpg").write_text(cpg, encoding="ascii")


@pytest.mark.parametrize("declared", ["1252", "LATIN1", "ISO-8859-1"])
def test_a_gbk_shapefile_declared_in_a_single_byte_code_page_is_an_error_naming_the_values(tmp_path, standard, profile, declared):
    path = tmp_path / "lights.shp"
    shapefile(path, [name.encode("gbk") for name in NAMES], declared, "gbk")
    report = validate_delivery(path, standard, profile, "streetlight")
    [finding] = [f for f in report.errors if f.rule == "file.encoding_misdeclared"]
    assert finding.value == declared and finding.detail.startswith("GB18030")
    assert "(1/GLBJMC, 1/ZGBMMC, 2/GLBJMC" in finding.detail
    assert "garbled" in finding.message("en") and "乱码" in finding.message("zh")


def test_a_gbk_shapefile_declared_1252_exits_1_on_the_command_line(tmp_path):
    path = tmp_path / "lights.shp"
    shapefile(path, [name.encode("gbk") for name in NAMES], "1252", "gbk")
    result = assetreg("--lang", "en", "validate", str(path), "--class", "streetlight")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "file.encoding_misdeclared" in result.stdout and "Traceback" not in result.stderr


def test_a_latin_shapefile_declared_1252_is_read_as_declared(tmp_path, standard, profile):
    path = tmp_path / "lights.shp"
    shapefile(path, [f"Café Müller {n}".encode("cp1252") for n in range(1, 6)], "1252", "cp1252")
    report = validate_delivery(path, standard, profile, "streetlight")
    assert not [f for f in report.findings if f.rule.startswith("file.encoding")]
    with Delivery(path) as delivery:
        assert next(delivery.features()).attributes["GLBJMC"] == "Café Müller 1"


def test_a_utf8_shapefile_declared_1252_is_misdeclared_too(tmp_path, standard, profile):
    path = tmp_path / "lights.shp"
    shapefile(path, [name.encode("utf-8") for name in NAMES], "1252")
    report = validate_delivery(path, standard, profile, "streetlight")
    [finding] = [f for f in report.errors if f.rule == "file.encoding_misdeclared"]
    assert finding.detail.startswith("UTF-8")


def test_the_fallback_without_a_detector_finds_gbk_too(tmp_path, standard, profile, monkeypatch):
    """Where no charset-normalizer is importable (neither vendored nor installed) the reader still catches GBK."""
    import sys

    monkeypatch.setitem(sys.modules, "charset_normalizer", None)  # import fails as where it is not installed
    path = tmp_path / "lights.shp"
    shapefile(path, [name.encode("gbk") for name in NAMES], "1252", "gbk")
    report = validate_delivery(path, standard, profile, "streetlight")
    assert [f.detail.split(":")[0] for f in report.errors if f.rule == "file.encoding_misdeclared"] == ["GB18030"]


def test_a_big5_shapefile_declared_1252_is_misdeclared_as_big5(tmp_path, standard, profile):
    # a Big5 character's second byte may be ASCII: the detector must see the text whole, not its non-ASCII runs
    path = tmp_path / "lights.shp"
    traditional = ["人民路路燈一號", "人民路路燈二號", "鳳凰路路燈三號", "情侶路路燈四號", "迎賓路路燈五號"]
    shapefile(path, [name.encode("big5") for name in traditional], "1252", "big5")
    report = validate_delivery(path, standard, profile, "streetlight")
    [finding] = [f for f in report.errors if f.rule == "file.encoding_misdeclared"]
    assert finding.detail.startswith("Big5: 10 (1/GLBJMC, 1/ZGBMMC, 2/GLBJMC")


@pytest.mark.parametrize("cpg", [None, "UTF-8"])
def test_a_utf8_shapefile_with_one_gbk_value_reports_that_value_only(tmp_path, standard, profile, cpg):
    path = tmp_path / "lights.shp"
    names = [name.encode("utf-8") for name in NAMES]
    names[2] = NAMES[2].encode("gbk")
    shapefile(path, names, cpg)
    with Delivery(path) as delivery:
        read = [f.attributes["GLBJMC"] for f in delivery.features()]
    assert read[:2] == NAMES[:2] and read[3:] == NAMES[3:]  # not decoded whole as GB18030
    assert "\ufffd" in read[2]
    report = validate_delivery(path, standard, profile, "streetlight")
    errors = [(f.rule, f.feature, f.column) for f in report.errors]
    assert errors == [("schema.mixed_encoding", 3, "GLBJMC")]
    assert not [f for f in report.findings if f.rule.startswith("file.encoding")]
    assert "mixes encodings" in report.errors[0].message("en") and "混用" in report.errors[0].message("zh")


def test_a_utf8_csv_with_one_gbk_value_reports_that_value_only(tmp_path, standard, profile):
    text = csv_rows(5, {3: "凤凰路路灯三号"})
    data = text.encode("utf-8").replace("凤凰路路灯三号".encode(), "凤凰路路灯三号".encode("gbk"))
    path = write_csv(tmp_path, "")
    path.write_bytes(data)
    with Delivery(path) as delivery:
        read = [f.attributes["name"] for f in delivery.features()]
    assert read[0] == "路灯1" and read[3:] == ["路灯4", "路灯5"] and "\ufffd" in read[2]
    report = validate_delivery(path, standard, profile, "streetlight", mapping=MappingProfile.load(tmp_path / "mapping.json"))
    assert [(f.rule, f.feature, f.column) for f in report.errors] == [("schema.mixed_encoding", 3, "name")]
    assert "file.encoding_guessed" not in report.counts_by_rule()


@pytest.mark.parametrize("fast", [True, False])
def test_a_utf8_geojson_with_one_gbk_value_reports_that_value_only(tmp_path, standard, profile, fast):
    features = numbered_lights(4)
    features[1][0]["road_name"] = "凤凰路"
    features[2][0]["road_name"] = "情侣路"
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}},
        "features": [
            {"type": "Feature", "properties": p, "geometry": {"type": "Point", "coordinates": list(xy)}} for p, xy in features
        ],
    }
    data = json.dumps(collection, ensure_ascii=False).encode("utf-8")
    data = data.replace("情侣路".encode(), "情侣路".encode("gbk"))
    path = tmp_path / "lights.geojson"
    path.write_bytes(data)
    report = validate_delivery(path, standard, profile, "streetlight", fast=fast)
    assert [(f.rule, f.feature, f.column) for f in report.errors] == [("schema.mixed_encoding", 3, "road_name")]


def test_a_whole_gbk_csv_is_still_read_as_gb18030(tmp_path, standard, profile):
    path = write_csv(tmp_path, csv_rows(5, {}), "gbk")
    with Delivery(path) as delivery:
        assert [f.attributes["name"] for f in delivery.features()] == [f"路灯{n}" for n in range(1, 6)]
        assert [note.rule for note in delivery.notes] == ["file.encoding_guessed"] and not delivery.mixed_encoding


# -- a real delivery: the Artesia trees (ASCII, .cpg UTF-8), its common names rewritten ------------------


def artesia(tmp_path, names: dict[int, bytes], cpg: str | None):
    """A copy of the real Artesia trees Shapefile with COMMONNAME of the rows given as the bytes given."""
    from tests.helpers import shared_file

    source = shared_file("realdata", "la-artesia-trees", "artesia.shp")
    for part in source.parent.glob("artesia.*"):
        if part.suffix != ".cpg":
            (tmp_path / part.name).write_bytes(part.read_bytes())
    if cpg is not None:
        (tmp_path / "artesia.cpg").write_text(cpg, encoding="ascii")
    dbf = tmp_path / "artesia.dbf"
    data = bytearray(dbf.read_bytes())
    header_length = int.from_bytes(data[8:10], "little")
    record_length = int.from_bytes(data[10:12], "little")
    offset, index = 1, 0
    while data[32 + 32 * index + 0 : 32 + 32 * index + 10].rstrip(b"\0") != b"COMMONNAME":
        offset += data[32 + 32 * index + 16]
        index += 1
    width = data[32 + 32 * index + 16]
    for row, name in names.items():
        start = header_length + (row - 1) * record_length + offset
        data[start : start + width] = name.ljust(width)[:width]
    dbf.write_bytes(bytes(data))
    return tmp_path / "artesia.shp"


def validate_artesia(path, standard):
    from asset_registry.core.standard import load_profile
    from asset_registry.paths import PACKAGE_DIR

    mapping = MappingProfile.load(PACKAGE_DIR.parent / "examples" / "realdata" / "la-artesia-trees" / "mapping.json")
    return validate_delivery(path, standard, load_profile(mapping.profile_name), mapping=mapping)


TREES = ["樟树", "细叶榕", "凤凰木", "洋紫荆", "木棉", "大叶榕", "芒果树", "黄花风铃木"]


def test_the_real_trees_declared_1252_are_plausible_and_give_no_encoding_finding(tmp_path, standard):
    report = validate_artesia(artesia(tmp_path, {}, "1252"), standard)
    assert report.feature_count == 2950
    assert not [f for f in report.findings if "encoding" in f.rule]


def test_the_real_trees_with_one_gbk_name_among_utf8_ones_report_that_row(tmp_path, standard):
    names = {row: TREES[row % len(TREES)].encode("utf-8") for row in range(1, 41)}
    names[17] = "凤凰木".encode("gbk")
    report = validate_artesia(artesia(tmp_path, names, "UTF-8"), standard)
    mixed = [(f.feature, f.column) for f in report.findings if f.rule == "schema.mixed_encoding"]
    assert mixed == [(17, "COMMONNAME")]
    assert not [f for f in report.findings if f.rule.startswith("file.encoding")]


def test_the_real_trees_in_gbk_declared_1252_name_the_rows(tmp_path, standard):
    names = {row: TREES[row % len(TREES)].encode("gbk") for row in (3, 5, 8, 13, 21, 34)}
    report = validate_artesia(artesia(tmp_path, names, "1252"), standard)
    [finding] = [f for f in report.findings if f.rule == "file.encoding_misdeclared"]
    assert finding.detail == "GB18030: 6 (3/COMMONNAME, 5/COMMONNAME, 8/COMMONNAME, 13/COMMONNAME, 21/COMMONNAME, 34/COMMONNAME)"
