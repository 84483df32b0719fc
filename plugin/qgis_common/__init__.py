"""What the two QGIS faces (gui/ and processing/) share: the registry connection set in QGIS and
reading registry layers. Below both faces: it imports neither of them, nor the CLI."""

from .credentials import install as _install_credentials

_install_credentials()  # every QGIS-side connection of psycopg2 reads an authcfg= through QgsAuthManager
