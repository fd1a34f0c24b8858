"""Validate tenants.yaml against the JSON Schema shipped in the package."""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import jsonschema
from referencing import Registry, Resource

from tenantprobe.core.config.errors import Problem

_SCHEMA_PACKAGE = "tenantprobe.core.config.schema"
_MAIN = "tenants.schema.json"
_SUFFIX = ".schema.json"


def _schema_files(folder: Traversable) -> dict[str, dict[str, Any]]:
    return {
        entry.name: json.loads(entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(_SUFFIX)
    }


def family_block_schemas() -> dict[str, dict[str, Any]]:
    """Each family's tenants.yaml block schema, ``families/<name>/<block>.schema.json``, by file name.

    Read as data from the family packages (nothing of theirs is imported: they sit above this
    layer), so a family adds its block in its own package and no other file names it.
    """
    families = resources.files("tenantprobe").joinpath("families")
    found: dict[str, dict[str, Any]] = {}
    for package in sorted(families.iterdir(), key=lambda entry: entry.name):
        if not package.is_dir():
            continue
        for name, document in _schema_files(package).items():
            if name in found:
                block = name.removesuffix(_SUFFIX)
                raise ValueError(f"two families declare the tenants.yaml block {block!r}")
            found[name] = document
    return found


def composed_schema(main: dict[str, Any], blocks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The top-level schema with a ``$ref`` to each family's block under its name."""
    properties = dict(main.get("properties", {}))
    for name in sorted(blocks):
        block = name.removesuffix(_SUFFIX)
        if block in properties:
            raise ValueError(f"a family's block {block!r} is also a key of {_MAIN}: rename its block")
        properties[block] = {"$ref": name}
    return main | {"properties": properties}


@cache
def _validator() -> jsonschema.protocols.Validator:
    own = _schema_files(resources.files(_SCHEMA_PACKAGE))
    blocks = family_block_schemas()
    documents = own | blocks
    registry: Registry[Any] = Registry().with_resources(
        (name, Resource.from_contents(document)) for name, document in documents.items()
    )
    main = composed_schema(own[_MAIN], blocks)
    cls = jsonschema.validators.validator_for(main)
    validator: jsonschema.protocols.Validator = cls(main, registry=registry)
    return validator


def block_names() -> tuple[str, ...]:
    """The top-level keys whose schema is a file of its own (``$ref: <block>.schema.json``)."""
    properties = _validator().schema.get("properties", {})
    return tuple(
        name for name, schema in properties.items() if str(schema.get("$ref", "")).endswith(".schema.json")
    )


def schema_problems(data: Any, lines: dict[tuple[str | int, ...], int]) -> list[Problem]:
    """One problem per schema violation, with did-you-mean for misspelt keys."""
    problems = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(error.schema.get("properties", {}))
            for key in _unexpected_keys(error.instance, error.schema):
                problems.append(_unknown_key((*path, key), allowed, lines))
            continue
        problems.append(Problem(path, _problem_text(error), _line(path, lines), _fix(error)))
    return problems


def _unexpected_keys(instance: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    known = set(schema.get("properties", {}))
    return [key for key in instance if key not in known]


def _unknown_key(path: tuple[str | int, ...], allowed: list[str], lines: dict[Any, int]) -> Problem:
    key = str(path[-1])
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    fix = f"did you mean `{close[0]}`?" if close else f"allowed keys here: {', '.join(sorted(allowed))}"
    return Problem(path, "is not a known key", _line(path, lines), fix)


def _line(path: tuple[str | int, ...], lines: dict[Any, int]) -> int | None:
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)


def _problem_text(error: jsonschema.ValidationError) -> str:
    if error.validator == "type":
        return (
            f"must be of type {error.validator_value}, got {type(error.instance).__name__} {error.instance!r}"
        )
    if error.validator == "enum":
        return f"must be one of {', '.join(map(repr, error.validator_value))}, got {error.instance!r}"
    if error.validator == "required":
        return str(error.message).replace("is a required property", "is required here")
    return str(error.message)


def _fix(error: jsonschema.ValidationError) -> str:
    description = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    return f"see the tenants.yaml reference in the README ({description})" if description else ""
