"""The cat-API key through Slipway's secrets API, as the pod's identity, against a stand-in."""

from __future__ import annotations

import http.server
import json
import logging
import threading
import urllib.parse
from pathlib import Path

import pytest

from cat_sources import BundledCats, CatSource, slipway_api_key
from identity_secrets import (
    IdentityConfig,
    IdentitySecret,
    IdentitySecretError,
    SlipwaySecrets,
    identity_secret_from_environ,
)

CATS = Path(__file__).resolve().parent.parent / "static" / "cats"
SUBJECT = "eyJhbGciOiJSUzI1NiJ9.projected-sa-token.signature"
VALUE = "cat-key-VALUE-7d1e-do-not-log"


class FakeSlipway(http.server.ThreadingHTTPServer):
    """Slipway's token endpoint and secrets route, checking what a client must send."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.exchanges: list[dict[str, list[str]]] = []
        self.reads: list[dict[str, str]] = []
        self.issued = 0
        self.expires_in: object = 600
        self.values = {"cat-app/cat-api-key": VALUE}
        self.token_status = 200
        self.revoked: set[str] = set()
        self.secret_body: bytes | None = None

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: FakeSlipway

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, payload: object) -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        self.server.exchanges.append(form)
        if self.path == "/gateway":  # a proxy in between, answering in its own words
            self._send(502, b"<html>bad gateway</html>")
            return
        if self.path != "/api/identity/token" or self.server.token_status != 200:
            self._send(
                self.server.token_status if self.path == "/api/identity/token" else 404,
                {"error": "invalid_grant", "error_description": "wrong_audience: aud is cats"},
            )
            return
        self.server.issued += 1
        answer = {
            "access_token": f"access-{self.server.issued}",
            "token_type": "Bearer",
            "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
        }
        if self.server.expires_in is not None:
            answer["expires_in"] = self.server.expires_in
        self._send(200, answer)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        auth = self.headers.get("Authorization", "")
        self.server.reads.append({"path": self.path, "auth": auth})
        prefix = "/api/secrets/"
        if not auth.startswith("Bearer access-") or auth[7:] in self.server.revoked:
            self._send(401, {"error": "unauthorized"})
            return
        key = urllib.parse.unquote(self.path[len(prefix) :]) if self.path.startswith(prefix) else ""
        if self.server.secret_body is not None:
            self._send(200, self.server.secret_body)
        elif key in self.server.values:
            name = key.split("/", 1)[1]
            self._send(200, {"name": name, "version": "3", "value": self.server.values[key]})
        else:
            self._send(404, {"error": f"secret {key} not found"})


@pytest.fixture
def slipway():
    server = FakeSlipway()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def token_file(tmp_path) -> Path:
    path = tmp_path / "token"
    path.write_text(SUBJECT + "\n")
    return path


def environ(slipway: FakeSlipway, token_file: Path) -> dict[str, str]:
    return {
        "SLIPWAY_IDENTITY_TOKEN_FILE": str(token_file),
        "SLIPWAY_TOKEN_URL": f"{slipway.base}/api/identity/token",
    }


def client(slipway: FakeSlipway, token_file: Path, now: list[float] | None = None):
    config = IdentityConfig.from_environ(environ(slipway, token_file))
    assert config is not None
    clock = (lambda: now[0]) if now is not None else None
    return SlipwaySecrets(config, **({"clock": clock} if clock else {}))


def test_exchanges_the_projected_token_rfc8693_then_reads_with_bearer(slipway, token_file):
    assert client(slipway, token_file).get("cat-api-key") == VALUE
    assert slipway.exchanges == [
        {
            "grant_type": ["urn:ietf:params:oauth:grant-type:token-exchange"],
            "subject_token": [SUBJECT],
            "subject_token_type": ["urn:ietf:params:oauth:token-type:jwt"],
            "audience": ["slipway"],
        }
    ]
    assert slipway.reads == [
        {"path": "/api/secrets/cat-app/cat-api-key", "auth": "Bearer access-1"}
    ]


def test_the_access_token_is_kept_until_shortly_before_it_expires(slipway, token_file):
    now = [1000.0]
    secrets = client(slipway, token_file, now)
    secrets.get("cat-api-key")
    now[0] += 500  # 600 s token, renewed 60 s before expiry
    secrets.get("cat-api-key")
    assert slipway.issued == 1
    token_file.write_text("rotated-by-the-kubelet")
    now[0] += 41
    secrets.get("cat-api-key")
    assert slipway.issued == 2
    assert slipway.exchanges[-1]["subject_token"] == ["rotated-by-the-kubelet"]
    assert [r["auth"] for r in slipway.reads] == [
        "Bearer access-1",
        "Bearer access-1",
        "Bearer access-2",
    ]


@pytest.mark.parametrize(("expires_in", "renewed_after"), [(60, 30), (None, 240), ("600", 240)])
def test_short_or_missing_lifetimes_renew_early(slipway, token_file, expires_in, renewed_after):
    slipway.expires_in = expires_in
    now = [0.0]
    secrets = client(slipway, token_file, now)
    secrets.access_token()
    now[0] = renewed_after - 1
    secrets.access_token()
    assert slipway.issued == 1
    now[0] = renewed_after
    secrets.access_token()
    assert slipway.issued == 2


def test_a_refused_access_token_is_exchanged_again_once(slipway, token_file):
    secrets = client(slipway, token_file)
    secrets.get("cat-api-key")
    slipway.revoked.add("access-1")
    assert secrets.get("cat-api-key") == VALUE
    assert slipway.issued == 2
    # Still refused with a fresh token: the error names the secret and the status only.
    slipway.revoked.update({"access-2", "access-3"})
    with pytest.raises(IdentitySecretError, match=r"secret cat-app/cat-api-key: HTTP 401"):
        secrets.get("cat-api-key")


def test_names_are_url_encoded_and_a_missing_secret_is_an_error(slipway, token_file):
    slipway.values["cat-app/db/password"] = "x"
    secrets = client(slipway, token_file)
    assert secrets.get("db/password") == "x"
    assert slipway.reads[-1]["path"] == "/api/secrets/cat-app/db%2Fpassword"
    with pytest.raises(IdentitySecretError, match=r"cat-app/nope: HTTP 404") as err:
        secrets.get("nope")
    assert err.value.status == 404


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>", "not JSON"),
        (b"[1]", "not a JSON object"),
        (b'{"name": "cat-api-key"}', "has no value"),
        (b'{"value": "' + b"x" * (600 * 1024) + b'"}', "too large"),
    ],
)
def test_unusable_answers_are_errors(slipway, token_file, body, message):
    slipway.secret_body = body
    with pytest.raises(IdentitySecretError, match=message):
        client(slipway, token_file).get("cat-api-key")


def test_token_endpoint_refusals_carry_the_oauth_error_never_the_token(slipway, token_file):
    slipway.token_status = 400
    with pytest.raises(IdentitySecretError) as err:
        client(slipway, token_file).access_token()
    assert str(err.value) == "token exchange: HTTP 400 invalid_grant: wrong_audience: aud is cats"
    assert SUBJECT not in str(err.value)


def test_an_answer_without_access_token_or_an_unreadable_file_is_an_error(slipway, tmp_path):
    secrets = client(slipway, tmp_path / "absent")
    with pytest.raises(IdentitySecretError, match="cannot read SLIPWAY_IDENTITY_TOKEN_FILE"):
        secrets.access_token()
    config = IdentityConfig(
        str(tmp_path / "absent"), f"{slipway.base}/elsewhere", slipway.base, "p"
    )
    (tmp_path / "absent").write_text("t")
    with pytest.raises(IdentitySecretError, match="HTTP 404"):
        SlipwaySecrets(config).access_token()


def test_configuration_from_the_environment(tmp_path, caplog):
    assert IdentityConfig.from_environ({}) is None
    assert IdentityConfig.from_environ({"SLIPWAY_TOKEN_URL": "http://s/api/identity/token"}) is None
    base = {"SLIPWAY_IDENTITY_TOKEN_FILE": "/t", "SLIPWAY_TOKEN_URL": "https://s:8443/api/t"}
    assert IdentityConfig.from_environ(base) == IdentityConfig(
        "/t", "https://s:8443/api/t", "https://s:8443", "cat-app"
    )
    other = IdentityConfig.from_environ(
        {**base, "SLIPWAY_SECRETS_URL": "http://api.local/", "SLIPWAY_PROJECT": "shop"}
    )
    assert other is not None
    assert (other.secrets_url, other.project) == ("http://api.local", "shop")
    with caplog.at_level(logging.WARNING):
        assert (
            IdentityConfig.from_environ({**base, "SLIPWAY_TOKEN_URL": "file:///etc/passwd"}) is None
        )
    assert "SLIPWAY_TOKEN_URL must be an http(s) URL" in caplog.text


def test_a_secret_is_re_read_after_its_ttl_so_a_rotation_is_picked_up(slipway, token_file):
    now = [0.0]
    secret = IdentitySecret(
        client(slipway, token_file), "cat-api-key", ttl=300, clock=lambda: now[0]
    )
    assert secret.get() == VALUE
    slipway.values["cat-app/cat-api-key"] = "rotated"
    now[0] = 299
    assert secret.get() == VALUE
    assert len(slipway.reads) == 1
    now[0] = 300
    assert secret.get() == "rotated"


def test_failures_fall_back_and_are_logged_without_token_or_value(slipway, token_file, caplog):
    now = [0.0]
    secrets = client(slipway, token_file)
    missing = IdentitySecret(secrets, "absent", retry_after=30, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING):
        assert missing.get(fallback="from-env") == "from-env"
        assert missing.get() is None
    assert len([r for r in slipway.reads if r["path"].endswith("/absent")]) == 1  # not retried yet

    present = IdentitySecret(secrets, "cat-api-key", ttl=10, retry_after=30, clock=lambda: now[0])
    assert present.get(fallback="from-env") == VALUE
    slipway.token_status = 400
    slipway.revoked.add("access-1")
    now[0] = 11
    with caplog.at_level(logging.WARNING):
        # A failed refresh keeps the last value read: it was valid a moment ago.
        assert present.get(fallback="from-env") == VALUE
    assert "using the last value read" in caplog.text
    for leak in (SUBJECT, VALUE, "access-1", "access-2"):
        assert leak not in caplog.text


def test_identity_secret_from_environ(slipway, token_file, caplog):
    assert identity_secret_from_environ({}, "k") is None
    secret = identity_secret_from_environ(
        {**environ(slipway, token_file), "SLIPWAY_SECRET_TTL_SECONDS": "5"}, "cat-api-key"
    )
    assert secret is not None
    assert secret.ttl == 5
    with caplog.at_level(logging.WARNING):
        odd = identity_secret_from_environ(
            {**environ(slipway, token_file), "SLIPWAY_SECRET_TTL_SECONDS": "soon"}, "k"
        )
    assert odd is not None
    assert odd.ttl == 300
    assert "SLIPWAY_SECRET_TTL_SECONDS is not a number" in caplog.text


def test_the_cat_app_sends_the_key_it_read_from_slipway(slipway, token_file, cat_api, monkeypatch):
    for name, value in environ(slipway, token_file).items():
        monkeypatch.setenv(name, value)
    source = CatSource(BundledCats(CATS), cat_api.url(), api_key="static-key")
    try:
        assert source.get().source == "api"
        assert cat_api.requests[-1]["x-api-key"] == VALUE
    finally:
        source.close()


def test_the_cat_app_falls_back_to_its_static_key_then_to_none(slipway, token_file, cat_api):
    slipway.token_status = 400
    key = slipway_api_key({**environ(slipway, token_file), "CAT_API_KEY_SECRET": "cat-api-key"})
    source = CatSource(BundledCats(CATS), cat_api.url(), api_key="static-key", slipway_key=key)
    try:
        assert source.get().source == "api"
        assert cat_api.requests[-1]["x-api-key"] == "static-key"
    finally:
        source.close()
    unconfigured = CatSource(BundledCats(CATS), cat_api.url(), slipway_key=None)
    try:
        assert unconfigured.current_api_key() is None
        assert unconfigured.get().source == "api"
        assert cat_api.requests[-1]["x-api-key"] == ""
    finally:
        unconfigured.close()


def test_an_unreachable_slipway_falls_back_to_the_static_key(token_file, unreachable_url):
    config = IdentityConfig(str(token_file), unreachable_url, unreachable_url, "cat-app")
    secret = IdentitySecret(SlipwaySecrets(config, timeout=1.0), "cat-api-key")
    assert secret.get(fallback="static-key") == "static-key"
    with pytest.raises(IdentitySecretError, match="token exchange: "):
        SlipwaySecrets(config, timeout=1.0).access_token()


def test_a_refusal_without_an_oauth_body_names_the_status(slipway, token_file):
    config = IdentityConfig(str(token_file), f"{slipway.base}/gateway", slipway.base, "p")
    with pytest.raises(IdentitySecretError, match=r"^token exchange: HTTP 502$"):
        SlipwaySecrets(config).access_token()
