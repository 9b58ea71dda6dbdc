"""The Alembic migrations build exactly the schema the models declare, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from service.database import alembic_config
from service.extensions import db


def test_database_is_at_head_and_matches_models(app):
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        head = ScriptDirectory.from_config(alembic_config(str(db.engine.url))).get_current_head()
        assert context.get_current_revision() == head
        assert compare_metadata(context, db.metadata) == []
