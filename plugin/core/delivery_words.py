"""The words contractors write in deliveries, in Chinese or English: coordinate column names, values
meaning "no value", yes and no, and units. Data, not interface text: read from delivery_words.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

with Path(__file__).with_name("delivery_words.toml").open("rb") as _handle:
    WORDS: dict[str, Any] = tomllib.load(_handle)
