"""Inspection records in the registry: patrol imports, the condition they update, the lighting rate
with patrols, attachments, roles and revision 0004."""

from __future__ import annotations

import hashlib

import psycopg2
import pytest
from asset_registry.core.errors import RefusedError
from asset_registry.core.validate import validate_delivery
from asset_registry.storage import attachments, history, migrate
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.kpi import lighting_rate_by_road_class
from asset_registry.storage.workorders import close_work_orders, record_outages

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, bridge, numbered_lights, tree, write_geojson
from tests.unit.test_cli import assetreg

LIGHT = "44040201037{:06d}"


def patrol(serial: int, lit: bool, at: str = "2026-04-20T21:30:00+08:00", **extra) -> dict:
    return {
        "inspection_id": f"NP-{serial:04d}-{at[:10]}",
        "kind": "lighting_patrol",
        "component_id": LIGHT.format(serial),
        "inspected_at": at,
        "inspector": "李明",
        "lit": lit,
        **extra,
    }


def import_patrols(registry, standard, profile, path, **options):
    return import_delivery(registry, path, standard, profile, "inspection", **options)


@pytest.fixture
def ten_lights(registry, standard, profile, tmp_path):
    features = numbered_lights(4, start=1, road_class="arterial") + numbered_lights(6, start=5, road_class="branch")
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", features), standard, profile)
    return registry


def test_patrol_geojson_is_imported_with_its_assets_grid_and_submission(ten_lights, standard, profile, tmp_path):
    records = [
        (patrol(1, True), XIANGZHOU_XY),  # where the inspector stood
        (patrol(2, False), None),  # no position: it names its light
        (patrol(3, True, photos=["p/3-a.jpg", 'p/3 "b".jpg']), None),
    ]
    result = import_patrols(ten_lights, standard, profile, write_geojson(tmp_path / "patrol.geojson", records))
    assert (result.staged, result.inserted, result.updated, result.rejected) == (3, 3, 0, 0)
    assert result.outcome == "accepted"
    rows = query(
        ten_lights,
        "SELECT i.component_id, i.lit, i.inspector, i.asset_family, i.asset_uid = s.uid, i.geom IS NOT NULL,"
        " i.located_grid IS NOT DISTINCT FROM s.located_grid, i.submission_id, i.photos"
        " FROM assetreg.inspection i JOIN assetreg.streetlight s USING (component_id) ORDER BY 1",
    )
    assert [r[:7] for r in rows] == [
        (LIGHT.format(1), True, "李明", "streetlight", True, True, True),
        (LIGHT.format(2), False, "李明", "streetlight", True, False, True),
        (LIGHT.format(3), True, "李明", "streetlight", True, False, True),
    ]
    assert {r[7] for r in rows} == {result.submission_id}
    assert rows[2][8] == ["p/3-a.jpg", 'p/3 "b".jpg']
    assert query(ten_lights, "SELECT family, outcome, counts ->> 'inserted' FROM assetreg.submission WHERE id = %s",
                 (result.submission_id,)) == [("inspection", "accepted", "3")]  # fmt: skip
    # the assets themselves did not change: no status was found
    assert query(ten_lights, "SELECT count(*) FROM assetreg.asset_history WHERE operation = 'update'") == [(0,)]


def test_patrol_csv_without_positions(ten_lights, standard, profile, tmp_path):
    path = tmp_path / "patrol.csv"
    path.write_text(
        "记录编号,巡查类型,管理部件标识码,巡查时间,巡查人,是否亮灯\n"
        f"C-1,lighting_patrol,{LIGHT.format(4)},2026-04-21T22:00:00+08:00,王五,true\n"
        f"C-2,lighting_patrol,{LIGHT.format(5)},2026-04-21T22:05:00+08:00,王五,false\n"
        f"C-3,lighting_patrol,{LIGHT.format(6)},2026-04-21T22:10:00+08:00,王五,false\n",
        encoding="utf-8",
    )
    result = import_patrols(ten_lights, standard, profile, path)
    assert (result.staged, result.inserted, result.rejected) == (3, 3, 0)
    assert query(ten_lights, "SELECT inspection_id, lit, geom IS NULL FROM assetreg.inspection ORDER BY 1") == [
        ("C-1", True, True),
        ("C-2", False, True),
        ("C-3", False, True),
    ]


def test_unknown_component_is_refused_and_listed_or_quarantined(ten_lights, standard, profile, tmp_path):
    records = [(patrol(1, True), None), (patrol(98, False), None), (patrol(99, False), None)]
    path = write_geojson(tmp_path / "patrol.geojson", records)
    with pytest.raises(RefusedError) as refused:
        import_patrols(ten_lights, standard, profile, path)
    assert LIGHT.format(98) in refused.value.en and LIGHT.format(99) in refused.value.zh
    assert [f.rule for f in refused.value.report.findings] == ["registry.unknown_component"] * 2
    assert query(ten_lights, "SELECT count(*) FROM assetreg.inspection") == [(0,)]
    assert query(ten_lights, "SELECT outcome FROM assetreg.submission ORDER BY id DESC LIMIT 1") == [("rejected",)]

    accepted = import_patrols(ten_lights, standard, profile, path, accept_valid=True)
    assert (accepted.inserted, accepted.rejected, accepted.outcome) == (1, 2, "partially_accepted")
    assert query(ten_lights, "SELECT component_id FROM assetreg.inspection") == [(LIGHT.format(1),)]
    assert query(
        ten_lights,
        "SELECT component_id FROM assetreg.quarantine WHERE submission_id = %s ORDER BY 1",
        (accepted.submission_id,),
    ) == [(LIGHT.format(98),), (LIGHT.format(99),)]


def test_the_same_records_twice_are_refused_not_doubled(ten_lights, standard, profile, tmp_path):
    path = write_geojson(tmp_path / "patrol.geojson", [(patrol(1, True), None)])
    import_patrols(ten_lights, standard, profile, path)
    with pytest.raises(RefusedError, match="NP-0001"):
        import_patrols(ten_lights, standard, profile, path)
    assert query(ten_lights, "SELECT count(*) FROM assetreg.inspection") == [(1,)]


def test_records_are_only_added(ten_lights, standard, profile, tmp_path):
    path = write_geojson(tmp_path / "patrol.geojson", [(patrol(1, True), None)])
    result = assetreg("--lang", "en", "import", str(path), "--class", "inspection", "--mode", "upsert", "--dsn", ten_lights)
    assert result.returncode == 2 and "only added" in result.stderr and "Traceback" not in result.stderr


def test_validate_with_dsn_reports_unknown_components(ten_lights, tmp_path):
    path = write_geojson(tmp_path / "patrol.geojson", [(patrol(1, True), None), (patrol(77, True), None)])
    result = assetreg("--lang", "en", "validate", str(path), "--class", "inspection", "--dsn", ten_lights)
    assert result.returncode == 1 and "registry.unknown_component" in result.stdout and LIGHT.format(77) in result.stdout


def test_survey_updates_status_and_change_date_with_history(ten_lights, standard, profile, tmp_path):
    records = [
        # a damaged light; its status and change date follow, dated in the city's time zone (02:10 on the 21st)
        (patrol(1, False, "2026-04-20T18:10:00Z", status_found="damaged"), None),
        # an older record of the same light in the same delivery does not win
        (patrol(1, True, "2026-04-19T21:00:00+08:00", status_found="intact"), None),
        # intact as registered: nothing to change
        (patrol(2, True, status_found="intact"), None),
    ]
    result = import_patrols(ten_lights, standard, profile, write_geojson(tmp_path / "p.geojson", records))
    assert (result.inserted, result.updated) == (3, 1)
    assert query(
        ten_lights,
        "SELECT component_id, status, change_date::text FROM assetreg.streetlight" " WHERE component_id IN (%s, %s) ORDER BY 1",
        (LIGHT.format(1), LIGHT.format(2)),
    ) == [  # fmt: skip
        (LIGHT.format(1), "damaged", "2026-04-21"),
        (LIGHT.format(2), "intact", None),
    ]
    entries = history.history(ten_lights, LIGHT.format(1))
    assert [e.operation for e in entries] == ["insert", "update"]
    assert entries[1].submission_id == result.submission_id
    assert set(entries[1].changed_fields()) == {"status", "change_date"}
    shown = assetreg("--lang", "en", "history", LIGHT.format(1), "--dsn", ten_lights)
    assert shown.returncode == 0 and "status: intact → damaged" in shown.stdout
    assert str(result.submission_id) in shown.stdout

    # an older survey delivered later does not overwrite what a newer one found
    late = [(patrol(1, True, "2026-04-01T21:00:00+08:00", status_found="intact"), None)]
    again = import_patrols(ten_lights, standard, profile, write_geojson(tmp_path / "late.geojson", late))
    assert (again.inserted, again.updated) == (1, 0)
    assert query(ten_lights, "SELECT status FROM assetreg.streetlight WHERE component_id = %s", (LIGHT.format(1),)) == [
        ("damaged",)
    ]


def test_a_tree_survey_updates_the_fields_the_schemas_share(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "t.geojson", [(tree(), XIANGZHOU_XY)]), standard, profile)
    survey = {
        "inspection_id": "TS-1",
        "kind": "tree_survey",
        "component_id": "44040204002000001",
        "inspected_at": "2026-04-02T10:00:00+08:00",
        "vigour": "weak",
        "notes": "叶片发黄",  # free text is not condition: the tree's remarks stay as they are
    }
    result = import_patrols(registry, standard, profile, write_geojson(tmp_path / "s.geojson", [(survey, None)]))
    assert (result.inserted, result.updated) == (1, 1)
    assert query(registry, "SELECT vigour, status, remarks FROM assetreg.tree") == [("weak", "intact", None)]
    assert history.history(registry, "44040204002000001")[1].changed_fields() == ["vigour"]


def test_a_bridge_inspection_updates_bci_and_grade(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "b.geojson", [(bridge(), XIANGZHOU_XY)]), standard, profile)
    found = {
        "inspection_id": "BI-1",
        "kind": "bridge_inspection",
        "component_id": "44040202009000001",
        "inspected_at": "2026-04-02T10:00:00+08:00",
        "bci": 72,
        "bci_grade": "C",
    }
    result = import_patrols(registry, standard, profile, write_geojson(tmp_path / "s.geojson", [(found, None)]))
    assert result.updated == 1
    assert query(registry, "SELECT bci, bci_grade FROM assetreg.bridge") == [(72, "C")]


# -- lighting rate with patrols -----------------------------------------------------------------


def test_lighting_rate_counts_lights_their_latest_patrol_found_unlit(ten_lights, standard, profile, tmp_path):
    # arterial 1–4, branch 5–10, all should be on.
    records = [
        (patrol(1, False, "2026-04-18T21:00:00+08:00"), None),
        (patrol(1, True, "2026-04-20T21:00:00+08:00"), None),  # 1: latest patrol lit → on
        (patrol(2, True, "2026-04-18T21:00:00+08:00"), None),
        (patrol(2, False, "2026-04-20T21:00:00+08:00"), None),  # 2: latest patrol unlit → off
        (patrol(5, False, "2026-04-20T21:00:00+08:00"), None),  # 5: unlit, and an open outage → off (once)
        (patrol(6, False, "2026-04-20T21:00:00+08:00"), None),  # 6: unlit, repaired after → on
        (patrol(7, False, "2026-04-20T21:00:00+08:00"), None),  # 7: unlit, no case → off
    ]
    import_patrols(ten_lights, standard, profile, write_geojson(tmp_path / "p.geojson", records))
    with connection(ten_lights) as conn, conn:
        record_outages(conn, "streetlight", [LIGHT.format(3), LIGHT.format(5), LIGHT.format(6)], "out")
        close_work_orders(conn, [LIGHT.format(6)])  # closed now, after the patrol of the 20th
    # off: arterial 2 (patrol), 3 (case); branch 5 (both), 7 (patrol)
    with connection(ten_lights) as conn:
        rows = {row.road_class: row for row in lighting_rate_by_road_class(conn)}
    assert (rows["arterial"].lights_should_be_on, rows["arterial"].lights_on) == (4, 2)
    assert (rows["branch"].lights_should_be_on, rows["branch"].lights_on) == (6, 4)
    assert (rows[None].lights_should_be_on, rows[None].lights_on) == (10, 6)
    assert rows["branch"].lighting_rate == pytest.approx(0.6667, abs=1e-4)
    latest = query(ten_lights, "SELECT component_id, lit FROM assetreg_app.streetlight_latest_patrol ORDER BY 1")
    assert latest == [(LIGHT.format(n), n == 1) for n in (1, 2, 5, 6, 7)]

    # a later patrol that finds light 2 lit brings it back
    back = [(patrol(2, True, "2026-04-22T21:00:00+08:00"), None)]
    import_patrols(ten_lights, standard, profile, write_geojson(tmp_path / "q.geojson", back))
    with connection(ten_lights) as conn:
        rows = {row.road_class: row for row in lighting_rate_by_road_class(conn)}
    assert rows["arterial"].lights_on == 3


# -- attachments ----------------------------------------------------------------------------------


def test_attachments_of_an_inspection_and_a_case_keep_hash_size_and_type(ten_lights, standard, profile, tmp_path):
    import_patrols(ten_lights, standard, profile, write_geojson(tmp_path / "p.geojson", [(patrol(1, False), None)]))
    photo = tmp_path / "lamp.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 10)
    inspection_uid = query(ten_lights, "SELECT uid::text FROM assetreg.inspection")[0][0]
    with connection(ten_lights) as conn, conn:
        record_outages(conn, "streetlight", [LIGHT.format(1)], "out")
    case_id = query(ten_lights, "SELECT work_order_id FROM assetreg.work_order_asset")[0][0]
    with connection(ten_lights) as conn, conn:
        of_inspection = attachments.add(conn, photo, inspection_uid=inspection_uid)
        of_case = attachments.add(conn, photo, work_order_id=case_id, uri="s3://assetreg/photos/lamp.jpg")
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert (of_inspection.sha256, of_inspection.size_bytes, of_inspection.media_type) == (digest, 2563, "image/jpeg")
    assert of_inspection.uri == photo.resolve().as_uri() and of_case.uri == "s3://assetreg/photos/lamp.jpg"
    assert query(ten_lights, "SELECT count(*) FROM assetreg.attachment WHERE sha256 = %s", (digest,)) == [(2,)]
    with connection(ten_lights) as conn:
        assert attachments.verify(conn, of_inspection.id, photo)
        photo.write_bytes(b"changed")
        assert not attachments.verify(conn, of_inspection.id, photo)
    with pytest.raises(psycopg2.errors.CheckViolation):  # an attachment belongs to one inspection or one case
        query(ten_lights, "INSERT INTO assetreg.attachment (sha256, size_bytes, media_type, uri, file_name)"
              " VALUES (repeat('a', 64), 1, 'image/jpeg', 'x', 'x')")  # fmt: skip


# -- errors, roles, migration ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_malformed_patrol_file_exits_2_with_a_message(ten_lights, tmp_path, lang):
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "prop', encoding="utf-8")
    result = assetreg("--lang", lang, "import", str(path), "--class", "inspection", "--dsn", ten_lights)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stderr.strip()
    assert ("无法" in result.stderr) if lang == "zh" else ("cannot" in result.stderr.lower())
    assert query(ten_lights, "SELECT count(*) FROM assetreg.inspection") == [(0,)]


def test_the_crew_imports_patrols_and_adds_photos_a_viewer_reads(ten_lights, standard, profile, tmp_path, login_as):
    crew = login_as("assetreg_crew")
    path = write_geojson(tmp_path / "p.geojson", [(patrol(1, False, status_found="damaged"), None)])
    result = import_patrols(crew, standard, profile, path)
    assert (result.inserted, result.updated) == (1, 1)
    photo = tmp_path / "a.png"
    photo.write_bytes(b"\x89PNG")
    with connection(crew) as conn, conn:
        uid = query(ten_lights, "SELECT uid::text FROM assetreg.inspection")[0][0]
        attachments.add(conn, photo, inspection_uid=uid)
    viewer = login_as("assetreg_viewer")
    assert query(viewer, "SELECT count(*) FROM assetreg.inspection") == [(1,)]
    assert query(viewer, "SELECT count(*) FROM assetreg.attachment") == [(1,)]
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        query(viewer, "DELETE FROM assetreg.inspection")
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        query(crew, "UPDATE assetreg.inspection SET lit = true")


def test_revision_0004_on_a_registry_of_0003_equals_a_fresh_install_and_downgrades(empty_db, registry, profile):
    from tests.db.test_schema import _schema_dump

    migrate.upgrade(empty_db, profile, "0003")
    assert migrate.upgrade(empty_db, profile) == migrate.head_revision()
    assert _schema_dump(empty_db) == _schema_dump(registry)
    assert migrate.downgrade(empty_db, profile, "0003") == "0003"
    assert query(empty_db, "SELECT to_regclass('assetreg.inspection'), to_regclass('assetreg.attachment')") == [(None, None)]
    assert migrate.upgrade(empty_db, profile) == migrate.head_revision()
    assert _schema_dump(empty_db) == _schema_dump(registry)


def test_inspections_are_not_an_asset_family(registry):
    families = [row[0] for row in query(registry, "SELECT table_name FROM assetreg_app.family_tables()")]
    assert "inspection" not in families and "streetlight" in families and len(families) == 7
    assert "inspection" not in migrate.status(registry).asset_counts
    triggers = query(registry, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'assetreg.inspection'::regclass")
    assert triggers[0][0] > 0  # foreign-key triggers only; no history triggers on records
    assert query(registry, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'assetreg.inspection'::regclass"
                 " AND tgname LIKE 'history%%'") == [(0,)]  # fmt: skip


def test_surveys_carry_bci_by_component_group_and_a_trees_lean_pests_and_risk(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "b.geojson", [(bridge(), XIANGZHOU_XY)]), standard, profile)
    import_delivery(registry, write_geojson(tmp_path / "t.geojson", [(tree(), XIANGZHOU_XY)]), standard, profile)
    records = [
        {"inspection_id": "BI-2", "kind": "bridge_inspection", "component_id": "44040202009000001",
         "inspected_at": "2026-04-02T10:00:00+08:00", "bci": 78, "bci_grade": "C",
         "bci_deck": 70, "bci_superstructure": 82, "bci_substructure": 76},
        {"inspection_id": "TS-2", "kind": "tree_survey", "component_id": "44040204002000001",
         "inspected_at": "2026-04-02T11:00:00+08:00", "vigour": "weak", "lean_deg": 12.5, "pests": True,
         "tree_risk": "high"},
    ]  # fmt: skip
    result = import_patrols(registry, standard, profile, write_geojson(tmp_path / "s.geojson", [(r, None) for r in records]))
    assert result.inserted == 2
    rows = query(
        registry,
        "SELECT inspection_id, bci_deck, bci_superstructure, bci_substructure, lean_deg, pests, tree_risk"
        " FROM assetreg.inspection ORDER BY 1",
    )
    assert rows == [("BI-2", 70, 82, 76, None, None, None), ("TS-2", None, None, None, 12.5, True, "high")]
    assert query(registry, "SELECT bci, bci_grade FROM assetreg.bridge") == [(78, "C")]
    bad = dict(records[1], inspection_id="TS-3", tree_risk="very high", lean_deg=95)
    bad_file = write_geojson(tmp_path / "bad.geojson", [(bad, None)])
    findings = validate_delivery(bad_file, standard, profile, "inspection").findings
    assert {(finding.rule, finding.field) for finding in findings} == {
        ("schema.codelist", "tree_risk"),
        ("schema.range", "lean_deg"),
    }
    with pytest.raises(RefusedError):
        import_patrols(registry, standard, profile, bad_file)
    assert query(registry, "SELECT count(*) FROM assetreg.inspection") == [(2,)]


def test_revision_0006_adds_the_survey_fields_as_a_fresh_install_has_them(empty_db, registry, profile):
    from tests.db.test_schema import _schema_dump

    migrate.upgrade(empty_db, profile, "0005")
    assert "tree_risk" not in {row[0] for row in query(empty_db, COLUMNS)}
    assert migrate.upgrade(empty_db, profile) == migrate.head_revision()
    assert _schema_dump(empty_db) == _schema_dump(registry)
    assert query(empty_db, "SELECT code FROM assetreg.cl_tree_risk ORDER BY sort_order") == [
        ("low",),
        ("moderate",),
        ("high",),
        ("extreme",),
    ]
    assert migrate.downgrade(empty_db, profile, "0005") == "0005"
    assert "tree_risk" not in {row[0] for row in query(empty_db, COLUMNS)}


COLUMNS = "SELECT column_name FROM information_schema.columns WHERE table_schema = 'assetreg' AND table_name = 'inspection'"
