"""The registry connection the user sets in QGIS (QgsSettings), shared by the plugin's menu and the
Processing algorithms; without one, the same default as the command line (storage.connection.resolve_dsn)."""

from __future__ import annotations

from qgis.core import QgsSettings

DSN_SETTING = "asset_registry/dsn"


def stored_dsn() -> str:
    """The connection string set in QGIS, or '' when none is."""
    return QgsSettings().value(DSN_SETTING, "", type=str)


def store_dsn(text: str) -> None:
    QgsSettings().setValue(DSN_SETTING, text.strip())


def registry_dsn() -> str:
    """The DSN the user set in QGIS, else the same default as the command line."""
    return registry_dsn_of(stored_dsn())


def registry_dsn_of(chosen: str) -> str:
    """The DSN a connection chosen in QGIS stands for ('' = the command line's default), the local server started
    when it is that one. A service or an auth configuration stays as named: layers carry it, and psycopg2 reads
    the auth configuration through qgis_common/credentials.py."""
    from ..storage.connection import is_local_default, resolve_dsn
    from ..storage.localpg import ensure_running

    dsn = chosen or resolve_dsn(None)
    if is_local_default(dsn):
        ensure_running()
    return dsn
