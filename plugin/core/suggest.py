"""``assetreg mapping suggest``: draft a mapping profile from the standard's aliases and similar names."""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .mapping import PLACEHOLDERS, FieldMapper, code_lookup
from .messages import text
from .reader import Delivery
from .standard import Family, Standard

SAMPLE_FEATURES = 2000
_UNIT_SUFFIX = re.compile(r"^\s*\d+(\.\d+)?\s*(ft|feet|in|inch|cm|mm|m|km)\s*$", re.IGNORECASE)


def _normal(name: str) -> str:
    return re.sub(r"[\s_\-./]+", "", name.casefold())


@dataclass
class Suggestion:
    family: Family
    draft: dict[str, Any]
    recognised: dict[str, str] = field(default_factory=dict)  # column -> field, by alias
    guessed: dict[str, str] = field(default_factory=dict)  # column -> field, by similar name
    unplaced: list[str] = field(default_factory=list)  # columns with no field
    missing_required: list[str] = field(default_factory=list)
    unknown_values: dict[str, list[str]] = field(default_factory=dict)

    def explain(self, lang: str = "zh") -> str:
        lines = [
            text("suggest.recognised", lang, pairs=_pairs(self.recognised)),
            text("suggest.guessed", lang, pairs=_pairs(self.guessed)),
            text("suggest.unplaced", lang, columns=", ".join(self.unplaced) or "-"),
            text("suggest.missing_required", lang, fields=", ".join(self.missing_required) or "-"),
        ]
        for name, values in self.unknown_values.items():
            lines.append(text("suggest.unknown_values", lang, field=name, values=", ".join(values)))
        return "\n".join(lines)


def _pairs(mapping: dict[str, str]) -> str:
    return ", ".join(f"{column} -> {name}" for column, name in mapping.items()) or "-"


def _candidates(family: Family) -> dict[str, str]:
    """Normalised names (field names, aliases, English titles) -> field."""
    names = {}
    for spec in family.fields:
        for name in (spec.name, *spec.aliases, spec.title_en, spec.title_zh):
            names.setdefault(_normal(name), spec.name)
    return names


def suggest_mapping(path: str | Path, standard: Standard, family_name: str, layer: str | None = None) -> Suggestion:
    family = standard.delivery_class(family_name)
    with Delivery(path, layer) as delivery:
        columns = delivery.field_names
        mapper = FieldMapper(family, standard, columns)
        samples: dict[str, Counter] = defaultdict(Counter)
        for source in delivery.features():
            for column, value in source.attributes.items():
                if isinstance(value, str) and value.strip():
                    samples[column][value.strip()] += 1
            if source.number >= SAMPLE_FEATURES:
                break
        has_geometry = delivery.spatial_ref is not None or delivery.geometry_source.x is not None
    suggestion = Suggestion(family, {"$schema": "../mapping.schema.json", "family": family.name})
    suggestion.recognised = {column: spec.name for column, spec in mapper.columns.items()}
    _guess_columns(suggestion, family, mapper.unknown)
    placed = {**suggestion.recognised, **suggestion.guessed}
    suggestion.missing_required = [s.name for s in family.fields if s.required and s.name not in placed.values()]
    suggestion.draft["columns"] = dict(suggestion.guessed)
    _suggest_values(suggestion, standard, placed, samples)
    if suggestion.unplaced:
        suggestion.draft["ignore"] = list(suggestion.unplaced)
    if suggestion.missing_required:
        suggestion.draft["constants"] = {name: "" for name in suggestion.missing_required}
    if not has_geometry:
        suggestion.draft["geometry"] = {"x": "", "y": "", "crs": "EPSG:4326"}
    return suggestion


def _guess_columns(suggestion: Suggestion, family: Family, unknown: list[str]) -> None:
    candidates = _candidates(family)
    taken = set(suggestion.recognised.values())
    for column in unknown:
        key = _normal(column)
        match = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.75)
        if not match:
            match = [name for name in candidates if len(name) >= 4 and (name in key or key in name)][:1]
        target = candidates[match[0]] if match else None
        if target is not None and target not in taken:
            suggestion.guessed[column] = target
            taken.add(target)
        else:
            suggestion.unplaced.append(column)


def _suggest_values(suggestion: Suggestion, standard: Standard, placed: dict[str, str], samples: dict[str, Counter]) -> None:
    values: dict[str, dict[str, str]] = {}
    units: dict[str, dict[str, str]] = {}
    for column, name in placed.items():
        spec = suggestion.family.field(name)
        seen = samples.get(column, Counter())
        if spec.codelist:
            known = code_lookup(standard.codelists[spec.codelist])
            strange = [v for v, _ in seen.most_common(30) if v.casefold() not in known and v.casefold() not in PLACEHOLDERS]
            if strange:
                values[name] = {value: "" for value in strange}
                suggestion.unknown_values[name] = strange
        elif spec.unit == "m" and any(_UNIT_SUFFIX.match(v) for v in seen):
            unit = _UNIT_SUFFIX.match(next(v for v in seen if _UNIT_SUFFIX.match(v))).group(2).casefold()
            units[name] = {"from": unit}
    if values:
        suggestion.draft["values"] = values
    if units:
        suggestion.draft["units"] = units
