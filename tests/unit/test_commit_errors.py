"""PostgreSQL's text of a refused save read back to the standard's rule (storage/commit_errors.py)."""

from __future__ import annotations

from asset_registry.core.standard import Standard
from asset_registry.storage.commit_errors import check_keywords, commit_refusal
from asset_registry.storage.tables import _checks


def test_the_check_numbers_agree_with_the_constraints_the_tables_are_made_with():
    standard = Standard()
    for family in standard.families.values():
        for spec in family.fields:
            names = [check.name for check in _checks(family.table, spec)]
            assert len(check_keywords(spec)) == len(names), (family.table, spec.name)


def test_a_check_constraint_reads_as_the_fields_rule_in_both_languages():
    errors = (
        'ERROR:  new row for relation "streetlight" violates check constraint "streetlight_lamp_power_w_2"\n'
        "DETAIL:  Failing row contains (...)."
    )
    said = commit_refusal(errors, Standard())
    assert said is not None
    assert said.text("en") == "The value of 'Lamp power' is out of range (> 0, <= 2000 W)."


def test_an_unknown_constraint_or_table_is_left_to_qgis():
    standard = Standard()
    assert commit_refusal('new row for relation "streetlight" violates check constraint "other_thing"', standard) is None
    assert commit_refusal('new row for relation "elsewhere" violates check constraint "elsewhere_x_1"', standard) is None
    assert commit_refusal("ERROR: division by zero", standard) is None


def test_a_duplicate_identifier_names_it():
    errors = (
        'duplicate key value violates unique constraint "streetlight_component_id_key"\n'
        "DETAIL:  Key (component_id)=(44040201037000001) already exists."
    )
    said = commit_refusal(errors, Standard())
    assert said is not None and "44040201037000001" in said.text("en")


def test_a_code_outside_the_code_list_names_the_list():
    errors = (
        'ERROR:  insert or update on table "streetlight" violates foreign key constraint "streetlight_status_fkey"\n'
        'DETAIL:  Key (status)=(broken) is not present in table "cl_component_status".'
    )
    said = commit_refusal(errors, Standard())
    assert said is not None
    expected = "The value of 'Component status' is not in the code list (allowed: intact (Intact), "
    assert said.text("en").startswith(expected), said.text("en")


def test_a_not_null_names_the_required_field():
    errors = 'ERROR:  null value in column "name" of relation "streetlight" violates not-null constraint\nDETAIL: …'
    said = commit_refusal(errors, Standard())
    assert said is not None and said.text("zh") == "缺少必填字段“管理部件名称”。"
