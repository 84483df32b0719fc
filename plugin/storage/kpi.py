"""Indicators read from the app schema's views (one definition, in SQL)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class LightingRow:
    road_class: str | None  # None: the total over all road classes
    label_zh: str
    label_en: str
    lights_should_be_on: int
    lights_on: int
    lighting_rate: float | None
    target: float | None
    meets_target: bool | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def lighting_rate_by_road_class(conn: Any) -> list[LightingRow]:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT road_class, label_zh, label_en, lights_should_be_on, lights_on, lighting_rate, target,"
            " meets_target FROM assetreg_app.lighting_rate_by_road_class"
            " ORDER BY road_class IS NULL, sort_order"
        )
        rows = []
        for road_class, zh, en, should, on, rate, target, meets in cur.fetchall():
            rows.append(
                LightingRow(
                    road_class=road_class,
                    label_zh=zh or "合计",
                    label_en=en or "Total",
                    lights_should_be_on=should,
                    lights_on=on,
                    lighting_rate=float(rate) if rate is not None else None,
                    target=float(target) if target is not None else None,
                    meets_target=meets,
                )
            )
        return rows
