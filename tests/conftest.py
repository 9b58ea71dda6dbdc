"""Fixtures: the app on a real SQLite file and on a real PostgreSQL database.

PostgreSQL tests use a fresh database created on the server of
``QUOTEWISE_TEST_POSTGRES_URL`` (default: the local trust-auth server's ``test`` database)
and dropped afterwards. Where no server answers they are skipped, unless
``QUOTEWISE_REQUIRE_POSTGRES=1`` (as in CI), where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from service import create_app

PG_URL = os.environ.get(
    "QUOTEWISE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _postgres_database() -> Iterator[str]:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # no server here
        admin.dispose()
        if os.environ.get("QUOTEWISE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required but unreachable at {PG_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL}")
    name = f"quotewise_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _empty_database(backend: str, tmp_path_factory) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'quotewise.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> Iterator[str]:
    """A URL of an empty database of each backend, shared by the session."""
    yield from _empty_database(request.param, tmp_path_factory)


@pytest.fixture(scope="module", params=BACKENDS)
def module_database_url(request, tmp_path_factory) -> Iterator[str]:
    """A URL of an empty database of each backend, for one test module alone."""
    yield from _empty_database(request.param, tmp_path_factory)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    """The app on a fresh database, seeds ingested at start-up (shared by the session)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})
    yield app
    from service.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture()
def client(app):
    """A test client of the app."""
    return app.test_client()
