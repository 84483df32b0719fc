"""The strict ISO 8601 forms the standard's date and date-time formats take (the validator's format checker, and
the items of a list of times, core/crossfield.py): Python 3.11's ``fromisoformat`` alone would also accept 20240101."""

from __future__ import annotations

import datetime as dt
import re

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def is_date_time(text: str) -> bool:
    """A date-time written as the standard's format date-time asks (with its offset), and a real moment."""
    if not DATE_TIME.match(text):
        return False
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
