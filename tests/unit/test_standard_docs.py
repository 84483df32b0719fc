"""The committed documentation is exactly what the standard generates (no drift)."""

import pytest
from asset_registry.core.rules import RULES
from asset_registry.core.standard import Standard, available_versions
from asset_registry.core.standard_docs import render
from asset_registry.paths import PACKAGE_DIR

DOCS = PACKAGE_DIR.parent / "docs" / "standard"


@pytest.mark.parametrize("version", available_versions())
def test_committed_docs_match_the_schemas(version):
    pages = render(Standard(version))
    committed = {path.name: path.read_text(encoding="utf-8") for path in (DOCS / version).glob("*.md")}
    assert sorted(committed) == sorted(pages), f"docs/standard/{version}/ is not complete: run `make standard-docs`"
    for name, text in pages.items():
        assert committed[name] == text, f"docs/standard/{version}/{name} drifted from the standard: run `make standard-docs`"


def test_docs_exist_for_every_version_and_no_other():
    assert sorted(path.name for path in DOCS.iterdir() if path.is_dir()) == sorted(available_versions())


def test_docs_name_every_field_code_and_rule():
    standard = Standard()
    pages = render(standard)
    for family in standard.families.values():
        for spec in family.fields:
            assert f"`{spec.name}`" in pages[f"{family.name}.md"] and spec.title_zh in pages[f"{family.name}.md"]
    for codelist in standard.codelists.values():
        for code in codelist.codes:
            assert f"`{code}`" in pages["codelists.md"]
    for rule in RULES:
        assert f"`{rule}`" in pages["rules.md"]
