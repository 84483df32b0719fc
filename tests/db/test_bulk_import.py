"""The import's fast paths: insert straight from staging, bulk loads, locating many assets at once."""

from __future__ import annotations

import psycopg2
import pytest
from asset_registry.core.errors import RefusedError
from asset_registry.storage import submissions
from asset_registry.storage.areas import load_areas
from asset_registry.storage.importing import compare, import_delivery, locate, staging
from asset_registry.storage.importing import rows as importer_rows

from tests.db.conftest import query
from tests.db.test_import_modes import constraints_and_indexes, lights_table
from tests.helpers import XIANGZHOU_XY, light, numbered_lights, park, square, write_geojson

X0, Y0 = XIANGZHOU_XY
TRIANGLE = {"type": "Polygon", "coordinates": [[[X0 + 1200, Y0], [X0 + 1600, Y0], [X0 + 1200, Y0 + 400], [X0 + 1200, Y0]]]}


@pytest.fixture
def grids(registry, profile, tmp_path):
    """Two grids sharing an edge (x = X0 + 100), a triangle beside them and a tiny grid inside grid 1."""
    features = [
        ({"level": "district", "code": "440402", "name": "香洲区"}, square(X0 - 1000, Y0 - 1000, 4000)),
        ({"level": "street", "code": "440402001", "name": "拱北街道"}, square(X0 - 1000, Y0 - 1000, 4000)),
        ({"level": "community", "code": "440402001001", "name": "拱北第1社区"}, square(X0 - 1000, Y0 - 1000, 4000)),
        ({"level": "grid", "code": "440402001001002", "name": "网格2"}, square(X0 - 1000, Y0 - 1000, 1100)),
        ({"level": "grid", "code": "440402001001001", "name": "网格1"}, square(X0 + 100, Y0 - 1000, 1100)),
        ({"level": "grid", "code": "440402001001003", "name": "网格3"}, TRIANGLE),
        ({"level": "grid", "code": "440402001001000", "name": "网格0"}, square(X0 + 0.25, Y0 + 0.25, 0.5)),
    ]
    load_areas(registry, write_geojson(tmp_path / "areas.geojson", features), profile)
    return registry


# on the shared edge, on a shared corner, inside each grid, in the tiny one and on its edge, in the
# triangle's bounding box but outside it, on the triangle's slanted edge, outside every grid
SPOTS = [
    (X0 + 100, Y0),
    (X0 + 100, Y0 + 100),
    (X0 - 500, Y0),
    (X0 + 500, Y0),
    (X0 + 0.5, Y0 + 0.5),
    (X0 + 0.25, Y0 + 0.4),
    (X0 + 1500, Y0 + 300),
    (X0 + 1400, Y0 + 200),
    (X0 + 1300, Y0 + 100),
    (X0 + 2500, Y0 + 2500),
    (X0 + 100, Y0 - 1000),
]


def spots_delivery(tmp_path, name="spots.geojson", **changes):
    features = [(light(component_id=f"44040201037{n:06d}", **changes), xy) for n, xy in enumerate(SPOTS, start=1)]
    return write_geojson(tmp_path / name, features)


def mislocated(dsn: str, table: str = "streetlight") -> list[tuple]:
    return query(
        dsn,
        f"SELECT component_id, located_grid, assetreg_app.grid_at(geom) FROM assetreg.{table}"
        " WHERE located_grid IS DISTINCT FROM assetreg_app.grid_at(geom) ORDER BY 1",
    )


@pytest.mark.parametrize("lattice_from", [0, 10**9], ids=["lattice", "grid_at"])
def test_an_import_locates_every_asset_as_grid_at_does(grids, standard, profile, tmp_path, monkeypatch, lattice_from):
    registry = grids
    monkeypatch.setattr(locate, "LATTICE_MIN_ROWS", lattice_from)
    calls = []
    original = compare.insert_staged
    monkeypatch.setattr(compare, "insert_staged", lambda *args: calls.append(1) or original(*args))
    result = import_delivery(registry, spots_delivery(tmp_path), standard, profile, "streetlight")
    assert result.inserted == len(SPOTS) and calls == [1]  # straight from staging
    assert mislocated(registry) == []
    located = dict(query(registry, "SELECT component_id, located_grid FROM assetreg.streetlight"))
    assert located["44040201037000001"] == "440402001001001"  # on the shared edge: the lowest code
    assert located["44040201037000005"] == "440402001001000"  # in the tiny grid (inside grid 2, its code lower)
    assert located["44040201037000007"] is None  # beside the triangle, inside its box
    assert located["44040201037000010"] is None  # outside every grid
    # the same through the comparison of an upsert, which moves every light
    moved = [(light(component_id=f"44040201037{n:06d}"), (x + 0.25, y)) for n, (x, y) in enumerate(SPOTS, start=1)]
    again = import_delivery(registry, write_geojson(tmp_path / "moved.geojson", moved), standard, profile, mode="upsert")
    assert again.updated == len(SPOTS)
    assert mislocated(registry) == []


@pytest.mark.parametrize("lattice_from", [0, 10**9], ids=["lattice", "grid_at"])
def test_polygons_are_located_by_a_point_on_their_surface(grids, standard, profile, tmp_path, monkeypatch, lattice_from):
    registry = grids
    monkeypatch.setattr(locate, "LATTICE_MIN_ROWS", lattice_from)
    features = [(park(component_id="44040204013000001"), TRIANGLE), (park(component_id="44040204013000002"), square(X0, Y0, 200))]
    result = import_delivery(registry, write_geojson(tmp_path / "parks.geojson", features), standard, profile, "park")
    assert result.inserted == 2, result.report.summary_text("en")
    assert mislocated(registry, standard.family("park").table) == []


@pytest.mark.parametrize("first_load", [False, True], ids=["staged", "first_load"])
def test_the_direct_insert_reports_grid_findings_like_the_comparison(grids, standard, profile, tmp_path, monkeypatch, first_load):
    from asset_registry.storage.importing import firstload

    registry = grids
    monkeypatch.setattr(locate, "LATTICE_MIN_ROWS", 0)
    if first_load:
        monkeypatch.setattr(staging, "BULK_LOAD_MIN", 2)
    loads = spy(monkeypatch, firstload, "load")
    delivery = numbered_lights(2)
    delivery[0][0]["grid_code"] = "440402001001099"  # no such grid
    assert delivery[1][0]["grid_code"] == "440402001001001"  # the light lies in grid 2
    inserted = import_delivery(registry, write_geojson(tmp_path / "a.geojson", delivery), standard, profile)
    dry = import_delivery(
        registry, write_geojson(tmp_path / "a.geojson", delivery), standard, profile, mode="upsert", dry_run=True
    )
    assert len(loads) == first_load
    findings = sorted((f.rule, f.feature) for f in inserted.report.warnings)
    assert findings == [("registry.grid_mismatch", 2), ("registry.unknown_grid", 1)]
    assert findings == sorted((f.rule, f.feature) for f in dry.report.warnings)


def test_an_insert_with_a_registered_component_is_still_refused_whole(grids, standard, profile, tmp_path):
    registry = grids
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(1)), standard, profile)
    before = lights_table(registry)
    with pytest.raises(RefusedError, match="already holds 1"):
        import_delivery(registry, write_geojson(tmp_path / "b.geojson", numbered_lights(3)), standard, profile)
    assert lights_table(registry) == before


@pytest.mark.parametrize("first_load", [False, True], ids=["staged", "first_load"])
@pytest.mark.parametrize(
    ("bad_values", "refused_by"),
    [
        ({"component_id": "4404020103700000X"}, "wrong structure"),  # the identifier rules, db/app/30_identifier_rules.sql
        ({"component_id": "44040201037000099", "grid_code": "44040200100100X"}, "streetlight_grid_code_1"),
    ],
    ids=["identifier", "check"],
)
def test_a_bulk_load_still_refuses_a_row_its_checks_refuse(
    registry, standard, profile, tmp_path, monkeypatch, first_load, bad_values, refused_by
):
    """The keys and indexes are set aside, the CHECKs and the identifier rules are not: a bad row that got
    past validation is refused."""
    from asset_registry.storage.importing import firstload

    monkeypatch.setattr(staging, "BULK_LOAD_MIN", 2)
    before = constraints_and_indexes(registry)
    bad = ",".join(str(light(**bad_values).get(name, "")) for name in standard.family("streetlight").field_names)
    if first_load:
        original_located = firstload.write_located_rows

        def with_a_bad_located_row(rows, out, srid, located, stamp):
            count, srid = original_located(rows, out, srid, located, stamp)
            out.write(bad + f",SRID=4547;POINT({X0} {Y0}),,{stamp}\r\n")
            return count + 1, srid

        monkeypatch.setattr(firstload, "write_located_rows", with_a_bad_located_row)
    else:
        monkeypatch.setattr(firstload, "prepared_rows", lambda *args: None)
        original = importer_rows.write_rows

        def with_a_bad_row(path, layer, standard, profile, family, report, out, mapping):
            count, srid = original(path, layer, standard, profile, family, report, out, mapping)
            out.write(bad + f",SRID=4547;POINT({X0} {Y0})\r\n")
            return count + 1, srid

        monkeypatch.setattr(importer_rows, "write_rows", with_a_bad_row)
    loads = spy(monkeypatch, firstload, "load")
    with pytest.raises(RefusedError, match=refused_by):
        import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(3)), standard, profile)
    assert len(loads) == first_load
    assert lights_table(registry) == []
    assert constraints_and_indexes(registry) == before
    assert query(registry, "SELECT count(*) FROM assetreg_app.bulk_suspension") == [(0,)]
    assert query(registry, "SELECT outcome FROM assetreg.submission") == [("rejected",)]


def test_a_bulk_load_restores_the_unique_key_or_fails(registry, standard, profile, tmp_path):
    """A duplicate inserted while the unique key of component_id is set aside makes its restoration fail."""
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(1)), standard, profile)
    before = constraints_and_indexes(registry)
    assert any("UNIQUE (component_id)" in d for _, d in before) and any("PRIMARY KEY" in d for _, d in before)
    columns = ", ".join((*standard.family("streetlight").field_names, "geom"))
    conn = psycopg2.connect(registry)
    try:
        # keys are set aside only inside an import of one's own
        submission = submissions.open_record(conn, tmp_path / "a.geojson", standard, profile, "streetlight", "insert", False)
        with conn.cursor() as cur:
            cur.execute("SELECT set_config('assetreg.submission_id', %s, true)", (str(submission),))
            cur.execute("SELECT assetreg_app.suspend_for_bulk_load('streetlight')")
            cur.execute("SELECT count(*) FROM pg_indexes WHERE schemaname = 'assetreg' AND tablename = 'streetlight'")
            assert cur.fetchone() == (0,)  # every index set aside, those of the keys with them
            cur.execute(f"INSERT INTO assetreg.streetlight ({columns}) SELECT {columns} FROM assetreg.streetlight")
            with pytest.raises(psycopg2.errors.UniqueViolation):
                cur.execute("SELECT assetreg_app.restore_after_bulk_load('streetlight')")
        conn.rollback()
    finally:
        conn.close()
    assert constraints_and_indexes(registry) == before
    assert len(lights_table(registry)) == 1


# -- a first load: straight into the empty family table, located beforehand (storage/importing/firstload.py) ----------

ASSET_COLUMNS = (
    "SELECT component_id, to_jsonb(t) - ARRAY['uid', 'fid', 'created_at', 'updated_at', 'located_at', 'created_session',"
    " 'created_submission'], ST_AsEWKT(geom), located_at = created_at FROM assetreg.streetlight t ORDER BY 1"
)


def lattice_of_lights(count: int = 400, start: int = 100) -> list:
    """Lights every 150 m over the grids, and lights a few millimetres either side of the edges of grid 2 and
    the triangle: the cells they fall in straddle an edge, whatever their size."""
    spots = [(X0 - 1000 + (n % 20) * 150.0, Y0 - 1000 + (n // 20) * 150.0) for n in range(count)]
    for k in range(1, 20):
        spots += [(X0 - 1000 + side, Y0 - 1000 + 55.0 * k) for side in (-0.002, 0.002)]  # grid 2's west edge
        t = k / 20  # the triangle's slanted edge, x + y = X0 + Y0 + 1600
        spots += [(X0 + 1600 - 400 * t + side, Y0 + 400 * t + side) for side in (-0.002, 0.002)]
    return [(light(component_id=f"44040201037{serial:06d}"), xy) for serial, xy in enumerate(spots, start=start)]


def spy(monkeypatch, module, name: str) -> list:
    calls = []
    original = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *args: calls.append(args) or original(*args))
    return calls


def test_a_first_load_goes_straight_in_located_and_written_as_the_staged_insert(grids, standard, profile, tmp_path, monkeypatch):
    from asset_registry.storage.importing import firstload

    registry = grids
    monkeypatch.setattr(staging, "BULK_LOAD_MIN", 2)
    features = [(light(component_id=f"44040201037{n:06d}"), xy) for n, xy in enumerate(SPOTS, start=1)] + lattice_of_lights()
    delivery = write_geojson(tmp_path / "first.geojson", features)
    loads, staged, in_server = spy(monkeypatch, firstload, "load"), spy(monkeypatch, compare, "insert_staged"), []
    original = locate.locate_in_server
    monkeypatch.setattr(
        locate,
        "locate_in_server",
        lambda cur, located, spots, *rest: in_server.append(len(spots)) or original(cur, located, spots, *rest),
    )
    query(registry, "SELECT assetreg_app.kpi_tally_refresh()")
    first = import_delivery(registry, delivery, standard, profile, "streetlight")
    assert first.inserted == len(features) and len(loads) == 1 and staged == []
    # the COPY's rows pass the asset tally's row trigger by, so the import outdates the tally
    assert query(registry, "SELECT assetreg_app.kpi_tally_fresh('streetlight')") == [(False,)]
    assert 0 < in_server[0] < len(features) / 2  # most located by their cell alone, those near an edge by the server
    assert mislocated(registry) == []
    assert query(registry, "SELECT count(*) FROM assetreg.streetlight WHERE created_submission = %s", (first.submission_id,)) == [
        (len(features),)
    ]
    straight_in = query(registry, ASSET_COLUMNS)
    assert all(same_time for *_, same_time in straight_in)  # located when registered, as the INSERT does
    assert query(registry, "SELECT count(*) FROM assetreg_app.bulk_suspension") == [(0,)]

    # the same delivery again into the emptied family, through staging: the very same rows
    query(registry, "DELETE FROM assetreg.streetlight; DELETE FROM assetreg.asset_history")
    monkeypatch.setattr(firstload, "prepared_rows", lambda *args: None)
    again = import_delivery(registry, delivery, standard, profile, "streetlight")
    assert again.inserted == len(features) and len(staged) == 1
    assert query(registry, ASSET_COLUMNS) == straight_in
    assert [f.to_dict() for f in again.report.findings] == [f.to_dict() for f in first.report.findings]


def test_a_first_load_in_another_crs_is_staged(grids, standard, profile, tmp_path, monkeypatch):
    from asset_registry.storage.importing import firstload

    monkeypatch.setattr(staging, "BULK_LOAD_MIN", 2)
    monkeypatch.setattr(locate, "LATTICE_MIN_ROWS", 0)  # the staged insert makes its lattice after the first load's
    loads, staged = spy(monkeypatch, firstload, "load"), spy(monkeypatch, compare, "insert_staged")
    delivery = write_geojson(
        tmp_path / "lonlat.geojson",
        [(light(component_id="44040201037000001"), (113.55, 22.27)), (light(component_id="44040201037000002"), (113.56, 22.27))],
        epsg=4326,
    )
    result = import_delivery(grids, delivery, standard, profile, "streetlight")
    assert result.inserted == 2 and loads == [] and len(staged) == 1
    assert mislocated(grids) == []


@pytest.mark.parametrize("first_load", [False, True], ids=["staged", "first_load"])
def test_a_zipped_shapefile_is_imported_from_one_arrow_reading(grids, standard, profile, tmp_path, monkeypatch, first_load):
    """A zipped Shapefile's rows come from the columns its validation read through OGR's Arrow stream (the zip
    inflated once), staged by COPY or loaded straight in, and the registry holds what the reference writer,
    feature by feature through OGR, gives."""
    from asset_registry.core import fastshape
    from asset_registry.storage.importing import firstload

    from tests.unit.test_fastshape import as_shapefile, zipped

    monkeypatch.setattr(staging, "BULK_LOAD_MIN", 2 if first_load else 10**9)
    features = [
        *lattice_of_lights(120),
        (light(component_id="44040201037000001", name='路灯 "甲", 1号', road_name=" 凤凰路 "), (X0 + 5, Y0 + 5)),
        (light(component_id="44040201037000002", lamp_type="BAD"), (X0 + 15, Y0 + 5)),  # invalid: set aside
    ]
    delivery = zipped(as_shapefile(write_geojson(tmp_path / "lights.geojson", features), tmp_path / "lights.shp"))
    reads, loads = spy(monkeypatch, fastshape.ShapefileLayer, "_read_columns"), spy(monkeypatch, firstload, "load")
    written: list = []
    original = importer_rows.fast_copy_rows
    monkeypatch.setattr(importer_rows, "fast_copy_rows", lambda *args: written.append(original(*args)) or written[-1])
    fast = import_delivery(grids, delivery, standard, profile, "streetlight", accept_valid=True)
    assert fast.report.engine == "fast" and fast.inserted == len(features) - 1
    assert len(reads) == 1 and len(loads) == (1 if first_load else 0)
    assert written == ([] if first_load else [(len(features) - 1, 4547)])  # the staged rows: the fast writer's
    registered = query(grids, ASSET_COLUMNS)
    assert mislocated(grids) == []

    query(grids, "DELETE FROM assetreg.streetlight; DELETE FROM assetreg.asset_history")
    monkeypatch.setattr(importer_rows, "fast_copy_rows", lambda *args: None)
    monkeypatch.setattr(firstload, "prepared_rows", lambda *args: None)
    reference = import_delivery(grids, delivery, standard, profile, "streetlight", accept_valid=True)
    assert reference.inserted == fast.inserted
    assert query(grids, ASSET_COLUMNS) == registered
