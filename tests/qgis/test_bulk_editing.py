"""Bulk editing in QGIS (issue 17): the field calculator, multi-edit and paste all fill the layer's edit buffer,
and QGIS saves the buffer in one transaction. History records every change of one save under one edit session
(assetreg_app.edit_session: the connection's application name and the transaction), a later save under another;
a save holding a value the database refuses changes nothing."""

from __future__ import annotations

from tests.db.conftest import query
from tests.qgis.test_editing import editable_registry  # noqa: F401 (the fixture: three lights in grid 440402001001001)

HISTORY = (
    "SELECT component_id, edit_session, new_values ->> 'maintainer_name' FROM assetreg.asset_history"
    " WHERE operation = 'update' ORDER BY changed_at, component_id"
)


def _set_all(layer, field: str, value) -> None:
    """What the field calculator does on every feature: one changed value per feature in the edit buffer."""
    index = layer.fields().indexFromName(field)
    for feature in layer.getFeatures():
        assert layer.changeAttributeValue(feature.id(), index, value)


def test_a_bulk_edit_lands_in_history_as_one_edit_session(editable_registry, standard):  # noqa: F811
    from asset_registry.qgis_common.layers import make_layer

    layer = make_layer(editable_registry, standard)
    assert layer.startEditing()
    _set_all(layer, "maintainer_name", "first crew")
    assert layer.commitChanges(), layer.commitErrors()
    assert layer.startEditing()
    _set_all(layer, "maintainer_name", "second crew")
    assert layer.commitChanges(), layer.commitErrors()

    rows = query(editable_registry, HISTORY)
    assert [(component_id, name) for component_id, _, name in rows] == [
        (f"44040201037{serial:06d}", name) for name in ("first crew", "second crew") for serial in (1, 2, 3)
    ]
    sessions = [session for _, session, _ in rows]
    assert len(set(sessions[:3])) == 1 and len(set(sessions[3:])) == 1 and sessions[0] != sessions[3]


def test_a_bulk_edit_with_an_illegal_value_changes_nothing(editable_registry, standard):  # noqa: F811
    from asset_registry.qgis_common.layers import make_layer

    layer = make_layer(editable_registry, standard)
    assert layer.startEditing()
    _set_all(layer, "lamp_power_w", 5000)  # the standard's maximum is 2000 W
    assert not layer.commitChanges()
    errors = "\n".join(layer.commitErrors())
    layer.rollBack()
    assert "streetlight_lamp_power_w" in errors, errors
    assert query(editable_registry, "SELECT count(*) FROM assetreg.streetlight WHERE lamp_power_w = 5000") == [(0,)]
    assert query(editable_registry, "SELECT count(*) FROM assetreg.asset_history") == [(0,)]
