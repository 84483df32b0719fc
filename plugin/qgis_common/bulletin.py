"""The monthly bulletin (月度通报): a QGIS print layout made from the template plugin/resources/bulletin.qpt
(restylable in the layout designer), filled with one month's indicators and rendered headless to PDF (or
to HTML with the pages as images).

What it shows is what ``assetreg kpi all`` shows for the month by district (storage/kpi.indicator_board,
one computation): the indicators against their targets, the ranking with its red and black lists; then the
lighting rate by unit grid and the open and overdue cases on maps, the trends of the kept months
(snapshots), the matter classes reported most, and where the figures come from (a snapshot or computed
live, and when). Every face (``assetreg report monthly``, ``asset_registry:monthly_report``, the panel's
button) calls ``write_bulletin``.
"""

from __future__ import annotations

import html
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeature,
    QgsField,
    QgsFillSymbol,
    QgsGeometry,
    QgsLayerTree,
    QgsLayoutExporter,
    QgsLayoutItemPage,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTableColumn,
    QgsMarkerSymbol,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsRenderContext,
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
    QgsTableCell,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtXml import QDomDocument

from ..core import kpi_layout
from ..core.errors import InputError
from ..core.messages import text
from ..core.standard import Profile, Standard
from ..paths import resources_dir
from ..storage.kpi import KpiTable
from .kpi_charts import save, trend_figure
from .kpi_map import thematic_layer

TEMPLATE = "bulletin.qpt"
GROUP_BY = "district"  # the bulletin's tables: `assetreg kpi all` by its default grouping
MAP_GROUPING = "grid"
MISSED_BACKGROUND = QColor("#f8d7da")
# what each table of the bulletin leaves out of the columns a reader sees (core/kpi_layout.py), for width
LEFT_OUT = {"cases": ("due", "mean_handling_hours", "repeated"), "lighting": (), "intactness": (), "ranking": ()}
SUFFIXES = (".pdf", ".html")
# the first page, top to bottom: each item is placed below the one before, a table's frame fitted to its rows
STACKED = (
    "title", "source",
    "lighting_heading", "lighting_table", "cases_heading", "cases_table",
    "intactness_heading", "intactness_table", "ranking_heading", "ranking_table", "lists",
)  # fmt: skip
STACK_GAP_MM = 3.0
OPEN, OVERDUE = "open", "overdue"
CASE_COLOURS = {OPEN: "#fdae61", OVERDUE: "#d7191c"}


def bulletin_columns(indicator: str) -> list[str]:
    return [key for key in kpi_layout.COLUMNS[indicator] if key not in LEFT_OUT.get(indicator, ())]


@dataclass
class BulletinData:
    period: str
    board: dict[str, KpiTable]
    lighting_by_grid: KpiTable
    cases: KpiTable  # the cases of the month (kpi_cases_drill, the whole city)
    trends: dict[str, list[dict[str, Any]]]
    matters: list[tuple[str, int]]
    layers: list[QgsVectorLayer] = field(default_factory=list)


def gather(conn: Any, period: str) -> BulletinData:
    from ..storage.kpi import drill_down, indicator_board, indicator_table, snapshot_trend
    from ..storage.kpi_desk import matters_reported

    board = indicator_board(conn, GROUP_BY, period)
    return BulletinData(
        period=period,
        board=board,
        lighting_by_grid=indicator_table(conn, "lighting", MAP_GROUPING, period),
        cases=drill_down(conn, "cases", "city", None, period),
        trends={name: snapshot_trend(conn, name, GROUP_BY, None) for name in ("lighting", "cases")},
        matters=matters_reported(conn, period),
    )


# -- the layers of the maps -------------------------------------------------------------------------------


def _grid_outline(conn: Any, srid: int, lang: str) -> QgsVectorLayer:
    from ..storage.kpi_desk import area_shapes

    layer = QgsVectorLayer(f"MultiPolygon?crs=EPSG:{srid}", text("cli.kpi.grouping.grid", lang), "memory")
    features = []
    for shape in area_shapes(conn, MAP_GROUPING):
        feature = QgsFeature()
        geometry = QgsGeometry()
        geometry.fromWkb(shape.wkb)
        feature.setGeometry(geometry)
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    symbol = QgsFillSymbol.createSimple({"color": "228,228,228,255", "outline_color": "140,140,140,255", "outline_width": "0.15"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    return layer


def _open_cases_layer(conn: Any, cases: KpiTable, srid: int, lang: str) -> QgsVectorLayer:
    """The month's cases not closed, as points, overdue ones apart (kpi_cases_drill's overdue_open)."""
    from ..storage.kpi_desk import case_points

    state = {int(row["id"]): OVERDUE if row.get("overdue_open") else OPEN for row in cases.rows if not row.get("closed")}
    layer = QgsVectorLayer(f"Point?crs=EPSG:{srid}", text("kpi_desk.bulletin.cases_layer", lang), "memory")
    layer.dataProvider().addAttributes([QgsField("case_no", QVariant.String), QgsField("state", QVariant.String)])
    layer.updateFields()
    features = []
    for case in case_points(conn, sorted(state)):
        if case.wkb is None:
            continue
        feature = QgsFeature(layer.fields())
        geometry = QgsGeometry()
        geometry.fromWkb(case.wkb)
        feature.setGeometry(geometry)
        feature.setAttributes([case.case_no, state[case.id]])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    categories = []
    for key in (OPEN, OVERDUE):
        symbol = QgsMarkerSymbol.createSimple(
            {"name": "circle", "color": CASE_COLOURS[key], "size": "2.4", "outline_color": "60,60,60"}
        )
        categories.append(QgsRendererCategory(key, symbol, text(f"kpi_desk.bulletin.case_{key}", lang)))
    layer.setRenderer(QgsCategorizedSymbolRenderer("state", categories))
    return layer


# -- the layout -------------------------------------------------------------------------------------------


def load_layout(project: QgsProject, template: Path | None = None) -> QgsPrintLayout:
    layout = QgsPrintLayout(project)
    document = QDomDocument()
    document.setContent((template or resources_dir() / TEMPLATE).read_text(encoding="utf-8"))
    layout.loadFromTemplate(document, QgsReadWriteContext())
    return layout


def _item(layout: QgsPrintLayout, item_id: str):
    item = layout.itemById(item_id)
    if item is None:
        raise InputError("kpi_desk.bulletin.template_item_missing", item=item_id, template=TEMPLATE)
    return item


def _set_label(layout: QgsPrintLayout, item_id: str, value: str) -> None:
    _item(layout, item_id).setText(value)


def _set_table(layout: QgsPrintLayout, item_id: str, headers: list[str], rows: list[list[str]], missed: list[bool]) -> None:
    table = _item(layout, item_id).multiFrame()
    table.setHeaders([QgsLayoutTableColumn(heading) for heading in headers])
    contents = []
    for cells, is_missed in zip(rows, missed, strict=False):
        row = []
        for value in cells:
            cell = QgsTableCell(value)
            if is_missed:
                cell.setBackgroundColor(MISSED_BACKGROUND)
            row.append(cell)
        contents.append(row)
    table.setTableContents(contents)


def printed(table: KpiTable) -> list[dict[str, Any]]:
    """The rows a bulletin prints: every row, except the intactness of families the registry has none of in
    service (nothing to judge)."""
    if table.indicator != "intactness":
        return table.rows
    return [row for row in table.rows if row.get("in_service")]


def table_rows(table: KpiTable, lang: str, names: dict[str, str]) -> tuple[list[str], list[list[str]], list[bool]]:
    """An indicator's table as the bulletin prints it: headers, the cells of each row, which rows miss."""
    columns = bulletin_columns(table.indicator)
    headers = [kpi_layout.header("group", lang), *(kpi_layout.header(key, lang) for key in columns)]
    rows = [
        [kpi_layout.group_label(row, lang), *(kpi_layout.row_cell(key, row, lang, names) for key in columns)]
        for row in printed(table)
    ]
    return headers, rows, [kpi_layout.missed(row) for row in printed(table)]


def _lists(ranking: KpiTable | None, lang: str) -> str:
    if ranking is None:
        return ""
    lines = []
    for key in kpi_layout.LISTS:
        named = [kpi_layout.group_label(row, lang) for row in ranking.rows if row.get("list") == key]
        lines.append(
            text(
                f"kpi_desk.bulletin.{key}_list",
                lang,
                groups=text("kpi_desk.bulletin.list_separator", lang).join(named) if named else "-",
            )
        )
    return "\n".join(lines)


def _source(data: BulletinData, lang: str) -> str:
    first = next(iter(data.board.values()))
    at = first.at.strftime("%Y-%m-%d %H:%M")
    if first.source == "snapshot":
        return text("kpi_desk.bulletin.from_snapshot", lang, period=data.period, at=at)
    return text("kpi_desk.bulletin.computed_live", lang, period=data.period, at=at)


def _matter_rows(data: BulletinData, standard: Standard, lang: str) -> list[list[str]]:
    from ..storage.workorders import MATTER_CLASSES

    codelist = standard.codelists[MATTER_CLASSES]
    return [
        [str(rank), code, codelist.label(code, lang) if code in codelist.codes else code, str(count)]
        for rank, (code, count) in enumerate(data.matters, start=1)
    ]


def _set_map(layout: QgsPrintLayout, item_id: str, layers: list[QgsVectorLayer]) -> None:
    item = _item(layout, item_id)
    item.setCrs(layers[0].crs())
    item.setLayers(layers)
    extent = layers[-1].extent()
    for layer in layers[:-1]:
        extent.combineExtentWith(layer.extent())
    if not extent.isEmpty():
        extent.scale(1.08)
        item.zoomToExtent(extent)
    legend = _item(layout, f"{item_id}_legend")
    root = QgsLayerTree()
    for layer in layers[:-1] if len(layers) > 1 else layers:  # the base layer (the grids' outline) needs no key
        root.addLayer(layer)
    legend.model().setRootGroup(root)
    legend.adjustBoxSize()
    _roots.append(root)  # the legend's model does not own its root


_roots: list[QgsLayerTree] = []


def fill(
    layout: QgsPrintLayout, data: BulletinData, conn: Any, standard: Standard, profile: Profile, lang: str, workdir: Path
) -> None:
    city = profile.body["name"][lang]
    names = kpi_layout.standard_names(standard, lang)
    _set_label(layout, "title", text("kpi_desk.bulletin.title", lang, city=city, period=data.period))
    _set_label(layout, "source", _source(data, lang))
    for name in ("lighting", "cases", "intactness", "ranking"):
        heading = text("kpi_desk.bulletin.table_heading", lang, title=kpi_layout.title(name, lang),
                       grouping=text(f"cli.kpi.grouping.{GROUP_BY}", lang))  # fmt: skip
        _set_label(layout, f"{name}_heading", heading)
        if name in data.board:
            _set_table(layout, f"{name}_table", *table_rows(data.board[name], lang, names))
    _set_label(layout, "lists", _lists(data.board.get("ranking"), lang))
    srid = profile.registry_srid
    lighting = thematic_layer(conn, data.lighting_by_grid, "lighting_rate", srid, lang, label_missed_only=True)
    grids = _grid_outline(conn, srid, lang)
    cases = _open_cases_layer(conn, data.cases, srid, lang)
    data.layers = [lighting, grids, cases]
    for layer in data.layers:
        layout.project().addMapLayer(layer, False)
    _set_label(layout, "lighting_map_heading", text("kpi_desk.bulletin.lighting_map", lang))
    _set_map(layout, "lighting_map", [lighting])
    _set_label(layout, "cases_map_heading", text("kpi_desk.bulletin.cases_map", lang))
    _set_map(layout, "cases_map", [cases, grids])
    _set_label(layout, "trend_heading", text("kpi_desk.bulletin.trends", lang))
    for name, item_id in (("lighting", "lighting_trend"), ("cases", "cases_trend")):
        picture = save(trend_figure(data.trends[name], name, lang), workdir / f"{item_id}.png")
        _item(layout, item_id).setPicturePath(str(picture))
    _set_label(layout, "problems_heading", text("kpi_desk.bulletin.problems", lang))
    headers = [text(f"kpi_desk.bulletin.problem_column.{key}", lang) for key in ("rank", "code", "matter", "reported")]
    matters = _matter_rows(data, standard, lang)
    _set_table(layout, "problems_table", headers, matters, [False] * len(matters))
    _stack(layout)
    layout.refresh()


POINT_MM = 25.4 / 72
LINE_SPACING = 1.45  # a line of the Chinese font, in ems (WenQuanYi Micro Hei's ascent and descent, rounded up)


def _table_height(table: Any) -> float:
    """The height of a table's header and rows in mm (QGIS 3.22 reports only its frames' height)."""
    line = max(table.headerTextFormat().size(), table.contentTextFormat().size()) * POINT_MM * LINE_SPACING
    row = line + 2 * table.cellMargin() + table.gridStrokeWidth()
    return (len(table.tableContents()) + 1) * row + table.gridStrokeWidth()


def _stack(layout: QgsPrintLayout) -> None:
    """Place the first page's items one below the other, each table's frame as tall as its rows, so that a
    city with more districts or families gets longer tables rather than rows cut off; what does not fit on
    the first page goes on to a page added at the end (after the maps)."""
    items = [_item(layout, item_id) for item_id in STACKED]
    pages = layout.pageCollection()
    page_height = pages.page(0).pageSize().height()
    top = items[0].positionWithUnits().y()  # the template's margin
    page, y = 0, top
    for item in items:
        if hasattr(item, "multiFrame"):
            item.attemptResize(QgsLayoutSize(item.sizeWithUnits().width(), _table_height(item.multiFrame())))
        height = item.sizeWithUnits().height()
        if y + height > page_height - top and y > top:
            page, y = _overflow_page(layout), top
        item.attemptMove(QgsLayoutPoint(item.positionWithUnits().x(), y), page=page)
        y += height + STACK_GAP_MM


def _overflow_page(layout: QgsPrintLayout) -> int:
    """A new page like the first, added at the end, for what does not fit on the first; its index."""
    pages = layout.pageCollection()
    page = QgsLayoutItemPage(layout)
    page.setPageSize(pages.page(0).pageSize())
    pages.addPage(page)
    return pages.pageCount() - 1


def write_bulletin(dsn: str, period: str, out: Path, standard: Standard, profile: Profile, lang: str) -> Path:
    """The month's bulletin as PDF or HTML (by the suffix of ``out``)."""
    from ..storage.connection import connection

    out = Path(out)
    if out.suffix.lower() not in SUFFIXES:
        raise InputError("kpi_desk.bulletin.unknown_format", path=str(out), allowed=", ".join(SUFFIXES))
    project = QgsProject()
    layout = load_layout(project)
    with tempfile.TemporaryDirectory(prefix="bulletin-") as workdir, connection(dsn) as conn:
        data = gather(conn, period)
        fill(layout, data, conn, standard, profile, lang, Path(workdir))
        if out.suffix.lower() == ".pdf":
            _export_pdf(layout, out)
        else:
            _export_html(layout, data, standard, lang, out)
    return out


def _export_pdf(layout: QgsPrintLayout, out: Path) -> None:
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText  # text stays text: searchable, fonts embedded
    settings.dpi = 200
    result = QgsLayoutExporter(layout).exportToPdf(str(out), settings)
    if result != QgsLayoutExporter.Success:
        raise InputError("kpi_desk.bulletin.not_written", path=str(out))


def _export_html(layout: QgsPrintLayout, data: BulletinData, standard: Standard, lang: str, out: Path) -> None:
    """One page: the tables as text (to copy and search), then each page of the layout as an image."""
    pictures = out.with_name(out.stem + "_files")
    pictures.mkdir(exist_ok=True)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = 120
    result = QgsLayoutExporter(layout).exportToImage(str(pictures / "page.png"), settings)
    if result != QgsLayoutExporter.Success:
        raise InputError("kpi_desk.bulletin.not_written", path=str(out))
    pages = sorted(pictures.glob("page*.png"), key=lambda path: (len(path.name), path.name))
    names = kpi_layout.standard_names(standard, lang)
    parts = [f"<h1>{html.escape(_item(layout, 'title').text())}</h1>", f"<p>{html.escape(_source(data, lang))}</p>"]
    for name, table in data.board.items():
        parts.append(f"<h2>{html.escape(kpi_layout.title(name, lang))}</h2>")
        parts.append(_html_table(*table_rows(table, lang, names)))
    lists = _lists(data.board.get("ranking"), lang)
    parts += [f"<p>{html.escape(line)}</p>" for line in lists.splitlines()]
    parts.append(f"<h2>{html.escape(text('kpi_desk.bulletin.problems', lang))}</h2>")
    headers = [text(f"kpi_desk.bulletin.problem_column.{key}", lang) for key in ("rank", "code", "matter", "reported")]
    matters = _matter_rows(data, standard, lang)
    parts.append(_html_table(headers, matters, [False] * len(matters)))
    parts += [
        f'<p><img src="{html.escape(os.path.join(pictures.name, page.name))}" style="max-width:100%"></p>' for page in pages
    ]
    body = "\n".join(parts)
    out.write_text(
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(data.period)}</title>'
        "<style>body{font-family:'WenQuanYi Micro Hei',sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:2px 6px;text-align:right}.missed{background:#f8d7da}</style>"
        f"</head><body>\n{body}\n</body></html>\n",
        encoding="utf-8",
    )


def _html_table(headers: list[str], rows: list[list[str]], missed: list[bool]) -> str:
    head = "".join(f"<th>{html.escape(value)}</th>" for value in headers)
    body = "".join(
        f'<tr{" class=missed" if is_missed else ""}>' + "".join(f"<td>{html.escape(value)}</td>" for value in cells) + "</tr>"
        for cells, is_missed in zip(rows, missed, strict=False)
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def write_bulletin_offscreen(dsn: str, period: str, out: Path, standard: Standard, profile: Profile, lang: str) -> Path:
    """``write_bulletin`` outside QGIS (the command line): QGIS started without a display for the while."""
    from .project import offscreen_qgis

    with offscreen_qgis():
        return write_bulletin(dsn, period, out, standard, profile, lang)
