"""Schema names of the registry, importable without SQLAlchemy (the QGIS side needs them)."""

SCHEMA = "assetreg"  # data tables and code lists (alembic)
APP_SCHEMA = "assetreg_app"  # views and functions, rebuilt on every upgrade (db/app/)
AREA_LEVELS = ("district", "street", "community")  # the levels of assetreg.admin_area, widest first
