"""Historical cases delivered as a CSV (as platforms export them) are validated column-wise (core/fastcases.py) and
staged from the rows it writes; the registry they give is the one the per-record reference path gives, record
for record and event for event, invalid records left out with --accept-valid and the whole refused without."""

from __future__ import annotations

import csv
import functools

import pytest
from asset_registry.core.errors import RefusedError
from asset_registry.core.standard import Standard
from asset_registry.core.validate import validate_delivery
from asset_registry.storage.importing import import_delivery, run

from tests.db.conftest import query
from tests.db.test_case_history import MONTH, OPENED, case

ADDRESS = "香洲区某路 1 号"
CASES = [
    *MONTH,
    case("H08", "closed", **OPENED, handled_at="03T10:00", verified_at="03T11:00", closed_at="02T09:00"),  # invalid
    case("H09", "dispatched", **{**OPENED, "accepted_at": "2026-11-02T01:10:00Z"}),  # UTC: the reference checks it
    case("H10", "closed", **OPENED, handled_at="03T10:00", verified_at="03T11:00", closed_at="03T12:00",
         description='他说"坏了", 又说\n第二行', rework_count="01"),  # quoted text, an integer written otherwise
    case("H01", "dispatched", **OPENED),  # the number of the first again: invalid
]  # fmt: skip
CASE_COLUMNS = (
    "case_no, status, source, description, address, source_platform, handling_unit, rework_count, reported_at,"
    " handling_deadline, closing_deadline, closed_at, satisfaction, reply_channel, reply_text, version"
)
EVENTS = (
    "SELECT w.case_no, e.version, e.action, e.from_status, e.to_status, e.at, e.handling_deadline"
    " FROM assetreg.work_order_event e JOIN assetreg.work_order w ON w.id = e.work_order_id ORDER BY 1, 2"
)


@pytest.fixture
def cases_csv(tmp_path):
    # a list of earlier step times (GeoJSON's array) is one text cell in a CSV, its items joined by ';'
    rows = [
        {**{k: ";".join(v) if isinstance(v, list) else v for k, v in properties.items()}, "address": ADDRESS}
        for properties, _ in CASES
    ]
    fields = list(dict.fromkeys(name for row in rows for name in row))
    path = tmp_path / "cases.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def load(dsn, path, profile, **options):
    return import_delivery(dsn, path, Standard("1.1"), profile, "work_order", **options)


def registry_state(dsn) -> tuple:
    return query(dsn, f"SELECT {CASE_COLUMNS} FROM assetreg.work_order ORDER BY case_no"), query(dsn, EVENTS)


def test_a_csv_of_cases_loads_alike_column_wise_and_record_by_record(registry, second_registry, profile, cases_csv, monkeypatch):
    fast = load(registry, cases_csv, profile, accept_valid=True)
    assert fast.report.engine == "fast"
    monkeypatch.setattr(run, "validate_delivery", functools.partial(validate_delivery, fast=False))
    reference = load(second_registry, cases_csv, profile, accept_valid=True)
    assert reference.report.engine == "reference"
    assert (fast.inserted, fast.rejected) == (reference.inserted, reference.rejected) == (9, 2)
    cases, events = registry_state(registry)
    assert (cases, events) == registry_state(second_registry)
    described = {row[0]: row[3] for row in cases}
    assert described["H10"] == '他说"坏了", 又说\n第二行'
    assert "H08" not in described


def test_a_refused_csv_leaves_the_registry_as_it_was(registry, profile, cases_csv):
    with pytest.raises(RefusedError) as refused:
        load(registry, cases_csv, profile)
    assert refused.value.report.engine == "fast"
    assert query(registry, "SELECT count(*) FROM assetreg.work_order")[0][0] == 0
    assert query(registry, "SELECT count(*) FROM assetreg.work_order_event")[0][0] == 0
