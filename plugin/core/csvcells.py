"""Cells of CSV written for people: a value a spreadsheet would run as a formula is neutralised.

Excel, LibreOffice and WPS read a cell beginning with ``=``, ``+``, ``-`` or ``@`` (and, after a
tab or a carriage return, what follows) as a formula; a registry value such as
``=HYPERLINK("http://…")`` or ``-2+3+cmd|' /C calc'!A0`` would run on the reader's machine.
OWASP's CSV injection advice: prefix such a cell with a single quote, which a spreadsheet shows as
text. Two exceptions, because they cannot be formulas and people need them as numbers:

- a value that is a number (int, float, Decimal: a numeric column) is written as it is, so a
  column's ``-3.5`` stays the number -3.5;
- a text that is exactly a plain decimal number (``-3.5``, ``+86``, ``-1e3``) is left alone too:
  a spreadsheet reads it as that number and nothing else.

The guard is reversible, so a CSV export still imports back exactly: ``unguard_text`` removes the
quote wherever ``guard_text`` could have added it (a text that already begins with quotes before a
trigger gets one more), and leaves every other text as it is.
"""

from __future__ import annotations

import re
from typing import Any

GUARD = "'"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _behind_quotes_is_trigger(text: str) -> bool:
    return text.lstrip(GUARD)[:1] in FORMULA_TRIGGERS


def guard_text(text: str) -> str:
    """The text as a spreadsheet may safely open it: quoted when it could start a formula."""
    if _PLAIN_NUMBER.fullmatch(text) or not _behind_quotes_is_trigger(text):
        return text
    # quotes already in front of a trigger get one more, so that unguard_text can tell them apart
    return GUARD + text


def unguard_text(text: str) -> str:
    """The text guard_text was given: one quote removed where it guards a trigger."""
    if text.startswith(GUARD) and _behind_quotes_is_trigger(text):
        return text[1:]
    return text


def guard_cell(value: Any) -> Any:
    """A value for csv.writer: texts guarded, numbers, booleans and None as they are."""
    return guard_text(value) if isinstance(value, str) else value
