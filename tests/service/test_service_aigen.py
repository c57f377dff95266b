"""`POST /aiscript/idcard/v3` against a real server: every status code of seed 000, exact bodies."""

from __future__ import annotations

import base64
import io
import select
import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest
from PIL import Image

from thaiid_ops.engine.decode import MAX_BASE64_CHARS
from thaiid_ops.service.app import MAX_BODY

ROUTE = "/aiscript/idcard/v3"

BODY_413 = {
    "status": "error",
    "error": [
        {"object": "error", "code": 20000, "message": "The request image base64 is too large."}
    ],
    "data": [],
}
BODY_422 = {
    "status": "error",
    "error": [{"object": "error", "code": 20001, "message": "The base64 image is incompatible."}],
    "data": [],
}
BODY_401 = {
    "status": "error",
    "error": [{"object": "error", "code": "401", "message": "Unauthorized"}],
    "data": [],
}
BAD_REQUEST = {"object": "error", "code": "400", "message": "Bad request"}


def post(url: str, key: str | None, json=None, content=None) -> httpx.Response:
    headers = {"x-aigen-key": key} if key else {}
    return httpx.post(url + ROUTE, json=json, content=content, headers=headers, timeout=120)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_401_without_or_with_a_wrong_key(server_url: str, api_key: str) -> None:
    for key in (None, "wrong", api_key[:-1], api_key + "x"):
        r = post(server_url, key, json={"image": "AAAA"})
        assert r.status_code == 401
        assert r.json() == BODY_401


def test_400_not_an_image_exact_body(server_url: str, api_key: str) -> None:
    r = post(server_url, api_key, json={"image": b64(b"this is plain text, not a picture")})
    assert r.status_code == 400
    assert r.json() == {
        "status": "error",
        "error": [
            {
                "object": "error",
                "code": "400",
                "message": "Not a valid image (must be jpg, jpeg, png, bmp, tiff or pdf).",
            },
            BAD_REQUEST,
        ],
        "data": [{}],
    }


def test_400_side_out_of_range(server_url: str, api_key: str) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (10, 300), "white").save(buf, "PNG")
    r = post(server_url, api_key, json={"image": b64(buf.getvalue())})
    assert r.status_code == 400
    body = r.json()
    assert body["error"][-1] == BAD_REQUEST and body["data"] == [{}]
    assert "15-8192" in body["error"][0]["message"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"{not json", "The request body is not valid JSON."),
        (b"[1, 2]", "The request body must be an object with an 'image' string."),
        (b'{"option": {}}', "The request body must be an object with an 'image' string."),
        (b'{"image": 12}', "The request body must be an object with an 'image' string."),
        (b'{"image": "AAAA", "extra": 1}', "The request body has unknown keys."),
    ],
)
def test_400_invalid_request_schema(server_url: str, api_key: str, payload, message) -> None:
    r = post(server_url, api_key, content=payload)
    assert r.status_code == 400
    assert r.json() == {
        "status": "error",
        "error": [{"object": "error", "code": "400", "message": message}, BAD_REQUEST],
        "data": [{}],
    }


def test_400_invalid_option_names_the_key(server_url: str, api_key: str) -> None:
    r = post(server_url, api_key, json={"image": "AAAA", "option": {"return_face": "yes"}})
    assert r.status_code == 400
    assert r.json() == {
        "status": "error",
        "error": [
            {"object": "error", "code": "400", "message": "Option 'return_face' must be a boolean."}
        ],
        "data": [],
    }


def test_413_base64_over_10_mb_exact_body(server_url: str, api_key: str) -> None:
    image = "A" * (MAX_BASE64_CHARS + 4)  # inside the body cap: the engine's own check answers
    assert len(image) < MAX_BODY
    r = post(server_url, api_key, json={"image": image})
    assert r.status_code == 413
    assert r.json() == BODY_413


def test_422_undecodable_base64_exact_body(server_url: str, api_key: str) -> None:
    for image in ("@@@ not base64 @@@", "A", "data:image/png,abc"):
        r = post(server_url, api_key, json={"image": image})
        assert r.status_code == 422, image
        assert r.json() == BODY_422


def test_image_is_never_opened_as_a_server_path(server_url: str, api_key: str, tmp_path) -> None:
    p = tmp_path / "card.png"
    Image.new("RGB", (100, 60), "white").save(p)
    r = post(server_url, api_key, json={"image": str(p)})
    assert r.status_code == 422
    assert r.json() == BODY_422


def _read_response(sock: socket.socket) -> tuple[int, bytes]:
    sock.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return status, rest[:length]


def test_413_for_a_50_mb_body_is_sent_before_the_body_is_read(
    server_url: str, api_key: str
) -> None:
    u = urlsplit(server_url)
    with socket.create_connection((u.hostname, u.port), timeout=10) as sock:
        sock.sendall(
            (
                f"POST {ROUTE} HTTP/1.1\r\nHost: {u.netloc}\r\nx-aigen-key: {api_key}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {50 * 1024 * 1024}\r\n\r\n"
            ).encode()
            + b'{"image": "AAAA'
        )
        t0 = time.monotonic()
        status, body = _read_response(sock)  # nothing more is sent: the server must not wait
        assert time.monotonic() - t0 < 5
    assert status == 413
    assert httpx.Response(200, content=body).json() == BODY_413


def test_413_for_a_chunked_body_stops_reading_at_the_cap(server_url: str, api_key: str) -> None:
    """No Content-Length: the server counts bytes as they stream and answers at the cap."""
    u = urlsplit(server_url)
    chunk = b"A" * (1024 * 1024)
    frame = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    sent = 0
    with socket.create_connection((u.hostname, u.port), timeout=10) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 256 * 1024)
        sock.sendall(
            (
                f"POST {ROUTE} HTTP/1.1\r\nHost: {u.netloc}\r\nx-aigen-key: {api_key}\r\n"
                "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            ).encode()
        )
        answered = False
        while sent < 50 * len(chunk):
            if select.select([sock], [], [], 0)[0]:
                answered = True
                break
            try:
                sock.sendall(frame)
            except OSError:
                break
            sent += len(chunk)
        if not answered:
            select.select([sock], [], [], 5)
        status, body = _read_response(sock)
    assert status == 413
    assert httpx.Response(200, content=body).json() == BODY_413
    # The server stopped reading at the cap: the client could not hand over the 50 MB it
    # had. (How far past the cap it got depends on the kernel's socket buffers, 32 MB on
    # this machine's loopback, and on how busy the machine is: no tighter bound holds.)
    assert sent < 50 * len(chunk)


def test_200_synthetic_card(server_url: str, api_key: str, card_b64: str) -> None:
    r = post(server_url, api_key, json={"image": card_b64, "option": {"return_gender": True}})
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "success" and body["error"] == []
    assert len(body["data"]) == 1
    page = body["data"][0]
    assert page["side"]["value"] == "front"
    assert page["title_name_surname_th"]["value"]
    assert page["option"]["gender"]["value"] in ("male", "female", "unknown")


def test_206_one_bad_pdf_page_keeps_the_other(
    server_url: str, api_key: str, card_image: Image.Image
) -> None:
    buf = io.BytesIO()
    tiny = Image.new("RGB", (4, 4), "white")
    card_image.save(buf, "PDF", resolution=200.0, save_all=True, append_images=[tiny])
    r = post(server_url, api_key, json={"image": b64(buf.getvalue())})
    assert r.status_code == 206
    body = r.json()
    assert body["status"] == "error"
    assert len(body["data"]) == 2 and body["data"][1] == {}
    assert body["data"][0]["side"]["value"] == "front"
    assert body["error"] == [
        {"object": "error", "code": "400", "message": "PDF page 2 is too small."},
        {"object": "error", "code": "206", "message": "Partial Content."},
    ]


def test_500_internal_error_exact_body(
    server_url: str, api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine's page reader fails: seed 000's 500 row, through the real server."""
    import thaiid_ops.engine.pipeline as pipeline

    def broken(page, opts):
        raise RuntimeError("simulated engine fault")

    monkeypatch.setattr(pipeline, "read_page", broken)
    buf = io.BytesIO()
    Image.new("RGB", (200, 120), "white").save(buf, "PNG")
    r = post(server_url, api_key, json={"image": b64(buf.getvalue())})
    assert r.status_code == 500
    assert r.json() == {
        "status": "error",
        "error": [
            {
                "object": "error",
                "code": "internal_server_error",
                "message": "Internal process error during extract image page: 1.",
            },
            {
                "object": "error",
                "code": "internal_server_error",
                "message": "Internal server error",
            },
        ],
        "data": [{}],
    }
    assert "simulated" not in r.text


def test_healthz_and_openapi(server_url: str) -> None:
    r = httpx.get(server_url + "/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    spec = httpx.get(server_url + "/openapi.json").json()
    assert {ROUTE, "/v2/{project_id}/ocr/thailand-id-card", "/healthz"} <= set(spec["paths"])
    responses = spec["paths"][ROUTE]["post"]["responses"]
    assert {"200", "206", "400", "401", "413", "422", "500"} <= set(responses)
    assert "AigenRequest" in spec["components"]["schemas"]
