"""Reading deliveries through GDAL/OGR, one feature at a time (memory stays bounded).

Formats: GeoJSON, GeoPackage, Shapefile (loose or zipped), CSV and XLSX, and
whatever else OGR reads. Text encodings are checked, not trusted: a Shapefile's
.cpg is verified against its bytes and, when there is none, UTF-8 or GBK is
guessed; CSV and GeoJSON that are not UTF-8 are read as GB18030.
What a delivery may hold is capped before it is read: a zip may expand to at most ZIP_EXPANSION
times its own size (never less than ZIP_EXPANSION_FLOOR) and at most max_expanded_bytes() (the
environment's ASSETREG_MAX_EXPANDED_MB, 4096 by default), judged from its directory without
inflating anything; a layer may have at most MAX_COLUMNS columns, a GeoJSON's keys counted in one
pass of bounded memory before OGR builds its schema. Both are refused (exit 2). A .cpg naming a single-byte
code page (1252, latin1) over text a detector finds to be GBK, Big5 or UTF-8 is file.encoding_misdeclared,
naming the rows and columns affected; a UTF-8 file with some values in another encoding is read as
UTF-8 with U+FFFD where those bytes were, and each such value is schema.mixed_encoding (never the
whole file decoded as GB18030). Tables
without a geometry column (CSV, XLSX) get their points from x/y or WKT columns.
A CSV cell (or column name) whose leading ' keeps a spreadsheet from running it as a
formula is read without that quote: it was written so (core/csvcells.py), by us or by a
careful contractor, and the value is what follows it.
A text holding U+0000 (a NUL byte in a CSV, ``\\u0000`` in GeoJSON) is read with ␀ (U+2400) in
its place: OGR would cut the text there, and in a quoted CSV cell swallow the rows after it. The
validator reports every such value (schema.nul_character).
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import os
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osgeo import gdal, ogr, osr

from .csvcells import GUARD, unguard_text
from .delivery_words import WORDS
from .errors import InputError

GUESSED_ENCODING = "GB18030"  # a superset of GBK and GB2312
MAX_COLUMNS = 1000  # columns of one layer (a Shapefile has at most 255)
ZIP_EXPANSION = 20  # a zipped delivery expands to at most this many times its size ...
ZIP_EXPANSION_FLOOR = 256 * 1024 * 1024  # ... or this much, whichever is more ...
MAX_EXPANDED_MB = 4096  # ... and never more than this (ASSETREG_MAX_EXPANDED_MB)
_GEOJSON_MEMBERS = 16  # keys a GeoJSON holds besides its properties (type, features, geometry, crs …)
# a JSON object key: a string (no unescaped quote inside) followed by a colon
_JSON_KEY = re.compile(rb'"((?:[^"\\]|\\.)*)"\s*:')
_SAMPLE_BYTES = 4 * 1024 * 1024
ARROW_BATCH = 65536  # features per batch of OGR's Arrow stream (column_batches)
# the names contractors give coordinate columns, in Chinese or English (delivery_words.toml)
X_NAMES = tuple(WORDS["coordinate_columns"]["x"])
Y_NAMES = tuple(WORDS["coordinate_columns"]["y"])
WKT_NAMES = tuple(WORDS["coordinate_columns"]["wkt"])
BAD_BYTES_MARK = "\ufffd"  # read where a UTF-8 file's value held bytes of another encoding
NUL_MARK = "\u2400"  # ␀, read where a delivered text held U+0000
_CSV_NUL = b"\x00"
_JSON_NUL = b"\\u0000"  # the escape; a raw NUL byte is no JSON at all
_JSON_NUL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")  # not after an escaped backslash (\\u0000 is text)


@contextlib.contextmanager
def gdal_exceptions() -> Iterator[None]:
    """Turn GDAL errors into exceptions here, and leave the global setting as it was."""
    previous = ogr.GetUseExceptions(), osr.GetUseExceptions(), gdal.GetUseExceptions()
    ogr.UseExceptions()
    osr.UseExceptions()
    gdal.UseExceptions()
    try:
        yield
    finally:
        # GDAL keeps a stack of error handlers: undo in the reverse order.
        for module, was_on in reversed(list(zip((ogr, osr, gdal), previous, strict=False))):
            if not was_on:
                module.DontUseExceptions()


@dataclass
class SourceFeature:
    number: int  # 1-based position in the layer, as a contractor counts
    attributes: dict[str, Any]
    geometry: ogr.Geometry | None


@dataclass
class FileNote:
    """Something about the file as a whole that the report must say (rule id and details)."""

    rule: str
    value: Any = None
    detail: Any = None


@dataclass
class GeometrySource:
    """Where a table without a geometry column keeps its positions."""

    x: str | None = None
    y: str | None = None
    wkt: str | None = None
    crs: str | None = None

    @classmethod
    def from_mapping(cls, geometry: dict[str, Any]) -> GeometrySource:
        return cls(geometry.get("x"), geometry.get("y"), geometry.get("wkt"), geometry.get("crs"))


def _decodes(data: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        decoder.decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _file_is(path: Path, encoding: str, needle: bytes = b"") -> tuple[bool, bool]:
    """Whether the file decodes in ``encoding``, and whether it holds ``needle`` (in the same pass)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    found, tail = False, b""
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk, final=False)
                if needle and not found:
                    found = needle in chunk or needle in tail + chunk[: len(needle)]
                    tail = chunk[-len(needle) :]
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False, found
    return True, found


def _mark_bad_bytes(text: str) -> str:
    """The text with the bytes UTF-8 could not decode (lone surrogates from OGR's binding) as BAD_BYTES_MARK."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")
# code pages in which (nearly) any bytes decode, so that decoding proves nothing about them
_SINGLE_BYTE = {"cp1252", "latin-1", "iso8859-1", "iso8859-15", "cp1250", "cp1251", "cp437", "cp850"}
_MULTI_BYTE = {
    "gb18030": "GB18030",
    "gbk": "GB18030",
    "gb2312": "GB18030",
    "hz": "GB18030",
    "big5": "Big5",
    "big5hkscs": "Big5",
    "utf-8": "UTF-8",
    "cp932": "Shift_JIS",
    "shift_jis": "Shift_JIS",
    "euc_jp": "EUC-JP",
    "cp949": "EUC-KR",
    "euc_kr": "EUC-KR",
}
_DETECTOR_SAMPLE = 64 * 1024
_CANDIDATES = ("gb18030", "big5", "utf_8", "cp1252", "latin_1")


def _mostly_utf8(data: bytes) -> bool:
    """Whether text that is not all UTF-8 is UTF-8 with some values in another encoding (mixed).

    Each run of non-ASCII bytes is a word: in a UTF-8 file most runs decode, and GBK runs of two
    characters or more almost never do (a lone GBK pair like C2 B7 may: runs under 3 bytes do not count).
    """
    utf8 = other = 0
    for run in _NON_ASCII_RUN.findall(data):
        if _decodes_whole(run, "utf-8"):
            utf8 += len(run) >= 3
        else:
            other += 1
    return other > 0 and utf8 >= other


# a run of non-ASCII bytes: a value of a GBK file, or one written in UTF-8 among them (_utf8_run_marked)
_UTF8_AMONG_GBK = re.compile(rb"[\x80-\xff]{3,}")
_GB18030_REPLACEMENT = "\ufffd".encode("gb18030")  # BAD_BYTES_MARK as GB18030 writes it


def _utf8_run_marked(match: re.Match[bytes]) -> bytes:
    """A run that is whole UTF-8 (3 bytes or more: GBK text almost never is) as one BAD_BYTES_MARK, else as it is."""
    run = match.group(0)
    return _GB18030_REPLACEMENT if _decodes_whole(run, "utf-8") else run


def _decodes_whole(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _misdeclared(data: bytes, declared: str) -> str | None:
    """The multi-byte encoding (GB18030, Big5, UTF-8) text declared in a single-byte code page is really in,
    or None when the declared one is plausible."""
    words = b" ".join(_NON_ASCII_RUN.findall(data[: 16 * _DETECTOR_SAMPLE]))[:_DETECTOR_SAMPLE]
    if not words:
        return None
    if _decodes_whole(words, "utf-8") and any(len(run) >= 3 for run in _NON_ASCII_RUN.findall(words)):
        return "UTF-8"
    from_bytes = charset_detector()
    if from_bytes is None:
        return "GB18030" if _chinese_share(words) >= 0.6 else None
    # among the encodings a delivery to this city may come in (short Chinese texts pass for EUC-KR otherwise)
    best = from_bytes(words, cp_isolation=list(_CANDIDATES)).best()
    name = None if best is None else codecs.lookup(best.encoding).name
    found = _MULTI_BYTE.get(name) if name != declared else None
    # a Big5 character's second byte may be ASCII, so the runs above cut it: the text as it is decides then
    return found or _detected_multibyte(_text_window(data))


def _text_window(data: bytes) -> bytes:
    """_DETECTOR_SAMPLE bytes from the first non-ASCII byte on, ending before a space (never inside a
    character of GBK, Big5 or UTF-8, none of which uses 0x20 in a character)."""
    first = _NON_ASCII_RUN.search(data)
    if first is None:
        return b""
    window = data[first.start() : first.start() + _DETECTOR_SAMPLE]
    end = window.rfind(b" ")
    return window[:end] if end > 0 and len(window) == _DETECTOR_SAMPLE else window


def charset_detector() -> Callable[..., Any] | None:
    """charset-normalizer's from_bytes: the copy the plugin zip vendors (scripts/package.py; QGIS's Python
    may have none, or an older one), else the installed one (the command line's venv), else None."""
    try:
        from .._vendor.charset_normalizer import from_bytes
    except ImportError:
        try:
            from charset_normalizer import from_bytes
        except ImportError:
            return None
    return from_bytes


def _detected_multibyte(data: bytes) -> str | None:
    """The multi-byte encoding the detector finds the bytes in, as they are (a Big5 character's second byte
    may be ASCII: the runs _misdeclared looks at would cut it); None without a detector or a multi-byte answer."""
    from_bytes = charset_detector()
    if from_bytes is None or not data:
        return None
    best = from_bytes(data, cp_isolation=list(_CANDIDATES)).best()
    return None if best is None else _MULTI_BYTE.get(codecs.lookup(best.encoding).name)


def _chinese_share(data: bytes) -> float:
    """The share of CJK ideographs among the characters of non-ASCII bytes read as GB18030."""
    text = data.decode("gb18030", errors="replace").replace(" ", "")
    if not text:
        return 0.0
    return sum(0x4E00 <= ord(char) <= 0x9FFF for char in text) / len(text)  # CJK Unified Ideographs


def _dbf_cells_beyond_ascii(path: str, shown: int = 10) -> str:
    """The .dbf's text cells that hold non-ASCII bytes: how many, and the first by row and column."""
    handle = gdal.VSIFOpenL(path, "rb")
    if handle is None:
        return ""
    try:
        header = gdal.VSIFReadL(1, 32, handle) or b""
        if len(header) < 32:
            return ""
        rows = int.from_bytes(header[4:8], "little")
        header_length = int.from_bytes(header[8:10], "little")
        record_length = int.from_bytes(header[10:12], "little")
        descriptors = gdal.VSIFReadL(1, max(header_length - 32, 0), handle) or b""
        fields, offset = [], 1  # a record starts with its deletion flag
        for start in range(0, len(descriptors) - 31, 32):
            if descriptors[start] == 0x0D:
                break
            name = descriptors[start : start + 11].split(b"\0")[0].decode("ascii", "replace")
            length = descriptors[start + 16]
            if chr(descriptors[start + 11]) in "CM":
                fields.append((name, offset, offset + length))
            offset += length
        gdal.VSIFSeekL(handle, header_length, 0)
        count, first = 0, []
        for row in range(1, rows + 1):
            record = gdal.VSIFReadL(1, record_length, handle) or b""
            if len(record) < record_length:
                break
            if record.isascii():
                continue
            for name, start, end in fields:
                if not record[start:end].isascii():
                    count += 1
                    if len(first) < shown:
                        first.append(f"{row}/{name}")
        return f"{count} ({', '.join(first)}{', …' if count > len(first) else ''})"
    finally:
        gdal.VSIFCloseL(handle)


def _mark_nul(text: str, json_text: bool) -> str:
    """The text with every U+0000 (a NUL character, or its JSON escape) written as NUL_MARK."""
    if json_text:
        return _JSON_NUL_ESCAPE.sub(lambda m: m.group(1) + "\\u2400", text) if "\\u0000" in text else text
    return text.replace("\x00", NUL_MARK)


def layer_names(path: str | Path) -> list[str]:
    with Delivery(path, pick_first=True) as delivery:
        return delivery.all_layers


class Delivery:
    """An opened delivery layer. Use as a context manager."""

    def __init__(
        self, path: str | Path, layer: str | None = None, geometry: GeometrySource | None = None, pick_first: bool = False
    ):
        self.path = Path(path)
        self.layer_name = layer
        self.geometry_source = geometry or GeometrySource()
        self.notes: list[FileNote] = []
        self.all_layers: list[str] = []
        self._pick_first = pick_first
        self._dataset = None
        self._layer = None
        self._temporary: Path | None = None
        self._srs_override: osr.SpatialReference | None = None
        self._saved_config: dict[str, str | None] = {}
        self.nul_marked = False  # texts holding U+0000 are read with NUL_MARK in its place
        self.mixed_encoding = False  # a UTF-8 file with values in another encoding: read with BAD_BYTES_MARK there
        self.text_encoding = "UTF-8"  # ... or a GB18030 one with UTF-8 values (what mixed_encoding's values are not in)

    # -- opening ---------------------------------------------------------------

    def __enter__(self) -> Delivery:
        if not self.path.exists():
            raise InputError("reader.file_missing", path=self.path, rule="file.unreadable")
        if self.path.is_dir():
            raise InputError("reader.is_folder", path=self.path)
        try:
            with gdal_exceptions():
                target, options = self._prepare()
                try:
                    self._dataset = gdal.OpenEx(target, gdal.OF_VECTOR | gdal.OF_READONLY, open_options=options)
                except RuntimeError as exc:
                    raise self._unreadable(exc) from None
                if self._dataset is None:
                    raise self._unreadable("GDAL")
                self._layer = self._pick_layer()
                self._prepare_geometry()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._layer = None
        self._dataset = None
        for key, value in self._saved_config.items():
            gdal.SetConfigOption(key, value)
        if self._temporary is not None:
            with contextlib.suppress(OSError):
                self._temporary.unlink()
            with contextlib.suppress(OSError):
                self._temporary.parent.rmdir()

    def _unreadable(self, reason: Any) -> InputError:
        return InputError("reader.unreadable", path=self.path, reason=reason, rule="file.unreadable")

    def _prepare(self) -> tuple[str, list[str]]:
        suffix = self.path.suffix.casefold()
        if suffix == ".zip":
            self._check_expansion()
            return self._zipped_shapefile()
        if suffix in (".geojson", ".json"):
            self._check_geojson_keys()
        if suffix == ".shp" or suffix == ".dbf":
            return str(self.path), self._shapefile_encoding(self.path.with_suffix(".dbf"), self.path.with_suffix(".cpg"))
        if suffix in (".xlsx", ".ods"):
            # deliveries always carry a header row; GDAL 3.6 reads this as a config option only
            self._set_config(f"OGR_{suffix[1:].upper()}_HEADERS", "FORCE")
            return str(self.path), []
        if suffix in (".csv", ".txt", ".tsv", ".geojson", ".json"):
            # a GeoJSON text that starts like a date-time is typed a date-time by OGR, which drops what follows it
            # (a list of step times joined by ';'): every text is read as delivered and checked as such
            return self._utf8_text(), (["AUTODETECT_TYPE=NO"] if suffix in (".csv", ".txt", ".tsv") else ["DATE_AS_STRING=YES"])
        return str(self.path), []

    def _check_expansion(self) -> None:
        """Refuse a zip that would expand beyond its cap, from its directory alone (nothing is inflated)."""
        try:
            with zipfile.ZipFile(self.path) as archive:
                entries = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return  # not a zip Python reads: GDAL says why it cannot be read
        # GDAL inflates an entry to its end whatever size the directory gives it: an entry whose
        # compressed data is larger than deflate could make of its declared size lies about that size
        forged = [e.filename for e in entries if e.compress_size > e.file_size + e.file_size // 100 + 1024]
        if forged:
            raise InputError("reader.zip_sizes_forged", path=self.path, entries=", ".join(forged[:5]), rule="file.unreadable")
        expanded = sum(entry.file_size for entry in entries)
        size = self.path.stat().st_size
        limit = min(max(ZIP_EXPANSION * size, ZIP_EXPANSION_FLOOR), max_expanded_bytes())
        if expanded > limit:
            raise InputError(
                "reader.zip_too_large",
                path=self.path,
                expanded=_megabytes(expanded),
                limit=_megabytes(limit),
                ratio=ZIP_EXPANSION,
                floor=_megabytes(ZIP_EXPANSION_FLOOR),
                maximum=_megabytes(max_expanded_bytes()),
                rule="file.unreadable",
            )

    def _check_geojson_keys(self) -> None:
        """Refuse a GeoJSON with more distinct keys than a layer may have columns, before OGR reads its schema
        (which takes time and memory growing faster than the keys); the count stops at the cap."""
        keys: set[bytes] = set()
        cap = MAX_COLUMNS + _GEOJSON_MEMBERS
        tail = b""
        with self.path.open("rb") as handle:
            while chunk := handle.read(1 << 22):
                buffer = tail + chunk
                # a key may run over the chunk's end: the last bytes are looked at again with the next chunk
                keep = len(buffer) - 4096 if len(chunk) == 1 << 22 else len(buffer)
                end = 0
                for match in _JSON_KEY.finditer(buffer):
                    if match.start() >= keep:
                        break
                    keys.add(match.group(1)[:256])
                    end = match.end()
                    if len(keys) > cap:
                        self._too_many_columns(f"> {MAX_COLUMNS}")
                tail = buffer[max(end, keep) :]

    def _too_many_columns(self, count: Any) -> None:
        raise InputError("reader.too_many_columns", path=self.path, count=count, limit=MAX_COLUMNS, rule="file.unreadable")

    def _set_config(self, key: str, value: str) -> None:
        self._saved_config.setdefault(key, gdal.GetConfigOption(key))
        gdal.SetConfigOption(key, value)

    def _zipped_shapefile(self) -> tuple[str, list[str]]:
        """/vsizip/ reads the archive in place; the .cpg check reads the .dbf through it too."""
        root = f"/vsizip/{self.path}"
        listing = gdal.ReadDirRecursive(root) or []
        shapefiles = sorted(name for name in listing if name.casefold().endswith(".shp"))
        if not shapefiles:
            others = sorted(n for n in listing if n.casefold().endswith((".gpkg", ".geojson", ".json", ".csv")))
            inner = sorted(n for n in listing if n.casefold().endswith(".zip"))
            if inner and not others:
                # its expansion could not be capped from the outer directory: refused, not inflated
                raise InputError(
                    "deliveries.reader.nested_zip", path=self.path, inner=", ".join(inner[:5]), rule="file.unreadable"
                )
            return (f"{root}/{others[0]}" if others else root), []
        folder = posixpath.dirname(shapefiles[0])
        target = f"{root}/{folder}" if folder else root
        if len(shapefiles) == 1:
            dbf = f"{root}/{shapefiles[0][:-4]}.dbf"
            return target, self._shapefile_encoding(dbf, dbf[:-4] + ".cpg")
        return target, []

    def _shapefile_encoding(self, dbf: Path | str, cpg: Path | str) -> list[str]:
        """Check the text of the .dbf against its .cpg; guess GBK when there is none."""
        sample = _read_bytes(str(dbf), _SAMPLE_BYTES)
        header_length = int.from_bytes(sample[8:10], "little") if len(sample) >= 10 else 0
        records = sample[header_length:]  # the header is binary; only the records hold text
        declared = _read_text(str(cpg))
        if declared:
            encoding = _python_encoding(declared)
            if encoding == "utf-8" and _mostly_utf8(records):
                self.mixed_encoding = True
                return []
            if encoding in _SINGLE_BYTE and (found := _misdeclared(records, encoding)):
                # a code page in which any bytes decode (or nearly): the detector tells what the text is in
                cells = _dbf_cells_beyond_ascii(str(dbf))
                self.notes.append(FileNote("file.encoding_misdeclared", value=declared, detail=f"{found}: {cells}"))
            elif encoding and not _decodes(records, encoding):
                self.notes.append(FileNote("file.encoding", value=declared))
            return []
        if _decodes(records, "utf-8"):
            return ["ENCODING=UTF-8"]
        if _mostly_utf8(records):
            self.mixed_encoding = True
            return ["ENCODING=UTF-8"]
        if _decodes(records, "gb18030"):
            self.notes.append(FileNote("file.encoding_guessed", value=GUESSED_ENCODING))
            return [f"ENCODING={GUESSED_ENCODING}"]
        return []

    def _utf8_text(self) -> str:
        """CSV and GeoJSON must be UTF-8 (with or without BOM); GBK/GB18030 is converted to a temporary copy,
        and so is a file holding U+0000, with NUL_MARK in its place."""
        json_text = self.path.suffix.casefold() in (".geojson", ".json")
        needle = _JSON_NUL if json_text else _CSV_NUL
        utf8, self.nul_marked = _file_is(self.path, "utf-8", needle)
        if utf8 and not self.nul_marked:
            return str(self.path)
        encoding, errors = "utf-8", "strict"
        if not utf8 and _mostly_utf8(_read_bytes(str(self.path), _SAMPLE_BYTES)):
            self.mixed_encoding, errors = True, "replace"
        elif not utf8:
            # GB18030 once any value wholly in UTF-8 is set apart (_gb18030_copy): else neither
            self.nul_marked = _file_is(self.path, "latin-1", needle)[1]
            self._refuse_other_multibyte()
            self.notes.append(FileNote("file.encoding_guessed", value=GUESSED_ENCODING))
            return self._gb18030_copy(json_text)
        # under the file's own name, in a folder of its own: GeoJSON and CSV take their layer's name from it
        self._temporary = Path(tempfile.mkdtemp(prefix="assetreg-")) / self.path.name
        name = str(self._temporary)
        # newline="": a CSV keeps its line ends (a quoted cell may hold a line break of either kind)
        with (
            self._temporary.open("w", encoding="utf-8", newline="") as out,
            self.path.open(encoding=encoding, errors=errors, newline="") as source,
        ):
            for line in source:
                out.write(_mark_nul(line, json_text) if self.nul_marked else line)
        return name

    def _pick_layer(self) -> ogr.Layer:
        self.all_layers = [self._dataset.GetLayer(i).GetName() for i in range(self._dataset.GetLayerCount())]
        names = self.all_layers
        if not names:
            raise InputError("reader.no_layer", path=self.path, rule="file.empty")
        if self.layer_name is None:
            if len(names) > 1 and not self._pick_first:
                raise InputError("reader.several_layers", path=self.path, layers=", ".join(names))
            self.layer_name = names[0]
        if self.layer_name not in names:
            raise InputError(
                "reader.unknown_layer", path=self.path, layer=self.layer_name, layers=", ".join(names), rule="file.unknown_layer"
            )
        layer = self._dataset.GetLayerByName(self.layer_name)
        if layer.GetLayerDefn().GetFieldCount() > MAX_COLUMNS:
            self._too_many_columns(layer.GetLayerDefn().GetFieldCount())
        return layer

    def _prepare_geometry(self) -> None:
        """For a table without geometry: find its coordinate columns, and its CRS from the mapping."""
        source = self.geometry_source
        if source.crs and self._layer.GetSpatialRef() is None:
            srs = osr.SpatialReference()
            srs.SetFromUserInput(source.crs)
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            self._srs_override = srs
        if self._layer.GetGeomType() != ogr.wkbNone:
            return
        fields = {name.casefold(): name for name in self.field_names}
        source = self.geometry_source
        if not (source.x and source.y) and not source.wkt:
            x = next((fields[n] for n in X_NAMES if n in fields), None)
            y = next((fields[n] for n in Y_NAMES if n in fields), None)
            wkt = next((fields[n] for n in WKT_NAMES if n in fields), None)
            source = GeometrySource(x if x and y else None, y if x and y else None, wkt, source.crs)
            self.geometry_source = source
        for column in (source.x, source.y, source.wkt):
            if column and column not in self.field_names:
                raise InputError(
                    "reader.no_coordinate_column", path=self.path, column=column, columns=", ".join(self.field_names)
                )

    # -- describing --------------------------------------------------------------

    @property
    def geometry_columns(self) -> list[str]:
        """Columns that hold the position of a table without geometry (not attributes)."""
        if self._layer.GetGeomType() != ogr.wkbNone:
            # the CSV driver turns a WKT column into the geometry but keeps it as an attribute too
            driver = self._dataset.GetDriver().ShortName
            return [name for name in self.field_names if driver == "CSV" and name.casefold() in WKT_NAMES]
        source = self.geometry_source
        return [column for column in (source.x, source.y, source.wkt) if column]

    @property
    def has_positions(self) -> bool:
        """Whether the layer has a geometry column, or columns a position is read from."""
        return self._layer.GetGeomType() != ogr.wkbNone or bool(self.geometry_columns)

    @property
    def field_names(self) -> list[str]:
        definition = self._layer.GetLayerDefn()
        names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
        return [unguard_text(name) for name in names] if self._is_csv else names

    @property
    def ogr_field_names(self) -> list[str]:
        """The fields' names as OGR knows them (a CSV's as written, guards included): column_batches takes these."""
        definition = self._layer.GetLayerDefn()
        return [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]

    def field_types(self) -> dict[str, int]:
        """Each field's OGR type (ogr.OFTString …), by name."""
        definition = self._layer.GetLayerDefn()
        return {name: definition.GetFieldDefn(i).GetType() for i, name in enumerate(self.field_names)}

    @property
    def driver_name(self) -> str:
        return self._dataset.GetDriver().ShortName

    def column_batches(self, names: list[str], batch_size: int | None = None) -> Iterator[tuple[int, dict[str, Any], Any]]:
        """The layer through OGR's Arrow stream (GDAL >= 3.6), in batches of up to ``batch_size`` features
        (ARROW_BATCH by default): (features, {name: numpy array}, WKB array). Only the named fields are read; a null
        is masked (numpy.ma). The values are the ones OGR's features give (decoded by the driver), in the same order."""
        definition = self._layer.GetLayerDefn()
        wanted = set(names)
        ignored = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
        self._layer.SetIgnoredFields([name for name in ignored if name not in wanted])
        geometry = self._layer.GetGeometryColumn() or "wkb_geometry"
        try:
            self._layer.ResetReading()
            with gdal_exceptions():
                for batch in self._layer.GetArrowStreamAsNumPy(options=[f"MAX_FEATURES_IN_BATCH={batch_size or ARROW_BATCH}"]):
                    count = len(next(iter(batch.values()))) if batch else 0
                    yield count, {name: batch[name] for name in names}, batch.get(geometry)
        finally:
            self._layer.SetIgnoredFields([])
            self._layer.ResetReading()

    @property
    def _is_csv(self) -> bool:
        """OGR's CSV driver: cells are text as a spreadsheet wrote them, formula guards included."""
        return self._dataset.GetDriver().ShortName == "CSV"

    @property
    def spatial_ref(self) -> osr.SpatialReference | None:
        return self._srs_override or self._layer.GetSpatialRef()

    @property
    def epsg(self) -> int | None:
        srs = self.spatial_ref
        if srs is None:
            return None
        code = srs.GetAuthorityCode(None)
        if not code:
            with gdal_exceptions(), contextlib.suppress(RuntimeError):
                srs = srs.Clone()
                srs.AutoIdentifyEPSG()
                code = srs.GetAuthorityCode(None)
        if not code:
            with gdal_exceptions(), contextlib.suppress(RuntimeError):
                matches = srs.FindMatches()
                if matches and matches[0][1] >= 90:
                    code = matches[0][0].GetAuthorityCode(None)
        return int(code) if code and code.isdigit() else None

    @property
    def crs_label(self) -> str | None:
        code = self.epsg
        if code:
            return f"EPSG:{code}"
        srs = self.spatial_ref
        return srs.GetName() if srs is not None else None

    def feature_count(self) -> int:
        return self._layer.GetFeatureCount()

    # -- reading ---------------------------------------------------------------

    def _refuse_other_multibyte(self) -> None:
        """Big5 or Shift_JIS text decodes as GB18030 too, into other characters: the detector tells them apart."""
        found = _detected_multibyte(_read_bytes(str(self.path), _DETECTOR_SAMPLE))
        if found is not None and found not in (GUESSED_ENCODING, "UTF-8"):
            raise InputError("deliveries.reader.other_encoding", path=self.path, encoding=found, rule="file.encoding")

    def _gb18030_copy(self, json_text: bool) -> str:
        """A GB18030 (GBK) CSV or GeoJSON as a UTF-8 copy; a value in UTF-8 among the GBK ones (a run of bytes
        that is whole UTF-8) is read as BAD_BYTES_MARK and reported (schema.mixed_encoding), never as the
        GB18030 characters its bytes would also make."""
        self._temporary = Path(tempfile.mkdtemp(prefix="assetreg-")) / self.path.name
        decoder = codecs.getincrementaldecoder("gb18030")()
        with self._temporary.open("w", encoding="utf-8", newline="") as out, self.path.open("rb") as source:
            for raw in source:
                line = _UTF8_AMONG_GBK.sub(_utf8_run_marked, raw)
                if line != raw:
                    self.mixed_encoding, self.text_encoding = True, GUESSED_ENCODING
                text = self._gb18030_text(decoder, line, final=False)
                out.write(_mark_nul(text, json_text) if self.nul_marked else text)
            self._gb18030_text(decoder, b"", final=True)
        return str(self._temporary)

    def _gb18030_text(self, decoder: Any, line: bytes, final: bool) -> str:
        try:
            return decoder.decode(line, final=final)
        except UnicodeDecodeError:
            raise InputError("reader.not_utf8_or_gbk", path=self.path, rule="file.encoding") from None

    def features(self) -> Iterator[SourceFeature]:
        definition = self._layer.GetLayerDefn()
        types = [definition.GetFieldDefn(i).GetType() for i in range(definition.GetFieldCount())]
        date_fields = {i for i, kind in enumerate(types) if kind == ogr.OFTDate}
        date_time_fields = {i for i, kind in enumerate(types) if kind == ogr.OFTDateTime}
        names = self.field_names
        text_of = unguard_text if self._is_csv else None
        if self.mixed_encoding and not self._is_csv:
            text_of = _mark_bad_bytes  # OGR's strings keep a value's undecodable bytes as lone surrogates
        build = self._geometry_builder()
        self._layer.ResetReading()
        with gdal_exceptions():
            for number, feature in enumerate(self._layer, start=1):
                attributes = {}
                for i, name in enumerate(names):
                    if not feature.IsFieldSetAndNotNull(i):
                        continue
                    if i in date_fields:
                        year, month, day = feature.GetFieldAsDateTime(i)[:3]
                        attributes[name] = f"{year:04d}-{month:02d}-{day:02d}"
                    elif i in date_time_fields:
                        attributes[name] = _date_time(feature, i)
                    else:
                        value = feature.GetField(i)
                        attributes[name] = text_of(value) if text_of and isinstance(value, str) else value
                if build is None:
                    geometry = feature.GetGeometryRef()
                    geometry = geometry.Clone() if geometry is not None else None
                else:
                    geometry = build(attributes)
                yield SourceFeature(number, attributes, geometry)

    def text_batches(self, size: int) -> Iterator[tuple[list[int], dict[str, list[Any]], list[Any]]] | None:
        """The features as features() gives them, in batches of ``size`` laid out as columns (numbers, {name:
        values, None where unset}, geometries), read through OGR's Arrow stream instead of one OGR call per
        field: about a third of a CSV's validation time. Only for a layer whose fields are all text and which
        has no geometry column of its own (a CSV, its points built from its columns as features() builds
        them), read without marks (no U+0000, one encoding); None for any other, which features() reads."""
        if not self._columns_readable_as_text():
            return None
        return self._text_batches(size)

    def _columns_readable_as_text(self) -> bool:
        definition = self._layer.GetLayerDefn()
        return (
            hasattr(self._layer, "GetArrowStreamAsNumPy")
            and self._layer.GetGeomType() == ogr.wkbNone
            and not self.nul_marked
            and not self.mixed_encoding
            and all(definition.GetFieldDefn(i).GetType() == ogr.OFTString for i in range(definition.GetFieldCount()))
        )

    def _text_batches(self, size: int) -> Iterator[tuple[list[int], dict[str, list[Any]], list[Any]]]:
        import numpy as np  # GDAL's Arrow stream comes as numpy arrays

        definition = self._layer.GetLayerDefn()
        ogr_names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
        names = self.field_names
        build = self._geometry_builder()
        guard = GUARD.encode()
        number = 0
        # a whole number of batches per Arrow batch: the batches are those features() would make
        for count, batch, _ in self.column_batches(ogr_names, size * max(1, ARROW_BATCH // size)):
            columns = {
                name: _texts(np, batch[ogr_name], self._is_csv, guard) for name, ogr_name in zip(names, ogr_names, strict=True)
            }
            for start in range(0, count, size):
                numbers = list(range(number + start + 1, number + min(start + size, count) + 1))
                part = {name: values[start : start + size] for name, values in columns.items()}
                yield numbers, part, self._geometries(build, part, len(numbers))
            number += count

    def _geometries(self, build: Any, columns: dict[str, list[Any]], count: int) -> list[Any]:
        source = self.geometry_source
        if not (source.wkt or (source.x and source.y)):
            return [None] * count  # what the builder gives a layer without position columns
        return [build(_set_attributes(columns, j)) for j in range(count)]

    def _geometry_builder(self):
        if self._layer.GetGeomType() != ogr.wkbNone:
            return None
        source = self.geometry_source
        if source.wkt:
            return lambda attributes: _from_wkt(attributes.get(source.wkt))
        if source.x and source.y:
            return lambda attributes: _point(attributes.get(source.x), attributes.get(source.y))
        return lambda attributes: None


def _texts(np: Any, column: Any, is_csv: bool, guard: bytes) -> list[str | None]:
    """An Arrow text column as features() reads its values: str, None where unset; a CSV's cells unguarded."""
    unset = np.ma.getmaskarray(column)
    data = np.ma.getdata(column)
    values = [raw.decode("utf-8", "surrogateescape") for raw in data.tolist()]
    if is_csv and np.char.startswith(data, guard).any():
        values = [unguard_text(value) for value in values]
    if unset.any():
        for j in np.flatnonzero(unset).tolist():
            values[j] = None
    return values


def _set_attributes(columns: dict[str, list[Any]], j: int) -> dict[str, Any]:
    return {name: values[j] for name, values in columns.items() if values[j] is not None}


def max_expanded_bytes() -> int:
    """The most a zipped delivery may expand to: ASSETREG_MAX_EXPANDED_MB, or MAX_EXPANDED_MB."""
    try:
        megabytes = int(os.environ.get("ASSETREG_MAX_EXPANDED_MB", MAX_EXPANDED_MB))
    except ValueError:
        megabytes = MAX_EXPANDED_MB
    return max(megabytes, 1) * 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


def _date_time(feature: ogr.Feature, index: int) -> dt.datetime | str:
    """A DateTime field as a datetime, aware when OGR knows its offset, so the mapping can
    give a date field its day and a date-time field the whole moment (with its time zone)."""
    year, month, day, hour, minute, second, zone_flag = feature.GetFieldAsDateTime(index)
    # OGR's zone flag: 0 unknown, 1 local time, 100 UTC, each step away from 100 is 15 minutes
    zone = dt.timezone(dt.timedelta(minutes=(zone_flag - 100) * 15)) if zone_flag > 1 else None
    whole = int(second)
    try:
        return dt.datetime(year, month, day, hour, minute, whole, round((second - whole) * 1e6), tzinfo=zone)
    except ValueError:
        return feature.GetFieldAsString(index)


def _from_wkt(text: Any) -> ogr.Geometry | None:
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return ogr.CreateGeometryFromWkt(text)
    except RuntimeError:
        return None


def _point(x: Any, y: Any) -> ogr.Geometry | None:
    try:
        fx, fy = float(x), float(y)
    except (TypeError, ValueError):
        return None
    point = ogr.Geometry(ogr.wkbPoint)
    point.AddPoint_2D(fx, fy)
    return point


def _read_bytes(path: str, limit: int) -> bytes:
    """Bytes of a file, plain or inside /vsizip/."""
    handle = gdal.VSIFOpenL(path, "rb")
    if handle is None:
        return b""
    try:
        return gdal.VSIFReadL(1, limit, handle) or b""
    finally:
        gdal.VSIFCloseL(handle)


def _read_text(path: str) -> str | None:
    data = _read_bytes(path, 256)
    text = data.decode("ascii", errors="ignore").strip()
    return text or None


def _python_encoding(declared: str) -> str | None:
    """The Python codec for a .cpg's content (UTF-8, GBK, 936, CP1252, 65001 …)."""
    text = declared.strip().casefold()
    aliases = {"65001": "utf-8", "936": "gbk", "utf8": "utf-8", "ansi 936": "gbk", "gb2312": "gb18030", "gbk": "gb18030"}
    text = aliases.get(text, text)
    if text.isdigit():
        text = f"cp{text}"
    try:
        return codecs.lookup(text).name
    except LookupError:
        return None
