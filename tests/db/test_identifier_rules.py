"""Edits from any client keep the identifier rules the validator checks (db/app/30_identifier_rules.sql).

Each edit is made as psql would make it, by a login of the weakest role that may insert assets
(assetreg_editor); each refusal names the identifier, the part that is wrong and what is allowed:
a message id and its parameters, which storage/errors.py puts into Chinese and English.
"""

from __future__ import annotations

import dataclasses

import psycopg2
import pytest
from asset_registry.core.errors import RefusedError
from asset_registry.storage.areas import load_areas
from asset_registry.storage.errors import refusal as translated
from asset_registry.storage.importing import import_delivery

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, light, numbered_lights, square, write_geojson

GRID = "440402001001001"


@pytest.fixture
def lights(registry, standard, profile, tmp_path):
    """Two registered lights in one unit grid around XIANGZHOU_XY."""
    x, y = XIANGZHOU_XY
    grid = square(x - 500, y - 500, 1000)
    load_areas(registry, write_geojson(tmp_path / "grid.geojson", [({"level": "grid", "code": GRID}, grid)]), profile)
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered_lights(2)), standard, profile, "streetlight")
    return registry


def insert_light(dsn: str, component_id: str, **changes) -> None:
    """INSERT one streetlight as psql would, 100 m east of XIANGZHOU_XY."""
    values = light(component_id=component_id, **changes)
    columns = ", ".join(values)
    placeholders = ", ".join(["%s"] * len(values))
    x, y = XIANGZHOU_XY
    execute(
        dsn,
        f"INSERT INTO assetreg.streetlight ({columns}, geom) VALUES ({placeholders}, ST_SetSRID(ST_MakePoint(%s, %s), 4547))",
        (*values.values(), x + 100, y),
    )


def execute(dsn: str, statement: str, params=None) -> None:
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(statement, params)
    finally:
        conn.close()


def refusal(action) -> tuple[psycopg2.Error, str, str]:
    """The database's refusal, and its message in English and in Chinese."""
    with pytest.raises(psycopg2.Error) as caught:
        action()
    error = translated(caught.value)
    assert isinstance(error, RefusedError)
    return caught.value, error.message("en"), error.message("zh")


def test_light_with_an_administrative_code_outside_the_city_is_refused(lights, login_as):
    editor = login_as("assetreg_editor")
    error, message, detail = refusal(lambda: insert_light(editor, "44030401037000009"))  # 440304: 深圳市福田区
    assert error.pgcode == "AR022" and error.diag.message_primary == "refusal.identifier.admin_code_outside_city"
    assert error.diag.table_name == "streetlight" and error.diag.column_name == "component_id"
    assert "44030401037000009" in message and "440304" in message and "of a streetlight" in message
    assert "allowed: 440400 Zhuhai, 440402 Xiangzhou District" in message
    assert "路灯的管理部件标识码 44030401037000009" in detail
    assert "不属于本市" in detail and "440402 香洲区" in detail
    assert query(lights, "SELECT count(*) FROM assetreg.streetlight") == [(2,)]


def test_light_with_the_class_code_of_a_distribution_cabinet_is_refused(lights, login_as):
    editor = login_as("assetreg_editor")
    error, message, detail = refusal(lambda: insert_light(editor, "44040201060000009"))
    assert error.pgcode == "AR023"
    assert "01060 Streetlight distribution cabinet" in message and "44040201060000009" in message
    assert "allowed: 01037 Streetlight, 01038" in message and "01060" not in message.split("allowed:")[1]
    assert "01060 路灯配电箱" in detail and "01037 路灯" in detail


def test_sixteen_digit_identifier_is_refused_with_its_structure(lights, login_as):
    editor = login_as("assetreg_editor")
    error, message, detail = refusal(lambda: insert_light(editor, "4404020137000009"))  # GB/T 30428.2: 6 + 2 + 2 + 6
    assert error.pgcode == "AR021"
    assert "4404020137000009" in message and "17 digits" in message
    assert "17位" in detail and "结构不对" in detail


def test_good_light_is_accepted_and_located(lights, login_as):
    insert_light(login_as("assetreg_editor"), "44040201037000009", grid_code=GRID)
    assert query(lights, "SELECT located_grid FROM assetreg.streetlight WHERE component_id = '44040201037000009'") == [(GRID,)]


def test_update_that_breaks_the_identifier_is_refused(lights, login_as):
    editor = login_as("assetreg_editor")
    error, _, _ = refusal(
        lambda: execute(
            editor,
            "UPDATE assetreg.streetlight SET component_id = '44040201060000001' WHERE component_id = '44040201037000001'",
        )
    )
    assert error.pgcode == "AR023"
    # an update that leaves the identifier alone is not checked again, and one that keeps the rules passes
    execute(editor, "UPDATE assetreg.streetlight SET component_id = '44040301037000001' WHERE component_id = '44040201037000001'")
    assert query(lights, "SELECT count(*) FROM assetreg.streetlight WHERE component_id = '44040301037000001'") == [(1,)]


def test_typed_grid_code_that_disagrees_with_the_located_grid_is_recorded(lights, login_as):
    editor = login_as("assetreg_editor")
    insert_light(editor, "44040201037000009", grid_code="440402001001002")
    insert_light(editor, "44040201037000010", grid_code=GRID)
    # a move of a registered light into the grid puts nothing there; a typo in a grid code does
    execute(editor, "UPDATE assetreg.streetlight SET grid_code = '440402001001003' WHERE component_id = '44040201037000002'")
    rows = query(editor, "SELECT family, component_id, grid_code, located_grid FROM assetreg_app.grid_mismatch ORDER BY 2")
    assert rows == [
        ("streetlight", "44040201037000002", "440402001001003", GRID),
        ("streetlight", "44040201037000009", "440402001001002", GRID),
    ]


def test_rules_are_the_standards_and_the_profiles(registry, standard, profile):
    rules = dict(query(registry, "SELECT family_table, class_codes FROM assetreg_app.identifier_rule"))
    assert rules == {family.table: list(family.class_codes) for family in standard.families.values()}
    (admin_codes,) = query(registry, "SELECT DISTINCT admin_codes FROM assetreg_app.identifier_rule")
    assert admin_codes == (sorted(profile.admin_codes),)


def test_import_the_registry_refuses_is_refused_with_the_reason(lights, standard, profile, tmp_path):
    """A delivery validated under another city's codes meets the same rules in the database (the first-load
    COPY too: tests/db/test_bulk_import.py), refused with the reason, not a traceback."""
    futian = {"440304": {"zh": "福田区", "en": "Futian"}}
    wider = dataclasses.replace(profile, body={**profile.body, "admin_codes": {**profile.admin_codes, **futian}})
    delivery = write_geojson(tmp_path / "other.geojson", [(light(component_id="44030401037000001"), XIANGZHOU_XY)])
    with pytest.raises(RefusedError) as caught:
        import_delivery(lights, delivery, standard, wider, "streetlight")
    assert "440304" in caught.value.en and "440304" in caught.value.zh
    assert query(lights, "SELECT count(*) FROM assetreg.streetlight") == [(2,)]
