"""The Quotewise web service: app factory and registration of its parts."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from ml.pipeline import QuotePipeline, default_target
from ml.speakers import SpeakerRegistry
from service import database
from service.config import from_environment
from service.errors import register_error_handlers
from service.extensions import api, db

log = logging.getLogger(__name__)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app: configuration from the environment (overridden by ``config``),
    extensions, blueprints, problem+json errors; then migrate the database, synchronise the
    speaker registry and, on an empty database, ingest the seed articles."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(from_environment(app.instance_path))
    if config:
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    with app.app_context():
        prepare_database(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind SQLAlchemy and flask-smorest to the app."""
    db.init_app(app)
    api.init_app(app)


def register_blueprints(app: Flask) -> None:
    """One blueprint per resource."""
    from service.blueprints import articles, health, quotes, speakers

    for module in (quotes, speakers, articles, health):
        api.register_blueprint(module.blp)


def prepare_database(app: Flask) -> None:
    """``alembic upgrade head``, registry sync, and the seeds on first start."""
    from service.ingest import ingest_many
    from service.models import Article
    from service.seeds import load_seed_articles
    from service.speakers import sync_registry

    database.upgrade(db.engine)
    sync_registry(db.session, SpeakerRegistry.load())
    db.session.commit()
    if app.config["QUOTEWISE_LOAD_SEEDS"] and not db.session.scalar(select(func.count(Article.id))):
        items = load_seed_articles(app.config["QUOTEWISE_SEEDS_DIR"])
        ingest_many(items, QuotePipeline.shared(), default_target())
        log.info("ingested %d seed articles", len(items))
