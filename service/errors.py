"""RFC 9457 problem details for every error the API returns."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, Response, current_app, json, request
from werkzeug.exceptions import HTTPException

PROBLEM_JSON = "application/problem+json"


def problem(
    status: int,
    title: str,
    detail: str | None = None,
    headers: Iterable[tuple[str, str]] = (),
    **extra: Any,
) -> Response:
    """A ``application/problem+json`` response (with ``headers`` such as 405's Allow)."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body["instance"] = request.path
    body.update(extra)
    return Response(json.dumps(body), status=status, headers=headers, mimetype=PROBLEM_JSON)


def handle_http_exception(error: HTTPException) -> Response:
    """Render any HTTP error as a problem, keeping its headers (Allow, Retry-After…).

    Validation errors of flask-smorest/webargs carry the status their endpoint declares:
    400 for query parameters and unparsable bodies, 422 for invalid fields of a body."""
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if messages:
        return problem(
            status,
            "Invalid request" if status == 400 else "Invalid request body",
            "One or more fields failed validation; see 'errors'.",
            headers,
            errors=messages,
        )
    return problem(status, error.name, data.get("message") or error.description, headers)


def handle_unexpected(error: Exception) -> Response:
    """Log an unexpected error and answer a generic 500 problem."""
    current_app.logger.exception("unhandled error", exc_info=error)
    return problem(500, "Internal Server Error", "The server failed to handle the request.")


def register_error_handlers(app: Flask) -> None:
    """Route every error through problem+json."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
