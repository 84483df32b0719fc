"""Reviewing deliveries on the map (issue 14): the error layer, the dry-run layer, the submissions panel and
the mapping dialog, in a real QGIS with a real registry."""

from __future__ import annotations

import pytest
from asset_registry.core.messages import text
from asset_registry.qgis_common import review_load
from qgis.core import QgsProject, QgsVectorLayer

from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson

VALIDATE = "asset_registry:validate_submission"


@pytest.fixture
def opened_urls():
    """The URLs the plugin would open in the browser."""
    urls = []
    review_load.set_url_opener(urls.append)
    yield urls
    review_load.set_url_opener(None)


@pytest.fixture
def project():
    QgsProject.instance().clear()
    yield QgsProject.instance()
    QgsProject.instance().clear()


FAR_AWAY = (XIANGZHOU_XY[0] + 500000, XIANGZHOU_XY[1])


def faulty_lights(path, and_one_failing_twice: bool = False):
    """Six lights: three fine, two with a lamp type off the code list, one outside the city; and a seventh
    with both faults."""
    twice = [(light(component_id="44040201037000007", lamp_type="Z"), FAR_AWAY)] if and_one_failing_twice else []
    return write_geojson(
        path,
        [
            *numbered_lights(3),
            (light(component_id="44040201037000004", lamp_type="X"), XIANGZHOU_XY),
            (light(component_id="44040201037000005", lamp_type="Y"), XIANGZHOU_XY),
            (light(component_id="44040201037000006"), FAR_AWAY),
            *twice,
        ],
    )


def test_validation_adds_the_error_layer_styled_by_rule_and_opens_the_report(plugin, project, opened_urls, tmp_path):
    import processing

    path = faulty_lights(tmp_path / "lights.geojson", and_one_failing_twice=True)
    result = processing.runAndLoadResults(VALIDATE, {"INPUT": str(path), "CLASS": 0})
    assert result["ERRORS"] == 5
    layers = [layer for layer in project.mapLayers().values() if isinstance(layer, QgsVectorLayer)]
    assert len(layers) == 1
    layer = layers[0]
    assert layer.name() == text("review.layer.errors", "zh", name="lights")
    # a feature failing two rules is in both rules' categories: 4 failing features, 5 rows
    assert layer.featureCount() == 5
    assert sorted(f["chk_feature"] for f in layer.getFeatures()) == [4, 5, 6, 7, 7]
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "chk_rule"
    assert [category.value() for category in renderer.categories()] == ["schema.codelist", "geometry.outside_extent"]
    labels = [category.label() for category in renderer.categories()]
    assert labels == ["值不在代码表中 3 处 · schema.codelist", "位置超出本市范围 2 处 · geometry.outside_extent"]
    assert renderer.usingSymbolLevels()  # the rarer rule drawn above where a feature fails both
    # the finding is what the identify panel names and the form shows, under Chinese names
    assert layer.displayExpression() == '"chk_messages_zh"'
    assert layer.attributeDisplayName(layer.fields().indexOf("chk_messages_zh")) == "问题说明"
    twice = {f["chk_rule"]: f["chk_messages_zh"] for f in layer.getFeatures() if f["chk_feature"] == 7}
    assert "范围之外" in twice["geometry.outside_extent"] and "代码表" in twice["schema.codelist"]
    # the HTML report is opened in the browser
    assert [url.toLocalFile() for url in opened_urls] == [result["REPORT"]]
    assert result["REPORT"].endswith(".html")


IMPORT = "asset_registry:import_delivery"
GRID = "440402001001001"


@pytest.fixture
def gridded_lights(lights_db, profile, tmp_path):
    """The registry of six lights, with a grid around them."""
    from asset_registry.storage.areas import load_areas

    x, y = XIANGZHOU_XY
    square = [[x - 500, y - 500], [x + 500, y - 500], [x + 500, y + 500], [x - 500, y + 500], [x - 500, y - 500]]
    grid = {"type": "Polygon", "coordinates": [square]}
    load_areas(lights_db, write_geojson(tmp_path / "grid.geojson", [({"level": "grid", "code": GRID}, grid)]), profile)
    return lights_db


def test_the_dry_run_adds_a_layer_of_what_would_change_with_exactly_its_counts(plugin, project, gridded_lights, tmp_path):
    """The registry holds lights 1-6; the delivery changes 1-2, leaves 3 alone, adds 7-8, rejects 9 and omits
    4-6 of the grid it replaces."""
    import processing
    from asset_registry.storage.importing import MODES

    path = write_geojson(
        tmp_path / "lights.geojson",
        [
            *numbered_lights(2, status="damaged", status_date="2026-01-05"),
            *numbered_lights(1, start=3),
            *numbered_lights(2, start=7),
            (light(component_id="44040201037000009", lamp_type="X"), XIANGZHOU_XY),
        ],
    )
    parameters = {
        "INPUT": str(path),
        "CLASS": 0,
        "DSN": gridded_lights,
        "MODE": MODES.index("replace-area"),
        "AREA": GRID,
        "ACCEPT_VALID": True,
        "DRY_RUN": True,
    }
    result = processing.runAndLoadResults(IMPORT, parameters)
    layers = [layer for layer in project.mapLayers().values() if isinstance(layer, QgsVectorLayer)]
    assert len(layers) == 1
    layer = layers[0]
    kinds = [feature["change_kind"] for feature in layer.getFeatures()]
    counts = {kind: kinds.count(kind) for kind in ("new", "changed", "deleted", "rejected")}
    assert counts == {
        "new": result["INSERTED"],
        "changed": result["UPDATED"],
        "deleted": result["DELETED"],
        "rejected": result["REJECTED"],
    }
    assert counts == {"new": 2, "changed": 2, "deleted": 3, "rejected": 1}
    assert len(kinds) == sum(counts.values())
    changed = {f["component_id"]: f["changed_fields"] for f in layer.getFeatures() if f["change_kind"] == "changed"}
    assert set(changed) == {"44040201037000001", "44040201037000002"}
    assert all("状态" in fields for fields in changed.values())
    rejected = next(f for f in layer.getFeatures() if f["change_kind"] == "rejected")
    assert rejected["component_id"] == "44040201037000009" and "代码表" in rejected["findings"]
    assert all(not f.geometry().isNull() for f in layer.getFeatures())
    renderer = layer.renderer()
    assert renderer.classAttribute() == "change_kind"
    assert [c.label() for c in renderer.categories()] == ["新增 · 2", "变更 · 2", "删除 · 3", "拒收 · 1"]
    assert layer.editorWidgetSetup(layer.fields().indexOf("fid")).type() == "Hidden"  # not in the form


def test_the_submissions_panel_lists_a_submission_opens_its_report_and_loads_its_quarantine(
    plugin, project, lights_db, opened_urls, tmp_path
):
    import processing
    from asset_registry.gui.submissions_dock import DOCK_NAME, SubmissionsDock

    path = faulty_lights(tmp_path / "lights.geojson")
    done = processing.run(IMPORT, {"INPUT": str(path), "CLASS": 0, "DSN": lights_db, "MODE": 2, "ACCEPT_VALID": True})
    assert done["REJECTED"] == 3
    dock = SubmissionsDock(lambda: lights_db)
    assert dock.objectName() == DOCK_NAME
    dock.refresh()
    latest = dock.rows[0]
    assert latest.id == done["SUBMISSION"] and latest.file_name == "lights.geojson"
    cells = [dock.table.item(0, column).text() for column in range(dock.table.columnCount())]
    assert (
        cells[0] == str(done["SUBMISSION"])
        and cells[2] == "路灯"
        and cells[5] == text("cli.submissions.outcome.partially_accepted", "zh")
    )
    assert cells[4].endswith("+08:00")  # the city's time, with its offset
    assert "拒收 3" in cells[6] and dock.table.item(0, 7).toolTip() == latest.file_sha256
    dock.select(latest.id)
    assert dock.quarantine_button.isEnabled()
    layer = dock.load_selected_quarantine()
    assert project.mapLayer(layer.id()) is layer
    assert layer.featureCount() == done["REJECTED"]
    assert {c.value() for c in layer.renderer().categories()} == {"schema.codelist", "geometry.outside_extent"}
    report = dock.open_selected_report()
    assert [url.toLocalFile() for url in opened_urls] == [str(report)]
    assert "schema.codelist" in report.read_text(encoding="utf-8")
    # the fixed file goes through the import with the submission's class and mode, and is listed next
    fixed = write_geojson(tmp_path / "fixed.geojson", numbered_lights(3, start=4))
    parameters = dock.resubmit_parameters(latest, fixed)
    assert parameters == {"INPUT": str(fixed), "CLASS": 0, "MODE": 2, "DSN": lights_db}
    again = processing.run(IMPORT, parameters)
    dock.refresh()
    assert dock.rows[0].id == again["SUBMISSION"] and dock.rows[0].outcome == "accepted"


def test_the_mapping_dialog_shows_findings_per_choice_and_saves_a_profile_the_cli_accepts(tmp_path):
    import json
    import subprocess
    import sys

    from asset_registry.core.standard import Standard
    from asset_registry.core.suggest import suggest_mapping
    from asset_registry.gui.mapping_dialog import FINDINGS, MappingDialog

    features = []
    for properties, xy in numbered_lights(3):
        properties = dict(properties)
        properties["Q7"] = properties.pop("lamp_type")  # a column no alias names
        properties["ZZ9"] = "keep out"
        features.append((properties, xy))
    path = write_geojson(tmp_path / "foreign.geojson", features)
    dialog = MappingDialog(path, "streetlight")
    suggestion = suggest_mapping(path, Standard(), "streetlight")
    seeded = dialog.choices()
    assert {c: f for c, f in seeded.items() if f} == {**suggestion.recognised, **suggestion.guessed}
    assert seeded["Q7"] is None and seeded["ZZ9"] is None
    # unmapped, the lamp type is missing from every row
    assert dialog.preview.report.counts_by_rule().get("schema.required") == 3
    assert dialog.unmapped_required() == ["lamp_type"] and "灯具类型" in dialog.summary.text()
    row = dialog.columns().index("Q7")
    dialog.choose("Q7", "lamp_type")
    assert "schema.required" not in dialog.preview.report.counts_by_rule() and dialog.unmapped_required() == []
    assert dialog.table.item(row, FINDINGS).text() == ""
    assert "灯具类型" in dialog.table.cellWidget(row, 1).currentText()
    # a wrong choice shows its findings beside the column
    dialog.choose("ZZ9", "street_name")
    dialog.choose("Q7", "pole_material")
    assert "值不在代码表中 ×3" in dialog.table.item(row, FINDINGS).text()
    dialog.choose("Q7", "lamp_type")
    dialog.choose("ZZ9", None)
    saved = dialog.save(tmp_path / "foreign.mapping.json")
    body = json.loads(saved.read_text(encoding="utf-8"))
    assert body["family"] == "streetlight" and body["columns"]["Q7"] == "lamp_type" and body["columns"]["ZZ9"] is None
    checked = subprocess.run(
        [sys.executable, "-m", "asset_registry.cli", "validate", str(path), "--mapping", str(saved)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_load_quarantine_algorithm_adds_the_rejected_features_styled_by_rule(plugin, project, lights_db, tmp_path):
    import processing

    path = faulty_lights(tmp_path / "lights.geojson")
    done = processing.run(IMPORT, {"INPUT": str(path), "CLASS": 0, "DSN": lights_db, "MODE": 2, "ACCEPT_VALID": True})
    result = processing.runAndLoadResults("asset_registry:load_quarantine", {"SUBMISSION": done["SUBMISSION"], "DSN": lights_db})
    layers = [layer for layer in project.mapLayers().values() if isinstance(layer, QgsVectorLayer)]
    assert len(layers) == 1 and layers[0].featureCount() == result["FEATURES"] == done["REJECTED"] == 3
    assert layers[0].name() == text("review.layer.quarantine", "zh", submission=done["SUBMISSION"])
    assert layers[0].renderer().classAttribute() == "chk_rule"


@pytest.fixture
def login_on(lights_db):
    """login_on(role) -> DSN of a new login holding that role on the registry (dropped afterwards)."""
    import uuid

    import psycopg2
    from asset_registry.storage import roles
    from psycopg2 import sql

    from tests.db.conftest import admin

    created = []

    def make(role: str) -> str:
        login = f"test_review_{role.removeprefix('assetreg_')}_{uuid.uuid4().hex[:6]}"
        roles.grant(lights_db, login, role)
        created.append(login)
        return psycopg2.extensions.make_dsn(lights_db, user=login)

    yield make
    database = psycopg2.extensions.parse_dsn(lights_db)["dbname"]
    for login in created:
        admin(sql.SQL("DROP OWNED BY {} CASCADE").format(sql.Identifier(login)), dbname=database)
        admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))


def test_a_contractor_s_panel_shows_only_its_own_deliveries_and_cannot_open_another_s(
    plugin, project, login_on, opened_urls, tmp_path
):
    """Row-level security holds in the panel: contractor B neither lists nor opens A's dry run, nor loads the
    office's quarantine; the office sees both."""
    import processing
    from asset_registry.gui.submissions_dock import SubmissionsDock
    from qgis.PyQt.QtWidgets import QTableWidgetItem

    first, second, office = login_on("assetreg_contractor"), login_on("assetreg_contractor"), login_on("assetreg_standards")
    path = faulty_lights(tmp_path / "lights.geojson")
    common = {"INPUT": str(path), "CLASS": 0, "MODE": 2, "ACCEPT_VALID": True}
    tried = processing.run(IMPORT, {**common, "DSN": first, "DRY_RUN": True})
    imported = processing.run(IMPORT, {**common, "DSN": office})
    theirs = SubmissionsDock(lambda: first)
    theirs.refresh()
    assert [row.id for row in theirs.rows] == [tried["SUBMISSION"]]
    theirs.select(tried["SUBMISSION"])
    assert theirs.open_selected_report() is not None  # A reads its own
    other = SubmissionsDock(lambda: second)
    other.refresh()
    assert other.rows == []
    # as if B had the rows in its list: the reads themselves come back empty
    other.rows = [theirs.rows[0], theirs.rows[0]]
    other.rows[1] = type(theirs.rows[0])(**{**theirs.rows[0].__dict__, "id": imported["SUBMISSION"]})
    other.table.setRowCount(2)
    for row in range(2):
        other.table.setItem(row, 0, QTableWidgetItem(str(other.rows[row].id)))
    other.table.selectRow(0)
    assert other.open_selected_report() is None
    other.table.selectRow(1)
    assert other.load_selected_quarantine() is None and other.status.text()
    reviewer = SubmissionsDock(lambda: office)
    reviewer.refresh()
    assert {tried["SUBMISSION"], imported["SUBMISSION"]} <= {row.id for row in reviewer.rows}
    reviewer.select(imported["SUBMISSION"])
    assert reviewer.load_selected_quarantine().featureCount() == imported["REJECTED"] == 3


def test_the_mapping_dialog_sends_a_csv_s_coordinates_to_the_geometry(tmp_path):
    import csv
    import json
    import subprocess
    import sys

    from asset_registry.gui.mapping_dialog import MappingDialog

    path = tmp_path / "lights.csv"
    rows = [{**properties, "E": xy[0], "N": xy[1]} for properties, xy in numbered_lights(3)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    dialog = MappingDialog(path, "streetlight")
    assert dialog.preview.report.counts_by_rule().get("geometry.empty") == 3
    dialog.choose("E", "geometry:x")
    dialog.choose("N", "geometry:y")
    dialog.crs.setCurrentIndex(dialog.crs.findData("EPSG:4547"))
    assert dialog.preview.report.errors == []
    saved = dialog.save(tmp_path / "lights.mapping.json")
    body = json.loads(saved.read_text(encoding="utf-8"))
    assert body["geometry"] == {"x": "E", "y": "N", "crs": "EPSG:4547"} and "E" not in body["columns"]
    checked = subprocess.run(
        [sys.executable, "-m", "asset_registry.cli", "validate", str(path), "--mapping", str(saved)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
