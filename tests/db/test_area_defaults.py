"""Area defaults editable without SQL (issue 17): ``assetreg areas defaults set|list|clear`` and the storage
functions behind it and the Processing algorithm; only editors and admins may change them; and where no
area default applies, the city profile's new_asset_defaults give a new asset its competent department."""

from __future__ import annotations

import json

import psycopg2
import pytest
from asset_registry.core.errors import InputError, RefusedError
from asset_registry.storage.area_defaults import clear_area_default, list_area_defaults, set_area_default
from asset_registry.storage.areas import load_areas

from tests.db.conftest import query
from tests.db.test_edit_defaults import COMMUNITY, DEPT, DISTRICT, GRID, MAINTAINER, STREET, add_light, area
from tests.helpers import write_geojson
from tests.unit.test_cli import assetreg

OTHER_DEPT = ("11440402MB2C10094W", "香洲区城市管理和综合执法局")


@pytest.fixture
def located(registry, profile, tmp_path):
    """A registry with a district, street, community and grid around XIANGZHOU_XY and no area default."""
    areas = [
        area("district", DISTRICT, "香洲区", 2000),
        area("street", STREET, "拱北街道", 1500),
        area("community", COMMUNITY, "夏湾社区", 1000),
        area("grid", GRID, "夏湾01", 800),
    ]
    load_areas(registry, write_geojson(tmp_path / "areas.geojson", areas), profile)
    return registry


def without_profile_defaults(dsn: str) -> None:
    query(dsn, "UPDATE assetreg.city_profile SET body = body - 'new_asset_defaults'")


def departments(dsn: str, component_id: str) -> tuple:
    return query(
        dsn,
        "SELECT competent_dept_code, competent_dept_name, maintainer_code, maintainer_name"
        " FROM assetreg.streetlight WHERE component_id = %s",
        (component_id,),
    )[0]


def test_set_list_clear_through_the_command_line(located):
    done = assetreg("--lang", "en", "areas", "defaults", "set", DISTRICT, "--competent-dept", *DEPT, "--dsn", located)
    assert done.returncode == 0, done.stderr
    assert f"{DISTRICT} 香洲区 [every family]" in done.stdout and DEPT[0] in done.stdout
    done = assetreg(
        "areas", "defaults", "set", COMMUNITY, "--family", "streetlight", "--maintainer", *MAINTAINER, "--dsn", located
    )
    assert done.returncode == 0, done.stderr
    assert "养护单位 91440400MA4UJ9XK2C 珠海市路灯所" in done.stdout

    listed = json.loads(assetreg("areas", "defaults", "list", "--format", "json", "--dsn", located).stdout)
    assert [(row["area_code"], row["family"]) for row in listed["areas"]] == [(DISTRICT, ""), (COMMUNITY, "streetlight")]
    assert listed["profile"]["competent_dept"] == list(DEPT) and listed["profile"]["maintainer"] is None
    text = assetreg("areas", "defaults", "list", "--dsn", located).stdout.splitlines()
    assert text[0].startswith(f"{DISTRICT} 香洲区  [所有大类]  主管部门：{DEPT[0]} {DEPT[1]}  养护单位：—")
    assert text[-1] == f"其他区域（城市配置 new_asset_defaults）  主管部门：{DEPT[0]} {DEPT[1]}  养护单位：—"
    # what the command set is what a new light gets: the district's department, the community's maintainer
    assert departments(located, add_light(located)) == (*DEPT, *MAINTAINER)

    done = assetreg("areas", "defaults", "clear", COMMUNITY, "--family", "streetlight", "--dsn", located)
    assert done.returncode == 0 and "（1 条）" in done.stdout
    assert [row.area_code for row in list_area_defaults(located)] == [DISTRICT]


def test_setting_one_kind_keeps_the_other(located, standard):
    set_area_default(located, standard, DISTRICT, competent_dept=DEPT)
    row = set_area_default(located, standard, DISTRICT, maintainer=MAINTAINER)
    assert (row.competent_dept, row.maintainer) == (DEPT, MAINTAINER)
    row = set_area_default(located, standard, DISTRICT, competent_dept=OTHER_DEPT)
    assert (row.competent_dept, row.maintainer) == (OTHER_DEPT, MAINTAINER)


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (("4404", "--competent-dept", *DEPT), "must be 6/9/12 digits"),
        ((DISTRICT, "--family", "lamp", "--competent-dept", *DEPT), "There is no asset family lamp"),
        ((DISTRICT, "--competent-dept", "12345", DEPT[1]), "Competent department code 12345 is not valid"),
        ((DISTRICT,), "Give at least the competent department"),
    ],
)
def test_bad_input_is_refused_in_words_with_exit_2(located, arguments, words):
    done = assetreg("--lang", "en", "areas", "defaults", "set", *arguments, "--dsn", located)
    assert done.returncode == 2 and words in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert list_area_defaults(located) == []


def test_only_editors_and_admins_change_them(located, standard, login_as):
    editor, admin, viewer = login_as("assetreg_editor"), login_as("assetreg_admin"), login_as("assetreg_viewer")
    set_area_default(editor, standard, DISTRICT, competent_dept=DEPT)
    set_area_default(admin, standard, STREET, competent_dept=OTHER_DEPT)
    assert clear_area_default(admin, standard, STREET) == 1
    for outsider in (viewer, login_as("assetreg_standards"), login_as("assetreg_contractor")):
        with pytest.raises(RefusedError) as refused:
            set_area_default(outsider, standard, DISTRICT, competent_dept=OTHER_DEPT)
        assert "Only editors" in refused.value.message("en")
        with pytest.raises(RefusedError):
            clear_area_default(outsider, standard, DISTRICT)
    done = assetreg("--lang", "en", "areas", "defaults", "clear", DISTRICT, "--dsn", viewer)
    assert done.returncode == 1 and "Only editors (assetreg_editor)" in done.stderr, done.stderr
    assert [row.competent_dept for row in list_area_defaults(viewer)] == [DEPT]


def test_the_profile_gives_the_department_where_no_area_does(located, profile):
    made = add_light(located)  # zhuhai.json has new_asset_defaults.competent_dept, and no area default is set
    expected = profile.body["new_asset_defaults"]["competent_dept"]
    assert departments(located, made) == (expected["code"], expected["name"], None, None)


def test_an_area_default_comes_before_the_profile(located, standard):
    set_area_default(located, standard, COMMUNITY, competent_dept=OTHER_DEPT)
    assert departments(located, add_light(located))[:2] == OTHER_DEPT


def test_the_profile_maintainer_is_used_too(located):
    query(
        located,
        "UPDATE assetreg.city_profile SET body = jsonb_set(body, '{new_asset_defaults,maintainer}', %s::jsonb)",
        (json.dumps({"code": MAINTAINER[0], "name": MAINTAINER[1]}),),
    )
    assert departments(located, add_light(located))[2:] == MAINTAINER


def test_neither_area_nor_profile_is_still_refused(located):
    without_profile_defaults(located)
    with pytest.raises(psycopg2.Error) as caught:
        add_light(located)
    assert caught.value.pgcode == "AR027"


def test_input_errors_are_input_errors(located, standard):
    with pytest.raises(InputError):
        set_area_default(located, standard, DISTRICT, competent_dept=(DEPT[0], ""))
