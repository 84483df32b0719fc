"""The column-wise validation of historical cases (core/fastcases.py) gives exactly the reference path's report
and COPY rows, on a file holding every kind of work_order defect the validator reports.

Parity is the contract: validate_delivery(fast=True) takes the column-wise path (engine "fast") and its
findings (rule, record, field, value, detail), summary and identifiers equal those of validate_delivery(fast=False),
the per-record reference; the rows it hands the import's spool equal the reference's, row for row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np
import pytest
from asset_registry.core import fastcases
from asset_registry.core.standard import Profile, Standard, load_profile
from asset_registry.core.validate import validate_delivery
from asset_registry.storage.importing.rows import Spool

from tests.unit import test_text_batches as text_batches
from tests.unit.test_fastpath import assert_same

STANDARD = Standard("1.1")
SOURCE_LABEL = STANDARD.codelists["work_order_source"].label("patrol", "zh")
FIELDS = (
    "case_no", "matter_code", "source", "status", "description", "address", "source_platform", "handling_unit",
    "component_id", "reported_at", "accepted_at", "registered_at", "dispatched_at", "first_handled_at", "reworked_at",
    "handled_at", "verified_at", "closed_at", "refused_at", "cancelled_at", "deferred_at", "resumed_at", "replied_at",
    "returned_at", "redispatched_at", "supervised_at", "urged_at", "on_the_spot_at", "handling_deadline",
    "rework_count", "handled_cost", "satisfaction", "earlier_supervised_at", "earlier_urged_at",
    "earlier_returned_at", "earlier_redispatched_at", "earlier_returned_units", "earlier_return_reasons", "remark",
)  # fmt: skip
GOOD = {**text_batches.GOOD, "handling_deadline": "2025-03-04T09:30:00+08:00"}
# each record one defect, or one value the mapping or the reference path must see (the first none)
DEFECTS = [
    {},
    {"registered_at": "2025-03-02T09:05:00+08:00"},  # crossfield.case_steps_out_of_order (before the acceptance)
    {"registered_at": "2025-03-04T09:00:00+08:00"},  # crossfield.case_closed_before_registered
    {"registered_at": ""},  # closed without a registration
    {"verified_at": "2025-03-03T13:00:00+08:00"},  # closed before a step
    {"reported_at": "2099-01-01T09:00:00+08:00"},  # crossfield.future_date
    {"handling_deadline": "2099-01-01T09:00:00+08:00"},  # a deadline in the future too
    {"refused_at": "2025-03-01T09:00:00+08:00"},  # a side step before the report
    {"resumed_at": "2025-03-02T12:00:00+08:00"},  # a resumption without a deferral
    {"deferred_at": "2025-03-02T12:00:00+08:00", "resumed_at": "2025-03-02T11:00:00+08:00"},  # resumed before
    {"deferred_at": "2025-03-02T12:00:00+08:00", "resumed_at": "2025-03-02T13:00:00+08:00"},  # in order: nothing
    {"status": "dispatched", "closed_at": "", "verified_at": "", "handled_at": "", "dispatched_at": ""},  # without its step
    {"closed_at": ""},  # crossfield.case_status_without_step
    {"redispatched_at": "2025-03-02T10:00:00+08:00"},  # crossfield.case_return_out_of_order
    {"returned_at": "2025-03-02T09:40:00+08:00", "redispatched_at": "2025-03-02T09:50:00+08:00"},  # in order
    {"returned_at": "2025-03-02T09:40:00+08:00"},  # returned, then handled without a re-dispatch
    {"supervised_at": "2025-03-04T09:00:00+08:00"},  # crossfield.case_supervised_when_finished
    {"urged_at": "2025-03-02T12:00:00+08:00"},  # urged while open: nothing
    {"on_the_spot_at": "2025-03-02T09:30:00+08:00"},  # crossfield.case_on_the_spot_with_flow_steps
    {"source": "hotline_12345", "replied_at": "2025-03-05T09:00:00+08:00"},  # crossfield.case_replied_after_close
    {"source": "patrol", "replied_at": "2025-03-05T09:00:00+08:00"},  # no reply required: nothing
    {"source": "hotline_12345", "replied_at": "2025-03-03T11:30:00+08:00"},  # replied in time
    {"status": "finished"},  # schema.codelist
    {"satisfaction": "happy"},  # schema.codelist
    {"source": SOURCE_LABEL},  # a label: mapped to its code
    {"matter_code": "4404020103X"},  # schema.pattern
    {"description": ""},  # schema.required
    {"case_no": ""},  # schema.required of the identifier
    {"case_no": "C" * 31},  # schema.length
    {"description": "长" * 1001},  # schema.length
    {"reported_at": "2025-03-02 09:00"},  # schema.date_format
    {"reported_at": "2025-02-30T09:00:00+08:00"},  # no such day
    {"reported_at": "2025-03-02T24:00:00+08:00"},  # no such hour
    {"handling_deadline": "2025-03-04T24:00:00+08:00"},  # ... in a time no rule orders
    {"handling_deadline": "2025-03-04T09:30:60+08:00"},  # no such second
    {"handling_deadline": "2025-03-04T09:30:00+08:60"},  # no such offset
    {"accepted_at": "2025-03-02T01:10:00Z"},  # another valid form (UTC)
    {"accepted_at": "2025-03-02T09:10:00.5+08:00"},  # a fraction of a second
    {"accepted_at": "2025-03-02T03:10:00-01:00"},  # a negative offset (later than the report)
    {"accepted_at": "2025-03-02T09:10:00+08:00 "},  # a trailing space
    {"reported_at": "2024-02-29T09:00:00+08:00", "accepted_at": "2024-02-29T09:10:00+08:00"},  # a leap day
    {"reported_at": "2023-02-29T09:00:00+08:00"},  # not a leap year
    {"rework_count": "-1"},  # schema.range
    {"rework_count": "abc"},  # schema.type
    {"rework_count": "01"},  # an integer written otherwise
    {"handled_cost": "12.50"},  # a number
    {"handled_cost": "1,234.5"},  # a number with thousands
    {"case_no": "C01"},  # record.duplicate_id: the number of the first again
    {"description": "'=HYPERLINK(1)"},  # a guarded formula cell
    {"address": '他说"坏了", 又说'},  # quotes and a comma
    {"description": "第一行\n第二行"},  # a line break inside a cell
    {"remark": "not in the standard"},  # schema.unknown_field (once, for the file)
    {"source_platform": "  "},  # spaces only: absent
    {"handling_unit": " 路灯管理所"},  # a leading space: stripped
    {"handling_unit": "无"},  # schema.placeholder
    {"description": "N/A"},  # a placeholder in a required field
    {"address": ""},  # no address and no position: the geometry's finding
    {"component_id": "44040211001000001"},  # a well-formed component
    {"component_id": "4404021100100000X"},  # identifier.structure
    {"component_id": "99999911001000001"},  # identifier.admin_code
    {"component_id": "4404021100100001"},  # identifier.legacy (sixteen digits)
    # a step taken several times (standard 1.1): the earlier ones listed, the latest in its own field
    {"urged_at": "2025-03-02T12:00:00+08:00", "earlier_urged_at": "2025-03-02T10:00:00+08:00;2025-03-02T11:00:00+08:00"},
    {"urged_at": "2025-03-02T12:00:00+08:00", "earlier_urged_at": "2025-03-02T13:00:00+08:00"},  # after the latest
    {"earlier_supervised_at": "2025-03-02T10:00:00+08:00"},  # crossfield.case_earlier_steps_out_of_order (no latest)
    {"supervised_at": "2025-03-02T12:00:00+08:00", "earlier_supervised_at": "yesterday"},  # case_step_list_malformed
    {
        "returned_at": "2025-03-02T09:40:00+08:00",
        "redispatched_at": "2025-03-02T09:50:00+08:00",
        "earlier_returned_at": "2025-03-02T09:32:00+08:00",
        "earlier_redispatched_at": "2025-03-02T09:35:00+08:00",
        "earlier_returned_units": "环卫所",
    },  # returned twice, in order
    {
        "returned_at": "2025-03-02T09:40:00+08:00",
        "redispatched_at": "2025-03-02T09:50:00+08:00",
        "earlier_returned_at": "2025-03-02T09:32:00+08:00",
    },  # crossfield.case_earlier_returns_unpaired
    {
        "returned_at": "2025-03-02T09:40:00+08:00",
        "redispatched_at": "2025-03-02T09:50:00+08:00",
        "earlier_returned_at": "2025-03-02T09:32:00+08:00;2025-03-02T09:36:00+08:00",
        "earlier_redispatched_at": "2025-03-02T09:35:00+08:00;2025-03-02T09:38:00+08:00",
        "earlier_return_reasons": "派错单位;",
    },  # returned thrice, the earlier reasons given (the second not exported)
    {
        "returned_at": "2025-03-02T09:40:00+08:00",
        "redispatched_at": "2025-03-02T09:50:00+08:00",
        "earlier_returned_at": "2025-03-02T09:32:00+08:00",
        "earlier_redispatched_at": "2025-03-02T09:35:00+08:00",
        "earlier_return_reasons": "派错单位;重复派遣",
    },  # crossfield.case_earlier_return_reasons_unpaired
    {"earlier_return_reasons": "派错单位"},  # the same: a reason without an earlier return
]


def write_cases(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def cases_csv(tmp_path) -> Path:
    rows = [{**GOOD, "case_no": f"C{n:02d}", **defect} for n, defect in enumerate(DEFECTS * 3)]
    # a flagged record's number repeated by a clean one after it: the duplicate is the clean one
    rows += [{**GOOD, "case_no": "D01", "status": "finished"}, {**GOOD, "case_no": "D01"}]
    return write_cases(tmp_path / "cases.csv", rows)


@pytest.fixture
def zhuhai() -> Profile:
    return load_profile("zhuhai")


def spooled(path: Path, profile: Profile, fast: bool):
    """The report and the COPY rows the import would stage (its spool's valid rows, with --accept-valid)."""
    spool = Spool(STANDARD, "work_order")
    try:
        report = validate_delivery(path, STANDARD, profile, "work_order", keep=spool, fast=fast)
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
        assert spool.holds_all(report)
        count = spool.write_valid(report.invalid_features, out)
        out.flush()
        text = out.buffer.getvalue().decode("utf-8")
    finally:
        spool.close()
    return report, count, list(csv.reader(io.StringIO(text)))


def assert_parity(path: Path, profile: Profile) -> None:
    fast, fast_count, fast_rows = spooled(path, profile, fast=True)
    reference, reference_count, reference_rows = spooled(path, profile, fast=False)
    assert_same(fast, reference)
    assert fast_count == reference_count == len(reference_rows)
    assert fast_rows == reference_rows


def test_every_defect_is_found_as_the_reference_finds_it(cases_csv, zhuhai):
    fast = validate_delivery(cases_csv, STANDARD, zhuhai, "work_order")
    rules = {finding.rule for finding in fast.findings}
    case_rules = {
        "crossfield.case_steps_out_of_order", "crossfield.case_closed_before_registered", "crossfield.future_date",
        "crossfield.case_status_without_step", "crossfield.case_return_out_of_order",
        "crossfield.case_supervised_when_finished", "crossfield.case_on_the_spot_with_flow_steps",
        "crossfield.case_replied_after_close", "schema.codelist", "schema.pattern", "schema.required", "schema.length",
        "schema.date_format", "schema.range", "schema.type", "record.duplicate_id", "schema.unknown_field",
        "schema.placeholder", "identifier.structure", "identifier.admin_code", "identifier.legacy",
        "crossfield.case_earlier_steps_out_of_order", "crossfield.case_step_list_malformed",
        "crossfield.case_earlier_returns_unpaired", "crossfield.case_earlier_return_reasons_unpaired",
    }  # fmt: skip
    assert case_rules <= rules, case_rules - rules
    assert fast.engine == "fast"  # the lists' rule is one the column-wise path models
    assert_parity(cases_csv, zhuhai)


def test_many_batches_and_texts_judged_by_their_lengths(cases_csv, zhuhai, monkeypatch):
    """Batches of 16 records (a case number's first and its repeat in different ones), every text column of more
    than two distinct values judged by its lengths and edges instead of one by one."""
    monkeypatch.setattr(fastcases, "ARROW_BATCH", 16)
    monkeypatch.setattr(fastcases, "EXACT_LIMIT", 2)
    assert_parity(cases_csv, zhuhai)


def test_a_profile_requiring_more_fields_and_declaring_placeholders(tmp_path, zhuhai):
    checks = {"required": {"work_order": ["handling_unit"]}, "placeholders": {"description": ["待补"], "rework_count": [9999]}}
    profile = Profile(zhuhai.id, {**zhuhai.body, "delivery_checks": checks})
    assert profile.required_fields("work_order") == ("handling_unit",)
    defects = [*DEFECTS, {"handling_unit": ""}, {"description": "待补"}, {"rework_count": "9999"}, {"rework_count": "9999.0"}]
    rows = [{**GOOD, "case_no": f"C{n:02d}", **defect} for n, defect in enumerate(defects * 2)]
    path = write_cases(tmp_path / "cases.csv", rows)
    rules = {finding.rule for finding in validate_delivery(path, STANDARD, profile, "work_order").findings}
    assert {"schema.profile_required", "schema.placeholder"} <= rules
    assert_parity(path, profile)


def test_the_instants_are_pythons(zhuhai):
    """The layout's parse gives the instant datetime.fromisoformat gives, and refuses what it refuses."""
    texts = [
        "2024-02-29T23:59:59+08:00", "2023-02-29T00:00:00+08:00", "2025-12-31T00:00:00-09:30", "1970-01-01T00:00:00+00:00",
        "0001-01-01T00:00:00+00:00", "0000-01-01T00:00:00+00:00", "2025-13-01T00:00:00+08:00", "2025-04-31T00:00:00+08:00",
        "2025-04-30T23:60:00+08:00", "2025-04-30T24:00:00+08:00", "2025-04-30T23:00:60+08:00", "2025-04-30T23:00:00+24:00",
        "2025-04-30 23:00:00+08:00",
        "2025-04-30T23:00:00Z", "2025-04-30T23:00:00+08:00x", "2100-02-29T00:00:00+08:00", "2000-02-29T12:00:00+05:45",
    ]  # fmt: skip
    fits, seconds = fastcases._instants(np.array([t.encode() for t in texts]))
    for text, fit, second in zip(texts, fits.tolist(), seconds.tolist(), strict=True):
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if fit:
            assert moment is not None and moment.timestamp() == second, text
        else:
            assert moment is None or len(text) != 25 or text[10] != "T", text


def test_a_csv_of_another_class_or_with_positions_is_left_to_the_reference(tmp_path, zhuhai):
    cases = write_cases(tmp_path / "cases.csv", [GOOD])
    assert fastcases.fast_validate(cases, STANDARD, zhuhai, "inspection") is None
    assert fastcases.fast_validate(cases, STANDARD, zhuhai, None) is None
    placed = tmp_path / "placed.csv"
    placed.write_text(cases.read_text(encoding="utf-8").replace("case_no,", "x,y,case_no,", 1).replace("\nC01,", "\n1,2,C01,"))
    assert fastcases.fast_validate(placed, STANDARD, zhuhai, "work_order") is None
    assert fastcases.fast_validate(cases, STANDARD, zhuhai, "work_order", keep=lambda feature: None) is None
    assert fastcases.fast_validate(cases, STANDARD, zhuhai, "work_order").engine == "fast"


def test_clean_batches_count_their_numbers_at_once(tmp_path, zhuhai, monkeypatch):
    """Batches of clean records only (their numbers counted at once), one repeating a number of an earlier batch
    and one repeating its own."""
    monkeypatch.setattr(fastcases, "ARROW_BATCH", 4)
    numbers = [f"K{n:02d}" for n in range(12)] + ["K01", "K20", "K20", "K21"]
    path = write_cases(tmp_path / "clean.csv", [{**GOOD, "case_no": number} for number in numbers])
    assert_parity(path, zhuhai)
    findings = validate_delivery(path, STANDARD, zhuhai, "work_order").findings
    duplicates = [f.feature for f in findings if f.rule == "record.duplicate_id"]
    assert duplicates == [13, 15]


def test_columns_named_as_platforms_name_them_and_another_encoding(tmp_path, zhuhai):
    """Chinese headers (the fields' aliases, one of them a formula-guarded name) are mapped as the reference maps
    them; a file in GB18030 gives the reference's report and rows whichever path reads it."""
    family = STANDARD.delivery_class("work_order")
    headers = {name: next((a for a in family.field(name).aliases if not a.isascii()), name) for name in FIELDS[:-1]}
    rows = [{**GOOD, "case_no": f"C{n:02d}", **defect} for n, defect in enumerate(DEFECTS)]
    path = tmp_path / "platform.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([headers.get(name, name) for name in FIELDS])
        writer.writerows([row.get(name, "") for name in FIELDS] for row in rows)
    assert_parity(path, zhuhai)
    encoded = tmp_path / "gb18030.csv"
    encoded.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    fast, fast_count, fast_rows = spooled(encoded, zhuhai, fast=True)
    reference, reference_count, reference_rows = spooled(encoded, zhuhai, fast=False)
    assert fast.to_dict() == reference.to_dict() and list(fast.identifiers.items()) == list(reference.identifiers.items())
    assert (fast_count, fast_rows) == (reference_count, reference_rows)
