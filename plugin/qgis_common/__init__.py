"""What the two QGIS faces (gui/ and processing/) share: the registry connection set in QGIS and
reading registry layers. Below both faces: it imports neither of them, nor the CLI."""
