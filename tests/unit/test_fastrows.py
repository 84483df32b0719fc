"""The fast row writer (core/fastrows.py) writes exactly the importer's reference rows, or declines.

Parity is the contract, as for the fast validation path: for every delivery here, either
fast_copy_rows returns None (the importer then runs its reference writer) or its CSV text is the
reference writer's byte for byte, with the same count and source EPSG.
"""

from __future__ import annotations

import io
import json
import random
import struct
from pathlib import Path
from typing import Any

import pytest
from asset_registry.core import fastpath, fastshape, reader
from asset_registry.core.demo_city import DEFAULT_SEED, write_demo_files
from asset_registry.core.fastrows import fast_copy_rows
from asset_registry.core.mapping import MappingProfile
from asset_registry.core.validate import validate_delivery
from asset_registry.storage.importing import rows as importer_rows

from tests.helpers import VALID_LIGHT, XIANGZHOU_XY, light, numbered_lights, write_geojson
from tests.unit.test_fastshape import as_shapefile, zipped

needs_scanner = pytest.mark.skipif(not fastpath.available(), reason="core/_fastscan.c is not built")
LONLAT = (113.55, 22.27)


def reference_rows(path: Path, standard, profile, family: str, report, mapping) -> tuple[tuple[int, int], str]:
    out = io.StringIO(newline="")
    original = importer_rows.fast_copy_rows
    importer_rows.fast_copy_rows = lambda *args: None  # the importer's own writer, through OGR and the mapper
    try:
        written = importer_rows.write_rows(path, report.layer, standard, profile, standard.family(family), report, out, mapping)
    finally:
        importer_rows.fast_copy_rows = original
    return written, out.getvalue()


def fast_rows(path: Path, standard, profile, family: str, report, mapping) -> tuple[tuple[int, int] | None, str]:
    out = io.StringIO(newline="")
    written = fast_copy_rows(path, standard, profile, family, report, mapping, out)
    return written, out.getvalue()


def row_parity(path: Path, standard, profile, family: str = "streetlight", mapping: MappingProfile | None = None) -> str:
    report = validate_delivery(path, standard, profile, family, mapping=mapping)
    fast, fast_text = fast_rows(path, standard, profile, family, report, mapping)
    reference, reference_text = reference_rows(path, standard, profile, family, report, mapping)
    assert fast is not None, "the fast row writer declined"
    assert fast == reference
    assert fast_text == reference_text
    assert fast[0] == report.feature_count - len(report.invalid_features)
    return fast_text


def feature_text(properties: dict[str, Any] | None, geometry: Any, **dumps: Any) -> str:
    return json.dumps({"type": "Feature", "properties": properties, "geometry": geometry}, **dumps)


def collection_text(features: list[str], epsg: int | None = 4547) -> str:
    crs = f'"crs": {{"type": "name", "properties": {{"name": "urn:ogc:def:crs:EPSG::{epsg}"}}}}, ' if epsg else ""
    return '{"type": "FeatureCollection", ' + crs + '"features": [\n' + ",\n".join(features) + "\n]}\n"


def point(xy: tuple[float, ...]) -> dict[str, Any]:
    return {"type": "Point", "coordinates": list(xy)}


# -- varied deliveries ------------------------------------------------------------------------------

TEXTS = [
    "人民路路灯001",
    'say "hi", then go',
    "line one\nline two",
    "carriage\r\nreturn",
    "a,b,c",
    '"',
    ",",
    " 路灯 ",
    "\u3000人民路",
    "N/A",
    "暂无",
    "",
    "  ",
    "x" * 70,
    "Streetlight No. 7",
    "emoji 💡 and tab\tinside",
]
# per numeric field: values for a column of numbers only, and for one mixing integers and text
# (GDAL types a column of reals and text in a way the fast paths do not model: they decline it)
NUMBERS: dict[str, tuple[list[Any], list[Any]]] = {
    "lamp_power_w": (
        [120, 120.0, 1e5, -0.0, 0, 5.0, 90.5, 1e-3, 2000, 2001, -5, 1.5],
        [120, "120", "1,200", " 90 ", "很亮", "N/A"],
    ),
    "lamp_count": ([1, 2, 5.0, 1.5, 0, 13], [1, 2, "2", "3.0", "两个", "5.0"]),
    "pole_height_m": ([10, 10.5, 1e1, -0.0, 41, 7.25], [10, "10.5", "1e1", "高"]),
}
# a text date column (one value GDAL cannot read as a date) and a Date column (all read as dates)
TEXT_DATES = ["unknown", "2020-05-01", "2018-11-20", "2019-02-30", "2031-01-01", "2020-5-1", "20200501"]
DATES = ["2020-05-01", "2018-11-20", "2031-01-01", "2019-02-30"]
CODES = {
    "status": ["intact", "完好", "Intact", "removed", "移除", "bogus", ""],
    "lamp_type": ["LED", "LED灯", "led", "高压钠灯", "HPS", "钠灯X", "N/A"],
    "road_class": ["arterial", "主干路", "expressway", "Branch", "bad"],
}
ALIASES = {"component_id": ["GLBJBSM", "ObjID", "管理部件标识码"], "lamp_type": ["灯具类型", "DJLX"], "road_name": ["所在道路"]}


def varied_delivery(path: Path, seed: int, count: int, lonlat: bool = False) -> Path:
    """Defects, nulls, Chinese text, characters CSV quotes, numbers in every spelling, aliases, legacy identifiers."""
    rng = random.Random(seed)
    numeric_columns = {name: rng.random() < 0.5 for name in NUMBERS}
    renamed = {name: rng.choice(names) for name, names in ALIASES.items() if rng.random() < 0.5}
    base, step = (LONLAT, 1e-5) if lonlat else (XIANGZHOU_XY, 1.0)
    features = []
    for number in range(1, count + 1):
        properties: dict[str, Any] = dict(VALID_LIGHT, component_id=f"44040201037{number:06d}")
        roll = rng.random()
        if roll < 0.05:
            properties["component_id"] = f"4404020137{number:06d}"  # the legacy 16 digits
        elif roll < 0.08:
            properties["component_id"] = rng.choice(["ABC", " 44040201037000003", "N/A", "", "1,2"])
        for name in ("name", "road_name", "remarks", "circuit_id", "cabinet_id"):
            if rng.random() < 0.4:
                properties[name] = rng.choice(TEXTS)
        for name, values in CODES.items():
            if rng.random() < 0.2:
                properties[name] = rng.choice(values)
        if rng.random() < 0.2 or number == 1:
            properties["installation_date"] = "unknown" if number == 1 else rng.choice(TEXT_DATES)
        if rng.random() < 0.2:
            properties["initial_date"] = rng.choice(DATES)
        for name, (numeric, mixed) in NUMBERS.items():
            if rng.random() < 0.3:
                properties[name] = rng.choice(numeric if numeric_columns[name] else mixed)
        if rng.random() < 0.05:
            properties["施工单位"] = rng.choice(["某公司", "", None, 'a "b", c'])
        for name, alias in renamed.items():
            if name in properties:
                properties[alias] = properties.pop(name)
        keys = list(properties)
        if rng.random() < 0.3:
            rng.shuffle(keys)
        properties = {key: properties[key] for key in keys if rng.random() > 0.05 or key == "component_id"}
        xy = (base[0] + rng.randint(0, 2000) * step * 0.37, base[1] + rng.randint(0, 2000) * step * 0.61)
        roll = rng.random()
        if roll < 0.04:
            geometry: Any = point((*xy, rng.choice([3.0, -0.0, 12.5])))  # a warning only: kept, written in 3D
        elif roll < 0.06:
            geometry = rng.choice([None, {"type": "Point", "coordinates": []}, {"type": "LineString", "coordinates": [xy, xy]}])
        elif roll < 0.08:
            geometry = point((xy[1], xy[0]))  # swapped axes: invalid
        else:
            geometry = point((xy[0] + rng.random() * step, xy[1] - rng.random() * step))
        features.append(feature_text(properties, geometry, ensure_ascii=rng.random() < 0.3))
    path.write_text(collection_text(features, epsg=4326 if lonlat else 4547), encoding="utf-8")
    return path


@needs_scanner
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("exact_limit", [fastpath.EXACT_LIMIT, 0])
def test_varied_deliveries_give_the_reference_rows(seed, exact_limit, tmp_path, standard, profile, monkeypatch):
    """exact_limit 0 sends every text column through the shortcut a column of very many distinct texts takes."""
    monkeypatch.setattr(fastpath, "EXACT_LIMIT", exact_limit)
    path = varied_delivery(tmp_path / f"varied_{seed}.geojson", seed, 400, lonlat=seed % 3 == 2)
    text = row_parity(path, standard, profile)
    assert '"' in text and "\n" in text.replace("\r\n", "")  # quoted cells, a newline inside one
    assert ",01e9030000" in text  # points with Z are kept (a warning) and written in 3D


@needs_scanner
def test_numbers_as_delivered_reach_the_rows_as_the_mapper_leaves_them(tmp_path, standard, profile):
    lights = [
        (light(component_id=f"44040201037{n:06d}", lamp_power_w=power, lamp_count=heads, pole_height_m=height), xy)
        for n, (power, heads, height, xy) in enumerate(
            [
                (1e5, 5.0, -0.0, XIANGZHOU_XY),  # 1e5 and -0.0 are out of range: invalid, not written
                (120.0, 5.0, 10.0, (452010.0, 2462000.0)),
                (0.5, 2.0, 1e1, (452020.0, 2462000.0)),
                (1999.999, 12.0, 39.5, (452030.0, 2462000.0)),
                (120, 3.0, 7.25, (452040.0, 2462000.0)),
            ],
            start=1,
        )
    ]
    text = row_parity(write_geojson(tmp_path / "numbers.geojson", lights), standard, profile)
    assert ",5,10.0," in text or ",5," in text  # integers written as 5.0 arrive as 5


@needs_scanner
def test_booleans_of_park_facilities(tmp_path, standard, profile):
    common = {key: VALID_LIGHT[key] for key in ("name", "competent_dept_code", "competent_dept_name", "grid_code", "status")}
    facilities = []
    for n, accessible in enumerate([True, False, None, True, False], start=1):
        properties = {**common, "component_id": f"44040201046{n:06d}", "initial_date": "2020-05-01", "accessible": accessible}
        properties.update(quantity=n * 3, park_id="44040204013000001")
        facilities.append((properties, (XIANGZHOU_XY[0] + n * 2.0, XIANGZHOU_XY[1])))
    text = row_parity(write_geojson(tmp_path / "facilities.geojson", facilities), standard, profile, "park_facility")
    assert "True" in text and "False" in text
    words = [({**p, "accessible": word}, xy) for (p, xy), word in zip(facilities, ["是", "否", "Y", "no", "1"], strict=True)]
    row_parity(write_geojson(tmp_path / "words.geojson", words), standard, profile, "park_facility")


@needs_scanner
def test_the_demo_delivery_with_chinese_columns_and_labels(tmp_path, standard, profile):
    _, _, delivery = write_demo_files(tmp_path, standard, DEFAULT_SEED)
    text = row_parity(delivery, standard, profile)
    assert "人民" in text or "大道" in text or "路" in text


@needs_scanner
def test_a_mapping_profile_renames_maps_values_converts_units_and_dates(tmp_path, standard, profile):
    """Conversions send validation to the reference path; the rows still come from the columns."""
    features = []
    for n in range(1, 61):
        properties = {
            "编号": f"44040201037{n:06d}",
            "灯型": ["钠灯X", "LED", "发光二极管", "N/A"][n % 4],
            "功率": [120, "150 w", "0.2 kw", "很亮"][n % 4],
            "杆高": [30, "30 ft", "9 m", None][n % 4],
            "建设日期": ["05/01/2020", "13/01/2020", "12/31/2019", ""][n % 4],
            "道路等级": "主干路",
            "备用": "x",
        }
        properties.update({key: VALID_LIGHT[key] for key in ("name", "competent_dept_code", "grid_code", "status")})
        features.append((properties, (XIANGZHOU_XY[0] + n * 3.0, XIANGZHOU_XY[1])))
    path = write_geojson(tmp_path / "mapped.geojson", features)
    mapping_path = tmp_path / "mapping.json"
    mapping_path.write_text(
        json.dumps(
            {
                "family": "streetlight",
                "columns": {"编号": "component_id", "灯型": "lamp_type", "功率": "lamp_power_w", "杆高": "pole_height_m"},
                "values": {"lamp_type": {"钠灯X": "HPS", "发光二极管": "LED"}},
                "units": {"pole_height_m": {"from": "ft"}},
                "dates": {"initial_date": "%m/%d/%Y"},
                "constants": {"competent_dept_name": "珠海市城管局", "initial_date": "2000-01-01", "data_source": "survey"},
                "ignore": ["备用"],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    mapping = MappingProfile.load(mapping_path)
    assert fastpath.fast_validate(path, standard, profile, mapping=mapping) is None
    text = row_parity(path, standard, profile, mapping=mapping)
    assert "HPS" in text and "9.144" in text and "珠海市城管局" in text


# -- declining ----------------------------------------------------------------------------------------


@needs_scanner
def test_what_the_fast_row_writer_declines(tmp_path, standard, profile):
    """Each of these returns None with nothing written, and the importer's reference writer runs instead."""
    declined: dict[str, tuple[Path, str, MappingProfile | None]] = {}
    lights = numbered_lights(4)
    templated = tmp_path / "template.json"
    templated.write_text(json.dumps({"family": "streetlight", "templates": {"remarks": "批次{lamp_type}"}}), encoding="utf-8")
    declined["template"] = (write_geojson(tmp_path / "t.geojson", lights), "streetlight", MappingProfile.load(templated))
    declined["datetime_column"] = (
        write_geojson(tmp_path / "dt.geojson", numbered_lights(3, installation_date="2020-05-01T10:00:00")),
        "streetlight",
        None,
    )
    declined["booleans_and_numbers"] = (
        write_geojson(tmp_path / "bn.geojson", [*numbered_lights(2), *numbered_lights(1, start=5, lamp_power_w=True)]),
        "streetlight",
        None,
    )
    declined["line_family"] = (write_geojson(tmp_path / "road.geojson", lights), "road_segment", None)
    declined["not_geojson"] = (tmp_path / "lights.csv", "streetlight", None)
    (tmp_path / "lights.csv").write_text("component_id,x,y\n44040201037000001,452000,2462000\n", encoding="utf-8")
    for name, (path, family, mapping) in declined.items():
        report = validate_delivery(path, standard, profile, family, mapping=mapping)
        out = io.StringIO(newline="")
        assert fast_copy_rows(path, standard, profile, family, report, mapping, out) is None, name
        assert out.getvalue() == "", name
        # the importer falls back to its own writer, which still writes the valid rows
        written = importer_rows.write_rows(path, report.layer, standard, profile, standard.family(family), report, out, mapping)
        assert written == reference_rows(path, standard, profile, family, report, mapping)[0], name


@needs_scanner
def test_a_file_changed_since_validation_is_declined(tmp_path, standard, profile):
    path = write_geojson(tmp_path / "lights.geojson", numbered_lights(3))
    report = validate_delivery(path, standard, profile, "streetlight")
    write_geojson(path, numbered_lights(4))
    assert fast_copy_rows(path, standard, profile, "streetlight", report, None, io.StringIO()) is None


@needs_scanner
def test_a_negative_zero_coordinate_literal_is_declined(tmp_path, standard, profile):
    """OGR reads the integer literal -0 as +0 and the real -0.0 as -0.0; the scanner sees both as -0.0."""
    features = [feature_text(light(), {"type": "Point", "coordinates": [113.5, 22.25]}).replace("113.5", "-0")]
    path = tmp_path / "zero.geojson"
    path.write_text(collection_text(features, epsg=None), encoding="utf-8")
    report = validate_delivery(path, standard, profile, "streetlight")
    report.findings = []  # as if the position were acceptable, so the feature is written
    assert fast_copy_rows(path, standard, profile, "streetlight", report, None, io.StringIO()) is None
    _, text = reference_rows(path, standard, profile, "streetlight", report, None)
    assert text.endswith("," + struct.pack("<BIdd", 1, 1, 0.0, 22.25).hex() + "\r\n")  # x is +0


@needs_scanner
def test_the_importer_takes_the_fast_writer(tmp_path, standard, profile, monkeypatch):
    path = write_geojson(tmp_path / "lights.geojson", numbered_lights(5))
    report = validate_delivery(path, standard, profile, "streetlight")
    calls = []

    def spy(*args: Any) -> Any:
        calls.append(args)
        return fast_copy_rows(*args)

    monkeypatch.setattr(importer_rows, "fast_copy_rows", spy)
    out = io.StringIO(newline="")
    assert importer_rows.write_rows(path, None, standard, profile, standard.family("streetlight"), report, out, None) == (5, 4547)
    assert len(calls) == 1 and out.getvalue().count("\r\n") == 5


@needs_scanner
def test_an_import_scans_its_file_once_and_keeps_nothing_after(tmp_path, standard, profile, monkeypatch):
    path = write_geojson(tmp_path / "lights.geojson", numbered_lights(4))
    scans = []
    original = fastpath._fastscan.scan
    monkeypatch.setattr(fastpath._fastscan, "scan", lambda file: scans.append(file) or original(file))
    with fastpath.keeping_scans():
        report = validate_delivery(path, standard, profile, "streetlight")
        out = io.StringIO(newline="")
        assert fast_copy_rows(path, standard, profile, "streetlight", report, None, out) == (4, 4547)
        assert len(scans) == 1
        assert out.getvalue() == reference_rows(path, standard, profile, "streetlight", report, None)[1]
        write_geojson(path, numbered_lights(5))  # a changed file is scanned again, as it is now
        assert fast_copy_rows(path, standard, profile, "streetlight", report, None, io.StringIO()) is None
        assert len(scans) == 2
    assert fastpath._kept_scans is None
    validate_delivery(path, standard, profile, "streetlight")
    validate_delivery(path, standard, profile, "streetlight")
    assert len(scans) == 4 and fastpath._kept_scans is None


# -- Shapefiles (core/fastshape.py reads them through OGR's Arrow stream) ---------------------------


def shapefile_source(path: Path, seed: int, count: int, encoding: str) -> Path:
    """Mostly valid lights (a Shapefile keeps what a .dbf holds: no Z, no lists), with texts CSV quotes,
    spaces the mapper strips, placeholders, code-list labels, nulls, integer and real columns, a few defects."""
    rng = random.Random(seed)
    texts = [text for text in TEXTS if text.encode(encoding, "ignore").decode(encoding) == text]
    features = []
    for number in range(1, count + 1):
        properties: dict[str, Any] = dict(VALID_LIGHT, component_id=f"44040201037{number:06d}")
        for name in ("name", "road_name", "remarks"):
            if rng.random() < 0.4:
                properties[name] = rng.choice(texts) or None
        for name, values in CODES.items():
            if rng.random() < 0.15:
                properties[name] = rng.choice(values)
        properties["lamp_power_w"] = rng.choice([120, 150, None, 90, 2000])
        properties["pole_height_m"] = rng.choice([10.5, 7.25, None, 12.0, 41.0])
        if rng.random() < 0.03:
            properties["component_id"] = rng.choice(["ABC", "4404020137000001", "N/A"])
        xy = (XIANGZHOU_XY[0] + rng.randint(0, 2000) * 0.37, XIANGZHOU_XY[1] + rng.randint(0, 2000) * 0.61)
        features.append((properties, xy))
    return write_geojson(path, features)


@pytest.mark.skipif(not fastshape.available(), reason="OGR gives no Arrow stream as numpy arrays")
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("exact_limit", [fastpath.EXACT_LIMIT, 0])
def test_shapefiles_give_the_reference_rows(seed, exact_limit, tmp_path, standard, profile, monkeypatch):
    """Shapefiles, loose and zipped (GBK for one seed), read in 53-feature batches, give the reference's rows."""
    monkeypatch.setattr(fastpath, "EXACT_LIMIT", exact_limit)
    monkeypatch.setattr(reader, "ARROW_BATCH", 53)
    encoding = "GBK" if seed == 1 else "UTF-8"
    source = shapefile_source(tmp_path / f"lights_{seed}.geojson", seed, 400, encoding)
    shp = as_shapefile(source, tmp_path / f"lights_{seed}.shp", encoding=encoding)
    for path in (shp, zipped(shp)):
        report = validate_delivery(path, standard, profile, "streetlight")
        assert report.engine == "fast" and report.invalid_features
        text = row_parity(path, standard, profile)
        assert '"' in text and "\n" in text.replace("\r\n", "") and text.count("\r\n") > 200


@pytest.mark.skipif(not fastshape.available(), reason="OGR gives no Arrow stream as numpy arrays")
def test_an_import_reads_a_zipped_shapefile_once(tmp_path, standard, profile, monkeypatch):
    """Validation and rows share one reading of the zip while the import keeps it; nothing is kept after."""
    source = write_geojson(tmp_path / "lights.geojson", numbered_lights(30))
    path = zipped(as_shapefile(source, tmp_path / "lights.shp"))
    reads = []
    original = fastshape.ShapefileLayer._read_columns
    monkeypatch.setattr(fastshape.ShapefileLayer, "_read_columns", lambda self, *args: reads.append(1) or original(self, *args))
    with fastpath.keeping_scans():
        report = validate_delivery(path, standard, profile, "streetlight")
        out = io.StringIO(newline="")
        assert fast_copy_rows(path, standard, profile, "streetlight", report, None, out) == (30, 4547)
        assert len(reads) == 1
        assert out.getvalue() == reference_rows(path, standard, profile, "streetlight", report, None)[1]
    assert fastpath._kept_scans is None
    fast_copy_rows(path, standard, profile, "streetlight", report, None, io.StringIO())
    assert len(reads) == 2
