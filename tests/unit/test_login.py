"""The `login` carrier: principals log in over real HTTP; failures name the principal, not the password."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tenantprobe.core.config import load_config
from tenantprobe.core.redact import active_redactor
from tenantprobe.core.state import RunState
from tenantprobe.tenancy.login import log_in_everyone

USERS = {"ann@red.test": "pw-ann-123", "bob@red.test": "pw-bob-456"}


class LoginHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        ok = USERS.get(body.get("email")) == body.get("secret")
        payload = {"data": {"token": f"tok-{body['email']}"}} if ok else {"message": "Invalid credentials."}
        raw = json.dumps(payload).encode()
        self.send_response(200 if ok else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), LoginHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def state_for(tmp_path: Path, base_url: str, bob_password: str) -> RunState:
    (tmp_path / "tenants.yaml").write_text(
        f"""
version: 1
target: {{base_url: "{base_url}", spec: /openapi.json}}
auth:
  carrier: login
  login: {{path: /login, token_pointer: /data/token, body: {{email: "{{username}}", secret: "{{password}}"}}}}
tenants:
  red:
    admin: {{username: ann@red.test, password: "${{ANN_PASSWORD}}"}}
    principals:
      viewer: {{role: viewer, username: bob@red.test, password: "${{BOB_PASSWORD}}"}}
"""
    )
    config = load_config(
        tmp_path / "tenants.yaml", env={"ANN_PASSWORD": "pw-ann-123", "BOB_PASSWORD": bob_password}
    )
    return RunState(config=config, base_url=base_url, spec={}, spec_sha256="")


def test_every_principal_gets_a_token_and_the_token_is_filtered(tmp_path: Path, server: str) -> None:
    state = state_for(tmp_path, server, "pw-bob-456")
    assert log_in_everyone(state) == []
    assert state.tokens == {"red/viewer": "tok-bob@red.test", "red/admin": "tok-ann@red.test"}
    assert "tok-bob@red.test" not in active_redactor().text("token tok-bob@red.test")


def test_a_rejected_login_names_the_principal_and_never_the_password(tmp_path: Path, server: str) -> None:
    state = state_for(tmp_path, server, "wrong-password")
    problems = log_in_everyone(state)
    assert len(problems) == 1
    assert problems[0].startswith("red/viewer: login answered 401 without a token at /data/token")
    assert "wrong-password" not in problems[0]
    assert "red/viewer" not in state.tokens
