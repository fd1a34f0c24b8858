"""References across files made local: each document a ``$ref`` names is copied into the spec.

``$ref: schemas.yaml#/Customer`` (relative to the spec's own file or URL) becomes
``$ref: '#/x-tenantprobe-bundled/<document>/Customer'``, and that document's own references are
rewritten the same way, so every reader (ours and schemathesis) follows only local references.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import yaml

from tenantprobe.core.json_pointer import escape

BUNDLED = "x-tenantprobe-bundled"
_MAX_DOCUMENTS = 64


class BundleError(ValueError):
    """A referenced document cannot be read."""


def bundle(spec: dict[str, Any], location: str, timeout_s: float = 10.0) -> dict[str, Any]:
    """``spec`` with every reference to another document made local; unchanged when there are none."""
    if not _has_external(spec):
        return spec
    bundled: dict[str, Any] = {}
    pending: list[tuple[str, Any, str]] = []  # (document location, node to rewrite, its root pointer)
    result: dict[str, Any] = _rewrite(dict(spec), location, "", bundled, pending, timeout_s)
    while pending:
        doc_location, node, root = pending.pop()
        bundled[doc_location] = _rewrite(node, doc_location, root, bundled, pending, timeout_s)
    result[BUNDLED] = {name: value for name, value in bundled.items() if value is not None}
    return result


def _has_external(node: Any) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                return True
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return False


def _rewrite(
    node: Any, location: str, root: str, bundled: dict[str, Any], pending: list[tuple[str, Any, str]],
    timeout_s: float,
) -> Any:  # fmt: skip
    """A copy of ``node`` whose references point into the bundled spec."""
    if isinstance(node, list):
        return [_rewrite(value, location, root, bundled, pending, timeout_s) for value in node]
    if not isinstance(node, dict):
        return node
    copied = {
        key: _rewrite(value, location, root, bundled, pending, timeout_s) for key, value in node.items()
    }
    ref = node.get("$ref")
    if isinstance(ref, str):
        document, _, fragment = ref.partition("#")
        if not document:
            copied["$ref"] = f"#{root}{fragment}"
        else:
            target = _absolute(location, document)
            if target not in bundled:
                if len(bundled) >= _MAX_DOCUMENTS:
                    raise BundleError(f"more than {_MAX_DOCUMENTS} documents referenced from {location}")
                bundled[target] = None  # placeholder: a reference cycle between files ends here
                pending.append((target, _load(target, timeout_s), f"/{BUNDLED}/{escape(target)}"))
            copied["$ref"] = f"#/{BUNDLED}/{escape(target)}{fragment}"
    return copied


def _absolute(base: str, reference: str) -> str:
    if reference.startswith(("http://", "https://")) or base.startswith(("http://", "https://")):
        return urljoin(base, reference)
    return str((Path(base).parent / reference).resolve())


def _load(location: str, timeout_s: float) -> Any:
    try:
        if location.startswith(("http://", "https://")):
            response = httpx.get(location, timeout=timeout_s, follow_redirects=True)
            response.raise_for_status()
            raw = response.content
        else:
            raw = Path(location).read_bytes()
    except (OSError, httpx.HTTPError) as exc:
        raise BundleError(f"cannot read `{location}`, which the spec's `$ref`s name: {exc}") from None
    try:
        return json.loads(raw) if raw.lstrip()[:1] in (b"{", b"[") else yaml.safe_load(raw)
    except (ValueError, yaml.YAMLError) as exc:
        raise BundleError(
            f"`{location}`, which the spec's `$ref`s name, is neither JSON nor YAML: {exc}"
        ) from None
