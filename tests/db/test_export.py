"""Export: the registry written out as a delivery that validates and imports back unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from asset_registry.core.errors import InputError
from asset_registry.core.validate import validate_delivery
from asset_registry.storage.exporter import FORMATS, export_family
from asset_registry.storage.importing import import_delivery
from psycopg2 import sql
from shapely import wkb

from tests.db.conftest import query
from tests.helpers import COMMON, XIANGZHOU_XY, light, square, write_geojson
from tests.unit.test_cli import assetreg

X, Y = XIANGZHOU_XY
HOSTILE = "x'); DROP TABLE assetreg.streetlight; --"
HOSTILE_NAME = '路"\\,;\n名'


# one valid feature or two of every family: every JSON type of the standard (text, code, date,
# integer, number, boolean) and every kind of geometry (point, line, multi-line, polygon)
DELIVERIES: dict[str, list[tuple[dict[str, Any], Any]]] = {
    "streetlight": [
        (light(component_id="44040201037000001", remarks=HOSTILE, road_name=HOSTILE_NAME, lamp_count=2), (X + 0.125, Y)),
        (light(component_id="44040201037000002", lamp_power_w=None, change_date="2023-01-02", status="damaged"), (X + 30, Y)),
    ],
    "road_segment": [
        (
            {
                **COMMON,
                "component_id": "44040200000000001",
                "road_name": "人民路",
                "road_class": "arterial",
                "pavement_type": "asphalt",
                "pci": 92.5,
                "condition_grade": "A",
                "lanes": 4,
                "survey_date": "2023-06-30",
                "remarks": "引号 ' 和 \" ；分号; --",
            },
            {"type": "LineString", "coordinates": [[X, Y], [X + 500.25, Y + 10]]},
        ),
        (
            {
                **COMMON,
                "component_id": "44040200000000002",
                "road_name": "凤凰路",
                "road_class": "branch",
                "pavement_type": "asphalt",
            },
            {
                "type": "MultiLineString",
                "coordinates": [[[X, Y + 50], [X + 100, Y + 50]], [[X + 200, Y + 50], [X + 300, Y + 60]]],
            },
        ),
    ],
    "bridge": [
        (
            {
                **COMMON,
                "component_id": "44040202009000001",
                "structure_type": "beam",
                "maintenance_class": "III",
                "built_year": 1998,
                "bci": 85,
                "bci_grade": "B",
            },
            square(X, Y + 200, 40),
        ),
    ],
    "tree": [
        (
            {
                **COMMON,
                "component_id": "44040204002000001",
                "species_zh": "细叶榕",
                "species_latin": "Ficus microcarpa 'Golden Leaves'",
                "protection_grade": "none",
                "vigour": "normal",
                "age_years": 40,
                "height_m": 12.5,
            },
            (X + 5, Y + 5),
        ),
    ],
    "park": [
        ({**COMMON, "component_id": "44040204013000001", "park_kind": "community_park", "area_m2": 10000.0}, square(X, Y, 100)),
    ],
    "park_facility": [
        (
            {**COMMON, "component_id": "44040204005000001", "quantity": 3, "accessible": True, "installation_date": "2021-03-04"},
            (X + 10, Y + 10),
        ),
        ({**COMMON, "component_id": "44040204005000002", "accessible": False}, (X + 20, Y + 10)),
    ],
}


@pytest.fixture
def filled_registry(registry, standard, profile, tmp_path):
    for family, features in DELIVERIES.items():
        path = write_geojson(tmp_path / f"delivery-{family}.geojson", features)
        import_delivery(registry, path, standard, profile, family)
    return registry


def assets(dsn: str, standard, family: str) -> dict[str, tuple[tuple, Any]]:
    """Every asset of a family by identifier: its standard fields and its geometry."""
    names = standard.family(family).field_names
    statement = sql.SQL("SELECT {columns}, ST_AsBinary(geom) FROM {table}").format(
        columns=sql.SQL(", ").join(sql.Identifier(name) for name in names),
        table=sql.Identifier("assetreg", standard.family(family).table),
    )
    index = names.index("component_id")
    return {row[index]: (row[:-1], wkb.loads(bytes(row[-1]))) for row in query(dsn, statement)}


def assert_same_assets(first: str, second: str, standard, family: str, tolerance: float = 1e-6) -> None:
    before, after = assets(first, standard, family), assets(second, standard, family)
    assert sorted(after) == sorted(before)
    for component_id, (fields, geometry) in before.items():
        assert after[component_id][0] == fields, component_id
        assert after[component_id][1].equals_exact(geometry, tolerance), (component_id, geometry.wkt, after[component_id][1].wkt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_family_round_trips_through_each_format(filled_registry, second_registry, standard, profile, tmp_path, fmt):
    for family, features in DELIVERIES.items():
        path = tmp_path / f"{family}{FORMATS[fmt].suffix}"
        assert export_family(filled_registry, standard, profile, family, path, fmt) == len(features)
        report = validate_delivery(path, standard, profile, family)
        assert [finding.rule for finding in report.errors] == [], family
        assert report.feature_count == len(features)
        result = import_delivery(second_registry, path, standard, profile, family)
        assert result.inserted == len(features)
        assert_same_assets(filled_registry, second_registry, standard, family)


def test_the_files_carry_exactly_the_standards_fields_and_types(filled_registry, standard, profile, tmp_path):
    path = tmp_path / "facilities.geojson"
    export_family(filled_registry, standard, profile, "park_facility", path, "geojson")
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::4547"
    first = collection["features"][0]["properties"]
    assert set(first) <= set(standard.family("park_facility").field_names)
    assert first["accessible"] is True and first["quantity"] == 3 and first["installation_date"] == "2021-03-04"

    csv_path = tmp_path / "lights.csv"
    export_family(filled_registry, standard, profile, "streetlight", csv_path, "csv")
    header = csv_path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == ["WKT", *standard.family("streetlight").field_names]
    assert "4547" in csv_path.with_suffix(".prj").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_accepted_crs_other_than_the_registrys(filled_registry, second_registry, standard, profile, tmp_path, fmt):
    path = tmp_path / f"lights-cgcs2000{FORMATS[fmt].suffix}"
    export_family(filled_registry, standard, profile, "streetlight", path, fmt, crs="EPSG:4490")
    report = validate_delivery(path, standard, profile, "streetlight")
    assert report.crs == "EPSG:4490" and report.errors == []
    import_delivery(second_registry, path, standard, profile, "streetlight")
    # through longitude and latitude and back: a millimetre is far below any survey's accuracy
    assert_same_assets(filled_registry, second_registry, standard, "streetlight", tolerance=1e-3)


def test_a_crs_the_profile_does_not_accept_is_refused(filled_registry, standard, profile, tmp_path):
    with pytest.raises(InputError, match="EPSG:3857") as error:
        export_family(filled_registry, standard, profile, "streetlight", tmp_path / "x.gpkg", "gpkg", crs="EPSG:3857")
    assert "EPSG:4547" in error.value.zh
    assert not (tmp_path / "x.gpkg").exists()


def add_district(dsn: str, code: str, polygon_wkt: str) -> None:
    query(
        dsn,
        "INSERT INTO assetreg.admin_area (code, level, name, geom) VALUES (%s, 'district', '测试区', "
        "ST_Multi(ST_GeomFromText(%s, 4547)))",
        (code, polygon_wkt),
    )


def numbered(count: int) -> list[tuple[dict[str, Any], tuple]]:
    return [(light(component_id=f"44040201037{serial:06d}"), (X + serial * 30.0, Y)) for serial in range(1, count + 1)]


def test_area_code_exports_only_the_assets_inside(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered(6)), standard, profile)
    # lights 1..3 lie at x = X+30 … X+90, inside; 4..6 outside
    add_district(
        registry, "440402", f"POLYGON(({X} {Y - 50}, {X + 100} {Y - 50}, {X + 100} {Y + 50}, {X} {Y + 50}, {X} {Y - 50}))"
    )
    query(
        registry,
        "INSERT INTO assetreg.unit_grid (code, name, geom) VALUES ('440402001001001', '网格', "
        "ST_Multi(ST_Buffer(ST_MakePoint(%s, %s)::geometry, 10)::geometry))",
        (X + 180, Y),
    )
    ids = []
    for area in ("440402", "440402001001001"):
        path = tmp_path / f"area-{area}.geojson"
        export_family(registry, standard, profile, "streetlight", path, "geojson", area=area)
        ids.append([f["properties"]["component_id"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]])
    assert ids == [[f"44040201037{n:06d}" for n in (1, 2, 3)], ["44040201037000006"]]


def test_area_file_in_another_crs_exports_only_the_assets_inside(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered(6)), standard, profile)
    (outline,) = query(
        registry,
        "SELECT ST_AsGeoJSON(ST_Transform(ST_MakeEnvelope(%s, %s, %s, %s, 4547), 4326), 9)",
        (X + 100, Y - 50, X + 200, Y + 50),
    )[0]
    area_file = tmp_path / "area.geojson"  # GeoJSON without "crs" is WGS 84 longitude/latitude
    area_file.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": json.loads(outline)}), encoding="utf-8")
    path = tmp_path / "inside.gpkg"
    calls = []
    written = export_family(
        registry, standard, profile, "streetlight", path, "gpkg", area_file=area_file, progress=lambda *c: calls.append(c)
    )
    assert written == 3 and calls[0] == (0, 3) and calls[-1] == (3, 3)
    report = validate_delivery(path, standard, profile, "streetlight")
    assert report.errors == [] and sorted(report.identifiers) == [f"44040201037{n:06d}" for n in (4, 5, 6)]


def test_an_area_file_without_polygons_is_an_input_error(registry, standard, profile, tmp_path):
    points = write_geojson(tmp_path / "points.geojson", numbered(1), epsg=None)
    with pytest.raises(InputError, match="polygons only"):
        export_family(registry, standard, profile, "streetlight", tmp_path / "x.csv", "csv", area_file=points)


def test_unknown_area_code_is_an_input_error(registry, standard, profile, tmp_path):
    with pytest.raises(InputError, match="no administrative area or unit grid"):
        export_family(registry, standard, profile, "streetlight", tmp_path / "x.geojson", "geojson", area="999999")
    assert list(tmp_path.iterdir()) == []  # no partial file left behind


def test_hostile_values_survive_every_format_as_data(registry, second_registry, standard, profile, tmp_path):
    hostile = [
        (light(component_id="44040201037000001", name="a'; DROP TABLE x; --", remarks=HOSTILE, road_name=HOSTILE_NAME), (X, Y)),
        (light(component_id="44040201037000002", remarks='"); DELETE FROM assetreg.streetlight; --\t,'), (X + 1, Y)),
    ]
    import_delivery(registry, write_geojson(tmp_path / "hostile-delivery.geojson", hostile), standard, profile)
    for fmt, export_format in FORMATS.items():
        path = tmp_path / f"hostile{export_format.suffix}"
        export_family(registry, standard, profile, "streetlight", path, fmt)
        assert validate_delivery(path, standard, profile, "streetlight").errors == []
        import_delivery(second_registry, path, standard, profile, "streetlight", mode="upsert")
        assert_same_assets(registry, second_registry, standard, "streetlight")
    assert query(registry, "SELECT remarks FROM assetreg.streetlight ORDER BY 1")[1] == (HOSTILE,)


def test_cli_export_writes_and_summarises(filled_registry, tmp_path):
    out = tmp_path / "roads.gpkg"
    result = assetreg("--lang", "en", "export", "--class", "road_segment", "--out", str(out), "--dsn", filled_registry)
    assert result.returncode == 0, result.stderr
    assert "2" in result.stdout and str(out) in result.stdout
    check = assetreg("--lang", "en", "validate", str(out), "--class", "road_segment")
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize(
    ("arguments", "expected_code", "expected_text"),
    [
        (["--area", "999999"], 2, "999999"),
        (["--area", HOSTILE], 2, "no administrative area"),
        (["--class", "spaceship"], 2, "spaceship"),
        (["--format", "shp"], 2, "shp"),
        (["--crs", "EPSG:3857"], 2, "EPSG:3857"),
        (["--out", "/nonexistent-folder/x.gpkg"], 2, "does not exist"),
    ],
)
def test_cli_errors_are_messages_not_tracebacks(filled_registry, tmp_path, arguments, expected_code, expected_text):
    defaults = {"--class": "streetlight", "--out": str(tmp_path / "out.gpkg")}
    for option, value in zip(arguments[::2], arguments[1::2], strict=True):
        defaults[option] = value
    argv = [part for option, value in defaults.items() for part in (option, value)]
    result = assetreg("--lang", "en", "export", *argv, "--dsn", filled_registry)
    assert result.returncode == expected_code, result.stderr
    assert expected_text in result.stderr and "Traceback" not in result.stderr
    assert not Path(defaults["--out"]).exists()


def test_cli_refuses_to_overwrite_without_being_asked(filled_registry, tmp_path):
    out = tmp_path / "lights.csv"
    out.write_text("keep me", encoding="utf-8")
    refused = assetreg("--lang", "en", "export", "--class", "streetlight", "--out", str(out), "--dsn", filled_registry)
    assert refused.returncode == 2 and "--overwrite" in refused.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    again = assetreg("export", "--class", "streetlight", "--out", str(out), "--overwrite", "--dsn", filled_registry)
    assert again.returncode == 0, again.stderr
    assert out.read_text(encoding="utf-8").startswith("WKT,")
