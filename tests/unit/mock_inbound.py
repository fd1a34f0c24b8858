"""A made-up payment callback receiver behind ``httpx.MockTransport``: the inbound judge in milliseconds.

Tenants red and blue own invoices; a payment provider calls ``POST /payments/{tenant_id}/events``
with a Stripe-style signature made with the tenant's secret, and each accepted event adds one to
the invoice's ``payments``. The receiver verifies for real (HMAC over the raw body, the timestamp
within tolerance, each event id once), unless a planted weakness named in ``defects`` says otherwise.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tenantprobe import RunState
from tenantprobe.families.webhooks.inbound import InboundProbe
from tenantprobe.families.webhooks.providers import STRIPE
from tenantprobe.families.webhooks.settings import load_settings
from tests.unit.mock_target import BASE_URL, TENANT_IDS, caller, seam_state

SECRETS = {"red": "whsec_red_payments", "blue": "whsec_blue_payments"}
TOLERANCE_S = 300

CONFIG = f"""\
version: 1
target: {{base_url: "{BASE_URL}", spec: /openapi.json}}
auth: {{carrier: bearer}}
tenants:
  red:
    admin: {{token: red-admin}}
    principals: {{viewer: {{role: viewer, token: red-viewer}}}}
  blue:
    admin: {{token: blue-admin}}
    principals: {{viewer: {{role: viewer, token: blue-viewer}}}}
webhooks:
  scheme: stripe
  inbound:
    operation: POST /payments/{{tenant_id}}/events
    scheme: stripe
    tolerance_s: {TOLERANCE_S}
    secrets: {{red: {SECRETS["red"]}, blue: {SECRETS["blue"]}}}
    setup:
      - {{name: invoice, operation: POST /invoices, body: {{amount: 1250}}}}
    body: {{id: "{{event_id}}", type: invoice.paid, data: {{invoice_id: "{{invoice.id}}"}}}}
    read_back: {{operation: "GET /invoices/{{invoice.id}}", pointer: /payments}}
    cleanup: ["DELETE /invoices/{{invoice.id}}"]
"""
SPEC: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "payments", "version": "1"}, "paths": {}}


@dataclass
class PaymentsTarget:
    """Invoices and the events already applied; ``handle`` is the transport's handler.

    Planted weaknesses: ``signature_unchecked`` (any signature is taken), ``error_on_forgery`` (a bad
    signature is a 500), ``effect_before_check`` (the payment is applied, then the signature refused),
    ``tenant_header_required`` (every callback refused: it wants a header the sender never sends),
    ``effect_ignored`` (accepted, nothing applied), ``replay_accepted`` (event ids not remembered).
    """

    defects: set[str] = field(default_factory=set)
    invoices: dict[int, dict[str, Any]] = field(default_factory=dict)
    seen_events: set[str] = field(default_factory=set)
    callbacks: list[httpx.Request] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(500))

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.startswith("/payments/"):
            self.callbacks.append(request)
            return self._callback(request, path.split("/")[2])
        who = caller(request)
        if who is None:
            return httpx.Response(401, json={"message": "unauthenticated"})
        team = TENANT_IDS[who[0]]
        if path == "/invoices" and request.method == "POST":
            invoice = {**json.loads(request.content), "id": next(self._ids), "team_id": team, "payments": 0}
            self.invoices[invoice["id"]] = invoice
            return httpx.Response(201, json=invoice)
        found = self.invoices.get(int(path.rsplit("/", 1)[-1]))
        if found is None or found["team_id"] != team:
            return httpx.Response(404, json={"message": "no such invoice"})
        if request.method == "DELETE":
            del self.invoices[found["id"]]
            return httpx.Response(204)
        return httpx.Response(200, json=found)

    def _callback(self, request: httpx.Request, team: str) -> httpx.Response:
        tenant = next((name for name, number in TENANT_IDS.items() if str(number) == team), None)
        if tenant is None:
            return httpx.Response(404, json={"message": "no such team"})
        if "tenant_header_required" in self.defects and "X-Team" not in request.headers:
            return httpx.Response(400, json={"message": "X-Team header required"})
        body = request.content
        if "effect_before_check" in self.defects:
            self._apply(body, team)
        if not self._genuine(request.headers, body, tenant):
            status = 500 if "error_on_forgery" in self.defects else 400
            return httpx.Response(status, json={"message": "invalid signature"})
        event = json.loads(body)
        if event["id"] in self.seen_events and "replay_accepted" not in self.defects:
            return httpx.Response(409, json={"message": "event already processed"})
        self.seen_events.add(event["id"])
        if "effect_before_check" not in self.defects and "effect_ignored" not in self.defects:
            self._apply(body, team)
        return httpx.Response(200, json={"received": True})

    def _genuine(self, headers: httpx.Headers, body: bytes, tenant: str) -> bool:
        if "signature_unchecked" in self.defects:
            return True
        if not STRIPE.verify(headers, body, [SECRETS[tenant]]).valid:
            return False
        stamp = STRIPE.read_timestamp(headers)
        return stamp is not None and abs(time.time() - stamp) <= TOLERANCE_S

    def _apply(self, body: bytes, team: str) -> None:
        """One more payment on the event's invoice, when it is the calling team's."""
        try:
            invoice_id = json.loads(body)["data"]["invoice_id"]
        except (ValueError, KeyError, TypeError):
            return
        invoice = self.invoices.get(invoice_id) if isinstance(invoice_id, int) else None
        if invoice is not None and str(invoice["team_id"]) == team:
            invoice["payments"] += 1


def inbound_probe(tmp_path: Path, target: PaymentsTarget) -> InboundProbe:
    """The probe as the inbound suite builds it, its clients reaching ``target`` through the seam."""
    state: RunState = seam_state(tmp_path, CONFIG, SPEC)
    settings = load_settings(state.config, state.spec)
    assert settings is not None and settings.inbound is not None
    return InboundProbe(state, settings.inbound, transport=httpx.MockTransport(target.handle))
