"""The registry project: one QGIS project made from the standard, the city profile and the connection.

Every face makes it here (the menu action, the Processing algorithm ``asset_registry:create_project`` and
``assetreg project``): a group per family with a layer per geometry kind the standard allows (typed, so an
empty table gives a valid layer), the administrative areas and unit grids, the city's CRS, styles by status
for points, lines and polygons (colours in the order of the standard's status code list), scale-dependent
labels (the identifier) and the map themes a city uses (by status, by maintainer, by road class).

Made twice from the same registry, it is the same project: layer ids are derived from the tables, every
list is in the standard's order (or sorted), and nothing depends on the clock.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFillSymbol,
    QgsMapLayerStyle,
    QgsMapThemeCollection,
    QgsProject,
    QgsReadWriteContext,
    QgsRectangle,
    QgsReferencedRectangle,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtXml import QDomDocument

from ..core.errors import InputError, UserError
from ..core.messages import given, text
from ..core.standard import Profile, Standard
from ..storage.names import APP_SCHEMA, AREA_LEVELS, SCHEMA
from .labels import label_layer, label_layer_id, label_view
from .layers import apply_standard
from .references import add_references
from .sources import FEATURE_KEY, KINDS, LayerPlan, layer_plans, table_uri
from .styles import maintainer_renderer, road_class_renderer, set_labels, status_renderer
from .survey_layers import add_survey_layers

# Labels of assets from 1:5,000 in; names of districts and streets from 1:50,000 in, of communities from
# 1:20,000 in; unit grids (and their codes) only from 1:10,000 in.
ASSET_LABEL_SCALE = 5000
AREA_LABEL_SCALES = {"district": 50000, "street": 50000, "community": 20000}
AREA_OUTLINE_WIDTHS = {"district": 1.2, "street": 0.7, "community": 0.35}
GRID_SCALE = 10000


def _with_id(layer: QgsVectorLayer, layer_id: str) -> QgsVectorLayer:
    """The same layer under a fixed id (QGIS 3.22 has no setId: the id is read back from the layer's XML)."""
    document = QDomDocument("qgis")
    element = document.createElement("maplayer")
    context = QgsReadWriteContext()
    layer.writeLayerXml(element, document, context)
    element.firstChildElement("id").firstChild().setNodeValue(layer_id)
    fixed = QgsVectorLayer()
    fixed.readLayerXml(element, context)
    return fixed


def _open(dsn: str, table: str, wkb_type: int, srid: int, key: str, name: str, layer_id: str, subset: str = ""):
    layer = QgsVectorLayer(table_uri(dsn, table, wkb_type, srid, key, subset).uri(False), name, "postgres")
    if not layer.isValid():
        raise UserError("qgis.project.layer_invalid", table=f"{SCHEMA}.{table}")
    layer = _with_id(layer, layer_id)
    if not layer.isValid():
        raise UserError("qgis.project.layer_invalid", table=f"{SCHEMA}.{table}")
    return layer


# -- the project ---------------------------------------------------------------


def style_name(key: str, lang: str) -> str:
    return text(f"qgis.project.style.{key}", lang)


def _asset_layer(dsn: str, standard: Standard, profile: Profile, plan: LayerPlan, srid: int, lang: str, several_kinds: bool):
    family = plan.family
    name = family.title(lang)
    if several_kinds:
        name = text("qgis.project.layer_of_kind", lang, family=name, kind=text(f"qgis.project.kind.{plan.kind}", lang))
    layer = _open(dsn, family.table, plan.wkb_type, srid, FEATURE_KEY, name, plan.layer_id)
    apply_standard(layer, standard, family, lang, profile)
    fields = layer.fields()  # labelled by its label layer (_label_layer), not by itself: see qgis_common/labels.py
    # every style but the status one is read from the layer before the status one is put on it for good
    styles: list[tuple[str, QgsMapLayerStyle]] = []
    if fields.indexFromName("maintainer_name") >= 0:
        layer.setRenderer(maintainer_renderer(layer, plan.kind, lang))
        styles.append((style_name("maintainer", lang), _captured(layer)))
    if fields.indexFromName("road_class") >= 0:
        layer.setRenderer(road_class_renderer(standard, plan.kind, lang))
        styles.append((style_name("road_class", lang), _captured(layer)))
    layer.setRenderer(status_renderer(standard, plan.kind, lang))
    manager = layer.styleManager()
    manager.renameStyle(manager.currentStyle(), style_name("status", lang))
    for name_, style in styles:
        manager.addStyle(name_, style)
    return layer


def _label_layer(dsn: str, plan: LayerPlan, srid: int, layer: QgsVectorLayer, lang: str) -> QgsVectorLayer:
    name = text("qgis.project.labels_of", lang, layer=layer.name())
    labels = label_layer(dsn, plan, srid, name, ASSET_LABEL_SCALE)
    if not labels.isValid():
        raise UserError("qgis.project.layer_invalid", table=f"{APP_SCHEMA}.{label_view(plan)}")
    return _with_id(labels, label_layer_id(plan))


def _captured(layer: QgsVectorLayer) -> QgsMapLayerStyle:
    style = QgsMapLayerStyle()
    style.readFromLayer(layer)
    return style


def _area_layers(dsn: str, srid: int, lang: str) -> list[QgsVectorLayer]:
    multipolygon = QgsWkbTypes.MultiPolygon
    layers = []
    for level in AREA_LEVELS:
        layer = _open(
            dsn,
            "admin_area",
            multipolygon,
            srid,
            "code",
            text(f"qgis.project.area.{level}", lang),
            f"{SCHEMA}_admin_area_{level}",
            subset=f"\"level\" = '{level}'",
        )
        symbol = QgsFillSymbol.createSimple(
            {
                "style": "no",
                "outline_color": "#5d4037",
                "outline_width": f"{AREA_OUTLINE_WIDTHS[level]:g}",
                "outline_style": "dash",
            }
        )
        layer.setRenderer(QgsSingleSymbolRenderer(symbol))
        set_labels(layer, "name", "polygon", AREA_LABEL_SCALES[level], 10.0, "#5d4037")
        layers.append(layer)
    grid = _open(dsn, "unit_grid", multipolygon, srid, "code", text("qgis.project.area.unit_grid", lang), f"{SCHEMA}_unit_grid")
    grid.setRenderer(
        QgsSingleSymbolRenderer(QgsFillSymbol.createSimple({"style": "no", "outline_color": "#90a4ae", "outline_width": "0.2"}))
    )
    grid.setScaleBasedVisibility(True)
    grid.setMinimumScale(GRID_SCALE)
    grid.setMaximumScale(0)
    set_labels(grid, "code", "polygon", GRID_SCALE, 7.0, "#607d8b")
    layers.append(grid)
    return layers


def build_project(project: QgsProject, dsn: str, standard: Standard, profile: Profile, lang: str) -> QgsProject:
    """Fill ``project`` (cleared first) with the registry project, titles and styles in ``lang``."""
    from ..storage.connection import connection

    with connection(dsn):  # an unreachable registry is said in words (and the local one started), not as 12 invalid layers
        pass
    project.clear()
    srid = profile.registry_srid
    crs = QgsCoordinateReferenceSystem(f"EPSG:{srid}")
    project.setCrs(crs)
    project.setEvaluateDefaultValues(True)  # kept in the file: a reopened project's forms show values, not SQL
    # kept in the file too: on open QGIS takes each layer's extent, geometry type and SRID from the project
    # instead of asking the server (geometry_columns, and a scan of every geometry of a table whose column type
    # is generic, such as the bridges': 193 ms of 415 statements became 50 ms, bench/desktop.py). The price: a
    # layer's extent is the one saved until QGIS updates it (an edit saved, or the layer's "update extents")
    project.setTrustLayerMetadata(True)
    project.setTitle(text("qgis.project.title", lang, city=given(profile.name_zh, profile.name_en)))
    root = project.layerTreeRoot()
    plans = layer_plans(standard)
    kinds_of = {family: [plan.kind for plan in plans if plan.family.name == family] for family in standard.families}
    # points above lines above polygons: a family goes where its first kind draws
    families = sorted(standard.families.values(), key=lambda family: KINDS.index(kinds_of[family.name][0]))
    asset_layers: list[tuple[LayerPlan, QgsVectorLayer]] = []
    label_layers: dict[str, QgsVectorLayer] = {}  # a family layer's id: its label layer
    for family in families:
        group = root.addGroup(family.title(lang))
        for plan in sorted((p for p in plans if p.family is family), key=lambda p: KINDS.index(p.kind)):
            layer = _asset_layer(dsn, standard, profile, plan, srid, lang, len(kinds_of[family.name]) > 1)
            labels = _label_layer(dsn, plan, srid, layer, lang)
            project.addMapLayer(labels, False)
            group.addLayer(labels)  # above the features it labels
            project.addMapLayer(layer, False)
            node = group.addLayer(layer)
            node.setExpanded(len(kinds_of[family.name]) == 1)  # a family of several kinds: its legends folded
            asset_layers.append((plan, layer))
            label_layers[layer.id()] = labels
    areas = root.addGroup(text("qgis.project.group.areas", lang))
    area_layers = _area_layers(dsn, srid, lang)
    for layer in reversed(area_layers):  # unit grids under the communities under the streets under the districts
        project.addMapLayer(layer, False)
    for layer in area_layers:
        areas.addLayer(layer).setExpanded(False)  # one symbol each: nothing to unfold
    _map_themes(project, standard, asset_layers, area_layers, lang, label_layers)
    add_references(project, standard, asset_layers, lang)  # a light's cabinet picked from the cabinets' layer
    add_survey_layers(project, dsn, standard, srid, lang, _with_id)
    _default_view(project, profile, [layer for _, layer in asset_layers] + area_layers)
    project.setDirty(False)
    return project


def _theme_record(layer: QgsVectorLayer, style: str, checked: set[str] | None = None):
    record = QgsMapThemeCollection.MapThemeLayerRecord(layer)
    record.usingCurrentStyle = True
    record.currentStyle = style
    if checked is not None:
        record.usingLegendItems = True
        record.checkedLegendItems = checked
    return record


def _map_themes(project: QgsProject, standard: Standard, assets, areas, lang: str, labels: dict) -> None:
    """By status (all, then each status alone), by maintainer, by road class (the layers that have one); a layer's
    labels shown where the layer is."""
    themes = project.mapThemeCollection()
    status_style = style_name("status", lang)
    area_records = [QgsMapThemeCollection.MapThemeLayerRecord(layer) for layer in areas]

    def add(name: str, records) -> None:
        theme = QgsMapThemeCollection.MapThemeRecord()
        label_records = [QgsMapThemeCollection.MapThemeLayerRecord(labels[r.layer().id()]) for r in records]
        theme.setLayerRecords([*records, *label_records, *area_records])
        themes.insert(name, theme)

    add(text("qgis.project.theme.status", lang), [_theme_record(layer, status_style) for _, layer in assets])
    codelist = standard.codelists["component_status"]
    for index, code in enumerate(codelist.codes):
        name = text("qgis.project.theme.one_status", lang, status=codelist.label(code, lang))
        add(name, [_theme_record(layer, status_style, {str(index)}) for _, layer in assets])
    for key in ("maintainer", "road_class"):
        style = style_name(key, lang)
        records = [_theme_record(layer, style) for _, layer in assets if style in layer.styleManager().styles()]
        add(text(f"qgis.project.theme.{key}", lang), records)


def _default_view(project: QgsProject, profile: Profile, layers: list[QgsVectorLayer]) -> None:
    """Open on what the registry holds, else on the city's extent."""
    extent = QgsRectangle()
    for layer in layers:
        if layer.featureCount() > 0:
            extent.combineExtentWith(layer.extent())
    if extent.isEmpty():
        west, south, east, north = profile.extent_bbox
        transform = QgsCoordinateTransform(
            QgsCoordinateReferenceSystem(f"EPSG:{profile.extent_srid}"), project.crs(), project.transformContext()
        )
        extent = transform.transformBoundingBox(QgsRectangle(west, south, east, north))
    else:
        extent.scale(1.05)
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, project.crs()))


def write_project(path: str | Path, dsn: str, standard: Standard, profile: Profile, lang: str) -> Path:
    """Write the registry project to ``path`` (.qgz or .qgs); the folder must exist."""
    path = Path(path)
    if path.suffix.lower() not in (".qgz", ".qgs"):
        raise InputError("qgis.project.bad_suffix", path=str(path))
    if not path.parent.is_dir():
        raise InputError("qgis.project.no_folder", folder=str(path.parent))
    project = QgsProject()
    try:
        build_project(project, dsn, standard, profile, lang)
        if not project.write(str(path)):
            raise UserError("qgis.project.not_written", path=str(path), reason=project.error())
    finally:
        project.clear()
    return path


def write_project_offscreen(path: str | Path, dsn: str, standard: Standard, profile: Profile, lang: str) -> Path:
    """``write_project`` outside QGIS (the command line)."""
    with offscreen_qgis():
        return write_project(path, dsn, standard, profile, lang)


@contextmanager
def offscreen_qgis() -> Iterator[None]:
    """A QGIS application without a display, started for the while (a command of the CLI that needs QGIS),
    unless one runs already."""
    from qgis.core import QgsApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not os.environ.get("XDG_RUNTIME_DIR"):  # a server shell has none: Qt would take this one, saying so on stderr
        runtime = Path(tempfile.gettempdir()) / f"runtime-{os.getuid()}"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    app = QgsApplication.instance()
    started = app is None
    if started:
        app = QgsApplication([], False)
        app.initQgis()
    try:
        yield
    finally:
        if started:
            app.exitQgis()
