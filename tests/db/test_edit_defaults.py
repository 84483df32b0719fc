"""A new asset that comes without its identifier, place, departments or date gets them from the database
(db/app/22_edit_defaults.sql, revision 0011): the identifier from the district of its position, its class
and the next serial of both, safe under concurrent editors; the rest from its position and the area
defaults (issue 17)."""

from __future__ import annotations

import datetime
import threading
import zoneinfo

import psycopg2
import pytest
from asset_registry.core.validate import validate_delivery
from asset_registry.storage.areas import load_areas
from asset_registry.storage.errors import refusal as translated
from asset_registry.storage.importing import import_delivery

from tests.db.conftest import query
from tests.helpers import ROAD_LINE, XIANGZHOU_XY, numbered_lights, square, write_geojson

X, Y = XIANGZHOU_XY
DISTRICT, STREET, COMMUNITY, GRID = "440402", "440402001", "440402001001", "440402001001001"
DEPT = ("11440400MB2C10093Y", "珠海市城市管理和综合执法局")
MAINTAINER = ("91440400MA4UJ9XK2C", "珠海市路灯所")


def area(level: str, code: str, name: str, half: float):
    return ({"level": level, "code": code, "name": name}, square(X - half, Y - half, 2 * half))


@pytest.fixture
def mapped(registry, standard, profile, tmp_path):
    """A registry with a district, street, community and grid around XIANGZHOU_XY, defaults for the district
    (competent department) and the community (maintainer, streetlights only), and two imported lights."""
    areas = [
        area("district", DISTRICT, "香洲区", 2000),
        area("street", STREET, "拱北街道", 1500),
        area("community", COMMUNITY, "夏湾社区", 1000),
        area("grid", GRID, "夏湾01", 800),
    ]
    load_areas(registry, write_geojson(tmp_path / "areas.geojson", areas), profile)
    query(
        registry,
        "INSERT INTO assetreg.area_default (area_code, family, competent_dept_code, competent_dept_name)"
        " VALUES (%s, '', %s, %s)",
        (DISTRICT, *DEPT),
    )
    query(
        registry,
        "INSERT INTO assetreg.area_default (area_code, family, maintainer_code, maintainer_name)"
        " VALUES (%s, 'streetlight', %s, %s)",
        (COMMUNITY, *MAINTAINER),
    )
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered_lights(2)), standard, profile, "streetlight")
    return registry


def validator_errors(dsn: str, standard, profile, tmp_path, family_name: str, component_id: str) -> list[str]:
    """The validator's errors on the asset as the registry holds it (its standard fields and geometry)."""
    family = standard.family(family_name)
    properties, geometry = query(
        dsn,
        f"SELECT to_jsonb(a), ST_AsGeoJSON(a.geom)::jsonb FROM assetreg.{family.table} a WHERE a.component_id = %s",
        (component_id,),
    )[0]
    kept = {name: properties[name] for name in family.field_names if properties.get(name) is not None}
    path = write_geojson(tmp_path / f"{family_name}-made.geojson", [(kept, geometry)])
    report = validate_delivery(path, standard, profile, family_name)
    return [f.message("en") for f in report.findings if f.severity == "error"]


def add_light(dsn: str, component_class: str | None = "01037", x: float = X + 10, y: float = Y, connection=None) -> str:
    """INSERT a light as a QGIS form sends it: geometry, class and the attributes only a person knows."""
    statement = (
        "INSERT INTO assetreg.streetlight (component_class, name, status, lamp_type, road_class, geom)"
        " VALUES (%s, '新灯', 'intact', 'LED', 'arterial', ST_SetSRID(ST_MakePoint(%s, %s), 4547)) RETURNING component_id"
    )
    if connection is not None:
        with connection.cursor() as cur:
            cur.execute(statement, (component_class, x, y))
            return cur.fetchone()[0]
    return query(dsn, statement, (component_class, x, y))[0][0]


def test_a_new_light_gets_its_identifier_place_departments_and_date(mapped, standard, profile, tmp_path):
    made = add_light(mapped)
    assert made == f"{DISTRICT}01037000003"  # after the two imported ones
    (row,) = query(
        mapped,
        "SELECT grid_code, street_code, street_name, community_code, community_name, competent_dept_code,"
        " competent_dept_name, maintainer_code, maintainer_name, initial_date, component_class, located_grid"
        " FROM assetreg.streetlight WHERE component_id = %s",
        (made,),
    )
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
    assert row == (GRID, STREET, "拱北街道", COMMUNITY, "夏湾社区", *DEPT, *MAINTAINER, today, None, GRID)
    assert validator_errors(mapped, standard, profile, tmp_path, "streetlight", made) == []


def test_what_the_user_typed_is_kept(mapped):
    typed = query(
        mapped,
        "INSERT INTO assetreg.streetlight (component_class, name, status, lamp_type, road_class, grid_code,"
        " maintainer_code, maintainer_name, initial_date, geom) VALUES ('01077', '综合杆', 'intact', 'LED', 'arterial',"
        " '440402001001009', '91440400MA4UJ9XK2C', '别的养护单位', '2020-01-02', ST_SetSRID(ST_MakePoint(%s, %s), 4547))"
        " RETURNING component_id, grid_code, maintainer_name, initial_date::text",
        (X, Y),
    )[0]
    assert typed == (f"{DISTRICT}01077000001", "440402001001009", "别的养护单位", "2020-01-02")
    # the typed grid disagrees with the position: recorded in grid_mismatch (the form marks it)
    assert query(mapped, "SELECT component_id, grid_code, located_grid FROM assetreg_app.grid_mismatch") == [
        (typed[0], "440402001001009", GRID)
    ]


def test_one_class_families_need_none_and_roads_get_class_zero(mapped):
    park = query(
        mapped,
        "INSERT INTO assetreg.park (name, status, park_kind, geom) VALUES ('小公园', 'intact', 'community_park',"
        " ST_SetSRID(ST_GeomFromGeoJSON(%s), 4547)) RETURNING component_id",
        (str(square(X, Y)).replace("'", '"'),),
    )[0][0]
    assert park == f"{DISTRICT}04013000001"
    line = str(ROAD_LINE).replace("'", '"').replace("452000", str(int(X))).replace("452500", str(int(X) + 300))
    road = query(
        mapped,
        "INSERT INTO assetreg.road_segment (name, status, road_name, road_class, pavement_type, geom)"
        " VALUES ('新路', 'intact', '新路', 'branch', 'asphalt', ST_SetSRID(ST_GeomFromGeoJSON(%s), 4547))"
        " RETURNING component_id",
        (line,),
    )
    assert road[0][0] == f"{DISTRICT}00000000001"


def test_a_class_is_asked_for_where_the_family_has_several(mapped):
    with pytest.raises(psycopg2.Error) as caught:
        add_light(mapped, component_class=None)
    assert caught.value.pgcode == "AR025"
    words = translated(caught.value)
    assert "请为新路灯选择部件类别" in words.message("zh") and "01037 路灯" in words.message("zh")
    assert "Choose the component class of the new streetlight" in words.message("en")


def test_a_class_of_another_family_is_refused_by_the_identifier_rule(mapped):
    with pytest.raises(psycopg2.Error) as caught:
        add_light(mapped, component_class="04002")
    assert caught.value.pgcode == "AR023"
    assert query(mapped, "SELECT count(*) FROM assetreg.identifier_serial") == [(0,)]


def test_outside_every_district_is_refused_in_words(mapped):
    with pytest.raises(psycopg2.Error) as caught:
        add_light(mapped, x=X + 50_000)
    assert caught.value.pgcode == "AR024"
    assert "不在已载入的任何区县或单元网格内" in translated(caught.value).message("zh")


def test_no_competent_department_is_refused_in_words(mapped):
    query(mapped, "DELETE FROM assetreg.area_default WHERE competent_dept_code IS NOT NULL")
    query(mapped, "UPDATE assetreg.city_profile SET body = body - 'new_asset_defaults'")  # nor the profile
    with pytest.raises(psycopg2.Error) as caught:
        add_light(mapped)
    assert caught.value.pgcode == "AR027"
    assert "has no competent department" in translated(caught.value).message("en")


def test_serials_skip_what_was_taken_after_the_counter_started(mapped, standard, profile, tmp_path):
    assert add_light(mapped) == f"{DISTRICT}01037000003"
    features = numbered_lights(2, start=4)  # 4 and 5 imported after the counter gave out 3
    import_delivery(mapped, write_geojson(tmp_path / "more.geojson", features), standard, profile, "streetlight", mode="upsert")
    assert add_light(mapped) == f"{DISTRICT}01037000006"


def test_concurrent_editors_never_get_the_same_serial(mapped):
    """Six connections add 20 lights each at once, every one in its own transaction held open a moment
    after its insert (as a QGIS commit is): 120 identifiers, all different, serials 3 to 122."""
    made: list[str] = []
    failures: list[BaseException] = []
    start = threading.Barrier(6)

    def editor() -> None:
        connection = psycopg2.connect(mapped)
        try:
            start.wait()
            for _ in range(20):
                with connection:
                    made.append(add_light(mapped, connection=connection))
                    with connection.cursor() as cur:
                        cur.execute("SELECT pg_sleep(0.002)")
        except BaseException as error:  # reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=editor) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(made) == [f"{DISTRICT}01037{serial:06d}" for serial in range(3, 123)]


def test_roles_keep_their_limits(mapped, login_as):
    editor, viewer = login_as("assetreg_editor"), login_as("assetreg_viewer")
    assert add_light(editor) == f"{DISTRICT}01037000003"
    for dsn in (editor, login_as("assetreg_admin")):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            query(dsn, "UPDATE assetreg.identifier_serial SET last_serial = 0")
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        query(viewer, "SELECT assetreg_app.next_serial('streetlight', '440402', '01037')")
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        query(viewer, "INSERT INTO assetreg.area_default (area_code, family) VALUES ('440403', '')")
    query(editor, "INSERT INTO assetreg.area_default (area_code, family) VALUES ('440403', '')")
    # the definer function takes only a family table: no other table's name reaches its dynamic SQL
    with pytest.raises(psycopg2.Error) as caught:
        query(editor, "SELECT assetreg_app.next_serial('identifier_serial', '440402', '01037')")
    assert caught.value.pgcode == "AR001"
    assert query(mapped, "SELECT last_serial FROM assetreg.identifier_serial") == [(3,)]
