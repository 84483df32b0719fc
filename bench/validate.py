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

    python bench/validate.py --features 200000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

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
    args = parser.parse_args()
    load_profile("zhuhai")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "streetlights.geojson"
        start = time.perf_counter()
        injected = generate(path, args.features, args.defect_every)
        generated = time.perf_counter() - start
        validator = run_validator_child(path)
        baseline = run_baseline(path)
    result = {
        "benchmark": "validate",
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
        "targets": {"features_per_second": 150_000, "speedup": 15, "peak_rss_mb": 2048},
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
