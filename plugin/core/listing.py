"""A list of items as a message parameter, joined the way the reader's language writes a list.

``text("calendar.unknown_unit", lang, units=listing(UNITS))`` reads "a、b" in Chinese and "a, b" in
English: the separator is the catalogue message ``core.list_separator``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import messages


@dataclass(frozen=True)
class Listing(messages.Message):
    def text(self, lang: str = messages.DEFAULT_LANG) -> str:
        return messages.text("core.list_separator", lang).join(str(item) for item in self.params["items"])


def listing(items: Iterable[object]) -> Listing:
    return Listing("core.list_separator", {"items": list(items)})
