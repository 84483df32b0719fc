"""How a table of indicators is shown, wherever it is shown (the command line, the QGIS panel, the
bulletin): which columns of each indicator a person reads, and how a figure is written. The figures
themselves come from storage/kpi.py (db/app/70_indicators.sql); this module only lays them out.

A column's header is the message cli.kpi.column.<key>, an indicator's title cli.kpi.title.<indicator>,
a grouping's name cli.kpi.grouping.<group_by>.
"""

from __future__ import annotations

from typing import Any

from .messages import text

# the columns a reader sees of each indicator (CSV and JSON give every column)
COLUMNS: dict[str, list[str]] = {
    "lighting": [
        "lights_should_be_on",
        "lights_on",
        "lighting_rate",
        "target",
        "meets_target",
        "patrol_findings",
        "patrol_lighting_rate",
    ],
    "intactness": ["family", "in_service", "intact", "unknown", "weighted_by", "intactness_rate", "target", "meets_target"],
    "cases": [
        "reported",
        "registered",
        "due",
        "closed",
        "closure_rate",
        "on_time_closure_rate",
        "on_time_handling_rate",
        "rework_rate",
        "overdue_open",
        "mean_handling_hours",
        "satisfaction_rate",
        "repeated",
        "meets_targets",
    ],
    "ranking": [
        "rank",
        "lighting_rate",
        "closure_rate",
        "on_time_closure_rate",
        "on_time_handling_rate",
        "targets_met",
        "targets_set",
        "list",
    ],
    "steps": ["returned", "supervised", "urged", "on_the_spot", "replied"],
    "persons": [
        "reported",
        "valid",
        "on_the_spot",
        "assignments",
        "handled",
        "on_time_handled",
        "on_time_handling_rate",
        "reworked",
    ],
}
# 未测 (unmeasured): a unit with a target it has nothing to be measured by is on neither list
LISTS = ("red", "black", "unmeasured")
# the figure of each indicator a map or a bar chart shows by default (a rate, higher is better)
HEADLINE = {"lighting": "lighting_rate", "intactness": "intactness_rate", "cases": "on_time_closure_rate"}


def header(key: str, lang: str) -> str:
    return text(f"cli.kpi.column.{key}", lang)


def title(indicator: str, lang: str) -> str:
    return text(f"cli.kpi.title.{indicator}", lang)


def verdict(meets: bool | None, lang: str) -> str:
    if meets is None:
        return ""
    return text("cli.kpi.verdict.met" if meets else "cli.kpi.verdict.missed", lang)


def row_cell(key: str, row: dict[str, Any], lang: str, names: dict[str, str] | None = None) -> str:
    """A figure of a row: as cell(), but a verdict left open where the row has a target says 未测 (not
    measured: nothing to divide by), not a blank a reader takes for a missing figure."""
    value = row.get(key)
    if value is None and key.startswith("meets") and has_target(row):
        return text("cli.kpi.verdict.unmeasured", lang)
    return cell(key, value, lang, names)


def has_target(row: dict[str, Any]) -> bool:
    return any(value is not None for key, value in row.items() if key == "target" or key.endswith("_target"))


def is_rate(key: str) -> bool:
    return key.endswith("rate") or key.endswith("target")


# the columns whose values are names of the standard (a family, the field an intactness is weighted by)
NAMED = ("family", "weighted_by")


def standard_names(standard: Any, lang: str) -> dict[str, str]:
    """The standard's titles of its families and fields by name, and the word for a count: what a reader
    sees in place of ``streetlight`` or ``area_m2``."""
    names = {spec.name: spec.title(lang) for family in standard.families.values() for spec in family.fields}
    names.update({name: family.title(lang) for name, family in standard.families.items()})
    names["count"] = text("kpi_desk.weight.count", lang)
    return names


def cell(key: str, value: Any, lang: str, names: dict[str, str] | None = None) -> str:
    """One figure as a person reads it: rates in percent, verdicts and lists in words; with ``names``
    (standard_names), the standard's names by their titles."""
    if value is None:
        return "-"
    if names and key in NAMED:
        return names.get(value, value)
    if isinstance(value, bool):
        if key.startswith("meets"):
            return verdict(value, lang)
        return text("cli.common.yes" if value else "cli.common.no", lang)
    if key == "list":
        return text(f"cli.kpi.list.{value}", lang) if value in LISTS else value
    if is_rate(key):
        return f"{float(value) * 100:.2f}%"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def group_label(row: dict[str, Any], lang: str) -> str:
    """The group a row is of, by its name and code (the total is named by its label)."""
    label = row.get(f"label_{lang}") or row.get("group_code") or ""
    code = row.get("group_code")
    return f"{label} {code}".strip() if code and code != label else label


def missed(row: dict[str, Any]) -> bool:
    """Whether the row misses a target it is judged against (a row not judged misses none)."""
    return row.get("meets_target") is False or row.get("meets_targets") is False
