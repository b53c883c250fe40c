"""Where cat pictures come from: TheCatAPI's GIFs when it answers, bundled GIFs otherwise.

The cats move (FR-1206): TheCatAPI is asked for animated GIFs (``mime_types=gif``) and the
bundled cats are the small animated GIFs in static/cats/ (the SVG drawings when there are none).

TheCatAPI key comes from Slipway's secrets API when the pod has a Slipway identity
(SLIPWAY_IDENTITY_TOKEN_FILE and SLIPWAY_TOKEN_URL), else from CAT_API_KEY / CAT_API_KEY_FILE.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from identity_secrets import IdentitySecret, identity_secret_from_environ

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.thecatapi.com/v1/images/search"
ALLOWED_SCHEMES = ("http", "https")
MAX_RESPONSE_BYTES = 64 * 1024
# TheCatAPI's search takes mime_types=gif,jpg,png (any of them, comma-separated).
API_MIME_TYPES = "gif"
# Bundled cats: the first pattern with a match in static/cats/ wins.
BUNDLED_PATTERNS = ("*.gif", "*.svg")


@dataclass(frozen=True)
class Cat:
    id: str
    url: str
    source: str  # "api" or "bundled"

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "url": self.url, "source": self.source}


class CatApiError(Exception):
    """TheCatAPI could not give us a usable picture."""


def validate_api_url(url: str) -> str:
    """Accept only absolute http(s) URLs: urllib would otherwise open file:// and friends."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ALLOWED_SCHEMES or not parsed.netloc:
        raise ValueError(f"CAT_API_URL must be an http(s) URL, got {url!r}")
    return url


def read_api_key(env_key: str | None, key_file: str | None) -> str | None:
    """The API key from the environment, else from the file named by CAT_API_KEY_FILE."""
    if env_key and env_key.strip():
        return env_key.strip()
    if key_file:
        try:
            key = Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as err:
            log.warning("cannot read CAT_API_KEY_FILE %s: %s", key_file, err)
            return None
        return key or None
    return None


def slipway_api_key(environ: Mapping[str, str], timeout: float = 2.0) -> IdentitySecret | None:
    """The key as secret CAT_API_KEY_SECRET (default cat-api-key) of Slipway, when configured."""
    name = environ.get("CAT_API_KEY_SECRET", "").strip() or "cat-api-key"
    return identity_secret_from_environ(environ, name, timeout=timeout)


def search_url(url: str, mime_types: str | None = API_MIME_TYPES) -> str:
    """``url`` asking TheCatAPI for ``mime_types``, unless the URL already names its own."""
    if not mime_types:
        return url
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    if any(name == "mime_types" for name, _ in query):
        return url
    query.append(("mime_types", mime_types))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query, safe=",")))


def fetch_from_api(
    url: str, api_key: str | None, timeout: float, mime_types: str | None = API_MIME_TYPES
) -> Cat:
    """One call to TheCatAPI's /v1/images/search (GIFs by default); CatApiError if unusable."""
    headers = {"Accept": "application/json", "User-Agent": "slipway-cat-app"}
    if api_key:
        headers["x-api-key"] = api_key
    # validate_api_url admits only absolute http(s) URLs, so the file:/custom-scheme
    # risk that S310/B310 warn about cannot happen on the lines below (search_url
    # only adds a query parameter).
    target = search_url(validate_api_url(url), mime_types)
    request = urllib.request.Request(target, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 # nosec B310
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as err:
        raise CatApiError(f"request failed: {err}") from err
    if len(body) > MAX_RESPONSE_BYTES:
        raise CatApiError("response too large")
    try:
        payload = json.loads(body)
    except ValueError as err:
        raise CatApiError("response is not JSON") from err
    if not isinstance(payload, list) or not payload or not isinstance(payload[0], dict):
        raise CatApiError("response is not a non-empty list of images")
    image = payload[0]
    image_url = image.get("url")
    if not isinstance(image_url, str) or urllib.parse.urlsplit(image_url).scheme not in (
        ALLOWED_SCHEMES
    ):
        raise CatApiError("image has no http(s) url")
    image_id = image.get("id")
    return Cat(id=str(image_id) if image_id else image_url, url=image_url, source="api")


class BundledCats:
    """The cats shipped in static/cats/, served by the app itself: the animated GIFs, or the
    SVG drawings when there is no GIF (the first of ``patterns`` that matches a file wins)."""

    def __init__(
        self,
        directory: Path,
        url_prefix: str = "/static/cats/",
        patterns: tuple[str, ...] = BUNDLED_PATTERNS,
    ) -> None:
        self.names: list[str] = []
        for pattern in patterns:
            self.names = sorted(p.name for p in directory.glob(pattern))
            if self.names:
                break
        if not self.names:
            raise RuntimeError(f"no bundled cats in {directory}")
        self.url_prefix = url_prefix

    def get(self, name: str) -> Cat:
        return Cat(id=name, url=self.url_prefix + name, source="bundled")

    def first(self) -> Cat:
        return self.get(self.names[0])

    def pick(self, exclude: str | None = None) -> Cat:
        """A random bundled cat, never the one the page shows now (when there is a choice)."""
        choices = [n for n in self.names if n != exclude] or self.names
        return self.get(secrets.choice(choices))


class CatSource:
    """TheCatAPI first (bounded by a deadline), the bundled cats when it fails.

    After a failure the API is left alone for ``retry_after`` seconds, so an
    offline cluster does not pay the timeout on every click.

    ``slipway_key`` reads the key from Slipway on each call (cached, so a rotation is picked up
    within its TTL); ``api_key`` is the fallback. "environment" configures it from os.environ.
    """

    def __init__(
        self,
        bundled: BundledCats,
        api_url: str | None,
        api_key: str | None = None,
        timeout: float = 2.0,
        retry_after: float = 30.0,
        clock=time.monotonic,
        slipway_key: IdentitySecret | None | Literal["environment"] = "environment",
    ) -> None:
        self.bundled = bundled
        self.api_url = validate_api_url(api_url) if api_url else None
        self.api_key = api_key
        self.timeout = timeout
        self.retry_after = retry_after
        self._clock = clock
        self._lock = threading.Lock()
        self._skip_api_until = 0.0
        self.slipway_key = (
            slipway_api_key(os.environ, timeout) if slipway_key == "environment" else slipway_key
        )
        # The deadline covers DNS too (urllib's timeout does not), hence a worker thread.
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="cat-api")

    @property
    def api_enabled(self) -> bool:
        return self.api_url is not None

    def _api_available(self) -> bool:
        with self._lock:
            return self.api_url is not None and self._clock() >= self._skip_api_until

    def current_api_key(self) -> str | None:
        """Slipway's secret when the pod has an identity; CAT_API_KEY(_FILE) when that fails."""
        if self.slipway_key is None:
            return self.api_key
        return self.slipway_key.get(fallback=self.api_key)

    def _fetch(self) -> Cat:
        return fetch_from_api(self.api_url, self.current_api_key(), self.timeout)

    def _api_failed(self) -> None:
        with self._lock:
            self._skip_api_until = self._clock() + self.retry_after

    def get(self, exclude: str | None = None) -> Cat:
        if self._api_available():
            future = self._pool.submit(self._fetch)
            try:
                return future.result(timeout=self.timeout)
            except FutureTimeout:
                log.warning(
                    "TheCatAPI did not answer within %.1fs; using bundled cats", self.timeout
                )
                self._api_failed()
            except CatApiError as err:
                log.warning("TheCatAPI failed (%s); using bundled cats", err)
                self._api_failed()
        return self.bundled.pick(exclude)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
