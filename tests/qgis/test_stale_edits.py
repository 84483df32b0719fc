"""A stale edit refused in words (issue 17): two editors, each with the registry's layer in QGIS, change the
same asset; the first to save wins, the second is refused by the database (db/app/23_stale_edits.sql) and
told so in the catalogue's words in their language, and nothing of theirs is written. Real QGIS edit
buffers against a real registry, each editor its own login."""

from __future__ import annotations

import uuid

import psycopg2
import pytest
from asset_registry.storage import localpg, migrate, roles
from asset_registry.storage.importing import import_delivery
from psycopg2 import sql
from qgis.core import QgsGeometry, QgsPointXY

from tests.db.conftest import admin, drop_database, new_database, query
from tests.helpers import XIANGZHOU_XY, numbered_lights, write_geojson

LIGHT = "44040201037000001"


@pytest.fixture
def two_editors(standard, profile, tmp_path):
    """A registry of three lights and two editors' DSNs (their logins are the names in the refusal)."""
    localpg.ensure_running()
    name = new_database(None, prefix="assetreg_test_qgis_stale")
    dsn = localpg.server_dsn(name)
    migrate.init(dsn, profile)
    import_delivery(dsn, write_geojson(tmp_path / "l.geojson", numbered_lights(3)), standard, profile, "streetlight")
    logins = [f"test_stale_{who}_{uuid.uuid4().hex[:6]}" for who in ("wang", "li")]
    for login in logins:
        roles.grant(dsn, login, "assetreg_editor")
    yield dsn, [psycopg2.extensions.make_dsn(dsn, user=login) for login in logins], logins
    for login in logins:
        admin(sql.SQL("DROP OWNED BY {} CASCADE").format(sql.Identifier(login)), dbname=name)
    drop_database(name)
    for login in logins:
        admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))


def editing(dsn, standard):
    """The streetlight layer as an editor opens it, its keeper, what it said, and its features by identifier."""
    from asset_registry.qgis_common.layers import make_layer
    from asset_registry.qgis_common.stale_edits import keep_versions

    layer = make_layer(dsn, standard, "streetlight")
    said: list[str] = []
    keeper = keep_versions(layer, said.append)
    assert keeper is not None and keep_versions(layer, said.append) is None  # one keeper a layer
    assert layer.startEditing()
    return layer, said, {f["component_id"]: f.id() for f in layer.getFeatures()}


def change(layer, fid, field: str, value) -> None:
    layer.beginEditCommand("form")
    assert layer.changeAttributeValue(fid, layer.fields().indexFromName(field), value)
    layer.endEditCommand()


def names(dsn) -> str:
    return query(dsn, "SELECT name FROM assetreg.streetlight WHERE component_id = %s", (LIGHT,))[0][0]


def test_the_second_editor_to_save_is_refused_in_words(two_editors, standard, qgis_app):
    owner, (wang, li), (wang_login, _) = two_editors
    layer_wang, said_wang, fids_wang = editing(wang, standard)
    layer_li, said_li, fids_li = editing(li, standard)
    change(layer_wang, fids_wang[LIGHT], "name", "王改的名字")
    change(layer_li, fids_li[LIGHT], "name", "李改的名字")
    assert layer_wang.commitChanges()
    qgis_app.processEvents()
    assert not layer_li.commitChanges(False)
    qgis_app.processEvents()
    assert said_wang == [] and len(said_li) == 1, said_li
    assert said_li[0].startswith(f"部件 {LIGHT} 在你开始编辑后已被 {wang_login} 于 ")
    assert "你的修改未保存" in said_li[0] and "refusal." not in said_li[0]
    assert names(owner) == "王改的名字"
    # what li does next, as the words say: discard, reload, edit again; that is saved
    assert layer_li.rollBack()
    layer_li.reload()
    assert layer_li.startEditing()
    change(layer_li, fids_li[LIGHT], "name", "李再改的名字")
    assert layer_li.commitChanges(), layer_li.commitErrors()
    assert names(owner) == "李再改的名字" and said_li == [said_li[0]]


def test_a_stale_move_is_refused_too_and_in_english_for_an_english_qgis(two_editors, standard, qgis_app):
    from tests.qgis.conftest import set_locale

    assert set_locale("en_US") == "en"
    owner, (wang, li), _ = two_editors
    layer_wang, _, fids_wang = editing(wang, standard)
    layer_li, said_li, fids_li = editing(li, standard)
    before = query(owner, "SELECT ST_AsText(geom) FROM assetreg.streetlight WHERE component_id = %s", (LIGHT,))
    change(layer_wang, fids_wang[LIGHT], "remarks", "灯杆倾斜")
    assert layer_wang.commitChanges()
    x, y = XIANGZHOU_XY
    assert layer_li.changeGeometry(fids_li[LIGHT], QgsGeometry.fromPointXY(QgsPointXY(x + 5, y + 5)))
    assert not layer_li.commitChanges(False)
    qgis_app.processEvents()
    assert len(said_li) == 1 and said_li[0].startswith(f"Asset {LIGHT} was changed by "), said_li
    assert query(owner, "SELECT ST_AsText(geom) FROM assetreg.streetlight WHERE component_id = %s", (LIGHT,)) == before


def test_one_editor_saving_again_and_again_is_never_stale(two_editors, standard, qgis_app):
    """The version as read goes back to the database at QGIS's precision (milliseconds): never refused
    on its own, and every save moves the version on, so an editor who read before it is still stale."""
    owner, (wang, li), _ = two_editors
    layer_li, said_li, fids_li = editing(li, standard)
    change(layer_li, fids_li[LIGHT], "remarks", "李读过")  # li's edit builds on the version before wang's saves
    layer_wang, said_wang, fids_wang = editing(wang, standard)
    for round_ in range(3):
        change(layer_wang, fids_wang[LIGHT], "name", f"第{round_}次")
        assert layer_wang.commitChanges(False), layer_wang.commitErrors()
        qgis_app.processEvents()
    assert said_wang == [] and names(owner) == "第2次"
    versions = query(owner, "SELECT count(DISTINCT new_values) FROM assetreg.asset_history WHERE component_id = %s", (LIGHT,))
    assert versions == [(3,)]
    assert not layer_li.commitChanges(False)
    qgis_app.processEvents()
    assert len(said_li) == 1


def test_the_plugin_keeps_versions_on_every_registry_layer_and_says_the_refusal_in_its_bar(
    two_editors, standard, qgis_iface, qgis_processing, qgis_app
):
    """With the plugin loaded, a registry layer added to the project gets its keeper, and a refused save is
    said in QGIS's message bar in words."""
    from asset_registry import classFactory
    from asset_registry.qgis_common.layers import make_layer
    from asset_registry.qgis_common.stale_edits import VersionKeeper
    from qgis.core import Qgis, QgsProject

    owner, (wang, li), _ = two_editors
    plugin = classFactory(qgis_iface)
    plugin.initGui()
    try:
        layer_li = make_layer(li, standard, "streetlight")
        QgsProject.instance().addMapLayer(layer_li)
        assert layer_li.findChild(VersionKeeper) is not None
        assert layer_li.startEditing()
        layer_wang, _, fids_wang = editing(wang, standard)
        change(layer_wang, fids_wang[LIGHT], "name", "王改的名字")
        assert layer_wang.commitChanges()
        fid = next(f.id() for f in layer_li.getFeatures() if f["component_id"] == LIGHT)
        change(layer_li, fid, "name", "李改的名字")
        assert not layer_li.commitChanges(False)
        qgis_app.processEvents()
        pushed = qgis_iface.messageBar().get_messages(Qgis.Critical)
        # pytest-qgis's message bar keeps what was pushed as "title:text"
        assert any(said.startswith(f"市政部件登记:部件 {LIGHT} 在你开始编辑后已被") for said in pushed), pushed
    finally:
        plugin.unload()
        QgsProject.instance().removeAllMapLayers()
