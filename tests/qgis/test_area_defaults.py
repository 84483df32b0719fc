"""``asset_registry:area_defaults`` in a real QGIS (Chinese locale): the Processing face of the same storage
functions as ``assetreg areas defaults`` (tests/db/test_area_defaults.py covers what they do)."""

from __future__ import annotations

import pytest
from qgis.core import QgsProcessingException

from tests.qgis.test_review import login_on  # noqa: F401  (the fixture)

ALGORITHM = "asset_registry:area_defaults"
DEPT = ("11440400MB2C10093Y", "珠海市城市管理和综合执法局")
SET, LIST, CLEAR = 0, 1, 2


def run(dsn: str, action: int, **parameters):
    import processing

    return processing.run(ALGORITHM, {"ACTION": action, "DSN": dsn, **parameters})


def test_set_list_clear_in_chinese(plugin, lights_db):
    done = run(lights_db, SET, AREA="440402", COMPETENT_DEPT_CODE=DEPT[0], COMPETENT_DEPT_NAME=DEPT[1])
    assert "已设定 440402" in done["TEXT"] and "主管部门 11440400MB2C10093Y 珠海市城市管理和综合执法局" in done["TEXT"]
    listed = run(lights_db, LIST)
    assert listed["COUNT"] == 1 and "[所有大类]" in listed["TEXT"] and "养护单位：—" in listed["TEXT"]
    assert "（1 条）" in run(lights_db, CLEAR, AREA="440402")["TEXT"]
    assert "尚未设定区域默认值" in run(lights_db, LIST)["TEXT"]


def test_a_viewer_and_bad_input_are_refused_in_words(plugin, lights_db, login_on):  # noqa: F811
    with pytest.raises(QgsProcessingException, match="只有编辑人员"):
        run(login_on("assetreg_viewer"), SET, AREA="440402", COMPETENT_DEPT_CODE=DEPT[0], COMPETENT_DEPT_NAME=DEPT[1])
    with pytest.raises(QgsProcessingException, match="区域代码 4404 无效"):
        run(lights_db, SET, AREA="4404", COMPETENT_DEPT_CODE=DEPT[0], COMPETENT_DEPT_NAME=DEPT[1])


def test_the_list_ends_with_what_the_city_profile_gives(plugin, lights_db):
    listed = run(lights_db, LIST)
    assert listed["COUNT"] == 0
    assert listed["TEXT"].splitlines()[-1].startswith("其他区域（城市配置 new_asset_defaults）  主管部门：")
