"""Fixtures: a stand-in for TheCatAPI on 127.0.0.1, an unreachable URL, an app factory."""

from __future__ import annotations

import http.server
import json
import socket
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402

CAT_IMAGE = {"id": "abc123", "url": "https://cdn2.example.test/images/abc123.jpg"}


class FakeCatApi(http.server.ThreadingHTTPServer):
    """Answers like TheCatAPI's /v1/images/search, with a few misbehaving paths.

    The search answers a .gif when it is asked for mime_types=gif, a .jpg otherwise.
    """

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict[str, str]] = []  # path, query, x-api-key
        self.counter = 0

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str = "/v1/images/search") -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r["path"] == path)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: FakeCatApi

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path, _, query = self.path.partition("?")
        self.server.requests.append(
            {"path": path, "query": query, "x-api-key": self.headers.get("x-api-key", "")}
        )
        if path == "/v1/images/search":
            self.server.counter += 1
            n = self.server.counter
            mime_types = urllib.parse.parse_qs(query).get("mime_types", [""])[0].split(",")
            ext = "gif" if "gif" in mime_types else "jpg"
            image = {"id": f"cat{n}", "url": f"https://cdn2.example.test/images/cat{n}.{ext}"}
            self._send(200, json.dumps([{**image, "width": 500, "height": 400}]).encode())
        elif path == "/fixed":
            self._send(200, json.dumps([CAT_IMAGE]).encode())
        elif path == "/no-id":
            self._send(200, json.dumps([{"url": CAT_IMAGE["url"]}]).encode())
        elif path == "/error":
            self._send(500, b'{"message": "boom"}')
        elif path == "/not-json":
            self._send(200, b"<html>cats</html>", "text/html")
        elif path == "/empty":
            self._send(200, b"[]")
        elif path == "/bad-url":
            self._send(200, json.dumps([{"id": "x", "url": "javascript:alert(1)"}]).encode())
        elif path == "/huge":
            self._send(200, b"[" + b" " * (70 * 1024) + b"]")
        elif path == "/slow":
            time.sleep(1.0)
            self._send(200, json.dumps([CAT_IMAGE]).encode())
        else:
            self._send(404, b'{"message": "not found"}')


@pytest.fixture
def cat_api():
    server = FakeCatApi()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def unreachable_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connections are refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1/images/search"


@pytest.fixture
def make_client():
    apps = []

    def _make(**env: str):
        environ = {"APP_VERSION": "test-1", "CAT_API_URL": "off", **env}
        app = create_app(environ)
        app.config["TESTING"] = True
        apps.append(app)
        return app.test_client()

    yield _make
    for app in apps:
        app.extensions["cat_source"].close()
