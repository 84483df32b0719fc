"""Revision 0012: every family table's primary key is the integer ``fid`` QGIS keys its features on (a uuid key
makes QGIS keep a map entry per feature: bench/desktop.py), while ``uid`` stays unique and not null, the key
history, cases and inspections name; an editor's new asset is numbered without a grant on the identity, and
given a uid when it comes as NULL."""

from __future__ import annotations

from asset_registry.storage.importing import import_delivery

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson

KEY = """
SELECT c.contype, array_agg(a.attname::text ORDER BY a.attname), array_agg(format_type(a.atttypid, a.atttypmod))
  FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
 WHERE c.conrelid = %s::regclass AND c.contype IN ('p', 'u') AND a.attname IN ('fid', 'uid')
 GROUP BY c.conname, c.contype ORDER BY 1
"""


def test_every_family_table_keys_on_an_integer_fid_and_keeps_uid_unique(registry, standard):
    for family in standard.families.values():
        table = f"assetreg.{family.table}"
        assert query(registry, KEY, (table,)) == [("p", ["fid"], ["integer"]), ("u", ["uid"], ["uuid"])], table
        assert query(
            registry, f"SELECT attnotnull FROM pg_attribute WHERE attrelid = '{table}'::regclass AND attname = 'uid'"
        ) == [(True,)]


def test_imported_and_edited_assets_are_numbered_and_history_leaves_fid_out(registry, standard, profile, tmp_path, login_as):
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered_lights(3)), standard, profile, "streetlight")
    numbers = query(registry, "SELECT fid FROM assetreg.streetlight ORDER BY fid")
    assert len(numbers) == 3 and all(isinstance(number, int) for (number,) in numbers)
    editor = login_as("assetreg_editor")
    properties = light(component_id="44040201037000009")
    columns = ", ".join(properties)
    query(
        editor,
        # uid given as NULL, as QGIS sends a column it does not key on: the database makes it
        f"INSERT INTO assetreg.streetlight (uid, {columns}, geom) VALUES (NULL, {', '.join(['%s'] * len(properties))},"
        " ST_SetSRID(ST_MakePoint(%s, %s), 4547)) RETURNING fid",
        (*properties.values(), *XIANGZHOU_XY),
    )
    assert query(registry, "SELECT count(DISTINCT fid), count(DISTINCT uid) FROM assetreg.streetlight") == [(4, 4)]
    query(editor, "UPDATE assetreg.streetlight SET name = 'renamed' WHERE component_id = '44040201037000001'")
    (values,) = query(registry, "SELECT new_values FROM assetreg.asset_history WHERE operation = 'update'")[0]
    assert values["name"] == "renamed" and "fid" not in values
