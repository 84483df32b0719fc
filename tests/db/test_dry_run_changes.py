"""A dry run's changes record by record (storage/importing/plan.py), through the command line: as many of each
kind as the dry run's summary counts, the changed fields named, nothing imported."""

from __future__ import annotations

from osgeo import ogr

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson
from tests.unit.test_cli import assetreg


def kinds_in(path) -> dict[str, list]:
    dataset = ogr.Open(str(path))
    found: dict[str, list] = {}
    for feature in dataset.GetLayerByName("changes"):
        found.setdefault(feature.GetField("change_kind"), []).append(feature)
    return found


def test_the_dry_run_writes_each_change_with_exactly_the_summary_s_counts(registry, standard, profile, tmp_path):
    from asset_registry.storage.importing import import_delivery

    first = assetreg("import", str(write_geojson(tmp_path / "first.geojson", numbered_lights(3))), "--dsn", registry)
    assert first.returncode == 0, first.stderr
    delivery = write_geojson(
        tmp_path / "next.geojson",
        [
            *numbered_lights(1, status="damaged", status_date="2026-01-05"),  # changed
            *numbered_lights(1, start=2),  # unchanged
            *numbered_lights(2, start=4),  # new
            (light(component_id="44040201037000009", lamp_type="X"), XIANGZHOU_XY),  # rejected
        ],
    )
    changes = tmp_path / "changes.gpkg"
    run = assetreg(
        "--lang", "en", "import", str(delivery), "--dsn", registry, "--mode", "upsert", "--accept-valid",
        "--dry-run", "--changes", str(changes),
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    found = kinds_in(changes)
    counted = {kind: len(found.get(kind, [])) for kind in ("new", "changed", "deleted", "rejected")}
    summary = import_delivery(
        registry, delivery, standard, profile, "streetlight", mode="upsert", accept_valid=True, dry_run=True
    )
    assert counted == {
        "new": summary.inserted,
        "changed": summary.updated,
        "deleted": summary.deleted,
        "rejected": summary.rejected,
    }
    assert counted == {"new": 2, "changed": 1, "deleted": 0, "rejected": 1}
    assert found["changed"][0].GetField("component_id") == "44040201037000001"
    assert found["changed"][0].GetField("changed_fields") == "Component status"
    assert "code list" in found["rejected"][0].GetField("findings")
    assert "4 changes written" in run.stdout
    assert query(registry, "SELECT count(*) FROM assetreg.streetlight") == [(3,)]  # a dry run imports nothing


def test_changes_without_a_dry_run_is_refused_before_any_work(registry, tmp_path):
    delivery = write_geojson(tmp_path / "d.geojson", numbered_lights(2))
    run = assetreg("--lang", "en", "import", str(delivery), "--dsn", registry, "--changes", str(tmp_path / "c.gpkg"))
    assert run.returncode == 2 and "--dry-run" in run.stderr and "Traceback" not in run.stderr
    assert query(registry, "SELECT count(*) FROM assetreg.submission") == [(0,)]
