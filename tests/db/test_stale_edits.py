"""Optimistic locking on an asset's updated_at (db/app/23_stale_edits.sql): an update that carries a version
older than the row's is refused (AR031) in words and writes nothing; one carrying the row's version (to the
millisecond) is saved and moves the version on; one that carries none is not checked."""

from __future__ import annotations

import psycopg2
import pytest
from asset_registry.storage.errors import refusal as translated
from asset_registry.storage.importing import import_delivery

from tests.db.conftest import query
from tests.helpers import numbered_lights, write_geojson

LIGHT = "44040201037000001"


@pytest.fixture
def lights(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "l.geojson", numbered_lights(2)), standard, profile, "streetlight")
    return registry


def version(dsn):
    return query(dsn, "SELECT updated_at FROM assetreg.streetlight WHERE component_id = %s", (LIGHT,))[0][0]


def update(dsn, name: str, carried=None) -> None:
    if carried is None:
        query(dsn, "UPDATE assetreg.streetlight SET name = %s WHERE component_id = %s", (name, LIGHT))
    else:
        query(
            dsn,
            "UPDATE assetreg.streetlight SET name = %s, updated_at = %s WHERE component_id = %s",
            (name, carried, LIGHT),
        )


def test_the_version_as_read_saves_and_moves_on_an_older_one_is_refused(lights, login_as):
    editor = login_as("assetreg_editor")
    read = version(lights)
    update(editor, "甲", read.replace(microsecond=read.microsecond // 1000 * 1000))  # as QGIS keeps it: ms
    saved = version(lights)
    assert saved > read
    with pytest.raises(psycopg2.Error) as caught:
        update(editor, "乙", read)  # built on the version before 甲
    assert caught.value.pgcode == "AR031"
    said = translated(caught.value)
    assert said.message("zh").startswith(f"部件 {LIGHT} 在你开始编辑后已被 ") and "你的修改未保存" in said.message("zh")
    assert f"Asset {LIGHT} was changed by " in said.message("en")
    assert query(lights, "SELECT name FROM assetreg.streetlight WHERE component_id = %s", (LIGHT,)) == [("甲",)]
    assert version(lights) == saved


def test_an_update_that_carries_no_version_is_not_checked(lights):
    before = version(lights)
    update(lights, "丙")
    assert version(lights) > before


def test_no_editor_sets_the_version_ahead_to_make_everyone_else_stale(lights, login_as):
    """An editor who sends a time in the future gets the server's time: another editor who began after the
    save still saves."""
    mallory, other = login_as("assetreg_editor"), login_as("assetreg_editor")
    update(mallory, "甲", "2099-01-01T00:00:00Z")
    saved = version(lights)
    assert saved.year < 2099
    update(other, "乙", saved)  # built on the version as it is
    assert query(lights, "SELECT name FROM assetreg.streetlight WHERE component_id = %s", (LIGHT,)) == [("乙",)]


def test_an_upsert_still_stamps_what_it_changes(lights, standard, profile, tmp_path):
    before = version(lights)
    changed = numbered_lights(1, name="新名字")
    import_delivery(lights, write_geojson(tmp_path / "u.geojson", changed), standard, profile, "streetlight", mode="upsert")
    assert version(lights) > before
