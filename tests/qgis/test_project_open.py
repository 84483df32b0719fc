"""What keeps the registry project quick to open (issue 17, bench/desktop.py), in the real QGIS against a real
PostGIS: the project trusts the metadata it saved for its layers (extent, geometry type, SRID), so opening it
asks the server neither for extents nor for the geometry types of a generic geometry column; the label layers
over views are not counted for the uniqueness of their key."""

from __future__ import annotations

import re
from pathlib import Path

from asset_registry.qgis_common.project import write_project
from qgis.core import QgsDataSourceUri, QgsProject, QgsRectangle

from tests.qgis.test_project import registry, rows  # noqa: F401  (the module's registry: lights, a road, a park)

# Far from Zhuhai: an extent no query of the registry's rows could give.
SAVED = QgsRectangle(1.0, 2.0, 3.0, 4.0)
LIGHTS = "assetreg_streetlight_point"


def with_saved_extent(path: Path, layer_id: str, trust: bool) -> Path:
    """The project file with ``layer_id``'s saved extent replaced by SAVED and QGIS's trust setting as asked."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"<id>{layer_id}</id>")
    layer_start = text.rindex("<maplayer", 0, start)
    layer_end = text.index("</maplayer>", start)
    layer = text[layer_start:layer_end]
    extent = (
        f"<extent><xmin>{SAVED.xMinimum()}</xmin><ymin>{SAVED.yMinimum()}</ymin>"
        f"<xmax>{SAVED.xMaximum()}</xmax><ymax>{SAVED.yMaximum()}</ymax></extent>"
    )
    layer, replaced = re.subn(r"<extent>.*?</extent>", extent, layer, count=1, flags=re.S)
    assert replaced == 1, "the project saves the layer's extent"
    text = text[:layer_start] + layer + text[layer_end:]
    text = re.sub(r'<trust active="[01]"/>', f'<trust active="{int(trust)}"/>', text)
    changed = path.with_name(f"{path.stem}-{'trusted' if trust else 'untrusted'}.qgs")
    changed.write_text(text, encoding="utf-8")
    return changed


def read(path: Path) -> QgsProject:
    project = QgsProject()
    assert project.read(str(path)), project.error()
    return project


def test_the_project_trusts_the_extents_it_saved(registry, standard, profile, tmp_path):  # noqa: F811
    path = write_project(tmp_path / "registry.qgs", registry, standard, profile, "zh")
    assert '<trust active="1"/>' in path.read_text(encoding="utf-8")
    project = read(path)
    assert project.trustLayerMetadata()
    lights = project.mapLayer(LIGHTS)
    assert lights.isValid() and rows(lights) == 5
    # the price of trust: the count is the server's estimate, unknown (-1) before the table's first ANALYZE
    assert lights.featureCount() in (-1, 5)
    # opened from a file whose saved extent no row gives, the layer keeps it: QGIS did not ask the server
    trusted = read(with_saved_extent(path, LIGHTS, trust=True))
    assert trusted.mapLayer(LIGHTS).extent() == SAVED
    # the control: the same file untrusted asks the server, which gives the lights' own extent
    untrusted = read(with_saved_extent(path, LIGHTS, trust=False))
    asked = untrusted.mapLayer(LIGHTS).extent()
    assert asked != SAVED and asked.contains(lights.extent()) and asked.xMinimum() > SAVED.xMaximum()


def test_a_trusted_project_still_draws_and_edits_every_layer(registry, standard, profile, tmp_path):  # noqa: F811
    """Trust takes the geometry type and SRID from the file: every family layer is still valid, of its type,
    and editable (the family tables; the label layers over views are read only)."""
    project = read(write_project(tmp_path / "registry.qgz", registry, standard, profile, "zh"))
    for layer in project.mapLayers().values():
        assert layer.isValid(), layer.id()
        source = QgsDataSourceUri(layer.source())
        if layer.id().endswith("_label"):
            # a view's key is its table's primary key: QGIS need not count the rows to learn it is unique
            assert source.param("checkPrimaryKeyUnicity") == "0", layer.id()
            assert layer.readOnly(), layer.id()
        elif source.schema() == "assetreg" and source.table() not in ("admin_area", "unit_grid", "inspection"):
            assert source.wkbType() == layer.wkbType() and source.srid() == str(profile.registry_srid), layer.id()
            # the integer key QGIS takes as the feature id as it is (no map entry per feature, revision 0012)
            assert source.keyColumn() == "fid", layer.id()
            assert layer.startEditing(), layer.id()
            layer.rollBack()
