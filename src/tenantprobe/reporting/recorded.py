"""A finding as the reports folder keeps it, and its failing request ready to be sent again."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tenantprobe.core.redact import FILTERED, is_sensitive_header

# Headers the transport sets by itself, or that name the old request: never copied into a replay.
_NOT_REPLAYED = {"host", "content-length", "connection", "accept-encoding", "user-agent", "cookie"}


class ReplayError(Exception):
    """The finding cannot be replayed as asked (exit code 2); the message says why and what to do."""


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # below the base URL, without the query
    query: list[tuple[str, str]]
    headers: dict[str, str]  # without credentials: the replay adds the principal's own
    body: str
    filtered: bool  # a secret was filtered out of the URL or body: it cannot be sent back as it was

    def path_parameters(self, template: str) -> dict[str, str] | None:
        """The values of ``template``'s ``{name}`` segments in this request's path (None: no match)."""
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
        match = re.search(f"{pattern}$", self.path)
        return match.groupdict() if match else None

    def json_body(self) -> Any:
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None


def find_finding(reports: Path, finding_id: str) -> dict[str, Any]:
    """reports/findings/<id>.json (or previous-findings/, the run before); a unique id prefix is enough."""
    folder = reports / "findings"
    earlier = reports / "previous-findings"
    if not any(folder.glob(f"{finding_id}*.json")) and any(earlier.glob(f"{finding_id}*.json")):
        folder = earlier
    if not folder.is_dir():
        raise ReplayError(
            f"{folder} does not exist: give --reports the folder of the run (the CI artifact `reports/`)"
        )
    exact = folder / f"{finding_id}.json"
    matches = [exact] if exact.is_file() else sorted(folder.glob(f"{finding_id}*.json"))
    if len(matches) != 1:
        known = ", ".join(sorted(path.stem for path in folder.glob("*.json"))[:20]) or "none"
        what = "no finding" if not matches else "more than one finding"
        raise ReplayError(f"{what} `{finding_id}` in {folder}; known ids: {known}")
    try:
        data = json.loads(matches[0].read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ReplayError(f"{matches[0]}: not a finding record ({error})") from error
    if not isinstance(data, dict) or "id" not in data:
        raise ReplayError(f"{matches[0]}: not a finding record (no `id`)")
    return data


def recorded_request(finding: dict[str, Any], original_base: str | None) -> RecordedRequest | None:
    """The finding's failing request, rebased below the base URL of the run; None when none was kept."""
    exchange = finding.get("exchange")
    if not isinstance(exchange, dict) or not exchange.get("url") or not exchange.get("method"):
        return None
    url = str(exchange["url"])
    base_path = urlsplit(original_base).path.rstrip("/") if original_base else ""
    parts = urlsplit(url)
    path = parts.path[len(base_path) :] if base_path and parts.path.startswith(base_path) else parts.path
    headers = {
        name: str(value)
        for name, value in (exchange.get("request_headers") or {}).items()
        if name.lower() not in _NOT_REPLAYED and not is_sensitive_header(name) and FILTERED not in str(value)
    }
    body = str(exchange.get("request_body") or "")
    return RecordedRequest(
        method=str(exchange["method"]).upper(),
        path=path or "/",
        query=parse_qsl(parts.query, keep_blank_values=True),
        headers=headers,
        body=body,
        filtered=FILTERED in url or FILTERED in body,
    )
