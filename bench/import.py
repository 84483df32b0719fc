"""Benchmark: `assetreg import` of a generated streetlight delivery against a plain ogr2ogr load.

Generates N streetlights (GeoJSON, EPSG:4547 or EPSG:4326, every one valid), then in the same run,
each on a fresh database of the local PostGIS (dropped afterwards):
  * the full import, `assetreg import FILE --dsn DSN --class streetlight`, as a child process:
    wall time, peak memory, rows in the registry afterwards;
  * the baseline: `ogr2ogr -f PostgreSQL` of the same file into an empty PostGIS database
    (reprojected to EPSG:4547, GiST index, COPY): wall time and rows;
  * a re-delivery: a registry holding 100,000 streetlights (imported first), then the same
    100,000 with 5% of them changed, imported with `--mode upsert`: its time and the counts the
    command prints;
  * where the import's time goes: the same import once more through the Python API in a child,
    with timestamps around validation, row writing, each SQL statement and the commit.
Prints one JSON object. Targets: import / ogr2ogr <= 1.0, re-delivery < 10 s.

    python bench/import.py --features 100000
    python bench/import.py --reference-rows   # the importer's reference row writer (for comparison)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import psycopg2  # noqa: E402
from asset_registry.core.standard import load_profile  # noqa: E402
from asset_registry.storage import localpg  # noqa: E402
from asset_registry.storage.names import SCHEMA  # noqa: E402
from common import Databases  # noqa: E402
from psycopg2 import sql  # noqa: E402

PROFILE = "zhuhai"
REDELIVERY_FEATURES = 100_000
CHANGED_SHARE = 0.05
# the installed command beside this interpreter (the venv's), else the module it runs
_SCRIPT = Path(sys.executable).with_name("assetreg")
ASSETREG = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "asset_registry.cli"]
LAMPS = ["LED", "HPS", "MH"]
ROADS = [("人民路", "arterial"), ("九洲大道", "expressway"), ("凤凰路", "secondary"), ("翠香路", "branch")]
# The Python API with timestamps: validation, rows, each statement of the promotion, the commit.
TIMED_IMPORT = r"""
import json, sys, time
import psycopg2.extensions
from asset_registry.core.standard import Standard, load_profile
from asset_registry.storage.importing import firstload, locate, rows, run

marks = []

def timed(label, function):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            marks.append((label, start, time.perf_counter()))
    return wrapper

class TimedCursor(psycopg2.extensions.cursor):
    def execute(self, query, vars=None):
        start = time.perf_counter()
        try:
            return super().execute(query, vars)
        finally:
            text = query.as_string(self) if hasattr(query, "as_string") else query
            marks.append(("sql " + " ".join(text.split()[:4]), start, time.perf_counter()))

    def copy_expert(self, statement, file, size=8192):
        start = time.perf_counter()
        try:
            return super().copy_expert(statement, file, size)
        finally:
            marks.append(("copy into stage", start, time.perf_counter()))

original_connect = run.connect

def timed_connect(dsn):
    conn = original_connect(dsn)
    conn.cursor_factory = TimedCursor
    return conn

run.connect = timed_connect
run.validate_delivery = timed("validate", run.validate_delivery)
rows.write_rows = timed("write rows", rows.write_rows)
firstload.write_located_rows = timed("write rows (first load)", firstload.write_located_rows)
locate.locate_points = timed("locate (first load)", locate.locate_points)
run._promote = timed("promote (lock, stage, copy, checks, merge, history, commit)", run._promote)
if sys.argv[3] == "reference":
    rows.fast_copy_rows = lambda *args: None
start = time.perf_counter()
result = run.import_delivery(sys.argv[1], sys.argv[2], Standard(), load_profile("zhuhai"), "streetlight")
total = time.perf_counter() - start
phases = [{"phase": label, "seconds": round(stop - begin, 3), "at": round(begin - start, 3)} for label, begin, stop in marks]
print(json.dumps({"seconds": round(total, 3), "inserted": result.inserted, "phases": sorted(phases, key=lambda p: p["at"])}))
"""


def generate(path: Path, count: int, epsg: int, changed_every: int = 0) -> int:
    """Write a valid delivery; with changed_every, every n-th feature carries changed attributes. Return the changes."""
    from osgeo import osr

    changed = 0
    xs = [450000 + (serial % 1000) * 5.0 for serial in range(1, count + 1)]
    ys = [2460000 + (serial // 1000) * 5.0 % 40000 for serial in range(1, count + 1)]
    if epsg != 4547:
        source, target = osr.SpatialReference(), osr.SpatialReference()
        source.ImportFromEPSG(4547)
        target.ImportFromEPSG(epsg)
        for srs in (source, target):
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        moved = osr.CoordinateTransformation(source, target).TransformPoints(list(zip(xs, ys, strict=True)))
        xs, ys = [round(p[0], 8) for p in moved], [round(p[1], 8) for p in moved]
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::%d"}},'
            '"features":[\n' % epsg
        )
        for serial in range(1, count + 1):
            admin = ("440402", "440403", "440404")[serial // 10**6]  # a 6-digit serial per district
            road, road_class = ROADS[serial % len(ROADS)]
            properties = {
                "component_id": f"{admin}01037{serial % 10**6:06d}",
                "name": f"{road}路灯{serial:07d}",
                "competent_dept_code": "11440400MB2C10093Y",
                "competent_dept_name": "珠海市城市管理和综合执法局",
                "grid_code": grid_of(xs[serial - 1], ys[serial - 1], epsg),
                "status": "intact",
                "initial_date": "2020-05-01",
                "lamp_type": LAMPS[serial % len(LAMPS)],
                "lamp_power_w": (60, 90, 120, 150, 250)[serial % 5],
                "pole_height_m": (6, 8, 10, 12.5)[serial % 4],
                "road_class": road_class,
                "road_name": road,
            }
            if changed_every and serial % changed_every == 0:
                properties.update(lamp_type="LED", lamp_power_w=80, status="damaged", change_date="2024-06-01")
                changed += 1
            feature = {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": "Point", "coordinates": [xs[serial - 1], ys[serial - 1]]},
            }
            out.write(("," if serial > 1 else "") + json.dumps(feature, ensure_ascii=False) + "\n")
        out.write("]}\n")
    return changed


def run_child(args: list[str], env: dict[str, str] | None = None) -> dict:
    """Run a command; its wall time, exit code, output and its own peak memory (wait4 reports it per child)."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=stdout, stderr=stderr, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        return {
            "seconds": seconds,
            "exit_code": process.returncode,
            "stdout": stdout.read().decode("utf-8", "replace"),
            "stderr": stderr.read().decode("utf-8", "replace"),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        }


def count_rows(dbname: str, table: sql.Composable) -> int:
    conn = psycopg2.connect(localpg.server_dsn(dbname))
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("SELECT count(*) FROM {}").format(table))
            return cur.fetchone()[0]
    finally:
        conn.close()


# The registry's unit grids: 10 x 10 squares of 500 m over the generated lights, offset by
# 2.5 m so that no light (on a 5 m lattice) stands on a boundary. Every import assigns each
# light its grid by spatial join and checks the delivered grid code against it.
GRID_ORIGIN, GRID_SIZE, GRID_COUNT = (449997.5, 2459997.5), 500.0, 10


def grid_index(x: float, y: float) -> int:
    i = min(int((x - GRID_ORIGIN[0]) // GRID_SIZE), GRID_COUNT - 1)
    j = min(int((y - GRID_ORIGIN[1]) // GRID_SIZE), GRID_COUNT - 1)
    return 1 + i + GRID_COUNT * j


def grid_of(x: float, y: float, epsg: int) -> str:
    if epsg != 4547:
        return "440402001001001"  # the lights were generated in EPSG:4547; any code will do for this run
    return f"440402001001{grid_index(x, y):03d}"


def write_grids(path: Path) -> Path:
    features = []
    for j in range(GRID_COUNT):
        for i in range(GRID_COUNT):
            x0, y0 = GRID_ORIGIN[0] + i * GRID_SIZE, GRID_ORIGIN[1] + j * GRID_SIZE
            ring = [[x0, y0], [x0 + GRID_SIZE, y0], [x0 + GRID_SIZE, y0 + GRID_SIZE], [x0, y0 + GRID_SIZE], [x0, y0]]
            code = f"440402001001{1 + i + GRID_COUNT * j:03d}"
            features.append(
                {"type": "Feature", "properties": {"level": "grid", "code": code, "name": code},
                 "geometry": {"type": "Polygon", "coordinates": [ring]}}
            )  # fmt: skip
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}}
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": crs, "features": features}), encoding="utf-8")
    return path


IMPORTED = re.compile(r"Imported \(submission \d+\): (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) deleted, (\d+) invalid")
COUNTED = ("inserted", "updated", "unchanged", "deleted", "rejected")


def assetreg_import(path: Path, dbname: str, reference_rows: bool, *extra: str) -> dict:
    command = ["--lang", "en", "import", str(path), "--dsn", localpg.server_dsn(dbname), "--class", "streetlight", *extra]
    if reference_rows:
        # the same command with the importer's reference row writer (OGR and the mapper, feature by feature)
        code = (
            "import sys\nfrom asset_registry.storage.importing import rows\nfrom asset_registry import cli\n"
            "rows.fast_copy_rows = lambda *args: None\nsys.exit(cli.main(sys.argv[1:]))\n"
        )
        result = run_child([sys.executable, "-c", code, *command])
    else:
        result = run_child([*ASSETREG, *command])
    if result["exit_code"] != 0:
        raise SystemExit(
            f"assetreg import failed ({result['exit_code']}):\n{result['stdout'][-2000:]}\n{result['stderr'][-2000:]}"
        )
    counts = IMPORTED.search(result["stdout"])
    for name, value in zip(COUNTED, counts.groups() if counts else (None,) * len(COUNTED), strict=True):
        result[name] = None if value is None else int(value)
    return result


def ogr2ogr(path: Path, dbname: str) -> dict:
    connection = f"PG:{localpg.server_dsn(dbname)}"
    command = ["ogr2ogr", "-f", "PostgreSQL", connection, str(path), "-t_srs", "EPSG:4547", "-nln", "baseline_streetlight"]
    command += ["-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=GIST"]
    result = run_child(command)
    if result["exit_code"] != 0:
        raise SystemExit(f"ogr2ogr failed:\n{result['stderr'][-2000:]}")
    return result


def timed_import(path: Path, dbname: str, reference_rows: bool) -> dict:
    mode = "reference" if reference_rows else "fast"
    result = run_child([sys.executable, "-c", TIMED_IMPORT, localpg.server_dsn(dbname), str(path), mode])
    if result["exit_code"] != 0:
        raise SystemExit(f"timed import failed:\n{result['stderr'][-2000:]}")
    return json.loads(result["stdout"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", type=int, default=1_000_000)
    parser.add_argument("--epsg", type=int, choices=(4547, 4326), default=4547, help="CRS of the generated delivery")
    parser.add_argument("--reference-rows", action="store_true", help="import with the importer's reference row writer")
    parser.add_argument("--skip-breakdown", action="store_true", help="no timed import through the Python API")
    parser.add_argument("--skip-redelivery", action="store_true", help="no upsert of a 100,000-feature re-delivery")
    args = parser.parse_args()
    if args.features > 3 * 10**6:
        parser.error("at most 3,000,000 features (three districts of 6-digit serials)")
    profile = load_profile(PROFILE)
    localpg.ensure_running()
    grids = write_grids(Path(tempfile.mkdtemp(prefix="assetreg-bench-grids-")) / "grids.geojson")
    databases = Databases(grids)
    result: dict = {"benchmark": "import", "features": args.features, "epsg": args.epsg, "unit_grids": GRID_COUNT**2}
    result["row_writer"] = "reference (OGR + FieldMapper per feature)" if args.reference_rows else "fast (core/fastrows.py)"
    try:
        with tempfile.TemporaryDirectory(prefix="assetreg-bench-") as directory:
            path = Path(directory) / "streetlights.geojson"
            start = time.perf_counter()
            generate(path, args.features, args.epsg)
            result["generate_seconds"] = round(time.perf_counter() - start, 2)
            result["file_mb"] = round(path.stat().st_size / 2**20, 1)

            registry = databases.registry(profile)
            imported = assetreg_import(path, registry, args.reference_rows)
            rows = count_rows(registry, sql.Identifier(SCHEMA, "streetlight"))
            result["import"] = {
                "command": "assetreg import FILE --dsn DSN --class streetlight",
                "seconds": round(imported["seconds"], 2),
                "features_per_second": round(args.features / imported["seconds"]),
                "peak_rss_mb": imported["peak_rss_mb"],
                "inserted": imported["inserted"],
                "registry_rows": rows,
            }

            baseline_db = databases.empty_postgis()
            baseline = ogr2ogr(path, baseline_db)
            result["ogr2ogr"] = {
                "command": "ogr2ogr -f PostgreSQL PG:... FILE -t_srs EPSG:4547 -nln baseline_streetlight "
                "-lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST",
                "seconds": round(baseline["seconds"], 2),
                "features_per_second": round(args.features / baseline["seconds"]),
                "peak_rss_mb": baseline["peak_rss_mb"],
                "rows": count_rows(baseline_db, sql.Identifier("public", "baseline_streetlight")),
            }
            result["ratio_import_to_ogr2ogr"] = round(imported["seconds"] / baseline["seconds"], 2)

            if not args.skip_breakdown:
                result["breakdown"] = timed_import(path, databases.registry(profile), args.reference_rows)
            path.unlink()

            if not args.skip_redelivery:
                result["redelivery"] = redelivery(Path(directory), databases.registry(profile), args)
    finally:
        databases.drop_all()
    result["targets"] = {"ratio_import_to_ogr2ogr": 1.0, "redelivery_upsert_seconds": 10}
    print(json.dumps(result, ensure_ascii=False, indent=2))


def redelivery(directory: Path, registry: str, args: argparse.Namespace) -> dict:
    """100,000 registered, then the same 100,000 again with 5% changed, as an upsert."""
    first, second = directory / "first.geojson", directory / "again.geojson"
    generate(first, REDELIVERY_FEATURES, args.epsg)
    changed = generate(second, REDELIVERY_FEATURES, args.epsg, changed_every=round(1 / CHANGED_SHARE))
    initial = assetreg_import(first, registry, args.reference_rows)
    upsert = assetreg_import(second, registry, args.reference_rows, "--mode", "upsert")
    return {
        "features": REDELIVERY_FEATURES,
        "changed_features": changed,
        "initial_import_seconds": round(initial["seconds"], 2),
        "upsert_seconds": round(upsert["seconds"], 2),
        "upsert_peak_rss_mb": upsert["peak_rss_mb"],
        "reported": {name: upsert[name] for name in COUNTED},
        "registry_rows": count_rows(registry, sql.Identifier(SCHEMA, "streetlight")),
    }


if __name__ == "__main__":
    main()
