"""The detection matrix: every catalogued defect of the reference API run against tenantprobe.

A row is one `tenantprobe run` with one defect switched on, in one dialect of the reference API:
the default run (every suite, one worker, as users run it), or with ``alone`` only the suite of the
defect's family (the fast way, blind to one suite disturbing another). The row records whether a
finding of the defect's family came out,
which checks fired, what else fired, and how long (wall seconds from the command's launch) and how
many requests (counted at the server, from its JSON request log) it took until the first finding.
Used by `bench/detection_matrix.py` (the full matrix) and the self-tests' `test_detection_matrix.py`.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.harness import (
    LARAVEL,
    PATH_CONFIG,
    ROOT,
    SSE_DIALECT,
    RunOutcome,
    events_over_sse,
    list_defects,
    run_tenantprobe,
)

START_ATTEMPTS = 3


@dataclass(frozen=True)
class Dialect:
    """One way the reference API can speak: its serve flags and the tenants.yaml edits to match."""

    name: str
    flags: tuple[str, ...] = ()
    auth: str = "bearer"
    webhook_scheme: str | None = None
    base: Path = ROOT / "tenants.yaml"  # the tenants.yaml the dialect's runs start from
    events_over_sse: bool = False

    def edit(self, data: dict[str, Any]) -> None:
        if self.webhook_scheme is not None:
            data["webhooks"]["scheme"] = self.webhook_scheme
        if self.events_over_sse:
            events_over_sse(data)


DEFAULT = Dialect("default")
DIALECTS = {
    d.name: d
    for d in (
        DEFAULT,
        Dialect("uuid-ids", ("--ids", "uuid")),
        Dialect("api-key", auth="api-key"),
        Dialect("ietf-headers", ("--ratelimit-headers", "ietf")),
        Dialect("github-headers", ("--ratelimit-headers", "github")),
        Dialect("stripe-signature", ("--signature", "stripe"), webhook_scheme="stripe"),
        Dialect("github-signature", ("--signature", "github"), webhook_scheme="github"),
        Dialect("spatie-signature", ("--signature", "spatie"), webhook_scheme="spatie"),
        Dialect("path", ("--tenancy", "path"), base=PATH_CONFIG),
        Dialect("laravel", base=LARAVEL),  # --style laravel comes from the worked example's embedded_args
        Dialect("sse", SSE_DIALECT, events_over_sse=True),
    )
}
# Dialects a family's defects apply to beyond the default (the axis the family's checks depend on).
FAMILY_DIALECTS = {
    "contract": ("uuid-ids", "api-key", "path", "laravel"),
    "scoping": ("uuid-ids", "api-key", "path", "laravel"),
    "rbac": ("uuid-ids", "api-key", "path", "laravel"),
    "preflight": ("api-key", "path", "laravel"),
    "events": ("api-key", "path", "laravel"),
    "rate_limits": ("ietf-headers", "github-headers", "path", "laravel"),
    "webhooks": ("stripe-signature", "github-signature", "spatie-signature", "path", "laravel"),
}
# The inbound payment callback is Stripe-signed whatever --signature says: one dialect is enough.
SINGLE_DIALECT = ("inbound_replay_accepted", "inbound_signature_unverified")
# Defects that exist only in one dialect of the reference API (it refuses them elsewhere).
ONLY_DIALECT = {
    "sse_cross_tenant_events": "sse",
    "sse_backlog_cross_tenant": "sse",
    "sse_foreign_stream_open": "sse",
    "org_membership_not_checked": "path",
    "object_not_scoped_to_path_org": "path",
}
# Defects a dialect cannot carry: GitHub's and Spatie's signatures sign no timestamp to be stale.
NOT_IN_DIALECT = {"webhook_stale_timestamp": ("github-signature", "spatie-signature")}
# A leak of another tenant's data is a scoping finding whichever suite saw it (the design's rule),
# so these defects may bring scoping findings along with their own family's.
LEAK_ALSO_SCOPING = (
    "webhook_cross_team_delivery",
    "broadcast_cross_team_leak",
    "broadcast_auth_any_team",
    "sse_cross_tenant_events",
    "sse_backlog_cross_tenant",
)
# A spoofed tenant selector hands a multi-tenant principal its home tenant's roles in the other
# tenant: its identity and permissions there are wrong too, and the preflight and RBAC families say so.
# The spec declares the rate-limit and request-id headers on its responses, the error body's schema
# and the inbound signature header as required: a build that drops them, or accepts a request without
# the signature, breaks the contract too. An invoice is broadcast and delivered to webhooks as the
# API renders it, so a wrongly typed amount breaks the event's and the delivery's declared payload
# as well (seen when another worker's contract tests create invoices while those suites listen).
ALSO_BY_CONSEQUENCE = {
    "invoice_amount_decimal_string": {"events", "webhooks"},
    "team_header_spoofing": {"preflight", "rbac"},
    "ratelimit_headers_missing": {"contract"},
    "request_id_missing_on_errors": {"contract"},
    "error_with_empty_body": {"contract"},
    "inbound_signature_unverified": {"contract"},
}


def expected_companions(defect: str | None) -> set[str]:
    """Families whose findings come with ``defect`` as its consequences (not unrelated)."""
    allowed = {"scoping"} if defect in LEAK_ALSO_SCOPING else set()
    return allowed | ALSO_BY_CONSEQUENCE.get(defect or "", set())


def relabelled(row: Row) -> Row:
    """A row of an earlier run judged by today's companion rules (they are facts of the catalogue)."""
    allowed = expected_companions(row.defect)
    moved = [name for name in row.unrelated if name.split("/")[0] in allowed]
    row.unrelated = [name for name in row.unrelated if name not in moved]
    row.also = sorted({*row.also, *moved})
    return row


def catalogue() -> list[dict[str, str]]:
    return list_defects()


def dialects_for(defect: dict[str, str], *, every: bool) -> list[Dialect]:
    if defect["name"] in ONLY_DIALECT:
        return [DIALECTS[ONLY_DIALECT[defect["name"]]]]
    if not every or defect["name"] in SINGLE_DIALECT:
        return [DEFAULT]
    names = [
        name
        for name in FAMILY_DIALECTS.get(defect["family"], ())
        if name not in NOT_IN_DIALECT.get(defect["name"], ())
    ]
    return [DEFAULT, *(DIALECTS[name] for name in names)]


@dataclass
class Row:
    defect: str
    family: str
    dialect: str
    exit_code: int
    detected: bool
    checks: list[str]
    unrelated: list[str]
    also: list[str]
    seconds_to_first: float | None
    requests_to_first: int | None
    requests_counted_exactly: bool
    wall_s: float
    requests: int
    tests: dict[str, int] = field(default_factory=dict)
    starts: int = 1
    suites: str = "every"  # "every" (the default run) or the one suite that ran
    workers: int = 1
    budget_s: int | None = None  # target.budget_s of a paced run

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_row(
    folder: Path,
    family: str,
    defect: str | None,
    dialect: Dialect,
    examples: int,
    *,
    alone: bool = False,
    own_limit: bool = False,
    workers: int = 1,
    budget_s: int | None = None,
) -> Row:
    """One run: ``defect`` (None for the clean build, family "all") with every suite, or with
    ``alone`` the suite of ``family`` only; ``own_limit``: at the reference API's own 60/60 per token
    instead of the relaxed 300/5 (the run paces itself and takes minutes; ``budget_s`` its
    `target.budget_s`, default OWN_LIMIT_BUDGET_S); ``workers``: `--workers`.

    A run whose embedded target did not start in time (exit 3, on a saturated machine) is started
    again, at most twice; the row says how many starts it took.
    """
    budget = budget_s or OWN_LIMIT_BUDGET_S
    for attempt in range(1, START_ATTEMPTS + 1):
        launched = time.time()
        attempt_folder = folder / f"attempt{attempt}"
        attempt_folder.mkdir(parents=True, exist_ok=True)
        outcome = run_tenantprobe(
            attempt_folder,
            suites=(family,) if alone and family != "all" else (),
            defects=(defect,) if defect else (),
            dialect=dialect.flags,
            auth=dialect.auth,
            edit=dialect.edit if not own_limit else lambda data: _paced_budget(dialect, data, budget),
            base=dialect.base,
            examples=examples,
            timeout=budget + 900 if own_limit else 1800,
            extra=("--workers", str(workers)) if workers != 1 else (),
            **({"rate_limit": ()} if own_limit else {}),
        )
        if not (outcome.exit_code == 3 and "did not listen" in outcome.output):
            break
    row = judge(outcome, family, defect, dialect.name, launched, time.time() - launched)
    row.starts = attempt
    row.suites = family if alone and family != "all" else "every"
    row.workers = workers
    row.budget_s = budget if own_limit else None
    return row


OWN_LIMIT_BUDGET_S = 3600  # a paced default run takes ~10 min on a quiet machine, more on a busy one


def _paced_budget(dialect: Dialect, data: dict[str, Any], budget_s: int) -> None:
    """At the API's own limit the run waits for windows: give it the time (target.budget_s)."""
    dialect.edit(data)
    data["target"]["budget_s"] = budget_s


def judge(outcome: RunOutcome, family: str, defect: str | None, dialect: str, launched: float,
          wall_s: float) -> Row:  # fmt: skip
    own = [f for f in outcome.findings if f["suite"] == family]
    others = [f for f in outcome.findings if f["suite"] != family]
    allowed = expected_companions(defect)
    also = sorted({f"{f['suite']}/{f['check']}" for f in others if f["suite"] in allowed})
    if defect is None:
        own, others, also = [], list(outcome.findings), []
    unrelated = sorted({f"{f['suite']}/{f['check']}" for f in others if f["suite"] not in allowed})
    first_s, first_n, exact = first_detection(outcome, own, launched)
    summary = outcome.summary or {}
    return Row(
        defect=defect or "(clean build)",
        family=family,
        dialect=dialect,
        exit_code=outcome.exit_code,
        detected=bool(own) and outcome.exit_code == 1,
        checks=sorted({f["check"] for f in own}),
        unrelated=unrelated,
        also=also,
        seconds_to_first=first_s,
        requests_to_first=first_n,
        requests_counted_exactly=exact,
        wall_s=round(wall_s, 1),
        requests=int(summary.get("requests", 0)),
        tests=dict(summary.get("tests", {})),
    )


def first_detection(
    outcome: RunOutcome, findings: list[dict[str, Any]], launched: float
) -> tuple[float | None, int | None, bool]:
    """Seconds from launch until the first finding's test ended; requests the server had answered by
    then (the position of the finding's request in the server's log, else the run's total)."""
    if not findings:
        return None, None, False
    ends = test_end_times(outcome.reports / "allure-results")
    times = [ends[f["test"]] for f in findings if f.get("test") in ends]
    seconds = round(min(times) - launched, 1) if times else None
    log = request_log(outcome.reports / "target.log")
    positions = [log[f["request_id"]] for f in findings if f.get("request_id") in log]
    if positions:
        return seconds, min(positions), True
    return seconds, len(log) or int((outcome.summary or {}).get("requests", 0)), False


def test_end_times(allure: Path) -> dict[str, float]:
    """pytest node id -> epoch seconds its Allure result stopped."""
    ends: dict[str, float] = {}
    for path in allure.glob("*-result.json") if allure.is_dir() else ():
        result = json.loads(path.read_text(encoding="utf-8"))
        module, _, function = str(result.get("fullName", "")).partition("#")
        name = str(result.get("name", function))
        nodeid = module.replace(".", "/") + ".py::" + name
        ends[nodeid] = min(ends.get(nodeid, float("inf")), result.get("stop", 0) / 1000)
    return ends


def request_log(path: Path) -> dict[str, int]:
    """request id -> 1-based position among the requests the target answered."""
    positions: dict[str, int] = {}
    if not path.exists():
        return positions
    answered = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and "request_id" in entry:
            answered += 1
            positions.setdefault(str(entry["request_id"]), answered)
    return positions
