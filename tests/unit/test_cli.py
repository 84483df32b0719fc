"""The command line as a user meets it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson


def assetreg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "asset_registry.cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_valid_file_exits_0_and_says_passed(tmp_path):
    path = write_geojson(tmp_path / "ok.geojson", numbered_lights(2))
    result = assetreg("--lang", "en", "validate", str(path), "--class", "streetlight")
    assert result.returncode == 0, result.stderr
    assert "Validation PASSED" in result.stdout


def test_invalid_file_exits_1_and_writes_the_report(tmp_path):
    path = write_geojson(tmp_path / "bad.geojson", [(light(lamp_type="钠灯X"), XIANGZHOU_XY)])
    report = tmp_path / "report.json"
    result = assetreg("validate", str(path), "--report", str(report))
    assert result.returncode == 1
    assert "未通过" in result.stdout and "schema.codelist" in result.stdout
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["by_rule"] == {"schema.codelist": 1}


@pytest.mark.parametrize(
    ("content", "name"),
    [
        ('{"type": "FeatureCollection", "features": [', "truncated.geojson"),
        ("\x00\x01\x02 not a shapefile", "garbage.shp"),
        ("", "empty.geojson"),
    ],
)
def test_unreadable_files_exit_2_without_traceback(tmp_path, content, name):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = assetreg("validate", str(path), "--class", "streetlight")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "无法" in result.stderr or "不存在" in result.stderr


def test_missing_file_in_english(tmp_path):
    result = assetreg("--lang", "en", "validate", str(tmp_path / "nope.geojson"), "--class", "streetlight")
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_unknown_family_and_profile_exit_2(tmp_path):
    path = write_geojson(tmp_path / "ok.geojson", numbered_lights(1))
    result = assetreg("validate", str(path), "--class", "spaceship")
    assert result.returncode == 2 and "spaceship" in result.stderr
    result = assetreg("validate", str(path), "--profile", "atlantis")
    assert result.returncode == 2 and "atlantis" in result.stderr and "zhuhai" in result.stderr


def test_usage_error_exits_2():
    result = assetreg("validate")
    assert result.returncode == 2 and "usage" in result.stderr


@pytest.mark.parametrize(
    "command", [[], ["validate"], ["db"], ["db", "init"], ["import"], ["export"], ["kpi"], ["demo"], ["server"]]
)
def test_every_command_has_a_help_that_teaches(command):
    result = assetreg(*command, "--help")
    assert result.returncode == 0
    assert "usage: assetreg" in result.stdout
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stdout), "help has Chinese text"


def test_top_level_help_lists_examples_and_exit_codes():
    result = assetreg("--help")
    for word in ("validate", "import", "export", "kpi", "demo", "exit codes"):
        assert word in result.stdout


def test_unreachable_database_is_a_clear_message(tmp_path):
    path = write_geojson(tmp_path / "ok.geojson", numbered_lights(1))
    result = assetreg("--lang", "en", "import", str(path), "--dsn", "host=127.0.0.1 port=1 dbname=x user=x " "connect_timeout=3")
    assert result.returncode == 2
    assert "Cannot connect to the database" in result.stderr and "Traceback" not in result.stderr
