"""The packaged plugin in the real QGIS desktop (under Xvfb), as a user starts it."""

from __future__ import annotations

import json
import subprocess

from tests.qgis.conftest import INI, PROFILE, user_environment

STARTUP = """
import json
import qgis.utils
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer

def check():
    plugin = qgis.utils.plugins.get("asset_registry")
    layer = plugin.add_streetlight_layer() if plugin else None
    result = {{
        "loaded": "asset_registry" in qgis.utils.active_plugins,
        "provider": QgsApplication.processingRegistry().providerById("asset_registry") is not None,
        "menu": [a.text() for a in qgis.utils.iface.pluginMenu().actions()],
        "layer_features": layer.featureCount() if layer else None,
        "layer_name": layer.name() if layer else None,
    }}
    qgis.utils.iface.mainWindow().grab().save({screenshot!r})
    with open({out!r}, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False)
    QgsApplication.exit(0)

QTimer.singleShot(3000, check)
"""


def test_plugin_loads_in_the_desktop_and_adds_its_layer(installed_home, lit_registry, tmp_path):
    ini = installed_home / PROFILE / "QGIS" / "QGIS3.ini"
    ini.write_text(f'{INI}\n[asset_registry]\ndsn="{lit_registry}"\n', encoding="utf-8")
    out, screenshot = tmp_path / "result.json", tmp_path / "qgis.png"
    script = tmp_path / "startup.py"
    script.write_text(STARTUP.format(out=str(out), screenshot=str(screenshot)), encoding="utf-8")
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
    assert result["loaded"] and result["provider"]
    assert "市政部件登记" in result["menu"]  # the packaged .qm serves QGIS's locale, zh_CN
    assert result["layer_features"] == 6 and result["layer_name"] == "路灯"
    assert screenshot.stat().st_size > 10_000
    assert "Traceback" not in completed.stderr
