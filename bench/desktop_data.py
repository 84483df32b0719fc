"""The generated city of bench/desktop.py: streetlights, road segments and trees in Zhuhai's three districts,
made in SQL (triggers off: every row carries its location already), and the same rows as QGIS users load
them into a plain PostGIS table (ogr2ogr's way: an integer serial key, the attributes, the geometry)."""

from __future__ import annotations

import time

import psycopg2
from common import DEPT, DISTRICTS, GRID_STATEMENTS, GRIDS_PER_DISTRICT

DEPT_NAME = "珠海市城市管理和综合执法局"  # data, as a city writes it
PLAIN_SCHEMA = "bench_plain"
FAMILY_TABLES = ("streetlight", "road_segment", "tree")

GENERATE = [
    *GRID_STATEMENTS,
    """
    INSERT INTO assetreg.streetlight (component_id, name, competent_dept_code, competent_dept_name, maintainer_name,
                                      grid_code, status, initial_date, lamp_type, road_class, geom, located_grid, located_at)
    SELECT left(g.code, 6) || CASE WHEN i < 1000000 THEN '01037' ELSE '01038' END || lpad((i %% 1000000)::text, 6, '0'),
           'light ' || i, %(dept)s, %(dept_name)s, 'maintainer ' || (i %% 7), g.code,
           CASE WHEN i %% 50 = 0 THEN 'damaged' WHEN i %% 97 = 0 THEN 'removed' ELSE 'intact' END,
           date '2015-01-01' + (i %% 3000), (ARRAY['LED', 'HPS', 'MH'])[1 + i %% 3],
           (ARRAY['expressway', 'arterial', 'secondary', 'branch'])[1 + i %% 4],
           ST_SetSRID(ST_MakePoint(g.x0 + 1 + (i::bigint * 7919) %% 998, g.y0 + 1 + (i::bigint * 104729) %% 998), 4547),
           g.code, now()
      FROM generate_series(1, %(lights)s) i
      JOIN bench_grid g ON g.n = i %% %(grid_count)s
    """,
    """
    INSERT INTO assetreg.tree (component_id, name, competent_dept_code, competent_dept_name, grid_code, status,
                               initial_date, species_zh, protection_grade, vigour, geom, located_grid, located_at)
    SELECT left(g.code, 6) || '04002' || lpad(i::text, 6, '0'), 'tree ' || i, %(dept)s, %(dept_name)s,
           g.code, CASE WHEN i %% 40 = 0 THEN 'damaged' ELSE 'intact' END, date '2010-01-01' + (i %% 4000),
           'Ficus', 'none', 'normal',
           ST_SetSRID(ST_MakePoint(g.x0 + 1 + (i::bigint * 6271) %% 998, g.y0 + 1 + (i::bigint * 3571) %% 998), 4547),
           g.code, now()
      FROM generate_series(1, %(trees)s) i
      JOIN bench_grid g ON g.n = i %% %(grid_count)s
    """,
    # road segments: 80 m pieces of an east-west or north-south street in their grid
    """
    INSERT INTO assetreg.road_segment (component_id, name, competent_dept_code, competent_dept_name, grid_code, status,
                                       initial_date, road_name, road_class, pavement_type, geom, located_grid, located_at)
    SELECT left(g.code, 6) || '09001' || lpad(i::text, 6, '0'), 'segment ' || i, %(dept)s, %(dept_name)s,
           g.code, CASE WHEN i %% 30 = 0 THEN 'damaged' ELSE 'intact' END, date '2005-01-01' + (i %% 5000),
           'road ' || (i %% 500), (ARRAY['expressway', 'arterial', 'secondary', 'branch'])[1 + i %% 4], 'asphalt',
           ST_Multi(CASE WHEN i %% 2 = 0
             THEN ST_MakeLine(ST_MakePoint(g.x0 + (i / 300 %% 12) * 80, g.y0 + 50 + (i / 3600 %% 18) * 50),
                              ST_MakePoint(g.x0 + (i / 300 %% 12) * 80 + 80, g.y0 + 50 + (i / 3600 %% 18) * 50))
             ELSE ST_MakeLine(ST_MakePoint(g.x0 + 50 + (i / 3600 %% 18) * 50, g.y0 + (i / 300 %% 12) * 80),
                              ST_MakePoint(g.x0 + 50 + (i / 3600 %% 18) * 50, g.y0 + (i / 300 %% 12) * 80 + 80))
           END)::geometry(MultiLineString, 4547),
           g.code, now()
      FROM generate_series(1, %(roads)s) i
      JOIN bench_grid g ON g.n = i %% %(grid_count)s
    """,
]


def generate(dsn: str, lights: int, roads: int, trees: int) -> float:
    """Fill an empty, migrated registry; the seconds it took."""
    params = {
        "districts": list(DISTRICTS),
        "grids": GRIDS_PER_DISTRICT,
        "grid_count": GRIDS_PER_DISTRICT * len(DISTRICTS),
        "dept": DEPT,
        "dept_name": DEPT_NAME,
        "lights": lights,
        "roads": roads,
        "trees": trees,
    }
    started = time.perf_counter()
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SET session_replication_role = replica")
            for statement in GENERATE:
                cur.execute(statement, params)
            for table in FAMILY_TABLES:
                copy_plain(cur, table)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    finally:
        conn.close()
    return time.perf_counter() - started


def copy_plain(cur, table: str) -> None:
    """The table as ogr2ogr writes it: ogc_fid serial, the attributes, the typed geometry with its index."""
    cur.execute(f"CREATE SCHEMA IF NOT EXISTS {PLAIN_SCHEMA}")
    cur.execute(
        "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) FROM information_schema.columns"
        " WHERE table_schema = 'assetreg' AND table_name = %s AND column_name NOT IN ('uid', 'geom')"
        " AND is_generated = 'NEVER'",
        (table,),
    )
    (columns,) = cur.fetchone()
    cur.execute(
        f"CREATE TABLE {PLAIN_SCHEMA}.{table} AS SELECT row_number() OVER ()::integer AS ogc_fid, {columns}, geom"
        f" FROM assetreg.{table}"
    )
    cur.execute(f"ALTER TABLE {PLAIN_SCHEMA}.{table} ADD PRIMARY KEY (ogc_fid)")
    cur.execute(f"CREATE INDEX ON {PLAIN_SCHEMA}.{table} USING gist (geom)")
