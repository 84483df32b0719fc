"""A refused save in the real QGIS 3.22 desktop (under Xvfb) says it once, in our words (issue 17 item 4).

QGIS's own save path (the editing toolbar's Save, QgisApp::saveEdits, and the same in toggleEditing) reports a
failed commit itself: QgisApp::commitError pushes a warning "Could not commit changes to layer …" (in the
user's language) with a "Show more" button holding PostgreSQL's English error. The plugin's watcher
(qgis_common/commit_errors.py) says the refusal in the standard's words and takes QGIS's item back, so the
message bar holds ours alone. Offscreen tests have no QgisApp (pytest-qgis's interface is not the desktop),
so this is tested where the desktop runs."""

from __future__ import annotations

import json
import subprocess

from tests.qgis.conftest import INI, PROFILE, user_environment
from tests.qgis.test_editing import editable_registry  # noqa: F401 (the fixture: three lights)

STARTUP = """
import json
import qgis.utils
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer

def edit():
    iface = qgis.utils.iface
    plugin = qgis.utils.plugins.get("asset_registry")
    layer = plugin.add_streetlight_layer()
    iface.setActiveLayer(layer)
    layer.startEditing()
    index = layer.fields().indexFromName("lamp_power_w")
    for feature in layer.getFeatures():
        layer.changeAttributeValue(feature.id(), index, 5000)  # the standard's maximum is 2000 W
    iface.actionSaveActiveLayerEdits().trigger()  # the editing toolbar's Save, as a user clicks it
    QTimer.singleShot(1500, lambda: report(layer))

def report(layer):
    items = [
        {{"title": item.title(), "text": item.text(), "level": int(item.level())}}
        for item in qgis.utils.iface.messageBar().items()
    ]
    result = {{"items": items, "still_editing": layer.isEditable(), "errors": layer.commitErrors()}}
    with open({out!r}, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False)
    layer.rollBack()
    QgsApplication.exit(0)

QTimer.singleShot(3000, edit)
"""


def test_a_refused_save_from_the_toolbar_shows_only_our_words(installed_home, editable_registry, tmp_path):  # noqa: F811
    ini = installed_home / PROFILE / "QGIS" / "QGIS3.ini"
    ini.write_text(f'{INI}\n[asset_registry]\ndsn="{editable_registry}"\n', encoding="utf-8")
    out = tmp_path / "result.json"
    script = tmp_path / "startup.py"
    script.write_text(STARTUP.format(out=str(out)), encoding="utf-8")
    env = user_environment(installed_home)
    env.pop("QT_QPA_PLATFORM", None)  # the desktop draws on Xvfb's screen, not offscreen
    completed = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "/usr/bin/qgis", "--nologo", "--noversioncheck", "--code", str(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tmp_path,
    )
    assert out.exists(), completed.stdout[-2000:] + completed.stderr[-2000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    print(json.dumps(result, ensure_ascii=False, indent=1))
    assert result["still_editing"]  # refused: the edits are kept for the user to correct
    assert any("streetlight_lamp_power_w" in error for error in result["errors"])  # what QGIS would show
    # one item: ours, the standard's words in Chinese; QGIS's "Could not commit changes" is gone
    assert [item["text"] for item in result["items"]] == ["字段“灯具功率”的值超出允许范围（> 0, <= 2000 W）。"], result
    assert "Traceback" not in completed.stderr
