"""Daily cat dose: a Flask page with a button that shows a new cat on each click.

Run locally:   python app.py                       (waitress on 127.0.0.1:8080)
In the image:  waitress-serve --listen=0.0.0.0:8080 --call app:create_app

Configuration (environment):
  APP_VERSION            shown on the page and at /api/version (default "dev")
  CAT_API_URL            TheCatAPI search endpoint (default TheCatAPI's); "" or "off"
                         serves only the bundled cats
  CAT_API_KEY            TheCatAPI key, sent as x-api-key (optional)
  CAT_API_KEY_FILE       a file holding the key, e.g. a mounted Secret (optional)
  CAT_API_TIMEOUT        seconds to wait for TheCatAPI before falling back (default 2)
  CAT_API_RETRY_SECONDS  after a failure, seconds to use bundled cats only (default 30)
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path

from flask import Flask, Response, g, jsonify, render_template, request

from cat_sources import DEFAULT_API_URL, BundledCats, CatSource, read_api_key
from metrics import CONTENT_TYPE, Registry

HERE = Path(__file__).resolve().parent
DISABLED = {"", "off", "none", "false", "0", "bundled"}

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' https: data:; script-src 'self'; "
    "style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def _float(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError as err:
        raise ValueError(f"{name} must be a number, got {raw!r}") from err
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {raw!r}")
    return value


def create_app(environ: Mapping[str, str] | None = None) -> Flask:
    """Build the app from an environment mapping (os.environ when None)."""
    env = os.environ if environ is None else environ
    app = Flask(
        __name__, static_folder=str(HERE / "static"), template_folder=str(HERE / "templates")
    )

    version = env.get("APP_VERSION", "").strip() or "dev"
    api_url = env.get("CAT_API_URL", DEFAULT_API_URL).strip()
    if api_url.lower() in DISABLED:
        api_url = ""
    bundled = BundledCats(HERE / "static" / "cats")
    source = CatSource(
        bundled,
        api_url=api_url or None,
        api_key=read_api_key(env.get("CAT_API_KEY"), env.get("CAT_API_KEY_FILE")),
        timeout=_float(env, "CAT_API_TIMEOUT", 2.0),
        retry_after=_float(env, "CAT_API_RETRY_SECONDS", 30.0),
    )
    app.config["APP_VERSION"] = version
    app.extensions["cat_source"] = source

    registry = Registry()
    requests_total = registry.counter(
        "cat_requests_total", "HTTP requests served, by route and status.", ("route", "status")
    )
    duration = registry.histogram(
        "cat_request_duration_seconds", "Time spent serving HTTP requests.", ("route",)
    )
    images_served = registry.counter(
        "cat_images_served_total", "Cat images handed out, by source.", ("source",)
    )
    registry.gauge("cat_app_info", "The running build.", ("version",)).set(1, version=version)
    app.extensions["metrics"] = registry

    @app.before_request
    def _start_timer() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        route = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        requests_total.inc(route=route, status=str(response.status_code))
        duration.observe(elapsed, route=route)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers["X-App-Version"] = version
        return response

    @app.get("/")
    def index() -> str:
        cat = bundled.pick()
        images_served.inc(source=cat.source)
        return render_template("index.html", cat=cat, version=version)

    @app.get("/api/cat")
    def api_cat() -> Response:
        exclude = request.args.get("exclude", "")[:200] or None
        cat = source.get(exclude=exclude)
        images_served.inc(source=cat.source)
        response = jsonify({**cat.as_dict(), "version": version})
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/api/version")
    def api_version() -> Response:
        return jsonify({"version": version})

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify({"status": "ok", "version": version})

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(registry.render(), mimetype=None, content_type=CONTENT_TYPE)

    return app


if __name__ == "__main__":
    from waitress import serve

    serve(
        create_app(),
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8080")),
    )
