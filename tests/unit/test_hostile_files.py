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


def test_the_error_layer_keeps_columns_that_differ_only_by_case(tmp_path, standard, profile):
    from asset_registry.core.error_layer import write_error_layer
    from asset_registry.core.reader import Delivery

    features = numbered_lights(2)
    for properties, _ in features:
        properties.update({"Remarks": "upper", "remarks": "lower", "chk_rules": "theirs"})
    features[0][0]["lamp_type"] = "BAD"
    path = write_geojson(tmp_path / "lights.geojson", features)
    out = tmp_path / "errors.gpkg"
    assert write_error_layer(validate_delivery(path, standard, profile, "streetlight"), out) == 1
    with Delivery(out) as layer:
        [feature] = list(layer.features())
    assert (feature.attributes["Remarks"], feature.attributes["remarks_2"]) == ("upper", "lower")
    assert feature.attributes["chk_rules"] == "schema.codelist"


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


# -- a wrong mapping is one error, not thousands of findings (issue 16, item 4) -------------------------


def write_mapping(path, body: dict):
    import json

    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_mapping_naming_columns_the_file_lacks_is_refused_naming_them(tmp_path):
    features = numbered_lights(2)
    for properties, _ in features:
        properties["灯杆高度"] = properties.pop("pole_height_m")
    path = write_geojson(tmp_path / "lights.geojson", features)
    mapping = write_mapping(
        tmp_path / "mapping.json",
        {
            "columns": {"灯杆高": "pole_height_m", "OLD_COLUMN": None},  # a typo; a column dropped may be absent
            "templates": {"name": "{STREET} {_n}"},
            "geometry": {"check_x": "LON", "check_y": "LAT"},
            "ignore": ["NOT_THERE"],
        },
    )
    english = assetreg("--lang", "en", "validate", str(path), "--class", "streetlight", "--mapping", str(mapping))
    assert english.returncode == 2 and "Traceback" not in english.stderr, english.stderr
    assert "does not have: 灯杆高, STREET, LON, LAT." in english.stderr
    assert "The file's columns: component_id, name," in english.stderr and "灯杆高度" in english.stderr
    assert "OLD_COLUMN" not in english.stderr and "NOT_THERE" not in english.stderr
    chinese = assetreg("validate", str(path), "--class", "streetlight", "--mapping", str(mapping))
    assert chinese.returncode == 2 and "文件中没有的列：灯杆高、STREET、LON、LAT" in chinese.stderr


@pytest.mark.parametrize("fast", [True, False])
def test_a_value_a_template_cannot_take_is_malformed_not_a_missing_identifier(tmp_path, standard, profile, fast):
    from asset_registry.core.mapping import MappingProfile

    features = numbered_lights(4)
    for (properties, _), serial in zip(features, ["12", "10301A", 7, None], strict=True):
        del properties["component_id"]
        if serial is not None:
            properties["OBJECTID"] = serial
    path = write_geojson(tmp_path / "lights.geojson", features)
    mapping = write_mapping(tmp_path / "mapping.json", {"templates": {"component_id": "44040201037{OBJECTID:06d}"}})
    report = validate_delivery(path, standard, profile, "streetlight", mapping=MappingProfile.load(mapping), fast=fast)
    found = [(f.rule, f.feature, f.field, f.column, f.value) for f in report.findings]
    assert found == [
        ("schema.template_value", 2, "component_id", "OBJECTID", "10301A"),
        ("schema.required", 4, "component_id", None, None),  # no value at all: the identifier is missing
    ]
    message = report.findings[0].message("en")
    assert "'10301A'" in message and "OBJECTID" in message and "44040201037{OBJECTID:06d}" in message
    assert "模板" in report.findings[0].message("zh")


def test_an_unedited_suggest_draft_is_refused_with_what_is_left_to_fill(tmp_path):
    features = numbered_lights(2)
    for properties, _ in features:
        properties["灯种"] = {"LED": "LED灯具"}.get(properties.pop("lamp_type"))
        properties["管理单位"] = properties.pop("competent_dept_name")
    path = write_geojson(tmp_path / "lights.geojson", features)
    draft = tmp_path / "draft.json"
    suggested = assetreg("--lang", "en", "mapping", "suggest", str(path), "--class", "streetlight", "--out", str(draft))
    assert suggested.returncode == 0, suggested.stderr
    result = assetreg("--lang", "en", "validate", str(path), "--mapping", str(draft))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "draft not yet edited" in result.stderr and "constants.lamp_type" in result.stderr
    chinese = assetreg("validate", str(path), "--mapping", str(draft))
    assert chinese.returncode == 2 and "尚待填写" in chinese.stderr and "constants.lamp_type" in chinese.stderr


# -- the same on a real delivery (shared/realdata/dc-streetlights) -----------------------------------------


def dc_mapping(tmp_path, **changes):
    """The example mapping of the DC streetlights, changed, beside its profile."""
    import json
    import shutil

    from asset_registry.paths import PACKAGE_DIR

    example = PACKAGE_DIR.parent / "examples" / "realdata" / "dc-streetlights"
    body = json.loads((example / "mapping.json").read_text(encoding="utf-8"))
    for key, value in changes.items():
        body[key] = {**body.get(key, {}), **value}
    shutil.copy(example / "profile.json", tmp_path / "profile.json")
    return write_mapping(tmp_path / "mapping.json", body)


def test_real_ids_that_are_not_numbers_are_malformed_values_not_missing_identifiers(tmp_path, standard):
    from asset_registry.core.mapping import MappingProfile
    from asset_registry.core.standard import load_profile

    from tests.helpers import shared_file

    # STREETLIGHTID holds "6U077", "24729DC" … in 1,161 of 3,963 rows
    mapping = MappingProfile.load(dc_mapping(tmp_path, templates={"component_id": "90010101037{STREETLIGHTID:06d}"}))
    delivery = shared_file("realdata", "dc-streetlights", "streetlights.csv")
    report = validate_delivery(delivery, standard, load_profile(mapping.profile_name), mapping=mapping)
    malformed = [f for f in report.findings if f.rule == "schema.template_value"]
    assert len(malformed) == 1161 and {f.column for f in malformed} == {"STREETLIGHTID"}
    assert "6U077" in {f.value for f in malformed} and "24729DC" in {f.value for f in malformed}
    assert not [f for f in report.findings if f.rule == "schema.required" and f.field == "component_id"]


def test_a_real_mapping_with_a_misspelt_column_is_refused(tmp_path):
    from tests.helpers import shared_file

    mapping = dc_mapping(tmp_path, columns={"LIGHTTYPE": "lamp_type"})  # the column is LIGHTTYPE_DESC
    delivery = shared_file("realdata", "dc-streetlights", "streetlights.csv")
    result = assetreg("--lang", "en", "validate", str(delivery), "--mapping", str(mapping))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "does not have: LIGHTTYPE." in result.stderr and "LIGHTTYPE_DESC" in result.stderr


def test_an_unedited_draft_for_a_real_delivery_is_refused(tmp_path):
    from tests.helpers import shared_file

    delivery = shared_file("realdata", "dc-streetlights", "streetlights.csv")
    draft = tmp_path / "draft.json"
    assert assetreg("mapping", "suggest", str(delivery), "--class", "streetlight", "--out", str(draft)).returncode == 0
    result = assetreg("--lang", "en", "validate", str(delivery), "--mapping", str(draft))
    assert result.returncode == 2 and "13 entries are still to be filled" in result.stderr, result.stderr
    # geometry.x is no longer left blank: suggest takes XCOORD, named and valued as a longitude
    assert "values.road_class.Principal Arterial" in result.stderr and "templates.component_id" in result.stderr
