"""The COPY rows of a delivery's valid features, written by a thread while the server reads them."""

from __future__ import annotations

import contextlib
import csv
import os
import queue
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from ...core.copyrow import copy_row
from ...core.fastpath import np
from ...core.fastrows import fast_copy_rows
from ...core.mapping import FieldMapper, MappingProfile
from ...core.reader import Delivery, GeometrySource, gdal_exceptions
from ...core.report import Report
from ...core.standard import Family, Profile, Standard
from ...core.validate import mapped_features
from ...core.validator import MappedFeature


def write_rows(
    path: str | Path,
    layer: str | None,
    standard: Standard,
    profile: Profile,
    family: Family,
    report: Report,
    out: IO[str],
    mapping: MappingProfile | None,
    *,
    spool: Spool | None = None,
) -> tuple[int, int]:
    """Write the valid features as CSV rows for COPY; return (count, source SRID)."""
    # the same rows from the scanner's columns, when it can vouch for every byte (else None)
    written = fast_copy_rows(path, standard, profile, family.name, report, mapping, out)
    if written is not None:
        return written  # (asset families only: records are never on the fast path)
    invalid = report.invalid_features
    mapping = mapping or MappingProfile()
    with Delivery(path, report.layer, GeometrySource.from_mapping(mapping.geometry)) as delivery, gdal_exceptions():
        source_srid = delivery.epsg
        if spool is not None and spool.holds_all(report):
            return spool.write_valid(invalid, out), source_srid
        writer = csv.writer(out)
        count = 0
        mapper = FieldMapper(family, standard, delivery.field_names, mapping, delivery.geometry_columns, city=profile)
        for feature in mapped_features(delivery, mapper):
            if feature.number in invalid:
                continue
            writer.writerow(copy_row(family, feature))
            count += 1
    return count, source_srid


_CHUNK = 8 * 1024 * 1024  # bytes of kept rows copied at a time


class Spool:
    """Every feature's COPY row, kept in a temporary file as the validation maps it (validate_delivery's
    keep), so that the import reads the delivery once: the rows of the valid ones are then copied from here,
    instead of reading and mapping the file a second time (a quarter of a historical-case import's time)."""

    def __init__(self, standard: Standard, family_name: str | None):
        self._standard = standard
        self._family_name = family_name
        self._family: Family | None = None
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        self._writer = csv.writer(self._file)
        self.count = 0
        # the rows the column-wise validation of historical cases hands over (add_rows): their bytes one after
        # the other, without their numbers, which are kept beside with each row's length
        self._lines = tempfile.TemporaryFile("w+b")
        self._numbers: list[Any] = []
        self._lengths: list[Any] = []
        self._behind: _WriteBehind | None = None

    def add_rows(self, numbers: Any, lines: list[bytes]) -> None:
        """The COPY rows (each ended by a newline) of the features ``numbers``, in their order."""
        if self._family is None:
            self._family = self._standard.delivery_class(self._family_name)
        if self._behind is None:
            self._behind = _WriteBehind(self._lines)
        self._behind.write(b"".join(lines))
        self._numbers.append(numbers)
        self._lengths.append(np.fromiter(map(len, lines), np.int64, len(lines)))
        self.count += len(lines)

    def reset(self) -> None:
        """Forget the rows handed over (the column-wise validation gave way to the reference path)."""
        self._written()
        self._lines.seek(0)
        self._lines.truncate()
        self._numbers, self._lengths, self.count = [], [], 0

    def __call__(self, feature: MappedFeature) -> None:
        if self._family is None:
            self._family = self._standard.delivery_class(self._family_name) if self._family_name else None
        if self._family is None:
            return  # the class comes from the file: rows are written the usual way
        self._writer.writerow([feature.number, *copy_row(self._family, feature)])
        self.count += 1

    def holds_all(self, report: Report) -> bool:
        """Whether every feature of the validated layer is here, mapped as the report's class maps it (the
        reference path ran, not the fast one, and the class was the one asked for)."""
        return (
            self._family is not None
            and self._family.name == report.family
            and self.count == report.feature_count
            and self.count > 0
        )

    def write_valid(self, invalid: set[int] | dict[int, Any], out: IO[str]) -> int:
        if self._numbers:
            return self._write_valid_lines(invalid, out)
        self._file.flush()
        self._file.seek(0)
        writer = csv.writer(out)
        count = 0
        for row in csv.reader(self._file):
            if int(row[0]) in invalid:
                continue
            # csv reads an empty field back as "", which COPY (CSV) takes as NULL, as the first writing did
            writer.writerow(row[1:])
            count += 1
        return count

    def _write_valid_lines(self, invalid: set[int] | dict[int, Any], out: IO[str]) -> int:
        """The rows of add_rows but the invalid features', copied as bytes in runs between those."""
        self._written()
        numbers, lengths = np.concatenate(self._numbers), np.concatenate(self._lengths)
        ends = np.cumsum(lengths)
        starts = ends - lengths
        kept = ~np.isin(numbers, np.fromiter(invalid, np.int64, len(invalid)))
        # the runs of kept rows: where kept begins and ends
        edges = np.flatnonzero(np.diff(np.concatenate(([0], kept.view(np.int8), [0]))))
        out.flush()
        self._lines.flush()
        for first, last in zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True):
            self._lines.seek(int(starts[first]))
            remaining = int(ends[last - 1] - starts[first])
            while remaining:
                chunk = self._lines.read(min(remaining, _CHUNK))
                out.buffer.write(chunk)
                remaining -= len(chunk)
        out.buffer.flush()
        return int(kept.sum())

    def _written(self) -> None:
        """Every row handed over in the file (its writer's error, if it failed)."""
        if self._behind is not None:
            behind, self._behind = self._behind, None
            behind.finish()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._written()
        self._file.close()
        self._lines.close()


class _WriteBehind:
    """Writes to a file by a thread, a few blobs behind: the page cache's copy (about a third of a second per
    250 MB here) leaves the validation's thread. At most two blobs wait, so memory stays that of two batches."""

    def __init__(self, file: IO[bytes]):
        self._file = file
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="spool-rows", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (blob := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._file.write(blob)
                except BaseException as exc:  # handed to finish()
                    self._error = exc

    def write(self, blob: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(blob)

    def finish(self) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error


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
