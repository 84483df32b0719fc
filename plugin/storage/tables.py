"""Database tables derived from the standard through GeoAlchemy2.

Columns, NOT NULL, CHECK constraints (patterns, ranges, lengths) and foreign
keys to code-list tables all come from the compiled family schema; nothing
here repeats a field of the standard by hand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import (
    DDL,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Date,
    Double,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    event,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TIMESTAMP, UUID

from ..core.messages import bilingual, msg
from ..core.standard import Codelist, Family, Field, Profile, Standard, fields_of
from .names import AREA_LEVELS, CASE_FIELDS_HELD_ELSEWHERE, CASE_TABLE, FILLED_ON_SAVE, LOCATED_GRID, SCHEMA


def codelist_table_name(name: str) -> str:
    return f"cl_{name}"


def _codelist_table(metadata: MetaData, codelist: Codelist) -> Table:
    return Table(
        codelist_table_name(codelist.name),
        metadata,
        Column("code", Text, primary_key=True),
        Column("label_zh", Text, nullable=False),
        Column("label_en", Text, nullable=False),
        Column("sort_order", Integer, nullable=False),
        comment=f"{codelist.title_zh} / {codelist.title_en}",
        schema=SCHEMA,
    )


def upsert_code_lists(bind: Any, standard: Standard) -> None:
    """Bring every code-list table up to the standard as it stands (made if missing, rows inserted
    or relabelled), so that an upgraded registry holds the same code lists as a fresh one."""
    metadata = MetaData()
    for codelist in standard.codelists.values():
        table = _codelist_table(metadata, codelist)
        table.create(bind, checkfirst=True)
        for row in codelist_rows(codelist):
            bind.execute(
                text(
                    f"INSERT INTO {SCHEMA}.{table.name} (code, label_zh, label_en, sort_order)"
                    " VALUES (:code, :label_zh, :label_en, :sort_order)"
                    " ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en,"
                    " sort_order = excluded.sort_order"
                ),
                row,
            )


def codelist_rows(codelist: Codelist) -> list[dict[str, Any]]:
    return [
        {"code": code, "label_zh": codelist.label(code, "zh"), "label_en": codelist.label(code, "en"), "sort_order": order}
        for order, code in enumerate(codelist.codes, start=1)
    ]


def _column_type(spec: Field) -> Any:
    schema = spec.schema
    if spec.format == "date":
        return Date
    if spec.format == "date-time":
        return TIMESTAMP(timezone=True)
    if spec.json_type == "array":
        # a list of texts (an inspection's photos): an array of its item's type, so each item keeps its length
        items = schema.get("items", {})
        return ARRAY(String(items["maxLength"]) if "maxLength" in items else Text)
    if spec.json_type == "integer":
        return Integer
    if spec.json_type == "boolean":
        return Boolean
    if spec.json_type == "number":
        return Double
    if "maxLength" in schema:
        return String(schema["maxLength"])
    return Text


# a pattern of one character class repeated a fixed number of times, such as ^[0-9]{17}$
_ONE_CLASS = re.compile(r"\^\[((?:[0-9A-Za-z](?:-[0-9A-Za-z])?)+)\]\{([0-9]+)\}\$")
# a pattern of several such classes one after the other, such as ^[0-9A-Z]{2}[0-9]{6}[0-9A-Z]{10}$
_CLASSES = re.compile(r"\^(?:\[(?:[0-9A-Za-z](?:-[0-9A-Za-z])?)+\]\{[0-9]+\})+\$")
_CLASS = re.compile(r"\[((?:[0-9A-Za-z](?:-[0-9A-Za-z])?)+)\]\{([0-9]+)\}")
_CLASS_ITEM = re.compile(r"([0-9A-Za-z])(?:-([0-9A-Za-z]))?")


def pattern_check(column: str, pattern: str, shortcut: bool = True, sequences: bool = True) -> str:
    """The CHECK of a field's pattern: the standard's regular expression, verbatim.

    For a pattern of one character class repeated n times (identifiers, grid codes), a test of
    the length and of the characters comes first: when it holds, so does the expression, which
    is then not evaluated (a regular expression costs several times as much per row). A pattern
    of several such classes in a row (the unified social credit code, revision 0009, unless
    ``sequences`` is false as for revision 0007) is tested so class by class, on the substring
    each covers.
    """
    # quoted for SQL, and ':' escaped so SQLAlchemy does not read ':name' as a bind parameter
    regex = "{} ~ '{}'".format(column, pattern.replace("'", "''").replace(":", "\\:"))
    if not shortcut:
        return regex
    if _ONE_CLASS.fullmatch(pattern) is not None:
        fixed = one_class_pattern(pattern)
        if fixed is None:
            return regex
        length, allowed = fixed
        return f"CASE WHEN char_length({column}) = {length} AND ltrim({column}, '{allowed}') = '' THEN true ELSE {regex} END"
    if not sequences or _CLASSES.fullmatch(pattern) is None:
        return regex
    segments, start = [], 1
    for members, count in _CLASS.findall(pattern):
        allowed = _class_characters(members)
        if allowed is None:
            return regex
        segments.append((start, int(count), allowed))
        start += int(count)
    # every character in one of the classes, then the substring of each narrower class in its own
    union = "".join(dict.fromkeys("".join(allowed for _, _, allowed in segments)))
    tests = [f"char_length({column}) = {start - 1}", f"ltrim({column}, '{union}') = ''"]
    for first, count, allowed in segments:
        if set(allowed) != set(union):
            tests.append(f"ltrim(substr({column}, {first}, {count}), '{allowed}') = ''")
    return f"CASE WHEN {' AND '.join(tests)} THEN true ELSE {regex} END"


def one_class_pattern(pattern: str) -> tuple[int, str] | None:
    """(n, the class's characters) for a pattern of one character class repeated n times, such as
    ^[0-9]{17}$; None for any other pattern (then only the regular expression can test it)."""
    fixed = _ONE_CLASS.fullmatch(pattern)
    if fixed is None:
        return None
    allowed = _class_characters(fixed.group(1))
    return None if allowed is None else (int(fixed.group(2)), allowed)


def _class_characters(members: str) -> str | None:
    """The characters of a class such as 0-9A-HJ-N, in order; None for a range PostgreSQL would read otherwise, or refuse."""
    characters = []
    for first, last in _CLASS_ITEM.findall(members):
        if last and not ((first.isdigit(), first.isupper()) == (last.isdigit(), last.isupper()) and first <= last):
            return None
        characters.extend(chr(code) for code in range(ord(first), ord(last or first) + 1))
    return "".join(dict.fromkeys(characters))


def _checks(table: str, spec: Field, shortcut: bool = True, sequences: bool = True) -> list[CheckConstraint]:
    schema, column = spec.schema, spec.name
    checks = []
    if "pattern" in schema:
        checks.append(pattern_check(column, schema["pattern"], shortcut, sequences))
    for keyword, operator in (("minimum", ">="), ("maximum", "<="), ("exclusiveMinimum", ">"), ("exclusiveMaximum", "<")):
        if keyword in schema:
            checks.append(f"{column} {operator} {schema[keyword]!r}")
    if schema.get("minLength"):
        checks.append(f"char_length({column}) >= {int(schema['minLength'])}")
    return [CheckConstraint(expr, name=f"{table}_{column}_{index}") for index, expr in enumerate(checks, start=1)]


def pattern_shortcut_changes(standard: Standard, sequences: bool = False) -> list[tuple[str, str, str, str]]:
    """(table, constraint, before, after) for every pattern CHECK that pattern_check shortcuts: one class
    (revision 0007: before is the plain expression), or with sequences the patterns of several classes
    (revision 0009: before is what 0007 left, the plain expression too)."""
    record = fields_of(standard.record_schema("work_order"))
    tables = {family.table: family.fields for family in standard.families.values()}
    tables[CASE_TABLE] = [spec for spec in record if spec.name not in CASE_FIELDS_HELD_ELSEWHERE]
    tables[INSPECTION_TABLE] = standard.delivery_class(INSPECTION_TABLE).fields
    changes = []
    for table, specs in tables.items():
        for spec in specs:
            before, after = _checks(table, spec, sequences, False), _checks(table, spec, True, sequences)
            for plain, shortcut in zip(before, after, strict=True):
                if str(plain.sqltext) != str(shortcut.sqltext):
                    changes.append((table, shortcut.name, str(plain.sqltext), str(shortcut.sqltext)))
    return changes


def _field_column(spec: Field, foreign_key: bool = True, filled: bool = False) -> Column:
    """The column of a field; ``filled``: one the registry fills for a new asset (default FILLED_ON_SAVE, if required)."""
    args: list[Any] = [spec.name, _column_type(spec)]
    if spec.codelist and foreign_key:
        args.append(ForeignKey(f"{SCHEMA}.{codelist_table_name(spec.codelist)}.code"))
    default = text(FILLED_ON_SAVE) if filled and spec.required else None
    return Column(*args, nullable=not spec.required, server_default=default, comment=f"{spec.title_zh} / {spec.title_en}")


# The NOT NULL fields the registry fills for a new asset that comes without them (revision 0011,
# db/app/22_edit_defaults.sql): their default FILLED_ON_SAVE (NULL) lets QGIS leave them empty in a form.
FILLED_BY_REGISTRY = ("component_id", "grid_code", "competent_dept_code", "competent_dept_name")
FILLED_ON_SAVE_DDL = f"CREATE OR REPLACE FUNCTION {FILLED_ON_SAVE} RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT NULL::text'"


def _family_table(metadata: MetaData, family: Family, srid: int) -> Table:
    geometry_type = family.geometry_types[0].upper() if len(family.geometry_types) == 1 else "GEOMETRY"
    constraints = [check for spec in family.fields for check in _checks(family.table, spec)]
    columns = [_field_column(spec, filled=spec.name in FILLED_BY_REGISTRY) for spec in family.fields]
    for column in columns:
        if column.name == "component_id":
            column.unique = True

    return Table(
        family.table,
        metadata,
        Column(
            "uid",
            UUID(as_uuid=True),
            nullable=False,
            unique=True,
            server_default=text("gen_random_uuid()"),
            comment=bilingual(msg("column.uid")),
        ),
        *columns,
        Column("geom", Geometry(geometry_type, srid=srid, spatial_index=False), nullable=False),
        feature_key_column(),
        Column(
            "created_at",
            TIMESTAMP(timezone=True),
            nullable=False,
            server_default=text("now()"),
            comment=bilingual(msg("column.created_at")),
        ),
        Column(
            "updated_at",
            TIMESTAMP(timezone=True),
            nullable=False,
            server_default=text("now()"),
            comment=bilingual(msg("column.updated_at")),
        ),
        *constraints,
        Index(f"{family.table}_geom_idx", "geom", postgresql_using="gist"),
        comment=f"{family.title_zh} / {family.title_en}",
        schema=SCHEMA,
    )


def feature_key_column() -> Column:
    """The primary key of a family table (revision 0012): an integer, because QGIS takes a table's primary key
    as its feature id and keeps a map entry per feature for any other type (uid stays the key other tables name)."""
    return Column(
        "fid",
        Integer,
        Identity(always=False),
        primary_key=True,
        comment=bilingual(msg("column.fid")),
    )


def _work_order_table(metadata: MetaData) -> Table:
    """The first slice of work orders (revision 0001): enough for outages and the lighting rate.

    Revision 0003 replaces it by the case tables below; revisions stay as they were released,
    so this definition stays for 0001 to create and 0003 to migrate from."""
    return Table(
        "work_order",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column("family", Text, nullable=False),
        Column("component_id", String(17), nullable=False),
        Column("kind", Text, nullable=False),
        Column("status", Text, nullable=False, server_default="open"),
        Column("description", Text),
        Column("reported_at", TIMESTAMP(timezone=True), nullable=False, server_default=text("now()")),
        Column("closed_at", TIMESTAMP(timezone=True)),
        CheckConstraint("kind IN ('outage', 'damage', 'other')", name="work_order_kind"),
        CheckConstraint("status IN ('open', 'closed')", name="work_order_status"),
        CheckConstraint("(status = 'closed') = (closed_at IS NOT NULL)", name="work_order_closed_at"),
        Index("work_order_open_idx", "component_id", postgresql_where=text("status = 'open'")),
        comment=bilingual(msg("table.legacy_work_order")),
        schema=SCHEMA,
    )


def _city_profile_table(metadata: MetaData) -> Table:
    return Table(
        "city_profile",
        metadata,
        Column("id", Text, primary_key=True),
        Column("body", JSONB, nullable=False),
        Column("loaded_at", TIMESTAMP(timezone=True), nullable=False, server_default=text("now()")),
        comment=bilingual(msg("table.city_profile")),
        schema=SCHEMA,
    )


# Where an asset lies, found by spatial join with the unit grids (never typed by hand).
# A grid code nests its community, street and district codes (DOMAIN.md section 2), so
# those are its prefixes.
LOCATED_AT = "located_at"


# Who registered an asset, and through which submission or edit session: kept on the row
# itself (filled by column defaults), so that a bulk import writes no history row per asset.
# History rows record every later update and delete, each with the full values before it.
CREATED_SUBMISSION_DEFAULT = "nullif(current_setting('assetreg.submission_id', true), '')::bigint"
CREATED_SESSION_DEFAULT = "coalesce(nullif(current_setting('application_name'), ''), 'sql') || ':' || txid_current()"


def registry_columns() -> list[Column]:
    """Columns every family table carries besides the standard's fields (revision 0002)."""
    return [
        Column("created_by", Text, server_default=text("session_user"), comment=bilingual(msg("column.created_by"))),
        Column(
            "created_submission",
            BigInteger,
            server_default=text(CREATED_SUBMISSION_DEFAULT),
            comment=bilingual(msg("column.created_submission")),
        ),
        Column(
            "created_session",
            Text,
            server_default=text(CREATED_SESSION_DEFAULT),
            comment=bilingual(msg("column.created_session")),
        ),
        *location_columns(),
    ]


def location_columns() -> list[Column]:
    return [
        Column(LOCATED_GRID, Text, comment=bilingual(msg("column.located_grid"))),
        Column(LOCATED_AT, TIMESTAMP(timezone=True), comment=bilingual(msg("column.located_at"))),
        Column(
            "located_community",
            Text,
            Computed(f"left({LOCATED_GRID}, 12)", persisted=True),
            comment=bilingual(msg("column.located_community")),
        ),
        Column(
            "located_street",
            Text,
            Computed(f"left({LOCATED_GRID}, 9)", persisted=True),
            comment=bilingual(msg("column.located_street")),
        ),
        Column(
            "located_district",
            Text,
            Computed(f"left({LOCATED_GRID}, 6)", persisted=True),
            comment=bilingual(msg("column.located_district")),
        ),
    ]


def _admin_area_table(metadata: MetaData, srid: int) -> Table:
    return Table(
        "admin_area",
        metadata,
        Column("code", Text, primary_key=True, comment=bilingual(msg("column.admin_area.code"))),
        Column("level", Text, nullable=False, comment=bilingual(msg("column.level"))),
        Column("name", Text, nullable=False, comment=bilingual(msg("column.name"))),
        Column("parent_code", Text, ForeignKey(f"{SCHEMA}.admin_area.code"), comment=bilingual(msg("column.parent_code"))),
        Column("geom", Geometry("MULTIPOLYGON", srid=srid, spatial_index=False), nullable=False),
        CheckConstraint(f"level IN {AREA_LEVELS!r}", name="admin_area_level"),
        CheckConstraint(
            "(level = 'district' AND code ~ '^[0-9]{6}$') OR (level = 'street' AND code ~ '^[0-9]{9}$')"
            " OR (level = 'community' AND code ~ '^[0-9]{12}$')",
            name="admin_area_code",
        ),
        Index("admin_area_geom_idx", "geom", postgresql_using="gist"),
        comment=bilingual(msg("table.admin_area")),
        schema=SCHEMA,
    )


def _unit_grid_table(metadata: MetaData, srid: int) -> Table:
    return Table(
        "unit_grid",
        metadata,
        Column("code", Text, primary_key=True, comment=bilingual(msg("column.unit_grid.code"))),
        Column("name", Text, comment=bilingual(msg("column.name"))),
        Column("geom", Geometry("MULTIPOLYGON", srid=srid, spatial_index=False), nullable=False),
        CheckConstraint("code ~ '^[0-9]{15}$'", name="unit_grid_code"),
        Index("unit_grid_geom_idx", "geom", postgresql_using="gist"),
        comment=bilingual(msg("table.unit_grid")),
        schema=SCHEMA,
    )


SUBMISSION_OUTCOMES = ("running", "accepted", "partially_accepted", "rejected", "failed", "dry_run")


def _submission_table(metadata: MetaData) -> Table:
    return Table(
        "submission",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column("family", Text, comment=bilingual(msg("column.family"))),
        Column("file_name", Text, nullable=False, comment=bilingual(msg("column.submission.file_name"))),
        Column("file_sha256", String(64), nullable=False, comment=bilingual(msg("column.file_sha256"))),
        Column("file_bytes", BigInteger, nullable=False),
        Column(
            "submitted_by",
            Text,
            nullable=False,
            server_default=text("current_user"),
            comment=bilingual(msg("column.submitted_by")),
        ),
        Column("submitted_at", TIMESTAMP(timezone=True), nullable=False, server_default=text("now()")),
        Column("finished_at", TIMESTAMP(timezone=True)),
        Column("standard_version", Text, nullable=False),
        Column("profile_id", Text, nullable=False),
        Column("mode", Text, nullable=False),
        Column("outcome", Text, nullable=False, server_default="running", comment=bilingual(msg("column.outcome"))),
        Column("counts", JSONB, comment=bilingual(msg("column.counts"))),
        Column("report", JSONB, comment=bilingual(msg("column.report"))),
        Column("message", Text),
        Column("backend_pid", Integer, comment=bilingual(msg("column.backend_pid"))),
        Column("backend_start", TIMESTAMP(timezone=True)),
        CheckConstraint(f"outcome IN {SUBMISSION_OUTCOMES!r}", name="submission_outcome"),
        CheckConstraint("file_sha256 ~ '^[0-9a-f]{64}$'", name="submission_sha256"),
        Index("submission_running_idx", "id", postgresql_where=text("outcome = 'running'")),
        comment=bilingual(msg("table.submission")),
        schema=SCHEMA,
    )


def _quarantine_table(metadata: MetaData) -> Table:
    return Table(
        "quarantine",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column(
            "submission_id", BigInteger, ForeignKey(f"{SCHEMA}.submission.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        Column("feature_number", Integer, nullable=False, comment=bilingual(msg("column.feature_number"))),
        Column("component_id", Text),
        Column("properties", JSONB, nullable=False, comment=bilingual(msg("column.properties"))),
        Column("geom_wkt", Text, comment=bilingual(msg("column.geom_wkt"))),
        Column("geom_srid", Integer),
        Column("findings", JSONB, nullable=False, comment=bilingual(msg("column.findings"))),
        comment=bilingual(msg("table.quarantine")),
        schema=SCHEMA,
    )


HISTORY_OPERATIONS = ("insert", "update", "delete")


def _history_table(metadata: MetaData) -> Table:
    return Table(
        "asset_history",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column("family", Text, nullable=False),
        Column("asset_uid", UUID(as_uuid=True), nullable=False),
        Column("component_id", Text),
        Column("operation", Text, nullable=False),
        Column("changed_at", TIMESTAMP(timezone=True), nullable=False, server_default=text("now()")),
        Column("changed_by", Text, nullable=False, server_default=text("session_user")),
        Column("submission_id", BigInteger, comment=bilingual(msg("column.asset_history.submission_id"))),
        Column("edit_session", Text, comment=bilingual(msg("column.edit_session"))),
        Column("old_values", JSONB),
        Column("new_values", JSONB),
        CheckConstraint(f"operation IN {HISTORY_OPERATIONS!r}", name="asset_history_operation"),
        Index("asset_history_asset_idx", "asset_uid", "changed_at"),
        Index("asset_history_component_idx", "component_id"),
        comment=bilingual(msg("table.asset_history")),
        schema=SCHEMA,
    )


def _bulk_suspended_table(metadata: MetaData) -> Table:
    """What a bulk load set aside (foreign keys, spatial index) to restore in the same transaction."""
    return Table(
        "bulk_suspended",
        metadata,
        Column("table_name", Text, primary_key=True),
        Column("name", Text, primary_key=True),
        Column("kind", Text, nullable=False),
        Column("definition", Text, nullable=False),
        CheckConstraint("kind IN ('constraint', 'index')", name="bulk_suspended_kind"),
        comment=bilingual(msg("table.bulk_suspended")),
        schema=SCHEMA,
    )


def add_registry_tables(metadata: MetaData, profile: Profile) -> None:
    """Areas, grids, submissions, quarantine, history and bulk-load bookkeeping (revision 0002)."""
    _bulk_suspended_table(metadata)
    _admin_area_table(metadata, profile.registry_srid)
    _unit_grid_table(metadata, profile.registry_srid)
    _submission_table(metadata)
    _quarantine_table(metadata)
    _history_table(metadata)


def build_metadata(standard: Standard, profile: Profile, families: tuple[str, ...] | None = None) -> MetaData:
    metadata = MetaData()
    event.listen(metadata, "before_create", DDL(FILLED_ON_SAVE_DDL))  # the default of FILLED_BY_REGISTRY
    for codelist in standard.codelists.values():
        _codelist_table(metadata, codelist)
    for name in families or tuple(standard.families):
        _family_table(metadata, standard.family(name), profile.registry_srid)
    _work_order_table(metadata)
    _city_profile_table(metadata)
    return metadata


# -- cases (数字城管 work orders, revision 0003) -------------------------------------------------

# Defaults of the columns only the life-cycle functions write (db/app/60_cases.sql).
CASE_COLUMN_DEFAULTS = {"status": "'reported'", "version": "1", "rework_count": "0", "reported_at": "now()"}


def _case_column(spec: Field) -> Column:
    column_type = TIMESTAMP(timezone=True) if spec.format == "date-time" else _column_type(spec)
    args: list[Any] = [spec.name, column_type]
    if spec.codelist:
        args.append(ForeignKey(f"{SCHEMA}.{codelist_table_name(spec.codelist)}.code"))
    default = CASE_COLUMN_DEFAULTS.get(spec.name)
    return Column(
        *args,
        nullable=not spec.required and default is None,
        server_default=text(default) if default else None,
        comment=f"{spec.title_zh} / {spec.title_en}",
    )


def add_case_tables(metadata: MetaData, standard: Standard, profile: Profile) -> None:
    """The case table derived from the standard's work-order record, its link to assets and its events."""
    record = fields_of(standard.record_schema("work_order"))
    specs = [spec for spec in record if spec.name not in CASE_FIELDS_HELD_ELSEWHERE]
    Table(
        CASE_TABLE,
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        *[_case_column(spec) for spec in specs],
        Column(
            "matter_class",
            Text,
            Computed("right(matter_code, 5)", persisted=True),
            ForeignKey(f"{SCHEMA}.{codelist_table_name('matter_class')}.code"),
            comment=bilingual(msg("column.matter_class")),
        ),
        Column("deferred_from", Text, comment=bilingual(msg("column.deferred_from"))),
        Column(
            "reported_by", Text, nullable=False, server_default=text("session_user"), comment=bilingual(msg("column.reported_by"))
        ),
        Column(
            "geom",
            Geometry("POINT", srid=profile.registry_srid, spatial_index=False),
            comment=bilingual(msg("column.work_order.geom")),
        ),
        *location_columns(),
        *case_history_columns(),
        *[check for spec in specs for check in _checks(CASE_TABLE, spec)],
        CheckConstraint("(status = 'deferred') = (deferred_from IS NOT NULL)", name=f"{CASE_TABLE}_deferred_from"),
        Index(f"{CASE_TABLE}_case_no_key", "case_no", unique=True),
        Index(f"{CASE_TABLE}_status_idx", "status"),
        Index(f"{CASE_TABLE}_geom_idx", "geom", postgresql_using="gist"),
        comment=bilingual(msg("table.work_order")),
        schema=SCHEMA,
    )
    Table(
        "work_order_asset",
        metadata,
        Column("work_order_id", BigInteger, ForeignKey(f"{SCHEMA}.{CASE_TABLE}.id", ondelete="CASCADE"), primary_key=True),
        Column("family", Text, primary_key=True, comment=bilingual(msg("column.family"))),
        Column("asset_uid", UUID(as_uuid=True), primary_key=True, comment=bilingual(msg("column.work_order_asset.asset_uid"))),
        Column("component_id", Text, comment=bilingual(msg("column.component_id"))),
        Index("work_order_asset_component_idx", "component_id"),
        comment=bilingual(msg("table.work_order_asset")),
        schema=SCHEMA,
    )
    Table(
        "work_order_event",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column(
            "work_order_id",
            BigInteger,
            ForeignKey(f"{SCHEMA}.{CASE_TABLE}.id", ondelete="CASCADE"),
            nullable=False,
        ),
        Column("version", Integer, nullable=False, comment=bilingual(msg("column.version"))),
        Column("at", TIMESTAMP(timezone=True), nullable=False, server_default=text("now()"), comment=bilingual(msg("column.at"))),
        Column("actor", Text, nullable=False, server_default=text("session_user"), comment=bilingual(msg("column.actor"))),
        Column("action", Text, nullable=False, comment=bilingual(msg("column.action"))),
        Column("from_status", Text, comment=bilingual(msg("column.from_status"))),
        Column("to_status", Text, nullable=False, comment=bilingual(msg("column.to_status"))),
        Column("reason", Text, comment=bilingual(msg("column.reason"))),
        Column("payload", JSONB, comment=bilingual(msg("column.payload"))),
        assignment_deadline_column(),
        Index("work_order_event_case_idx", "work_order_id", "id"),
        comment=bilingual(msg("table.work_order_event")),
        schema=SCHEMA,
    )


def case_history_columns() -> list[Column]:
    """What revision 0010 adds to the case table beside the record's fields: the submission a
    historical case was imported with (a case reported in the registry has none)."""
    return [
        Column(
            "submission_id",
            BigInteger,
            ForeignKey(f"{SCHEMA}.submission.id"),
            comment=bilingual(msg("column.work_order.submission_id")),
        )
    ]


def assignment_deadline_column() -> Column:
    """Revision 0010: the handling deadline of a handling assignment (a dispatch, a re-dispatch after rework),
    kept on its event when it is made, so that 按期处置 judges each assignment by its own deadline."""
    return Column(
        "handling_deadline", TIMESTAMP(timezone=True), comment=bilingual(msg("column.work_order_event.handling_deadline"))
    )


def case_metadata(standard: Standard, profile: Profile) -> MetaData:
    """The code-list tables (for the foreign keys) and the case tables of revision 0003."""
    metadata = MetaData()
    for codelist in standard.codelists.values():
        _codelist_table(metadata, codelist)
    add_case_tables(metadata, standard, profile)
    return metadata


# -- inspections and attachments (revision 0004) -------------------------------------------------

INSPECTION_TABLE = "inspection"
ATTACHMENT_TABLE = "attachment"


def add_inspection_tables(
    metadata: MetaData, standard: Standard, profile: Profile, field_names: Sequence[str] | None = None
) -> None:
    """The inspection table derived from the standard's inspection record, and attachments.

    ``field_names``: only these fields of the record (a revision creates the table with the fields
    the record had then; later revisions add the fields the record gained since).

    Besides the record's fields: a stable uid, the asset the record is about (family and uid,
    resolved from component_id on import when the component is registered; a road survey point
    may name none), the position where it was taken (optional), located like an asset, and the
    submission that brought it. Attachments are files kept outside the database; a row holds
    the file's SHA-256, size, media type and where it is, and belongs to an inspection or a case.
    """
    record = standard.delivery_class(INSPECTION_TABLE)
    specs = [spec for spec in record.fields if field_names is None or spec.name in field_names]
    Table(
        INSPECTION_TABLE,
        metadata,
        Column(
            "uid",
            UUID(as_uuid=True),
            primary_key=True,
            server_default=text("gen_random_uuid()"),
            comment=bilingual(msg("column.uid")),
        ),
        *[_field_column(spec) for spec in specs],
        Column("asset_family", Text, comment=bilingual(msg("column.asset_family"))),
        Column("asset_uid", UUID(as_uuid=True), comment=bilingual(msg("column.inspection.asset_uid"))),
        Column(
            "geom",
            Geometry("POINT", srid=profile.registry_srid, spatial_index=False),
            comment=bilingual(msg("column.inspection.geom")),
        ),
        Column(
            "submission_id",
            BigInteger,
            ForeignKey(f"{SCHEMA}.submission.id"),
            comment=bilingual(msg("column.inspection.submission_id")),
        ),
        Column(
            "created_by", Text, nullable=False, server_default=text("session_user"), comment=bilingual(msg("column.created_by"))
        ),
        Column(
            "created_at",
            TIMESTAMP(timezone=True),
            nullable=False,
            server_default=text("now()"),
            comment=bilingual(msg("column.created_at")),
        ),
        *location_columns(),
        *[check for spec in specs for check in _checks(INSPECTION_TABLE, spec)],
        CheckConstraint("(asset_family IS NULL) = (asset_uid IS NULL)", name=f"{INSPECTION_TABLE}_asset"),
        # the record's own number is unique in the registry, so a delivery imported twice is refused, not doubled
        Index(f"{INSPECTION_TABLE}_inspection_id_key", "inspection_id", unique=True),
        # the latest inspection of a component (latest night patrol per light): one index scan per light
        Index(f"{INSPECTION_TABLE}_component_latest_idx", "component_id", text("inspected_at DESC")),
        Index(f"{INSPECTION_TABLE}_asset_latest_idx", "asset_uid", "kind", text("inspected_at DESC")),
        Index(f"{INSPECTION_TABLE}_submission_idx", "submission_id"),
        Index(f"{INSPECTION_TABLE}_geom_idx", "geom", postgresql_using="gist"),
        comment=bilingual(msg("table.inspection")),
        schema=SCHEMA,
    )
    Table(
        ATTACHMENT_TABLE,
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column(
            "inspection_uid",
            UUID(as_uuid=True),
            ForeignKey(f"{SCHEMA}.{INSPECTION_TABLE}.uid", ondelete="CASCADE"),
            comment=bilingual(msg("column.inspection_uid")),
        ),
        Column(
            "work_order_id",
            BigInteger,
            ForeignKey(f"{SCHEMA}.{CASE_TABLE}.id", ondelete="CASCADE"),
            comment=bilingual(msg("column.work_order_id")),
        ),
        Column("sha256", String(64), nullable=False, comment=bilingual(msg("column.sha256"))),
        Column("size_bytes", BigInteger, nullable=False, comment=bilingual(msg("column.size_bytes"))),
        Column("media_type", Text, nullable=False, comment=bilingual(msg("column.media_type"))),
        Column("uri", Text, nullable=False, comment=bilingual(msg("column.uri"))),
        Column("file_name", Text, nullable=False, comment=bilingual(msg("column.attachment.file_name"))),
        Column("added_by", Text, nullable=False, server_default=text("session_user"), comment=bilingual(msg("column.added_by"))),
        Column(
            "added_at",
            TIMESTAMP(timezone=True),
            nullable=False,
            server_default=text("now()"),
            comment=bilingual(msg("column.added_at")),
        ),
        CheckConstraint("num_nonnulls(inspection_uid, work_order_id) = 1", name=f"{ATTACHMENT_TABLE}_owner"),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name=f"{ATTACHMENT_TABLE}_sha256"),
        CheckConstraint("size_bytes >= 0", name=f"{ATTACHMENT_TABLE}_size"),
        CheckConstraint("media_type ~ '^[a-z]+/[-+.a-z0-9]+$'", name=f"{ATTACHMENT_TABLE}_media_type"),
        Index(f"{ATTACHMENT_TABLE}_inspection_idx", "inspection_uid"),
        Index(f"{ATTACHMENT_TABLE}_work_order_idx", "work_order_id"),
        Index(f"{ATTACHMENT_TABLE}_sha256_idx", "sha256"),
        comment=bilingual(msg("table.attachment")),
        schema=SCHEMA,
    )


def inspection_metadata(standard: Standard, profile: Profile, field_names: Sequence[str] | None = None) -> MetaData:
    """The tables of revision 0004, with those their foreign keys name (code lists, submissions, cases)."""
    metadata = case_metadata(standard, profile)
    _submission_table(metadata)
    add_inspection_tables(metadata, standard, profile, field_names)
    return metadata


def record_field_additions(standard: Standard, table: str, field_names: Sequence[str]) -> list[tuple[Column, str | None, list]]:
    """For a revision that adds fields a record gained to its table: each field's column (made as
    the table makes it, without its foreign key), the code-list table the foreign key names (or
    None), and its CHECK constraints as (name, expression)."""
    additions = []
    for spec in standard.delivery_class(table).fields:
        if spec.name in field_names:
            column = _field_column(spec, foreign_key=False)
            checks = [(check.name, str(check.sqltext)) for check in _checks(table, spec)]
            additions.append((column, codelist_table_name(spec.codelist) if spec.codelist else None, checks))
    return additions


# -- indicators (revision 0005) ------------------------------------------------------------------

KPI_SNAPSHOT_TABLE = "kpi_snapshot"
# Indexes the indicators of one period need on tables of earlier revisions (name, table,
# columns or expressions, method, predicate): cases by when they were reported or reached a stage
# (the cohort of a period is one range of an index), the cases open at a moment (reported, not
# yet closed: one GiST lookup instead of every case ever reported), the cases of an asset (is
# this light out?), the night patrols of a period, and the unlit findings that were an asset's
# latest at a moment (found unlit, not yet superseded by a later patrol).
INDICATOR_INDEXES = (
    ("work_order_reported_at_idx", CASE_TABLE, ["reported_at"], "btree", None),
    ("work_order_open_during_idx", CASE_TABLE, ["tstzrange(reported_at, closed_at)"], "gist", None),
    ("work_order_event_action_at_idx", "work_order_event", ["action", "at"], "btree", None),
    ("work_order_asset_asset_idx", "work_order_asset", ["asset_uid", "family"], "btree", None),
    (f"{INSPECTION_TABLE}_kind_at_idx", INSPECTION_TABLE, ["kind", "inspected_at"], "btree", None),
    (
        f"{INSPECTION_TABLE}_unlit_span_idx",
        INSPECTION_TABLE,
        ["tstzrange(inspected_at, superseded_at)"],
        "gist",
        "kind = 'lighting_patrol' AND NOT lit",
    ),
)


def superseded_at_column() -> Column:
    """When the next inspection of the same asset and kind was made: a record is its asset's
    latest from inspected_at until then (db/app/45_patrols.sql keeps it, set-based)."""
    return Column(
        "superseded_at",
        TIMESTAMP(timezone=True),
        comment=bilingual(msg("column.superseded_at")),
    )


# A snapshot's period (revision 0010): a month YYYY-MM, or any period of days FROM/TO (both included, in the
# city's time zone), such as a cycle from the 21st to the 20th, a week, a quarter or a year.
SNAPSHOT_PERIOD_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])(-[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2})?$"
SNAPSHOT_PERIOD_LENGTH = 21
# when a snapshot measured the cases of its period: as they stood at the period's end, or as they stood
# when it was taken (the snapshots before revision 0010 measured the cases so)
SNAPSHOT_AS_OF_CHECK = "as_of IN ('period_end', 'now')"


def snapshot_as_of_column(default: str = "period_end") -> Column:
    return Column(
        "as_of", Text, nullable=False, server_default=text(f"'{default}'"), comment=bilingual(msg("column.kpi_snapshot.as_of"))
    )


def add_indicator_tables(metadata: MetaData) -> None:
    """Monthly snapshots of the indicators, so that a month's figures survive later edits."""
    Table(
        KPI_SNAPSHOT_TABLE,
        metadata,
        Column("period", String(SNAPSHOT_PERIOD_LENGTH), primary_key=True, comment=bilingual(msg("column.period"))),
        Column("indicator", Text, primary_key=True, comment=bilingual(msg("column.indicator"))),
        Column("group_by", Text, primary_key=True, comment=bilingual(msg("column.group_by"))),
        Column("group_code", Text, primary_key=True, comment=bilingual(msg("column.group_code"))),
        Column("figures", JSONB, nullable=False, comment=bilingual(msg("column.figures"))),
        Column(
            "taken_at",
            TIMESTAMP(timezone=True),
            nullable=False,
            server_default=text("now()"),
            comment=bilingual(msg("column.taken_at")),
        ),
        Column("taken_by", Text, nullable=False, server_default=text("session_user"), comment=bilingual(msg("column.taken_by"))),
        snapshot_as_of_column(),
        CheckConstraint(SNAPSHOT_AS_OF_CHECK, name=f"{KPI_SNAPSHOT_TABLE}_as_of"),
        CheckConstraint(f"period ~ '{SNAPSHOT_PERIOD_PATTERN}'", name=f"{KPI_SNAPSHOT_TABLE}_period"),
        comment=bilingual(msg("table.kpi_snapshot")),
        schema=SCHEMA,
    )


def indicator_metadata() -> MetaData:
    metadata = MetaData()
    add_indicator_tables(metadata)
    return metadata
