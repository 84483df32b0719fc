"""``assetreg mapping suggest``: draft a mapping profile from the standard's aliases and similar names."""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .delivery_words import WORDS
from .mapping import PLACEHOLDERS, FieldMapper, code_lookup
from .messages import Message, msg, text
from .reader import Delivery
from .standard import Family, Standard

SAMPLE_FEATURES = 2000
CONFIDENCE_FLOOR = 0.6  # nothing is proposed below this confidence, and explain() says so
CONTAINS_NAME = 0.6  # the confidence of a column whose name holds a field's name (4 characters or more)
FIT_SHARE = 0.9  # an identifier column's sampled values must fit the field's pattern this often
# the measures a GIS writes beside a layer's geometry (ArcGIS: Shape_Area, SHAPE_Leng, Shape__Length)
_GIS_MEASURE = re.compile(r"^shape_{0,2}(area|len|leng|length)$", re.IGNORECASE)
_LONGITUDE = frozenset(WORDS["coordinates"]["longitude"])
_LATITUDE = frozenset(WORDS["coordinates"]["latitude"])
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
    evidence: dict[str, tuple[float, Message]] = field(default_factory=dict)  # column -> (confidence, why)
    refused: dict[str, Message] = field(default_factory=dict)  # column -> why it is not proposed

    def explain(self, lang: str = "zh") -> str:
        lines = [
            text("suggest.recognised", lang, pairs=_pairs(self.recognised)),
            text("suggest.guessed", lang, pairs=_pairs(self.guessed)),
            text("suggest.unplaced", lang, columns=", ".join(self.unplaced) or "-"),
            text("suggest.missing_required", lang, fields=", ".join(self.missing_required) or "-"),
        ]
        for name, values in self.unknown_values.items():
            lines.append(text("suggest.unknown_values", lang, field=name, values=", ".join(values)))
        lines.append(text("deliveries.suggest.floor", lang, floor=f"{CONFIDENCE_FLOOR:.2f}"))
        for column, (confidence, why) in self.evidence.items():
            lines.append(f"  {column}: {confidence:.2f} {why.text(lang)}")
        for column, why in self.refused.items():
            lines.append(f"  {column}: {why.text(lang)}")
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
                shown = str(value).strip() if value is not None else ""
                if shown:
                    samples[column][shown] += 1  # numbers too: a measure or a coordinate is judged by its values
            if source.number >= SAMPLE_FEATURES:
                break
        has_geometry = delivery.spatial_ref is not None or delivery.geometry_source.x is not None
        srs = delivery.spatial_ref
        feet = srs is not None and srs.IsProjected() and "foot" in (srs.GetLinearUnitsName() or "").casefold()
    suggestion = Suggestion(family, {"$schema": "../mapping.schema.json", "family": family.name})
    suggestion.recognised = {column: spec.name for column, spec in mapper.columns.items()}
    for column, spec in mapper.columns.items():
        suggestion.evidence[column] = (1.0, msg("deliveries.suggest.by_alias", field=spec.name))
    check_columns = _check_columns(columns, samples)
    unknown = [column for column in mapper.unknown if column not in check_columns]
    _guess_columns(suggestion, family, unknown, samples)
    _prefer_gis_measures(suggestion, family, columns, samples, feet)
    _refuse_misfit_identifiers(suggestion, family, samples)
    placed = {**suggestion.recognised, **suggestion.guessed}
    suggestion.missing_required = [s.name for s in family.fields if s.required and s.name not in placed.values()]
    suggestion.draft["columns"] = {**suggestion.guessed, **suggestion.draft.get("columns", {})}
    _suggest_values(suggestion, standard, placed, samples)
    if suggestion.unplaced:
        suggestion.draft["ignore"] = list(suggestion.unplaced)
    if suggestion.missing_required:
        suggestion.draft["constants"] = {name: "" for name in suggestion.missing_required}
    _place_check_columns(suggestion, check_columns, has_geometry, srs)
    return suggestion


def _values_fit(spec: Any, seen: Counter) -> bool:
    """Whether most sampled values could be the field's: numbers (with a unit, or placeholders) for a number."""
    if spec.json_type not in ("number", "integer") or not seen:
        return True
    fitting = sum(1 for v in seen if _number(v) is not None or _UNIT_SUFFIX.match(v) or v.casefold() in PLACEHOLDERS)
    return fitting >= len(seen) / 2


def _check_columns(columns: list[str], samples: dict[str, Counter]) -> dict[str, str]:
    """Columns named as longitude or latitude whose sampled values are degrees: column -> "x" or "y"."""
    found = {}
    for column in columns:
        folded = column.casefold()
        axis = "x" if folded in _LONGITUDE else ("y" if folded in _LATITUDE else None)
        limit = 180.0 if axis == "x" else 90.0
        values = [_number(v) for v in samples.get(column, Counter())]
        numbers = [v for v in values if v is not None and v != 0]
        if axis and numbers and all(abs(v) <= limit for v in numbers):
            found[column] = axis
    return found


def _place_check_columns(suggestion: Suggestion, check_columns: dict[str, str], has_geometry: bool, srs: Any) -> None:
    """Degrees beside a geometry are check columns (in their own CRS when the layer's is projected); without
    a geometry they are where the points are."""
    x = next((c for c, axis in check_columns.items() if axis == "x"), "")
    y = next((c for c, axis in check_columns.items() if axis == "y"), "")
    if not has_geometry:
        suggestion.draft["geometry"] = {"x": x, "y": y, "crs": "EPSG:4326"}
    elif x and y:
        geometry = {"check_x": x, "check_y": y}
        if srs is None or not srs.IsGeographic():
            geometry["check_crs"] = "EPSG:4326"
        suggestion.draft["geometry"] = geometry
    else:
        return
    for key, column in suggestion.draft["geometry"].items():
        if column in (x, y) and column:
            suggestion.evidence[column] = (0.9, msg("deliveries.suggest.degrees", role=f"geometry.{key}"))
            if column in suggestion.unplaced:
                suggestion.unplaced.remove(column)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _prefer_gis_measures(
    suggestion: Suggestion, family: Family, columns: list[str], samples: dict[str, Counter], feet: bool
) -> None:
    """A measure field (area_m2, length_m) from the column a GIS computes from the geometry, rather than from a
    guessed column that is mostly empty; in the layer's units (square feet under a CRS in feet)."""
    targets = {"area": "area_m2", "len": "length_m", "leng": "length_m", "length": "length_m"}
    for column in columns:
        match = _GIS_MEASURE.match(column)
        name = targets[match.group(1).casefold()] if match else None
        if name is None or name not in family.field_names or not samples.get(column):
            continue
        for other, target in list(suggestion.guessed.items()):
            if target == name and other != column and len(samples.get(other, ())) == 0:
                del suggestion.guessed[other]  # a guessed column with no value gives way
                suggestion.evidence.pop(other, None)
                suggestion.unplaced.append(other)
        placed_elsewhere = {c for c, n in {**suggestion.guessed, **suggestion.recognised}.items() if n == name} - {column}
        if placed_elsewhere:
            continue
        suggestion.guessed[column] = name
        if column in suggestion.unplaced:
            suggestion.unplaced.remove(column)
        suggestion.evidence[column] = (0.9, msg("deliveries.suggest.gis_measure", field=name))
        if feet:
            suggestion.draft.setdefault("units", {})[name] = {"from": "sqft" if name == "area_m2" else "ft"}


def _refuse_misfit_identifiers(suggestion: Suggestion, family: Family, samples: dict[str, Counter]) -> None:
    """An identifier only from a column whose values fit its pattern: OBJECTID (1, 2, 3 …) is no identifier."""
    spec = family.field(family.identifier) if family.identifier in family.field_names else None
    pattern = re.compile(spec.schema["pattern"]) if spec is not None and "pattern" in spec.schema else None
    if pattern is None:
        return
    for placed in (suggestion.recognised, suggestion.guessed):
        for column, name in list(placed.items()):
            values = list(samples.get(column, Counter()))
            fitting = sum(1 for value in values if pattern.search(value) or (len(value) == 16 and value.isdigit()))
            if name != spec.name or (values and fitting >= FIT_SHARE * len(values)):
                continue
            del placed[column]
            suggestion.evidence.pop(column, None)
            suggestion.refused[column] = msg(
                "deliveries.suggest.identifier_misfit", field=name, fitting=fitting, sampled=len(values)
            )
            suggestion.draft.setdefault("columns", {})[column] = None
            suggestion.draft.setdefault("templates", {})[name] = ""


def _guess_columns(suggestion: Suggestion, family: Family, unknown: list[str], samples: dict[str, Counter]) -> None:
    """A field for each column whose name is near enough one of the field's names, with how near (the evidence)."""
    candidates = _candidates(family)
    taken = set(suggestion.recognised.values())
    for column in unknown:
        key = _normal(column)
        match = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.75)
        if match:
            confidence = difflib.SequenceMatcher(None, key, match[0]).ratio()
            why = msg("deliveries.suggest.similar_name", name=match[0], field=candidates[match[0]])
        else:
            # the column's name holding a field's whole name (ROADCLASSIFICATION_DESC: roadclass), never the
            # reverse: TREE is in streetcode by chance
            match = [name for name in candidates if len(name) >= 4 and name in key][:1]
            confidence = CONTAINS_NAME
            why = msg("deliveries.suggest.contains_name", name=match[0], field=candidates[match[0]]) if match else None
        target = candidates[match[0]] if match else None
        if target is not None and not _values_fit(family.field(target), samples.get(column, Counter())):
            suggestion.refused[column] = msg("deliveries.suggest.values_misfit", field=target)
            target = None
        if target is not None and target not in taken and confidence >= CONFIDENCE_FLOOR and samples.get(column):
            suggestion.guessed[column] = target
            suggestion.evidence[column] = (confidence, why)
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
        suggestion.draft["units"] = {**suggestion.draft.get("units", {}), **units}
