"""QGIS desktop parts: the plugin object, actions and layer loading (QGIS/Qt only here)."""
