"""``/healthz`` (the process is up) and ``/readyz`` (database reachable, models loaded)."""

from __future__ import annotations

from flask import abort
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text

from ml.pipeline import QuotePipeline
from service.extensions import db

blp = Blueprint("health", __name__, description="Liveness and readiness.")


class HealthSchema(Schema):
    """Health status."""

    status = fields.String()
    database = fields.String()
    extractor = fields.String()
    stance_model = fields.String()


@blp.route("/healthz")
@blp.response(200, HealthSchema)
def healthz():
    """Liveness: the process answers."""
    return {"status": "ok"}


@blp.route("/readyz")
@blp.response(200, HealthSchema)
@blp.alt_response(503, description="Not ready: database unreachable or models not loaded.")
def readyz():
    """Readiness: the database answers and the models are loaded."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any driver error means not ready
        db.session.rollback()
        abort(503, "The database is unreachable.")
    try:
        pipeline = QuotePipeline.shared()
    except Exception:
        abort(503, "The models could not be loaded.")
    return {
        "status": "ok",
        "database": db.engine.dialect.name,
        "extractor": pipeline.extractor_version,
        "stance_model": pipeline.stance_version,
    }
