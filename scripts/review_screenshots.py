"""Pictures of reviewing a delivery (issue 14), for docs/desktop/: the failing features of a real delivery on
the map styled by rule with its legend, the submissions panel of the registry, and the mapping dialog on a
real delivery. scripts/screenshots.py calls ``review_shots`` with its QGIS running and the registry's DSN.

The delivery is Washington DC's streetlights (../shared/realdata) with the example mapping less its value
spellings for pole materials, its date format and its units: the mistakes a first mapping makes."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from qgis.core import QgsApplication, QgsProject, QgsVectorLayer

REPOSITORY = Path(__file__).resolve().parent.parent
EXAMPLE = REPOSITORY / "examples" / "realdata" / "dc-streetlights"
LANG = "zh"


def delivery() -> Path:
    for parent in REPOSITORY.parents:
        candidate = parent / "shared" / "realdata" / "dc-streetlights" / "streetlights.csv"
        if candidate.exists():
            return candidate
    raise FileNotFoundError("shared/realdata/dc-streetlights/streetlights.csv")


def first_mapping(work: Path) -> Path:
    """The example mapping as a first attempt: without the pole materials' spellings, the date format, the units."""
    body = json.loads((EXAMPLE / "mapping.json").read_text(encoding="utf-8"))
    del body["values"]["pole_material"], body["dates"]
    body["units"] = {}
    body["profile"] = str(EXAMPLE / "profile.json")
    body.pop("$schema", None)
    path = work / "first-mapping.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def error_layer(work: Path) -> QgsVectorLayer:
    """The layer validation adds to the map (processing/validate_submission.py), made by the same functions."""
    from asset_registry.core.error_layer import error_layer_name, write_error_layer
    from asset_registry.core.messages import text
    from asset_registry.core.submission import prepare, validate_submission
    from asset_registry.qgis_common.review_layers import style_error_layer

    source, mapping = delivery(), first_mapping(work)
    submission = prepare(str(source), None, mapping_path=str(mapping))
    report = validate_submission(str(source), submission, "streetlight", None, None)[0]
    path = work / "errors.gpkg"
    write_error_layer(report, path, submission.mapping, by_rule=True)
    name = text("review.layer.errors", LANG, name=report.layer)
    layer = QgsVectorLayer(f"{path}|layername={error_layer_name(report, True)}", name, "ogr")
    style_error_layer(layer, LANG)
    return layer


def review_shots(folder: Path, dsn: str) -> list[Path]:
    import screenshots
    from asset_registry.gui.mapping_dialog import MappingDialog
    from asset_registry.gui.submissions_dock import SubmissionsDock

    written = []
    with tempfile.TemporaryDirectory() as work:
        project = QgsProject.instance()
        project.clear()
        layer = error_layer(Path(work))
        project.addMapLayer(layer)
        project.setCrs(layer.crs())
        extent = layer.extent().buffered(layer.extent().width() * 0.05)
        written += [
            screenshots.render(project, extent, folder / "review-errors-map.png"),
            screenshots.layer_tree(project, folder / "review-errors-legend.png"),
        ]
        project.clear()
    dock = SubmissionsDock(lambda: dsn)
    dock.resize(1100, 360)
    dock.refresh()
    written.append(grab(dock, folder / "review-submissions.png"))
    dialog = MappingDialog(delivery(), "streetlight")
    written.append(grab(dialog, folder / "review-mapping.png"))
    return written


def grab(widget, path: Path) -> Path:
    widget.show()
    QgsApplication.processEvents()
    widget.grab().save(str(path), "PNG")
    widget.hide()
    return path
