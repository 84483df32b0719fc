"""Asset Registry (市政部件登记): QGIS plugin entry point and the ``asset_registry`` package.

QGIS is imported lazily, so the package also serves the ``assetreg`` command
line on machines without a display.
"""


def classFactory(iface):
    from .gui.plugin import AssetRegistryPlugin

    return AssetRegistryPlugin(iface)
