"""Cat sources in isolation: key loading, the bundled set, the search URL, the retry clock."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from cat_sources import BundledCats, CatSource, read_api_key, search_url

CATS = Path(__file__).resolve().parent.parent / "static" / "cats"


def walk_gif(data: bytes) -> tuple[int, int, list[int], bool]:
    """A GIF's blocks, walked: (width, height, each frame's delay in 1/100 s, loops)."""
    assert data[:6] == b"GIF89a"
    width, height, packed = struct.unpack_from("<HHB", data, 6)
    at = 13 + (3 << ((packed & 7) + 1) if packed & 0x80 else 0)

    def after_sub_blocks(at: int) -> int:
        while data[at]:
            at += data[at] + 1
        return at + 1

    delays: list[int] = []
    images = 0
    loops = False
    while data[at] != 0x3B:
        if data[at] == 0x21:  # extension
            label = data[at + 1]
            if label == 0xF9:
                delays.append(struct.unpack_from("<H", data, at + 4)[0])
            if label == 0xFF and data[at + 3 : at + 14] == b"NETSCAPE2.0":
                loops = True
            at = after_sub_blocks(at + 2)
        elif data[at] == 0x2C:  # image: descriptor, local table, LZW code size, data
            x, y, w, h, flags = struct.unpack_from("<HHHHB", data, at + 1)
            assert x + w <= width and y + h <= height
            at += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
            assert 2 <= data[at] <= 8
            at = after_sub_blocks(at + 1)
            images += 1
        else:
            raise AssertionError(f"unknown GIF block {data[at]:#x} at {at}")
    assert at == len(data) - 1, "bytes after the trailer"
    assert len(delays) == images
    return width, height, delays, loops


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


def test_bundled_cats_are_the_animated_gifs_shipped():
    bundled = BundledCats(CATS)
    assert len(bundled.names) >= 5
    assert all(name.endswith(".gif") for name in bundled.names)
    assert bundled.first().url == "/static/cats/" + bundled.names[0]


@pytest.mark.parametrize("name", sorted(p.name for p in CATS.glob("*.gif")))
def test_each_bundled_gif_is_a_small_looping_animation(name):
    data = (CATS / name).read_bytes()
    assert len(data) < 10 * 1024
    width, height, delays, loops = walk_gif(data)
    assert (width, height) == (128, 128)
    assert loops
    assert len(delays) >= 4
    assert all(delay >= 2 for delay in delays)  # browsers slow down 0-1 (1/100 s) to 0.1 s


def test_svgs_are_the_fallback_when_there_is_no_gif(tmp_path):
    (tmp_path / "b.svg").write_text("<svg/>")
    (tmp_path / "a.svg").write_text("<svg/>")
    assert BundledCats(tmp_path).names == ["a.svg", "b.svg"]
    (tmp_path / "c.gif").write_bytes(b"GIF89a")
    assert BundledCats(tmp_path).names == ["c.gif"]
    assert BundledCats(tmp_path, patterns=("*.svg",)).names == ["a.svg", "b.svg"]


def test_a_single_bundled_cat_is_still_served_when_excluded(tmp_path):
    (tmp_path / "only.gif").write_bytes(b"GIF89a")
    bundled = BundledCats(tmp_path)
    assert bundled.pick(exclude="only.gif").id == "only.gif"


def test_no_bundled_cats_is_an_error(tmp_path):
    (tmp_path / "notes.txt").write_text("no cats here")
    with pytest.raises(RuntimeError, match="no bundled cats"):
        BundledCats(tmp_path)


@pytest.mark.parametrize(
    ("url", "mime_types", "want"),
    [
        ("https://api.example.test/v1/images/search", "gif", "?mime_types=gif"),
        ("https://api.example.test/v1/images/search?limit=1", "gif", "?limit=1&mime_types=gif"),
        ("https://api.example.test/v1/images/search", "gif,png", "?mime_types=gif,png"),
        ("https://api.example.test/v1/images/search?mime_types=jpg", "gif", "?mime_types=jpg"),
        ("https://api.example.test/v1/images/search", None, ""),
        ("https://api.example.test/v1/images/search", "", ""),
    ],
)
def test_search_url_asks_for_gifs_unless_told_otherwise(url, mime_types, want):
    assert search_url(url, mime_types) == "https://api.example.test/v1/images/search" + want


def test_search_url_asks_for_gifs_by_default():
    assert search_url("http://127.0.0.1:1/s").endswith("/s?mime_types=gif")


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
