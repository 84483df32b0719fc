"""The column-wise validation of historical cases (standard 1.1 work_order records in a CSV, as a platform exports
them): the reference path's findings, found faster, and their COPY rows written column by column.

The reference path maps every record into a dict, screens it value by value against the schema and runs the
cross-field step rules on datetime objects: 200,000 cases of bench/history_cases.py in 11.6 s (about 17,000 a
second). Profiled (cProfile, 60.8 s with its overhead): reading the CSV through the Arrow stream and decoding its
texts 6 %, mapping each record 16 %, the schema screen 20 % (a fifth of it the date-time format check), the
cross-field rules 31 % (future dates 12 %, the steps' order 8 %, close after registration 6 %: mostly parsing the
same times again with fromisoformat in each rule), the spool's COPY rows 19 % (csv.writer and a list per record),
the loop over records and their dicts the rest.
Here, per batch of OGR's Arrow stream (the same reading as the reference's text batches, without decoding):

1. each step time column is parsed with numpy when it has the one layout platforms export
   (``YYYY-MM-DDThh:mm:ss±hh:mm``): its instant in seconds, or a flag on the record;
2. every other column is judged per distinct value by the reference's own mapper, schema screen and identifier
   check (a plain text of many distinct values, a case number or an address, by its lengths and edges, the
   very tests the screen makes); a value the mapping would change or report flags its record;
3. required fields, the geometry's stand-in (the address) and the cross-field step rules are vectorized
   comparisons of the instants; the rules that look at the rarer steps (return, supervision, on-the-spot
   handling) flag every record that has one;
4. the flagged records, and only they, go through the reference ``Validator`` in the order of the file (the
   duplicate case numbers are counted in that order too), so every finding is the reference's own;
5. each record's COPY row is the raw text of its clean cells (or the mapped value of a judged one) joined by
   commas, the flagged ones' rows written from their mapped features by the importer's own copy_row.

``fast_validate`` returns None, and the caller takes the reference path, whenever the delivery holds something
this path does not model: another class or format, a mapping that converts values, positions, a cross-field
rule not listed in MODELLED_RULES, marked texts, a keep that takes no rows.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

from .copyrow import copy_row, copy_value
from .crossfield import CASE_SIDE_STEPS, CASE_STATUS_STEP, CASE_STEPS
from .csvcells import GUARD, unguard_text
from .errors import InputError
from .fastpath import F_EDGE_SPACE, PLACEHOLDER_LENGTH, Decline, np, without_conversions
from .fastshape import describe_texts, distinct_texts
from .mapping import MappingProfile
from .reader import ARROW_BATCH, Delivery, GeometrySource, gdal_exceptions
from .references import check_references
from .report import Report
from .standard import Family, Field, Profile, Standard
from .validator import FeatureBatch, MappedFeature, Progress, Validator, start_report

ENGINE = "fast"
# the cross-field rules whose certain silence the vector screen below decides (CrossFieldChecks' methods)
MODELLED_RULES = frozenset({
    "_future_dates", "_case_steps_in_order", "_case_closed_after_registered", "_case_status_with_its_step",
    "_case_return_in_order", "_case_supervised_while_open", "_case_on_the_spot_alone", "_case_replied_after_close",
    "_case_step_lists",  # silent without lists; a record with one goes through the reference (_step_findings)
})  # fmt: skip
# steps whose rules the screen does not model: a record with any of them goes through the reference checks
RARE_STEPS = ("returned_at", "redispatched_at", "supervised_at", "urged_at", "on_the_spot_at")
# beyond this many distinct values in a batch, a plain text column is judged by its lengths and edges
EXACT_LIMIT = 4096
# the layout of a date-time as platforms export it: digits here, these separators there
_LAYOUT = "0000-00-00T00:00:00+00:00"
_DIGITS = np.array([i for i, c in enumerate(_LAYOUT) if c == "0"]) if np is not None else None
_SEPARATORS = {i: ord(c) for i, c in enumerate(_LAYOUT) if c not in "0+"}
_SIGN = _LAYOUT.index("+")
_CSV_SPECIAL = np.array([ord(","), ord('"'), ord("\r"), ord("\n")], np.uint8) if np is not None else None
_GUARD = GUARD.encode()


def fast_validate(
    path: str | Path,
    standard: Standard,
    profile: Profile,
    family_name: str | None = None,
    layer: str | None = None,
    mapping: MappingProfile | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    keep: Any = None,
) -> Report | None:
    """The report ``validate_delivery`` would give for a CSV of historical cases, or None for the reference path.

    ``keep``, when given, must take the COPY rows (``add_rows(numbers, lines)``, as rows.Spool does)."""
    mapping = mapping or MappingProfile()
    chosen = family_name or mapping.family
    if np is None or chosen is None or Path(path).suffix.casefold() != ".csv" or not without_conversions(mapping):
        return None
    if keep is not None and not hasattr(keep, "add_rows"):
        return None
    family = standard.delivery_class(chosen)
    if not family.is_record or family.geometry_required_unless is None:
        return None
    try:
        with Delivery(path, layer, GeometrySource.from_mapping(mapping.geometry)) as delivery, gdal_exceptions():
            cases = CaseColumns(str(path), delivery, standard, profile, family, mapping, today, keep)
            return cases.report(progress)
    except (Decline, InputError, RuntimeError):
        if keep is not None:
            keep.reset()
        return None


@dataclass
class _Column:
    """One mapped column of a batch: whether each record is clean in it, whether it has the field, its COPY cell."""

    clean: Any
    present: Any
    cells: list[bytes]
    seconds: Any = None  # a date-time column's instants (where present and clean)
    values: list[Any] | None = None  # a judged column's mapped value per record (None where absent)


@dataclass
class _Verdict:
    clean: bool
    present: bool
    cell: bytes = b""
    value: Any = None


@dataclass
class _Verdicts:
    """The verdicts of a column's distinct values, as arrays."""

    clean: Any
    present: Any
    cells: Any
    values: Any

    @classmethod
    def of(cls, verdicts: list[_Verdict]) -> _Verdicts:
        return cls(
            np.array([v.clean for v in verdicts], bool),
            np.array([v.present for v in verdicts], bool),
            _objects([v.cell for v in verdicts]),
            _objects([v.value for v in verdicts]),
        )


def _objects(items: list[Any]) -> Any:
    """A one-dimensional object array of the items (numpy would make a list of lists two-dimensional)."""
    array = np.empty(len(items), object)
    array[:] = items
    return array


@dataclass
class CaseColumns:
    source: str
    delivery: Delivery
    standard: Standard
    profile: Profile
    family: Family
    mapping: MappingProfile
    today: dt.date | None
    keep: Any
    judged: dict[str, dict[bytes, _Verdict]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        delivery = self.delivery
        if delivery.driver_name != "CSV" or delivery.has_positions or delivery.text_batches(1) is None:
            raise Decline  # positions to build, cells read with marks, typed columns: the reference reads them
        self.validator = Validator(self.standard, self.profile, self.family, self.today)
        self.report_, self.mapper = start_report(
            self.source, delivery, self.standard, self.profile, self.family, self.mapping, self.validator
        )
        validator = self.validator
        rules = {check.__name__ for check in validator.crossfield.checks}
        if not rules <= MODELLED_RULES or not validator.schema_screen.per_property or validator.crossfield.date_fields:
            raise Decline
        if validator.notes_other_records:
            raise Decline
        names = [spec.name for spec in self.mapper.columns.values()]
        if len(set(names)) != len(names):
            raise Decline
        ogr_names = dict(zip(delivery.field_names, delivery.ogr_field_names, strict=True))
        self.columns = {column: (ogr_names[column], spec) for column, spec in self.mapper.columns.items()}
        crossfield = validator.crossfield
        tomorrow = dt.datetime.combine(crossfield.today + dt.timedelta(days=1), dt.time(0), tzinfo=crossfield.zone)
        self.future = int(tomorrow.timestamp())
        self.required = validator.required_fields

    def report(self, progress: Progress | None) -> Report:
        report, validator = self.report_, self.validator
        report.engine = ENGINE
        total = self.delivery.feature_count() if progress is not None else 0
        wanted = [ogr_name for ogr_name, _ in self.columns.values()]
        done = 0
        for count, batch, _ in _read_ahead(lambda: self.delivery.column_batches(wanted, ARROW_BATCH)):
            numbers = np.arange(done + 1, done + count + 1)
            self._check(numbers, batch, report)
            done += count
            report.feature_count = done
            if progress is not None:
                progress(done, total)
        if done == 0:
            raise Decline  # the reference says file.empty
        validator.finish(report)
        report.identifiers = validator.identifiers
        check_references([report], self.standard)  # (sorts)
        return report

    # -- one batch ---------------------------------------------------------------------------------

    def _check(self, numbers: Any, batch: dict[str, Any], report: Report) -> None:
        count = len(numbers)
        columns = {spec.name: self._column(column, spec, batch[ogr_name]) for column, (ogr_name, spec) in self.columns.items()}
        clean = np.ones(count, bool)
        for column in columns.values():
            clean &= column.clean
        for name in self.required:
            clean &= columns[name].present if name in columns else False
        unless = self.family.geometry_required_unless
        clean &= columns[unless].present if unless in columns else False  # else its geometry is missing
        clean &= ~self._step_findings(columns, count)
        lines = self._lines(columns, count) if self.keep is not None else None  # (a validation alone writes none)
        self._reference(numbers, batch, columns, clean, lines, report)
        if self.keep is not None:
            self.keep.add_rows(numbers, lines)

    def _column(self, column: str, spec: Field, array: Any) -> _Column:
        data, null = np.ma.getdata(array), np.ma.getmaskarray(array)
        if data.dtype.kind != "S":
            raise Decline
        given = ~null & (data != b"")
        if spec.format == "date-time" and self.validator.schema_screen.is_plain_date_time(spec.name):
            return _time_column(data, given)
        return self._judged_column(column, spec, data, given)

    def _judged_column(self, column: str, spec: Field, data: Any, given: Any) -> _Column:
        """Each distinct value judged once by the reference (or a plain text by its lengths, when very many)."""
        count = len(data)
        distinct, inverse = distinct_texts(data[given])
        plain = self._plain_text(spec)
        if plain is not None and len(distinct) > EXACT_LIMIT:
            judged = self._plain_verdicts(column, spec, distinct, plain)
        else:
            judged = _Verdicts.of([self._verdict(column, spec, text) for text in distinct.tolist()])
        clean, present = np.ones(count, bool), np.zeros(count, bool)
        cells, values = np.full(count, b"", object), np.full(count, None, object)
        where = np.flatnonzero(given)
        if len(distinct):
            clean[where], present[where] = judged.clean[inverse], judged.present[inverse]
            cells[where], values[where] = judged.cells[inverse], judged.values[inverse]
        return _Column(clean, present, cells.tolist(), values=values.tolist())

    def _plain_text(self, spec: Field) -> Any:
        """The screen's plain-text test of a field the mapping keeps as delivered (no code list, no pattern, no
        placeholder of the city's), else None."""
        plain = self.validator.schema_screen.plain_text(spec.name)
        if plain is None or plain.pattern is not None or spec.codelist or spec.name in self.mapper.city_placeholders:
            return None
        return plain

    def _plain_verdicts(self, column: str, spec: Field, distinct: Any, plain: Any) -> _Verdicts:
        """Texts kept as delivered: clean when the mapping would not strip them and their length fits."""
        _, code_points, flags = describe_texts(distinct)
        fits = (code_points >= plain.shortest) & ((flags & F_EDGE_SPACE) == 0)  # the mapping would strip it
        if plain.longest is not None:
            fits &= code_points <= plain.longest
        fits &= ~_starts_with_guard(distinct)
        judged = _Verdicts(fits, np.ones(len(distinct), bool), _objects(_raw_cells(distinct)), np.full(len(distinct), None))
        # a text no longer than a placeholder word might be one: judged by the mapper itself
        for i in np.flatnonzero(code_points <= PLACEHOLDER_LENGTH).tolist():
            verdict = self._verdict(column, spec, distinct[i])
            judged.clean[i], judged.present[i], judged.cells[i], judged.values[i] = astuple(verdict)
        return judged

    def _verdict(self, column: str, spec: Field, raw: bytes) -> _Verdict:
        judged = self.judged.setdefault(column, {})
        verdict = judged.get(raw)
        if verdict is None:
            verdict = judged[raw] = self._judge(column, spec, raw)
        return verdict

    def _judge(self, column: str, spec: Field, raw: bytes) -> _Verdict:
        """One delivered value through the reference mapper, schema screen and identifier check."""
        text = _text(raw)
        mapped = self.mapper.map({column: text})
        if mapped.placeholders or mapped.malformed or mapped.legacy_id is not None:
            return _Verdict(False, True)
        properties = mapped.properties
        if not properties:
            return _Verdict(True, False)  # blank: the field is absent
        if set(properties) != {spec.name} or not self.validator.schema_screen.value_clean(spec.name, properties[spec.name]):
            return _Verdict(False, True)
        value = properties[spec.name]
        if spec.name == "component_id":
            found: list[str] = []
            self.validator.check_identifier(value, lambda rule, *args, **details: found.append(rule))
            if found:
                return _Verdict(False, True)
        return _Verdict(True, True, _csv_cell(copy_value(value)), value)

    # -- the cross-field step rules, vectorized ----------------------------------------------------

    def _step_findings(self, columns: dict[str, _Column], count: int) -> Any:
        """Records the step rules might find something in (a superset of those they do)."""
        none = np.zeros(count, bool)

        def at(name: str) -> tuple[Any, Any]:
            column = columns.get(name)
            if column is None or column.seconds is None:
                return none, np.zeros(count, np.int64)
            return column.present, column.seconds

        flagged = np.zeros(count, bool)
        for column in columns.values():
            if column.seconds is not None:
                flagged |= column.present & (column.seconds >= self.future)  # crossfield.future_date
        previous, seen = np.zeros(count, np.int64), np.zeros(count, bool)
        for name in CASE_STEPS:  # each step at or after the one before it
            present, seconds = at(name)
            if name != "closed_at":
                flagged |= present & seen & (seconds < previous)
            previous, seen = np.where(present, seconds, previous), seen | present
        reported, reported_at = at("reported_at")
        for name in CASE_SIDE_STEPS:
            present, seconds = at(name)
            flagged |= present & reported & (seconds < reported_at)
        deferred, deferred_at = at("deferred_at")
        resumed, resumed_at = at("resumed_at")
        flagged |= resumed & (~deferred | (resumed_at < deferred_at))
        closed, closed_at = at("closed_at")  # a close before the registration, or before an earlier step
        registered, registered_at = at("registered_at")
        flagged |= closed & (~registered | (closed_at < registered_at))
        for name in CASE_STEPS[: CASE_STEPS.index("closed_at")]:
            present, seconds = at(name)
            flagged |= closed & present & (seconds > closed_at)
        flagged |= self._status_without_step(columns, at, count)
        for name in RARE_STEPS:
            flagged |= at(name)[0]
        for name in self.validator.crossfield.earlier_steps:  # a step taken several times: its lists' rules
            listed = columns.get(name)
            if listed is not None:
                flagged |= listed.present
        replied, replied_at = at("replied_at")  # a reply after the close (whatever the source: a superset)
        flagged |= replied & closed & (replied_at > closed_at)
        return flagged

    def _status_without_step(self, columns: dict[str, _Column], at: Callable, count: int) -> Any:
        status = columns.get("status")
        flagged = np.zeros(count, bool)
        if status is None or status.values is None:
            return flagged
        codes = np.array([value if isinstance(value, str) else "" for value in status.values], object)
        for code, step in CASE_STATUS_STEP.items():
            flagged |= (codes == code) & ~at(step)[0]  # (closed on the spot: flagged as a rare step anyway)
        return flagged

    # -- rows --------------------------------------------------------------------------------------

    def _lines(self, columns: dict[str, _Column], count: int) -> list[bytes]:
        """Each record's COPY row from its cells (a flagged record's replaced by the reference's, see _reference)."""
        cells: list[list[bytes]] = []
        absent = 0  # fields the file does not have since the last it has: one cell of their commas
        for name in self.family.field_names:
            if name not in columns:
                absent += 1
                continue
            if absent:
                cells.append([b"," * (absent - 1)] * count)
                absent = 0
            cells.append(columns[name].cells)
        cells.append([b"," * absent + b"\n"] * count)  # those, the geometry (none: NULL), the end of the row
        return [b",".join(row) for row in zip(*cells, strict=True)]

    def _reference(
        self,
        numbers: Any,
        batch: dict[str, Any],
        columns: dict[str, _Column],
        clean: Any,
        lines: list[bytes] | None,
        report: Report,
    ) -> None:
        """The flagged records through the reference checks, and every case number counted, in the file's order."""
        identifier = self.family.identifier
        ids = _texts_of(columns[identifier]) if identifier in columns else None
        seen = self.validator.identifiers
        numbers_list = numbers.tolist()
        if ids is not None and clean.all():  # the usual batch: every number new, counted at once
            new = dict(zip(ids, numbers_list, strict=True))
            if len(new) == len(ids) and seen.keys().isdisjoint(new):
                seen.update(new)
                return
        kept: list[MappedFeature] = []
        self.validator.keep = kept.append
        for j, is_clean in enumerate(clean.tolist()):
            number = numbers_list[j]
            if is_clean and (ids is None or seen.setdefault(ids[j], number) == number):
                continue
            self.validator.check_batch(self._one(batch, j, number), report)
            feature = kept.pop()
            if lines is not None:
                lines[j] = _csv_line(copy_row(self.family, feature))

    def _one(self, batch: dict[str, Any], j: int, number: int) -> FeatureBatch:
        """Record j as the reference reader gives it (its mapped columns: the others the mapping ignores)."""
        values = {}
        for column, (ogr_name, _) in self.columns.items():
            array = batch[ogr_name]
            if np.ma.getmaskarray(array)[j]:
                values[column] = [None]
            else:
                text = np.ma.getdata(array)[j].decode("utf-8", "surrogateescape")
                values[column] = [unguard_text(text)]
        return FeatureBatch([number], values, [None])


def _read_ahead(batches: Callable[[], Iterator[Any]]) -> Iterator[Any]:
    """The batches, read by a thread one batch ahead: OGR parses the CSV (without the GIL) while numpy checks the
    batch before. One batch waits at most, so memory stays that of two batches."""
    ready: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()
    done = object()

    def read() -> None:
        try:
            for batch in batches():
                while not stop.is_set():
                    with contextlib.suppress(queue.Full):
                        ready.put((batch, None), timeout=0.1)
                        break
                if stop.is_set():
                    return
            ready.put((done, None))
        except BaseException as exc:  # handed to the reading thread
            ready.put((done, exc))

    reader = threading.Thread(target=read, name="case-batches", daemon=True)
    reader.start()
    try:
        while True:
            batch, error = ready.get()
            if error is not None:
                raise error
            if batch is done:
                return
            yield batch
    finally:
        stop.set()
        with contextlib.suppress(queue.Empty):
            ready.get_nowait()  # a reader blocked on a full queue sees stop
        reader.join()


def _starts_with_guard(data: Any) -> Any:
    if data.dtype.itemsize == 0:
        return np.zeros(len(data), bool)
    return data.view(np.uint8).reshape(len(data), data.dtype.itemsize)[:, 0] == _GUARD[0]


def _text(raw: bytes) -> str:
    """A cell as the reference reader gives it: decoded, a CSV's formula guard removed."""
    return unguard_text(raw.decode("utf-8", "surrogateescape"))


def _time_column(data: Any, given: Any) -> _Column:
    """A step time column: its instants parsed where given (a guarded cell starts with a quote, not a digit: not
    clean); its cells as delivered (one the layout does not fit flags its record, whose row is then the
    reference's: a text that fits needs no quotes)."""
    count = len(data)
    where = np.flatnonzero(given)
    fits, instants = _instants(data[where])
    clean, seconds = np.ones(count, bool), np.zeros(count, np.int64)
    clean[where] = fits
    seconds[where] = np.where(fits, instants, 0)
    cells = np.where(given, data, b"").tolist()
    return _Column(clean, given, cells, seconds=seconds)


def _instants(data: Any) -> tuple[Any, Any]:
    """Per text: whether it is a valid date-time in the exported layout, and its instant (seconds since 1970)."""
    count, width = len(data), data.dtype.itemsize
    if width < len(_LAYOUT):
        return np.zeros(count, bool), np.zeros(count, np.int64)
    matrix = data.view(np.uint8).reshape(count, width)
    # the texts are padded with NUL (none holds one: the reader would have marked it)
    fits = matrix[:, len(_LAYOUT)] == 0 if width > len(_LAYOUT) else np.ones(count, bool)
    digits = matrix[:, _DIGITS] - np.uint8(ord("0"))  # (a byte below "0" wraps round: above 9 too)
    fits &= (digits <= 9).all(axis=1)
    for i, byte in _SEPARATORS.items():
        fits &= matrix[:, i] == byte
    sign = matrix[:, _SIGN]
    fits &= (sign == ord("+")) | (sign == ord("-"))
    d = digits.astype(np.int64)  # (what is not a date-time gives nonsense here, masked by fits)
    year = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
    month, day = d[:, 4] * 10 + d[:, 5], d[:, 6] * 10 + d[:, 7]
    hour, minute, second = d[:, 8] * 10 + d[:, 9], d[:, 10] * 10 + d[:, 11], d[:, 12] * 10 + d[:, 13]
    offset_hours, offset_minutes = d[:, 14] * 10 + d[:, 15], d[:, 16] * 10 + d[:, 17]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 0, 12)] + (leap & (month == 2))
    fits &= (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days)
    fits &= (hour <= 23) & (minute <= 59) & (second <= 59) & (offset_hours <= 23) & (offset_minutes <= 59)
    offset = np.where(sign == ord("-"), -1, 1) * (offset_hours * 3600 + offset_minutes * 60)
    seconds = _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset
    return fits, seconds


def _days_from_civil(year: Any, month: Any, day: Any) -> Any:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm), vectorized."""
    year = year - (month <= 2)
    era = year // 400
    of_era = year - era * 400
    of_year = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    return era * 146097 + of_era * 365 + of_era // 4 - of_era // 100 + of_year - 719468


def _raw_cells(data: Any, given: Any = None) -> list[bytes]:
    """The texts as CSV cells (quoted where csv.writer quotes), b"" where not given."""
    count, width = len(data), data.dtype.itemsize
    given = np.ones(count, bool) if given is None else given
    cells = np.where(given, data, b"").tolist()
    if width:
        special = np.isin(data.view(np.uint8).reshape(count, width), _CSV_SPECIAL).any(axis=1) & given
        for j in np.flatnonzero(special).tolist():
            cells[j] = b'"' + cells[j].replace(b'"', b'""') + b'"'
    return cells


def _texts_of(column: _Column) -> list[Any]:
    """A column's mapped values, its plain texts (kept as delivered) read back from their cells."""
    plain = column.values is None or not any(value is not None for value in column.values)
    if plain and not any(cell.startswith(b'"') for cell in column.cells):  # (no cell holds U+0000: the reader marks it)
        return [text or None for text in b"\0".join(column.cells).decode("utf-8").split("\0")]
    values = column.values or [None] * len(column.cells)
    return [
        value if value is not None or not cell else _unquoted(cell).decode("utf-8")
        for value, cell in zip(values, column.cells, strict=True)
    ]


def _unquoted(cell: bytes) -> bytes:
    return cell[1:-1].replace(b'""', b'"') if cell.startswith(b'"') else cell


def _csv_cell(value: Any) -> bytes:
    """One value as the importer's csv.writer writes it among others (its line ends in \\r\\n: a text holding
    either is quoted)."""
    return _csv_line([value, None])[:-2]


def _csv_line(row: list[Any]) -> bytes:
    """A row as the importer's csv.writer writes it, ended by \\n as every row here."""
    out = io.StringIO()
    csv.writer(out).writerow(row)
    return out.getvalue()[:-2].encode("utf-8") + b"\n"
