"""The indicators panel, its maps and drill-downs, and the monthly bulletin, in the real QGIS 3.22.

The registry is the hand-computed city of tests/db/test_kpi.py (ten lights in two districts' unit grids,
November's outages and patrols, October's cases), with October kept as a snapshot; every figure the
panel and the bulletin show is compared with what `assetreg kpi all --format json` prints."""

from __future__ import annotations

import json
import subprocess

import pytest
from asset_registry.core import kpi_layout
from asset_registry.storage import localpg, migrate
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.kpi import drill_down, take_snapshot
from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtGui import QImage

from tests.db.conftest import drop_database, new_database
from tests.db.test_kpi import A, B, _lighting_story, _lights, _load_grids, _october_cases, light_id
from tests.helpers import write_geojson
from tests.unit.test_cli import assetreg

SNAPSHOT_MONTH, LIVE_MONTH = "2026-10", "2026-11"


@pytest.fixture(scope="module")
def kpi_city(standard, profile, tmp_path_factory):
    localpg.ensure_running()
    tmp_path = tmp_path_factory.mktemp("kpi_city")
    name = new_database(None, prefix="assetreg_test_qgis_kpi")
    dsn = localpg.server_dsn(name)
    migrate.init(dsn, profile)
    _load_grids(dsn, profile, tmp_path)
    import_delivery(dsn, write_geojson(tmp_path / "lights.geojson", _lights()), standard, profile)
    with connection(dsn) as conn:
        _lighting_story(conn, dsn)
        _october_cases(conn, dsn)
        take_snapshot(conn, SNAPSHOT_MONTH)
    yield dsn
    drop_database(name)


def kpi_all(dsn: str, period: str, by: str) -> dict:
    result = assetreg("kpi", "all", "--by", by, "--period", period, "--format", "json", "--dsn", dsn)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def dock(kpi_city, qgis_new_project):
    from asset_registry.gui.kpi_dock import KpiDock

    panel = KpiDock(dsn=kpi_city)
    panel.resize(900, 760)
    yield panel
    panel.deleteLater()
    QgsProject.instance().removeAllMapLayers()


def choose(dock, by: str, period: str) -> None:
    dock.grouping.setCurrentIndex(dock.grouping.findData(by))
    dock.period.setEditText(period)
    assert dock.refresh(), dock.status.text()


@pytest.mark.parametrize(
    ("period", "by"),
    [
        (SNAPSHOT_MONTH, "district"),
        (LIVE_MONTH, "district"),
        (LIVE_MONTH, "grid"),
        (SNAPSHOT_MONTH, "street"),
        (SNAPSHOT_MONTH, "community"),
        (SNAPSHOT_MONTH, "person"),
        (LIVE_MONTH, "person"),
    ],
)
def test_the_panels_table_equals_kpi_all(dock, kpi_city, standard, period, by):
    names = kpi_layout.standard_names(standard, "zh")
    choose(dock, by, period)
    printed = kpi_all(kpi_city, period, by)
    assert list(dock.board) == list(printed)
    for indicator, table in printed.items():
        columns = ["group_code", *kpi_layout.COLUMNS[indicator]]
        expected = [
            {key: None if key == "group_code" and row.get("is_total") else row.get(key) for key in columns}
            for row in table["rows"]
        ]
        assert dock.table_figures(indicator) == expected, indicator
        shown = [
            [kpi_layout.group_label(row, "zh"), *(kpi_layout.row_cell(k, row, "zh", names) for k in columns[1:])]
            for row in table["rows"]
        ]
        assert dock.table_texts(indicator) == shown, indicator
    source = "snapshot" if period == SNAPSHOT_MONTH else "live"
    assert {table["source"] for table in printed.values()} == {source}


def test_a_missed_target_is_marked_by_colour_and_word(dock):
    choose(dock, "district", LIVE_MONTH)
    widget = dock.tables["lighting"]
    texts = dock.table_texts("lighting")
    verdict_column = 1 + kpi_layout.COLUMNS["lighting"].index("meets_target")
    missed_rows = [r for r, row in enumerate(dock.board["lighting"].rows) if row["meets_target"] is False]
    assert missed_rows, "the fixture's November misses the lighting target somewhere"
    for r in range(widget.rowCount()):
        is_missed = r in missed_rows
        assert (texts[r][verdict_column] == "未达标") == is_missed
        assert (widget.item(r, 0).background().color().name() == "#f8d7da") == is_missed


def select_row(dock, indicator: str, code: str | None) -> None:
    dock.tabs.setCurrentIndex(list(dock.board).index(indicator))
    rows = dock.board[indicator].rows
    number = next(i for i, row in enumerate(rows) if (None if row.get("is_total") else row["group_code"]) == code)
    dock.tables[indicator].setCurrentCell(number, 1)


def test_lighting_drill_down_selects_exactly_the_lights_off(dock, kpi_city, standard):
    choose(dock, "district", LIVE_MONTH)
    select_row(dock, "lighting", B)
    selected = dock.drill_selected()
    ((layer_id, ids),) = selected.items()
    layer = QgsProject.instance().mapLayer(layer_id)
    chosen = sorted(feature["component_id"] for feature in layer.selectedFeatures())
    with connection(kpi_city) as conn:
        listed = sorted(row["component_id"] for row in drill_down(conn, "lighting", "district", B, LIVE_MONTH).rows)
    assert chosen == listed == [light_id(8)]
    assert len(ids) == 1


def test_cases_drill_down_adds_the_cases_behind_the_figure(dock, kpi_city):
    choose(dock, "district", SNAPSHOT_MONTH)
    select_row(dock, "cases", A)
    ((layer_id, _),) = dock.drill_selected().items()
    layer = QgsProject.instance().mapLayer(layer_id)
    with connection(kpi_city) as conn:
        listed = sorted(row["case_no"] for row in drill_down(conn, "cases", "district", A, SNAPSHOT_MONTH).rows)
    assert sorted(feature["case_no"] for feature in layer.selectedFeatures()) == listed
    assert len(listed) == 6  # K1-K6 are 香洲区's October cases


def test_the_thematic_map_holds_the_tables_figures(dock, kpi_city):
    choose(dock, "grid", LIVE_MONTH)
    dock.tabs.setCurrentIndex(list(dock.board).index("lighting"))
    layer = dock.show_map()
    assert isinstance(layer, QgsVectorLayer) and layer.featureCount() == 2
    figures = {row["group_code"]: row["lighting_rate"] for row in kpi_all(kpi_city, LIVE_MONTH, "grid")["lighting"]["rows"]}
    assert {feature["code"]: feature["value"] for feature in layer.getFeatures()} == {
        code: figure for code, figure in figures.items() if code
    }
    assert layer.renderer().type() == "graduatedSymbol"


def test_the_dock_renders(dock, tmp_path):
    choose(dock, "district", LIVE_MONTH)
    dock.show()
    picture = tmp_path / "dock.png"
    assert dock.grab().save(str(picture))
    assert QImage(str(picture)).width() >= 900


# -- the bulletin ----------------------------------------------------------------------------------


def non_white_share(image: QImage, x0: float, y0: float, x1: float, y1: float) -> float:
    """The share of pixels that are not white in a region given as fractions of the page."""
    left, top = int(x0 * image.width()), int(y0 * image.height())
    right, bottom = int(x1 * image.width()), int(y1 * image.height())
    inked = total = 0
    for y in range(top, bottom, 2):
        for x in range(left, right, 2):
            colour = image.pixelColor(x, y)
            total += 1
            inked += min(colour.red(), colour.green(), colour.blue()) < 235
    return inked / total


@pytest.fixture(scope="module")
def bulletin(kpi_city, tmp_path_factory):
    out = tmp_path_factory.mktemp("bulletin") / "bulletin.pdf"
    result = assetreg("report", "monthly", "--period", SNAPSHOT_MONTH, "--out", str(out), "--dsn", kpi_city)
    assert result.returncode == 0, result.stderr
    return out


def test_the_bulletins_text_holds_the_figures_of_kpi_all(bulletin, kpi_city, standard):
    names = kpi_layout.standard_names(standard, "zh")
    from asset_registry.qgis_common.bulletin import bulletin_columns

    words = subprocess.run(["pdftotext", "-layout", str(bulletin), "-"], capture_output=True, text=True, check=True).stdout
    printed = kpi_all(kpi_city, SNAPSHOT_MONTH, "district")
    assert "红榜" in words and "黑榜" in words and "2026-10" in words
    assert "快照" in words  # the source: October's snapshot
    for indicator, table in printed.items():
        for row in table["rows"]:
            if indicator == "intactness" and not row["in_service"]:
                continue  # a family with nothing in service is not printed
            line = next((line for line in words.splitlines() if line.strip().startswith(kpi_layout.group_label(row, "zh"))), None)
            assert line is not None, (indicator, row.get("group_code"))
            for key in bulletin_columns(indicator):
                figure = kpi_layout.cell(key, row.get(key), "zh", names)
                assert figure in words, (indicator, key, figure)


def test_the_bulletin_embeds_its_chinese_font(bulletin):
    fonts = subprocess.run(["pdffonts", str(bulletin)], capture_output=True, text=True, check=True).stdout
    lines = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert lines and any("WenQuanYi" in line for line in lines)
    assert all(line.split()[-5] == "yes" for line in lines), fonts  # emb column


def test_the_bulletins_pages_render_with_maps_and_charts(bulletin, tmp_path):
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(bulletin), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    second = QImage(str(pages[1]))
    # the two maps (the top of page 2, as the template places them) are drawn, not left white, and so are the
    # two trend charts below their legends
    maps = ((0.07, 0.08, 0.48, 0.37), (0.52, 0.08, 0.93, 0.37))
    charts = ((0.07, 0.56, 0.48, 0.75), (0.52, 0.56, 0.93, 0.75))
    for region in maps:
        assert non_white_share(second, *region) > 0.2, region
    for region in charts:
        assert non_white_share(second, *region) > 0.03, region


def test_the_bulletin_as_html(kpi_city, tmp_path):
    out = tmp_path / "bulletin.html"
    result = assetreg("report", "monthly", "--period", SNAPSHOT_MONTH, "--out", str(out), "--dsn", kpi_city)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "红榜" in page and page.count("<img") == 2
    assert len(list((tmp_path / "bulletin_files").glob("page*.png"))) == 2


def test_a_bulletin_in_another_format_is_refused_in_both_languages(kpi_city, tmp_path):
    result = assetreg(
        "--lang", "en", "report", "monthly", "--period", "2026-10", "--out", str(tmp_path / "b.docx"), "--dsn", kpi_city
    )
    assert result.returncode == 2 and ".pdf, .html" in result.stderr and "Traceback" not in result.stderr


def test_an_area_without_a_figure_is_drawn_without_one(kpi_city, profile):
    """A grid with no lights has no lighting rate: its polygon is kept, empty, and the others are graduated
    (the demo city's empty grids once stopped the map)."""
    from asset_registry.qgis_common.kpi_map import thematic_layer
    from asset_registry.storage.kpi import indicator_table

    with connection(kpi_city) as conn:
        table = indicator_table(conn, "lighting", "grid", LIVE_MONTH)
        table.rows = [row for row in table.rows if row["group_code"] != f"{B}001001001"]
        layer = thematic_layer(conn, table, "lighting_rate", profile.registry_srid, "zh")
    values = {feature["code"]: feature["value"] for feature in layer.getFeatures()}
    assert isinstance(values[f"{A}001001001"], float)
    assert not isinstance(values[f"{B}001001001"], float)
    assert len(layer.renderer().ranges()) == 1


def test_the_menu_action_opens_the_panel_on_the_registry(qgis_iface, qgis_processing, kpi_city, monkeypatch):
    from asset_registry import classFactory
    from asset_registry.gui import kpi_dock

    monkeypatch.setattr(kpi_dock, "registry_dsn", lambda: kpi_city)  # the plugin's stored connection
    plugin = classFactory(qgis_iface)
    plugin.initGui()
    try:
        (action,) = (action for action in plugin.actions if action.text() == "指标面板")
        action.trigger()
        dock = plugin.kpi_dock
        assert dock.objectName() == "AssetRegistryKpiDock" and dock.windowTitle() == "指标"
        assert list(dock.board) == ["lighting", "intactness", "cases", "ranking", "steps"]  # by district, this month
    finally:
        plugin.unload()


@pytest.fixture
def provider(qgis_processing):
    from asset_registry.processing.provider import AssetRegistryProvider
    from qgis.core import QgsApplication

    registered = AssetRegistryProvider()
    QgsApplication.processingRegistry().addProvider(registered)
    yield registered
    QgsApplication.processingRegistry().removeProvider(registered)


def test_the_indicator_algorithms_give_the_figures_of_kpi_all(kpi_city, provider, tmp_path):
    import processing
    from asset_registry.storage.kpi import ASSET_GROUPINGS, INDICATORS
    from asset_registry.storage.kpi_desk import MAPPED_GROUPINGS

    printed = kpi_all(kpi_city, LIVE_MONTH, "district")["cases"]["rows"]
    common = {"PERIOD": LIVE_MONTH, "DSN": kpi_city}
    table = processing.run(
        "asset_registry:indicator_table",
        {**common, "INDICATOR": list(INDICATORS).index("cases"), "GROUP_BY": ASSET_GROUPINGS.index("district"),
         "OUTPUT": str(tmp_path / "table.gpkg")},
    )["OUTPUT"]  # fmt: skip
    rows = list(QgsVectorLayer(table, "table", "ogr").getFeatures())
    assert [(f["group_code"] or None, f["registered"], f["closure_rate"]) for f in rows] == [
        (row["group_code"], row["registered"], row["closure_rate"]) for row in printed
    ]
    mapped = processing.run(
        "asset_registry:indicator_map",
        {**common, "INDICATOR": 0, "GROUP_BY": MAPPED_GROUPINGS.index("grid"), "OUTPUT": str(tmp_path / "map.gpkg")},
    )["OUTPUT"]
    by_grid = {row["group_code"]: row["lighting_rate"] for row in kpi_all(kpi_city, LIVE_MONTH, "grid")["lighting"]["rows"]}
    assert {f["code"]: f["value"] for f in QgsVectorLayer(mapped, "map", "ogr").getFeatures()} == {
        code: rate for code, rate in by_grid.items() if code
    }
    bulletin = processing.run("asset_registry:monthly_report", {**common, "OUTPUT": str(tmp_path / "b.pdf")})["OUTPUT"]
    words = subprocess.run(["pdftotext", bulletin, "-"], capture_output=True, text=True, check=True).stdout
    assert "2026-11" in words and "红榜" in words


@pytest.fixture
def viewer_dsn(kpi_city):
    """A login holding only assetreg_viewer (a manager who reads): what it may read is all the panel and the
    bulletin need; the reporters' names and contacts stay out of its reach."""
    import uuid

    import psycopg2
    from asset_registry.storage import roles
    from psycopg2 import sql

    from tests.db.conftest import admin

    login = f"test_viewer_{uuid.uuid4().hex[:6]}"
    roles.grant(kpi_city, login, "assetreg_viewer")
    yield psycopg2.extensions.make_dsn(kpi_city, user=login)
    database = psycopg2.extensions.parse_dsn(kpi_city)["dbname"]
    admin(sql.SQL("DROP OWNED BY {} CASCADE").format(sql.Identifier(login)), dbname=database)
    admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))


def test_a_viewer_reads_the_panel_and_prints_the_bulletin(viewer_dsn, kpi_city, qgis_new_project, tmp_path):
    from asset_registry.gui.kpi_dock import KpiDock

    dock = KpiDock(dsn=viewer_dsn)
    choose(dock, "district", SNAPSHOT_MONTH)
    as_admin = kpi_all(kpi_city, SNAPSHOT_MONTH, "district")
    assert [row["registered"] for row in as_admin["cases"]["rows"]] == [
        figures["registered"] for figures in dock.table_figures("cases")
    ]
    out = tmp_path / "viewer.pdf"
    result = assetreg("report", "monthly", "--period", SNAPSHOT_MONTH, "--out", str(out), "--dsn", viewer_dsn)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 10_000
    dock.deleteLater()


def test_a_long_table_goes_on_to_a_page_of_its_own_rather_than_off_the_first():
    """A city with every family in service in several districts has more intactness rows than the first page
    holds: what does not fit goes on to a page added at the end, every row on paper."""
    from asset_registry.qgis_common import bulletin

    project = QgsProject()  # the layout's: alive as long as it is
    layout = bulletin.load_layout(project)
    rows = [[f"row {number}", "1"] for number in range(40)]
    bulletin._set_table(layout, "intactness_table", ["group", "figure"], rows, [False] * len(rows))
    bulletin._stack(layout)
    pages = layout.pageCollection()
    assert pages.pageCount() >= 3
    assert layout.itemById("cases_table").page() == 0 and layout.itemById("intactness_table").page() == 2
    for item_id in bulletin.STACKED:  # each item wholly on its page
        item = layout.itemById(item_id)
        page = pages.page(item.page())
        assert page.pos().y() <= item.pos().y()
        assert item.pos().y() + item.rect().height() <= page.pos().y() + page.rect().height(), item_id


def test_intactness_drill_down_selects_exactly_the_assets_not_intact(lit_registry, qgis_new_project):
    """Four intact lights and two damaged (tests/qgis/conftest.py): the city's intactness row selects the two."""
    from asset_registry.gui.kpi_dock import KpiDock

    dock = KpiDock(dsn=lit_registry)
    choose(dock, "city", dock.period.itemText(0))  # this month
    select_row(dock, "intactness", None)
    (layer_id, _), *others = dock.drill_selected().items()
    layer = QgsProject.instance().mapLayer(layer_id)
    with connection(lit_registry) as conn:
        listed = sorted(row["component_id"] for row in drill_down(conn, "intactness", "city", None).rows)
    assert sorted(feature["component_id"] for feature in layer.selectedFeatures()) == listed
    assert len(listed) == 2 and not others
    dock.deleteLater()
    QgsProject.instance().removeAllMapLayers()


@pytest.mark.parametrize(("indicator", "by"), [("steps", "street"), ("persons", "person"), ("ranking", "community")])
def test_the_indicator_table_algorithm_gives_the_steps_the_persons_and_every_ranking(kpi_city, provider, tmp_path, indicator, by):
    """The persons are one row per login whatever area grouping is chosen; the steps and the ranking take
    the street and the community like the other case indicators."""
    import processing
    from asset_registry.storage.kpi import ASSET_GROUPINGS, INDICATORS

    result = assetreg("kpi", indicator, "--by", by, "--period", SNAPSHOT_MONTH, "--format", "json", "--dsn", kpi_city)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)["rows"]
    grouping = ASSET_GROUPINGS.index("district" if by == "person" else by)
    table = processing.run(
        "asset_registry:indicator_table",
        {"PERIOD": SNAPSHOT_MONTH, "DSN": kpi_city, "INDICATOR": list(INDICATORS).index(indicator), "GROUP_BY": grouping,
         "OUTPUT": str(tmp_path / "table.gpkg")},
    )["OUTPUT"]  # fmt: skip
    features = list(QgsVectorLayer(table, "table", "ogr").getFeatures())
    keys = [key for key in kpi_layout.COLUMNS[indicator] if key != "list"]
    assert [[f["group_code"] or None, *(f[key] for key in keys)] for f in features] == [
        [row["group_code"] or None, *(row[key] for key in keys)] for row in printed
    ]
    assert printed, indicator
