"""The page, the JSON API, health, version and metrics endpoints."""

from __future__ import annotations

import re
import time

import pytest

from app import create_app
from cat_sources import DEFAULT_API_URL


def test_index_shows_an_animated_bundled_cat_the_button_and_the_version(make_client):
    client = make_client(APP_VERSION="v1.2.3")
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="next"' in html
    assert "v1.2.3" in html
    assert '<body data-cats="animated">' in html
    match = re.search(r'<img id="cat" src="(/static/cats/[^"]+\.gif)"', html)
    assert match, html
    image = client.get(match.group(1))
    assert image.status_code == 200
    assert image.mimetype == "image/gif"
    assert image.data.startswith(b"GIF89a")


def test_every_bundled_cat_is_served_as_a_gif(make_client):
    client = make_client()
    bundled = client.application.extensions["cat_source"].bundled
    assert len(bundled.names) >= 5
    for name in bundled.names:
        url = bundled.get(name).url
        assert re.fullmatch(r"/static/cats/[\w-]+\.gif", url), url
        image = client.get(url)
        assert image.status_code == 200
        assert image.mimetype == "image/gif"
        assert image.data.startswith(b"GIF89a")


def test_page_script_fetches_the_api_and_swaps_the_image(make_client):
    client = make_client()
    script = client.get("/static/app.js").get_data(as_text=True)
    assert "/api/cat" in script
    assert "img.src = cat.url" in script


def test_api_cat_uses_thecatapi_when_reachable(make_client, cat_api):
    client = make_client(CAT_API_URL=cat_api.url(), CAT_API_KEY="secret-key")
    body = client.get("/api/cat").get_json()
    assert body == {
        "id": "cat1",
        "url": "https://cdn2.example.test/images/cat1.gif",
        "source": "api",
        "version": "test-1",
    }
    assert cat_api.requests[-1]["x-api-key"] == "secret-key"


def test_thecatapi_is_asked_for_gifs(make_client, cat_api):
    client = make_client(CAT_API_URL=cat_api.url())
    assert client.get("/api/cat").get_json()["url"].endswith(".gif")
    assert cat_api.requests[-1]["query"] == "mime_types=gif"


def test_other_query_parameters_of_the_api_url_are_kept(make_client, cat_api):
    client = make_client(CAT_API_URL=cat_api.url("/v1/images/search?size=small"))
    client.get("/api/cat")
    assert cat_api.requests[-1]["query"] == "size=small&mime_types=gif"


def test_mime_types_in_the_api_url_win(make_client, cat_api):
    client = make_client(CAT_API_URL=cat_api.url("/v1/images/search?mime_types=jpg,png"))
    assert client.get("/api/cat").get_json()["url"].endswith(".jpg")
    assert cat_api.requests[-1]["query"] == "mime_types=jpg,png"


def test_multiple_clicks_give_new_api_images(make_client, cat_api):
    client = make_client(CAT_API_URL=cat_api.url())
    urls = [client.get("/api/cat").get_json()["url"] for _ in range(5)]
    assert len(set(urls)) == 5
    assert cat_api.hits("/v1/images/search") == 5


def test_api_key_is_read_from_a_file(make_client, cat_api, tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("from-file\n")
    client = make_client(CAT_API_URL=cat_api.url("/fixed"), CAT_API_KEY_FILE=str(key_file))
    assert client.get("/api/cat").get_json()["source"] == "api"
    assert cat_api.requests[-1]["x-api-key"] == "from-file"


def test_no_key_header_without_a_key(make_client, cat_api):
    client = make_client(CAT_API_URL=cat_api.url("/fixed"))
    assert client.get("/api/cat").get_json()["id"] == "abc123"
    assert cat_api.requests[-1]["x-api-key"] == ""


def test_image_without_id_uses_its_url_as_id(make_client, cat_api):
    client = make_client(CAT_API_URL=cat_api.url("/no-id"))
    body = client.get("/api/cat").get_json()
    assert body["id"] == body["url"]


def test_unreachable_api_falls_back_to_bundled_cats(make_client, unreachable_url):
    client = make_client(CAT_API_URL=unreachable_url)
    started = time.monotonic()
    body = client.get("/api/cat").get_json()
    assert time.monotonic() - started < 2.5
    assert body["source"] == "bundled"
    assert body["url"].startswith("/static/cats/")
    assert body["url"].endswith(".gif")
    assert client.get(body["url"]).status_code == 200


@pytest.mark.parametrize("path", ["/error", "/not-json", "/empty", "/bad-url", "/huge", "/nope"])
def test_unusable_api_answers_fall_back(make_client, cat_api, path):
    client = make_client(CAT_API_URL=cat_api.url(path))
    assert client.get("/api/cat").get_json()["source"] == "bundled"
    assert cat_api.hits(path) == 1


def test_slow_api_is_cut_off_by_the_timeout(make_client, cat_api):
    client = make_client(CAT_API_URL=cat_api.url("/slow"), CAT_API_TIMEOUT="0.2")
    started = time.monotonic()
    assert client.get("/api/cat").get_json()["source"] == "bundled"
    assert time.monotonic() - started < 0.9


def test_after_a_failure_the_api_is_left_alone_for_a_while(make_client, cat_api):
    client = make_client(CAT_API_URL=cat_api.url("/error"), CAT_API_RETRY_SECONDS="60")
    for _ in range(3):
        assert client.get("/api/cat").get_json()["source"] == "bundled"
    assert cat_api.hits("/error") == 1


def test_with_no_retry_delay_the_api_is_asked_every_time(make_client, cat_api):
    client = make_client(CAT_API_URL=cat_api.url("/error"), CAT_API_RETRY_SECONDS="0")
    for _ in range(3):
        client.get("/api/cat")
    assert cat_api.hits("/error") == 3


def test_api_can_be_switched_off(make_client, cat_api):
    client = make_client(CAT_API_URL="off")
    assert client.get("/api/cat").get_json()["source"] == "bundled"
    assert cat_api.requests == []


def test_bundled_cats_never_repeat_the_one_shown(make_client):
    client = make_client()
    shown = client.get("/api/cat").get_json()["id"]
    for _ in range(20):
        body = client.get("/api/cat", query_string={"exclude": shown}).get_json()
        assert body["id"] != shown
        shown = body["id"]


def test_api_cat_is_not_cached(make_client):
    response = make_client().get("/api/cat")
    assert response.headers["Cache-Control"] == "no-store"


def test_version_healthz_and_headers(make_client):
    client = make_client(APP_VERSION="2024.03.24-abc")
    assert client.get("/api/version").get_json() == {"version": "2024.03.24-abc"}
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json() == {"status": "ok", "version": "2024.03.24-abc"}
    assert health.headers["X-App-Version"] == "2024.03.24-abc"
    assert "default-src 'self'" in health.headers["Content-Security-Policy"]
    assert health.headers["X-Content-Type-Options"] == "nosniff"


def test_version_defaults_to_dev(make_client):
    assert make_client(APP_VERSION="").get("/api/version").get_json() == {"version": "dev"}


def test_create_app_reads_os_environ(monkeypatch):
    monkeypatch.setenv("APP_VERSION", "from-env")
    monkeypatch.setenv("CAT_API_URL", "")
    app = create_app()
    try:
        assert app.test_client().get("/api/version").get_json() == {"version": "from-env"}
        assert not app.extensions["cat_source"].api_enabled
    finally:
        app.extensions["cat_source"].close()


def test_default_api_url_is_thecatapi(monkeypatch):
    monkeypatch.delenv("CAT_API_URL", raising=False)
    app = create_app({})
    try:
        assert app.extensions["cat_source"].api_url == DEFAULT_API_URL
    finally:
        app.extensions["cat_source"].close()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CAT_API_URL": "file:///etc/passwd"}, "http(s) URL"),
        ({"CAT_API_URL": "http://"}, "http(s) URL"),
        ({"CAT_API_URL": "off", "CAT_API_TIMEOUT": "soon"}, "must be a number"),
        ({"CAT_API_URL": "off", "CAT_API_RETRY_SECONDS": "-1"}, "must not be negative"),
    ],
)
def test_bad_configuration_is_refused(env, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        create_app(env)


def test_metrics_count_requests_durations_and_images(make_client, cat_api):
    client = make_client(CAT_API_URL=cat_api.url(), APP_VERSION="m1")
    client.get("/")
    client.get("/api/cat")
    client.get("/api/cat")
    client.get("/healthz")
    client.get("/does-not-exist")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    text = response.get_data(as_text=True)
    assert "# TYPE cat_requests_total counter" in text
    assert 'cat_requests_total{route="/",status="200"} 1' in text
    assert 'cat_requests_total{route="/api/cat",status="200"} 2' in text
    assert 'cat_requests_total{route="/healthz",status="200"} 1' in text
    assert 'cat_requests_total{route="<unmatched>",status="404"} 1' in text
    assert "# TYPE cat_request_duration_seconds histogram" in text
    assert 'cat_request_duration_seconds_bucket{route="/api/cat",le="+Inf"} 2' in text
    assert 'cat_request_duration_seconds_count{route="/api/cat"} 2' in text
    assert re.search(r'cat_request_duration_seconds_sum\{route="/api/cat"\} [0-9.e-]+', text)
    assert 'cat_images_served_total{source="api"} 2' in text
    assert 'cat_images_served_total{source="bundled"} 1' in text
    assert 'cat_app_info{version="m1"} 1' in text
    assert text.endswith("\n")
