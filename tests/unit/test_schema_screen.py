"""The schema screen clears a record exactly when the reference jsonschema walk finds nothing in it.

Random work_order and inspection records (standard 1.1), most of them valid, the rest with one or a few
faults of every kind the schemas check (type, format, enum, pattern, lengths, ranges, unknown fields,
missing required fields, the inspection's conditions), are judged by both; and a Validator's findings
for a delivery of such records are the same whether the screen is used or not.
"""

from __future__ import annotations

import random

import pytest
from asset_registry.core.schema_screen import SchemaScreen
from asset_registry.core.standard import Standard
from asset_registry.core.validator import format_checker
from jsonschema import Draft202012Validator

ROUNDS = 3000


@pytest.fixture(scope="module")
def standard():
    return Standard("1.1")


def _valid_case(rng: random.Random) -> dict:
    at = f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T0{rng.randint(0, 9)}:{rng.randint(10, 59)}:00+08:00"
    record = {
        "case_no": f"LS{rng.randint(0, 10**9):09d}",
        "matter_code": "44040201037",
        "source": rng.choice(["patrol", "wechat", "hotline_12345"]),
        "status": rng.choice(["closed", "dispatched", "cancelled"]),
        "description": rng.choice(["路灯不亮", "井盖缺失"]),
        "reported_at": at,
        "address": f"香洲区某路 {rng.randint(0, 500)} 号",
        "rework_count": rng.randint(0, 3),
        "handled_cost": rng.choice([0, 12.5, 300]),
        "satisfaction": "satisfied",
    }
    for name in rng.sample(["accepted_at", "registered_at", "dispatched_at", "handled_at", "closed_at"], 3):
        record[name] = at
    return record


def _valid_inspection(rng: random.Random) -> dict:
    kind = rng.choice(["lighting_patrol", "road_survey", "bridge_inspection"])
    record = {"inspection_id": f"X{rng.randint(0, 10**6)}", "kind": kind, "inspected_at": "2025-03-01T10:00:00+08:00"}
    if kind == "lighting_patrol":
        record.update(lit=rng.choice([True, False]), component_id="44040201037000001")
    elif kind == "road_survey":
        record.update(road_name="情侣路", pci=rng.choice([55.5, 90, 100]))
    else:
        record.update(component_id="44040202009000001", bci=rng.choice([0, 70.5]), bci_grade="B")
    return record


BAD_VALUES = [
    None, True, 1, -1, 2.5, 10**12, "", "x" * 2500, "2025-13-01T00:00:00+08:00", "2025-03-01 10:00", "20250301",
    "2025-03-01T10:00:00Z", "2025-03-01", "nonsense", "4404020103", "440402010370000011", [], {"a": 1}, float("nan"),
    "44040201037\n", "x" * 31, "x" * 101, "路" * 30,
]  # fmt: skip


def _spoiled(rng: random.Random, record: dict, schema: dict) -> dict:
    record = dict(record)
    for _ in range(rng.randint(1, 3)):
        what = rng.random()
        if what < 0.1 and record:
            del record[rng.choice(sorted(record))]
        elif what < 0.15:
            record["not_a_field"] = "x"
        else:
            record[rng.choice(sorted(schema["properties"]))] = rng.choice(BAD_VALUES)
    return record


@pytest.mark.parametrize(("family", "make"), [("work_order", _valid_case), ("inspection", _valid_inspection)])
def test_screen_clears_exactly_what_the_reference_finds_nothing_in(standard, family, make):
    schema = standard.delivery_class(family).schema
    checker = format_checker()
    reference = Draft202012Validator(schema, format_checker=checker)
    screen = SchemaScreen(schema, checker)
    assert screen.usable
    rng = random.Random(15)
    cleared = 0
    for n in range(ROUNDS):
        record = make(rng)
        if n % 3 == 0:
            record = _spoiled(rng, record, schema)
        expected = not any(True for _ in reference.iter_errors(record))
        assert screen.clean(record) == expected, record
        cleared += expected
    assert cleared > ROUNDS // 2  # the screen does clear the valid ones


def test_a_schema_whose_keywords_tie_properties_together_is_not_screened():
    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "unevaluatedProperties": False}
    screen = SchemaScreen(schema, format_checker())
    assert not screen.usable
    assert not screen.clean({"a": "x"})
