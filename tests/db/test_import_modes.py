"""Import modes, the dry run, submission records, quarantine, and the location of each asset."""

from __future__ import annotations

import hashlib

import pytest
from asset_registry.core.errors import RefusedError
from asset_registry.storage import quarantine
from asset_registry.storage.areas import load_areas
from asset_registry.storage.import_summary import describe_import
from asset_registry.storage.importing import Area, import_delivery
from osgeo import ogr

from tests.db.conftest import query
from tests.helpers import ROAD_LINE, XIANGZHOU_XY, bridge, numbered_lights, park, road, square, tree, write_geojson

X0, Y0 = XIANGZHOU_XY


def lights_table(dsn: str) -> list[tuple]:
    """Everything an import could change, to compare before and after."""
    return query(
        dsn,
        "SELECT component_id, name, status, lamp_power_w, ST_AsText(geom), located_grid, updated_at"
        " FROM assetreg.streetlight ORDER BY 1",
    )


def history_count(dsn: str) -> int:
    return query(dsn, "SELECT count(*) FROM assetreg.asset_history")[0][0]


def submission(dsn: str, record: int) -> tuple:
    return query(
        dsn, "SELECT outcome, counts, file_sha256, file_name, submitted_by FROM assetreg.submission WHERE id = %s", (record,)
    )[0]


@pytest.fixture
def areas(registry, profile, tmp_path):
    """One district, street and community, and two grids side by side: x < X0+100 and beyond."""
    features = [
        ({"level": "district", "code": "440402", "name": "香洲区"}, square(X0 - 1000, Y0 - 1000, 4000)),
        ({"level": "street", "code": "440402001", "name": "拱北街道"}, square(X0 - 1000, Y0 - 1000, 4000)),
        ({"level": "community", "code": "440402001001", "name": "拱北第1社区"}, square(X0 - 1000, Y0 - 1000, 4000)),
        ({"level": "grid", "code": "440402001001001", "name": "网格1"}, square(X0 - 1000, Y0 - 1000, 1100)),
        ({"level": "grid", "code": "440402001001002", "name": "网格2"}, square(X0 + 100, Y0 - 1000, 1100)),
    ]
    load_areas(registry, write_geojson(tmp_path / "areas.geojson", features), profile)
    return registry


def test_update_changes_registered_assets_and_refuses_unknown_ones(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(3)), standard, profile, "streetlight")
    changed = write_geojson(tmp_path / "b.geojson", numbered_lights(3, lamp_power_w=150))
    result = import_delivery(registry, changed, standard, profile, "streetlight", mode="update")
    assert (result.inserted, result.updated, result.unchanged) == (0, 3, 0)
    assert {row[3] for row in lights_table(registry)} == {150.0}

    before = lights_table(registry)
    with pytest.raises(RefusedError, match="not in the registry") as refused:
        import_delivery(
            registry,
            write_geojson(tmp_path / "c.geojson", numbered_lights(2, start=3)),
            standard,
            profile,
            "streetlight",
            mode="update",
        )
    assert "44040201037000004" in refused.value.en
    assert lights_table(registry) == before


def test_upsert_touches_only_what_changed_and_history_says_what(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(4)), standard, profile, "streetlight")
    redelivery = numbered_lights(4)
    redelivery[1][0]["status"] = "damaged"
    redelivery[1][0]["change_date"] = "2026-11-01"
    result = import_delivery(
        registry, write_geojson(tmp_path / "b.geojson", redelivery), standard, profile, "streetlight", mode="upsert"
    )
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 3)
    updates = query(
        registry,
        "SELECT component_id, old_values ->> 'status', new_values ->> 'status', new_values ->> 'change_date', submission_id"
        " FROM assetreg.asset_history WHERE operation = 'update'",
    )
    assert updates == [("44040201037000002", "intact", "damaged", "2026-11-01", result.submission_id)]


def test_dry_run_reports_what_would_happen_and_changes_nothing(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(3)), standard, profile, "streetlight")
    before, history_before = lights_table(registry), history_count(registry)
    delivery = numbered_lights(4)  # 1-3 registered, 4 new
    delivery[0][0]["lamp_power_w"] = 90
    delivery[0][0]["name"] = "改名"
    delivery.append(({**delivery[0][0], "component_id": "44040201037000009", "lamp_type": "BAD"}, (X0, Y0 + 50)))
    path = write_geojson(tmp_path / "b.geojson", delivery)

    result = import_delivery(registry, path, standard, profile, "streetlight", mode="upsert", accept_valid=True, dry_run=True)
    assert (result.inserted, result.updated, result.unchanged, result.rejected) == (1, 1, 2, 1)
    assert result.changed_fields == {"lamp_power_w": 1, "name": 1}
    assert result.changed_samples == [("44040201037000001", ["name", "lamp_power_w"])]
    assert lights_table(registry) == before and history_count(registry) == history_before
    assert submission(registry, result.submission_id)[0] == "dry_run"
    assert query(registry, "SELECT count(*) FROM assetreg.quarantine")[0][0] == 0

    insert_dry = import_delivery(registry, path, standard, profile, "streetlight", accept_valid=True, dry_run=True)
    assert insert_dry.conflicts == ["44040201037000001", "44040201037000002", "44040201037000003"]


def test_replace_area_replaces_what_lies_inside_only(areas, standard, profile, tmp_path):
    registry = areas
    inside = numbered_lights(3)  # x = X0+30 … X0+90: grid 1
    outside = [(dict(inside[0][0], component_id="44040201037000050", grid_code="440402001001002"), (X0 + 500, Y0))]
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", inside + outside), standard, profile, "streetlight")

    delivery = [inside[0], (dict(inside[0][0], component_id="44040201037000007"), (X0 + 10, Y0 + 10))]
    result = import_delivery(
        registry,
        write_geojson(tmp_path / "b.geojson", delivery),
        standard,
        profile,
        "streetlight",
        mode="replace-area",
        area=Area(code="440402001001001"),
    )
    assert (result.inserted, result.updated, result.unchanged, result.deleted) == (1, 0, 1, 2)
    assert [row[0] for row in lights_table(registry)] == ["44040201037000001", "44040201037000007", "44040201037000050"]
    deleted = query(registry, "SELECT component_id FROM assetreg.asset_history WHERE operation = 'delete' ORDER BY 1")
    assert deleted == [("44040201037000002",), ("44040201037000003",)]

    before = lights_table(registry)
    with pytest.raises(RefusedError, match="outside the --area"):
        import_delivery(
            registry,
            write_geojson(tmp_path / "c.geojson", outside),
            standard,
            profile,
            "streetlight",
            mode="replace-area",
            area=Area(wkt=f"POLYGON(({X0} {Y0}, {X0 + 50} {Y0}, {X0 + 50} {Y0 + 50}, {X0} {Y0}))", srid=4547),
        )
    assert lights_table(registry) == before
    with pytest.raises(RefusedError, match="no administrative area or unit grid"):
        import_delivery(
            registry, write_geojson(tmp_path / "d.geojson", inside), standard, profile, "streetlight",
            mode="replace-area", area=Area(code="440402999"),
        )  # fmt: skip


COMMUNITY = Area(code="440402001001")


def replace_area(dsn, path, standard, profile, **options):
    return import_delivery(
        dsn, path, standard, profile, "streetlight", mode="replace-area", area=COMMUNITY, accept_valid=True, **options
    )


def test_replace_area_never_deletes_an_asset_whose_delivered_row_was_rejected(areas, standard, profile, tmp_path):
    registry = areas
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(5)), standard, profile, "streetlight")
    delivery = numbered_lights(3)  # 4 and 5 are not delivered; 2 and 3 are, with typos
    delivery[1][0]["lamp_type"] = "LDE"
    delivery[2][0]["lamp_power_w"] = -120
    path = write_geojson(tmp_path / "b.geojson", delivery)

    dry = replace_area(registry, path, standard, profile, dry_run=True)
    assert dry.deleted_ids == ["44040201037000004", "44040201037000005"]  # --dry-run lists them
    assert (dry.deleted, dry.kept_rejected, dry.rejected) == (2, 2, 2)
    text = describe_import(dry, "en")
    assert "44040201037000004" in text and "44040201037000005" in text and "44040201037000002" not in text

    done = replace_area(registry, path, standard, profile)
    assert (done.deleted, done.kept_rejected, done.rejected) == (2, 2, 2)
    assert [row[0] for row in lights_table(registry)] == ["44040201037000001", "44040201037000002", "44040201037000003"]
    assert "2 kept" in describe_import(done, "en")


@pytest.mark.parametrize(
    "identifier",
    [
        "4404020103700000X",  # a typo in the identifier itself: it might be any light of the area
        None,  # no identifier at all
        "44040201049000002",  # a distribution cabinet's class code: a typo of a light's, perhaps
        "44040201037000001",  # the identifier of another delivered row: one of the two is not what it says
    ],
)
def test_replace_area_deletes_nothing_while_a_rejected_row_has_no_identifier_to_trust(
    areas, standard, profile, tmp_path, identifier
):
    registry = areas
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(4)), standard, profile, "streetlight")
    delivery = numbered_lights(2)
    delivery[1][0]["component_id"] = identifier
    if identifier is None:
        del delivery[1][0]["component_id"]
    path = write_geojson(tmp_path / "b.geojson", delivery)
    before = lights_table(registry)

    dry = replace_area(registry, path, standard, profile, dry_run=True)
    assert (dry.deleted, dry.deleted_ids, dry.unidentified, dry.withheld) == (0, [], 1, 3)
    done = replace_area(registry, path, standard, profile)
    assert (done.deleted, done.unidentified, done.withheld) == (0, 1, 3)
    assert lights_table(registry) == before  # light 1 is delivered unchanged; nothing deleted
    message = describe_import(done, "en")
    assert "1 rejected feature" in message and "3 assets" in message and "nothing was deleted" in message


def test_replace_area_deletes_only_what_the_caller_confirmed(areas, standard, profile, tmp_path):
    registry = areas
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(3)), standard, profile, "streetlight")
    before = lights_table(registry)
    path = write_geojson(tmp_path / "b.geojson", numbered_lights(2))
    with pytest.raises(RefusedError, match="44040201037000003") as refused:
        replace_area(registry, path, standard, profile, confirm_delete=False)
    assert "confirm" in refused.value.en and lights_table(registry) == before
    # with nothing to delete there is nothing to confirm
    same = write_geojson(tmp_path / "c.geojson", numbered_lights(3))
    assert replace_area(registry, same, standard, profile, confirm_delete=False).deleted == 0


def test_every_delivery_leaves_a_submission_record(registry, standard, profile, tmp_path):
    good = write_geojson(tmp_path / "good.geojson", numbered_lights(2))
    accepted = import_delivery(registry, good, standard, profile, "streetlight")
    outcome, counts, sha256, name, who = submission(registry, accepted.submission_id)
    assert (outcome, counts["inserted"], name, who) == ("accepted", 2, "good.geojson", "postgres")
    assert sha256 == hashlib.sha256(good.read_bytes()).hexdigest()

    bad = write_geojson(tmp_path / "bad.geojson", numbered_lights(2, start=5, lamp_type="BAD"))
    with pytest.raises(RefusedError):
        import_delivery(registry, bad, standard, profile, "streetlight")
    rejected = query(registry, "SELECT outcome, report -> 'summary' FROM assetreg.submission ORDER BY id DESC LIMIT 1")[0]
    assert rejected[0] == "rejected" and rejected[1]["by_rule"]["schema.codelist"] == 2


def test_quarantine_round_trip(registry, standard, profile, tmp_path):
    delivery = numbered_lights(4)
    delivery[1][0]["lamp_type"] = "BAD"
    delivery[3][0]["lamp_power_w"] = -5
    result = import_delivery(
        registry, write_geojson(tmp_path / "a.geojson", delivery), standard, profile, "streetlight", accept_valid=True
    )
    assert (result.inserted, result.rejected) == (2, 2)
    assert submission(registry, result.submission_id)[0] == "partially_accepted"
    kept = query(
        registry, "SELECT feature_number, component_id, properties ->> 'lamp_type', findings FROM assetreg.quarantine ORDER BY 1"
    )
    assert [(row[0], row[1], row[2]) for row in kept] == [(2, "44040201037000002", "BAD"), (4, "44040201037000004", "LED")]
    assert [f["rule"] for f in kept[1][3]] == ["schema.range"]

    exported = tmp_path / "fix.gpkg"
    assert quarantine.export(registry, result.submission_id, exported) == 2
    dataset = ogr.Open(str(exported), 1)
    layer = dataset.GetLayer(0)
    for feature in layer:  # the contractor fixes what the findings say
        assert feature.GetField("chk_rules") in ("schema.codelist", "schema.range")
        feature.SetField("lamp_type", "LED")
        feature.SetField("lamp_power_w", "120")
        layer.SetFeature(feature)
    dataset = None
    fixed = import_delivery(registry, exported, standard, profile, "streetlight")
    assert (fixed.inserted, fixed.rejected) == (2, 0)
    assert len(lights_table(registry)) == 4


def test_assets_are_located_by_their_grid_and_grid_codes_checked(areas, standard, profile, tmp_path):
    registry = areas
    delivery = numbered_lights(3)
    delivery[1][0]["grid_code"] = "440402001001002"  # the point lies in grid 1
    delivery[2][0]["grid_code"] = "440402001001099"  # no such grid
    result = import_delivery(registry, write_geojson(tmp_path / "a.geojson", delivery), standard, profile, "streetlight")
    rules = sorted((f.rule, f.feature) for f in result.report.warnings)
    assert rules == [("registry.grid_mismatch", 2), ("registry.unknown_grid", 3)]
    located = query(
        registry, "SELECT located_grid, located_community, located_street, located_district FROM assetreg.streetlight"
    )
    assert set(located) == {("440402001001001", "440402001001", "440402001", "440402")}

    # an edit in QGIS moves a light into grid 2: the row trigger locates it again
    query(registry, f"UPDATE assetreg.streetlight SET geom = ST_SetSRID(ST_MakePoint({X0 + 600}, {Y0}), 4547) "
          "WHERE component_id = '44040201037000001'")  # fmt: skip
    assert query(registry, "SELECT located_grid FROM assetreg.streetlight WHERE component_id = '44040201037000001'") == [
        ("440402001001002",)
    ]


def test_loading_grids_locates_assets_already_registered(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(2)), standard, profile, "streetlight")
    assert query(registry, "SELECT DISTINCT located_grid FROM assetreg.streetlight") == [(None,)]
    grids = [({"level": "grid", "code": "440402001001001", "name": "网格1"}, square(X0 - 1000, Y0 - 1000, 3000))]
    loaded = load_areas(registry, write_geojson(tmp_path / "g.geojson", grids), profile)
    assert loaded.relocated == 2
    assert query(registry, "SELECT DISTINCT located_grid FROM assetreg.streetlight") == [("440402001001001",)]
    assert query(registry, "SELECT count(*) FROM assetreg.asset_history WHERE operation = 'update'") == [(0,)]


FAMILY_CASES = {
    "road_segment": (road, ROAD_LINE),
    "bridge": (bridge, (X0, Y0)),
    "tree": (tree, (X0, Y0)),
    "park": (park, square(X0, Y0, 200)),
}


@pytest.mark.parametrize("family_name", sorted(FAMILY_CASES))
def test_every_family_imports_is_located_and_keeps_history(areas, standard, profile, tmp_path, family_name):
    registry = areas
    build, geometry = FAMILY_CASES[family_name]
    path = write_geojson(tmp_path / f"{family_name}.geojson", [(build(), geometry)])
    result = import_delivery(registry, path, standard, profile, family_name)
    assert result.inserted == 1, result.report.summary_text("en")
    table = standard.family(family_name).table
    assert query(registry, f"SELECT located_grid FROM assetreg.{table}") == [("440402001001001",)]
    changed = write_geojson(tmp_path / "changed.geojson", [(build(remarks="复核"), geometry)])
    assert import_delivery(registry, changed, standard, profile, family_name, mode="upsert").updated == 1
    assert query(registry, "SELECT family, operation, old_values ->> 'remarks' FROM assetreg.asset_history") == [
        (table, "update", None)
    ]
    assert query(registry, f"SELECT created_submission FROM assetreg.{table}") == [(result.submission_id,)]


def constraints_and_indexes(dsn: str) -> list[tuple]:
    return query(
        dsn,
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'assetreg.streetlight'::regclass"
        " UNION ALL SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'assetreg' AND tablename = 'streetlight'"
        " ORDER BY 1, 2",  # a primary key is a constraint and an index of one name
    )


def test_a_bulk_load_sets_keys_and_spatial_index_aside_and_restores_them(registry, standard, profile, tmp_path, monkeypatch):
    from asset_registry.storage.importing import staging

    monkeypatch.setattr(staging, "BULK_LOAD_MIN", 2)
    before = constraints_and_indexes(registry)
    assert any("FOREIGN KEY" in d for _, d in before) and any("gist" in d for _, d in before)
    calls = []
    original = staging.is_bulk_load
    monkeypatch.setattr(staging, "is_bulk_load", lambda *args: calls.append(original(*args)) or calls[-1])

    first = import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(3)), standard, profile)
    assert first.inserted == 3 and calls == [True]
    assert constraints_and_indexes(registry) == before
    assert query(registry, "SELECT count(*) FROM assetreg_app.bulk_suspension") == [(0,)]
    second = import_delivery(registry, write_geojson(tmp_path / "b.geojson", numbered_lights(2, start=4)), standard, profile)
    assert second.inserted == 2 and calls == [True, False]  # fewer new than registered: a routine import


def test_only_those_who_may_insert_can_suspend_keys(registry):
    import psycopg2

    conn = psycopg2.connect(registry)
    try:
        with conn.cursor() as cur, pytest.raises(psycopg2.errors.RaiseException, match="refusal.bulk.not_a_family_table"):
            cur.execute("SELECT assetreg_app.suspend_for_bulk_load('submission')")
    finally:
        conn.close()
