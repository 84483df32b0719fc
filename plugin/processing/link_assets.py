"""``asset_registry:link_assets``: link the assets selected on a registry layer to a case (or unlink them), on
the version of the case the caller last saw. The same function as the cases panel's link buttons and
``assetreg wo link``: storage/workorders.link_assets / unlink_assets."""

from __future__ import annotations

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
)

from ..core.standard import Standard
from ..qgis_common.i18n import message_text
from .base import RegistryAlgorithm


class LinkAssets(RegistryAlgorithm):
    NAME = "link_assets"
    GROUP = "cases"
    INPUT = "INPUT"
    CASE_ID = "CASE_ID"
    VERSION = "VERSION"
    UNLINK = "UNLINK"

    def displayName(self) -> str:
        return self.tr("Link selected assets to a case")

    def shortHelpString(self) -> str:
        return self.tr(
            "Links the assets of a registry layer (tick 'Selected features only' for the map selection) to a case, "
            "or unlinks them when 'Unlink' is ticked, on the version of the case you last saw. Editors and admins "
            "may change the assets of an open case; the change is an event of the case."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.INPUT, self.tr("Asset layer (registry)"), [QgsProcessing.TypeVector])
        )
        self.addParameter(QgsProcessingParameterNumber(self.CASE_ID, self.tr("Case id"), minValue=1))
        self.addParameter(QgsProcessingParameterNumber(self.VERSION, self.tr("Version you last saw"), minValue=1))
        self.addParameter(QgsProcessingParameterBoolean(self.UNLINK, self.tr("Unlink instead of link"), defaultValue=False))
        self.add_dsn_parameter("layer")
        self.addOutput(QgsProcessingOutputNumber("VERSION", self.tr("New version")))
        self.addOutput(QgsProcessingOutputNumber("COUNT", self.tr("Assets")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..qgis_common.sources import layer_of, registry_family
        from ..storage.connection import connection
        from ..storage.workorders import link_assets, unlink_assets

        layer = layer_of(parameters.get(self.INPUT), context)
        family = registry_family(layer, Standard()) if layer is not None else None
        if family is None:
            name = layer.name() if layer else parameters.get(self.INPUT)
            raise QgsProcessingException(message_text("qgis.cases.not_a_registry_layer", name=name))
        source = self.parameterAsSource(parameters, self.INPUT, context)
        index = source.fields().indexFromName(family.identifier)
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes([index])
        component_ids = sorted({str(f.attribute(index)) for f in source.getFeatures(request) if f.attribute(index)})
        if not component_ids:
            raise QgsProcessingException(message_text("qgis.cases.nothing_selected"))
        assets = [{"family": family.table, "component_id": component_id} for component_id in component_ids]
        change = unlink_assets if self.parameterAsBool(parameters, self.UNLINK, context) else link_assets
        case_id = self.parameterAsInt(parameters, self.CASE_ID, context)
        with self.user_errors(), connection(self.registry_dsn(parameters, context, layer)) as conn:
            version = change(conn, case_id, self.parameterAsInt(parameters, self.VERSION, context), assets)
        return {"VERSION": version, "COUNT": len(assets)}
