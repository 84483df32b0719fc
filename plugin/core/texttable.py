"""Plain text for a terminal: tables that line up with Chinese text (wide characters take two columns),
and values from the registry or a delivery shown as text, never run as terminal commands."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# C0 controls, DEL and C1 controls: ESC starts colour, cursor and title sequences (C1 CSI, U+009B, does
# too on some terminals), CR overwrites the line, BEL rings. A case description, a remark, a file name
# can hold any of them; shown as \xNN they are visible and harmless. A backslash already in the text is
# left as it is (Windows paths stay readable), so "\x1b" typed by someone looks like an escaped ESC.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROLS_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def printable(text: str, keep_newlines: bool = False) -> str:
    """The text with every control character shown as \\xNN; newlines kept where several lines are meant."""
    pattern = _CONTROLS_BUT_NEWLINE if keep_newlines else _CONTROLS
    return pattern.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def printable_json(text: str) -> str:
    """JSON text for a terminal: json.dumps escapes C0 controls itself, but with ensure_ascii=False
    it writes DEL and C1 as they are; as \\u escapes they are the same JSON and inert."""
    return _DEL_AND_C1.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


_DEL_AND_C1 = re.compile("[\x7f-\x9f]")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right_align: Sequence[bool] = ()) -> str:
    """Columns that line up; a cell stays on its row, whatever control characters it holds."""
    headers = [printable(header) for header in headers]
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in rows:
        widths = [max(w, display_width(cell)) for w, cell in zip(widths, row, strict=False)]
    aligns = list(right_align) + [False] * (len(headers) - len(right_align))

    def line(cells: Sequence[str]) -> str:
        return "  ".join(_pad(cell, w, a) for cell, w, a in zip(cells, widths, aligns, strict=False)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])
