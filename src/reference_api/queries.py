"""Query-string parsing for list endpoints, matching the spec's parameter schemas exactly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams

from reference_api.db import Database
from reference_api.errors import validation_failed
from reference_api.openapi.schemas import INVOICE_STATUSES, MAX_PAGE, MAX_PER_PAGE

DEFAULT_PER_PAGE = 15
MAX_SEARCH_LENGTH = 255


@dataclass(frozen=True)
class Page:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


class QueryReader:
    """Reads and validates parameters; collects every problem, then raises one Laravel 422."""

    def __init__(self, params: QueryParams) -> None:
        self.params = params
        self.errors: dict[str, list[str]] = {}

    def _fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.params.get(name)
        if raw is None:
            return default
        if not raw.isascii() or not raw.isdigit():
            self._fail(name, f"The {name} field must be an integer.")
            return default
        value = int(raw)
        if value < low:
            self._fail(name, f"The {name} field must be at least {low}.")
        elif value > high:
            self._fail(name, f"The {name} field must not be greater than {high}.")
        return value

    def text(self, name: str) -> str | None:
        raw = self.params.get(name)
        if raw is not None and len(raw) > MAX_SEARCH_LENGTH:
            self._fail(name, f"The {name} field must not be greater than {MAX_SEARCH_LENGTH} characters.")
            return None
        return raw or None

    def choice(self, name: str, choices: tuple[str, ...]) -> str | None:
        raw = self.params.get(name)
        if raw is not None and raw not in choices:
            self._fail(name, f"The selected {name} is invalid.")
            return None
        return raw

    def identifier(self, name: str, db: Database) -> Any:
        raw = self.params.get(name)
        if raw is None:
            return None
        value = db.parse_id(raw)
        if value is None:
            kind = "an integer" if db.ids == "int" else "a valid UUID"
            self._fail(name, f"The {name} field must be {kind}.")
        return value

    def page(self, *, unbounded_per_page: bool = False) -> Page:
        per_page_limit = 10**6 if unbounded_per_page else MAX_PER_PAGE
        # ``cursor``: the ``next_cursor`` of the items envelope (a page number, opaque to clients)
        number = "cursor" if "cursor" in self.params else "page"
        return Page(
            self.integer(number, 1, 1, MAX_PAGE),
            self.integer("per_page", DEFAULT_PER_PAGE, 1, per_page_limit),
        )

    def status(self) -> str | None:
        return self.choice("status", INVOICE_STATUSES)

    def done(self) -> None:
        if self.errors:
            raise validation_failed(self.errors)


def like_pattern(term: str) -> str:
    """A LIKE pattern matching ``term`` anywhere, with LIKE's wildcards escaped (``ESCAPE '\\'``)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
