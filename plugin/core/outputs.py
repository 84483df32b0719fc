"""Writing a submission's reports: JSON or HTML by the file's suffix, one per layer, and the error layer."""

from __future__ import annotations

from pathlib import Path

from .error_layer import write_error_layer
from .mapping import MappingProfile
from .report import Report
from .report_html import write_html


def report_path_for(path: str | Path, report: Report, several: bool) -> Path:
    """With several layers, the layer name goes into the file name: out.json -> out.<layer>.json."""
    target = Path(path)
    return target.with_name(f"{target.stem}.{report.layer}{target.suffix}") if several else target


def write_reports(reports: list[Report], path: str | Path) -> list[Path]:
    written = []
    for report in reports:
        target = report_path_for(path, report, len(reports) > 1)
        if target.suffix.casefold() in (".html", ".htm"):
            write_html(report, target)
        else:
            report.write_json(target)
        written.append(target)
    return written


def write_error_layers(reports: list[Report], path: str | Path, mapping: MappingProfile | None) -> int:
    """All failing features of all layers into one GeoPackage, a layer per delivery layer."""
    return sum(write_error_layer(report, path, mapping) for report in reports)
