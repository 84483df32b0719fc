"""Registry layers as the faces meet them: the URI of a family's table, which family a layer shows,
the layer a Processing parameter names, and a layer's connection."""

from __future__ import annotations

from dataclasses import dataclass

from qgis.core import (
    QgsDataSourceUri,
    QgsProcessingContext,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingUtils,
    QgsProject,
    QgsProperty,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core.standard import Family, Standard
from ..storage.names import SCHEMA

# The key QGIS reads a family table by: its integer primary key (revision 0012). QGIS takes a table's primary
# key as the feature id whatever the URI says, and keeps a map entry per feature for a non-integer one.
FEATURE_KEY = "fid"

# The standard's geometry types by the kind of layer that draws them, in drawing order (top first).
KINDS = ("point", "line", "polygon")
KIND_OF = {
    "Point": "point",
    "MultiPoint": "point",
    "LineString": "line",
    "MultiLineString": "line",
    "Polygon": "polygon",
    "MultiPolygon": "polygon",
}


@dataclass(frozen=True)
class LayerPlan:
    """One layer of a family's table: the geometry kind it draws and its WKB type."""

    family: Family
    kind: str
    wkb_type: int

    @property
    def layer_id(self) -> str:
        return f"{SCHEMA}_{self.family.table}_{self.kind}"


def layer_plans_of(family: Family) -> list[LayerPlan]:
    """A family's layers, one per geometry kind the standard allows, in the order it lists its types; a kind
    whose multi type the standard allows is a multi layer (QGIS saves a single geometry into it as multi)."""
    kinds: dict[str, list[str]] = {}
    for name in family.geometry_types:
        kinds.setdefault(KIND_OF[name], []).append(name)
    plans = []
    for kind, names in kinds.items():
        chosen = next((name for name in names if name.startswith("Multi")), names[0])
        plans.append(LayerPlan(family, kind, QgsWkbTypes.parseType(chosen)))
    return plans


def layer_plans(standard: Standard) -> list[LayerPlan]:
    """Every family's layers, in the standard's order of the families."""
    return [plan for family in standard.families.values() for plan in layer_plans_of(family)]


def registry_uri(dsn: str, family: Family, wkb_type: int | None = None, srid: int | None = None) -> QgsDataSourceUri:
    """A family's table (its first geometry kind unless ``wkb_type`` says): the geometry type in the URI, so
    QGIS need not find it in the rows and an empty table gives a valid layer; the SRID when known."""
    return table_uri(dsn, family.table, wkb_type or layer_plans_of(family)[0].wkb_type, srid, FEATURE_KEY)


def table_uri(dsn: str, table: str, wkb_type: int, srid: int | None, key: str, subset: str = "") -> QgsDataSourceUri:
    uri = QgsDataSourceUri(dsn)
    uri.setDataSource(SCHEMA, table, "geom", subset, key)
    uri.setWkbType(wkb_type)
    if srid is not None:
        uri.setSrid(str(srid))
    return uri


def registry_family(layer: QgsVectorLayer, standard: Standard) -> Family | None:
    """The asset family whose registry table this layer shows, or None for any other layer."""
    if layer is None or layer.providerType() != "postgres":
        return None
    uri = QgsDataSourceUri(layer.source())
    if uri.schema() != SCHEMA:
        return None
    return next((family for family in standard.families.values() if family.table == uri.table()), None)


def layer_of(value, context: QgsProcessingContext | None = None) -> QgsVectorLayer | None:
    """The vector layer a feature-source parameter value names (a source definition, a layer, its id or name);
    QGIS 3.22's parameterAsVectorLayer does not look inside a source definition."""
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        value = value.source
    if isinstance(value, QgsProperty):
        value = value.staticValue()
    if isinstance(value, QgsVectorLayer):
        return value
    if not isinstance(value, str) or not value:
        return None
    if context is None:
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
    layer = QgsProcessingUtils.mapLayerFromString(value, context)
    return layer if isinstance(layer, QgsVectorLayer) else None


def layer_dsn(layer: QgsVectorLayer) -> str:
    """The libpq connection string of a PostgreSQL layer (its auth configuration expanded)."""
    return QgsDataSourceUri(layer.source()).connectionInfo(True)
