"""Cases about registered assets as the QGIS algorithm and ``wo create --matter-class`` build them (no database)."""

from __future__ import annotations

import pytest
from asset_registry.core.errors import InputError, RefusedError
from asset_registry.storage.workorders import asset_cases, matter_classes_for

LIGHTS = [{"family": "streetlight", "component_id": f"44040201037{n:06d}"} for n in (3, 1, 2)]


def test_matter_classes_of_a_family_come_from_the_code_list(standard):
    codelist = standard.codelists["matter_class"]
    assert matter_classes_for(standard) == codelist.codes
    assert matter_classes_for(standard, "streetlight") == ("01037", "01038", "01039", "01077", "10002")
    assert matter_classes_for(standard, "lighting_cabinet") == ("01060",)  # its own family since 1.1
    for family in standard.families:
        fitting = matter_classes_for(standard, family)
        assert fitting, family  # every family has matters of its own
        assert all(codelist.labels[code]["family"] == family for code in fitting)


def test_one_case_links_every_asset_with_the_district_and_the_class(standard):
    (case,) = asset_cases(standard, LIGHTS, "01037", "gis_user", "灯不亮", urgency="serious", reporter_name="", address=None)
    assert case == {
        "matter_code": "44040201037",
        "source": "gis_user",
        "description": "灯不亮",
        "urgency": "serious",  # empty details are left out
        "assets": [{"family": "streetlight", "component_id": f"44040201037{n:06d}"} for n in (1, 2, 3)],
    }


def test_one_case_per_asset_and_duplicates_once(standard):
    cases = asset_cases(standard, [*LIGHTS, LIGHTS[0]], "01038", "patrol", "x", one_per_asset=True)
    assert [case["assets"] for case in cases] == [
        [{"family": "streetlight", "component_id": f"44040201037{n:06d}"}] for n in (1, 2, 3)
    ]
    assert {case["matter_code"] for case in cases} == {"44040201038"}


def test_each_case_takes_its_own_district_and_one_case_cannot_span_two(standard):
    other = {"family": "streetlight", "component_id": "44040301037000001"}
    cases = asset_cases(standard, [LIGHTS[0], other], "01037", "gis_user", "x", one_per_asset=True)
    assert [case["matter_code"] for case in cases] == ["44040201037", "44040301037"]
    with pytest.raises(RefusedError, match="several districts") as raised:
        asset_cases(standard, [LIGHTS[0], other], "01037", "gis_user", "x")
    assert "多个区县" in raised.value.zh


@pytest.mark.parametrize(
    ("assets", "matter_class", "english", "chinese"),
    [
        ([], "01037", "No assets selected", "没有选择部件"),
        (LIGHTS, "99999", "not in the code list", "不在规范"),
        (LIGHTS, "06012", "does not concern a streetlight", "不适用于路灯"),
        ([{"family": "lamp", "component_id": "44040201037000001"}], "01037", "Unknown asset family", "部件类别"),
        ([{"family": "streetlight", "component_id": "4404"}], "01037", "Invalid component identifier", "标识码"),
        ([{"family": "streetlight", "component_id": None}], "01037", "Invalid component identifier", "标识码"),
    ],
)
def test_what_cannot_become_a_case_is_refused_in_both_languages(standard, assets, matter_class, english, chinese):
    with pytest.raises(InputError, match=english) as raised:
        asset_cases(standard, assets, matter_class, "gis_user", "x")
    assert chinese in raised.value.zh
