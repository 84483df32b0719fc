"""A pytest plugin (pyproject addopts: -p tests.qgis_auth_db) giving the QGIS tier a temporary authentication
database, never the profile's: QgsApplication reads QGIS_AUTH_DB_DIR_PATH when pytest-qgis starts it, which is
before any conftest is loaded, so the variable is set when this module is imported, earlier still."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

if "QGIS_AUTH_DB_DIR_PATH" not in os.environ:
    folder = tempfile.mkdtemp(prefix="assetreg-qgis-auth-")
    os.environ["QGIS_AUTH_DB_DIR_PATH"] = folder
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
