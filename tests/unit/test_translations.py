"""The QGIS faces' Qt translations (plugin/i18n/*.ts): current with the code, as pylupdate5 reads it, and
fully translated, so no widget of the plugin shows its English source text in a Chinese QGIS."""

from __future__ import annotations

import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import translations


def messages_of(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source text) → the <translation> element."""
    root = ET.parse(ts).getroot()
    return {
        (context.findtext("name"), message.findtext("source")): message.find("translation")
        for context in root.iter("context")
        for message in context.iter("message")
    }


@pytest.mark.parametrize("ts", translations.ts_files(), ids=lambda path: path.name)
def test_the_committed_ts_has_every_text_of_the_code_and_no_other(ts, tmp_path):
    assert shutil.which("pylupdate5"), "pylupdate5 is missing: make setup installs pyqt5-dev-tools"
    fresh = tmp_path / ts.name
    translations.update(fresh)
    extracted, committed = set(messages_of(fresh)), set(messages_of(ts))
    assert len(extracted) > 50  # the three algorithms, the provider, the menu and the layers
    assert not extracted - committed, f"new texts: run `make translations` and translate them: {extracted - committed}"
    assert not committed - extracted, f"texts gone from the code: run `make translations`: {committed - extracted}"


@pytest.mark.parametrize("ts", translations.ts_files(), ids=lambda path: path.name)
def test_every_text_is_translated(ts):
    untranslated = [
        f"{context}: {source!r}"
        for (context, source), translation in messages_of(ts).items()
        if translation is None
        or translation.get("type") in ("unfinished", "obsolete", "vanished")
        or not (translation.text or "").strip()
    ]
    assert not untranslated, untranslated


def test_the_chinese_translation_is_chinese_and_keeps_the_sources_line_breaks():
    (ts,) = (path for path in translations.ts_files() if path.name.endswith("_zh_CN.ts"))
    for (context, source), translation in messages_of(ts).items():
        assert any("\u4e00" <= char <= "\u9fff" for char in translation.text), (context, source)
        assert translation.text.count("\n\n") == source.count("\n\n"), (context, source)
