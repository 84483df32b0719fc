"""Putting a Processing algorithm's review outputs on the map and opening its report, from the Processing
dialog as from the plugin's menu: the layers go through the context's "load layer on completion" with a
post-processor that styles them; the report is opened in the browser once the algorithm is done."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from qgis.core import QgsProcessingContext, QgsProcessingLayerPostProcessorInterface, QgsVectorLayer
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtGui import QDesktopServices

from .i18n import ui_lang

Styler = Callable[[QgsVectorLayer, str], None]


class StyleOnLoad(QgsProcessingLayerPostProcessorInterface):
    """Styles a layer once Processing has added it to the project (on the main thread)."""

    # Processing keeps only a pointer to its post-processors: Python keeps them alive here
    _kept: ClassVar[list[StyleOnLoad]] = []

    def __init__(self, styler: Styler):
        super().__init__()
        self.styler = styler
        StyleOnLoad._kept.append(self)

    def postProcessLayer(self, layer, context, feedback) -> None:
        if isinstance(layer, QgsVectorLayer):
            self.styler(layer, ui_lang())


def load_on_completion(context: QgsProcessingContext, uri: str, name: str, styler: Styler) -> None:
    """Have ``uri`` (a file, a layer of a GeoPackage "file|layername=x") added to the project when the
    algorithm completes, named ``name`` and styled by ``styler``."""
    details = QgsProcessingContext.LayerDetails(name, context.project(), name)
    details.forceName = True
    details.setPostProcessor(StyleOnLoad(styler))
    context.addLayerToLoadOnCompletion(uri, details)


def gpkg_layer_uri(path: str | Path, layer: str) -> str:
    return f"{path}|layername={layer}"


# Tests (and a headless run) replace the opener: they check the URL that would be opened.
_opener: list[Callable[[QUrl], object]] = []


def set_url_opener(opener: Callable[[QUrl], object] | None) -> None:
    _opener.clear()
    if opener is not None:
        _opener.append(opener)


def open_report(path: str | Path) -> QUrl:
    """Open a report in the user's browser; without a QGIS window (qgis_process) there is none to open in."""
    url = QUrl.fromLocalFile(str(Path(path).resolve()))
    if _opener:
        _opener[0](url)
        return url
    from qgis.utils import iface

    if iface is not None:
        QDesktopServices.openUrl(url)
    return url
