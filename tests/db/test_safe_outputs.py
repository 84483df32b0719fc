"""Output that other programs read, from a real registry: CSV for spreadsheets, text for terminals,
and the quarantine file that is written only where it was asked to be."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from asset_registry.core.reader import Delivery
from asset_registry.core.validate import validate_delivery
from asset_registry.storage.importing import import_delivery

from tests.db.test_export import assert_same_assets
from tests.helpers import numbered_lights, write_geojson
from tests.unit.test_cli import assetreg

ESC = "\x1b[31m"

# text fields of streetlights holding what a spreadsheet would run, what guards look like, and numbers
HOSTILE_TEXTS = [
    {"remarks": '=HYPERLINK("http://evil.example","点我")', "road_name": "@SUM(1+1)", "circuit_id": "-3.5"},
    {"remarks": "-2+3+cmd|' /C calc'!A0", "road_name": "+路", "maintainer_name": "'=already quoted"},
    {"remarks": "\t=1+1", "road_name": "''@二", "maintainer_name": "'plain quote"},
    {"remarks": "\r=1+1", "road_name": "-路口", "circuit_id": "+86"},
]


@pytest.fixture
def hostile_lights(registry, standard, profile, tmp_path):
    features = numbered_lights(len(HOSTILE_TEXTS))
    for (properties, _), texts in zip(features, HOSTILE_TEXTS, strict=True):
        properties.update(texts)
    import_delivery(registry, write_geojson(tmp_path / "hostile.geojson", features), standard, profile, "streetlight")
    return registry


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -- 14: CSV for people --------------------------------------------------------------------------


def test_exported_csv_neutralises_formulas_and_imports_back_exactly(
    hostile_lights,
    second_registry,
    standard,
    profile,
    tmp_path,
):
    out = tmp_path / "lights.csv"
    result = assetreg("export", "--class", "streetlight", "--out", str(out), "--dsn", hostile_lights)
    assert result.returncode == 0, result.stderr
    rows = {row["component_id"]: row for row in csv_rows(out)}
    first, second, third, fourth = (rows[f"44040201037{n:06d}"] for n in range(1, 5))
    assert first["remarks"] == '\'=HYPERLINK("http://evil.example","点我")' and first["road_name"] == "'@SUM(1+1)"
    assert first["circuit_id"] == "-3.5" and fourth["circuit_id"] == "+86"  # plain numbers are not formulas
    assert second["remarks"].startswith("'-2+3") and second["maintainer_name"] == "''=already quoted"
    # the import trims texts: of "\t=1+1" and "\r=1+1" the registry holds "=1+1"
    assert third["remarks"] == "'=1+1" and third["road_name"] == "'''@二" and third["maintainer_name"] == "'plain quote"
    assert fourth["remarks"] == "'=1+1" and fourth["road_name"] == "'-路口"
    assert float(first["lamp_power_w"]) > 0 and not first["lamp_power_w"].startswith("'")

    report = validate_delivery(out, standard, profile, "streetlight")
    assert report.errors == []
    assert import_delivery(second_registry, out, standard, profile, "streetlight").inserted == len(HOSTILE_TEXTS)
    assert_same_assets(hostile_lights, second_registry, standard, "streetlight")


def test_exported_csv_raw_keeps_values_as_they_are(hostile_lights, tmp_path):
    out = tmp_path / "raw.csv"
    result = assetreg("export", "--class", "streetlight", "--out", str(out), "--csv-raw", "--dsn", hostile_lights)
    assert result.returncode == 0, result.stderr
    rows = {row["component_id"]: row for row in csv_rows(out)}
    assert rows["44040201037000001"]["road_name"] == "@SUM(1+1)"
    assert rows["44040201037000002"]["maintainer_name"] == "'=already quoted"


# -- 15: control characters ----------------------------------------------------------------------


def test_case_texts_reach_the_terminal_escaped(registry):
    dsn = ("--dsn", registry)
    created = assetreg("--lang", "en", "wo", "create", "--matter-code", "44040201037", "--source", "patrol",
                       "--description", f"{ESC}灯不亮\rOK\x07\nsecond line", "--address", f"路{ESC}\x9b2J",
                       *dsn)  # fmt: skip
    assert created.returncode == 0, created.stderr
    for command in (["wo", "show", "1"], ["wo", "list"]):
        shown = assetreg("--lang", "en", *command, *dsn)
        assert shown.returncode == 0, shown.stderr
        for control in ("\x1b", "\r", "\x07", "\x9b"):
            assert control not in shown.stdout, (command, control)
        assert "\\x1b[31m灯不亮\\x0dOK\\x07" in shown.stdout, command
    assert "\nsecond line" in assetreg("wo", "show", "1", *dsn).stdout  # a description may have several lines


def test_submissions_list_escapes_a_file_name(registry, standard, profile, tmp_path):
    hostile = write_geojson(tmp_path / f"{ESC}lights\x07.geojson", numbered_lights(1))
    import_delivery(registry, hostile, standard, profile, "streetlight")
    listed = assetreg("submissions", "--dsn", registry)
    assert listed.returncode == 0, listed.stderr
    assert "\x1b" not in listed.stdout and "\x07" not in listed.stdout and "\\x1b[31mlights\\x07" in listed.stdout


# -- 17: quarantine export -----------------------------------------------------------------------


@pytest.fixture
def quarantined(registry, standard, profile, tmp_path):
    delivery = numbered_lights(2)
    delivery[1][0].update({"lamp_type": "BAD", "remarks": "=1+1", "road_name": "-路", "@note": "+x"})
    path = write_geojson(tmp_path / "partly.geojson", delivery)
    result = import_delivery(registry, path, standard, profile, "streetlight", accept_valid=True)
    assert result.rejected == 1
    return registry, str(result.submission_id)


def test_quarantine_export_replaces_a_file_only_when_asked(quarantined, tmp_path):
    dsn, submission = quarantined
    out = tmp_path / "fix.gpkg"
    out.write_text("keep me", encoding="utf-8")
    refused = assetreg("--lang", "en", "quarantine", "export", submission, "--out", str(out), "--dsn", dsn)
    assert refused.returncode == 2 and "already exists" in refused.stderr and "--overwrite" in refused.stderr
    refused_zh = assetreg("quarantine", "export", submission, "--out", str(out), "--dsn", dsn)
    assert refused_zh.returncode == 2 and "已存在" in refused_zh.stderr and "Traceback" not in refused_zh.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    replaced = assetreg("quarantine", "export", submission, "--out", str(out), "--overwrite", "--dsn", dsn)
    assert replaced.returncode == 0, replaced.stderr
    with Delivery(out) as delivery:
        assert [feature.attributes["lamp_type"] for feature in delivery.features()] == ["BAD"]


def test_quarantine_export_into_a_missing_folder_is_a_clear_error(quarantined, tmp_path):
    dsn, submission = quarantined
    out = tmp_path / "no such folder" / "fix.gpkg"
    result = assetreg("--lang", "en", "quarantine", "export", submission, "--out", str(out), "--dsn", dsn)
    assert result.returncode == 2 and "does not exist" in result.stderr and "Traceback" not in result.stderr
    assert "不存在" in assetreg("quarantine", "export", submission, "--out", str(out), "--dsn", dsn).stderr


def test_quarantine_csv_neutralises_formulas_and_reads_back(quarantined, tmp_path):
    dsn, submission = quarantined
    out = tmp_path / "fix.csv"
    assert assetreg("quarantine", "export", submission, "--out", str(out), "--dsn", dsn).returncode == 0
    [row] = csv_rows(out)
    assert (row["remarks"], row["road_name"], row["lamp_type"], row["'@note"]) == ("'=1+1", "'-路", "BAD", "'+x")
    with Delivery(out) as delivery:
        [feature] = list(delivery.features())
    assert (feature.attributes["remarks"], feature.attributes["road_name"], feature.attributes["@note"]) == ("=1+1", "-路", "+x")
    raw = tmp_path / "raw.csv"
    assert assetreg("quarantine", "export", submission, "--out", str(raw), "--csv-raw", "--dsn", dsn).returncode == 0
    assert csv_rows(raw)[0]["remarks"] == "=1+1"
