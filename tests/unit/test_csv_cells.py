"""CSV written for people: a cell a spreadsheet would run as a formula is neutralised, and read back."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from asset_registry.cli.kpi import render
from asset_registry.core.csvcells import guard_cell, guard_text, unguard_text
from asset_registry.storage.kpi import KpiTable

from tests.unit.test_cli import assetreg

FORMULAS = ["=1+1", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1+1", "\r=1+1", "-", "=", "@"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_text_a_spreadsheet_would_run_is_quoted(text):
    assert guard_text(text) == "'" + text


@pytest.mark.parametrize("value", [-3.5, -3, Decimal("-0.25"), True, None, "-3.5", "+86", "-1e3", "路灯", "a=b", ""])
def test_numbers_and_harmless_text_stay_as_they_are(value):
    assert guard_cell(value) == value


@pytest.mark.parametrize(
    "text",
    [*FORMULAS, "'=1+1", "''=x", "'", "''", "'-3.5", "'abc", "-3.5", "x'", "'\t", "plain", "", "-3.5e", "--1"],
)
def test_the_guard_reads_back_exactly(text):
    assert unguard_text(guard_text(text)) == text


def test_a_quote_that_guards_nothing_is_kept():
    assert unguard_text("'abc") == "'abc" and unguard_text("'") == "'" and unguard_text("abc") == "abc"


def _kpi_table(rows: list[dict]) -> KpiTable:
    return KpiTable("cases", "maintainer", "2026-10", datetime(2026, 11, 1, 8, 0), "live", rows)


def test_kpi_csv_quotes_formulas_but_not_numbers():
    rows = [{"group_code": '=HYPERLINK("http://x")', "label_zh": "@SUM(1)", "closure_rate": -0.5, "due": -3}]
    cells = next(csv.DictReader(io.StringIO(render(_kpi_table(rows), "csv", "zh"))))
    assert cells == {"group_code": '\'=HYPERLINK("http://x")', "label_zh": "'@SUM(1)", "closure_rate": "-0.5", "due": "-3"}
    raw = next(csv.DictReader(io.StringIO(render(_kpi_table(rows), "csv", "zh", raw_csv=True))))
    assert raw["group_code"] == '=HYPERLINK("http://x")' and raw["label_zh"] == "@SUM(1)"


def test_help_says_csv_is_guarded_and_names_the_raw_option():
    for command in (["export"], ["kpi"], ["quarantine", "export"]):
        chinese, english = assetreg(*command, "--help"), assetreg(*command, "--help", "--lang", "en")
        assert chinese.returncode == english.returncode == 0, command
        assert "--csv-raw" in chinese.stdout and "--csv-raw" in english.stdout, command
        assert "公式" in chinese.stdout and "formula" in english.stdout, command
