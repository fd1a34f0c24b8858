"""Forged inbound webhooks as hypothesis strategies, one per kind of forgery.

Each strategy starts from the genuine body a tenant's provider would send and yields a request a
correct receiver must refuse: no or broken signature, the wrong secret, a body changed after signing
(semantically equal JSON included), a timestamp outside the tolerance, or a confusing header.
"""

from __future__ import annotations

import base64
import json
import re
import secrets as token_source
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tenantprobe.families.webhooks.schemes import Scheme

KINDS = (
    "missing_header",
    "empty_header",
    "wrong_secret",
    "other_tenant_secret",
    "byte_flip",
    "reserialized",
    "whitespace",
    "key_order",
    "unicode_escape",
    "stale_timestamp",
    "future_timestamp",
    "malformed_header",
    "empty_entry",
    "unknown_entry",
)
_TIMESTAMPED = {"stale_timestamp", "future_timestamp"}
_MULTI_ENTRY = {"empty_entry", "unknown_entry"}
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


@dataclass(frozen=True)
class Genuine:
    """What the genuine sender would send now: body, secret, message id and time."""

    body: bytes
    secret: str
    msg_id: str
    now: int
    tolerance_s: int
    other_secret: str | None = None


@dataclass(frozen=True)
class Forged:
    kind: str
    body: bytes
    headers: dict[str, str]
    description: str


def applies(kind: str, scheme: Scheme, *, has_other_secret: bool) -> bool:
    if kind in _TIMESTAMPED:
        return scheme.signs_timestamp
    if kind in _MULTI_ENTRY:
        return scheme.multi_entry
    if kind == "other_tenant_secret":
        return has_other_secret
    return True


def encode(payload: Any) -> bytes:
    """The compact JSON a genuine sender sends; forgeries differ from it byte-wise."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def forgery(kind: str, scheme: Scheme, genuine: Genuine) -> st.SearchStrategy[Forged]:
    def signed(body: bytes, *, secret: str | None = None, timestamp: int | None = None) -> dict[str, str]:
        stamp = genuine.now if timestamp is None else timestamp
        return scheme.sign(secret or genuine.secret, body, msg_id=genuine.msg_id, timestamp=stamp)

    def make(body: bytes, headers: dict[str, str], description: str) -> Forged:
        return Forged(kind, body, headers, description)

    original = signed(genuine.body)
    body = genuine.body
    payload = json.loads(body)

    def with_header(value: str) -> dict[str, str]:
        return {**original, scheme.header: value}

    def tampered(new_body: bytes, what: str) -> Forged:
        return make(new_body, original, f"body {what} after signing")

    if kind == "missing_header":
        kept = {k: v for k, v in original.items() if k.lower() != scheme.header.lower()}
        return st.just(make(body, kept, f"no `{scheme.header}` header"))
    if kind == "empty_header":
        # An empty value only: HTTP clients refuse to send values with outer whitespace.
        return st.just(make(body, with_header(""), f"`{scheme.header}` empty"))
    if kind == "wrong_secret":
        return st.binary(min_size=8, max_size=32).map(
            lambda raw: make(
                body, signed(body, secret=_secret_text(scheme, raw)), "signed with a wrong secret"
            )
        )
    if kind == "other_tenant_secret":
        other = genuine.other_secret or ""
        return st.just(make(body, signed(body, secret=other), "signed with another tenant's secret"))
    if kind == "byte_flip":
        return st.tuples(st.integers(0, len(body) - 1), st.integers(1, 255)).map(
            lambda t: tampered(
                body[: t[0]] + bytes([body[t[0]] ^ t[1]]) + body[t[0] + 1 :], f"byte {t[0]} flipped"
            )
        )
    if kind == "reserialized":
        variants = [json.dumps(payload).encode(), json.dumps(payload, indent=2).encode()]
        return st.sampled_from(variants).map(lambda b: tampered(b, "re-serialized"))
    if kind == "whitespace":
        spots = [0, len(body)] + [m.end() for m in re.finditer(rb"[,:{\[]", body)]
        return st.tuples(st.sampled_from(spots), st.sampled_from([b" ", b"\n", b"\t", b"\r\n"])).map(
            lambda t: tampered(body[: t[0]] + t[1] + body[t[0] :], f"whitespace added at byte {t[0]}")
        )
    if kind == "key_order":
        keys = list(payload) if isinstance(payload, dict) else []
        return (
            st.permutations(keys)
            .filter(lambda order: list(order) != keys)
            .map(lambda order: tampered(encode({k: payload[k] for k in order}), "keys reordered"))
        )
    if kind == "unicode_escape":
        strings = [m for m in _STRING.finditer(body.decode()) if len(m.group()) > 2]
        return st.sampled_from(strings).map(
            lambda m: tampered(_escaped(body.decode(), m), "a string \\u-escaped")
        )
    if kind in _TIMESTAMPED:
        sign = -1 if kind == "stale_timestamp" else 1
        late = st.integers(genuine.tolerance_s + 60, genuine.tolerance_s * 20 + 120)
        return late.map(
            lambda s: make(body, signed(body, timestamp=genuine.now + sign * s), f"timestamp {sign * s:+d} s")
        )
    if kind == "malformed_header":
        return _malformed(scheme, genuine, original).map(
            lambda v: make(body, with_header(v), "malformed header")
        )
    if kind == "empty_entry":
        wrong = scheme.digest(
            "whsec_" + token_source.token_hex(8), body, msg_id=genuine.msg_id, timestamp=genuine.now
        )
        value = scheme.header_value(["", wrong], genuine.now)
        return st.just(make(body, with_header(value), "an empty entry next to a wrong one"))
    if kind == "unknown_entry":
        right = scheme.digest(genuine.secret, body, msg_id=genuine.msg_id, timestamp=genuine.now)
        versions = st.sampled_from(["v0", "v2", "v1a", "V1"])
        return versions.map(
            lambda v: make(
                body,
                with_header(scheme.header_value([right], genuine.now, version=v)),
                f"the right signature under unknown version `{v}`",
            )
        )
    raise ValueError(f"unknown forgery kind {kind!r}; use one of {', '.join(KINDS)}")


def _secret_text(scheme: Scheme, raw: bytes) -> str:
    """A secret in the scheme's own format (``whsec_<base64>`` where secrets are decoded)."""
    return "whsec_" + base64.b64encode(raw).decode() if scheme.base64_secret else raw.hex()


def _escaped(text: str, match: re.Match[str]) -> bytes:
    inner = json.loads(match.group())
    escaped = "".join(f"\\u{ord(ch):04x}" for ch in inner) if inner.isascii() else json.dumps(inner)[1:-1]
    return (text[: match.start()] + f'"{escaped}"' + text[match.end() :]).encode()


def _malformed(scheme: Scheme, genuine: Genuine, original: dict[str, str]) -> st.SearchStrategy[str]:
    value = original[scheme.header]
    fixed = [value[:-2], value + "!", value.replace(",", ";"), scheme.prefix, "null"]
    if scheme.layout == "stripe":
        fixed += [f"t=,{value.split(',', 1)[1]}", "t=" + str(genuine.now), f"t=soon,{value.split(',', 1)[1]}"]
    if scheme.layout == "standard":
        fixed += ["v1,", "v1", "v1,not base64!"]
    junk = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=60)
    return st.one_of(st.sampled_from([f for f in fixed if f != value]), junk.filter(lambda v: v != value))
