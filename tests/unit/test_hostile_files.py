"""Broken or hostile files (issue 16): a clear finding or refusal, never a traceback, nothing garbled."""

from __future__ import annotations

import pytest
from asset_registry.core.validate import validate_delivery

from tests.helpers import XIANGZHOU_XY, numbered_lights, park, square, write_geojson
from tests.unit.test_cli import assetreg


def unclosed(geometry: dict) -> dict:
    """The polygon with the last point of its outer ring left off."""
    rings = geometry["coordinates"]
    return {**geometry, "coordinates": [rings[0][:-1], *rings[1:]]}


# -- an unclosed polygon ring -------------------------------------------------------------------------


@pytest.mark.parametrize("fast", [True, False])
def test_an_unclosed_ring_is_a_finding_naming_its_ends(tmp_path, standard, profile, fast):
    closed = square(452000, 2462000)
    multi = {
        "type": "MultiPolygon",
        "coordinates": [square(452500, 2462000)["coordinates"], unclosed(square(452800, 2462000))["coordinates"]],
    }
    features = [
        (park(component_id="44040204013000001"), closed),
        (park(component_id="44040204013000002"), unclosed(square(452200, 2462000))),
        (park(component_id="44040204013000003"), multi),
    ]
    path = write_geojson(tmp_path / "parks.geojson", features)
    report = validate_delivery(path, standard, profile, "park", fast=fast)
    assert [(f.rule, f.feature) for f in report.findings] == [("geometry.invalid", 2), ("geometry.invalid", 3)]
    second = report.findings[0]
    assert "(452200, 2462000)" in second.message("en") and "(452200, 2462100)" in second.message("en")
    assert "not closed" in second.message("en") and "未闭合" in second.message("zh")


def test_an_unclosed_ring_exits_1_on_the_command_line(tmp_path):
    path = write_geojson(tmp_path / "park.geojson", [(park(), unclosed(square(452000, 2462000)))])
    result = assetreg("--lang", "en", "validate", str(path), "--class", "park")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "GEOSException" not in result.stderr
    assert "geometry.invalid" in result.stdout and "not closed" in result.stdout


# -- a delivery's own "fid" column --------------------------------------------------------------------


@pytest.mark.parametrize("fid", ["A-0001", 7, "12"])
def test_the_error_layer_keeps_a_delivery_column_named_fid(tmp_path, standard, profile, fid):
    from asset_registry.core.error_layer import write_error_layer
    from asset_registry.core.reader import Delivery

    features = numbered_lights(3)
    for properties, _ in features:
        properties["fid"] = fid
    features[1][0]["lamp_type"] = "BAD"
    path = write_geojson(tmp_path / "lights.geojson", features)
    report = validate_delivery(path, standard, profile, "streetlight")
    out = tmp_path / "errors.gpkg"
    assert write_error_layer(report, out) == 1
    with Delivery(out) as layer:
        [feature] = list(layer.features())
    assert (feature.attributes["fid"], feature.attributes["chk_feature"]) == (str(fid), 2)


def test_the_error_layer_command_with_a_text_fid_writes_a_layer(tmp_path):
    features = numbered_lights(2)
    for number, (properties, _) in enumerate(features, start=1):
        properties["FID"] = f"A-{number}"
    features[0][0]["lamp_type"] = "BAD"
    path = write_geojson(tmp_path / "lights.geojson", features)
    out = tmp_path / "errors.gpkg"
    result = assetreg("--lang", "en", "validate", str(path), "--error-layer", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "1 failing features written" in result.stdout
    from asset_registry.core.reader import Delivery

    with Delivery(out) as layer:
        assert [feature.attributes["FID"] for feature in layer.features()] == ["A-1"]


# -- U+0000 in a text -------------------------------------------------------------------------------------

CSV_HEAD = "component_id,name,competent_dept_code,competent_dept_name,grid_code,status,initial_date,lamp_type,road_class,x,y\n"


def csv_rows(count: int, name_of: dict[int, str]) -> str:
    rows = []
    for n in range(1, count + 1):
        name = name_of.get(n, f"路灯{n}")
        common = "11440400MB2C10093Y,局,440402001001001,intact,2020-05-01,LED,arterial"
        rows.append(f"4404020103700000{n},{name},{common},{452000 + 30 * n},2462000\n")
    return CSV_HEAD + "".join(rows)


def write_csv(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "lights.csv"
    path.write_bytes(text.encode(encoding))
    (tmp_path / "mapping.json").write_text('{"geometry": {"crs": "EPSG:4547"}}', encoding="utf-8")
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
@pytest.mark.parametrize("cell", ['"路灯\x002"', "路灯\x002"])
def test_a_nul_byte_in_a_csv_cell_is_a_finding_and_keeps_the_rows_after_it(tmp_path, standard, profile, encoding, cell):
    from asset_registry.core.mapping import MappingProfile
    from asset_registry.core.reader import Delivery

    path = write_csv(tmp_path, csv_rows(5, {2: cell}), encoding)
    with Delivery(path) as delivery:
        names = [feature.attributes["name"] for feature in delivery.features()]
    assert names == ["路灯1", "路灯␀2", "路灯3", "路灯4", "路灯5"]
    report = validate_delivery(path, standard, profile, "streetlight", mapping=MappingProfile.load(tmp_path / "mapping.json"))
    assert report.feature_count == 5
    errors = [(f.rule, f.feature, f.field, f.column) for f in report.errors]
    assert errors == [("schema.nul_character", 2, "name", "name")]
    assert "U+0000" in report.errors[0].message("en") and "'路灯␀2'" in report.errors[0].message("en")
    assert "空字符" in report.errors[0].message("zh")


@pytest.mark.parametrize("fast", [True, False])
def test_an_escaped_nul_in_geojson_is_a_finding_with_the_whole_value(tmp_path, standard, profile, fast):
    features = numbered_lights(3)
    features[1][0]["road_name"] = "人民\u0000路"
    features[2][0]["remarks"] = "C:\\u0000 is a path, not a NUL"  # an escaped backslash: text
    features[0][0]["施工单位"] = "\u0000"  # a column the standard does not know is reported too
    path = write_geojson(tmp_path / "lights.geojson", features)
    report = validate_delivery(path, standard, profile, "streetlight", fast=fast)
    nul = [(f.feature, f.field, f.column, f.value) for f in report.findings if f.rule == "schema.nul_character"]
    assert nul == [(1, None, "施工单位", "␀"), (2, "road_name", "road_name", "人民␀路")]
    assert [f.rule for f in report.errors] == ["schema.nul_character"] * 2


# -- the extent check looks at the whole geometry ---------------------------------------------------------


def test_a_road_reaching_far_out_of_the_city_is_outside_its_extent(tmp_path, standard, profile):
    from tests.helpers import road

    x, y = XIANGZHOU_XY
    roads = [
        (road(component_id="44040200000000001"), {"type": "LineString", "coordinates": [[x, y], [x + 500, y]]}),
        (road(component_id="44040200000000002"), {"type": "LineString", "coordinates": [[x - 1e9, y], [x + 1e9, y]]}),
        (road(component_id="44040200000000003"), {"type": "LineString", "coordinates": [[x, y], [x + 1e9, y]]}),
        (  # a short stray part far away: the centroid moves 500 m, and stays in the city
            road(component_id="44040200000000004"),
            {"type": "MultiLineString", "coordinates": [[[x, y], [x + 20_000, y]], [[x, y + 1e6], [x + 10, y + 1e6]]]},
        ),
    ]
    path = write_geojson(tmp_path / "roads.geojson", roads)
    report = validate_delivery(path, standard, profile, "road_segment")
    found = [(f.rule, f.feature, f.value) for f in report.findings]
    assert found == [
        ("geometry.outside_extent", 2, "(-9.99548e+08, 2.462e+06)"),
        ("geometry.outside_extent", 3, "(5.00452e+08, 2.462e+06)"),  # its centroid, as before
        ("geometry.outside_extent", 4, "(452000, 3.462e+06)"),
    ]


def test_a_park_reaching_out_of_the_city_is_outside_its_extent(tmp_path, standard, profile):
    x, y = XIANGZHOU_XY
    wide = square(x - 2e6, y - 50, width=4e6, height=100)  # its centroid is in the city, its ends are not
    path = write_geojson(tmp_path / "parks.geojson", [(park(), square(x, y)), (park(component_id="44040204013000002"), wide)])
    report = validate_delivery(path, standard, profile, "park")
    assert [(f.rule, f.feature) for f in report.findings] == [("geometry.outside_extent", 2)]


# -- a DSN naming the local server while it is stopped -----------------------------------------------------


def test_a_dsn_naming_a_local_server_that_is_not_running_says_how_to_start_it(tmp_path):
    env = {"ASSETREG_PGDATA": str(tmp_path / "pg"), "ASSETREG_PGPORT": "55497"}
    dsn = f"host={tmp_path / 'pg'} port=55497 dbname=registry user=li_ming"
    english = assetreg("--lang", "en", "db", "status", "--dsn", dsn, env=env)
    assert english.returncode == 2 and "Traceback" not in english.stderr, english.stderr
    assert "is not running" in english.stderr and "assetreg server start" in english.stderr
    chinese = assetreg("db", "status", "--dsn", dsn, env=env)
    assert chinese.returncode == 2 and "没有运行" in chinese.stderr and "assetreg server start" in chinese.stderr
    elsewhere = assetreg("--lang", "en", "db", "status", "--dsn", dsn.replace("/pg", "/other"), env=env)
    assert elsewhere.returncode == 2 and "assetreg server start" not in elsewhere.stderr  # not the local server
