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
    from ..storage.connection import is_local_default, resolve_dsn
    from ..storage.localpg import ensure_running

    dsn = stored_dsn() or resolve_dsn(None)
    if is_local_default(dsn):
        ensure_running()
    return dsn
