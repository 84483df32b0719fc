"""Charts of the indicators, drawn with matplotlib (Debian's python3-matplotlib): the trend of a figure
over the kept months (snapshots) and the figure by group against its target. The same Figure is shown
in the panel (FigureCanvasQTAgg) and saved as an image for the bulletin."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from matplotlib import font_manager, rcParams
from matplotlib.figure import Figure

from ..core import kpi_layout
from ..core.messages import text

CHINESE_FONTS = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Droid Sans Fallback"]
MET, MISSED, NEUTRAL = "#1a9641", "#d7191c", "#4575b4"
_fonts_set = {"done": False}


def use_chinese_fonts() -> None:
    """Chinese labels draw as characters, not boxes: the first installed CJK font leads the sans-serif list."""
    if _fonts_set["done"]:
        return
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    chosen = [name for name in CHINESE_FONTS if name in installed]
    rcParams["font.sans-serif"] = [*chosen, *rcParams["font.sans-serif"]]
    rcParams["font.family"] = "sans-serif"
    rcParams["axes.unicode_minus"] = False
    _fonts_set["done"] = True


def _figure(width: float, height: float) -> Figure:
    use_chinese_fonts()
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _percent_axis(axes: Any) -> None:
    axes.yaxis.set_major_formatter(lambda value, _: f"{value * 100:.1f}%")


def trend_figure(trend: list[dict[str, Any]], indicator: str, lang: str, width: float = 6, height: float = 3) -> Figure:
    """The headline figure of an indicator (the whole city) month by month, with its target."""
    key = kpi_layout.HEADLINE.get(indicator, "lighting_rate")
    figure = _figure(width, height)
    axes = figure.add_subplot()
    title = text("kpi_desk.chart.trend_title", lang, figure=kpi_layout.header(key, lang))
    axes.set_title(title, fontsize=10)
    points = [(row["period"], row.get(key)) for row in trend if row.get(key) is not None]
    if not points:
        axes.text(0.5, 0.5, text("kpi_desk.chart.no_snapshots", lang), ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return figure
    periods = [period for period, _ in points]
    axes.plot(periods, [float(value) for _, value in points], marker="o", color=NEUTRAL, label=kpi_layout.header(key, lang))
    targets = [(row["period"], row.get("target")) for row in trend if row.get("target") is not None]
    if targets:
        axes.plot([p for p, _ in targets], [float(t) for _, t in targets], ls="--", marker="_", markersize=14, color=MISSED,
                  label=kpi_layout.header("target", lang))  # fmt: skip
    _percent_axis(axes)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8, loc="lower left")
    axes.tick_params(labelsize=8)
    return figure


def bars_figure(rows: list[dict[str, Any]], key: str, lang: str, width: float = 6, height: float = 3) -> Figure:
    """One figure by group (the total left out), red where the group misses its target, with the target."""
    figure = _figure(width, height)
    axes = figure.add_subplot()
    axes.set_title(kpi_layout.header(key, lang), fontsize=10)
    groups = [row for row in rows if not row.get("is_total") and row.get(key) is not None]
    if not groups:
        axes.text(0.5, 0.5, text("cli.kpi.nothing_to_show", lang), ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return figure
    labels = [row.get(f"label_{lang}") or row.get("group_code") or "" for row in groups]
    colours = [MISSED if kpi_layout.missed(row) else MET if _judged(row) else NEUTRAL for row in groups]
    positions = range(len(groups))
    axes.bar(positions, [float(row[key]) for row in groups], color=colours)
    for position, row in zip(positions, groups, strict=False):
        if row.get("target") is not None:
            axes.hlines(float(row["target"]), position - 0.4, position + 0.4, colors="black", linestyles="--")
        if kpi_layout.missed(row):  # the word as well as the colour
            axes.annotate(kpi_layout.verdict(False, lang), (position, float(row[key])), ha="center", va="bottom",
                          fontsize=7, color=MISSED)  # fmt: skip
    axes.set_xticks(list(positions), labels, rotation=30 if len(groups) > 4 else 0, ha="right" if len(groups) > 4 else "center")
    if kpi_layout.is_rate(key):
        _percent_axis(axes)
        _zoom_rates(axes, [float(row[key]) for row in groups] + [float(row["target"]) for row in groups if row.get("target")])
    axes.tick_params(labelsize=8)
    axes.grid(axis="y", alpha=0.3)
    return figure


def _zoom_rates(axes: Any, values: list[float]) -> None:
    """Rates close to 100% start their axis near the lowest (a gap of a point must be seen), never below 0."""
    lowest = min(values)
    if lowest > 0.5:
        axes.set_ylim(max(0.0, math.floor((lowest - 0.02) * 100) / 100), 1.0 + 0.005)


def _judged(row: dict[str, Any]) -> bool:
    return row.get("meets_target") is not None or row.get("meets_targets") is not None


def save(figure: Figure, path: Path, dpi: int = 200) -> Path:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)  # a Figure made without pyplot draws on the canvas it is given
    figure.savefig(str(path), dpi=dpi)
    return path
