"""Benchmark: the client's part of importing historical cases, validating the CSV and writing its COPY rows.

The CSV of bench/history_cases.py (--cases cases as a platform exports them) is validated as the import
validates it (validate_delivery with the import's spool, which keeps every record's COPY row), then the valid
rows are written as the import hands them to COPY. Two ways, alternating in the same run (A B A B, --repeat
rounds), so the load of the shared machine weighs on both alike:

- reference: the per-record path (validate_delivery(fast=False): mapping, schema screen and step rules record
  by record, the rows by csv.writer), the baseline;
- columns: the column-wise path of core/fastcases.py.

Both must give the same report and the same rows (checked on the first round). No database is needed.
Prints one JSON object: the medians in seconds, cases/s, the speed-up, the load average.

    python bench/history_validate.py --cases 200000
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from asset_registry.core.standard import Standard, load_profile  # noqa: E402
from asset_registry.core.validate import validate_delivery  # noqa: E402
from asset_registry.storage.importing.rows import Spool  # noqa: E402
from history_cases import write_cases  # noqa: E402

TARGET_S_AT_2M = 15  # issue 15's budget for validating 2,000,000 cases


def run(path: Path, fast: bool) -> tuple[float, float, object, str]:
    """(validation s, rows s, report, rows) of one way."""
    standard, profile = Standard("1.1"), load_profile("zhuhai")
    spool = Spool(standard, "work_order")
    try:
        began = time.perf_counter()
        report = validate_delivery(path, standard, profile, "work_order", keep=spool, fast=fast)
        validated = time.perf_counter()
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
        spool.write_valid(report.invalid_features, out)
        out.flush()
        ended = time.perf_counter()
        rows = out.buffer.getvalue().decode("utf-8").replace("\r\n", "\n")  # csv.writer ends its rows in \r\n
    finally:
        spool.close()
    return validated - began, ended - validated, report, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    timings: dict[str, dict[str, list[float]]] = {"reference": {}, "columns": {}}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.csv"
        write_cases(path, args.cases)
        same = None
        for _ in range(args.repeat):
            results = {}
            for name, fast in (("reference", False), ("columns", True)):
                validate_s, rows_s, report, rows = run(path, fast)
                runs = timings[name]
                runs.setdefault("validate_s", []).append(validate_s)
                runs.setdefault("rows_s", []).append(rows_s)
                results[name] = (report, rows)
                assert report.engine == ("fast" if fast else "reference")
            if same is None:
                (fast_report, fast_rows), (reference_report, reference_rows) = results["columns"], results["reference"]
                same = fast_report.to_dict() == reference_report.to_dict() and fast_rows == reference_rows
    medians = {name: {key: round(statistics.median(values), 2) for key, values in runs.items()} for name, runs in timings.items()}
    total = {name: figures["validate_s"] + figures["rows_s"] for name, figures in medians.items()}
    print(
        json.dumps(
            {
                "cases": args.cases,
                **{f"{name}_{key}": value for name, figures in medians.items() for key, value in figures.items()},
                "reference_cases_per_s": round(args.cases / total["reference"]),
                "columns_cases_per_s": round(args.cases / total["columns"]),
                "speed_up": round(total["reference"] / total["columns"], 1),
                "columns_validate_s_at_2m_estimated": round(medians["columns"]["validate_s"] * 2_000_000 / args.cases, 1),
                "target_validate_s_at_2m": TARGET_S_AT_2M,
                "same_report_and_rows": same,
                "load_average": [round(x, 2) for x in os.getloadavg()],
            }
        )
    )


if __name__ == "__main__":
    main()
