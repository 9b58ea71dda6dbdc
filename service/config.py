"""Configuration from ``QUOTEWISE_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ml.paths import SEEDS_DIR


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def database_url(instance_path: str) -> str:
    """``QUOTEWISE_DATABASE_URL`` (PostgreSQL URLs use psycopg 3), else a SQLite file."""
    url = os.environ.get("QUOTEWISE_DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(instance_path) / 'quotewise.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def from_environment(instance_path: str) -> dict[str, Any]:
    """The app's configuration, read from the environment."""
    return {
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "QUOTEWISE_LOAD_SEEDS": _bool("QUOTEWISE_LOAD_SEEDS", True),
        "QUOTEWISE_SEEDS_DIR": Path(os.environ.get("QUOTEWISE_SEEDS_DIR", SEEDS_DIR)),
        "QUOTEWISE_PAGE_SIZE": int(os.environ.get("QUOTEWISE_PAGE_SIZE", "50")),
        "QUOTEWISE_MAX_ARTICLE_CHARS": int(
            os.environ.get("QUOTEWISE_MAX_ARTICLE_CHARS", str(2_000_000))
        ),
        "API_TITLE": "Quotewise",
        "API_VERSION": "1.0",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "/docs",
        "OPENAPI_SWAGGER_UI_URL": "https://cdn.jsdelivr.net/npm/swagger-ui-dist/",
        "API_SPEC_OPTIONS": {
            "info": {
                "description": "Who said what, and where they stand: attributed quotations "
                "extracted from news, resolved to canonical speakers, with model-scored "
                "stance toward a target."
            }
        },
    }
