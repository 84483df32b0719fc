"""Validation against the registry (``assetreg validate --dsn``): what is already there."""

from __future__ import annotations

from psycopg2 import sql

from ..core.errors import InputError
from ..core.report import Report
from ..core.standard import Standard
from .connection import connection
from .names import SCHEMA


def check_against_registry(dsn: str, report: Report, standard: Standard) -> None:
    """Add registry.present for every identifier of the delivery the registry already holds."""
    family = standard.family(report.family)
    ids = sorted(report.identifiers)
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.{family.table}",))
        if cur.fetchone()[0] is None:
            raise InputError(
                f"登记库中还没有{family.title_zh}表；请先运行 assetreg db upgrade。",
                f"The registry has no {family.title_en.lower()} table yet; run `assetreg db upgrade` first.",
            )
        cur.execute(
            sql.SQL("SELECT component_id FROM {} WHERE component_id = ANY(%s) ORDER BY 1").format(
                sql.Identifier(SCHEMA, family.table)
            ),
            (ids,),
        )
        for (component_id,) in cur.fetchall():
            report.add(
                "registry.present",
                report.identifiers[component_id],
                component_id=component_id,
                field="component_id",
                value=component_id,
            )
    report.sort()
