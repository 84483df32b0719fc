"""The fast path (core/fastpath.py, core/_fastscan.c) gives exactly the reference path's report, or declines.

Parity is the contract: for every delivery here, either fast_validate returns None (the reference
path then runs) or its report equals validate_delivery(..., fast=False) finding for finding, with
the same summary, CRS, layer and identifiers.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from asset_registry.core import fastpath
from asset_registry.core.demo_city import DEFAULT_SEED, write_demo_files
from asset_registry.core.errors import InputError
from asset_registry.core.mapping import MappingProfile
from asset_registry.core.validate import validate_delivery

from tests.helpers import VALID_LIGHT, XIANGZHOU_XY, light, numbered_lights, write_geojson

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
POINT_FAMILIES = {"streetlight", "tree", "park_facility"}
LONLAT = (113.55, 22.27)


def test_the_scanner_is_built():
    """`pip install -e .` compiles core/_fastscan.c in place; without it every delivery takes the reference path."""
    from asset_registry.core import _fastscan

    assert _fastscan.FORMAT == 1
    assert fastpath.available()


needs_scanner = pytest.mark.skipif(not fastpath.available(), reason="core/_fastscan.c is not built")


def reference_and_fast(path: Path, standard, profile, family: str | None = None, **kwargs: Any):
    fast = fastpath.fast_validate(path, standard, profile, family, **kwargs)
    reference = validate_delivery(path, standard, profile, family, fast=False, **kwargs)
    return fast, reference


def assert_same(fast, reference) -> None:
    assert fast is not None, "the fast path declined"
    assert (fast.engine, reference.engine) == ("fast", "reference")
    assert [f.to_dict() for f in fast.findings] == [f.to_dict() for f in reference.findings]
    assert fast.feature_count == reference.feature_count
    assert fast.to_dict() == reference.to_dict()  # summary, CRS, layer, family, source, mapping
    # looked up one by one first (as an import's registry findings are), before the dict of them all is made
    assert all(fast.identifiers.get(ident) == number for ident, number in reference.identifiers.items())
    assert fast.identifiers.get("99999999999999999") is None and fast.identifiers.get("no such id") is None
    assert list(fast.identifiers.items()) == list(reference.identifiers.items())
    assert dict(reference.identifiers) == fast.identifiers


def parity(path: Path, standard, profile, family: str | None = None, **kwargs: Any):
    fast, reference = reference_and_fast(path, standard, profile, family, **kwargs)
    assert_same(fast, reference)
    return fast


# -- the scanner ------------------------------------------------------------------------------------


@needs_scanner
def test_scanner_reads_columns_escapes_and_geometry():
    import numpy as np
    from asset_registry.core import _fastscan

    text = (
        '\ufeff{ "type" : "FeatureCollection", "name": "路灯", "features" : [\n'
        '{"properties": {"a": "x\\"y\\u00e9\\ud83d\\udca1", "b": 1, "c": null},\n'
        ' "type": "Feature", "geometry": {"coordinates": [1.5, -2e3], "type": "Point"}},\r\n'
        '\t{"type": "Feature", "geometry": null,\n'
        ' "properties": {"b": 2.25, "a": "x\\"y\\u00e9\\ud83d\\udca1", "d": [1, {"e": 2}]}},'
        '{"type": "Feature", "properties": {"a": " 2020-05-01", "b": true},\n'
        ' "geometry": {"type": "Point", "coordinates": [1, 2, 3]}},'
        '{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}}'
        '], "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}}}'
    ).encode()
    scanned = _fastscan.scan_bytes(text)
    assert scanned["count"] == 4
    assert scanned["bom"] is True
    assert scanned["keys"] == ["a", "b", "c", "d"]
    assert scanned["sequences"] == [(0, 1, 2), (1, 0, 3), (0, 1), ()]
    assert json.loads(scanned["crs"]) == {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}}
    assert json.loads(scanned["name"]) == "路灯"
    a = scanned["columns"]["a"]
    assert list(np.frombuffer(a["kinds"], np.uint8)) == [2, 2, 2, 0]
    assert list(np.frombuffer(a["codes"], np.int32))[:3] == [0, 0, 1]
    offsets = np.frombuffer(a["offsets"], np.int64)
    assert a["blob"][offsets[0] : offsets[1]].decode() == 'x"yé💡'
    assert list(np.frombuffer(a["cplen"], np.int32)) == [5, 11]
    assert list(np.frombuffer(a["flags"], np.uint8)) == [1, 2 | 8]  # non-ASCII; leading space and a date mark
    assert list(np.frombuffer(a["first"], np.int64)) == [0, 2]
    b = scanned["columns"]["b"]
    assert list(np.frombuffer(b["kinds"], np.uint8)) == [7, 3, 4, 0]
    assert list(np.frombuffer(b["numbers"], np.float64))[:2] == [1.0, 2.25]
    assert list(np.frombuffer(scanned["columns"]["d"]["kinds"], np.uint8)) == [0, 6, 0, 0]
    geometry = scanned["geometry"]
    assert list(np.frombuffer(geometry["type"], np.uint8)) == [1, 0, 1, 2]
    assert list(np.frombuffer(geometry["z"], np.uint8)) == [0, 0, 1, 0]
    assert (np.frombuffer(geometry["x"], np.float64)[0], np.frombuffer(geometry["y"], np.float64)[0]) == (1.5, -2000.0)
    spans = zip(*(np.frombuffer(geometry[k], np.int64) for k in ("span_feature", "span_start", "span_end")), strict=True)
    assert [(int(f), json.loads(text[s:e])["type"]) for f, s, e in spans] == [(2, "Point"), (3, "LineString")]


@needs_scanner
def test_scanner_numbers_are_correctly_rounded():
    import numpy as np
    from asset_registry.core import _fastscan

    rng = random.Random(7)
    literals = ["0", "-0", "1e5", "1E-5", "-0.0", "123456789012345678901234567890", "0.1", "2.5e-324", "1.7976931348623157e308"]
    literals += [repr(rng.uniform(-1e6, 1e6)) for _ in range(300)] + [
        repr(rng.random() * 10 ** rng.randint(-30, 30)) for _ in range(300)
    ]
    literals += [f"{rng.randint(0, 10**9)}.{rng.randint(0, 10**9):09d}" for _ in range(300)]
    body = ", ".join(f'{{"type": "Feature", "properties": {{"v": {text}}}, "geometry": null}}' for text in literals)
    scanned = _fastscan.scan_bytes(f'{{"type": "FeatureCollection", "features": [{body}]}}'.encode())
    numbers = np.frombuffer(scanned["columns"]["v"]["numbers"], np.float64)
    assert [float(x) for x in numbers] == [float(text) for text in literals]
    kinds = np.frombuffer(scanned["columns"]["v"]["kinds"], np.uint8)
    assert [int(k) for k in kinds[:6]] == [7, 7, 3, 3, 3, 7]


@needs_scanner
@pytest.mark.parametrize(
    "text",
    [
        '{"type": "FeatureCollection", "features": [',
        '{"type": "FeatureCollection", "features": []} x',
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": 1, "a": 2}}]}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": "\\ud800"}}]}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": 01}}]}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": 1.}}]}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": NaN}}]}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": 1,}}]}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": "x\ty"}}]}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "id": 3, "properties": {}}]}',
        '{"type": "FeatureCollection", "features": [{"type": "feature", "properties": {}}]}',
        '{"type": "FeatureCollection", "features": [{"properties": {}}]}',
        '{"type": "FeatureCollection", "Features": []}',
        '{"type": "Feature", "properties": {}}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": '
        + "[" * 18
        + "1"
        + "]" * 18
        + "}}]}",
    ],
)
def test_scanner_refuses_what_it_does_not_read_as_gdal_does(text):
    from asset_registry.core import _fastscan

    with pytest.raises(ValueError):
        _fastscan.scan_bytes(text.encode("utf-8"))


@needs_scanner
def test_scanner_refuses_text_that_is_not_utf8(tmp_path):
    from asset_registry.core import _fastscan

    path = tmp_path / "gbk.geojson"
    path.write_bytes(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"名称": "路灯"}}]}'.encode("gbk")
    )
    with pytest.raises(ValueError, match="UTF-8"):
        _fastscan.scan(path)


# -- the rule corpus ----------------------------------------------------------------------------------


def corpus_files() -> list[tuple[str, str]]:
    files = []
    for case_path in sorted(CORPUS.glob("*/case.json")):
        run = json.loads(case_path.read_text(encoding="utf-8"))["run"]
        for which in ("valid", "invalid"):
            name = run.get(which, f"{which}.geojson")
            if name.endswith((".geojson", ".json")) and (case_path.parent / name).is_file():
                files.append((case_path.parent.name, which))
    return files


@needs_scanner
@pytest.mark.parametrize(("rule", "which"), corpus_files())
def test_rule_corpus_gives_the_reference_findings(rule, which, standard, profile):
    folder = CORPUS / rule
    run = json.loads((folder / "case.json").read_text(encoding="utf-8"))["run"]
    path = folder / run.get(which, f"{which}.geojson")
    mapping_name = run.get(f"{which}_mapping", run.get("mapping"))
    mapping = MappingProfile.load(folder / mapping_name) if mapping_name else None
    family, layer = run.get("class"), run.get(f"{which}_layer")
    fast = fastpath.fast_validate(path, standard, profile, family, layer, mapping)
    try:
        reference = validate_delivery(path, standard, profile, family, layer, mapping=mapping, fast=False)
    except InputError as error:
        assert fast is None
        with pytest.raises(InputError) as again:
            validate_delivery(path, standard, profile, family, layer, mapping=mapping)
        assert again.value.rule == error.rule
        return
    if fast is None:
        # declining is allowed, but not for a plain Point-family GeoJSON with features
        plain = mapping is None and family in POINT_FAMILIES and reference.feature_count > 0
        assert not plain, f"the fast path declined {path}"
        return
    assert_same(fast, reference)


@needs_scanner
def test_most_of_the_corpus_takes_the_fast_path(standard, profile):
    fast = [
        (rule, which)
        for rule, which in corpus_files()
        if fastpath.fast_validate(
            CORPUS / rule / f"{which}.geojson",
            standard,
            profile,
            json.loads((CORPUS / rule / "case.json").read_text())["run"].get("class"),
        )
        is not None
    ]
    assert len(fast) >= 40


# -- the demo delivery ------------------------------------------------------------------------------

DEMO_SEEDS = [DEFAULT_SEED, 7, 8]


@pytest.fixture(scope="module")
def demo_deliveries(tmp_path_factory, standard):
    """The demo district's delivery for a few seeds: Chinese columns and labels, and each seed's own defects."""
    deliveries = {}
    for seed in DEMO_SEEDS:
        city, _, delivery = write_demo_files(tmp_path_factory.mktemp(f"demo_{seed}"), standard, seed)
        deliveries[seed] = (city, delivery)
    return deliveries


@needs_scanner
@pytest.mark.parametrize("seed", DEMO_SEEDS)
def test_demo_delivery_gives_the_reference_findings(seed, demo_deliveries, standard, profile):
    city, delivery = demo_deliveries[seed]
    report = parity(delivery, standard, profile, "streetlight")
    assert report.feature_count == len(city.lights)
    assert {f.rule for f in report.findings} >= {"schema.unknown_field", "record.duplicate_id", "geometry.swapped_axes"}
    if seed == DEFAULT_SEED:
        parity(delivery, standard, profile)  # the family found from the layer name


@needs_scanner
def test_validate_delivery_takes_the_fast_path_when_it_applies(demo_deliveries, tmp_path, standard, profile):
    _, delivery = demo_deliveries[DEFAULT_SEED]
    calls = []
    report = validate_delivery(
        delivery, standard, profile, "streetlight", progress=lambda done, total: calls.append((done, total))
    )
    assert report.engine == "fast"
    assert calls[-1] == (report.feature_count, report.feature_count)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"family": "streetlight", "values": {"lamp_type": {"钠灯X": "HPS"}}}), encoding="utf-8")
    assert validate_delivery(delivery, standard, profile, mapping=MappingProfile.load(mapping)).engine == "reference"
    small = write_geojson(tmp_path / "lights.geojson", numbered_lights(3))
    assert validate_delivery(small, standard, profile, "streetlight").engine == "fast"
    assert validate_delivery(small, standard, profile, "streetlight", fast=False).engine == "reference"
    assert validate_delivery(small, standard, profile, "road_segment").engine == "reference"


# -- hand-made deliveries ---------------------------------------------------------------------------


def feature_text(properties: dict[str, Any] | None, geometry: Any, **dumps: Any) -> str:
    body = {"type": "Feature", "properties": properties, "geometry": geometry}
    return json.dumps(body, **dumps)


def collection_text(features: list[str], epsg: int | None = 4547, separator: str = ",\n", head: str = "") -> str:
    crs = f'"crs": {{"type": "name", "properties": {{"name": "urn:ogc:def:crs:EPSG::{epsg}"}}}}, ' if epsg else ""
    return head + '{"type": "FeatureCollection", ' + crs + '"features": [\n' + separator.join(features) + "\n]}\n"


def point(xy: tuple[float, ...]) -> dict[str, Any]:
    return {"type": "Point", "coordinates": list(xy)}


@needs_scanner
def test_features_over_several_lines_with_odd_whitespace_and_escapes(tmp_path, standard, profile):
    features = []
    for number, (properties, xy) in enumerate(numbered_lights(12), start=1):
        if number == 3:
            properties["name"] = '人民路"路灯"\\💡\n'
        if number == 4:
            properties["road_name"] = "\u3000人民路"  # an ideographic space: stripped by the mapper
        if number == 5:
            properties["remarks"] = "tab\there / slash"
        dumps = {"ensure_ascii": number % 2 == 0, "indent": (None, 2, "\t")[number % 3]}
        features.append(feature_text(properties, point(xy), **dumps))
    path = tmp_path / "odd.geojson"
    text = collection_text(features, separator=" ,\r\n\t", head="\ufeff \n")
    path.write_text(text.replace('"type": "Feature"', '"type"\n:\t"Feature"'), encoding="utf-8")
    report = parity(path, standard, profile, "streetlight")
    assert report.feature_count == 12


@needs_scanner
def test_key_order_and_present_keys_vary(tmp_path, standard, profile):
    rng = random.Random(3)
    features = []
    for number, (properties, xy) in enumerate(numbered_lights(40), start=1):
        items = list(properties.items())
        rng.shuffle(items)
        properties = dict(items[: rng.randint(len(items) - 3, len(items))])
        if number % 7 == 0:
            properties["施工单位"] = "某公司"
        if number % 9 == 0:
            properties["GLBJBSM"] = properties.pop("component_id", "44040201037999999")  # an alias as a second column
        if number % 11 == 0:
            properties["lamp_power_w"] = None
        features.append(feature_text(properties, point(xy), ensure_ascii=False))
    path = tmp_path / "varying.geojson"
    path.write_text(collection_text(features), encoding="utf-8")
    report = parity(path, standard, profile, "streetlight")
    assert any(f.rule == "schema.required" for f in report.findings)
    assert [f.column for f in report.findings if f.rule == "schema.unknown_field"] != []


CASES: list[tuple[dict[str, Any], Any]] = [
    (light(lamp_power_w="120"), XIANGZHOU_XY),
    (light(lamp_power_w="1,200"), XIANGZHOU_XY),
    (light(lamp_power_w=" 90 "), XIANGZHOU_XY),
    (light(lamp_power_w="很亮"), XIANGZHOU_XY),
    (light(lamp_power_w="N/A"), XIANGZHOU_XY),
    (light(lamp_power_w=-5), XIANGZHOU_XY),
    (light(lamp_count="2", pole_height_m="10.5"), XIANGZHOU_XY),
    (light(lamp_count=3), XIANGZHOU_XY),
    (light(name="无", road_name="-", grid_code="  "), XIANGZHOU_XY),
    (light(name="", status="完好", lamp_type="led", road_class="主干路"), XIANGZHOU_XY),
    (light(status="Removed", road_class="Expressway"), XIANGZHOU_XY),
    (light(component_id="4404020137000001"), XIANGZHOU_XY),  # legacy: becomes ...01037000001
    (light(component_id="44040201037000001"), (XIANGZHOU_XY[0] + 0.3, XIANGZHOU_XY[1])),  # duplicate and same spot
    (light(component_id=" 44040201037000002 "), XIANGZHOU_XY),
    (light(component_id="44040201037000002"), (XIANGZHOU_XY[0] + 0.5, XIANGZHOU_XY[1])),
    (light(component_id="11010101037000003"), (XIANGZHOU_XY[0] + 0.49, XIANGZHOU_XY[1] + 0.01)),
    (light(component_id="44040202006000004", initial_date="2019-02-30"), (452100.0, 2462100.0)),
    (light(component_id="ABC", installation_date="2099-01-01"), (452100.25, 2462100.25)),
    (light(component_id="ABC", change_date="2019-01-01"), (452100.5, 2462100.0)),
    (light(component_id="44040201037000007", initial_date="20200501"), (452000.0, 2462300.0)),  # the column becomes text
    (light(component_id="44040201037000008", grid_code=440402001001001), (2462300.0, 452000.0)),
    (light(component_id="44040201037000009"), None),
    (light(component_id="44040201037000010"), (0.0, 0.0)),
    (light(component_id="44040201037000011"), (XIANGZHOU_XY[0] + 250_000, XIANGZHOU_XY[1])),
    (light(component_id="44040201037000012"), {"type": "Point", "coordinates": [452400.0, 2462400.0, 7.5]}),
    (light(component_id="44040201037000013"), {"type": "point", "coordinates": [452500.0, 2462500.0]}),
    (light(component_id="44040201037000014"), {"type": "LineString", "coordinates": [[452000, 2462000], [452500, 2462000]]}),
    (light(component_id="44040201037000015"), {"type": "Point", "coordinates": []}),
    (light(component_id="44040201037000016"), {"type": "Point", "coordinates": [452600.0, 2462600.0, 1.0, 2.0]}),
    (light(component_id="44040201037000017", id=5, ID="x"), (452700.0, 2462700.0)),
    (light(component_id="44040201037000018", 备注X=True, 附件=[1, 2]), (452800.0, 2462800.0)),
    (light(component_id=None, GLBJBSM="44040201037000019"), (452900.0, 2462900.0)),
]


@needs_scanner
def test_numbers_as_text_placeholders_legacy_duplicates_and_geometry_cases(tmp_path, standard, profile):
    path = write_geojson(tmp_path / "cases.geojson", CASES)
    report = parity(path, standard, profile, "streetlight")
    rules = {f.rule for f in report.findings}
    assert rules >= {
        "schema.placeholder",
        "identifier.legacy",
        "record.duplicate_id",
        "record.same_spot",
        "geometry.unexpected_zm",
        "geometry.wrong_type",
        "geometry.empty",
        "crossfield.future_date",
        "schema.date_format",
    }


COMMON = {key: VALID_LIGHT[key] for key in ("name", "competent_dept_code", "competent_dept_name", "grid_code", "status")}


@needs_scanner
def test_trees_and_park_facilities(tmp_path, standard, profile):
    trees = []
    grades = [
        (320, "grade_2"),
        (320, "grade_3"),
        (40, "none"),
        (600, "grade_1"),
        (None, "grade_1"),
        (10, "famous"),
        (120.0, "grade_3"),
    ]
    for n, (age, grade) in enumerate(grades * 3, start=1):
        properties = {
            **COMMON,
            "component_id": f"4404020400{n % 3 + 1}{n:06d}",
            "initial_date": "2020-05-01",
            "species_zh": "细叶榕",
        }
        properties.update(
            protection_grade=grade, vigour="normal", age_years=age, planted_date="1700-01-01" if n % 4 else "2099-01-01"
        )
        trees.append((properties, (XIANGZHOU_XY[0] + n * 0.3, XIANGZHOU_XY[1])))
    report = parity(write_geojson(tmp_path / "trees.geojson", trees), standard, profile, "tree")
    assert {"crossfield.protection_grade_age", "record.same_spot", "crossfield.future_date"} <= set(report.counts_by_rule())
    facilities = []
    for n, accessible in enumerate([True, False, None, True], start=1):
        properties = {**COMMON, "component_id": f"44040201046{n:06d}", "initial_date": "2020-05-01", "accessible": accessible}
        properties.update(quantity=n * 5000, park_id="44040204013000001" if n % 2 else "4404")
        facilities.append((properties, (XIANGZHOU_XY[0] + n * 2.0, XIANGZHOU_XY[1])))
    report = parity(write_geojson(tmp_path / "facilities.geojson", facilities), standard, profile, "park_facility")
    assert {"schema.range", "schema.pattern"} <= set(report.counts_by_rule())
    yes_no = [
        ({**properties, "accessible": text}, xy)
        for (properties, xy), text in zip(facilities, ["是", "否", "也许", "Y"], strict=True)
    ]
    parity(write_geojson(tmp_path / "yes_no.geojson", yes_no), standard, profile, "park_facility")
    lights = numbered_lights(3, lamp_power_w=True)  # a column of booleans only: OGR hands over True
    parity(write_geojson(tmp_path / "boolean.geojson", lights), standard, profile, "streetlight")


@needs_scanner
def test_positions_in_longitude_and_latitude(tmp_path, standard, profile):
    features = [(light(component_id=f"44040201037{n:06d}"), (LONLAT[0] + n * 1e-4, LONLAT[1])) for n in range(1, 30)]
    features.append((light(component_id="44040201037000100"), (LONLAT[0] + 1e-4 + 2e-6, LONLAT[1])))  # 0.2 m from feature 1
    features.append((light(component_id="44040201037000101"), (LONLAT[1], LONLAT[0])))
    for epsg in (4326, 4490, None):
        path = write_geojson(tmp_path / f"lonlat_{epsg}.geojson", features, epsg)
        report = parity(path, standard, profile, "streetlight")
        assert "record.same_spot" in report.counts_by_rule()


@needs_scanner
def test_a_crs_the_city_does_not_accept(tmp_path, standard, profile):
    path = write_geojson(
        tmp_path / "mercator.geojson", [(light(), (12640000.0, 2544000.0)), (light(), (12640000.1, 2544000.0))], 3857
    )
    report = parity(path, standard, profile, "streetlight")
    assert "file.crs_not_accepted" in report.counts_by_rule()


@needs_scanner
def test_geometries_reaching_far_out_of_the_city(tmp_path, standard, profile):
    """The extent looks at the whole geometry (issue 16): both paths report the same points far out, and
    the lines and multipoints a point family refuses by type, whatever their centroid."""
    x, y = XIANGZHOU_XY
    shapes = [
        point((x + 1e9, y)),
        point((x - 1e9, y)),
        point((x, y + 1e9, 5.0)),
        {"type": "LineString", "coordinates": [[x - 1e9, y], [x + 1e9, y]]},
        {"type": "MultiPoint", "coordinates": [[x - 1e9, y], [x + 1e9, y]]},
        {"type": "MultiPoint", "coordinates": [[x, y], [x + 1, y]]},
        point((x + 1, y)),
    ]
    features = [(light(component_id=f"44040201037{n:06d}"), shape) for n, shape in enumerate(shapes, start=1)]
    report = parity(write_geojson(tmp_path / "far.geojson", features), standard, profile, "streetlight")
    assert [(f.rule, f.feature) for f in report.errors] == [
        ("geometry.outside_extent", 1),
        ("geometry.outside_extent", 2),
        ("geometry.outside_extent", 3),
        ("geometry.wrong_type", 4),
        ("geometry.wrong_type", 5),
        ("geometry.wrong_type", 6),
    ]


@needs_scanner
def test_date_columns(tmp_path, standard, profile):
    all_dates = write_geojson(tmp_path / "dates.geojson", numbered_lights(5, initial_date="2021-02-31"))
    parity(all_dates, standard, profile, "streetlight")
    mixed = [*numbered_lights(5), (light(component_id="44040201037000099", initial_date="unknown"), XIANGZHOU_XY)]
    parity(write_geojson(tmp_path / "mixed.geojson", mixed), standard, profile, "streetlight")
    dashed = numbered_lights(3, circuit_id="XZ-HL-01") + numbered_lights(2, start=9, circuit_id="2020-01-01")
    parity(write_geojson(tmp_path / "dashed.geojson", dashed), standard, profile, "streetlight")


@needs_scanner
def test_what_the_fast_path_declines(tmp_path, standard, profile):
    """Each of these goes to the reference path, which stays the one that decides."""
    declined = {
        "booleans_and_numbers_in_a_field": [(light(lamp_power_w=True), XIANGZHOU_XY), (light(), XIANGZHOU_XY)],
        "object_in_a_field": [(light(road_name={"zh": "人民路"}), XIANGZHOU_XY)],
        "real_and_text_in_a_field": [(light(lamp_power_w=12.5), XIANGZHOU_XY), (light(lamp_power_w="N/A"), XIANGZHOU_XY)],
        "datetime_column": [(light(initial_date="2020-05-01T10:00:00"), XIANGZHOU_XY)],
        "date_column_that_ogr_rewrites": [(light(initial_date="2020-5-1"), XIANGZHOU_XY), (light(), XIANGZHOU_XY)],
        "zero_features": [],
    }
    for name, features in declined.items():
        path = write_geojson(tmp_path / f"{name}.geojson", features)
        assert fastpath.fast_validate(path, standard, profile, "streetlight") is None, name
        assert validate_delivery(path, standard, profile, "streetlight").engine == "reference"
    with_id = tmp_path / "feature_id.geojson"
    with_id.write_text(
        collection_text([json.dumps({"type": "Feature", "id": "a1", "properties": light(), "geometry": point(XIANGZHOU_XY)})])
    )
    assert fastpath.fast_validate(with_id, standard, profile, "streetlight") is None
    gbk = tmp_path / "gbk.geojson"
    gbk.write_bytes(collection_text([feature_text(light(), point(XIANGZHOU_XY), ensure_ascii=False)]).encode("gb18030"))
    assert fastpath.fast_validate(gbk, standard, profile, "streetlight") is None
    assert "file.encoding_guessed" in validate_delivery(gbk, standard, profile, "streetlight").counts_by_rule()
    assert (
        fastpath.fast_validate(write_geojson(tmp_path / "road.geojson", numbered_lights(2)), standard, profile, "road_segment")
        is None
    )


@needs_scanner
def test_a_malformed_file_falls_back_and_is_unreadable(tmp_path, standard, profile):
    whole = collection_text([feature_text(p, point(xy)) for p, xy in numbered_lights(3)])
    truncated = tmp_path / "truncated.geojson"
    truncated.write_text(whole[: len(whole) // 2], encoding="utf-8")
    assert fastpath.fast_validate(truncated, standard, profile, "streetlight") is None
    for fast in (True, False):
        with pytest.raises(InputError) as error:
            validate_delivery(truncated, standard, profile, "streetlight", fast=fast)
        assert error.value.rule == "file.unreadable"


# -- random deliveries --------------------------------------------------------------------------------

VALUES: dict[str, list[Any]] = {
    "name": ["人民路路灯001", "路灯", "", "  ", "长" * 31, "N/A", "暂无", " 路灯 ", "Streetlight No. 7"],
    "competent_dept_code": [VALID_LIGHT["competent_dept_code"]] * 4 + ["123", "11440400MB2C1009OY"],
    "grid_code": ["440402001001001"] * 4 + ["44040200100100", "-"],
    "status": ["intact", "完好", "Intact", "removed", "移除", "lost", "bogus", ""],
    "initial_date": ["2020-05-01", "2018-11-20", "2019-02-30", "2031-01-01", "2020-5-1", "20200501"],
    "change_date": [None, None, None, "2019-01-01", "2024-02-03"],
    "lamp_type": ["LED", "LED灯", "led", "高压钠灯", "HPS", "钠灯X", "N/A", None],
    "road_class": ["arterial", "主干路", "expressway", "Branch", "bad"],
    "road_name": ["人民路", "九洲大道", "x" * 61, None],
    "installation_date": ["2018-11-20", "2099-01-01", None],
}
NUMBERS: dict[str, tuple[list[Any], list[Any]]] = {
    # per field: values when the column holds numbers only, and when it mixes integers and text
    "lamp_power_w": ([120, 90, 120.5, -5, 0, 2001, 2000, 1e3, None], [120, "120", "1,200", "很亮", "N/A", " 90 ", None, -5]),
    "lamp_count": ([1, 2, 13, 1.5, 0, None], [1, "2", "3.0", "两个", None]),
    "pole_height_m": ([10, 10.5, 41, 40, 1e-3, None], [10, "10", "10.5", "高", None]),
}


# a contractor's own columns: never mapped, so any JSON value goes; "id" is one GDAL treats apart
EXTRA_COLUMNS: dict[str, list[Any]] = {
    "施工单位": ["某公司", "", None],
    "id": [1, 2, 3, "x"],
    "OBJECTID": [7, 8],
    "备注X": [True, False, None],
    "附件": [[1, 2], {"a": 1}],
}


def random_delivery(path: Path, seed: int, count: int, lonlat: bool = False) -> Path:
    rng = random.Random(seed)
    modes = {name: rng.random() < 0.5 for name in NUMBERS}
    features, placed = [], []
    for number in range(1, count + 1):
        properties = dict(VALID_LIGHT, component_id=f"44040201037{number:06d}", name=f"人民路路灯{number:04d}")
        for name, values in VALUES.items():
            if rng.random() < 0.15:
                properties[name] = rng.choice(values)
        for name, (numeric, mixed) in NUMBERS.items():
            if rng.random() < 0.2:
                properties[name] = rng.choice(mixed if modes[name] else numeric)
        roll = rng.random()
        if roll < 0.03:
            properties["component_id"] = properties["component_id"][:8] + properties["component_id"][9:]  # legacy form
        elif roll < 0.08 and placed:
            properties["component_id"] = f"44040201037{rng.randint(1, number):06d}"
        elif roll < 0.1:
            properties["component_id"] = rng.choice(
                [
                    "11010101037000001",
                    "44040202006000001",
                    "ABC",
                    " 44040201037000003",
                    "N/A",
                    "４４０４０２０１０３７０００００１",
                    "",
                ]
            )
        keys = list(properties)
        if rng.random() < 0.3:
            rng.shuffle(keys)
        properties = {key: properties[key] for key in keys if rng.random() > 0.03}
        for column, values in EXTRA_COLUMNS.items():
            if rng.random() < 0.05:
                properties[column] = rng.choice(values)
                keys = list(properties)
                if rng.random() < 0.5:
                    rng.shuffle(keys)
                properties = {key: properties[key] for key in keys}
        features.append(feature_text(properties, random_geometry(rng, placed, lonlat), ensure_ascii=rng.random() < 0.3))
    path.write_text(collection_text(features, epsg=4326 if lonlat else 4547), encoding="utf-8")
    return path


def random_geometry(rng: random.Random, placed: list[tuple[float, float]], lonlat: bool) -> Any:
    base, step = (LONLAT, 1e-5) if lonlat else (XIANGZHOU_XY, 1.0)
    roll = rng.random()
    if roll < 0.15 and placed:
        x, y = rng.choice(placed)
        near = rng.choice([0.1, 0.25, 0.3, 0.49, 0.5]) * (1e-5 if lonlat else 1.0)  # metres, or about that in degrees
        xy = (x + near * rng.choice([-1, 1]), y + rng.choice([0.0, near]))
    elif roll < 0.18:
        return rng.choice([None, {"type": "Point", "coordinates": []}, {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}])
    elif roll < 0.2:
        xy = rng.choice([(0.0, 0.0), (base[1], base[0]), (base[0] + 250_000 * step, base[1])])
    else:
        xy = (base[0] + rng.randint(0, 400) * step * 0.5, base[1] + rng.randint(0, 400) * step * 0.5)
    placed.append(xy)
    if rng.random() < 0.02:
        return point((*xy, 3.0))
    return point(xy)


@needs_scanner
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("exact_limit", [fastpath.EXACT_LIMIT, 0])
def test_random_deliveries_give_the_reference_findings(seed, exact_limit, tmp_path, standard, profile, monkeypatch):
    """exact_limit 0 sends every column through the vectorized tests, as a column with very many distinct values is."""
    monkeypatch.setattr(fastpath, "EXACT_LIMIT", exact_limit)
    path = random_delivery(tmp_path / f"random_{seed}.geojson", seed, 300, lonlat=seed % 3 == 2)
    report = parity(path, standard, profile, "streetlight")
    assert len(report.counts_by_rule()) >= 8


@pytest.mark.parametrize("seed", range(3))
def test_near_others_marks_exactly_the_members_with_a_neighbouring_cell_taken(seed):
    """The same-spot screen's grid against a brute-force look at every pair (clusters, lone points, a cell's edge)."""
    np = fastpath.np
    rng = np.random.default_rng(seed)
    size = 0.5
    centres = rng.uniform(0, 40, (60, 2))
    x = np.concatenate([rng.uniform(0, 40, 300), centres[:, 0] + rng.normal(0, 0.3, 60), [size * 1.001 * 7] * 2])
    y = np.concatenate([rng.uniform(0, 40, 300), centres[:, 1] + rng.normal(0, 0.3, 60), [3.0, 3.0 + size]])
    near = fastpath.ScannedLayer._near_others(x, y, size)
    cx, cy = np.floor(x / (size * 1.001)), np.floor(y / (size * 1.001))
    touching = (np.abs(cx[:, None] - cx[None, :]) <= 1) & (np.abs(cy[:, None] - cy[None, :]) <= 1)
    np.fill_diagonal(touching, False)
    assert near.tolist() == touching.any(axis=1).tolist()
    assert 0 < near.sum() < len(x)


@pytest.mark.parametrize("cardinality", [1, 7, 5000])
def test_unique_inverse_is_numpys(cardinality):
    np = fastpath.np
    values = np.random.default_rng(cardinality).integers(-(2**62), 2**62, cardinality)[np.arange(20000) % cardinality]
    distinct, inverse = fastpath._unique_inverse(values)
    expected, expected_inverse = np.unique(values, return_inverse=True)
    assert distinct.tolist() == expected.tolist() and inverse.tolist() == expected_inverse.reshape(-1).tolist()
