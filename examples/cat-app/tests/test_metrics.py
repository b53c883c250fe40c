"""The hand-written Prometheus registry."""

from __future__ import annotations

import math
import threading

import pytest

from metrics import Counter, Histogram, Registry


def test_counter_renders_sorted_labelled_series():
    registry = Registry()
    counter = registry.counter("hits_total", "Hits.", ("route", "status"))
    counter.inc(route="/b", status="200")
    counter.inc(2, route="/a", status="500")
    counter.inc(0.5, route="/a", status="500")
    assert counter.value(route="/a", status="500") == 2.5
    assert counter.value(route="/zzz", status="200") == 0
    assert registry.render().splitlines() == [
        "# HELP hits_total Hits.",
        "# TYPE hits_total counter",
        'hits_total{route="/a",status="500"} 2.5',
        'hits_total{route="/b",status="200"} 1',
    ]


def test_unlabelled_counter():
    counter = Counter("plain_total", "Plain.")
    counter.inc()
    assert counter.render()[-1] == "plain_total 1"


def test_label_values_and_help_are_escaped():
    counter = Counter("esc_total", 'Line one\nback\\slash "quoted".', ("path",))
    counter.inc(path='a"b\\c\nd')
    lines = counter.render()
    assert lines[0] == '# HELP esc_total Line one\\nback\\\\slash "quoted".'
    assert lines[-1] == 'esc_total{path="a\\"b\\\\c\\nd"} 1'


def test_counter_refuses_to_go_down_and_wrong_labels():
    counter = Counter("c_total", "C.", ("route",))
    with pytest.raises(ValueError, match="only go up"):
        counter.inc(-1, route="/")
    with pytest.raises(ValueError, match="takes labels"):
        counter.inc(status="200")


def test_histogram_buckets_are_cumulative():
    histogram = Histogram("lat_seconds", "Latency.", ("route",), buckets=(0.1, 1.0))
    for value in (0.05, 0.1, 0.5, 3.0):
        histogram.observe(value, route="/")
    assert histogram.buckets == (0.1, 1.0, math.inf)
    assert histogram.count(route="/") == 4
    assert histogram.count(route="/other") == 0
    assert histogram.render() == [
        "# HELP lat_seconds Latency.",
        "# TYPE lat_seconds histogram",
        'lat_seconds_bucket{route="/",le="0.1"} 2',
        'lat_seconds_bucket{route="/",le="1"} 3',
        'lat_seconds_bucket{route="/",le="+Inf"} 4',
        'lat_seconds_sum{route="/"} 3.65',
        'lat_seconds_count{route="/"} 4',
    ]


def test_histogram_refuses_le_label():
    with pytest.raises(ValueError, match="reserved"):
        Histogram("h", "H.", ("le",))


def test_registry_refuses_duplicates_and_renders_gauges():
    registry = Registry()
    gauge = registry.gauge("info", "Info.", ("version",))
    gauge.set(1, version="v1")
    registry.histogram("h_seconds", "H.")
    with pytest.raises(ValueError, match="already registered"):
        registry.counter("info", "Again.")
    text = registry.render()
    assert 'info{version="v1"} 1\n' in text
    assert "# TYPE h_seconds histogram" in text


def test_counter_is_thread_safe():
    counter = Counter("t_total", "T.")

    def work():
        for _ in range(1000):
            counter.inc()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counter.value() == 8000
