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
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Date,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TIMESTAMP, UUID

from ..core.standard import Codelist, Family, Field, Profile, Standard, fields_of
from .names import SCHEMA


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


def _field_column(spec: Field, foreign_key: bool = True) -> Column:
    args: list[Any] = [spec.name, _column_type(spec)]
    if spec.codelist and foreign_key:
        args.append(ForeignKey(f"{SCHEMA}.{codelist_table_name(spec.codelist)}.code"))
    return Column(*args, nullable=not spec.required, comment=f"{spec.title_zh} / {spec.title_en}")


def _family_table(metadata: MetaData, family: Family, srid: int) -> Table:
    geometry_type = family.geometry_types[0].upper() if len(family.geometry_types) == 1 else "GEOMETRY"
    constraints = [check for spec in family.fields for check in _checks(family.table, spec)]
    columns = [_field_column(spec) for spec in family.fields]
    for column in columns:
        if column.name == "component_id":
            column.unique = True
    return Table(
        family.table,
        metadata,
        Column(
            "uid",
            UUID(as_uuid=True),
            primary_key=True,
            server_default=text("gen_random_uuid()"),
            comment="稳定的内部键 / stable internal key",
        ),
        *columns,
        Column("geom", Geometry(geometry_type, srid=srid, spatial_index=False), nullable=False),
        Column(
            "created_at",
            TIMESTAMP(timezone=True),
            nullable=False,
            server_default=text("now()"),
            comment="登记时间 / Registered at",
        ),
        Column(
            "updated_at", TIMESTAMP(timezone=True), nullable=False, server_default=text("now()"), comment="更新时间 / Updated at"
        ),
        *constraints,
        Index(f"{family.table}_geom_idx", "geom", postgresql_using="gist"),
        comment=f"{family.title_zh} / {family.title_en}",
        schema=SCHEMA,
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
        comment="工单 / Work order",
        schema=SCHEMA,
    )


def _city_profile_table(metadata: MetaData) -> Table:
    return Table(
        "city_profile",
        metadata,
        Column("id", Text, primary_key=True),
        Column("body", JSONB, nullable=False),
        Column("loaded_at", TIMESTAMP(timezone=True), nullable=False, server_default=text("now()")),
        comment="城市配置 / City profile this registry runs with",
        schema=SCHEMA,
    )


# Where an asset lies, found by spatial join with the unit grids (never typed by hand).
# A grid code nests its community, street and district codes (DOMAIN.md section 2), so
# those are its prefixes.
LOCATED_GRID = "located_grid"
LOCATED_AT = "located_at"


# Who registered an asset, and through which submission or edit session: kept on the row
# itself (filled by column defaults), so that a bulk import writes no history row per asset.
# History rows record every later update and delete, each with the full values before it.
CREATED_SUBMISSION_DEFAULT = "nullif(current_setting('assetreg.submission_id', true), '')::bigint"
CREATED_SESSION_DEFAULT = "coalesce(nullif(current_setting('application_name'), ''), 'sql') || ':' || txid_current()"


def registry_columns() -> list[Column]:
    """Columns every family table carries besides the standard's fields (revision 0002)."""
    return [
        Column("created_by", Text, server_default=text("session_user"), comment="登记人 / Registered by"),
        Column(
            "created_submission",
            BigInteger,
            server_default=text(CREATED_SUBMISSION_DEFAULT),
            comment="登记时的提交 / Submission that registered it",
        ),
        Column(
            "created_session",
            Text,
            server_default=text(CREATED_SESSION_DEFAULT),
            comment="登记时的编辑会话 / Edit session that registered it",
        ),
        *location_columns(),
    ]


def location_columns() -> list[Column]:
    return [
        Column(LOCATED_GRID, Text, comment="空间落位的单元网格 / Unit grid the geometry lies in"),
        Column(LOCATED_AT, TIMESTAMP(timezone=True), comment="落位时间 / When the location was assigned"),
        Column("located_community", Text, Computed(f"left({LOCATED_GRID}, 12)", persisted=True), comment="所在社区 / Community"),
        Column("located_street", Text, Computed(f"left({LOCATED_GRID}, 9)", persisted=True), comment="所在街道 / Street"),
        Column("located_district", Text, Computed(f"left({LOCATED_GRID}, 6)", persisted=True), comment="所在区县 / District"),
    ]


AREA_LEVELS = ("district", "street", "community")


def _admin_area_table(metadata: MetaData, srid: int) -> Table:
    return Table(
        "admin_area",
        metadata,
        Column("code", Text, primary_key=True, comment="行政区划代码 / Administrative code"),
        Column("level", Text, nullable=False, comment="层级 / Level"),
        Column("name", Text, nullable=False, comment="名称 / Name"),
        Column("parent_code", Text, ForeignKey(f"{SCHEMA}.admin_area.code"), comment="上级代码 / Parent code"),
        Column("geom", Geometry("MULTIPOLYGON", srid=srid, spatial_index=False), nullable=False),
        CheckConstraint(f"level IN {AREA_LEVELS!r}", name="admin_area_level"),
        CheckConstraint(
            "(level = 'district' AND code ~ '^[0-9]{6}$') OR (level = 'street' AND code ~ '^[0-9]{9}$')"
            " OR (level = 'community' AND code ~ '^[0-9]{12}$')",
            name="admin_area_code",
        ),
        Index("admin_area_geom_idx", "geom", postgresql_using="gist"),
        comment="行政区划（区县、街道、社区） / Administrative areas (district, street, community)",
        schema=SCHEMA,
    )


def _unit_grid_table(metadata: MetaData, srid: int) -> Table:
    return Table(
        "unit_grid",
        metadata,
        Column("code", Text, primary_key=True, comment="单元网格标识码 / Unit grid code"),
        Column("name", Text, comment="名称 / Name"),
        Column("geom", Geometry("MULTIPOLYGON", srid=srid, spatial_index=False), nullable=False),
        CheckConstraint("code ~ '^[0-9]{15}$'", name="unit_grid_code"),
        Index("unit_grid_geom_idx", "geom", postgresql_using="gist"),
        comment="单元网格 / Unit grids",
        schema=SCHEMA,
    )


SUBMISSION_OUTCOMES = ("running", "accepted", "partially_accepted", "rejected", "failed", "dry_run")


def _submission_table(metadata: MetaData) -> Table:
    return Table(
        "submission",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column("family", Text, comment="部件类别 / Family"),
        Column("file_name", Text, nullable=False, comment="文件名 / File name"),
        Column("file_sha256", String(64), nullable=False, comment="文件 SHA-256 / File SHA-256"),
        Column("file_bytes", BigInteger, nullable=False),
        Column("submitted_by", Text, nullable=False, server_default=text("current_user"), comment="提交人 / Submitted by"),
        Column("submitted_at", TIMESTAMP(timezone=True), nullable=False, server_default=text("now()")),
        Column("finished_at", TIMESTAMP(timezone=True)),
        Column("standard_version", Text, nullable=False),
        Column("profile_id", Text, nullable=False),
        Column("mode", Text, nullable=False),
        Column("outcome", Text, nullable=False, server_default="running", comment="结果 / Outcome"),
        Column("counts", JSONB, comment="计数 / Counts"),
        Column("report", JSONB, comment="检查报告 / Validation report"),
        Column("message", Text),
        Column("backend_pid", Integer, comment="导入进程 / Backend that runs the import"),
        Column("backend_start", TIMESTAMP(timezone=True)),
        CheckConstraint(f"outcome IN {SUBMISSION_OUTCOMES!r}", name="submission_outcome"),
        CheckConstraint("file_sha256 ~ '^[0-9a-f]{64}$'", name="submission_sha256"),
        Index("submission_running_idx", "id", postgresql_where=text("outcome = 'running'")),
        comment="交付提交记录 / Delivery submissions",
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
        Column("feature_number", Integer, nullable=False, comment="要素序号 / Feature number"),
        Column("component_id", Text),
        Column("properties", JSONB, nullable=False, comment="交付的属性 / Properties as delivered"),
        Column("geom_wkt", Text, comment="交付的几何 / Geometry as delivered"),
        Column("geom_srid", Integer),
        Column("findings", JSONB, nullable=False, comment="问题 / Findings"),
        comment="隔离区：未通过检查的要素 / Quarantine: features that failed validation",
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
        Column("submission_id", BigInteger, comment="来自哪次提交 / Submission that made the change"),
        Column("edit_session", Text, comment="编辑会话（应用名:事务号） / Edit session (application:transaction)"),
        Column("old_values", JSONB),
        Column("new_values", JSONB),
        CheckConstraint(f"operation IN {HISTORY_OPERATIONS!r}", name="asset_history_operation"),
        Index("asset_history_asset_idx", "asset_uid", "changed_at"),
        Index("asset_history_component_idx", "component_id"),
        comment="部件变更历史 / History of every change to an asset",
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
        comment="批量导入时暂时移除、同一事务内恢复的约束与索引 / Constraints and indexes a bulk load set aside",
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
    for codelist in standard.codelists.values():
        _codelist_table(metadata, codelist)
    for name in families or tuple(standard.families):
        _family_table(metadata, standard.family(name), profile.registry_srid)
    _work_order_table(metadata)
    _city_profile_table(metadata)
    return metadata


# -- cases (数字城管 work orders, revision 0003) -------------------------------------------------

CASE_TABLE = "work_order"
# Fields of the work-order record that the registry holds elsewhere rather than in a column:
# the components a case concerns are rows of the link table (a case may concern several),
# and its unit grid is found from its location by spatial join, like an asset's.
CASE_FIELDS_HELD_ELSEWHERE = {"component_id": "work_order_asset", "grid_code": LOCATED_GRID}
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
            comment="事项类别（事项代码后5位） / Matter class (last 5 digits of the matter code)",
        ),
        Column("deferred_from", Text, comment="缓办前的环节，恢复时回到此环节 / Stage a deferred case resumes at"),
        Column("reported_by", Text, nullable=False, server_default=text("session_user"), comment="登记人 / Entered by"),
        Column("geom", Geometry("POINT", srid=profile.registry_srid, spatial_index=False), comment="位置 / Location"),
        *location_columns(),
        *[check for spec in specs for check in _checks(CASE_TABLE, spec)],
        CheckConstraint("(status = 'deferred') = (deferred_from IS NOT NULL)", name=f"{CASE_TABLE}_deferred_from"),
        Index(f"{CASE_TABLE}_case_no_key", "case_no", unique=True),
        Index(f"{CASE_TABLE}_status_idx", "status"),
        Index(f"{CASE_TABLE}_geom_idx", "geom", postgresql_using="gist"),
        comment="案卷（数字城管工单） / Cases (digital city-management work orders)",
        schema=SCHEMA,
    )
    Table(
        "work_order_asset",
        metadata,
        Column("work_order_id", BigInteger, ForeignKey(f"{SCHEMA}.{CASE_TABLE}.id", ondelete="CASCADE"), primary_key=True),
        Column("family", Text, primary_key=True, comment="部件类别 / Family"),
        Column("asset_uid", UUID(as_uuid=True), primary_key=True, comment="部件内部键 / Asset uid"),
        Column("component_id", Text, comment="管理部件标识码 / Component identifier"),
        Index("work_order_asset_component_idx", "component_id"),
        comment="案卷涉及的部件 / Assets a case concerns",
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
        Column("version", Integer, nullable=False, comment="变更后的版本 / Version after the change"),
        Column("at", TIMESTAMP(timezone=True), nullable=False, server_default=text("now()"), comment="时间 / When"),
        Column("actor", Text, nullable=False, server_default=text("session_user"), comment="操作人 / Who"),
        Column("action", Text, nullable=False, comment="操作 / Action"),
        Column("from_status", Text, comment="原环节 / From"),
        Column("to_status", Text, nullable=False, comment="新环节 / To"),
        Column("reason", Text, comment="理由 / Reason"),
        Column("payload", JSONB, comment="附带数据 / Payload"),
        Index("work_order_event_case_idx", "work_order_id", "id"),
        comment="案卷的每次流转 / Every transition of a case",
        schema=SCHEMA,
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
            comment="稳定的内部键 / stable internal key",
        ),
        *[_field_column(spec) for spec in specs],
        Column("asset_family", Text, comment="所属部件类别 / Family of the asset inspected"),
        Column("asset_uid", UUID(as_uuid=True), comment="所属部件内部键 / Uid of the asset inspected"),
        Column("geom", Geometry("POINT", srid=profile.registry_srid, spatial_index=False), comment="巡查位置 / Position"),
        Column(
            "submission_id",
            BigInteger,
            ForeignKey(f"{SCHEMA}.submission.id"),
            comment="来自哪次提交 / Submission that brought it",
        ),
        Column("created_by", Text, nullable=False, server_default=text("session_user"), comment="登记人 / Registered by"),
        Column(
            "created_at",
            TIMESTAMP(timezone=True),
            nullable=False,
            server_default=text("now()"),
            comment="登记时间 / Registered at",
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
        comment="巡查记录 / Inspection records",
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
            comment="所属巡查记录 / Inspection it belongs to",
        ),
        Column(
            "work_order_id",
            BigInteger,
            ForeignKey(f"{SCHEMA}.{CASE_TABLE}.id", ondelete="CASCADE"),
            comment="所属案卷 / Case it belongs to",
        ),
        Column("sha256", String(64), nullable=False, comment="文件 SHA-256 / File SHA-256"),
        Column("size_bytes", BigInteger, nullable=False, comment="文件大小（字节） / Size in bytes"),
        Column("media_type", Text, nullable=False, comment="媒体类型 / Media type"),
        Column("uri", Text, nullable=False, comment="文件位置（路径或 URI） / Where the file is (path or URI)"),
        Column("file_name", Text, nullable=False, comment="原文件名 / File name as given"),
        Column("added_by", Text, nullable=False, server_default=text("session_user"), comment="添加人 / Added by"),
        Column("added_at", TIMESTAMP(timezone=True), nullable=False, server_default=text("now()"), comment="添加时间 / Added at"),
        CheckConstraint("num_nonnulls(inspection_uid, work_order_id) = 1", name=f"{ATTACHMENT_TABLE}_owner"),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name=f"{ATTACHMENT_TABLE}_sha256"),
        CheckConstraint("size_bytes >= 0", name=f"{ATTACHMENT_TABLE}_size"),
        CheckConstraint("media_type ~ '^[a-z]+/[-+.a-z0-9]+$'", name=f"{ATTACHMENT_TABLE}_media_type"),
        Index(f"{ATTACHMENT_TABLE}_inspection_idx", "inspection_uid"),
        Index(f"{ATTACHMENT_TABLE}_work_order_idx", "work_order_id"),
        Index(f"{ATTACHMENT_TABLE}_sha256_idx", "sha256"),
        comment="巡查记录与案卷的附件（照片、文件；文件在库外，库内存哈希） / Attachments of inspections and cases"
        " (files outside the database, their hash in it)",
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
        comment="被同一部件下一次同类巡查取代的时间 / When the next inspection of the asset and kind was made",
    )


def add_indicator_tables(metadata: MetaData) -> None:
    """Monthly snapshots of the indicators, so that a month's figures survive later edits."""
    Table(
        KPI_SNAPSHOT_TABLE,
        metadata,
        Column("period", String(7), primary_key=True, comment="月份 YYYY-MM / Month"),
        Column("indicator", Text, primary_key=True, comment="指标 / Indicator"),
        Column("group_by", Text, primary_key=True, comment="分组方式 / Grouped by"),
        Column("group_code", Text, primary_key=True, comment="分组代码（空串为合计） / Group code ('' is the total)"),
        Column("figures", JSONB, nullable=False, comment="该组的全部数值 / All figures of the group"),
        Column("taken_at", TIMESTAMP(timezone=True), nullable=False, server_default=text("now()"), comment="快照时间 / Taken at"),
        Column("taken_by", Text, nullable=False, server_default=text("session_user"), comment="快照人 / Taken by"),
        CheckConstraint("period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'", name=f"{KPI_SNAPSHOT_TABLE}_period"),
        comment="指标月度快照（趋势不受后来编辑影响） / Monthly snapshots of the indicators (trends survive later edits)",
        schema=SCHEMA,
    )


def indicator_metadata() -> MetaData:
    metadata = MetaData()
    add_indicator_tables(metadata)
    return metadata
