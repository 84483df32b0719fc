"""The labels of a family's layer, as a layer of their own (issue 17, the speed of the registry project).

QGIS 3.22 hands every feature of a layer with labels to its labelling engine, with the extent of the feature's
symbol as an obstacle, even at a scale where the labels are hidden: at the full extent of a million streetlights
that costs more than drawing them (bench/desktop.py). A layer out of its scale range, however, is not read at
all. So the project labels each family from a label layer beside its own: the identifiers over the narrow view
assetreg_app.<table>_label (db/app/12_label_views.sql: key, identifier, geometry), nothing drawn but the
labels, shown from 1:5,000 in, the same labels the family's layer carried. Being a view of the app schema, it
is not taken for the family's table by the plugin (qgis_common/sources.registry_family): it is never edited,
identified or handed to an algorithm as the family.
"""

from __future__ import annotations

from qgis.core import QgsDataSourceUri, QgsMapLayer, QgsNullSymbolRenderer, QgsVectorLayer

from ..storage.names import APP_SCHEMA
from .sources import FEATURE_KEY, LayerPlan
from .styles import set_labels

LABEL_VIEW_SUFFIX = "_label"


def label_view(plan: LayerPlan) -> str:
    return f"{plan.family.table}{LABEL_VIEW_SUFFIX}"


def label_layer_id(plan: LayerPlan) -> str:
    return f"{plan.layer_id}{LABEL_VIEW_SUFFIX}"


def label_uri(dsn: str, plan: LayerPlan, srid: int) -> QgsDataSourceUri:
    uri = QgsDataSourceUri(dsn)
    uri.setDataSource(APP_SCHEMA, label_view(plan), "geom", "", FEATURE_KEY)
    uri.setWkbType(plan.wkb_type)
    uri.setSrid(str(srid))
    # the view's key is its table's primary key: QGIS need not count a million keys to learn they are unique
    uri.setParam("checkPrimaryKeyUnicity", "0")
    return uri


def label_layer(dsn: str, plan: LayerPlan, srid: int, name: str, scale: int) -> QgsVectorLayer:
    """The labels of ``plan``'s layer, shown from 1:``scale`` in; invalid where the registry has no label view."""
    layer = QgsVectorLayer(label_uri(dsn, plan, srid).uri(False), name, "postgres")
    if not layer.isValid():
        return layer
    layer.setRenderer(QgsNullSymbolRenderer())  # the family's own layer draws the features
    set_labels(layer, plan.family.identifier, plan.kind, scale)
    layer.setScaleBasedVisibility(True)
    layer.setMinimumScale(scale)  # the most zoomed-out scale the layer is drawn at
    layer.setMaximumScale(0)
    layer.setReadOnly(True)
    layer.setFlags(layer.flags() & ~QgsMapLayer.Identifiable)  # identify finds the asset in its family's layer
    return layer
