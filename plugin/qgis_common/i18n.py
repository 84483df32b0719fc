"""The language of the QGIS faces: the user's QGIS locale, for the widgets and the messages alike.

Widget texts (menu actions, Processing names, parameters, help) are written in English in the code
through ``tr`` and translated the Qt way: ``plugin/i18n/asset_registry_<locale>.ts`` (Qt Linguist),
compiled to ``.qm`` by ``make translations``; a QTranslator for the QGIS locale serves them. The
messages of the catalogue (core/messages.py: errors, progress) are rendered in the same language,
``ui_lang()``, so a dialog never shows one language in its labels and the other in its errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qgis.core import Qgis, QgsMessageLog, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from ..core import messages
from ..core.errors import UserError

I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"
LOCALE_SETTING = "locale/userLocale"  # QGIS writes the locale it runs in here at start-up
# The Qt translation serving each catalogue language; English is the source text and needs none.
QM_FILES = {"zh": "asset_registry_zh_CN.qm"}
# A QGIS in a language the plugin does not speak shows the English source texts: the messages follow.
FALLBACK_LANG = "en"

_state: dict[str, Any] = {"lang": None, "translator": None}


def qgis_locale() -> str:
    """The locale QGIS runs in (zh_CN, en_US …): its setting, else the system's."""
    return QgsSettings().value(LOCALE_SETTING, "", type=str) or QLocale().name()


def ui_lang() -> str:
    """zh or en: the language of the QGIS locale, in which the plugin shows its widgets and messages."""
    return messages.normalise_lang(qgis_locale()) or FALLBACK_LANG


def install_translator() -> str:
    """Serve the plugin's Qt translation for the QGIS locale (once; again only when the locale changed).
    Called by the plugin's entry point and by the Processing provider (qgis_process loads only that)."""
    lang = ui_lang()
    if _state["lang"] == lang:
        return lang
    if _state["translator"] is not None:
        QCoreApplication.removeTranslator(_state["translator"])
        _state["translator"] = None
    name = QM_FILES.get(lang)
    if name:
        translator = QTranslator()
        if translator.load(str(I18N_DIR / name)):
            QCoreApplication.installTranslator(translator)
            _state["translator"] = translator
        else:
            QgsMessageLog.logMessage(f"{I18N_DIR / name} is missing: run `make translations`", "asset_registry", Qgis.Warning)
    _state["lang"] = lang
    return lang


def message_text(msg_id: str, /, **params: Any) -> str:
    """The catalogue message ``msg_id`` in the interface language."""
    return messages.text(msg_id, ui_lang(), **params)


def in_ui_lang(said: UserError | messages.Message) -> str:
    """What core or storage hands a face to show, in the interface language: a UserError, or a Message (the
    importer's progress notes)."""
    if isinstance(said, UserError):
        return said.message(ui_lang())
    return said.text(ui_lang())


class Translated:
    """``self.tr`` for the plugin's classes, with the class's name as the context, as pylupdate5 records it."""

    def tr(self, text: str) -> str:
        return QCoreApplication.translate(type(self).__name__, text)
