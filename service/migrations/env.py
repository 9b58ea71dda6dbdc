"""Alembic environment: migrates the connection handed over by ``service.database``."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from service import models  # noqa: F401  (registers the tables)
from service.extensions import db

config = context.config
target_metadata = db.metadata


def run_migrations(connection) -> None:
    """Run the migrations on an open connection."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as conn:
        run_migrations(conn)
