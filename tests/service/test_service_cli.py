"""`thaiid serve` as a real process: start, answer, stop."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_cli_process(tmp_path) -> None:
    key = secrets.token_hex(16)
    keyfile = tmp_path / "keys.txt"
    keyfile.write_text(f"# test key\n{key}\n")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("THAIID_")}
    cmd = [sys.executable, "-m", "thaiid_ops.cli", "serve", "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--api-keys-file", str(keyfile), "--log-level", "debug"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, "server exited"
            assert time.monotonic() < deadline, "server did not come up"
            time.sleep(0.2)
        route = url + "/aiscript/idcard/v3"
        assert httpx.post(route, json={"image": "AAAA"}).status_code == 401
        r = httpx.post(route, json={"image": "@@"}, headers={"x-aigen-key": key})
        assert r.status_code == 422 and r.json()["error"][0]["code"] == 20001
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert key not in out.decode(errors="replace")  # keys never reach the logs


def test_serve_refuses_to_start_without_keys() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("THAIID_")}
    cmd = [sys.executable, "-m", "thaiid_ops.cli", "serve", "--port", str(_free_port())]
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert res.returncode == 2
    assert "no API key" in res.stderr
