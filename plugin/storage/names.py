"""Schema names of the registry, importable without SQLAlchemy (the QGIS side needs them)."""

SCHEMA = "assetreg"  # data tables and code lists (alembic)
APP_SCHEMA = "assetreg_app"  # views and functions, rebuilt on every upgrade (db/app/)
AREA_LEVELS = ("district", "street", "community")  # the levels of assetreg.admin_area, widest first
# Revision 0011: the class a form names for a new asset, from which the registry makes its identifier,
# and the default of the NOT NULL columns the registry fills for a new asset (db/app/22_edit_defaults.sql)
COMPONENT_CLASS = "component_class"
FILLED_ON_SAVE = f"{SCHEMA}.filled_on_save()"
LOCATED_GRID = "located_grid"  # the unit grid a row lies in, found by spatial join
CASE_TABLE = "work_order"
# Fields of the work-order record that the registry holds elsewhere rather than in a column:
# the components a case concerns are rows of the link table (a case may concern several),
# and its unit grid is found from its location by spatial join, like an asset's.
CASE_FIELDS_HELD_ELSEWHERE = {"component_id": "work_order_asset", "grid_code": LOCATED_GRID}
