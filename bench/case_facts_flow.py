"""Benchmark: what the case facts' triggers (db/app/69_case_facts.sql) add to the live case flow.

On a fresh registry of the local PostGIS (dropped afterwards), as the server's superuser: --cases cases reported
through case_report, each walked through the whole life cycle (accept … close, one case_transition a step), in
rounds that alternate A B A B: the facts' triggers on (this code) and off (the flow as it was before them, the
baseline), so that the load of the shared machine weighs on both alike. Prints one JSON object: the median ms of
a report and of a transition, each way, and the load average.

    python bench/case_facts_flow.py --cases 200 --rounds 6
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from asset_registry.core.standard import load_profile  # noqa: E402
from asset_registry.storage import localpg  # noqa: E402
from asset_registry.storage.connection import connection  # noqa: E402
from asset_registry.storage.workorders import report_cases, transition  # noqa: E402
from common import Databases  # noqa: E402

STEPS = ("accept", "register", "dispatch", "start", "handle", "verify", "close")
PAYLOAD = {"maintainer": "unit", "crew": "crew", "notes": "done"}
TRIGGERS = {"work_order": ("case_facts_insert", "case_facts_update", "case_facts_delete"),
            "work_order_event": ("case_facts_insert", "case_facts_update", "case_facts_delete")}  # fmt: skip


def switch(conn, on: bool) -> None:
    with conn, conn.cursor() as cur:
        for table, triggers in TRIGGERS.items():
            for trigger in triggers:
                cur.execute(f"ALTER TABLE assetreg.{table} {'ENABLE' if on else 'DISABLE'} TRIGGER {trigger}")


def one_round(conn, cases: int) -> tuple[float, float]:
    """ms per report and per transition of this round's cases."""
    began = time.perf_counter()
    reported = []
    for _ in range(cases):
        with conn:
            reported.append(report_cases(conn, [{"matter_code": "44040201037", "source": "patrol", "description": "x"}])[0])
    report_ms = (time.perf_counter() - began) * 1000 / cases
    began = time.perf_counter()
    for case in reported:
        version = case.version
        for step in STEPS:
            with conn:
                version = transition(conn, case.id, version, step, None, PAYLOAD)
    return report_ms, (time.perf_counter() - began) * 1000 / (cases * len(STEPS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=200, help="cases per round")
    parser.add_argument("--rounds", type=int, default=6, help="rounds, alternately with and without the triggers")
    args = parser.parse_args()
    localpg.ensure_running()
    databases = Databases()
    try:
        dsn = localpg.server_dsn(databases.registry(load_profile("zhuhai")))
        runs: dict[str, list[tuple[float, float]]] = {"facts_triggers": [], "baseline_no_triggers": []}
        with connection(dsn) as conn:
            for n in range(args.rounds + 2):  # the first two warm up
                name = "facts_triggers" if n % 2 == 0 else "baseline_no_triggers"
                switch(conn, name == "facts_triggers")
                measured = one_round(conn, args.cases)
                if n >= 2:
                    runs[name].append(measured)
            switch(conn, True)
    finally:
        databases.drop_all()
    figures = {
        name: {
            "report_ms": round(statistics.median(r for r, _ in values), 2),
            "transition_ms": round(statistics.median(t for _, t in values), 2),
        }  # fmt: skip
        for name, values in runs.items()
    }
    print(json.dumps({"cases_per_round": args.cases, **figures, "load_average": [round(x, 2) for x in os.getloadavg()]}))


if __name__ == "__main__":
    main()
