"""alembic environment: runs on the connection that assetreg hands over (see storage/migrate.py)."""

from alembic import context
from sqlalchemy import text

SCHEMA = "assetreg"

connection = context.config.attributes["connection"]
connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
context.configure(
    connection=connection,
    version_table="alembic_version",
    version_table_schema=SCHEMA,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
