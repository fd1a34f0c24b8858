"""Is the target's spec a valid OpenAPI document? (openapi-spec-validator, offline.)"""

from __future__ import annotations

from typing import Any

from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

MAX_SPEC_ERRORS = 10


def spec_validation_errors(spec: dict[str, Any]) -> list[str]:
    """Each validation error as one line ``at <path>: <reason>``; empty when the spec is valid."""
    version = str(spec.get("openapi", ""))
    if version.startswith("3.0"):
        validator_class: type[Any] = OpenAPIV30SpecValidator
    elif version.startswith("3.1"):
        validator_class = OpenAPIV31SpecValidator
    else:
        return [f"`openapi: {version or '(missing)'}` is not a version this harness reads (3.0 or 3.1)"]
    errors: list[str] = []
    try:
        for error in validator_class(spec).iter_errors():
            errors.append(_error_text(error))
            if len(errors) >= MAX_SPEC_ERRORS:
                errors.append(f"(stopped after {MAX_SPEC_ERRORS} errors)")
                break
    except Exception as exc:  # noqa: BLE001 — the validator raises on unresolvable $refs and the like
        errors.append(f"the validator stopped: {exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}")
    return errors


def _error_text(error: Any) -> str:
    path = "/".join(str(part) for part in getattr(error, "absolute_path", ()) or ())
    reason = str(getattr(error, "message", error)).splitlines()[0][:200]
    return f"at `/{path}`: {reason}"
