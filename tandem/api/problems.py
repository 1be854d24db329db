"""RFC 9457 problem details for every API error: type, title, status, detail and errors [{field, code, message}]."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_TYPE = "https://tandem.example/problems/"
CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Your request is not valid",
    401: "You need to authenticate",
    403: "You do not have permission",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict: the record has changed since you read it",
    415: "Unsupported media type",
    422: "The request cannot be processed",
    428: "A precondition is required",
    429: "Too many requests",
    500: "Server error",
}


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if not prefix else f"{prefix}.{key}"
            if key == "non_field_errors":
                name = prefix
            errors.extend(_flatten(value, name))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list) and not isinstance(value, exceptions.ErrorDetail):
                errors.extend(_flatten(value, f"{prefix}[{index}]" if prefix else f"[{index}]"))
            else:
                errors.extend(_flatten(value, prefix))
    else:
        code = getattr(detail, "code", "invalid") or "invalid"
        errors.append({"field": prefix, "code": str(code), "message": str(detail)})
    return errors


def problem_body(
    status: int, *, detail: str = "", errors: list[dict[str, str]] | None = None, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + HTTPStatus(status).phrase.lower().replace(" ", "-").replace("'", ""),
        "title": TITLES.get(status, HTTPStatus(status).phrase),
        "status": status,
        "detail": detail or HTTPStatus(status).description,
    }
    body["errors"] = errors or []
    body.update(extra)
    return body


def problem_response(
    status: int, *, detail: str = "", errors: list[dict[str, str]] | None = None, **extra: Any
) -> HttpResponse:
    """A problem response outside DRF (middleware, error handlers)."""
    return HttpResponse(
        json.dumps(problem_body(status, detail=detail, errors=errors, **extra)),
        status=status,
        content_type=CONTENT_TYPE,
    )


class Problem(exceptions.APIException):
    """Raise from an API view for a specific problem (for example 409 with both versions, or 422)."""

    def __init__(self, status: int, detail: str, *, errors: list[dict[str, str]] | None = None, **extra: Any) -> None:
        super().__init__(detail=detail)
        self.status_code = status
        self.errors = errors or []
        self.extra = extra


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found, or you do not have access to it")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    if isinstance(exc, Problem):
        body = problem_body(status, detail=str(exc.detail), errors=exc.errors, **exc.extra)
    elif isinstance(exc, exceptions.ValidationError):
        body = problem_body(status, detail="Check the errors and try again", errors=_flatten(exc.detail))
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        body = problem_body(status, detail=str(detail) if not isinstance(detail, dict | list) else "", errors=[])
        if isinstance(detail, dict | list):
            body["errors"] = _flatten(detail)
    response.data = body
    response.content_type = CONTENT_TYPE
    return response


PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "errors"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "code", "message"],
                "properties": {"field": {"type": "string"}, "code": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
    "additionalProperties": True,
}


def add_problem_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular hook: document the problem-details errors every operation can return."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            codes = ["401", "403", "404", "500"]
            if method in {"post", "put", "patch"}:
                codes += ["400", "415", "422"]
            for code in codes:
                responses.setdefault(
                    code,
                    {"description": TITLES[int(code)], "content": {CONTENT_TYPE: {"schema": ref}}},
                )
    return result
