"""Scan a reports folder for every credential of a run's tenants.yaml and its env file.

The values looked for come from the configuration itself and from the env file, not from the
harness's redactor: a credential field the redactor does not know about is still looked for. Tokens
a run learns (the login carrier's) are in no file: anything shaped like a Sanctum token
(``<id>|<40 letters and digits>``, also URL- or JSON-escaped) is looked for as well.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from urllib.parse import quote

import yaml

from tenantprobe.core.config.env import read_env_file

# Environment variables that hold credentials, by the names the worked example and its CI use.
_CREDENTIAL_VARIABLE = re.compile(r"(TOKEN|SECRET|PASSWORD|PASS|API_KEY|SIGNING_KEY)$")
_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)")
_CREDENTIAL_FIELDS = ("token", "password", "secret", "secrets", "app_secret")
# A Sanctum personal access token as it travels: raw, URL-encoded, or JSON's \u007c escape.
SANCTUM_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[0-9]+(?:\||%7[Cc]|\\u007[cC])[A-Za-z0-9]{40}(?![A-Za-z0-9])")


def _credential_references(value: object, in_credential: bool = False) -> set[str]:
    """Names of the variables the config's credential fields (and credential headers) refer to."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            inside = in_credential or key in _CREDENTIAL_FIELDS
            found |= _credential_references(item, inside)
    elif isinstance(value, list):
        for item in value:
            found |= _credential_references(item, in_credential)
    elif isinstance(value, str) and in_credential:
        found |= set(_REFERENCE.findall(value))
    return found


def secret_values(config: Path) -> dict[str, str]:
    """Label -> value of every credential of ``config`` and its env file, with the forms they travel in."""
    document = yaml.safe_load(config.read_text(encoding="utf-8"))
    env_file = (config.parent / document["target"]["env_file"]).resolve()
    env = read_env_file(env_file)
    names = {name for name in env if _CREDENTIAL_VARIABLE.search(name)}
    names |= _credential_references(document) & set(env)
    values: dict[str, str] = {}
    for name in sorted(names):
        value = env[name]
        values[name] = value
        values[f"Bearer {name}"] = f"Bearer {value}"
        values[f"{name} (JSON-escaped)"] = json.dumps(value)[1:-1]
        values[f"{name} (base64)"] = base64.b64encode(value.encode()).decode()
        values[f"{name} (URL-encoded)"] = quote(value, safe="")
        if value.startswith("whsec_"):
            values[f"{name} (signing key)"] = base64.b64decode(value.removeprefix("whsec_")).hex()
    usernames = {n: v for n, v in env.items() if n.endswith("USERNAME")}
    for name, username in usernames.items():
        password = env.get(name.removesuffix("USERNAME") + "PASSWORD")
        if password:
            values[f"basic auth of {name}"] = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {label: value for label, value in values.items() if len(value) >= 8}


def secret_leaks(reports: Path, secrets: dict[str, str]) -> list[str]:
    """Every file under ``reports`` holding one of ``secrets``, named by label (never the value)."""
    leaks = []
    for path in sorted(reports.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        leaks += [f"{path.relative_to(reports)} holds {label}" for label, value in secrets.items()
                  if value.encode() in data]  # fmt: skip
        if SANCTUM_TOKEN.search(data):
            leaks.append(f"{path.relative_to(reports)} holds a Sanctum-shaped token (one the run learnt?)")
    return leaks
