"""Real local servers for the client tests, all on 127.0.0.1 with ephemeral ports.

- `fault_server`: a raw-socket HTTP/1.1 server whose answer per request follows a plan:
  ok, a status (500, 429 + Retry-After, 400 ...), a connection reset, or a stall.
- `huawei_replay`: IAM + `thailand-id-card`, serving seed 002's documented examples
  (front, back, error) with synthetic values.
"""

from __future__ import annotations

import base64
import json
import secrets
import socket
import socketserver
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

# ---------------------------------------------------------------- fault-injecting server

Action = tuple  # ("ok",) | ("status", code, headers, body) | ("reset",) | ("stall", seconds)


def echo_body(key: str) -> dict[str, Any]:
    """An AIGEN v3 success whose id_number carries the request's key (to check order)."""
    return {
        "status": "success",
        "error": [],
        "data": [{"id_number": {"value": key, "confidence": 1.0}}],
    }


@dataclass
class FaultServer:
    url: str
    plan: Callable[[str, int], Action]
    attempts: Counter = field(default_factory=Counter)
    in_flight: int = 0
    max_in_flight: int = 0
    delay: float = 0.0
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def total(self) -> int:
        return sum(self.attempts.values())


def _respond(wfile, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    lines = [
        f"HTTP/1.1 {status} X",
        f"Content-Length: {len(body)}",
        "Content-Type: application/json",
    ]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    wfile.flush()


def _make_handler(state: FaultServer) -> type[socketserver.StreamRequestHandler]:
    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            while not state.stop.is_set():
                line = self.rfile.readline()
                if not line:
                    return
                headers: dict[str, str] = {}
                while True:
                    h = self.rfile.readline()
                    if h in (b"\r\n", b"\n", b""):
                        break
                    k, _, v = h.decode().partition(":")
                    headers[k.strip().lower()] = v.strip()
                body = self.rfile.read(int(headers.get("content-length", "0")))
                try:
                    key = str(json.loads(body).get("image"))
                except ValueError:
                    key = "?"
                with state.lock:
                    state.attempts[key] += 1
                    n = state.attempts[key]
                    state.in_flight += 1
                    state.max_in_flight = max(state.max_in_flight, state.in_flight)
                try:
                    if state.delay:
                        time.sleep(state.delay)
                    action = state.plan(key, n)
                finally:
                    with state.lock:
                        state.in_flight -= 1
                kind = action[0]
                if kind == "ok":
                    _respond(self.wfile, 200, json.dumps(echo_body(key)).encode())
                elif kind == "status":
                    _, code, hdrs, payload = action
                    _respond(self.wfile, code, json.dumps(payload).encode(), hdrs)
                elif kind == "reset":
                    linger = struct.pack("ii", 1, 0)  # close with RST, not FIN
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                    return
                elif kind == "stall":
                    state.stop.wait(action[1])
                    return

    return Handler


class _Threaded(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


@pytest.fixture
def fault_server() -> Iterator[Callable[[Callable[[str, int], Action]], FaultServer]]:
    """Factory: `fault_server(plan)` starts a server; `plan(key, attempt_no)` → action."""
    started: list[tuple[_Threaded, FaultServer]] = []

    def start(plan: Callable[[str, int], Action]) -> FaultServer:
        state = FaultServer(url="", plan=plan)
        srv = _Threaded(("127.0.0.1", 0), _make_handler(state))
        state.url = f"http://127.0.0.1:{srv.server_address[1]}"
        threading.Thread(
            target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        started.append((srv, state))
        return state

    yield start
    for srv, state in started:
        state.stop.set()
        srv.shutdown()
        srv.server_close()


# ---------------------------------------------------------------- Huawei replay server

# Seed 002's documented examples, with synthetic values in place of its X placeholders.
SYNTHETIC_ID = "1 1037 02071 81 1"  # a checksum-valid synthetic number
HUAWEI_FRONT = {
    "result": {
        "side": "front",
        "id_number": SYNTHETIC_ID,
        "name_th": "นาย ตัวอย่าง บัตรประชาชน",
        "first_name_en": "Mr. Tuayang",
        "last_name_en": "Budprachachon",
        "date_of_birth_th": "5 ก.พ. 2493",
        "date_of_birth_en": "5 Feb. 1950",
        "religion_th": "พุทธ",
        "address_th": "17/1 หมู่ที่ 9 ต.หัวไผ่ อ.เมืองอ่างทอง จ.อ่างทอง",
        "date_of_issue_th": "4 มี.ค. 2554",
        "date_of_issue_en": "4 Mar. 2011",
        "date_of_expiry_th": "22 ก.พ. 2561",
        "date_of_expiry_en": "22 Feb. 2018",
        "serial_number": "1234-05-01011234",
        "confidence": {
            "id_number": 0.9999,
            "name_th": 0.9994,
            "first_name_en": 0.998,
            "last_name_en": 0.9997,
            "date_of_birth_th": 0.9996,
            "date_of_birth_en": 0.9997,
            "religion_th": 0.686,
            "address_th": 0.624,
            "date_of_issue_th": 1,
            "date_of_issue_en": 1,
            "date_of_expiry_th": 0.9969,
            "date_of_expiry_en": 0.61,
            "serial_number": 0.9887,
        },
        "portrait_image": "/9j/4AA",
        "portrait_location": [[576, 237], [741, 237], [739, 430], [574, 431]],
        "idcard_type": "normal",
    }
}
HUAWEI_BACK = {
    "result": {
        "side": "back",
        "card_number": "1234-567-89",
        "laser_number": "JT0-1234567-89",
        "confidence": {"id_number": 0.9999, "laser_number": 0.9994},
    }
}
HUAWEI_ERROR = {
    "error_code": "AIS.0103",
    "error_msg": "The image size does not meet the requirements.",
}


@dataclass
class Replay:
    url: str
    username: str
    password: str
    domain: str
    ttl_s: float = 3600.0
    issued: list[str] = field(default_factory=list)
    revoked: set[str] = field(default_factory=set)
    ocr_calls: int = 0
    last_request: dict[str, Any] = field(default_factory=dict)


def replay_app(state: Replay) -> FastAPI:
    app = FastAPI()

    @app.post("/v3/auth/tokens")
    async def tokens(request: Request) -> JSONResponse:
        body = await request.json()
        ident = body["auth"]["identity"]
        user = ident["password"]["user"]
        ok = (
            ident["methods"] == ["password"]
            and user["name"] == state.username
            and user["password"] == state.password
            and user["domain"]["name"] == state.domain
            and "project" in body["auth"]["scope"]
        )
        if not ok:
            return JSONResponse({"error": {"code": 401, "message": "bad credentials"}}, 401)
        token = "MIIN" + secrets.token_hex(24)
        state.issued.append(token)
        expires = datetime.now(UTC) + timedelta(seconds=state.ttl_s)
        return JSONResponse(
            {"token": {"expires_at": expires.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}},
            201,
            headers={"X-Subject-Token": token},
        )

    @app.post("/v2/{project_id}/ocr/thailand-id-card")
    async def ocr(project_id: str, request: Request) -> JSONResponse:
        token = request.headers.get("x-auth-token")
        if token not in state.issued or token in state.revoked:
            return JSONResponse(
                {
                    "error_code": "APIG.0301",
                    "error_msg": "Incorrect IAM authentication information",
                },
                401,
            )
        state.ocr_calls += 1
        body = await request.json()
        state.last_request = {k: v for k, v in body.items() if k != "image"}
        image = base64.b64decode(body["image"])
        if image == b"front":
            return JSONResponse(HUAWEI_FRONT)
        if image == b"back":
            return JSONResponse(HUAWEI_BACK)
        return JSONResponse(HUAWEI_ERROR, 400)

    return app


@pytest.fixture
def huawei_replay() -> Iterator[Replay]:
    from thaiid_ops.service.server import serve_in_thread

    state = Replay(
        url="", username="ocr-user", password="pw-" + secrets.token_hex(8), domain="acme"
    )
    with serve_in_thread(replay_app(state)) as url:
        state.url = url
        yield state
