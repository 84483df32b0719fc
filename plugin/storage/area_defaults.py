"""Defaults for new assets by area (issue 17): the competent department and maintainer a new asset of a
district, street or community gets when it comes without them (assetreg.area_default, read by
db/app/22_edit_defaults.sql). One function per action, which ``assetreg areas defaults`` and the
Processing algorithm ``asset_registry:area_defaults`` both call; the database's grants decide who may
write (editors and admins, 90_roles.sql).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import psycopg2

from ..core.errors import InputError, RefusedError
from ..core.messages import Given, Message, msg
from ..core.standard import Standard
from .connection import connection

# the two kinds of default, named as the profile's new_asset_defaults block and the table's columns name them
KINDS = ("competent_dept", "maintainer")
AREA_CODE_LENGTHS = (6, 9, 12)  # district, street, community (the table's CHECK area_default_area_code)


@dataclass(frozen=True)
class AreaDefault:
    area_code: str
    area_name: str  # the loaded area's name; empty where the area is not loaded
    family: str  # a family table, or "" for every family
    competent_dept: tuple[str, str] | None
    maintainer: tuple[str, str] | None


def _check_area(area_code: str) -> None:
    if not (area_code.isdigit() and len(area_code) in AREA_CODE_LENGTHS):
        raise InputError("area_defaults.bad_area", code=area_code, lengths="/".join(map(str, AREA_CODE_LENGTHS)))


def _family_table(standard: Standard, family: str | None) -> str:
    if not family:
        return ""
    families = standard.families
    if family not in families:
        raise InputError("area_defaults.unknown_family", family=family, known=", ".join(families))
    return families[family].table


def _check_organisation(standard: Standard, kind: str, value: tuple[str, str]) -> None:
    """The code and name as the standard's component fields demand them (pattern, length)."""
    any_family = next(iter(standard.families.values()))
    code, name = value
    code_field, name_field = any_family.field(f"{kind}_code"), any_family.field(f"{kind}_name")
    if not re.fullmatch(code_field.schema["pattern"], code):
        raise InputError("area_defaults.bad_code", field=Given(code_field.titles), code=code)
    if not name.strip() or len(name) > name_field.schema.get("maxLength", len(name)):
        raise InputError("area_defaults.bad_name", field=Given(name_field.titles), limit=name_field.schema.get("maxLength"))


def _refused(exc: psycopg2.Error) -> RefusedError:
    if isinstance(exc, psycopg2.errors.InsufficientPrivilege):
        return RefusedError("area_defaults.not_allowed")
    return RefusedError("area_defaults.database_refused", reason=(exc.pgerror or str(exc)).strip().splitlines()[0])


def set_area_default(
    dsn: str,
    standard: Standard,
    area_code: str,
    family: str | None = None,
    competent_dept: tuple[str, str] | None = None,
    maintainer: tuple[str, str] | None = None,
) -> AreaDefault:
    """Set the defaults of an area (for one family, or every family); a kind not given keeps its value."""
    _check_area(area_code)
    table = _family_table(standard, family)
    given = {kind: value for kind, value in zip(KINDS, (competent_dept, maintainer), strict=True) if value is not None}
    if not given:
        raise InputError("area_defaults.nothing_to_set")
    for kind, value in given.items():
        _check_organisation(standard, kind, value)
    columns = [f"{kind}_{part}" for kind in given for part in ("code", "name")]
    values = [part for value in given.values() for part in value]
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in columns)
    try:
        with connection(dsn) as conn, conn, conn.cursor() as cur:
            cur.execute(
                f"INSERT INTO assetreg.area_default (area_code, family, {', '.join(columns)})"
                f" VALUES (%s, %s{', %s' * len(values)})"
                f" ON CONFLICT (area_code, family) DO UPDATE SET {updates}",
                (area_code, table, *values),
            )
    except psycopg2.Error as exc:
        raise _refused(exc) from None
    return next(row for row in list_area_defaults(dsn) if (row.area_code, row.family) == (area_code, table))


def clear_area_default(dsn: str, standard: Standard, area_code: str, family: str | None = None) -> int:
    """Remove the defaults of an area (for one family, or the row for every family); the rows removed."""
    _check_area(area_code)
    table = _family_table(standard, family)
    try:
        with connection(dsn) as conn, conn, conn.cursor() as cur:
            cur.execute("DELETE FROM assetreg.area_default WHERE area_code = %s AND family = %s", (area_code, table))
            return cur.rowcount
    except psycopg2.Error as exc:
        raise _refused(exc) from None


def list_area_defaults(dsn: str) -> list[AreaDefault]:
    """Every area default, by area code and family (the row for every family first)."""
    try:
        with connection(dsn) as conn, conn.cursor() as cur:
            cur.execute(
                "SELECT d.area_code, coalesce(a.name, ''), d.family, d.competent_dept_code, d.competent_dept_name,"
                "       d.maintainer_code, d.maintainer_name"
                "  FROM assetreg.area_default d LEFT JOIN assetreg.admin_area a ON a.code = d.area_code"
                " ORDER BY d.area_code, d.family"
            )
            rows = cur.fetchall()
    except psycopg2.Error as exc:
        raise _refused(exc) from None
    return [
        AreaDefault(code, name, family, (dept_code, dept_name) if dept_code else None, (m_code, m_name) if m_code else None)
        for code, name, family, dept_code, dept_name, m_code, m_name in rows
    ]


def profile_defaults(dsn: str) -> AreaDefault:
    """What the stored city profile's new_asset_defaults give where no area default applies (area code "")."""
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT p.body -> 'new_asset_defaults' FROM assetreg.city_profile p")
        found = cur.fetchone()
    block = (found[0] if found else None) or {}
    kinds = [(block[kind]["code"], block[kind]["name"]) if kind in block else None for kind in KINDS]
    return AreaDefault("", "", "", *kinds)


def row_params(row: AreaDefault) -> dict[str, Message]:
    """The parameters of the messages area_defaults.row and .set_done, in each language."""

    def organisation(value: tuple[str, str] | None) -> Message:
        return Given({"zh": f"{value[0]} {value[1]}", "en": f"{value[0]} {value[1]}"}) if value else msg("area_defaults.none")

    return {
        "area": Given({"zh": row.area_code, "en": row.area_code}),
        "area_name": Given({"zh": row.area_name, "en": row.area_name}) if row.area_name else msg("area_defaults.not_loaded"),
        "family": Given({"zh": row.family, "en": row.family}) if row.family else msg("area_defaults.every_family"),
        "competent_dept": organisation(row.competent_dept),
        "maintainer": organisation(row.maintainer),
    }
