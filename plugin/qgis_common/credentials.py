"""Credentials the QGIS way for the Python side: a registry DSN may name a QGIS authentication configuration
(``authcfg=``) instead of a password; layers carry it as it is, and psycopg2, which cannot read it, gets the
login and password QgsAuthManager holds (storage/connection.py calls this through its resolver)."""

from __future__ import annotations

from qgis.core import QgsApplication, QgsDataSourceUri

from ..core.errors import InputError
from ..storage.connection import set_credentials_resolver


def expand_auth_config(dsn: str) -> str:
    """The libpq DSN of ``dsn`` with its auth configuration's login and password in place of ``authcfg=``."""
    uri = QgsDataSourceUri(dsn)
    authcfg = uri.authConfigId()
    if not authcfg:
        return dsn
    manager = QgsApplication.authManager()
    if manager.isDisabled() or authcfg not in manager.configIds():
        raise InputError("connection.auth_config_missing", authcfg=authcfg)
    return uri.connectionInfo(True)


def install() -> None:
    set_credentials_resolver(expand_auth_config)
