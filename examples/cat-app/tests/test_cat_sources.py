"""Cat sources in isolation: key loading, the bundled set, the retry clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from cat_sources import BundledCats, CatSource, read_api_key

CATS = Path(__file__).resolve().parent.parent / "static" / "cats"


def test_env_key_wins_over_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("file-key")
    assert read_api_key(" env-key ", str(key_file)) == "env-key"
    assert read_api_key("", str(key_file)) == "file-key"
    assert read_api_key(None, None) is None


def test_missing_or_empty_key_file_gives_no_key(tmp_path):
    assert read_api_key(None, str(tmp_path / "absent")) is None
    empty = tmp_path / "empty"
    empty.write_text("\n")
    assert read_api_key(None, str(empty)) is None


def test_bundled_cats_are_the_svgs_shipped():
    bundled = BundledCats(CATS)
    assert len(bundled.names) >= 5
    assert all(name.endswith(".svg") for name in bundled.names)
    assert bundled.first().url == "/static/cats/" + bundled.names[0]


def test_a_single_bundled_cat_is_still_served_when_excluded(tmp_path):
    (tmp_path / "only.svg").write_text("<svg/>")
    bundled = BundledCats(tmp_path)
    assert bundled.pick(exclude="only.svg").id == "only.svg"


def test_no_bundled_cats_is_an_error(tmp_path):
    with pytest.raises(RuntimeError, match="no bundled cats"):
        BundledCats(tmp_path)


def test_the_api_is_tried_again_after_the_retry_delay(cat_api):
    now = [100.0]
    source = CatSource(
        BundledCats(CATS), cat_api.url("/error"), retry_after=30, clock=lambda: now[0]
    )
    try:
        assert source.get().source == "bundled"
        assert source.get().source == "bundled"
        assert cat_api.hits("/error") == 1
        now[0] += 31
        source.get()
        assert cat_api.hits("/error") == 2
    finally:
        source.close()
