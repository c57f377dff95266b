"""`thaiid serve`: the embedded engine behind the AIGEN v3 and Huawei protocols (FastAPI).

Routes:
- `POST /aiscript/idcard/v3` — seed 000: body `{"image": base64, "option": {...}}`, header
  `x-aigen-key`; answers 200/206/400/413/422/500 with seed 000's bodies, 401 without a key.
- `POST /v2/{project_id}/ocr/thailand-id-card` — seed 002: header `X-Auth-Token` (checked
  against the same keys); answers `{"result": {...}}` or `{"error_code", "error_msg"}`.
- `GET /healthz`, and the OpenAPI spec at `/openapi.json`.

Bodies are read by the route itself, chunk by chunk: a body larger than `max_body` is refused
with 413 / 20000 as soon as its `Content-Length`, or the bytes received so far, show it; it is
never held in memory. JSON parsing, base64 decoding and the engine run in worker threads
(at most `max_concurrency` at once), never on the event loop. The image string is always
decoded as base64, never opened as a server-side path.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable
from typing import Any, Literal

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import ClientDisconnect

from thaiid_ops import __version__
from thaiid_ops.engine import extract_with_status, read_page
from thaiid_ops.engine.decode import MAX_BASE64_CHARS, decode_base64, decode_pages
from thaiid_ops.errors import (
    BadRequest,
    InternalError,
    InvalidOption,
    PayloadTooLarge,
    ThaiIDError,
    Unauthorized,
)
from thaiid_ops.huawei import HUAWEI_FLAGS, exception_to_error, page_to_result
from thaiid_ops.options import IMAGE_CONVERSIONS, KNOWN_FIELDS, MAX_PAGES_LIMIT, parse_options
from thaiid_ops.schema import build_response, request_error_response
from thaiid_ops.service.keys import ENV_MAX_CONCURRENCY, KeyChecker, load_api_keys
from thaiid_ops.workers import call_and_trim

log = logging.getLogger("thaiid_ops.service")

MAX_BODY = MAX_BASE64_CHARS + 256 * 1024  # the 10 MB base64 plus JSON and options


# ---------------------------------------------------------------- OpenAPI models

FieldName = Literal[tuple(sorted(KNOWN_FIELDS))]  # type: ignore[valid-type]


class AigenOption(BaseModel):
    """Seed 000's request options, plus the documented extensions of `thaiid_ops.options`."""

    model_config = ConfigDict(extra="forbid")

    censor_field: list[FieldName] | None = None
    image_file_conversion: Literal[IMAGE_CONVERSIONS] | None = None  # type: ignore[valid-type]
    return_face: bool | None = None
    return_gender: bool | None = None
    return_signed: bool | None = None
    do_field_validation: bool | None = None
    return_datetime_iso: bool | None = None
    include_sensitive: bool | None = None
    fields: list[FieldName] | None = None
    max_pages: int | None = Field(default=None, ge=1, le=MAX_PAGES_LIMIT)


class AigenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    image: str = Field(description="Base64 image or PDF (jpg, jpeg, png, bmp, tiff, pdf)")
    option: AigenOption | None = None


class ErrorObject(BaseModel):
    object: Literal["error"]
    code: str | int
    message: str


class AigenResponse(BaseModel):
    status: Literal["success", "error"]
    error: list[ErrorObject]
    data: list[dict[str, Any]]


class HuaweiRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    image: str | None = Field(default=None, description="Base64 image (≤ 10 MB)")
    url: str | None = Field(default=None, description="Not supported offline: answers AIS.0101")
    side: Literal["front", "back"] | None = None
    return_portrait_image: bool | None = None
    return_portrait_location: bool | None = None
    return_idcard_type: bool | None = None
    return_text_location: bool | None = None


class HuaweiResponse(BaseModel):
    result: dict[str, Any]


class HuaweiError(BaseModel):
    error_code: str
    error_msg: str


class Health(BaseModel):
    status: Literal["ok"]
    version: str


_REF = "#/components/schemas/{model}"


def _body_spec(model: type[BaseModel]) -> dict[str, Any]:
    """A request body that references `model` in components (see `_add_request_schemas`)."""
    ref = {"$ref": _REF.format(model=model.__name__)}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref}}}}


def _add_request_schemas(app: FastAPI, models: Iterable[type[BaseModel]]) -> None:
    """The routes read their own bodies, so FastAPI does not list the request models."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = build()
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        for model in models:
            js = model.model_json_schema(ref_template=_REF)
            schemas.update(js.pop("$defs", {}))
            schemas[model.__name__] = js
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


_AIGEN_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": AigenResponse, "description": text}
    for code, text in (
        (206, "Partial Content: some pages failed"),
        (400, "Bad request: not an image, a size out of range, or an invalid request schema"),
        (401, "Missing or wrong x-aigen-key"),
        (413, "20000: the request image base64 is too large"),
        (422, "20001: the base64 image is incompatible"),
        (500, "Internal server error"),
    )
}
_HUAWEI_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": HuaweiError, "description": "AIS.01xx: invalid parameter or image"},
    401: {"model": HuaweiError, "description": "Missing or wrong X-Auth-Token"},
    500: {"model": HuaweiError, "description": "Internal server error"},
}


# ---------------------------------------------------------------- body reading


class _TooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (`_TooLarge`) past `limit` bytes without buffering it."""
    length = request.headers.get("content-length")
    if length is not None:
        try:
            if int(length) > limit:
                raise _TooLarge
        except ValueError:
            pass
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _parse_json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("The request body is not valid JSON.") from None


# ---------------------------------------------------------------- the work (in threads)


def run_aigen(raw: bytes) -> tuple[int, dict]:
    """Seed 000's route, from the raw body to (HTTP status, body)."""
    try:
        body = _parse_json(raw)
        if not isinstance(body, dict) or not isinstance(body.get("image"), str):
            raise BadRequest("The request body must be an object with an 'image' string.")
        extra = set(body) - {"image", "option"}
        if extra:
            raise BadRequest("The request body has unknown keys.")
        option = body.get("option")
        if option is not None and not isinstance(option, dict):
            raise InvalidOption("Option 'option' must be an object.")
        data = decode_base64(body["image"])
    except (PayloadTooLarge, InvalidOption) as exc:
        return request_error_response(exc)
    except ThaiIDError as exc:
        if exc.http_status == 422:
            return request_error_response(exc)
        return build_response([exc])
    try:
        return call_and_trim(extract_with_status, data, option)
    except Exception as exc:  # the engine promises not to raise; keep the contract if it does
        log.error("internal error on the AIGEN route: %s", type(exc).__name__)
        return build_response([InternalError()])


def run_huawei(raw: bytes) -> tuple[int, dict]:
    """Seed 002's route, from the raw body to (HTTP status, body); first page only."""
    try:
        body = _parse_json(raw)
        if not isinstance(body, dict):
            raise BadRequest("The request body must be an object.")
        unknown = set(body) - {"image", "url", "side", *HUAWEI_FLAGS}
        if unknown:
            raise BadRequest("The request body has unknown keys.")
        for flag in HUAWEI_FLAGS:
            if body.get(flag) is not None and not isinstance(body[flag], bool):
                raise BadRequest("A return_* flag is not a boolean.")
        if body.get("side") not in (None, "front", "back"):
            raise BadRequest("side must be front or back.")
        if not isinstance(body.get("image"), str):
            raise BadRequest("Send the image as base64 ('url' is not supported offline).")
        opts = parse_options(
            include_sensitive=True, return_face=bool(body.get("return_portrait_image"))
        )
        first = next(decode_pages(decode_base64(body["image"]), max_pages=1))
        if isinstance(first, BaseException):
            raise first
        page = call_and_trim(read_page, first, opts)
    except ThaiIDError as exc:
        return exception_to_error(exc)
    except Exception as exc:
        log.error("internal error on the Huawei route: %s", type(exc).__name__)
        return exception_to_error(InternalError())
    flags = {f: bool(body.get(f)) for f in HUAWEI_FLAGS}
    return 200, {"result": page_to_result(page, **flags)}


# ---------------------------------------------------------------- the app


def create_app(
    api_keys: Iterable[str] | None = None,
    *,
    max_body: int = MAX_BODY,
    max_concurrency: int | None = None,
) -> FastAPI:
    """Build the ASGI app. Keys default to `load_api_keys()`; with no key every call is 401."""
    keys = KeyChecker(load_api_keys() if api_keys is None else api_keys)
    if not keys:
        log.warning("no API keys configured: every extraction request will be refused (401)")
    env_conc = os.environ.get(ENV_MAX_CONCURRENCY)
    n_threads = max_concurrency or (int(env_conc) if env_conc else None) or os.cpu_count() or 1
    limiter = anyio.CapacityLimiter(n_threads)

    app = FastAPI(
        title="thaiid serve",
        version=__version__,
        description="Offline Thai ID card OCR speaking AIGEN IDCard OCR v3 and Huawei OCR.",
    )

    async def off_loop(fn: Any, raw: bytes) -> tuple[int, dict]:
        return await anyio.to_thread.run_sync(fn, raw, limiter=limiter)

    async def answer(
        request: Request,
        key_header: str,
        render_error: Callable[[Exception], tuple[int, Any]],
        run: Callable[[bytes], tuple[int, Any]],
    ) -> Response:
        """Key check, streamed body limit, then the engine off the event loop."""
        if not keys(request.headers.get(key_header)):
            return JSONResponse(*_swap(render_error(Unauthorized())))
        try:
            raw = await read_body(request, max_body)
        except _TooLarge:
            return JSONResponse(
                *_swap(render_error(PayloadTooLarge())), headers={"connection": "close"}
            )
        except ClientDisconnect:  # the client left mid-body: nobody to answer
            return Response(status_code=400)
        return JSONResponse(*_swap(await off_loop(run, raw)))

    @app.get("/healthz", response_model=Health, tags=["health"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.post(
        "/aiscript/idcard/v3",
        response_model=AigenResponse,
        responses=_AIGEN_RESPONSES,
        openapi_extra=_body_spec(AigenRequest),
        tags=["aigen"],
        summary="Extract ID card information (AIGEN IDCard OCR v3)",
    )
    async def aigen_v3(request: Request) -> JSONResponse:
        return await answer(request, "x-aigen-key", request_error_response, run_aigen)

    @app.post(
        "/v2/{project_id}/ocr/thailand-id-card",
        response_model=HuaweiResponse,
        responses=_HUAWEI_RESPONSES,
        openapi_extra=_body_spec(HuaweiRequest),
        tags=["huawei"],
        summary="Thailand ID card (Huawei Cloud OCR protocol)",
    )
    async def huawei(project_id: str, request: Request) -> JSONResponse:
        return await answer(request, "x-auth-token", exception_to_error, run_huawei)

    _add_request_schemas(app, (AigenRequest, HuaweiRequest))
    return app


def _swap(pair: tuple[int, Any]) -> tuple[Any, int]:
    """(status, body) → JSONResponse's positional (content, status_code)."""
    status, body = pair
    return body, status
