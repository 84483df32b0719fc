"""Registry layers as the faces meet them: the URI of a family's table, which family a layer shows,
the layer a Processing parameter names, and a layer's connection."""

from __future__ import annotations

from qgis.core import (
    QgsDataSourceUri,
    QgsProcessingContext,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingUtils,
    QgsProject,
    QgsProperty,
    QgsVectorLayer,
)

from ..core.standard import Family, Standard
from ..storage.names import SCHEMA


def registry_uri(dsn: str, family: Family) -> QgsDataSourceUri:
    uri = QgsDataSourceUri(dsn)
    uri.setDataSource(SCHEMA, family.table, "geom", "", "uid")
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
