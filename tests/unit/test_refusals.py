"""The database's refusals (db/app/*.sql): every one goes through assetreg_app.refuse with an id the
catalogue holds (plugin/i18n/messages/database.toml), and its parameters are read back as sent."""

from __future__ import annotations

import re
from pathlib import Path

from asset_registry.core import messages
from asset_registry.core.messages import Given
from asset_registry.storage.errors import refusal_params

APP_DIR = Path(__file__).resolve().parents[2] / "db" / "app"
REFUSAL_ID = re.compile(r"'(refusal\.[a-z0-9_.]+)'")
REFUSE_CALL = re.compile(r"assetreg_app\.refuse\(\s*'([^']*)'\s*,\s*(CASE\b|'([^']*)')", re.S)


def sql_files() -> list[Path]:
    files = sorted(APP_DIR.glob("*.sql"))
    assert files, APP_DIR
    return files


def code_of(path: Path) -> str:
    """The SQL without its -- comments (which may well mention RAISE)."""
    return "\n".join(line.split("--", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())


def test_every_id_the_database_raises_is_in_the_catalogue():
    catalogue = messages.catalogue()
    raised = {(path.name, ident) for path in sql_files() for ident in REFUSAL_ID.findall(code_of(path))}
    assert len(raised) >= 40  # the scan finds them (the cases alone raise some twenty)
    missing = sorted(f"{name}: {ident}" for name, ident in raised if ident not in catalogue)
    assert not missing, "ids the database raises that plugin/i18n/messages/database.toml lacks: " + ", ".join(missing)


def test_every_refusal_names_an_id_and_a_sqlstate():
    calls = [(path.name, match) for path in sql_files() for match in REFUSE_CALL.finditer(code_of(path))]
    assert len(calls) >= 40
    for name, match in calls:
        code, by_case, ident = match.group(1), match.group(2), match.group(3)
        assert re.fullmatch(r"[0-9A-Z]{5}", code), f"{name}: SQLSTATE {code!r}"
        assert by_case == "CASE" or (ident or "").startswith("refusal."), f"{name}: {match.group(0)!r}"


def test_only_refuse_raises():
    """Every RAISE of the app schema is assetreg_app.refuse's own, so that every refusal reaches the
    reader in words through storage/errors.py, never as English only or Chinese only."""
    raises = [
        (path.name, line) for path in sql_files() for line in code_of(path).splitlines() if re.search(r"\bRAISE\b", line, re.I)
    ]
    assert raises and {name for name, _ in raises} == {"07_common.sql"}, raises


def test_the_parameters_come_back_in_the_reader_s_language():
    params = refusal_params('{"case_id": 7, "family": {"zh": "路灯", "en": "streetlight"}, "allowed": null}')
    assert params["case_id"] == 7 and params["allowed"] == ""  # SQL NULL reads as nothing, as format('%s') wrote it
    assert isinstance(params["family"], Given)
    assert params["family"].both() == {"zh": "路灯", "en": "streetlight"}
    assert messages.text("refusal.case.unknown_family", "zh", **params) == "部件类别“路灯”无效"
    assert messages.text("refusal.case.unknown_family", "en", **params) == "Unknown asset family 'streetlight'"


def test_a_detail_that_is_not_a_json_object_gives_no_parameters():
    assert refusal_params("not json") == {} and refusal_params("[1]") == {} and refusal_params(None) == {}


def test_every_label_the_app_schema_shows_is_in_the_catalogue_and_written_for_it():
    from asset_registry.storage.migrate import APP_LABEL_PREFIXES

    named = {ident for path in sql_files() for ident in re.findall(r"label_text\('([a-z0-9_.]+)'", code_of(path))}
    assert named  # the indicator tables' total row, at least
    assert all(ident in messages.catalogue() and ident.startswith(APP_LABEL_PREFIXES) for ident in named), named
