"""Benchmark: full validation of a generated streetlight delivery against a plain jsonschema loop.

Generates N streetlights (GeoJSON, EPSG:4547) with one code-list defect every
K features, then in the same run measures
  * the project's validator (validate_delivery: the fast path of core/fastpath.py when it
    applies, else reading through OGR; mapping, schema, identifiers, geometry, extent,
    duplicates), in a child process so its peak memory is its own; "engine" says which ran;
  * the baseline: json.load of the same file and a per-feature
    ``Draft202012Validator.iter_errors`` loop over the same compiled schema.
Prints one JSON object. Targets (issue 3): >= 150,000 features/s, >= 15x the
baseline, exactly the injected defects found, peak memory < 2 GB.

Two large cases (issue 16), each validated in a child process of its own (peak RSS its own):
  * --wide-features N: a GeoJSON of N streetlights with 20 columns (12 of the standard, 8 more);
  * --shapefile-mb M: a zipped Shapefile of about M MB of .shp and .dbf, the same 20 columns;
each reports features/s, the input's size and peak memory against 2 x the input + 300 MB. The
throughput target is the 200,000-streetlight case of the same run (issue 16: >= 459,000 features/s).
Each large case also says what reading alone costs ("read_only": OGR's Arrow stream over every field and
the geometry, nothing checked, and for a zip the inflating of its members alone), the ceiling no
validator reading through OGR can pass, and the validator's share of that speed.
With --data-dir the generated deliveries are kept there and reused ("generated" says whether this run
made them, "generate_seconds" how long it took). With --baseline-code DIR (another revision's tree, e.g.
``mkdir DIR && git archive main | tar -x -C DIR``) each large case is validated alternately by that
code and by this one (--repeats times each), in the same run, and their best times compared.

    python bench/validate.py --features 200000 --wide-features 1000000 --shapefile-mb 1024 \
        --data-dir /tmp/bench-data --baseline-code /tmp/main-code --repeats 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from asset_registry.core.reader import ARROW_BATCH  # noqa: E402
from asset_registry.core.standard import Standard, load_profile  # noqa: E402

from tests.helpers import VALID_LIGHT  # noqa: E402


def generate(path: Path, count: int, defect_every: int) -> int:
    """Write the delivery feature by feature; return the number of injected defects."""
    defects = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}},'
            '"features":[\n'
        )
        for serial in range(1, count + 1):
            admin = "440402" if serial < 10**6 else "440403"  # a 6-digit serial per district
            properties = dict(VALID_LIGHT, component_id=f"{admin}01037{serial % 10**6:06d}")
            if serial % defect_every == 0:
                properties["lamp_type"] = "BAD"
                defects += 1
            x, y = 450000 + (serial % 1000) * 5.0, 2460000 + (serial // 1000) * 5.0 % 20000
            feature = {"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": [x, y]}}
            out.write(("," if serial > 1 else "") + json.dumps(feature, ensure_ascii=False) + "\n")
        out.write("]}\n")
    return defects


def run_validator_child(path: Path) -> dict:
    """Run the validator in a child process; return its timing, findings and peak memory."""
    code = (
        "import json, sys, time\n"
        "from asset_registry.core.standard import Standard, load_profile\n"
        "from asset_registry.core.validate import validate_delivery\n"
        "standard, profile = Standard(), load_profile('zhuhai')\n"
        "start = time.perf_counter()\n"
        f"report = validate_delivery({str(path)!r}, standard, profile, 'streetlight')\n"
        "seconds = time.perf_counter() - start\n"
        "print(json.dumps({'seconds': seconds, 'features': report.feature_count, 'errors': len(report.errors),"
        " 'by_rule': report.counts_by_rule(), 'engine': report.engine}))\n"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    data = json.loads(result.stdout)
    data["peak_rss_mb"] = round(max(peak_kb, before) / 1024, 1)
    return data


EXTRA_COLUMNS = {f"extra_{n}": f"value {n}" for n in range(1, 9)}  # 12 standard columns + 8 = 20


def generate_wide(path: Path, count: int) -> None:
    """A GeoJSON of ``count`` valid streetlights with 20 columns."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}},')
        out.write('"features":[\n')
        for serial in range(1, count + 1):
            admin = ("440402", "440403", "440404")[serial // 10**6 % 3]
            properties = dict(VALID_LIGHT, component_id=f"{admin}01037{serial % 10**6:06d}", **EXTRA_COLUMNS)
            x, y = 450000 + (serial % 2000) * 5.0, 2440000 + (serial // 2000) * 5.0
            feature = {"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": [x, y]}}
            out.write(("," if serial > 1 else "") + json.dumps(feature, ensure_ascii=False) + "\n")
        out.write("]}\n")


def generate_zipped_shapefile(folder: Path, megabytes: int) -> tuple[Path, int, int]:
    """A zipped Shapefile of about ``megabytes`` MB (.shp + .dbf) of valid streetlights; (zip, features, bytes unzipped)."""
    import zipfile

    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4547)
    source = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(folder / "lights.shp"))
    layer = source.CreateLayer("lights", srs, ogr.wkbPoint, ["ENCODING=UTF-8"])
    names = list(VALID_LIGHT) + list(EXTRA_COLUMNS)
    for name in names:
        definition = ogr.FieldDefn(_dbf_name(name), ogr.OFTString)
        definition.SetWidth(40)
        layer.CreateField(definition)
    record = 1 + 40 * len(names) + 28  # a .dbf record and a .shp point with its header
    count = megabytes * 2**20 // record
    definition = layer.GetLayerDefn()
    for serial in range(1, count + 1):
        feature = ogr.Feature(definition)
        admin = ("440402", "440403", "440404")[serial // 10**6 % 3]
        # random text in the extra columns: a real .dbf does not compress 50 times (the zip's expansion cap)
        noise = {name: secrets.token_hex(16) for name in EXTRA_COLUMNS}
        values = dict(VALID_LIGHT, component_id=f"{admin}01037{serial % 10**6:06d}", **noise)
        for index, name in enumerate(names):
            feature.SetField(index, str(values[name]))
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(450000 + (serial % 2000) * 5.0, 2440000 + (serial // 2000) * 5.0)
        feature.SetGeometry(point)
        layer.CreateFeature(feature)
    source = None
    archive = folder / "lights.zip"
    unzipped = 0
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for part in sorted(folder.glob("lights.*")):
            if part.suffix != ".zip":
                unzipped += part.stat().st_size
                out.write(part, part.name)
                part.unlink()
    return archive, count, unzipped


def _dbf_name(name: str) -> str:
    """A column name a .dbf can hold (10 characters): the field's short alias (GLBJBSM …), as Chinese deliveries write it."""
    family = Standard().family("streetlight")
    if name not in family.field_names:
        return name[:10]
    spec = family.field(name)
    return next((alias for alias in (name, *spec.aliases) if alias.isascii() and len(alias) <= 10), name[:10])


def prepare_code(tree: Path) -> Path:
    """Another revision's tree made importable as asset_registry (a link to its plugin/), with this tree's
    compiled scanner when its _fastscan.c is the same (else it runs without one, as the plugin zip does)."""
    link = tree / "asset_registry"
    if not link.exists():
        link.symlink_to("plugin")
    ours = HERE.parent / "plugin" / "core"
    if (tree / "plugin/core/_fastscan.c").read_bytes() == (ours / "_fastscan.c").read_bytes():
        for built in ours.glob("_fastscan*.so"):
            if not (tree / "plugin/core" / built.name).exists():
                shutil.copy2(built, tree / "plugin/core" / built.name)
    return tree


def run_large_child(path: Path, code_tree: Path | None = None) -> dict:
    """Validate a large delivery in a child process; its own features/s and peak RSS (VmHWM, Linux).
    With code_tree, that tree's asset_registry is imported instead of this one's."""
    code = (
        "import importlib.machinery, importlib.util, json, resource, sys, time\n"
        # the tree's package, ahead of this tree's editable install (a finder PYTHONPATH does not outrank)
        f"spec = importlib.machinery.PathFinder.find_spec('asset_registry', [{str(code_tree)!r}])\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "sys.modules['asset_registry'] = module\n"
        "spec.loader.exec_module(module)\n"
        if code_tree is not None
        else "import json, resource, time\n"
    )
    code += (
        "import asset_registry\n"
        "from asset_registry.core.standard import Standard, load_profile\n"
        "from asset_registry.core.validate import validate_delivery\n"
        "standard, profile = Standard(), load_profile('zhuhai')\n"
        "start = time.perf_counter()\n"
        f"report = validate_delivery({str(path)!r}, standard, profile, 'streetlight')\n"
        "seconds = time.perf_counter() - start\n"
        "print(json.dumps({'seconds': seconds, 'features': report.feature_count, 'errors': len(report.errors),"
        " 'by_rule': report.counts_by_rule(), 'engine': report.engine, 'code': asset_registry.__file__,"
        # VmHWM is this program's own peak: ru_maxrss keeps the parent's peak across fork and exec
        " 'peak_rss_mb': int(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM'))) / 1024}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    data = json.loads(result.stdout)
    if code_tree is not None and not data["code"].startswith(str(code_tree)):
        raise SystemExit(f"the baseline run imported {data['code']}, not {code_tree}")
    return data


def run_read_ceiling_child(path: Path) -> dict:
    """What reading alone costs, in a child process: OGR's Arrow stream over every field and the geometry of
    the same file (as column_batches reads it, nothing checked), and for a zip, inflating its members alone
    (zipfile, the same zlib as /vsizip/). The validator cannot be faster than the read."""
    source = f"/vsizip/{path}" if path.suffix == ".zip" else str(path)
    code = (
        "import json, time, zipfile\n"
        "from osgeo import gdal, ogr\n"
        "gdal.UseExceptions()\n"
        f"path, source = {str(path)!r}, {source!r}\n"
        "inflate = None\n"
        "if path.endswith('.zip'):\n"
        "    start = time.perf_counter()\n"
        "    with zipfile.ZipFile(path) as archive:\n"
        "        for member in archive.infolist():\n"
        "            with archive.open(member) as stream:\n"
        "                while stream.read(1 << 22):\n"
        "                    pass\n"
        "    inflate = time.perf_counter() - start\n"
        "start = time.perf_counter()\n"
        "dataset = ogr.Open(source)  # kept: its layer dies with it\n"
        "layer = dataset.GetLayer(0)\n"
        "features = 0\n"
        f"for batch in layer.GetArrowStreamAsNumPy(options=['MAX_FEATURES_IN_BATCH={ARROW_BATCH}']):\n"
        "    features += len(next(iter(batch.values())))\n"
        "print(json.dumps({'read_seconds': time.perf_counter() - start, 'features': features, 'inflate_seconds': inflate}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def large_case(
    name: str,
    path: Path,
    features: int,
    generated: dict,
    extra: dict | None = None,
    baseline: Path | None = None,
    repeats: int = 1,
) -> dict:
    """This code's runs (and the baseline code's, alternating), the best of each: the machine is shared."""
    size_mb = path.stat().st_size / 2**20
    runs, baseline_runs = [], []
    for _ in range(max(repeats, 1)):
        if baseline is not None:
            baseline_runs.append(run_large_child(path, baseline))
        runs.append(run_large_child(path))
    run = min(runs, key=lambda r: r["seconds"])
    ceiling = min((run_read_ceiling_child(path) for _ in range(max(repeats, 1))), key=lambda r: r["read_seconds"])
    limit = 2 * size_mb + 300
    result = {
        "case": name,
        "features": features,
        "input_mb": round(size_mb, 1),
        **(extra or {}),
        **generated,
        "validate_seconds": round(run["seconds"], 2),
        "validate_seconds_all": [round(r["seconds"], 2) for r in runs],
        "features_per_second": round(run["features"] / run["seconds"]),
        "engine": run["engine"],
        "errors": run["errors"],
        "by_rule": run["by_rule"],
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 1),
        "peak_limit_mb": round(limit, 1),
        "peak_within_limit": max(r["peak_rss_mb"] for r in runs) <= limit,
        "read_only": {
            "seconds": round(ceiling["read_seconds"], 2),
            "features_per_second": round(ceiling["features"] / ceiling["read_seconds"]),
            "inflate_seconds": None if ceiling["inflate_seconds"] is None else round(ceiling["inflate_seconds"], 2),
            "validator_share_of_read_speed": round(ceiling["read_seconds"] / run["seconds"], 2),
        },
    }
    if baseline_runs:
        best = min(baseline_runs, key=lambda r: r["seconds"])
        result["baseline_code"] = {
            "tree": str(baseline),
            "validate_seconds_all": [round(r["seconds"], 2) for r in baseline_runs],
            "features_per_second": round(best["features"] / best["seconds"]),
            "engine": best["engine"],
            "same_findings": best["by_rule"] == run["by_rule"] and best["errors"] == run["errors"],
            "peak_rss_mb": round(max(r["peak_rss_mb"] for r in baseline_runs), 1),
        }
        result["speedup_vs_baseline_code"] = round(best["seconds"] / run["seconds"], 2)
    return result


def cached(path: Path, make: object) -> dict:
    """Make the file unless it is there (kept from an earlier run with --data-dir); say which and how long."""
    if path.exists():
        return {"generated": False, "generate_seconds": None}
    start = time.perf_counter()
    make()  # type: ignore[operator]
    return {"generated": True, "generate_seconds": round(time.perf_counter() - start, 1)}


def run_baseline(path: Path) -> dict:
    from jsonschema import Draft202012Validator

    schema = Standard().compiled_schema("streetlight")
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    start = time.perf_counter()
    with path.open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    errors = sum(1 for feature in features for _ in validator.iter_errors(feature["properties"]))
    return {"seconds": time.perf_counter() - start, "features": len(features), "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", type=int, default=200_000)
    parser.add_argument("--defect-every", type=int, default=1000)
    parser.add_argument("--wide-features", type=int, default=0, help="a 20-column GeoJSON of this many features")
    parser.add_argument("--shapefile-mb", type=int, default=0, help="a zipped Shapefile of about this many MB")
    parser.add_argument("--data-dir", type=Path, help="keep the large deliveries here and reuse them")
    parser.add_argument("--baseline-code", type=Path, help="another revision's tree: the large cases run with it too")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each large case (the best is kept)")
    args = parser.parse_args()
    baseline_tree = prepare_code(args.baseline_code.resolve()) if args.baseline_code else None
    load_profile("zhuhai")
    load_at_start = [round(load, 2) for load in os.getloadavg()]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "streetlights.geojson"
        start = time.perf_counter()
        injected = generate(path, args.features, args.defect_every)
        generated = time.perf_counter() - start
        # best of --repeats, as the large cases' throughput it is the target of
        validator = min((run_validator_child(path) for _ in range(max(args.repeats, 1))), key=lambda run: run["seconds"])
        baseline = run_baseline(path)
        path.unlink()
        large = []
        data = args.data_dir or Path(directory)
        data.mkdir(parents=True, exist_ok=True)
        if args.wide_features:
            wide = data / f"wide_{args.wide_features}.geojson"
            partial = wide.with_suffix(".partial")
            made = cached(wide, lambda: (generate_wide(partial, args.wide_features), partial.rename(wide)))
            large.append(large_case("geojson_20_columns", wide, args.wide_features, made, None, baseline_tree, args.repeats))
        if args.shapefile_mb:
            folder = data / f"shapefile_{args.shapefile_mb}mb"
            archive = folder / "lights.zip"
            facts = folder / "lights.json"

            def make_shapefile() -> None:
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir(parents=True)
                _, count, unzipped = generate_zipped_shapefile(folder, args.shapefile_mb)
                facts.write_text(json.dumps({"features": count, "unzipped": unzipped}))

            made = cached(facts, make_shapefile)  # written last: a run stopped halfway makes it again
            known = json.loads(facts.read_text())
            extra = {"unzipped_mb": round(known["unzipped"] / 2**20, 1)}
            case = large_case("zipped_shapefile_20_columns", archive, known["features"], made, extra, baseline_tree, args.repeats)
            large.append(case)
    result = {
        "benchmark": "validate",
        "load_average_at_start": load_at_start,
        "features": args.features,
        "defects_injected": injected,
        "defects_found": validator["errors"],
        "engine": validator["engine"],
        "found_exactly_the_injected": validator["errors"] == injected
        and validator["by_rule"] == ({"schema.codelist": injected} if injected else {}),
        "generate_seconds": round(generated, 2),
        "validate_seconds": round(validator["seconds"], 2),
        "validate_features_per_second": round(args.features / validator["seconds"]),
        "validate_peak_rss_mb": validator["peak_rss_mb"],
        "baseline": "jsonschema Draft202012Validator.iter_errors per feature, json.load",
        "baseline_seconds": round(baseline["seconds"], 2),
        "baseline_features_per_second": round(args.features / baseline["seconds"]),
        "baseline_errors": baseline["errors"],
        "speedup_vs_baseline": round(baseline["seconds"] / validator["seconds"], 2),
        "targets": {"features_per_second": 150_000, "speedup": 15, "peak_rss_mb": 2048, "issue_16_features_per_second": 459_000},
        "large_cases": large,
        # the machine is shared: the throughputs above are comparable within this run only
        "load_average_at_end": [round(load, 2) for load in os.getloadavg()],
    }
    for case in large:
        case["speed_vs_200k_run"] = round(case["features_per_second"] / result["validate_features_per_second"], 3)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
