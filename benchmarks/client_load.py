"""Client overhead and `thaiid serve` latency, on loopback (127.0.0.1) only.

1. AIGEN client requests/s at 64 in flight against a trivial local endpoint (a canned
   AIGEN v3 body from uvicorn in a separate process): the cost of our client alone.
   Target: ≥ 200 req/s.
2. `thaiid serve --workers 2` p50 / p99 latency on synthetic cards under a steady closed
   loop (`--concurrency` requests always in flight). Target: p99 ≤ 2 × p50.

    .venv/bin/python benchmarks/client_load.py [--client-requests 2000] [--server-requests 24]

Every loop is bounded by its request count; servers are stopped on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
HOST = "127.0.0.1"
CANNED = json.dumps(
    {
        "status": "success",
        "error": [],
        "data": [{"id_number": {"value": "0000000000000", "confidence": 1.0}}],
    }
).encode()


async def trivial_app(scope, receive, send) -> None:
    """Reads the body, answers a fixed AIGEN v3 success."""
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", b"%d" % len(CANNED)),
            ],
        }
    )
    await send({"type": "http.response.body", "body": CANNED})


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited early")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


@contextmanager
def process(cmd: list[str], health_url: str, env: dict[str, str] | None = None):
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(health_url, proc)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def bench_client(n: int, in_flight: int) -> float:
    from thaiid_ops.clients import AigenBackend

    port = free_port()
    cmd = [sys.executable, __file__, "--serve-trivial", str(port)]
    url = f"http://{HOST}:{port}"
    image = base64.b64encode(os.urandom(768)).decode()
    with process(cmd, url + "/"):
        backend = AigenBackend(url, "bench-key", max_in_flight=in_flight, max_retries=0)

        async def run() -> float:
            await backend.extract_many([image] * min(200, n))  # warm the connection pool
            t = time.perf_counter()
            out = await backend.extract_many([image] * n)
            dt = time.perf_counter() - t
            assert all(isinstance(r, dict) and r["status"] == "success" for r in out)
            await backend.aclose()
            return n / dt

        rate = asyncio.run(run())
    print(f"client: {rate:.0f} req/s at {in_flight} in flight (n={n}; target ≥ 200)")
    return rate


def synthetic_cards(k: int) -> list[str]:
    from thaiid_ops.synth import generate

    samples = generate(k, 11, conditions=["clean"], side="front")
    return [base64.b64encode(s.image).decode() for s in samples]


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def bench_server(n: int, concurrency: int, workers: int, threads: int, cards: int) -> tuple:
    import httpx

    key = secrets.token_hex(16)
    port = free_port()
    url = f"http://{HOST}:{port}"
    env = {**os.environ, "THAIID_API_KEYS": key}
    cmd = [sys.executable, "-m", "thaiid_ops.cli", "serve", "--host", HOST, "--port", str(port)]
    cmd += ["--workers", str(workers), "--threads", str(threads), "--log-level", "warning"]
    images = synthetic_cards(cards)
    with process(cmd, url + "/healthz", env=env):

        async def run() -> list[float]:
            async with httpx.AsyncClient(base_url=url, timeout=300) as client:

                async def one(i: int) -> float:
                    t = time.perf_counter()
                    r = await client.post(
                        "/aiscript/idcard/v3",
                        json={"image": images[i % len(images)]},
                        headers={"x-aigen-key": key},
                    )
                    assert r.status_code in (200, 400), r.status_code
                    return time.perf_counter() - t

                # warm-up: every worker loads its models before timing starts
                await asyncio.gather(*(one(i) for i in range(2 * workers)))
                latencies: list[float] = []
                queue = iter(range(n))

                async def loop() -> None:
                    for i in queue:
                        latencies.append(await one(i))

                await asyncio.gather(*(loop() for _ in range(concurrency)))
                return latencies

        lat = asyncio.run(run())
    p50, p99 = statistics.median(lat), percentile(lat, 0.99)
    print(
        f"server: {workers} workers × {threads} threads, {concurrency} in flight, n={n}: "
        f"p50 {p50:.2f} s, p99 {p99:.2f} s, p99/p50 {p99 / p50:.2f} (target ≤ 2.0), "
        f"{n / sum(lat) * concurrency:.2f} cards/s"
    )
    return p50, p99


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--client-requests", type=int, default=2000)
    ap.add_argument("--in-flight", type=int, default=64)
    ap.add_argument("--server-requests", type=int, default=24)
    ap.add_argument("--concurrency", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1, help="engine threads per worker")
    ap.add_argument("--cards", type=int, default=6)
    ap.add_argument("--skip-server", action="store_true")
    ap.add_argument("--serve-trivial", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.serve_trivial is not None:
        import uvicorn

        uvicorn.run(trivial_app, host=HOST, port=args.serve_trivial, log_level="warning",
                    access_log=False)  # fmt: skip
        return 0
    bench_client(args.client_requests, args.in_flight)
    if not args.skip_server:
        bench_server(args.server_requests, args.concurrency, args.workers, args.threads, args.cards)
    return 0


if __name__ == "__main__":
    sys.exit(main())
