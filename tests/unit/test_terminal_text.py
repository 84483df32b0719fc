"""Text for a terminal: control characters from the registry or a delivery are shown, never run."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from asset_registry.cli.kpi import render
from asset_registry.core.texttable import format_table, printable, printable_json
from asset_registry.storage.kpi import KpiTable

from tests.unit.test_cli import assetreg

ESC = "\x1b[31m"


def _kpi_table(rows: list[dict]) -> KpiTable:
    return KpiTable("cases", "maintainer", "2026-10", datetime(2026, 11, 1, 8, 0), "live", rows)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"{ESC}red", "\\x1b[31mred"),
        ("over\rwrite", "over\\x0dwrite"),
        ("bell\x07", "bell\\x07"),
        ("csi\x9b2J", "csi\\x9b2J"),
        ("del\x7f", "del\\x7f"),
        ("tab\there", "tab\\x09here"),
        ("two\nlines", "two\\x0alines"),
        ("灯不亮 normal", "灯不亮 normal"),
    ],
)
def test_control_characters_are_shown_not_run(text, shown):
    assert printable(text) == shown


def test_a_multi_line_text_keeps_its_lines():
    assert printable(f"one\ntwo{ESC}", keep_newlines=True) == "one\ntwo\\x1b[31m"


def test_tables_show_control_characters_as_escapes():
    table = format_table(["id", f"head{ESC}"], [["1", f"灯不亮{ESC}\r\n"]])
    assert "\x1b" not in table and "\r" not in table and len(table.splitlines()) == 3
    assert "\\x1b[31m" in table


def test_kpi_drill_down_text_escapes_what_the_registry_holds():
    table = _kpi_table([{"id": 1, "description": f"{ESC}灯不亮\rOK"}])
    table.drill = ""
    shown = render(table, "text", "en")
    assert "\x1b" not in shown and "\r" not in shown and "\\x1b[31m灯不亮\\x0dOK" in shown


def test_a_hostile_file_name_reaches_the_terminal_escaped(tmp_path):
    hostile = tmp_path / f"{ESC}lights\x07.geojson"
    result = assetreg("--lang", "en", "validate", str(hostile), "--class", "streetlight")
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "\\x1b[31mlights\\x07" in result.stderr


def test_json_output_keeps_its_data_without_raw_controls():
    data = {"description": f"{ESC}灯\x9b2J\x7f", "n": -3.5}
    text = printable_json(json.dumps(data, ensure_ascii=False))
    assert not any(char in text for char in "\x1b\x9b\x7f") and json.loads(text) == data
