"""Database tables derived from the standard through GeoAlchemy2.

Columns, NOT NULL, CHECK constraints (patterns, ranges, lengths) and foreign
keys to code-list tables all come from the compiled family schema; nothing
here repeats a field of the standard by hand.
"""

from __future__ import annotations

from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
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
from sqlalchemy.dialects.postgresql import JSONB, TIMESTAMP, UUID

from ..core.standard import Codelist, Family, Field, Profile, Standard
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


def codelist_rows(codelist: Codelist) -> list[dict[str, Any]]:
    return [
        {"code": code, "label_zh": codelist.label(code, "zh"), "label_en": codelist.label(code, "en"), "sort_order": order}
        for order, code in enumerate(codelist.codes, start=1)
    ]


def _column_type(spec: Field) -> Any:
    schema = spec.schema
    if spec.format == "date":
        return Date
    if spec.json_type == "integer":
        return Integer
    if spec.json_type == "boolean":
        return Boolean
    if spec.json_type == "number":
        return Double
    if "maxLength" in schema:
        return String(schema["maxLength"])
    return Text


def _checks(table: str, spec: Field) -> list[CheckConstraint]:
    schema, column = spec.schema, spec.name
    checks = []
    if "pattern" in schema:
        pattern = schema["pattern"].replace("'", "''")
        checks.append(f"{column} ~ '{pattern}'")
    for keyword, operator in (("minimum", ">="), ("maximum", "<="), ("exclusiveMinimum", ">"), ("exclusiveMaximum", "<")):
        if keyword in schema:
            checks.append(f"{column} {operator} {schema[keyword]!r}")
    if schema.get("minLength"):
        checks.append(f"char_length({column}) >= {int(schema['minLength'])}")
    return [CheckConstraint(expr, name=f"{table}_{column}_{index}") for index, expr in enumerate(checks, start=1)]


def _field_column(spec: Field) -> Column:
    args: list[Any] = [spec.name, _column_type(spec)]
    if spec.codelist:
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
        Column("created_at", TIMESTAMP(timezone=True), nullable=False, server_default=text("now()")),
        Column("updated_at", TIMESTAMP(timezone=True), nullable=False, server_default=text("now()")),
        *constraints,
        Index(f"{family.table}_geom_idx", "geom", postgresql_using="gist"),
        comment=f"{family.title_zh} / {family.title_en}",
        schema=SCHEMA,
    )


def _work_order_table(metadata: MetaData) -> Table:
    """The first slice of work orders: enough for outages and the lighting rate."""
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


def build_metadata(standard: Standard, profile: Profile, families: tuple[str, ...] | None = None) -> MetaData:
    metadata = MetaData()
    for codelist in standard.codelists.values():
        _codelist_table(metadata, codelist)
    for name in families or tuple(standard.families):
        _family_table(metadata, standard.family(name), profile.registry_srid)
    _work_order_table(metadata)
    _city_profile_table(metadata)
    return metadata
