"""A secret read from Slipway's HTTP API as the pod's workload identity, no static key needed.

The pod's projected service-account token (audience ``slipway``) is exchanged at Slipway's token
endpoint (RFC 8693) for a short-lived access token, kept until shortly before it expires; the
secret is then read from ``GET {SLIPWAY_SECRETS_URL}/api/secrets/{project}/{name}``. Neither the
tokens nor the value ever reach a log line or an error message.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# RFC 8693 identifiers.
GRANT_TYPE_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
SUBJECT_TYPE_JWT = "urn:ietf:params:oauth:token-type:jwt"
AUDIENCE = "slipway"
ALLOWED_SCHEMES = ("http", "https")
# A value is at most 64 KiB; JSON escaping can grow it, so allow generous room.
MAX_RESPONSE_BYTES = 512 * 1024


class IdentitySecretError(Exception):
    """The secret could not be read; the message names the step, never a token or a value."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class IdentityConfig:
    token_file: str
    token_url: str
    secrets_url: str
    project: str

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> IdentityConfig | None:
        """The configuration when SLIPWAY_IDENTITY_TOKEN_FILE and SLIPWAY_TOKEN_URL are set."""
        token_file = environ.get("SLIPWAY_IDENTITY_TOKEN_FILE", "").strip()
        token_url = environ.get("SLIPWAY_TOKEN_URL", "").strip()
        if not token_file or not token_url:
            return None
        secrets_url = environ.get("SLIPWAY_SECRETS_URL", "").strip() or _origin(token_url)
        try:
            return cls(
                token_file=token_file,
                token_url=_http_url(token_url, "SLIPWAY_TOKEN_URL"),
                secrets_url=_http_url(secrets_url, "SLIPWAY_SECRETS_URL").rstrip("/"),
                project=environ.get("SLIPWAY_PROJECT", "").strip() or "cat-app",
            )
        except ValueError as err:
            log.warning("Slipway identity is configured wrongly (%s); not using it", err)
            return None


def _http_url(url: str, name: str) -> str:
    """Only absolute http(s) URLs: urllib would otherwise open file:// and friends."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ALLOWED_SCHEMES or not parsed.netloc:
        raise ValueError(f"{name} must be an http(s) URL, got {url[:100]!r}")
    return url


def _origin(url: str) -> str:
    parsed = urllib.parse.urlsplit(url)
    return f"{parsed.scheme}://{parsed.netloc}"


def _request_json(request: urllib.request.Request, timeout: float, what: str) -> dict:
    # Every URL here passed _http_url, so the file:/custom-scheme risk of S310/B310 cannot happen.
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 # nosec B310
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as err:
        message = f"{what}: HTTP {err.code}{_oauth_error(err)}"
        raise IdentitySecretError(message, status=err.code) from None
    except (urllib.error.URLError, OSError, ValueError) as err:
        raise IdentitySecretError(f"{what}: {err}") from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise IdentitySecretError(f"{what}: response too large")
    try:
        payload = json.loads(body)
    except ValueError:
        raise IdentitySecretError(f"{what}: response is not JSON") from None
    if not isinstance(payload, dict):
        raise IdentitySecretError(f"{what}: response is not a JSON object")
    return payload


def _oauth_error(err: urllib.error.HTTPError) -> str:
    """The OAuth error code and description (Slipway's never hold a token), if any."""
    try:
        payload = json.loads(err.read(4096))
    except (ValueError, OSError):
        return ""
    if not isinstance(payload, dict) or not isinstance(payload.get("error"), str):
        return ""
    description = str(payload.get("error_description", ""))[:200]
    return f" {payload['error']}: {description}" if description else f" {payload['error']}"


class SlipwaySecrets:
    """Reads secrets of one project as the pod's identity; one token exchange at a time."""

    def __init__(
        self,
        config: IdentityConfig,
        timeout: float = 2.0,
        refresh_margin: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self.timeout = timeout
        self.refresh_margin = refresh_margin
        self._clock = clock
        self._lock = threading.Lock()
        self._access_token: str | None = None
        self._renew_at = 0.0

    def _exchange(self) -> tuple[str, float]:
        try:
            # Re-read on every exchange: the kubelet rewrites the file before the token expires.
            subject = Path(self.config.token_file).read_text(encoding="utf-8").strip()
        except OSError as err:
            raise IdentitySecretError(f"cannot read SLIPWAY_IDENTITY_TOKEN_FILE: {err}") from None
        form = {
            "grant_type": GRANT_TYPE_EXCHANGE,
            "subject_token": subject,
            "subject_token_type": SUBJECT_TYPE_JWT,
            "audience": AUDIENCE,
        }
        request = urllib.request.Request(  # noqa: S310 - scheme checked in IdentityConfig
            self.config.token_url,
            data=urllib.parse.urlencode(form).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
            method="POST",
        )
        payload = _request_json(request, self.timeout, "token exchange")
        token = payload.get("access_token")
        if not isinstance(token, str) or not token:
            raise IdentitySecretError("token exchange: the answer has no access_token")
        expires_in = payload.get("expires_in")
        lifetime = float(expires_in) if isinstance(expires_in, int | float) else 300.0
        # Renew a margin before expiry; for short-lived tokens, at half their life.
        return token, max(lifetime - self.refresh_margin, lifetime / 2)

    def access_token(self) -> str:
        """A valid access token: the cached one, or a fresh exchange shortly before expiry."""
        with self._lock:
            if self._access_token is None or self._clock() >= self._renew_at:
                token, renew_after = self._exchange()
                self._access_token = token
                self._renew_at = self._clock() + renew_after
            return self._access_token

    def _forget_token(self) -> None:
        with self._lock:
            self._access_token = None

    def get(self, name: str) -> str:
        """The newest value of secret ``name``; IdentitySecretError when it cannot be read."""
        what = f"secret {self.config.project}/{name}"
        project = urllib.parse.quote(self.config.project, safe="")
        url = f"{self.config.secrets_url}/api/secrets/{project}/{urllib.parse.quote(name, safe='')}"
        try:
            payload = self._read(url, what)
        except IdentitySecretError as err:
            # 401: the access token was refused (Slipway's keys rotated, a clock off): once more.
            if err.status != 401:
                raise
            self._forget_token()
            payload = self._read(url, what)
        value = payload.get("value")
        if not isinstance(value, str):
            raise IdentitySecretError(f"{what}: the answer has no value")
        return value

    def _read(self, url: str, what: str) -> dict:
        request = urllib.request.Request(  # noqa: S310 - scheme checked in IdentityConfig
            url,
            headers={
                "Authorization": f"Bearer {self.access_token()}",
                "Accept": "application/json",
            },
        )
        return _request_json(request, self.timeout, what)


class IdentitySecret:
    """One secret's value, re-read every ``ttl`` seconds so a rotation is picked up.

    When a read fails the last value read is kept (it was valid a moment ago); with none, the
    caller's fallback is used, and Slipway is not asked again for ``retry_after`` seconds.
    """

    def __init__(
        self,
        secrets: SlipwaySecrets,
        name: str,
        ttl: float = 300.0,
        retry_after: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.secrets = secrets
        self.name = name
        self.ttl = ttl
        self.retry_after = retry_after
        self._clock = clock
        self._lock = threading.Lock()
        self._value: str | None = None
        self._next_read = 0.0

    def get(self, fallback: str | None = None) -> str | None:
        with self._lock:
            if self._clock() < self._next_read:
                return self._value if self._value is not None else fallback
            try:
                self._value = self.secrets.get(self.name)
                self._next_read = self._clock() + self.ttl
            except IdentitySecretError as err:
                log.warning(
                    "cannot read secret %s from Slipway (%s); using %s",
                    self.name,
                    err,
                    "the last value read" if self._value is not None else "the fallback",
                )
                self._next_read = self._clock() + self.retry_after
            return self._value if self._value is not None else fallback


def identity_secret_from_environ(
    environ: Mapping[str, str], name: str, timeout: float = 2.0
) -> IdentitySecret | None:
    """The secret ``name`` (SLIPWAY_PROJECT's, default cat-app) when identity is configured."""
    config = IdentityConfig.from_environ(environ)
    if config is None:
        return None
    ttl = environ.get("SLIPWAY_SECRET_TTL_SECONDS", "").strip()
    try:
        seconds = float(ttl) if ttl else 300.0
    except ValueError:
        log.warning("SLIPWAY_SECRET_TTL_SECONDS is not a number (%r); using 300", ttl[:50])
        seconds = 300.0
    return IdentitySecret(SlipwaySecrets(config, timeout=timeout), name, ttl=max(seconds, 0.0))
