"""Benchmark: the registry project in QGIS, against QGIS's plain PostGIS layer on the same rows.

On a fresh database of the local PostGIS (dropped afterwards unless --keep) it generates --lights
streetlights, --roads road segments and --trees trees (bench/desktop_data.py), and copies them as ogr2ogr
would into plain tables (an integer serial key, the attributes, the geometry). Then, offscreen, 1600x1000:

  * project_open_render_ms: the registry project (`assetreg project`) is read and its full extent rendered,
    as a user opening it sees it (the median of --rounds opens after one warm-up open; target <= 3,000 ms),
    beside, in the same rounds, alternating: untrusted_open_render_ms, the same project file with QGIS's
    "trust" setting off (the named baseline: QGIS asks the server each layer's extent and geometry type), and
    plain_open_render_ms, a project of the plain tables; each also with the sequential job
    (*_sequential_ms): the canvas renders with the parallel job (QGIS's default setting), two layers at a
    time on two cores, from the bottom layer up; project_read_ms and the others' *_read_ms: the read alone;
  * render_warm_ms: the full extent rendered again (median of --repeat), the registry project's layers
    beside plain_render_warm_ms, the plain tables as QGIS adds them (single symbol, the browser's URI);
  * labelled_before_render_warm_ms: the registry's layers as the project styled them before (labels on the
    layer itself, no catch-all category), the named baseline of the change, in the same run;
  * streetlights_render_warm_ms / plain_streetlights_render_warm_ms / labelled_before_streetlights_render_warm_ms:
    the streetlights alone;
  * form_open_warm_ms: one streetlight's attribute form built and shown (median of --repeat; target <= 200 ms);
    form_with_record_warm_ms: the same form with its record tab and every tab in it shown (the inspections,
    cases, attachments and history read: what opening the form cost before they were read on demand);
    form_constraints_ms: every field's constraints checked once as the form checks them (both strengths,
    QgsVectorLayerUtils.validateAttribute; median of --repeat): what the constraint expressions cost beside the
    form's open (a form open evaluates them 46 times for a streetlight, about one and a half passes).

Prints one JSON object.

    python bench/desktop.py --lights 1000000 --roads 50000 --trees 200000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from asset_registry.core.standard import Standard, load_profile  # noqa: E402
from asset_registry.storage import localpg  # noqa: E402
from common import Databases  # noqa: E402
from desktop_data import FAMILY_TABLES, PLAIN_SCHEMA, generate  # noqa: E402

SIZE = (1600, 1000)
PROJECT_TARGET_MS = 3000
FORM_TARGET_MS = 200


def qgis_app():
    from qgis.core import QgsApplication
    from qgis.gui import QgsGui

    app = QgsApplication([], True)
    app.initQgis()
    QgsGui.editorWidgetRegistry().initEditors()  # what the desktop does at start-up
    from asset_registry.gui.asset_record import register_record_widget

    register_record_widget()  # and the plugin: the form's record tab (inspections, cases, attachments, history)
    return app


def render_ms(layers, extent, crs, parallel: bool = True) -> float:
    from qgis.core import QgsMapRendererParallelJob, QgsMapRendererSequentialJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize

    settings = QgsMapSettings()
    settings.setOutputSize(QSize(*SIZE))
    settings.setDestinationCrs(crs)
    settings.setLayers(layers)
    settings.setExtent(extent)
    started = time.perf_counter()
    job = (QgsMapRendererParallelJob if parallel else QgsMapRendererSequentialJob)(settings)
    job.start()
    job.waitForFinished()
    elapsed = (time.perf_counter() - started) * 1000
    job.renderedImage().save(str(Path(tempfile.gettempdir()) / "bench-desktop-last.png"))
    return elapsed


def progress(step: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {step}", file=sys.stderr, flush=True)


def warm_median(function, repeat: int) -> float:
    function()
    return round(statistics.median(function() for _ in range(repeat)), 1)


def plain_layers(dsn: str, srid: int):
    """The plain tables as QGIS's browser adds them: key, type and SRID from the catalogue, single symbol."""
    from qgis.core import QgsDataSourceUri, QgsVectorLayer, QgsWkbTypes

    types = {"streetlight": QgsWkbTypes.Point, "road_segment": QgsWkbTypes.MultiLineString, "tree": QgsWkbTypes.Point}
    layers = []
    for table in FAMILY_TABLES:
        uri = QgsDataSourceUri(dsn)
        uri.setDataSource(PLAIN_SCHEMA, table, "geom", "", "ogc_fid")
        uri.setWkbType(types[table])
        uri.setSrid(str(srid))
        layer = QgsVectorLayer(uri.uri(False), f"plain {table}", "postgres")
        assert layer.isValid(), table
        layers.append(layer)
    return layers


def registry_layers(project):
    """The project's layers of the generated families, in its drawing order."""
    from qgis.core import QgsDataSourceUri

    shown = []
    for layer in project.layerTreeRoot().layerOrder():
        uri = QgsDataSourceUri(layer.source())
        if uri.schema() == "assetreg" and uri.table() in FAMILY_TABLES:
            shown.append(layer)
    return shown


def as_labelled_before(layer):
    """A copy of a registry layer as the project made it before its labels moved to a layer of their own and
    its renderer got a catch-all category (the named baseline of this bench: the same rows, the same QGIS)."""
    from asset_registry.qgis_common.project import ASSET_LABEL_SCALE
    from asset_registry.qgis_common.sources import KIND_OF
    from asset_registry.qgis_common.styles import set_labels
    from qgis.core import QgsWkbTypes

    before = layer.clone()
    renderer = before.renderer().clone()
    renderer.deleteCategory(len(renderer.categories()) - 1)  # the catch-all
    before.setRenderer(renderer)
    kind = KIND_OF[QgsWkbTypes.displayString(QgsWkbTypes.flatType(before.wkbType()))]
    set_labels(before, "component_id", kind, ASSET_LABEL_SCALE)
    return before


def full_extent(layers):
    from qgis.core import QgsRectangle

    extent = QgsRectangle()
    for layer in layers:
        extent.combineExtentWith(layer.extent())
    extent.scale(1.05)
    return extent


def open_and_render_ms(path: Path, extent, parallel: bool = True) -> tuple[float, float]:
    """The project read from its file and its visible layers rendered: what a user waits for (and the read)."""
    from qgis.core import QgsProject

    project = QgsProject()
    started = time.perf_counter()
    assert project.read(str(path)), project.error()
    read = (time.perf_counter() - started) * 1000
    visible = [node.layer() for node in project.layerTreeRoot().findLayers() if node.isVisible()]
    render_ms(visible, extent, project.crs(), parallel)
    elapsed = (time.perf_counter() - started) * 1000
    project.clear()
    return elapsed, read


def untrusted_copy(path: Path) -> Path:
    """The registry project as it was written before it trusted its layers' metadata (the named baseline)."""
    copy = path.with_name("untrusted.qgz")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith(".qgs"):
                assert b'<trust active="1"/>' in data, "the registry project trusts its layers' metadata"
                data = data.replace(b'<trust active="1"/>', b'<trust active="0"/>')
            target.writestr(item, data)
    return copy


def plain_project(path: Path, dsn: str, srid: int) -> Path:
    """A project of the plain tables as a user saves it after adding them from the browser (trust off)."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsProject

    project = QgsProject()
    project.setCrs(QgsCoordinateReferenceSystem(f"EPSG:{srid}"))
    for layer in reversed(plain_layers(dsn, srid)):  # the streetlights on top
        project.addMapLayer(layer)
    assert project.write(str(path)), project.error()
    project.clear()
    return path


def open_render_rounds(projects: dict[str, Path], extent, rounds: int) -> dict:
    """Each project opened and rendered in turn, parallel then sequential, ``rounds`` times after a warm-up
    round: medians and every round (the machine is shared: the same rounds see the same load)."""
    times: dict[str, list[float]] = {}
    for round_ in range(rounds + 1):
        for name, path in projects.items():
            for parallel in (True, False):
                total, read = open_and_render_ms(path, extent, parallel)
                if round_:
                    suffix = "" if parallel else "_sequential"
                    times.setdefault(f"{name}_open_render{suffix}_ms", []).append(round(total, 1))
                    if parallel:
                        times.setdefault(f"{name}_read_ms", []).append(round(read, 1))
    result = {key: round(statistics.median(values), 1) for key, values in times.items()}
    result["open_render_rounds"] = times
    return result


def form_open_ms(layer, record: bool = False) -> float:
    """One asset's attribute form opened and shown; with ``record``, also its record tab and the history in it
    brought to the front (the inspections, cases, attachments and history read, as the form did on open before
    they were read on demand)."""
    from qgis.core import QgsFeatureRequest
    from qgis.gui import QgsAttributeEditorContext, QgsAttributeForm

    feature = next(layer.getFeatures(QgsFeatureRequest().setLimit(1)))
    fid = feature.id()
    started = time.perf_counter()
    feature = layer.getFeature(fid)
    form = QgsAttributeForm(layer, feature, QgsAttributeEditorContext())
    form.resize(900, 700)
    form.show()
    if record:
        show_record_tabs(form)
    elapsed = (time.perf_counter() - started) * 1000
    form.close()
    form.deleteLater()
    return elapsed


def constraints_ms(layer) -> float:
    """Every field's constraints checked once on one asset, hard and soft, as the form checks them."""
    from qgis.core import QgsFeatureRequest, QgsFieldConstraints, QgsVectorLayerUtils

    feature = next(layer.getFeatures(QgsFeatureRequest().setLimit(1)))
    strengths = (QgsFieldConstraints.ConstraintStrengthHard, QgsFieldConstraints.ConstraintStrengthSoft)
    origin = QgsFieldConstraints.ConstraintOriginNotSet
    started = time.perf_counter()
    for index in range(layer.fields().count()):
        for strength in strengths:
            QgsVectorLayerUtils.validateAttribute(layer, feature, index, strength, origin)
    return (time.perf_counter() - started) * 1000


def show_record_tabs(form) -> None:
    """Bring the form's record tab, then each of its own tabs, to the front, as a user clicking them does."""
    from asset_registry.gui.asset_record import RecordTabs
    from qgis.PyQt.QtWidgets import QTabWidget

    for tabs in form.findChildren(RecordTabs):
        parent = tabs.parentWidget()
        while parent is not None:
            if isinstance(parent, QTabWidget):
                pages = [parent.widget(i) for i in range(parent.count())]
                parent.setCurrentWidget(next(page for page in pages if page.isAncestorOf(tabs)))
            parent = parent.parentWidget()
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
        assert tabs.count() == 4, "the record's four tabs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lights", type=int, default=1_000_000)
    parser.add_argument("--roads", type=int, default=50_000)
    parser.add_argument("--trees", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of opening the projects in turn")
    parser.add_argument("--database", help="a registry this bench generated before (--keep), used as it is")
    parser.add_argument("--keep", action="store_true", help="keep the generated database (its name is printed)")
    args = parser.parse_args()

    from asset_registry.qgis_common.project import write_project

    profile, standard = load_profile("zhuhai"), Standard()
    localpg.ensure_running()
    databases = Databases()
    result: dict = {"lights": args.lights, "roads": args.roads, "trees": args.trees, "size": list(SIZE)}
    app = qgis_app()
    try:
        if args.database:
            name = args.database
        else:
            name = databases.registry(profile)
            result["generate_s"] = round(generate(localpg.server_dsn(name), args.lights, args.roads, args.trees), 1)
        result["database"] = name
        dsn = localpg.server_dsn(name)
        path = Path(tempfile.mkdtemp(prefix="bench-desktop-")) / "registry.qgz"
        started = time.perf_counter()
        write_project(path, dsn, standard, profile, "zh")
        progress("project_write_ms")
        result["project_write_ms"] = round((time.perf_counter() - started) * 1000, 1)

        from qgis.core import QgsProject

        # QGIS's own project, as in the desktop: the form's relation widgets (a light's cabinet) look their
        # relations up there, and a form on a layer of another project crashes QGIS 3.22
        project = QgsProject.instance()
        assert project.read(str(path)), project.error()
        layers = registry_layers(project)
        plain = plain_layers(dsn, profile.registry_srid)
        extent, crs = full_extent(plain), project.crs()
        progress("project_open_render_ms")
        projects = {
            "project": path,
            "untrusted": untrusted_copy(path),
            "plain": plain_project(path.with_name("plain.qgz"), dsn, profile.registry_srid),
        }
        result.update(open_render_rounds(projects, extent, args.rounds))
        result["load_average_after_open"] = [round(load, 2) for load in os.getloadavg()]
        progress("render_warm_ms")
        result["render_warm_ms"] = warm_median(lambda: render_ms(layers, extent, crs), args.repeat)
        progress("plain_render_warm_ms")
        result["plain_render_warm_ms"] = warm_median(lambda: render_ms(plain, extent, crs), args.repeat)
        before = [as_labelled_before(layer) for layer in layers]
        progress("labelled_before_render_warm_ms")
        result["labelled_before_render_warm_ms"] = warm_median(lambda: render_ms(before, extent, crs), args.repeat)
        lights = [layer for layer in layers if "streetlight" in layer.source()]
        progress("streetlights_render_warm_ms")
        result["streetlights_render_warm_ms"] = warm_median(lambda: render_ms(lights, extent, crs), args.repeat)
        progress("plain_streetlights_render_warm_ms")
        result["plain_streetlights_render_warm_ms"] = warm_median(lambda: render_ms(plain[:1], extent, crs), args.repeat)
        lights_before = [as_labelled_before(layer) for layer in lights]
        progress("labelled_before_streetlights_render_warm_ms")
        result["labelled_before_streetlights_render_warm_ms"] = warm_median(
            lambda: render_ms(lights_before, extent, crs), args.repeat
        )
        progress("form_open_warm_ms")
        result["form_open_warm_ms"] = warm_median(lambda: form_open_ms(lights[0]), args.repeat)
        progress("form_with_record_warm_ms")
        result["form_with_record_warm_ms"] = warm_median(lambda: form_open_ms(lights[0], record=True), args.repeat)
        progress("form_constraints_ms")
        result["form_constraints_ms"] = warm_median(lambda: constraints_ms(lights[0]), args.repeat)
        result["targets_ms"] = {"project_open_render": PROJECT_TARGET_MS, "form_open": FORM_TARGET_MS}
        result["load_average"] = [round(load, 2) for load in os.getloadavg()]
        project.clear()
    finally:
        if args.keep or args.database:
            databases.names = [n for n in databases.names if n != result.get("database")]
        databases.drop_all()
        app.exitQgis()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
