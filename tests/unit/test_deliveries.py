"""Real deliveries (issue 16): tolerances in metres whatever the CRS, same geometries in every family."""

from __future__ import annotations

import json

import pytest
from asset_registry.core.geometry_checks import LISTED_MEMBERS, Ruler, members_text
from asset_registry.core.standard import load_profile
from asset_registry.core.validate import validate_delivery
from asset_registry.paths import PACKAGE_DIR
from osgeo import osr

from tests.helpers import ROAD_LINE, XIANGZHOU_XY, bridge, park, road, square, tree, write_geojson

ARTESIA = PACKAGE_DIR.parent / "examples" / "realdata" / "la-artesia-trees" / "profile.json"
US_FOOT = 0.3048006096  # the US survey foot of EPSG:2229
# a spot in Artesia CA, in EPSG:2229 (State Plane California V, US feet) and in WGS 84
ARTESIA_FT = (6535860.0, 1773260.0)


def city_profile(tmp_path, registry_crs: str):
    """The Artesia test profile with another registry CRS."""
    path = tmp_path / "profile.json"
    body = {"extends": str(ARTESIA), "id": "artesia_registry", "registry_crs": registry_crs}
    path.write_text(json.dumps(body), encoding="utf-8")
    return load_profile(str(path))


def findings(report, rule: str) -> list[tuple]:
    return [(f.feature, f.detail) for f in report.findings if f.rule == rule]


def trees_apart(tmp_path, metres: float, epsg: int = 2229):
    """Three trees in Artesia: the second ``metres`` east of the first, the third 50 m away."""
    feet = metres / US_FOOT
    x, y = ARTESIA_FT
    features = [(tree(), (x, y)), (tree(), (x + feet, y)), (tree(), (x + 50 / US_FOOT, y))]
    return write_geojson(tmp_path / "trees.geojson", features, epsg)


@pytest.mark.parametrize("registry_crs", ["EPSG:2229", "EPSG:4326", "EPSG:26911"])
@pytest.mark.parametrize(("metres", "reported"), [(0.17, True), (0.42, True), (0.6, False)])
def test_same_spot_tolerance_is_metres_in_a_registry_in_feet_degrees_or_metres(
    tmp_path, standard, registry_crs, metres, reported
):
    # a tree's accuracy class A is 0.5 m; 0.42 m is 1.38 US feet, 4.5e-6 degrees, 0.42 UTM metres
    profile = city_profile(tmp_path, registry_crs)
    report = validate_delivery(trees_apart(tmp_path, metres), standard, profile, "tree")
    assert findings(report, "record.same_spot") == ([(2, 1)] if reported else [])


@pytest.mark.parametrize("registry_crs", ["EPSG:2229", "EPSG:4326"])
def test_attribute_coordinates_tolerance_is_one_metre_in_feet_and_degrees(tmp_path, standard, registry_crs):
    # the check columns 0.8 m (2.6 ft) off the geometry agree, 1.6 m off disagree, whatever the registry's unit
    x, y = ARTESIA_FT
    features = [
        (tree(x_ft=x + 0.8 / US_FOOT, y_ft=y), (x, y)),
        (tree(x_ft=x + 101.6 / US_FOOT, y_ft=y), (x + 100 / US_FOOT, y)),
    ]
    path = write_geojson(tmp_path / "trees.geojson", features, 2229)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"family": "tree", "geometry": {"check_x": "x_ft", "check_y": "y_ft"}}), encoding="utf-8")
    from asset_registry.core.mapping import MappingProfile

    report = validate_delivery(path, standard, city_profile(tmp_path, registry_crs), "tree", mapping=MappingProfile.load(mapping))
    mismatches = [(f.feature, f.detail) for f in report.findings if f.rule == "geometry.attribute_mismatch"]
    assert mismatches == [(2, "2")]  # 1.6 m shown to the metre, not 5.2 ft


def test_ruler_measures_metres_on_the_ellipsoid_for_degrees():
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    ruler = Ruler(wgs84, 34.0)
    # 1e-5 degree of longitude at 33.86° N is 0.925 m on WGS 84 (geodesic, GeographicLib), of latitude 1.109 m
    assert ruler.distance(-118.1, 33.86, -118.09999, 33.86) == pytest.approx(0.9255, abs=0.001)
    assert ruler.distance(-118.1, 33.86, -118.1, 33.86001) == pytest.approx(1.1092, abs=0.001)
    width, height = ruler.cell(0.5)
    assert ruler.distance(0, 33.0, width, 33.0) >= 0.5 and ruler.distance(0, 34.9, 0, 34.9 + height) >= 0.5
    feet = osr.SpatialReference()
    feet.ImportFromEPSG(2229)
    assert Ruler(feet).distance(0, 0, 1, 0) == pytest.approx(US_FOOT)


def test_artesia_trees_half_a_metre_apart_are_the_same_spot_in_a_registry_in_feet(standard):
    # the real Artesia registry is in US feet: features 181 and 1282 stand 0.476 m and 0.486 m from
    # 161 and 1281 (1.56 and 1.60 ft, OGR's distance), which the 0.5-unit comparison let pass
    from tests.unit.test_realdata import validate

    report = validate("la-artesia-trees", "artesia.shp", standard)
    same = findings(report, "record.same_spot")
    assert (181, 161) in same and (1282, 1281) in same
    assert all(f.value == 0.5 for f in report.findings if f.rule == "record.same_spot")


# -- same geometries, every family ---------------------------------------------------------------


def test_parks_repeated_or_nearly_are_one_finding_per_cluster(tmp_path, standard, profile):
    x, y = XIANGZHOU_XY
    features = [
        (park(), square(x, y)),  # 1
        (park(), square(x + 1000, y)),  # 2: another park
        (park(), square(x, y)),  # 3: the same as 1
        (park(), square(x + 0.4, y + 0.3)),  # 4: 0.5 m off 1 (class B: 1 m)
        (park(), square(x + 5, y)),  # 5: 5 m off
        (park(), square(x - 20, y - 20, 140)),  # 6: the same centroid, a larger park
        (park(), square(x + 1000, y)),  # 7: the same as 2
    ]
    report = validate_delivery(write_geojson(tmp_path / "parks.geojson", features), standard, profile, "park")
    assert findings(report, "record.same_geometry") == [(1, "1, 3, 4"), (2, "2, 7")]
    first = next(f for f in report.findings if f.rule == "record.same_geometry")
    assert first.value == 1.0 and first.component_id == "44040204013000001"
    assert first.message("zh").startswith("第 1, 3, 4 个要素的几何相同或几乎相同")
    assert "Features 1, 3, 4 have the same" in first.message("en")


def test_roads_drawn_twice_even_reversed_are_one_finding(tmp_path, standard, profile):
    reversed_line = {"type": "LineString", "coordinates": list(reversed(ROAD_LINE["coordinates"]))}
    parallel = {"type": "LineString", "coordinates": [[452000, 2462003], [452500, 2462003]]}  # 3 m beside
    features = [(road(), ROAD_LINE), (road(), parallel), (road(), reversed_line)]
    report = validate_delivery(write_geojson(tmp_path / "roads.geojson", features), standard, profile, "road_segment")
    assert findings(report, "record.same_geometry") == [(1, "1, 3")]


def test_a_bridge_repeated_fifteen_times_is_one_finding_naming_them(tmp_path, standard, profile):
    x, y = XIANGZHOU_XY
    features = [(bridge(), (x + 0.5 * n, y)) for n in range(15)]  # class C: 10 m
    features.append((bridge(), (x + 200, y)))
    report = validate_delivery(write_geojson(tmp_path / "bridges.geojson", features), standard, profile, "bridge")
    assert findings(report, "record.same_geometry") == [(1, ", ".join(str(n) for n in range(1, 16)))]


def test_many_members_are_named_up_to_a_limit():
    assert members_text(list(range(1, LISTED_MEMBERS + 6))).endswith(f"{LISTED_MEMBERS}, … (+5)")


def test_inspections_at_one_spot_are_no_same_geometry(tmp_path, standard, profile):
    # repeated visits to one place are what inspections are: no cluster for a record
    from tests.helpers import XIANGZHOU_XY as xy

    inspection = {"inspection_id": "I-1", "kind": "road_survey", "inspected_at": "2026-04-20T10:00:00+08:00", "pci": 90}
    features = [(inspection, xy), (dict(inspection, inspection_id="I-2"), xy)]
    report = validate_delivery(write_geojson(tmp_path / "inspections.geojson", features), standard, profile, "inspection")
    assert findings(report, "record.same_geometry") == []


def test_columbus_bridges_repeated_in_the_real_delivery(standard):
    # two bridges of the real Columbus delivery are each there twice within 10 m (class C)
    from tests.unit.test_realdata import validate

    report = validate("columbus-bridges", "bridges.geojson", standard)
    assert findings(report, "record.same_geometry") == [(373, "373, 720"), (378, "378, 632")]


def test_a_polygon_delivered_thousands_of_times_is_one_cluster(tmp_path, standard, profile):
    # exact repeats are not filed for comparison, so this stays linear; the finding names the first 20
    x, y = XIANGZHOU_XY
    features = [(park(), square(x, y)) for _ in range(3000)] + [(park(), square(x + 500, y))]
    report = validate_delivery(write_geojson(tmp_path / "parks.geojson", features), standard, profile, "park")
    clusters = findings(report, "record.same_geometry")
    assert len(clusters) == 1 and clusters[0][0] == 1
    assert clusters[0][1] == ", ".join(map(str, range(1, 21))) + ", … (+2980)"


# -- the city's required fields and placeholders ------------------------------------------------


def bridge_without(*names: str, **changes):
    return {key: value for key, value in bridge(**changes).items() if key not in names}


@pytest.mark.parametrize("placeholder", [0, -1, 9999, "9999", "0.0", " -1 ", "未知"])
def test_a_declared_placeholder_is_reported_and_never_taken_as_a_rating(tmp_path, standard, profile, placeholder):
    # Zhuhai declares 0, -1, 9999 and 未知 "not recorded" for a bridge's BCI and requires its grade
    features = [(bridge_without("bci_grade", bci=placeholder), XIANGZHOU_XY)]
    report = validate_delivery(write_geojson(tmp_path / "b.geojson", features), standard, profile, "bridge")
    found = [(f.rule, f.field, f.value) for f in report.findings]
    assert found == [
        ("schema.placeholder", "bci", placeholder),
        ("schema.profile_required", "bci_grade", None),
    ]
    required = report.findings[1]
    assert required.message("zh") == "珠海市的城市配置要求填写“技术状况等级”，此要素未填写或只填了占位值。"
    assert "Zhuhai requires 'Condition grade'" in required.message("en")


def test_a_rating_that_is_no_placeholder_is_kept(tmp_path, standard, profile):
    from asset_registry.core.mapping import FieldMapper

    mapper = FieldMapper(standard.family("bridge"), standard, ["bci", "built_year"], city=profile)
    assert mapper.map({"bci": 0.5, "built_year": "1998"}).properties == {"bci": 0.5, "built_year": 1998}
    mapped = mapper.map({"bci": "0", "built_year": 0})
    assert mapped.properties == {}
    assert [(p.field, p.value) for p in mapped.placeholders] == [("bci", "0"), ("built_year", 0)]
    assert FieldMapper(standard.family("bridge"), standard, ["bci"]).map({"bci": 0}).properties == {"bci": 0}  # no city


def test_a_bridge_with_its_grade_passes_the_city_requirement(tmp_path, standard, profile):
    report = validate_delivery(write_geojson(tmp_path / "b.geojson", [(bridge(), XIANGZHOU_XY)]), standard, profile, "bridge")
    assert report.findings == []


def test_city_checks_of_a_point_family_leave_the_fast_path_to_the_reference(tmp_path, standard):
    # a city requiring a tree's girth and declaring 0 as "not measured": the fast path (point families)
    # must not clear such a tree; both paths give the same findings
    path = tmp_path / "profile.json"
    checks = {"required": {"tree": ["girth_cm"]}, "placeholders": {"girth_cm": [0]}}
    path.write_text(json.dumps({"extends": "zhuhai", "id": "girths", "delivery_checks": checks}), encoding="utf-8")
    city = load_profile(str(path))
    x, y = XIANGZHOU_XY
    features = [(tree(component_id=f"44040204002{n:06d}", girth_cm=g), (x + 10 * n, y)) for n, g in enumerate([120, 0], 1)]
    features.append((tree(component_id="44040204002000003"), (x + 40, y)))
    delivery = write_geojson(tmp_path / "trees.geojson", features)
    expected = [
        (2, "schema.placeholder", "girth_cm"),
        (2, "schema.profile_required", "girth_cm"),
        (3, "schema.profile_required", "girth_cm"),
    ]
    for fast in (True, False):
        report = validate_delivery(delivery, standard, city, "tree", fast=fast)
        assert [(f.feature, f.rule, f.field) for f in report.findings] == expected


# -- encodings of CSV and GeoJSON, zips in zips ------------------------------------------------


def gbk_csv_with_utf8_value(tmp_path, row: int, name: str):
    from tests.unit.test_hostile_files import csv_rows, write_csv

    path = write_csv(tmp_path, "")
    names = {n: f"人民路路灯{n}号" for n in range(1, 6)}
    names[row] = name
    data = csv_rows(5, names).encode("gbk").replace(name.encode("gbk"), name.encode("utf-8"))
    path.write_bytes(data)
    return path


def test_a_gbk_csv_with_one_utf8_value_reports_that_value_only(tmp_path, standard, profile):
    from asset_registry.core.mapping import MappingProfile
    from asset_registry.core.reader import Delivery

    path = gbk_csv_with_utf8_value(tmp_path, 3, "凤凰路路灯三号")
    with Delivery(path) as delivery:
        read = [f.attributes["name"] for f in delivery.features()]
        assert delivery.mixed_encoding and delivery.text_encoding == "GB18030"
    # the GBK names read right; the UTF-8 one is not read as the GB18030 characters its bytes also make
    assert read[:2] == ["人民路路灯1号", "人民路路灯2号"] and read[3:] == ["人民路路灯4号", "人民路路灯5号"]
    assert read[2] == "\ufffd"
    report = validate_delivery(path, standard, profile, "streetlight", mapping=MappingProfile.load(tmp_path / "mapping.json"))
    assert [(f.rule, f.feature, f.column) for f in report.errors] == [("schema.mixed_encoding", 3, "name")]
    assert "不属于文件编码 GB18030 的字节" in report.errors[0].message("zh")
    assert "not in the file's encoding GB18030" in report.errors[0].message("en")
    assert "file.encoding_guessed" in report.counts_by_rule()


def test_a_gbk_geojson_with_one_utf8_value_reports_that_value_only(tmp_path, standard, profile):
    from tests.helpers import numbered_lights

    features = numbered_lights(4)
    for n, (properties, _) in enumerate(features):
        properties["road_name"] = ["凤凰路", "情侣路", "迎宾南路", "景山路"][n]
    path = write_geojson(tmp_path / "lights.geojson", features)
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gbk").replace("迎宾南路".encode("gbk"), "迎宾南路".encode()))
    for fast in (True, False):
        report = validate_delivery(path, standard, profile, "streetlight", fast=fast)
        assert [(f.rule, f.feature, f.column) for f in report.errors] == [("schema.mixed_encoding", 3, "road_name")]


def test_a_whole_gbk_csv_gives_no_mixed_value(tmp_path, standard, profile):
    from asset_registry.core.reader import Delivery

    from tests.unit.test_hostile_files import csv_rows, write_csv

    path = write_csv(tmp_path, csv_rows(5, {n: f"人民路路灯{n}号" for n in range(1, 6)}), "gbk")
    with Delivery(path) as delivery:
        assert [f.attributes["name"] for f in delivery.features()][2] == "人民路路灯3号"
        assert not delivery.mixed_encoding


@pytest.mark.parametrize(("encoding", "shown"), [("big5", "Big5")])
def test_a_csv_in_another_multibyte_encoding_is_refused_naming_it(tmp_path, standard, profile, encoding, shown):
    from asset_registry.core.errors import InputError
    from asset_registry.core.mapping import MappingProfile

    from tests.unit.test_hostile_files import csv_rows, write_csv

    names = {n: name for n, name in enumerate(["臺北市路燈", "信義路燈桿", "忠孝東路燈", "復興南路燈", "敦化北路燈"], 1)}
    path = write_csv(tmp_path, csv_rows(5, names), encoding)  # Big5 bytes are GB18030 pairs too: garbled if read so
    with pytest.raises(InputError) as refused:
        validate_delivery(path, standard, profile, "streetlight", mapping=MappingProfile.load(tmp_path / "mapping.json"))
    assert refused.value.exit_code == 2
    assert f"看来是 {shown} 编码" in refused.value.zh and f"appears to be in {shown}" in refused.value.en


def test_a_zip_holding_only_a_zip_is_refused_clearly(tmp_path, standard, profile):
    import zipfile

    from asset_registry.core.errors import InputError

    from tests.helpers import numbered_lights

    inner = tmp_path / "lights.zip"
    with zipfile.ZipFile(inner, "w") as archive:
        archive.write(write_geojson(tmp_path / "lights.geojson", numbered_lights(2)), "lights.geojson")
    outer = tmp_path / "delivery.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.write(inner, "data/lights.zip")
    with pytest.raises(InputError) as refused:
        validate_delivery(outer, standard, profile, "streetlight")
    assert refused.value.exit_code == 2
    assert "data/lights.zip" in refused.value.en and "zip inside a zip" in refused.value.en
    assert "压缩包中的压缩包" in refused.value.zh


# -- reports that open ------------------------------------------------------------------------------


def many_findings(count: int = 50_000):
    from asset_registry.core.report import Report

    report = Report("/deliveries/lights.geojson", "lights", "streetlight", "zhuhai", "1.1", feature_count=count)
    for n in range(1, count + 1):
        if n % 3:
            report.add("schema.required", n, field="lamp_type", label={"zh": "灯具类型", "en": "Lamp type"})
        else:
            report.add("record.same_spot", n, component_id=f"44040201037{n:06d}", value=0.5, detail=n - 1)
    return report


def peak_megabytes(action) -> float:
    import tracemalloc

    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_the_json_report_is_streamed_the_same_text_in_flat_memory(tmp_path):
    report = many_findings()
    path = tmp_path / "report.json"
    peak = peak_megabytes(lambda: report.write_json(path))
    assert path.read_text(encoding="utf-8") == json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    # the whole dump held every finding's dictionary and the 22 MB text at once (about 200 MB here)
    assert path.stat().st_size > 20e6 and peak < 10


def test_an_empty_and_a_small_json_report_are_the_same_text_as_before(tmp_path, standard, profile):
    from tests.helpers import light

    for features in ([], [(light(lamp_type="钠灯X"), XIANGZHOU_XY), (light(), None)]):
        report = validate_delivery(write_geojson(tmp_path / "d.geojson", features), standard, profile, "streetlight")
        report.write_json(tmp_path / "r.json")
        assert (tmp_path / "r.json").read_text(encoding="utf-8") == json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def test_an_html_report_of_50000_findings_is_a_small_page_with_pages_per_rule(tmp_path):
    import re

    from asset_registry.core.report_html import INLINE_FINDINGS, PAGE_ROWS, write_html

    report = many_findings()
    path = tmp_path / "report.html"
    peak = peak_megabytes(lambda: write_html(report, path))
    main = path.read_text(encoding="utf-8")
    assert len(main.encode()) < 20_000 and peak < 20  # was an 18 MB page
    assert '<a href="report_findings/schema.required-1.html">schema.required</a>' in main
    assert "共 50000 条问题，按规则分页列出" in main and "50000 findings, listed per rule" in main
    pages = sorted((tmp_path / "report_findings").iterdir())
    assert len(pages) == -(-33_334 // PAGE_ROWS) + -(-16_666 // PAGE_ROWS)
    features = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert len(text.encode()) < 300_000 and "<script" not in text
        features += [int(n) for n in re.findall(r'<tr class="\w+"><td>(\d+)</td>', text)]
    assert sorted(features) == list(range(1, 50_001))  # each finding on one page, once
    first = (tmp_path / "report_findings" / "record.same_spot-1.html").read_text(encoding="utf-8")
    assert 'href="record.same_spot-2.html"' in first and 'href="../report.html"' in first
    assert "第 1 / 34 页（共 16666 条）" in first and "与第 2 个要素位于同一位置" in first
    last = (tmp_path / "report_findings" / "record.same_spot-34.html").read_text(encoding="utf-8")
    assert 'href="record.same_spot-33.html"' in last and "record.same_spot-35" not in last
    # a report up to INLINE_FINDINGS findings stays one page holding them all
    small = many_findings(INLINE_FINDINGS)
    write_html(small, tmp_path / "small.html")
    assert not (tmp_path / "small_findings").exists() and '<script id="data"' in (tmp_path / "small.html").read_text()


# -- conversions contractors need -------------------------------------------------------------------


def mapper_for(standard, family: str, columns: list[str], body: dict, city=None):
    from asset_registry.core.mapping import FieldMapper, MappingProfile

    profile = MappingProfile(
        values=body.get("values", {}),
        units={name: spec["from"] for name, spec in body.get("units", {}).items()},
        dates=body.get("dates", {}),
    )
    return FieldMapper(standard.delivery_class(family), standard, columns, profile, city=city)


def test_epoch_seconds_and_milliseconds_are_dates_of_the_city(standard, profile):
    # 1,700,000,000 s is 2023-11-14 22:13:20 UTC: already the 15th in Zhuhai (UTC+8)
    dates = {"initial_date": "epoch_s", "change_date": "epoch_ms"}
    mapper = mapper_for(standard, "streetlight", ["initial_date", "change_date"], {"dates": dates}, city=profile)
    mapped = mapper.map({"initial_date": 1_700_000_000, "change_date": "1700000000000"}).properties
    assert mapped == {"initial_date": "2023-11-15", "change_date": "2023-11-15"}
    inspection = mapper_for(standard, "inspection", ["inspected_at"], {"dates": {"inspected_at": "epoch_ms"}}, city=profile)
    assert inspection.map({"inspected_at": 1_700_000_000_000}).properties == {"inspected_at": "2023-11-15T06:13:20+08:00"}
    assert mapper.map({"initial_date": "soon"}).properties == {"initial_date": "soon"}  # left for the date check


def test_a_year_is_taken_from_a_date(standard):
    mapper = mapper_for(standard, "bridge", ["built_year"], {"dates": {"built_year": "%m/%d/%Y %H:%M:%S"}})
    assert mapper.map({"built_year": "4/22/1998 0:00:00"}).properties == {"built_year": 1998}


def test_diameter_becomes_girth_and_feet_and_inches_the_fields_own_unit(standard):
    tree_units = {"girth_cm": {"from": "diameter_in"}, "height_m": {"from": "ft"}, "crown_ew_m": {"from": "cm"}}
    mapper = mapper_for(standard, "tree", ["girth_cm", "height_m", "crown_ew_m"], {"units": tree_units})
    assert mapper.map({"girth_cm": 12}).properties == {"girth_cm": 95.756}  # 12 in across: 30.48 cm × π
    assert mapper.map({"girth_cm": "30 diameter_cm"}).properties == {"girth_cm": 94.248}
    assert mapper.map({"height_m": "5'6\""}).properties == {"height_m": 1.676}
    assert mapper.map({"height_m": "20 ft 3 in"}).properties == {"height_m": 6.172}
    assert mapper.map({"height_m": ".5"}).properties == {"height_m": 0.152}  # half a foot
    assert mapper.map({"crown_ew_m": "450"}).properties == {"crown_ew_m": 4.5}
    # inches into a field in centimetres: 40 in is 101.6 cm (it used to be written as 1.016, the metres)
    inches = mapper_for(standard, "tree", ["girth_cm"], {"units": {"girth_cm": {"from": "in"}}})
    assert inches.map({"girth_cm": 40}).properties == {"girth_cm": 101.6}


def test_numbers_like_point_five_are_numbers(standard):
    mapper = mapper_for(standard, "streetlight", ["pole_height_m", "lamp_power_w"], {})
    assert mapper.map({"pole_height_m": ".5", "lamp_power_w": "-.5"}).properties == {"pole_height_m": 0.5, "lamp_power_w": -0.5}


def test_value_maps_match_without_case_or_edge_spaces(standard):
    values = {"lamp_type": {"High Pressure Sodium": "HPS", "LED": "LED", "led": "LED"}}
    mapper = mapper_for(standard, "streetlight", ["lamp_type"], {"values": values})
    assert [
        mapper.map({"lamp_type": v}).properties["lamp_type"] for v in ("HIGH PRESSURE SODIUM ", "high pressure sodium", "Led")
    ] == [
        "HPS",
        "HPS",
        "LED",
    ]


@pytest.mark.parametrize(("check_crs", "mismatches"), [("EPSG:4326", []), (None, [1])])
def test_check_columns_in_latitude_and_longitude_beside_a_projected_layer(tmp_path, standard, profile, check_crs, mismatches):
    from asset_registry.core.mapping import MappingProfile
    from osgeo import osr as gdal_osr

    from tests.helpers import light

    source, target = gdal_osr.SpatialReference(), gdal_osr.SpatialReference()
    source.ImportFromEPSG(4547)
    target.ImportFromEPSG(4326)
    for srs in (source, target):
        srs.SetAxisMappingStrategy(gdal_osr.OAMS_TRADITIONAL_GIS_ORDER)
    lon, lat = gdal_osr.CoordinateTransformation(source, target).TransformPoint(*XIANGZHOU_XY)[:2]
    path = write_geojson(tmp_path / "lights.geojson", [(light(lon=f"{lon:.7f}", lat=f"{lat:.7f}"), XIANGZHOU_XY)])
    geometry = {"check_x": "lon", "check_y": "lat"} | ({"check_crs": check_crs} if check_crs else {})
    (tmp_path / "mapping.json").write_text(json.dumps({"geometry": geometry}), encoding="utf-8")
    report = validate_delivery(path, standard, profile, "streetlight", mapping=MappingProfile.load(tmp_path / "mapping.json"))
    assert [f.feature for f in report.findings if f.rule == "geometry.attribute_mismatch"] == mismatches


def test_artesia_measured_diameters_in_inches_become_girths(standard):
    from collections import Counter

    from tests.unit.test_realdata import validate

    report = validate("la-artesia-trees", "artesia.shp", standard)
    # 245 trees have ACTUALDBH (inches, as text): none of them is refused as a girth
    assert Counter(f.field for f in report.findings if f.field == "girth_cm") == Counter()
    from asset_registry.core.mapping import FieldMapper, MappingProfile

    mapping = MappingProfile.load(PACKAGE_DIR.parent / "examples" / "realdata" / "la-artesia-trees" / "mapping.json")
    mapper = FieldMapper(standard.family("tree"), standard, ["ACTUALDBH"], mapping)
    assert mapper.map({"ACTUALDBH": "22"}).properties["girth_cm"] == 175.552  # 22 in across


# -- mapping suggest explains ------------------------------------------------------------------------


def test_suggest_gives_evidence_and_its_floor_and_no_identifier_from_a_serial(standard):
    from asset_registry.core.suggest import CONFIDENCE_FLOOR, suggest_mapping

    from tests.helpers import shared_file

    dc = suggest_mapping(shared_file("realdata", "dc-streetlights", "streetlights.csv"), standard, "streetlight")
    confidence, why = dc.evidence["WATTAGE1"]
    assert confidence >= CONFIDENCE_FLOOR and "'wattage'" in why.text("en") and "“wattage”" in why.text("zh")
    assert all(confidence >= CONFIDENCE_FLOOR for confidence, _ in dc.evidence.values())
    # OID_ (1, 2, 3 …) is no 17-digit identifier: dropped knowingly, its template left to fill
    assert dc.draft["columns"]["OID_"] is None and dc.draft["templates"] == {"component_id": ""}
    assert "only 0 of 2000 sampled values fit" in dc.refused["OID_"].text("en")
    explained = dc.explain("zh")
    assert "低于 0.60 的不提议" in explained and "OID_: 未提议为 component_id" in explained

    columbus = suggest_mapping(shared_file("realdata", "columbus-bridges", "bridges.geojson"), standard, "bridge")
    assert columbus.draft["geometry"] == {"check_x": "LONGITUDE", "check_y": "LATITUDE"}  # the layer is in degrees too
    assert columbus.guessed == {"STRUC_TYPE": "structure_type"}  # not TYPE (the owner), nor DECK as a width
    assert "OBJECTID" in columbus.refused

    artesia = suggest_mapping(shared_file("realdata", "la-artesia-trees", "artesia.shp"), standard, "tree")
    assert "TREE" not in artesia.guessed  # "tree" lies inside "streetcode" by chance only


def test_suggest_takes_shape_area_before_an_empty_area_column_in_the_layers_unit(tmp_path, standard):
    from asset_registry.core.suggest import suggest_mapping

    x, y = ARTESIA_FT
    features = [
        ({"NAME": f"Park {n}", "AREA_": None, "SHAPE_Area": 10_000.0 + n, "lat": 33.86, "lon": -118.08}, square(x + 500 * n, y))
        for n in range(5)
    ]
    path = write_geojson(tmp_path / "parks.geojson", features, 2229)
    suggestion = suggest_mapping(path, standard, "park")
    assert suggestion.guessed["SHAPE_Area"] == "area_m2" and "AREA_" not in suggestion.guessed
    assert suggestion.draft["units"]["area_m2"] == {"from": "sqft"}  # a layer in US feet measures square feet
    assert suggestion.evidence["SHAPE_Area"][1].id == "deliveries.suggest.gis_measure"
    # latitude and longitude beside a projected geometry: check columns in their own CRS
    assert suggestion.draft["geometry"] == {"check_x": "lon", "check_y": "lat", "check_crs": "EPSG:4326"}


# -- the standard's example deliveries ---------------------------------------------------------------

EXAMPLES_DIR = PACKAGE_DIR.parent / "standards" / "1.1" / "examples"
EXPECTED = json.loads((EXAMPLES_DIR / "expected.json").read_text(encoding="utf-8"))["examples"]


def test_every_family_has_a_valid_and_an_invalid_example(standard):
    assert set(EXPECTED) == set(standard.families)


@pytest.mark.parametrize("family", sorted(EXPECTED))
def test_the_valid_example_passes_without_a_finding(family, standard, profile):
    report = validate_delivery(EXAMPLES_DIR / EXPECTED[family]["valid"], standard, profile, family)
    assert report.findings == [] and report.feature_count >= 2


@pytest.mark.parametrize("family", sorted(EXPECTED))
def test_the_invalid_example_trips_exactly_its_rules(family, standard, profile):
    report = validate_delivery(EXAMPLES_DIR / EXPECTED[family]["invalid"], standard, profile, family)
    assert sorted(report.counts_by_rule()) == EXPECTED[family]["rules"]
    assert not report.is_valid or all(rule.startswith("record.") for rule in EXPECTED[family]["rules"])
