"""The revision a change of the standard needs is drafted from the standard (storage/schema_diff.py,
scripts/draft_revision.py): a standard 1.2 made for the test adds a field with a new code list,
widens a limit and adds a code; the draft turns a registry at head into what 1.2 derives, with
its rows kept, and its downgrade turns it back."""

from __future__ import annotations

import json

import pytest
from asset_registry.core.standard import Standard
from asset_registry.storage import localpg, schema_diff

from tests.db.conftest import drop_database, new_database, query
from tests.helpers import edit_json, next_standard


@pytest.fixture(scope="module")
def standard_1_2(tmp_path_factory):
    root = tmp_path_factory.mktemp("standards")
    target = next_standard(root)
    (target / "codelists" / "controller_protocol.json").write_text(
        json.dumps(
            {
                "title": "控制协议",
                "x-title-en": "Controller protocol",
                "type": "string",
                "enum": ["NB", "PLC"],
                "x-labels": {"NB": {"zh": "窄带物联网", "en": "NB-IoT"}, "PLC": {"zh": "电力载波", "en": "Power line"}},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )

    def streetlight(body):
        body["properties"]["lamp_count"]["maximum"] = 16
        body["properties"]["controller_protocol"] = {
            "title": "单灯控制协议",
            "x-title-en": "Controller protocol",
            "$ref": "codelists/controller_protocol.json",
            "x-codelist": "controller_protocol",
        }

    def lamp_type(body):
        body["enum"].append("LASER")
        body["x-labels"]["LASER"] = {"zh": "激光灯", "en": "Laser"}

    edit_json(target / "streetlight.schema.json", streetlight)
    edit_json(target / "codelists" / "lamp_type.json", lamp_type)
    return Standard("1.2", root=root)


@pytest.fixture
def derived(server, profile, standard_1_2):
    name = new_database(None, prefix="assetreg_test_draft")
    schema_diff.build_derived(localpg.server_dsn(name), standard_1_2, profile)
    yield localpg.server_dsn(name)
    drop_database(name)


def test_the_current_standard_needs_no_revision(registry, server, profile, standard):
    name = new_database(None, prefix="assetreg_test_draft")
    try:
        schema_diff.build_derived(localpg.server_dsn(name), standard, profile)
        assert schema_diff.draft(registry, localpg.server_dsn(name), standard, standard) == ([], [])
    finally:
        drop_database(name)


def test_a_change_of_the_standard_is_drafted_and_proven(registry, derived, standard, standard_1_2):
    upgrade, downgrade = schema_diff.draft(registry, derived, standard, standard_1_2)
    text = "\n".join(upgrade)
    assert "CREATE TABLE assetreg.cl_controller_protocol" in text
    assert 'ADD COLUMN "controller_protocol" text' in text
    assert "'LASER', '激光灯', 'Laser'" in text
    assert 'DROP CONSTRAINT "streetlight_lamp_count_2"' in text and "CHECK ((lamp_count <= 16))" in text
    assert any("REFERENCES assetreg.cl_controller_protocol(code)" in step for step in upgrade)
    assert downgrade[-1] == 'DROP TABLE assetreg."cl_controller_protocol"'
    assert "CHECK ((lamp_count <= 12))" in "\n".join(downgrade)

    lights_before = query(registry, "SELECT count(*) FROM assetreg.streetlight")
    schema_diff.prove(registry, derived, standard, standard_1_2, upgrade, downgrade)  # raises if either leaves a difference
    assert query(registry, "SELECT count(*) FROM assetreg.streetlight") == lights_before


def test_the_upgraded_registry_takes_what_the_new_standard_allows(registry, derived, standard, standard_1_2):
    upgrade, _ = schema_diff.draft(registry, derived, standard, standard_1_2)
    schema_diff.execute(registry, upgrade)
    codes = query(registry, "SELECT code FROM assetreg.cl_controller_protocol ORDER BY code")
    assert [row[0] for row in codes] == ["NB", "PLC"]
    checks = query(
        registry,
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'assetreg.streetlight'::regclass"
        " AND pg_get_constraintdef(oid) LIKE '%lamp_count%'",
    )
    assert any("16" in row[0] for row in checks), checks


def test_make_revision_says_when_the_standard_needs_none(server):
    """The script behind `make revision NAME=…` on the real standard: head already is what it derives."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "draft_revision.py"
    done = subprocess.run([sys.executable, str(script), "--print"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "no revision needed" in done.stdout
