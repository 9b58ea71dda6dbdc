"""Flask extensions, created unbound and initialised in ``create_app``."""

from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from schemas.common import ProblemSchema
from service.errors import PROBLEM_JSON

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a constraint naming convention (stable Alembic names)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ProblemApi(Api):
    """flask-smorest's Api, documenting every error response as RFC 9457 problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        self.DEFAULT_RESPONSE_CONTENT_TYPE = PROBLEM_JSON
        try:
            super()._register_responses()
        finally:
            del self.DEFAULT_RESPONSE_CONTENT_TYPE  # back to the class's application/json


db = SQLAlchemy(model_class=Base)
api = ProblemApi()
