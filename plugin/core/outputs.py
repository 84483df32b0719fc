"""Writing a submission's reports: JSON or HTML by the file's suffix, one per layer, and the error layer;
and the check every command makes before it writes a file a person named."""

from __future__ import annotations

import os
from pathlib import Path

from .error_layer import write_error_layer
from .errors import InputError
from .mapping import MappingProfile
from .report import Report
from .report_html import write_html


def writable_target(out: Path, overwrite: bool) -> Path:
    """The file to write, checked before any work: its folder exists and is writable, and an existing
    file is replaced only when the user said so (a contractor's fixed file must not be lost to a re-run)."""
    if out.is_dir():
        raise InputError("outputs.is_folder", path=out)
    if not out.parent.is_dir():
        raise InputError("outputs.folder_missing", path=out, folder=out.parent)
    if not os.access(out.parent, os.W_OK):
        raise InputError("outputs.folder_not_writable", path=out, folder=out.parent)
    if out.exists() and not overwrite:
        raise InputError("outputs.exists", path=out)
    return out


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
