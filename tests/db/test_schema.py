"""The registry's tables are derived from the standard, and migrations are reversible."""

from __future__ import annotations

import subprocess

import psycopg2
import pytest
from asset_registry.storage import localpg, migrate

from tests.db.conftest import drop_database, query

REGISTRY_COLUMNS = [
    "created_by",
    "created_submission",
    "created_session",
    "located_grid",
    "located_at",
    "located_community",
    "located_street",
    "located_district",
    "component_class",  # revision 0011: the class a form names for a new asset
]


@pytest.mark.parametrize(
    "family_name", ["streetlight", "road_segment", "bridge", "tree", "park", "park_facility", "lighting_cabinet"]
)
def test_family_columns_are_the_standards_fields(registry, standard, family_name):
    family = standard.family(family_name)
    rows = query(
        registry,
        "SELECT column_name, is_nullable, data_type FROM information_schema.columns "
        "WHERE table_schema = 'assetreg' AND table_name = %s ORDER BY ordinal_position",
        (family.table,),
    )
    names = [r[0] for r in rows]
    # fid, the integer key QGIS reads by, is added by revision 0012
    assert names == ["uid", *family.field_names, "geom", "created_at", "updated_at", *REGISTRY_COLUMNS, "fid"]
    nullable = {r[0]: r[1] == "YES" for r in rows}
    for spec in family.fields:
        assert nullable[spec.name] == (not spec.required), spec.name


def test_streetlight_column_types(registry, standard):
    rows = query(
        registry,
        "SELECT column_name, is_nullable, data_type FROM information_schema.columns "
        "WHERE table_schema = 'assetreg' AND table_name = 'streetlight' ORDER BY ordinal_position",
    )
    family = standard.family("streetlight")
    nullable = {r[0]: r[1] == "YES" for r in rows}
    for spec in family.fields:
        assert nullable[spec.name] == (not spec.required), spec.name
    types = {r[0]: r[2] for r in rows}
    assert types["initial_date"] == "date"
    assert types["lamp_power_w"] == "double precision"
    assert types["lamp_count"] == "integer"
    assert types["uid"] == "uuid"


def test_geometry_is_in_the_profiles_crs_with_a_spatial_index(registry):
    assert query(registry, "SELECT srid, type FROM geometry_columns WHERE f_table_name = 'streetlight'") == [(4547, "POINT")]
    indexes = query(registry, "SELECT indexdef FROM pg_indexes WHERE tablename = 'streetlight'")
    assert any("gist (geom)" in row[0] for row in indexes)


def test_code_list_tables_hold_the_standards_code_lists(registry, standard):
    for name, codelist in standard.codelists.items():
        rows = query(registry, f"SELECT code, label_zh, label_en FROM assetreg.cl_{name} ORDER BY sort_order")
        assert rows == [(c, codelist.label(c, "zh"), codelist.label(c, "en")) for c in codelist.codes]


INSERT = """INSERT INTO assetreg.streetlight (component_id, name, competent_dept_code, competent_dept_name,
  grid_code, status, initial_date, lamp_type, road_class, lamp_power_w, geom)
  VALUES (%(id)s, '灯', '11440400MB2C10093Y', '局', %(grid)s, %(status)s, '2020-01-01', 'LED', 'branch', %(power)s,
  ST_SetSRID(ST_MakePoint(452000, 2462000), 4547))"""


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"grid": "12345"}, psycopg2.errors.CheckViolation),
        ({"power": -1}, psycopg2.errors.CheckViolation),
        ({"status": "exploded"}, psycopg2.errors.ForeignKeyViolation),
        ({"id": "ABC"}, psycopg2.DatabaseError),  # AR021: the identifier rules refuse it before the CHECK
    ],
)
def test_database_enforces_the_standards_constraints(registry, values, error):
    params = {"id": "44040201037000001", "grid": "440402001001001", "status": "intact", "power": 100, **values}
    with pytest.raises(error):
        query(registry, INSERT, params)
    query(registry, INSERT, {"id": "44040201037000001", "grid": "440402001001001", "status": "intact", "power": 100})
    assert query(registry, "SELECT count(*) FROM assetreg.streetlight") == [(1,)]


def test_status_reports_revision_profile_and_counts(registry):
    status = migrate.status(registry)
    assert status.up_to_date and status.current == migrate.head_revision()
    assert status.profile == "zhuhai"
    assert status.asset_counts == {
        "bridge": 0,
        "lighting_cabinet": 0,
        "park": 0,
        "park_facility": 0,
        "road_segment": 0,
        "streetlight": 0,
        "tree": 0,
    }


def test_init_creates_the_database_and_is_idempotent(server, profile):
    dsn = localpg.server_dsn("assetreg_test_init_once")
    try:
        assert migrate.init(dsn, profile) == (True, migrate.head_revision())
        assert migrate.init(dsn, profile) == (False, migrate.head_revision())
    finally:
        drop_database("assetreg_test_init_once")


def _schema_dump(dsn: str) -> str:
    params = psycopg2.extensions.parse_dsn(dsn)
    pg_dump = str(localpg._bin_dir() / "pg_dump")
    result = subprocess.run(
        [
            pg_dump,
            "--schema-only",
            "--no-owner",
            "-h",
            params["host"],
            "-p",
            params["port"],
            "-U",
            params["user"],
            params["dbname"],
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    # comments and pg_dump's random \restrict keys differ between any two dumps
    lines = [line for line in result.stdout.splitlines() if not line.startswith(("--", "\\restrict", "\\unrestrict"))]
    return "\n".join(_privileges_in_any_order(lines))


def _privileges_in_any_order(lines: list[str]) -> list[str]:
    """Each run of GRANT/REVOKE lines sorted: an object's ACL lists its grantees in the order they were
    granted, which differs between a registry upgraded over releases and a fresh one, not what they may."""
    ordered: list[str] = []
    run: list[str] = []
    for line in [*lines, ""]:
        if line.startswith(("GRANT ", "REVOKE ")):
            run.append(line)
            continue
        ordered.extend(sorted(run))
        run = []
        ordered.append(line)
    return ordered[:-1]


def test_downgrade_to_base_and_upgrade_equals_a_fresh_install(registry, empty_db, profile):
    migrate.init(empty_db, profile)
    fresh = _schema_dump(empty_db)
    assert migrate.downgrade(registry, profile, "base") is None
    assert query(registry, "SELECT to_regclass('assetreg.streetlight')") == [(None,)]
    migrate.upgrade(registry, profile)
    assert _schema_dump(registry) == fresh
    assert "lighting_rate_by_road_class" in fresh


def test_a_registry_keeps_its_profile(registry, tmp_path):
    import json

    from asset_registry.core.errors import RefusedError
    from asset_registry.core.standard import load_profile
    from asset_registry.paths import standards_dir

    body = json.loads((standards_dir() / "profiles" / "zhuhai.json").read_text(encoding="utf-8"))
    body["id"] = "elsewhere"
    path = tmp_path / "elsewhere.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(RefusedError, match="zhuhai"):
        migrate.upgrade(registry, load_profile(str(path)))


def test_every_pattern_check_is_the_standards_pattern_verbatim(registry, standard):
    rows = query(
        registry,
        "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE connamespace = 'assetreg'::regnamespace AND contype = 'c'",
    )
    definitions = {}
    for table, definition in rows:
        definitions.setdefault(table.removeprefix("assetreg."), []).append(definition)
    checked = 0
    for family in standard.families.values():
        for spec in family.fields:
            if "pattern" in spec.schema:
                quoted = spec.schema["pattern"].replace("'", "''")
                assert any(f"'{quoted}'" in d for d in definitions[family.table]), (family.table, spec.name)
                checked += 1
    assert checked > 30


def pattern_checks(dsn: str) -> dict[str, str]:
    rows = query(
        dsn,
        "SELECT conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE connamespace = 'assetreg'::regnamespace AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%%~%%'",
    )
    return dict(rows)


def test_revision_0007_gives_one_class_patterns_a_shortcut_and_downgrades(registry, empty_db, profile, standard):
    from asset_registry.storage.tables import pattern_shortcut_changes

    changed = {f"assetreg.{table}.{name}" for table, name, _, _ in pattern_shortcut_changes(standard)}
    assert "assetreg.streetlight.streetlight_component_id_1" in changed and len(changed) > 20
    # revision 0009: the patterns of several classes (the unified social credit code) after those of one
    sequences = {f"assetreg.{table}.{name}" for table, name, _, _ in pattern_shortcut_changes(standard, sequences=True)}
    assert "assetreg.streetlight.streetlight_competent_dept_code_1" in sequences and not sequences & changed
    changed |= sequences
    fresh = pattern_checks(registry)
    assert [name for name in changed if not " ".join(fresh[name].split()).startswith("CHECK ( CASE WHEN ((char_length(")] == []
    # a registry of 0006 as it was (plain expressions), holding assets, upgraded
    migrate.init(empty_db, profile)
    assert migrate.downgrade(empty_db, profile, "0006") == "0006"
    plain = pattern_checks(empty_db)
    # revision 0017 adds the cabinets' table and a light's cabinet_id CHECK
    added = {name for name in fresh if name.startswith("assetreg.lighting_cabinet.")}
    added.add("assetreg.streetlight.streetlight_cabinet_id_1")
    added.add("assetreg.work_order.work_order_collector_code_1")  # revision 0029: a historical case's collector
    assert not any("CASE" in definition for definition in plain.values()) and plain.keys() == fresh.keys() - added
    # revision 0010 also widened the snapshots' period (any period of days beside the month)
    assert {name for name in plain if fresh[name] != plain[name]} == changed - added | {
        "assetreg.kpi_snapshot.kpi_snapshot_period"
    }
    query(empty_db, INSERT, {"id": "44040201037000001", "grid": "440402001001001", "status": "intact", "power": 100})
    assert migrate.upgrade(empty_db, profile) == migrate.head_revision()
    assert _schema_dump(empty_db) == _schema_dump(registry)


# texts the shortcut passes must match the pattern; the others are the expression's to judge
SHORTCUT_SAMPLES = [
    "44040201037000001",
    "4404020103700000",
    "440402010370000012",
    "4404020103700000X",
    "44040201037000001\n",
    "\n44040201037000001",
    "４４０４０２０１０３７０００００１",
    "4404020103700000١",
    " 4404020103700001",
    "",
]


USCC = "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"  # the unified social credit code
USCC_SAMPLES = [
    "11440400MB2C10093Y",
    "91440400MA4UJXXX0Q",
    "1144040AMB2C10093Y",  # a letter among the six digits
    "11440400MB2C10093I",  # I is not in the class
    "I1440400MB2C10093Y",
    "11440400MB2C10093",
    "11440400MB2C10093YY",
    "11440400mb2c10093y",
    "11440400MB2C10093Y\n",
    "114404000000000000",
    "000000123456ABCDEF",
    "000000ABCDE123456",
    "000000ABCDE1234567",
    "000000ABCDD123456",
]


def test_the_shortcut_never_accepts_what_the_pattern_refuses(registry, standard):
    from asset_registry.storage.tables import pattern_check

    for pattern in ("^[0-9]{17}$", "^[0-9A-HJ-NPQRTUWXY]{17}$", "^[a-c0-2]{17}$", USCC, "^[0-9]{6}[A-C]{5}[0-9]{6}$"):
        shortcut = pattern_check("x", pattern).split(" THEN ")[0].removeprefix("CASE WHEN ")
        assert shortcut.startswith("char_length(x) = "), pattern
        for sample in SHORTCUT_SAMPLES + USCC_SAMPLES:
            rows = query(registry, f"SELECT ({shortcut}) IS TRUE, x ~ %(p)s FROM (SELECT %(x)s::text AS x) s",
                         {"x": sample, "p": pattern})  # fmt: skip
            passed, matches = rows[0]
            assert not passed or matches, (pattern, sample)
            if pattern in ("^[0-9]{17}$", USCC):
                assert passed == matches, (pattern, sample)  # for these, the shortcut decides alone
    params = {"id": "4404020103700000X", "grid": "440402001001001", "status": "intact", "power": 100}
    with pytest.raises(psycopg2.errors.CheckViolation):  # the CHECK itself: the identifier trigger refuses first otherwise
        query(registry, "SET session_replication_role = replica; " + INSERT, params)
