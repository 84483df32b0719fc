"""Output that other programs read, from a real registry: CSV for spreadsheets, text for terminals,
and the quarantine file that is written only where it was asked to be."""

from __future__ import annotations

import pytest
from asset_registry.core.reader import Delivery
from asset_registry.storage.importer import import_delivery

from tests.helpers import numbered_lights, write_geojson
from tests.unit.test_cli import assetreg

ESC = "\x1b[31m"

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
