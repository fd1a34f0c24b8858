"""Laravel-shaped error responses: every error body carries an actionable ``message``.

- 401 ``{"message": "Unauthenticated."}``
- 403 ``{"message": "This action is unauthorized.", "required_permission": "x.y"}``
- 404 ``{"message": "Customer not found."}``
- 422 ``{"message": "...", "errors": {"field": ["..."]}}``
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.extra = extra or {}
        self.headers = headers

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message, **self.extra}
        if self.errors is not None:
            body["errors"] = self.errors
        return body


def unauthenticated() -> ApiError:
    return ApiError(401, "Unauthenticated.")


def unauthorized(permission: str) -> ApiError:
    return ApiError(403, "This action is unauthorized.", extra={"required_permission": permission})


def forbidden(message: str) -> ApiError:
    return ApiError(403, message)


def not_found(model: str) -> ApiError:
    return ApiError(404, f"{model} not found.")


def conflict(message: str) -> ApiError:
    return ApiError(409, message)


def validation_failed(errors: dict[str, list[str]]) -> ApiError:
    """Laravel's summary: the first message plus "(and N more errors)"."""
    messages = [message for field_messages in errors.values() for message in field_messages]
    summary = messages[0] if messages else "The given data was invalid."
    if len(messages) > 1:
        more = len(messages) - 1
        summary += f" (and {more} more error{'s' if more > 1 else ''})"
    return ApiError(422, summary, errors=errors)


def error_response(error: ApiError, request: Request) -> Response:
    ctx = request.app.state.ctx
    if ctx.defects.on("error_with_empty_body") and error.status == 404:
        from reference_api.defects.preflight import error_with_empty_body

        return error_with_empty_body(error)
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves on this path (one route per method, so Starlette's own
    ``Allow`` names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "\x00"})
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def install_error_handlers(app: FastAPI) -> None:
    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(exc, request)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        messages = {404: "Not found.", 405: "Method not allowed."}
        message = messages.get(exc.status_code, str(exc.detail))
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return JSONResponse({"message": message}, status_code=exc.status_code, headers=headers)

    async def on_request_validation(request: Request, exc: Exception) -> Response:
        # Handlers validate their own input; this only fires for a malformed framework-level parameter.
        assert isinstance(exc, RequestValidationError)
        errors: dict[str, list[str]] = {}
        for item in exc.errors():
            field = str(item["loc"][-1]) if item.get("loc") else "request"
            errors.setdefault(field, []).append(f"The {field} field is invalid.")
        return error_response(validation_failed(errors), request)

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_request_validation)
