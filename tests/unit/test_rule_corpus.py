"""Every rule id has a file that passes it and a file that trips it, with the exact findings.

The corpus lives in tests/fixtures/rules/ (written by its make_corpus.py).
The registry.* rules need a registry and run in tests/db/test_registry_checks.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from asset_registry.core.envelope import check_against_envelope, load_envelope
from asset_registry.core.errors import InputError
from asset_registry.core.mapping import MappingProfile
from asset_registry.core.references import resolve_across_layers
from asset_registry.core.rules import RULES
from asset_registry.core.validate import validate_delivery

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
CASES = {path.parent.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(CORPUS.glob("*/case.json"))}
NEEDS_REGISTRY = {rule for rule in CASES if rule.startswith("registry.")}
LOCAL = sorted(set(CASES) - NEEDS_REGISTRY)


def run(rule: str, which: str, standard, profile):
    case = CASES[rule]["run"]
    folder = CORPUS / rule
    file = folder / case.get(which, f"{which}.geojson")
    mapping_name = case.get(f"{which}_mapping", case.get("mapping"))
    mapping = MappingProfile.load(folder / mapping_name) if mapping_name else None
    envelope = load_envelope(folder / case["envelope"], standard) if "envelope" in case else None
    family = case.get("class") or (envelope.family_of(file, None) if envelope else None)
    report = validate_delivery(file, standard, profile, family, case.get(f"{which}_layer"), mapping=mapping)
    if envelope is not None:
        check_against_envelope(report, envelope)
    if "with" in case:  # another file of the same delivery (a light's cabinet): judged together, as validate_submission does
        beside = validate_delivery(folder / case["with"], standard, profile, case.get("with_class"))
        resolve_across_layers([report, beside], standard)
    return report


def test_every_rule_has_a_case():
    assert set(CASES) == set(RULES)
    for rule, case in CASES.items():
        assert case["rule"] == rule


@pytest.mark.parametrize("rule", LOCAL)
def test_valid_example_gives_no_finding(rule, standard, profile):
    report = run(rule, "valid", standard, profile)
    assert [(f.rule, f.feature, f.field) for f in report.findings] == []
    assert report.feature_count >= 1


@pytest.mark.parametrize("rule", LOCAL)
def test_invalid_example_gives_exactly_its_finding(rule, standard, profile):
    expected = CASES[rule]["invalid_findings"]
    if expected == "raises":
        with pytest.raises(InputError) as error:
            run(rule, "invalid", standard, profile)
        assert error.value.rule == rule
        return
    report = run(rule, "invalid", standard, profile)
    found = [{"feature": f.feature, "field": f.field} for f in report.findings]
    assert [f.rule for f in report.findings] == [rule] * len(expected), found
    assert found == expected
    assert report.is_valid == (RULES[rule].severity == "warning")
