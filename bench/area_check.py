"""Benchmark: what registry.area_mismatch (storage/importing/area_check.py) costs an import.

On a fresh registry (dropped afterwards) holding one district, 4 streets, 16 communities and 256 unit
grids around Xiangzhou, N streetlights stating their street and community (5% wrong) are imported as a
first load; then, on the imported family table, in one transaction that is rolled back:
  * baseline: locate.grid_findings, the grid check every import already runs on the same rows;
  * area_check.area_findings on the same rows, where the grid decides;
  * area_findings on rows outside every grid (the grids deleted in the transaction), where the
    administrative polygons decide by a spatial look-up per row and level.
Prints one JSON object with the times and the findings; the import's wall time for scale.

    python bench/area_check.py --features 200000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from asset_registry.core.report import Report  # noqa: E402
from asset_registry.core.standard import Standard, load_profile  # noqa: E402
from asset_registry.storage import localpg  # noqa: E402
from asset_registry.storage.connection import connection  # noqa: E402
from asset_registry.storage.importing import import_delivery, locate  # noqa: E402
from asset_registry.storage.importing.area_check import area_findings  # noqa: E402
from common import Databases  # noqa: E402
from psycopg2 import sql  # noqa: E402

X0, Y0, SIDE = 450000.0, 2460000.0, 4000.0  # EPSG:4547, Xiangzhou


def square(x: float, y: float, size: float) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def write(path: Path, features: list[tuple[dict, dict]]) -> Path:
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}},
        "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features],
    }
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


def areas() -> list[tuple[dict, dict]]:
    made = [({"level": "district", "code": "440402", "name": "香洲区"}, square(X0, Y0, SIDE))]
    for s in range(4):
        sx, sy = X0 + (s % 2) * SIDE / 2, Y0 + (s // 2) * SIDE / 2
        street = f"440402{s + 1:03d}"
        made.append(({"level": "street", "code": street, "name": street}, square(sx, sy, SIDE / 2)))
        for c in range(4):
            cx, cy = sx + (c % 2) * SIDE / 4, sy + (c // 2) * SIDE / 4
            community = f"{street}{c + 1:03d}"
            made.append(({"level": "community", "code": community, "name": community}, square(cx, cy, SIDE / 4)))
            for g in range(16):
                gx, gy = cx + (g % 4) * SIDE / 16, cy + (g // 4) * SIDE / 16
                made.append(({"level": "grid", "code": f"{community}{g + 1:03d}", "name": "g"}, square(gx, gy, SIDE / 16)))
    return made


def lights(count: int, template: dict) -> list[tuple[dict, dict]]:
    rng = random.Random(7)
    made = []
    for serial in range(1, count + 1):
        x, y = X0 + rng.random() * SIDE, Y0 + rng.random() * SIDE
        s = int((x - X0) // (SIDE / 2)) + 2 * int((y - Y0) // (SIDE / 2))
        c = int((x - X0) % (SIDE / 2) // (SIDE / 4)) + 2 * int((y - Y0) % (SIDE / 2) // (SIDE / 4))
        street = f"440402{s + 1:03d}" if serial % 20 else "440402009"  # 5% state a street they are not in
        g = int((x - X0) % (SIDE / 4) // (SIDE / 16)) + 4 * int((y - Y0) % (SIDE / 4) // (SIDE / 16))
        grid = f"440402{s + 1:03d}{c + 1:03d}{g + 1:03d}"
        properties = {**template, "component_id": f"44040201037{serial:06d}", "grid_code": grid}
        properties |= {"street_code": street, "community_code": f"440402{s + 1:03d}{c + 1:03d}"}
        made.append((properties, {"type": "Point", "coordinates": [x, y]}))
    return made


def timed(function) -> tuple[float, int]:
    report = Report(source="bench", layer=None, family="streetlight", profile="zhuhai", standard_version="1.1")
    started = time.perf_counter()
    function(report)
    return round(time.perf_counter() - started, 3), len(report.findings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--features", type=int, default=200_000)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from tests.helpers import VALID_LIGHT

    standard, profile = Standard(), load_profile("zhuhai")
    family = standard.family("streetlight")
    localpg.ensure_running()
    databases = Databases()
    try:
        with tempfile.TemporaryDirectory() as folder:
            dsn = localpg.server_dsn(databases.registry(profile))
            from asset_registry.storage.areas import load_areas

            load_areas(dsn, write(Path(folder) / "areas.geojson", areas()), profile)
            delivery = write(Path(folder) / "lights.geojson", lights(args.features, VALID_LIGHT))
            started = time.perf_counter()
            result = import_delivery(dsn, delivery, standard, profile, "streetlight")
            imported = round(time.perf_counter() - started, 3)
        table = sql.Identifier("assetreg", "streetlight")
        with connection(dsn) as conn, conn.cursor() as cur:
            grid_s, grid_n = timed(lambda r: locate.grid_findings(cur, table, r))
            area_s, area_n = timed(lambda r: area_findings(cur, table, family, r))
            cur.execute("UPDATE assetreg.streetlight SET located_grid = NULL")  # outside every grid
            polygons_s, polygons_n = timed(lambda r: area_findings(cur, table, family, r))
            conn.rollback()
    finally:
        databases.drop_all()
    print(
        json.dumps(
            {
                "features": args.features,
                "import_first_load_s": imported,
                "import_area_mismatch_findings": sum(f.rule == "registry.area_mismatch" for f in result.report.findings),
                "baseline_grid_findings_s": grid_s,
                "baseline_grid_findings": grid_n,
                "area_findings_by_grid_s": area_s,
                "area_findings_by_grid": area_n,
                "area_findings_by_polygons_s": polygons_s,
                "area_findings_by_polygons": polygons_n,
            }
        )
    )


if __name__ == "__main__":
    main()
