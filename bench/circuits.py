"""Benchmark: what noting and judging a light's circuit (issue 17 follow-up) costs the validator's fast path.

Generates N streetlights (GeoJSON, EPSG:4547), each naming one of N/120 cabinets and a circuit, and validates it
with this tree's code and with a named baseline tree's (main's plugin unpacked with `git archive`, say),
alternating, each run in a child process; prints one JSON object with the best seconds of each and the load
average. The baseline is given as a folder holding an ``asset_registry`` package.

    mkdir /tmp/base && git archive main plugin standards | tar -x -C /tmp/base
    cp plugin/core/_fastscan*.so /tmp/base/plugin/core/ && ln -s /tmp/base/plugin /tmp/base/asset_registry
    mkdir /tmp/mine && ln -s "$PWD/plugin" /tmp/mine/asset_registry
    python bench/circuits.py --features 200000 --baseline /tmp/base --tree /tmp/mine
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.helpers import VALID_LIGHT  # noqa: E402

CHILD = """
import sys, time
from asset_registry.core.standard import Standard, load_profile
from asset_registry.core.validate import validate_delivery
standard = Standard("1.1"); profile = load_profile("zhuhai")
start = time.perf_counter()
report = validate_delivery(sys.argv[1], standard, profile, "streetlight")
print(time.perf_counter() - start, report.engine, len(report.findings))
"""


def generate(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}},')
        out.write('"features":[\n')
        for serial in range(1, count + 1):
            properties = dict(
                VALID_LIGHT,
                component_id=f"44040201037{serial:06d}",
                cabinet_id=f"44040201060{serial // 120 + 1:06d}",
                circuit_id=f"HL{serial % 120 // 20 + 1:02d}",
            )
            x, y = 450000 + (serial % 1000) * 5.0, 2460000 + (serial // 1000) * 5.0 % 20000
            feature = {"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": [x, y]}}
            out.write(("," if serial > 1 else "") + json.dumps(feature, ensure_ascii=False) + "\n")
        out.write("]}\n")


def run(tree: str, path: Path) -> tuple[float, str, int]:
    env = dict(os.environ, PYTHONPATH=tree)
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env, capture_output=True, text=True, check=True)
    seconds, engine, findings = out.stdout.split()[-3:]
    return float(seconds), engine, int(findings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--features", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", required=True, help="a folder holding the baseline's asset_registry package")
    parser.add_argument("--tree", required=True, help="a folder holding this tree's asset_registry package")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lights.geojson"
        generate(path, args.features)
        times: dict[str, list[float]] = {"baseline": [], "circuits": []}
        seen = {}
        for _ in range(args.rounds):
            for name, tree in (("baseline", args.baseline), ("circuits", args.tree)):
                seconds, engine, findings = run(tree, path)
                times[name].append(seconds)
                seen[name] = {"engine": engine, "findings": findings}
    best = {name: min(values) for name, values in times.items()}
    print(
        json.dumps(
            {
                "features": args.features,
                "best_s": best,
                "all_s": times,
                "runs": seen,
                "overhead": round(best["circuits"] / best["baseline"] - 1, 3),
                "load_average": os.getloadavg(),
            }
        )
    )


if __name__ == "__main__":
    main()
