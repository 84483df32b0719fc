"""Work orders, first slice: record and close outages (the full case flow comes later)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from psycopg2.extras import execute_values

from ..core.errors import RefusedError


def record_outages(conn: Any, family: str, component_ids: Iterable[str], description: str) -> int:
    """Open one outage work order per component, in one statement; refuse unknown components."""
    ids = sorted(set(component_ids))
    with conn.cursor() as cur:
        cur.execute(
            "SELECT array_agg(x) FROM unnest(%s::text[]) AS x "
            "WHERE NOT EXISTS (SELECT 1 FROM assetreg.streetlight s WHERE s.component_id = x)",
            (ids,),
        )
        unknown = cur.fetchone()[0]
        if unknown:
            raise RefusedError(
                f"登记库中没有这些部件：{', '.join(unknown[:10])}",
                f"These components are not in the registry: {', '.join(unknown[:10])}",
            )
        execute_values(
            cur,
            "INSERT INTO assetreg.work_order (family, component_id, kind, description) VALUES %s",
            [(family, component_id, "outage", description) for component_id in ids],
        )
    return len(ids)


def close_work_orders(conn: Any, component_ids: Iterable[str]) -> int:
    with conn.cursor() as cur:
        cur.execute(
            "UPDATE assetreg.work_order SET status = 'closed', closed_at = now() "
            "WHERE status = 'open' AND component_id = ANY(%s)",
            (sorted(set(component_ids)),),
        )
        return cur.rowcount
