"""Fault injection against a real local server: 500, 429 + Retry-After, resets, stalls."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from thaiid_ops.clients import AigenBackend
from thaiid_ops.clients.http import parse_retry_after
from thaiid_ops.errors import ThaiIDError, UpstreamError

KEY = "aigen-secret-0123456789"
FAST = {"backoff_base": 0.01, "backoff_max": 0.05}

ERROR_400 = {
    "status": "error",
    "error": [
        {"object": "error", "code": "400", "message": "Bad request"},
        {"object": "error", "code": "400", "message": "Bad request"},
    ],
    "data": [{}],
}


def backend(url: str, **kw) -> AigenBackend:
    params = {"max_retries": 3, "timeout": 2.0, **FAST, **kw}
    return AigenBackend(url, KEY, **params)


def test_retries_500_then_succeeds(fault_server) -> None:
    srv = fault_server(lambda key, n: ("status", 500, {}, {"x": 1}) if n <= 2 else ("ok",))
    b = backend(srv.url)
    body = b.extract("aW1n")
    assert body["data"][0]["id_number"]["value"] == "aW1n"
    assert srv.attempts["aW1n"] == 3
    assert b.stats == {"requests": 3, "retries": 2}


def test_honours_retry_after_on_429(fault_server) -> None:
    srv = fault_server(
        lambda key, n: ("status", 429, {"Retry-After": "1"}, {}) if n == 1 else ("ok",)
    )
    t0 = time.monotonic()
    body = backend(srv.url).extract("a2V5")
    assert time.monotonic() - t0 >= 1.0
    assert body["status"] == "success" and srv.attempts["a2V5"] == 2


def test_connection_reset_and_stall_are_retried(fault_server) -> None:
    srv = fault_server(lambda key, n: {1: ("reset",), 2: ("stall", 5.0)}.get(n, ("ok",)))
    t0 = time.monotonic()
    body = backend(srv.url, timeout=0.5).extract("c3Q=")
    assert body["status"] == "success"
    assert srv.attempts["c3Q="] == 3
    assert time.monotonic() - t0 < 4  # the stall was cut by the timeout, not waited out


def test_no_retry_on_client_errors(fault_server) -> None:
    srv = fault_server(lambda key, n: ("status", 400, {}, ERROR_400))
    body = backend(srv.url).extract("YmFk")
    assert body == ERROR_400
    assert srv.attempts["YmFk"] == 1


def test_non_aigen_4xx_becomes_a_coded_envelope(fault_server) -> None:
    srv = fault_server(lambda key, n: ("status", 413, {}, {"detail": "too big"}))
    body = backend(srv.url).extract("Ymln")
    assert body["error"] == [
        {"object": "error", "code": 20000, "message": "The request image base64 is too large."}
    ]
    assert srv.attempts["Ymln"] == 1


def test_budget_exhausted_raises_a_coded_error(fault_server) -> None:
    srv = fault_server(lambda key, n: ("status", 503, {}, {}))
    b = backend(srv.url, max_retries=2)
    with pytest.raises(UpstreamError) as info:
        b.extract("ZG93bg==")
    assert srv.attempts["ZG93bg=="] == 3  # 1 + max_retries, never more
    assert KEY not in str(info.value) and KEY not in repr(info.value)


def _mixed_plan(key: str, n: int):
    i = int(key.removeprefix("img-"))
    if i % 10 == 9:
        return ("status", 503, {"Retry-After": "0"}, {})  # never recovers
    faults = {
        0: ("status", 500, {}, {}),
        1: ("status", 429, {"Retry-After": "0"}, {}),
        2: ("reset",),
        3: ("stall", 3.0),
    }
    if i % 5 in faults and n <= 1 + i % 2:
        return faults[i % 5]
    return ("ok",)


def test_batch_loses_no_row_and_keeps_the_retry_budget(fault_server, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    srv = fault_server(_mixed_plan)
    b = backend(srv.url, timeout=0.5, max_in_flight=8, max_retries=3)
    keys = [f"img-{i}" for i in range(40)]
    results = asyncio.run(b.extract_many(keys))
    assert len(results) == len(keys)
    for i, (key, res) in enumerate(zip(keys, results, strict=True)):
        if i % 10 == 9:
            assert isinstance(res, UpstreamError), key
            assert srv.attempts[key] == 4
        else:
            assert isinstance(res, dict) and res["data"][0]["id_number"]["value"] == key
        assert srv.attempts[key] <= 1 + 3
    assert srv.total <= len(keys) * 4
    assert srv.max_in_flight <= 8
    assert KEY not in caplog.text


def test_in_flight_bound_and_rate_limit(fault_server) -> None:
    srv = fault_server(lambda key, n: ("ok",))
    srv.delay = 0.05
    b = backend(srv.url, max_in_flight=3)
    results = asyncio.run(b.extract_many([f"k{i}" for i in range(24)], concurrency=12))
    assert all(isinstance(r, dict) for r in results)
    assert 1 <= srv.max_in_flight <= 3

    srv2 = fault_server(lambda key, n: ("ok",))
    limited = backend(srv2.url, rate_limit=20.0)
    t0 = time.monotonic()
    asyncio.run(limited.extract_many([f"r{i}" for i in range(11)]))
    assert time.monotonic() - t0 >= 0.45  # 11 starts at 20/s span ≥ 0.5 s


def test_sync_extract_many_and_errors_in_place(fault_server) -> None:
    srv = fault_server(lambda key, n: ("status", 400, {}, ERROR_400) if key == "bad" else ("ok",))
    out = backend(srv.url).extract_many_sync(["a", "bad", "b"])
    assert [type(x) for x in out] == [dict, dict, dict]
    assert out[1] == ERROR_400 and out[2]["data"][0]["id_number"]["value"] == "b"


def test_unreachable_server_is_one_coded_error_per_input() -> None:
    b = AigenBackend("http://127.0.0.1:9", KEY, max_retries=1, timeout=0.5, **FAST)
    out = b.extract_many_sync(["x", "y"])
    assert len(out) == 2 and all(isinstance(e, ThaiIDError) for e in out)


def test_retry_after_parsing() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_sync_calls_from_threads_respect_the_in_flight_bound(fault_server) -> None:
    from concurrent.futures import ThreadPoolExecutor

    srv = fault_server(lambda key, n: ("ok",))
    srv.delay = 0.05
    b = backend(srv.url, max_in_flight=2)
    with ThreadPoolExecutor(8) as pool:
        out = list(pool.map(b.extract, [f"t{i}" for i in range(16)]))
    assert [r["data"][0]["id_number"]["value"] for r in out] == [f"t{i}" for i in range(16)]
    assert 1 <= srv.max_in_flight <= 2
    b.close()


def test_backends_pickle_for_process_pools(fault_server) -> None:
    import pickle

    srv = fault_server(lambda key, n: ("ok",))
    b = backend(srv.url, rate_limit=100.0)
    b.extract("p1")  # live clients and locks must not travel
    clone = pickle.loads(pickle.dumps(b))
    assert clone.extract("p2")["data"][0]["id_number"]["value"] == "p2"
    assert repr(clone) == repr(b)
