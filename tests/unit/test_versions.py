"""A delivery under one version of the standard fits a registry under another only when its class is
the same in both in everything that reaches the database (core/versions.py)."""

from __future__ import annotations

import pytest
from asset_registry.core.standard import Standard
from asset_registry.core.versions import differing_fields

from tests.helpers import edit_json, next_standard


@pytest.fixture
def root(tmp_path):
    next_standard(tmp_path)
    return tmp_path


def test_the_same_version_fits_and_1_1_differs_from_1_0_only_in_the_lights_cabinet():
    # 1.1 makes a light's cabinet_id a cabinet's identifier (the lighting_cabinet family): a 1.0 light may name
    # its cabinet in free text, which a 1.1 registry cannot hold
    changed = {"streetlight": ["cabinet_id"]}
    for name in Standard("1.0").families:
        assert differing_fields(Standard("1.1"), Standard("1.0"), name) == changed.get(name, [])
    assert differing_fields(Standard("1.0"), Standard("1.0"), "streetlight") == []


def test_a_change_of_wording_only_fits(root):
    def reword(body):
        body["properties"]["lamp_count"]["title"] = "灯头数量"
        body["properties"]["lamp_count"]["x-aliases"].append("LAMPS")

    edit_json(root / "1.2" / "streetlight.schema.json", reword)
    assert differing_fields(Standard("1.2", root), Standard("1.1", root), "streetlight") == []


def test_a_new_field_a_new_limit_and_a_new_code_are_named(root):
    def streetlight(body):
        body["properties"]["lamp_count"]["maximum"] = 16
        body["properties"]["smart_controller"] = {"title": "控制器", "x-title-en": "Controller", "type": "string"}

    def lamp_type(body):
        body["enum"].append("LASER")
        body["x-labels"]["LASER"] = {"zh": "激光灯", "en": "Laser"}

    edit_json(root / "1.2" / "streetlight.schema.json", streetlight)
    edit_json(root / "1.2" / "codelists" / "lamp_type.json", lamp_type)
    found = differing_fields(Standard("1.2", root), Standard("1.1", root), "streetlight")
    assert found == ["lamp_count", "lamp_type", "smart_controller"]
    assert differing_fields(Standard("1.2", root), Standard("1.1", root), "bridge") == []
