"""The HTTP API against its own OpenAPI document: schemathesis generates valid and invalid
requests for every operation and checks each answer (no server error, the documented status,
content type and schema; invalid input rejected) on real SQLite and PostgreSQL databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation.modes import GenerationMode

from ml.paths import SEEDS_DIR
from service import create_app
from service.seeds import load_seed_articles

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture(scope="module")
def contract_app(module_database_url) -> Iterator[Flask]:
    """An app on a database of its own (generated articles must not reach the shared one),
    holding one seed article posted through the API, so quotes, speakers and stances exist."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": module_database_url,
            "TESTING": True,
            "QUOTEWISE_LOAD_SEEDS": False,
        }
    )
    seed = load_seed_articles(SEEDS_DIR)[0]
    body = {
        "text": seed.text,
        "outlet": seed.outlet,
        "title": seed.title,
        "published_at": seed.published_at.isoformat(),
    }
    assert app.test_client().post("/articles", json=body).status_code == 201
    yield app
    from service.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_honours_its_openapi_contract(contract_app, mode):
    schema = schemathesis.openapi.from_wsgi("/openapi.json", contract_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    if mode is GenerationMode.NEGATIVE:  # only what takes input can be given invalid input
        operations = [op for op in operations if op.path_parameters or op.query or op.body]

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=40,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        def honours_contract(case) -> None:
            case.call_and_validate(checks=CHECKS)

        honours_contract()
