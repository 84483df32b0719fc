"""What the benchmarks share: throw-away databases on the local PostGIS, and statements run on it.

Every database made here is named assetreg_bench_* and dropped by drop_all(); the server is the
project's own local cluster (storage.localpg), shared with the tests, so a benchmark only ever
drops what it made itself.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from asset_registry.storage import localpg, migrate
from asset_registry.storage.areas import load_areas
from psycopg2 import sql

admin = localpg.run_as_superuser


class Databases:
    """Fresh databases named assetreg_bench_*, all dropped at the end (only the ones made here)."""

    def __init__(self, grids: Path | None = None) -> None:
        self.names: list[str] = []
        self.grids = grids

    def registry(self, profile) -> str:
        """A migrated registry holding the areas and grids of ``grids`` (when given)."""
        name = self._name()
        migrate.init(localpg.server_dsn(name), profile)  # creates the database, then migrates it
        if self.grids is not None:
            load_areas(localpg.server_dsn(name), self.grids, profile)
        return name

    def empty_postgis(self) -> str:
        name = self._name()
        admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        admin(sql.SQL("CREATE EXTENSION postgis"), name)
        return name

    def _name(self) -> str:
        name = f"assetreg_bench_{uuid.uuid4().hex[:10]}"
        self.names.append(name)
        return name

    def drop_all(self) -> None:
        for name in self.names:
            admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# The generated cities of the benches (bench/kpi.py, bench/desktop_data.py): three districts of Zhuhai, their
# unit grids made in SQL, and the competent department every generated asset names.
DISTRICTS = ("440402", "440403", "440404")
GRIDS_PER_DISTRICT = 100
DEPT = "11440400MB2C10093Y"
GRID_STATEMENTS = [
    # 100 grids per district, each a 1 km square, side by side
    """
    INSERT INTO assetreg.unit_grid (code, name, geom)
    SELECT d.code || lpad((g / 10 + 1)::text, 3, '0') || lpad((g %% 10 + 1)::text, 3, '0') || '001',
           '网格' || d.n || '-' || g,
           ST_Multi(ST_MakeEnvelope(420000 + d.n * 10000 + (g %% 10) * 1000, 2450000 + (g / 10) * 1000,
                                    421000 + d.n * 10000 + (g %% 10) * 1000, 2451000 + (g / 10) * 1000, 4547))
      FROM (SELECT code, row_number() OVER (ORDER BY code) - 1 AS n FROM unnest(%(districts)s::text[]) code) d,
           generate_series(0, %(grids)s - 1) g
    """,
    """
    CREATE TEMP TABLE bench_grid AS
    SELECT row_number() OVER (ORDER BY code) - 1 AS n, code, ST_XMin(geom) AS x0, ST_YMin(geom) AS y0
      FROM assetreg.unit_grid
    """,
]
