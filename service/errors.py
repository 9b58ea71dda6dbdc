"""RFC 9457 problem details for every error the API returns."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, json, request
from werkzeug.exceptions import HTTPException, InternalServerError

PROBLEM_JSON = "application/problem+json"


def problem(status: int, title: str, detail: str | None = None, **extra: Any) -> Response:
    """A ``application/problem+json`` response."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body["instance"] = request.path
    body.update(extra)
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)


def _validation_status(messages: dict[str, Any]) -> int:
    """400 for invalid query/path parameters or an unparsable body; 422 for invalid fields."""
    body = messages.get("json")
    return 422 if isinstance(body, dict) else 400


def handle_http_exception(error: HTTPException) -> Response:
    """Render any HTTP error (including flask-smorest/webargs validation) as a problem."""
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if messages:
        status = _validation_status(messages)
        return problem(
            status,
            "Invalid request" if status == 400 else "Invalid request body",
            "One or more fields failed validation; see 'errors'.",
            errors=messages,
        )
    status = error.code or 500
    return problem(status, error.name, data.get("message") or error.description)


def handle_unexpected(error: Exception) -> Response:
    """Log an unexpected error and answer a generic 500 problem."""
    from flask import current_app

    current_app.logger.exception("unhandled error", exc_info=error)
    return problem(500, InternalServerError.name, "The server failed to handle the request.")


def register_error_handlers(app: Flask) -> None:
    """Route every error through problem+json."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
