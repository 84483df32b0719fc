"""The COPY rows of a delivery's valid features, written by a thread while the server reads them."""

from __future__ import annotations

import contextlib
import csv
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from ...core.fastrows import fast_copy_rows
from ...core.mapping import FieldMapper, MappingProfile
from ...core.reader import Delivery, GeometrySource, gdal_exceptions
from ...core.report import Report
from ...core.standard import Family, Profile, Standard
from ...core.validate import mapped_features


def write_rows(
    path: str | Path,
    layer: str | None,
    standard: Standard,
    profile: Profile,
    family: Family,
    report: Report,
    out: IO[str],
    mapping: MappingProfile | None,
) -> tuple[int, int]:
    """Write the valid features as CSV rows for COPY; return (count, source SRID)."""
    # the same rows from the scanner's columns, when it can vouch for every byte (else None)
    written = fast_copy_rows(path, standard, profile, family.name, report, mapping, out)
    if written is not None:
        return written  # (asset families only: records are never on the fast path)
    invalid = report.invalid_features
    writer = csv.writer(out)
    count = 0
    mapping = mapping or MappingProfile()
    with Delivery(path, report.layer, GeometrySource.from_mapping(mapping.geometry)) as delivery, gdal_exceptions():
        source_srid = delivery.epsg
        mapper = FieldMapper(family, standard, delivery.field_names, mapping, delivery.geometry_columns, city=profile)
        for feature in mapped_features(delivery, mapper):
            if feature.number in invalid:
                continue
            values = [_copy_value(feature.properties.get(name)) for name in family.field_names]
            # a record may stand without geometry (it names its component): an empty field is NULL to COPY
            geometry = feature.geometry.ExportToIsoWkb().hex() if feature.geometry is not None else None
            writer.writerow([*values, geometry])
            count += 1
    return count, source_srid


def _copy_value(value: Any) -> Any:
    """A value as COPY reads it in CSV: a list (an inspection's photos) as an array literal, the rest as it is."""
    if not isinstance(value, list):
        return value
    quoted = ('"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"' for item in value)
    return "{" + ",".join(quoted) + "}"


class RowStream:
    """The COPY rows written by a thread into a pipe that COPY reads: Python writes while the server parses.

    The thread starts when COPY first asks for the rows (a first load writes its own, firstload.py)."""

    def __init__(self, write: Callable[[IO[str]], tuple[int, int]]):
        read_end, write_end = os.pipe()
        self._rows = os.fdopen(read_end, "r", encoding="utf-8", newline="")
        self._out = os.fdopen(write_end, "w", encoding="utf-8", newline="")
        self._written: tuple[int, int] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(write,), name="copy-rows", daemon=True)

    @property
    def rows(self) -> IO[str]:
        if self._thread.ident is None:
            self._thread.start()
        return self._rows

    def _run(self, write: Callable[[IO[str]], tuple[int, int]]) -> None:
        try:
            self._written = write(self._out)
        except BrokenPipeError:
            pass  # COPY stopped reading: its own error is the one to report
        except BaseException as exc:  # handed to the thread that waits for the rows
            self._error = exc
        finally:
            with contextlib.suppress(BrokenPipeError):
                self._out.close()

    def written(self) -> tuple[int, int]:
        """(rows written, source SRID) once the writer is done; its exception, if it failed."""
        if self._thread.ident is None:
            raise RuntimeError("the row writer was never started")
        self._thread.join()
        if self._error is not None:
            raise self._error
        if self._written is None:
            raise RuntimeError("the row writer stopped without a result")
        return self._written

    def close(self) -> None:
        self._rows.close()  # a writer still blocked on a full pipe gets BrokenPipeError and ends
        if self._thread.ident is None:
            self._out.close()
        else:
            self._thread.join()
