"""The command line as a user meets it: exit codes, messages, no tracebacks, one language."""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from asset_registry import cli
from asset_registry.cli import common
from asset_registry.core import messages

from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
CLI_DIR = Path(cli.__file__).resolve().parent


def assetreg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command; ASSETREG_LANG of the test run is not passed on unless ``env`` sets it."""
    environment = {key: value for key, value in os.environ.items() if key != "ASSETREG_LANG"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "asset_registry.cli", *args], capture_output=True, text=True, env=environment, timeout=120
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
    assert CJK.search(result.stdout), "help has Chinese text by default"
    english = assetreg(*command, "--help", "--lang", "en")
    assert english.returncode == 0 and "usage: assetreg" in english.stdout
    assert not CJK.search(english.stdout), f"Chinese in the English help: {CJK.findall(english.stdout)}"


def test_top_level_help_lists_examples_and_exit_codes():
    result = assetreg("--lang", "en", "--help")
    for word in ("validate", "import", "export", "kpi", "demo", "exit codes", "typical session", "ASSETREG_LANG"):
        assert word in result.stdout
    chinese = assetreg("--help")
    for word in ("validate", "import", "export", "kpi", "demo", "退出码", "常用流程", "ASSETREG_LANG"):
        assert word in chinese.stdout
    assert "exit codes" not in chinese.stdout and "typical session" not in chinese.stdout


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--lang", "en", "--help"], {}),
        (["--help"], {"ASSETREG_LANG": "en"}),
        (["--help"], {"ASSETREG_LANG": "en_US.UTF-8"}),
        (["wo", "dispatch", "--help", "--lang", "en"], {}),  # --lang after the command too
        (["wo", "dispatch", "--help", "--lang=en"], {"ASSETREG_LANG": "zh"}),  # the option beats the environment
    ],
)
def test_english_help_when_asked(args, env):
    result = assetreg(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert "show this help message and exit" in result.stdout and "options:" in result.stdout
    assert not CJK.search(result.stdout)


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--help"], {}),
        (["--help"], {"ASSETREG_LANG": "fr_FR"}),  # not a language of the program: the default
        (["--lang", "en", "wo", "dispatch", "--help", "--lang", "zh"], {"ASSETREG_LANG": "en"}),  # the last --lang
    ],
)
def test_chinese_help_by_default(args, env):
    result = assetreg(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert "显示此帮助并退出" in result.stdout and "选项" in result.stdout
    assert "show this help message" not in result.stdout


def test_an_unknown_language_is_a_usage_error():
    result = assetreg("--lang", "fr", "--help")
    assert result.returncode == 2 and "--lang" in result.stderr and "Traceback" not in result.stderr


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, (*path, name))


@pytest.mark.parametrize("lang", messages.LANGS)
def test_every_help_of_every_command_is_in_one_language(lang):
    parsers = list(_parsers(cli.build_parser(lang)))
    assert len(parsers) > 30  # every group, action and step of a case
    for path, parser in parsers:
        help_text = parser.format_help()
        assert parser.description and parser.description in help_text, path
        if lang == "en":
            assert not CJK.search(help_text), (path, CJK.findall(help_text))
        else:
            assert CJK.search(parser.description), path
            for action in parser._actions:
                if action.help and action.help is not argparse.SUPPRESS and action.dest != "version":
                    assert CJK.search(action.help), (path, action.dest, action.help)


def test_the_language_of_a_run():
    assert common.lang_of_argv(["--lang", "en", "validate"]) == "en"
    assert common.lang_of_argv(["validate", "x.geojson", "--lang=en"]) == "en"
    assert common.lang_of_argv(["validate", "--", "--lang", "en"]) == messages.default_lang()
    assert common.lang_of_argv(["--lang", "fr"]) == messages.default_lang()


def test_a_message_in_the_language_asked_for(tmp_path):
    delivery = write_geojson(tmp_path / "ok.geojson", numbered_lights(2))
    for args, env, expected in (
        ([], {}, "映射草稿已写入"),
        (["--lang", "en"], {}, "Draft mapping written to"),
        ([], {"ASSETREG_LANG": "en"}, "Draft mapping written to"),
    ):
        out = tmp_path / f"mapping-{len(args)}-{len(env)}.json"
        result = assetreg(*args, "mapping", "suggest", str(delivery), "--class", "streetlight", "--out", str(out), env=env)
        assert result.returncode == 0, result.stderr
        assert f"{expected} {out}" in result.stdout
        assert json.loads(out.read_text(encoding="utf-8"))


def test_an_error_of_the_command_line_in_the_language_asked_for():
    chinese = assetreg("wo", "create", "--source", "patrol")
    assert chinese.returncode == 2 and "Traceback" not in chinese.stderr
    assert chinese.stderr.strip() == "缺少 --matter-code, --description（或用 --from-file）。"
    english = assetreg("wo", "create", "--source", "patrol", env={"ASSETREG_LANG": "en"})
    assert english.returncode == 2
    assert english.stderr.strip() == "Missing --matter-code, --description (or use --from-file)."
    no_y = assetreg("wo", "create", "--matter-code", "44040201037", "--source", "patrol", "--description", "x", "--x", "1")
    assert no_y.returncode == 2 and no_y.stderr.strip() == "--x 与 --y 须同时给出。"


def test_an_error_of_another_part_in_the_language_asked_for(tmp_path):
    missing = str(tmp_path / "nope.geojson")
    chinese = assetreg("validate", missing, "--class", "streetlight")
    english = assetreg("validate", missing, "--class", "streetlight", env={"ASSETREG_LANG": "en"})
    assert chinese.returncode == english.returncode == 2
    assert "不存在" in chinese.stderr and "does not exist" not in chinese.stderr
    assert "does not exist" in english.stderr and not CJK.search(english.stderr.replace(missing, ""))


# Calls of the command line whose first argument (after args or lang) is a message id of the catalogue.
_ID_ARGUMENT = {"say": 1, "progress": 0, "render": 1}


def test_every_id_the_command_line_names_is_in_the_catalogue():
    catalogue = messages.catalogue()
    named, missing = 0, []
    for path in sorted(CLI_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            position = _ID_ARGUMENT.get(name)
            if position is None or len(node.args) <= position:
                continue
            for candidate in ast.walk(node.args[position]):  # "a" if created else "b" names both
                if isinstance(candidate, ast.Constant) and isinstance(candidate.value, str):
                    named += 1
                    if candidate.value not in catalogue:
                        missing.append(f"{path.name}:{node.lineno} {candidate.value}")
    assert named > 25
    assert not missing, missing


def test_unreachable_database_is_a_clear_message(tmp_path):
    path = write_geojson(tmp_path / "ok.geojson", numbered_lights(1))
    result = assetreg("--lang", "en", "import", str(path), "--dsn", "host=127.0.0.1 port=1 dbname=x user=x " "connect_timeout=3")
    assert result.returncode == 2
    assert "Cannot connect to the database" in result.stderr and "Traceback" not in result.stderr


def _stderr_on_a_terminal(*args: str) -> tuple[int, str]:
    """Run the command with stderr on a pseudo-terminal, where it shows progress; what the terminal got."""
    master, slave = os.openpty()
    environment = {key: value for key, value in os.environ.items() if key != "ASSETREG_LANG"}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "asset_registry.cli", *args],
            stdout=subprocess.PIPE,
            stderr=slave,
            env=environment,
            timeout=120,
        )
    finally:
        os.close(slave)
    received = b""
    try:
        while chunk := os.read(master, 4096):
            received += chunk
    except OSError:  # the terminal is closed once everything was read
        pass
    os.close(master)
    return result.returncode, received.decode()


@pytest.mark.parametrize(("lang", "label"), [("zh", "检查"), ("en", "validating")])
def test_progress_on_a_terminal_is_labelled_in_the_language_of_the_run(tmp_path, lang, label):
    path = write_geojson(tmp_path / "ok.geojson", numbered_lights(3))
    code, terminal = _stderr_on_a_terminal("--lang", lang, "validate", str(path), "--class", "streetlight")
    assert code == 0
    assert f"{label} 3/3 (100%)" in terminal


def test_a_message_handed_to_the_command_line_is_shown_in_the_language_of_the_run():
    inner = messages.msg("environment.os_error", reason="disk full")
    assert common.render("en", inner) == "File or system error: disk full"
    assert common.render("zh", "environment.os_error", reason="disk full") == "文件或系统错误：disk full"


def test_every_indicator_column_title_and_grouping_has_its_words():
    from asset_registry.cli import kpi

    catalogue = messages.catalogue()
    wanted = {f"cli.kpi.title.{name}" for name in kpi._COLUMNS}
    wanted |= {f"cli.kpi.column.{key}" for columns in kpi._COLUMNS.values() for key in columns}
    wanted |= {f"cli.kpi.list.{name}" for name in kpi._LISTS}
    kpi_parser = dict(_parsers(cli.build_parser("en")))[("kpi",)]
    groupings = next(action.choices for action in kpi_parser._actions if action.dest == "by")
    wanted |= {f"cli.kpi.grouping.{name}" for name in groupings}
    assert not sorted(wanted - set(catalogue))
