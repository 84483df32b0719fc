"""The message catalogue: every text a person reads, under a stable id, in Chinese and English.

The texts live in ``plugin/i18n/messages/*.toml``, one file per part of the program, and are
read by every face alike: the command line, the Processing algorithms, the reports and the
database's refusals (which raise an id that ``storage/errors.py`` looks up here). A file holds
tables; a table with ``zh`` and ``en`` keys is a message, and its dotted path is its id::

    [case.version_conflict]
    zh = "案卷 {case_no} 已被他人修改……"
    en = "Case {case_no} was changed by someone else …"

Placeholders are ``str.format`` fields, the same set in both languages (a unit test holds it).
An id is never reused for a different meaning once released: reports and tests name them.
The Qt widgets of the plugin are translated the QGIS way instead (``self.tr`` and the ``.ts``
files beside this catalogue), since Qt Linguist is what QGIS translators use.
"""

from __future__ import annotations

import functools
import os
import string
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"  # the registry's users are Chinese city bureaus
CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "i18n" / "messages"


class CatalogueError(Exception):
    """The catalogue files themselves are malformed: a bug of the program, not of the user's input."""


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Every message by id, read once from the catalogue files."""
    entries: dict[str, dict[str, str]] = {}
    for path in sorted(CATALOGUE_DIR.glob("*.toml")):
        with path.open("rb") as handle:
            _collect(tomllib.load(handle), "", entries, path.name)
    return entries


def _collect(table: Mapping[str, Any], prefix: str, into: dict[str, dict[str, str]], source: str) -> None:
    for key, value in table.items():
        ident = prefix + key
        if not isinstance(value, dict):
            raise CatalogueError(f"{source}: '{ident}' is a value, not a table of zh/en texts")
        if any(lang in value for lang in LANGS):
            if ident in into:
                raise CatalogueError(f"{source}: message id '{ident}' is defined twice")
            if set(value) != set(LANGS) or not all(isinstance(v, str) for v in value.values()):
                raise CatalogueError(f"{source}: '{ident}' must have exactly the texts zh and en")
            into[ident] = value
        else:
            _collect(value, ident + ".", into, source)


def placeholders(template: str) -> set[str]:
    """The named fields of a template (``{case_no}`` → case_no)."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


class _KeepMissing(dict):
    # A parameter a call forgot shows as its placeholder, so a message never fails while reporting a failure.
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(msg_id: str, lang: str = DEFAULT_LANG, /, **params: Any) -> str:
    """The message ``msg_id`` in ``lang`` (zh or en), its placeholders filled from ``params``."""
    lang = lang if lang in LANGS else DEFAULT_LANG
    template = catalogue()[msg_id][lang]
    values = {name: value.text(lang) if isinstance(value, Message) else value for name, value in params.items()}
    return string.Formatter().vformat(template, (), _KeepMissing(values))


def both(msg_id: str, /, **params: Any) -> dict[str, str]:
    """The message in every language, for outputs that carry both (reports, error layers)."""
    return {lang: text(msg_id, lang, **params) for lang in LANGS}


def normalise_lang(value: str | None) -> str | None:
    """zh or en from a setting such as ``zh_CN``, ``zh-Hans``, ``en_US.UTF-8``; None when it is neither."""
    if not value:
        return None
    value = value.strip().lower()
    for lang in LANGS:
        if value == lang or value.startswith((lang + "_", lang + "-", lang + ".")):
            return lang
    return None


def default_lang() -> str:
    """The language of a run that was not told one: ASSETREG_LANG, else zh."""
    return normalise_lang(os.environ.get("ASSETREG_LANG")) or DEFAULT_LANG


@dataclass(frozen=True)
class Message:
    """A message not yet put into words: an id and its parameters, rendered in the reader's language."""

    id: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = DEFAULT_LANG) -> str:
        return text(self.id, lang, **self.params)

    def both(self) -> dict[str, str]:
        return {lang: self.text(lang) for lang in LANGS}


def msg(msg_id: str, /, **params: Any) -> Message:
    return Message(msg_id, dict(params))


# -- parameters that are not catalogue messages -------------------------------------------------


class Given(Message):
    """A parameter that comes in each language from outside the catalogue: a title the standard gives,
    a label the database holds ({"zh": …, "en": …}); rendered in the language of the message around it."""

    def __init__(self, texts: Mapping[str, Any]):
        super().__init__("", dict(texts))

    def text(self, lang: str = DEFAULT_LANG) -> str:
        value = self.params.get(lang if lang in LANGS else DEFAULT_LANG)
        return "" if value is None else str(value)


def given(zh: Any, en: Any) -> Given:
    return Given({"zh": zh, "en": en})


def in_each_language(make: Callable[[str], Any]) -> Given:
    """A parameter made once per language: ``in_each_language(lambda lang: codelist.label(code, lang))``."""
    return Given({lang: make(lang) for lang in LANGS})


class Listing(Message):
    """Items joined the way the reader's language writes a list ("a、b", "a, b"); an item that is a
    Message is rendered in that language too; "none" (core.list_none) when there are none."""

    def __init__(self, items: Iterable[Any]):
        super().__init__("core.list_separator", {"items": list(items)})

    def text(self, lang: str = DEFAULT_LANG) -> str:
        items = [item.text(lang) if isinstance(item, Message) else str(item) for item in self.params["items"]]
        return text("core.list_separator", lang).join(items) if items else text("core.list_none", lang)


def listing(items: Iterable[Any]) -> Listing:
    return Listing(items)


def bilingual(message: Message) -> str:
    """A text kept for readers of either language, "中文 / English": a COMMENT of a table or column in
    the registry, the description of a case reported from a finding."""
    texts = message.both()
    return f"{texts['zh']} / {texts['en']}"
