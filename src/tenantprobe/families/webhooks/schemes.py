"""Webhook signature schemes as data: where the signature travels, what is signed, how it is encoded.

The published schemes are in ``providers``; ``custom`` describes any other HMAC scheme from
tenants.yaml. One scheme both verifies what a target sends and signs what the inbound forgeries
send, so the two can never disagree.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from standardwebhooks import Webhook

# How signature entries sit in the header: `v1,<b64> v1,<b64>` (standard), `t=..,v1=..` (stripe),
# or one value with an optional prefix (single).
Layout = Literal["standard", "stripe", "single"]
ALGORITHMS = {"sha256": hashlib.sha256, "sha512": hashlib.sha512}


class MalformedSignature(ValueError):
    """A signature header that cannot even be parsed; the message says what was expected."""


@dataclass(frozen=True)
class Verdict:
    valid: bool
    problem: str = ""


@dataclass(frozen=True)
class Scheme:
    name: str
    header: str
    layout: Layout = "single"
    template: str = "{body}"  # the signed content; {id}, {timestamp} and {body} (the raw bytes)
    algorithm: str = "sha256"
    encoding: Literal["hex", "base64"] = "hex"
    prefix: str = ""
    timestamp_header: str | None = None
    id_header: str | None = None
    version: str = "v1"  # the entry version that counts (standard, stripe)
    base64_secret: bool = False  # `whsec_<base64>` secrets are decoded to bytes first
    # What the real sender sends besides the signature: the event name's header, the form of its
    # message ids (`uuid`: GitHub's delivery GUIDs), and constant headers such as its User-Agent.
    event_header: str | None = None
    id_format: Literal["msg", "uuid"] = "msg"
    sender: tuple[tuple[str, str], ...] = ()

    @property
    def signs_timestamp(self) -> bool:
        return "{timestamp}" in self.template

    @property
    def multi_entry(self) -> bool:
        return self.layout != "single"

    # -- signing -------------------------------------------------------------------------
    def key(self, secret: str) -> bytes:
        if not self.base64_secret:
            return secret.encode()
        encoded = secret.removeprefix("whsec_")
        try:
            return base64.b64decode(encoded + "==", validate=False)
        except (binascii.Error, ValueError):
            raise MalformedSignature(f"secret is not `whsec_<base64>` as {self.name} requires") from None

    def signed_content(self, body: bytes, msg_id: str, timestamp: int | str) -> bytes:
        head, _, tail = self.template.partition("{body}")
        fill = {"{id}": msg_id, "{timestamp}": str(timestamp)}
        for name, value in fill.items():
            head, tail = head.replace(name, value), tail.replace(name, value)
        return head.encode() + (body if "{body}" in self.template else b"") + tail.encode()

    def digest(self, secret: str, body: bytes, *, msg_id: str = "", timestamp: int | str = 0) -> str:
        """The encoded signature of ``body`` (without prefix or version)."""
        if self.name == "standard-webhooks" and _is_utf8(body) and str(timestamp).isdigit():
            # The reference implementation of the Standard Webhooks specification.
            when = datetime.fromtimestamp(int(timestamp), tz=UTC)
            return Webhook(secret).sign(msg_id, when, body.decode()).split(",", 1)[1]
        mac = hmac.new(
            self.key(secret), self.signed_content(body, msg_id, timestamp), ALGORITHMS[self.algorithm]
        )
        return mac.hexdigest() if self.encoding == "hex" else base64.b64encode(mac.digest()).decode()

    def header_value(self, digests: Sequence[str], timestamp: int | str = 0, *, version: str = "") -> str:
        version = version or self.version
        if self.layout == "standard":
            return " ".join(f"{version},{d}" for d in digests)
        if self.layout == "stripe":
            return ",".join([f"t={timestamp}", *(f"{version}={d}" for d in digests)])
        return self.prefix + (digests[0] if digests else "")

    def sign(self, secret: str, body: bytes, *, msg_id: str = "", timestamp: int = 0) -> dict[str, str]:
        """Every header a genuine sender of this scheme sets."""
        headers = {
            self.header: self.header_value(
                [self.digest(secret, body, msg_id=msg_id, timestamp=timestamp)], timestamp
            )
        }
        if self.id_header:
            headers[self.id_header] = msg_id
        if self.timestamp_header and self.timestamp_header.lower() != self.header.lower():
            headers[self.timestamp_header] = str(timestamp)
        return headers

    def new_message_id(self) -> str:
        """A fresh message id in the sender's own form."""
        return str(uuid.uuid4()) if self.id_format == "uuid" else f"msg_{secrets.token_urlsafe(18)}"

    def sender_headers(self, event: str) -> dict[str, str]:
        """The headers the real sender sets besides the signature ones (event name, User-Agent ...)."""
        headers = dict(self.sender)
        if self.event_header:
            headers[self.event_header] = event
        return headers

    # -- reading -------------------------------------------------------------------------
    def entries(self, value: str) -> list[str]:
        """The signatures in a header value that count (right version); raises when unparseable."""
        if self.layout == "single":
            if not value.startswith(self.prefix):
                raise MalformedSignature(f"`{self.header}` does not start with `{self.prefix}`")
            return [value[len(self.prefix) :]]
        separator, pair = (" ", ",") if self.layout == "standard" else (",", "=")
        found = []
        for item in value.strip().split(separator):
            version, sep, signature = item.strip().partition(pair)
            if not sep:
                raise MalformedSignature(
                    f"`{self.header}` entry `{item[:40]}` is not `<version>{pair}<value>`"
                )
            if version == self.version:
                found.append(signature)
        if not found:
            raise MalformedSignature(f"`{self.header}` carries no `{self.version}` signature")
        return found

    def read_timestamp(self, headers: Mapping[str, str]) -> int | None:
        """The signed timestamp, ``None`` when its header is absent; raises when malformed."""
        if not self.timestamp_header:
            return None
        raw = header(headers, self.timestamp_header)
        if raw is None:
            return None
        if self.layout == "stripe":
            items = dict(item.strip().partition("=")[::2] for item in raw.split(","))
            if "t" not in items:
                return None
            raw = items["t"]
        try:
            return int(raw.strip())
        except ValueError:
            raise MalformedSignature(f"timestamp `{raw[:40]}` is not unix seconds") from None

    def read_id(self, headers: Mapping[str, str]) -> str | None:
        return header(headers, self.id_header) if self.id_header else None

    def verify(self, headers: Mapping[str, str], body: bytes, secrets: Sequence[str]) -> Verdict:
        """Whether one signature entry matches ``body`` under any of ``secrets`` (rotation)."""
        value = header(headers, self.header)
        if value is None or not value.strip():
            return Verdict(False, f"no `{self.header}` header")
        msg_id = self.read_id(headers) or ""
        if "{id}" in self.template and not msg_id:
            return Verdict(False, f"no `{self.id_header}` header, which the signature covers")
        try:
            timestamp = self.read_timestamp(headers)
            found = self.entries(value)
        except MalformedSignature as exc:
            return Verdict(False, str(exc))
        if self.signs_timestamp and timestamp is None:
            return Verdict(False, f"no timestamp in `{self.timestamp_header}`, which the signature covers")
        for secret in secrets:
            expected = self.digest(secret, body, msg_id=msg_id, timestamp=timestamp or 0)
            if any(hmac.compare_digest(expected.encode(), entry.encode()) for entry in found):
                return Verdict(True)
        count = f"{len(secrets)} secret" + ("s" if len(secrets) != 1 else "")
        return Verdict(
            False, f"no signature in `{self.header}` matches the raw body with the tenant's {count}"
        )


def header(headers: Mapping[str, str], name: str) -> str | None:
    lowered = name.lower()
    return next((value for key, value in headers.items() if key.lower() == lowered), None)


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode()
    except UnicodeDecodeError:
        return False
    return True
