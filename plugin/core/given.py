"""Texts that come in both languages from outside the catalogue, passed as a message's parameter.

A family's title is the standard's (``title_zh``, ``title_en``), a database refusal's words are the
database's: ``RefusedError("import.not_permitted", family=given(family.title_zh, family.title_en))``
renders each in the language of the message around it (core/messages.py renders a Message parameter
in the same language), without retyping either into the catalogue.
"""

from __future__ import annotations

from .messages import DEFAULT_LANG, Message


class _Given(Message):
    def text(self, lang: str = DEFAULT_LANG) -> str:
        return self.params.get(lang, self.params["en"])


def given(zh: str, en: str) -> Message:
    """A parameter already in both languages: zh where the message is Chinese, en where it is English."""
    return _Given("", {"zh": zh, "en": en})
