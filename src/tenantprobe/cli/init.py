"""``tenantprobe init``: write a commented draft tenants.yaml (and an env file template) from a spec.

Exit 0 written · 2 usage (an answer it cannot read, a file that exists without ``--force``) · 3 the
spec cannot be loaded.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from tenantprobe.core.config.env import read_env_file
from tenantprobe.core.redact import install_secrets
from tenantprobe.core.target import TargetUnavailable, load_spec
from tenantprobe.reporting.draft import draft_config, env_template, gather
from tenantprobe.reporting.draft.answers import (
    AnswerError,
    merge,
    permissions_from_file,
    tenants_from_file,
    tenants_from_flags,
)

EXIT_OK, EXIT_USAGE, EXIT_SPEC = 0, 2, 3


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spec", required=True, help="the OpenAPI spec: a URL or a file")
    parser.add_argument("--target-url", help="base URL of the deployment (default: the spec URL's origin)")
    parser.add_argument("--token", help="a credential to call the identity operation with (never written)")
    parser.add_argument(
        "--tenant", action="append", default=[], help="a tenant: NAME or NAME=KEY (repeatable)"
    )
    parser.add_argument(
        "--principal", action="append", default=[],
        help="a principal under test: TENANT/NAME=ROLE[:VAR] (repeatable), e.g. acme/viewer=viewer",
    )  # fmt: skip
    parser.add_argument("--answers", help="a YAML file with a `tenants:` block, as tenants.yaml has it")
    parser.add_argument("--env-file", help="a KEY=VALUE file of credentials to call the target with")
    parser.add_argument("--out", default="tenants.yaml", help="where to write (default: tenants.yaml)")
    parser.add_argument("--force", action="store_true", help="overwrite existing files")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    out = Path(args.out)
    env_out = out.with_name(out.stem + ".env")
    existing = [str(path) for path in (out, env_out) if path.exists()]
    if existing and not args.force:
        print(f"tenantprobe init: {', '.join(existing)} exists; pass --force to overwrite", file=sys.stderr)
        return EXIT_USAGE
    env, permissions = dict(os.environ), {}
    try:
        tenants = merge(
            tenants_from_file(Path(args.answers)) if args.answers else {},
            tenants_from_flags(args.tenant, args.principal),
        )
        if args.answers:
            permissions = permissions_from_file(Path(args.answers))
        if args.env_file:
            env = {**read_env_file(Path(args.env_file)), **env}
    except (AnswerError, OSError) as error:
        print(f"tenantprobe init: {error}", file=sys.stderr)
        return EXIT_USAGE
    install_secrets([value for value in (args.token, *env.values()) if value and len(value) >= 8])
    base_url, spec_location = _locations(args.spec, args.target_url, out)
    try:
        spec, _sha = load_spec(args.spec if "://" in args.spec else str(Path(args.spec).resolve()), 10.0)
    except TargetUnavailable as error:
        print(f"tenantprobe init: spec unloadable: {error}", file=sys.stderr)
        return EXIT_SPEC
    draft = gather(
        spec, base_url=base_url, spec_location=spec_location, tenants=tenants,
        env_file=env_out.name, token=args.token, permissions=permissions, env=env,
    )  # fmt: skip
    out.write_text(draft_config(draft), encoding="utf-8")
    env_out.write_text(env_template(draft), encoding="utf-8")
    print(f"wrote {out} and {env_out} (fill in the credentials); next: tenantprobe doctor --config {out}")
    for seen in draft.observations:
        print(f"  identity as {seen.who}: " + (seen.problem or f"{seen.status}, pointers found"))
    return EXIT_OK


def _locations(spec: str, target_url: str | None, out: Path) -> tuple[str, str]:
    """(base_url, target.spec): a spec under the target is written as its path, a file relative to ``out``."""
    if "://" in spec:
        parts = urlsplit(spec)
        origin = f"{parts.scheme}://{parts.netloc}"
        base = (target_url or origin).rstrip("/")
        return base, spec[len(base) :] if spec.startswith(base + "/") else spec
    location = os.path.relpath(Path(spec).resolve(), out.resolve().parent)
    return (target_url or "").rstrip("/"), location
