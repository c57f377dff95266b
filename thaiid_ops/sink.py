"""Streaming, resumable Parquet writer for a document lake.

`write_parquet(sources, out, ...)` reads every source through a backend (the embedded
engine by default), flattens the responses with `thaiid_ops.rows`, and writes the flat
rows to one Parquet file with key-value metadata (package version, schema version,
engine, options, PII mode).

Memory stays flat however large the lake: at most a few sources are in flight, rows are
flushed to small staged part files (pyarrow, row groups as they come), and the final file
is assembled by streaming those parts' row groups through a `pyarrow.parquet.ParquetWriter`.

Resuming: each source is keyed by a hash of its content. The state lives in a hidden
sibling directory ``.<out name>.thaiid/``:

- ``part-*.parquet`` + ``manifest.jsonl``: staged rows and the keys they cover, appended
  as the run goes (a crashed run resumes from them);
- ``committed-<token>.json``: every key inside the finished file, whose metadata names
  the token. The new file is first written beside `out` and then atomically renamed, so
  `out` always points at a complete key list.

A second run with the same settings skips every source already in `out`, does no OCR and
leaves the file alone when nothing is new. Different settings (PII mode, options, backend,
dropped columns) start from scratch.
"""

from __future__ import annotations

import glob as _glob
import json
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

import thaiid_ops
from thaiid_ops import rows as _rows
from thaiid_ops import schema
from thaiid_ops import workers as _workers

__all__ = ["IMAGE_SUFFIXES", "SinkProgress", "SinkSummary", "expand_sources", "write_parquet"]

IMAGE_SUFFIXES: tuple[str, ...] = (
    ".jpg",
    ".jpeg",
    ".png",
    ".bmp",
    ".tif",
    ".tiff",
    ".pdf",
    ".webp",
)

_META_PREFIX = "thaiid_ops."
_TOKEN_KEY = "thaiid_ops.state_token"
_FINAL_ROW_GROUP = 16_384


@dataclass
class SinkSummary:
    """What one run did. Counts cover the rows this run read (not those it skipped)."""

    uri: str
    rows: int = 0
    ok: int = 0
    partial: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    invalid: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    elapsed_s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-able, PII-free (counts and the output URI only)."""
        return {
            "uri": self.uri,
            "rows": self.rows,
            "ok": self.ok,
            "partial": self.partial,
            "errors": dict(self.errors),
            "invalid": dict(self.invalid),
            "skipped": self.skipped,
            "elapsed_s": round(self.elapsed_s, 3),
        }


@dataclass
class SinkProgress:
    """Reported after every source: `done` includes `skipped`."""

    total: int
    done: int = 0
    skipped: int = 0
    rows: int = 0
    errors: int = 0


# ---------------------------------------------------------------- sources


def _has_magic(s: str) -> bool:
    return any(ch in s for ch in "*?[")


def expand_sources(spec: str | os.PathLike | Iterable[str | os.PathLike]) -> list[str]:
    """A lake path, glob, URI or list → the sorted list of sources to read.

    A directory (local or fsspec) is walked recursively for image and PDF files
    (`IMAGE_SUFFIXES`); a glob is expanded (``**`` recurses); a file is itself. A list is
    taken as given, in its order.
    """
    if not isinstance(spec, str | os.PathLike):
        return [os.fspath(s) for s in spec]
    text = os.fspath(spec)
    if "://" in text and not text.startswith("file://"):
        import fsspec

        fs, _, paths = fsspec.get_fs_token_paths(text)
        protocol = text.split("://", 1)[0]
        if _has_magic(text):
            found = paths
        elif fs.isdir(paths[0]):
            found = [p for p in fs.find(paths[0]) if p.lower().endswith(IMAGE_SUFFIXES)]
        else:
            found = paths
        return sorted(p if "://" in p else f"{protocol}://{p}" for p in found)
    local = text[len("file://") :] if text.startswith("file://") else text
    if _has_magic(local):
        return sorted(p for p in _glob.glob(local, recursive=True) if os.path.isfile(p))
    if os.path.isdir(local):
        out = []
        for root, _dirs, files in os.walk(local):
            out.extend(os.path.join(root, f) for f in files if f.lower().endswith(IMAGE_SUFFIXES))
        return sorted(out)
    return [local]


# ---------------------------------------------------------------- resumable state


class _State:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.dir = out.with_name(f".{out.name}.thaiid")
        self.manifest = self.dir / "manifest.jsonl"

    def committed(self, config: str, token: str | None = None) -> set[str] | None:
        """Keys inside the output when it exists and was written with the same config.

        `token` is the output's state token; by default it is read from the local `out`.
        """
        if token is None:
            if not self.out.exists():
                return None
            token = (_token(str(self.out)) or b"").decode()
        path = self.dir / f"committed-{token}.json"
        if not token or not path.exists():
            return None
        doc = json.loads(path.read_text())
        if doc.get("config") != config:
            return None
        return set(doc["keys"])

    def staged(self, config: str, committed: set[str]) -> list[tuple[Path, list[str]]]:
        """Parts from an unfinished run with the same config that `out` does not hold yet."""
        if not self.manifest.exists():
            return []
        parts = []
        for line in self.manifest.read_text().splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:  # a torn last line from a crash
                continue
            part = self.dir / entry["part"]
            keys = entry["keys"]
            if entry.get("config") != config or not part.exists():
                continue
            if keys and set(keys) <= committed:
                continue  # merged into `out` by a run that stopped before cleaning up
            parts.append((part, keys))
        return parts

    def add_part(self, table: pa.Table, keys: list[str], config: str) -> Path:
        self.dir.mkdir(parents=True, exist_ok=True)
        part = self.dir / f"part-{uuid.uuid4().hex}.parquet"
        tmp = part.with_suffix(".tmp")
        pq.write_table(table, tmp)
        os.replace(tmp, part)
        with open(self.manifest, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"config": config, "part": part.name, "keys": keys}) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        return part

    def write_committed(self, token: str, config: str, keys: set[str]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        path = self.dir / f"committed-{token}.json"
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"config": config, "keys": sorted(keys)}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    def clean(self, keep_token: str | None) -> None:
        """Remove staged parts, the manifest and key lists other than `keep_token`'s."""
        if not self.dir.exists():
            return
        for p in self.dir.iterdir():
            if keep_token and p.name == f"committed-{keep_token}.json":
                continue
            p.unlink(missing_ok=True)
        if keep_token is None:
            self.dir.rmdir()


# ---------------------------------------------------------------- the run


def _config_id(spec: _rows.RowSpec, options: Mapping[str, Any], backend_name: str) -> str:
    import hashlib

    doc = {
        "schema": schema.SCHEMA_VERSION,
        "spec": spec.fingerprint(),
        "options": options,
        "backend": backend_name,
    }
    blob = json.dumps(doc, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


def _metadata(spec: _rows.RowSpec, options: Mapping[str, Any], backend_name: str) -> dict:
    fp = spec.fingerprint()
    return {
        "thaiid_ops.version": thaiid_ops.__version__,
        "thaiid_ops.schema_version": schema.SCHEMA_VERSION,
        "thaiid_ops.engine": backend_name,
        "thaiid_ops.options": json.dumps(dict(options), sort_keys=True, default=str),
        "thaiid_ops.pii": spec.pii,
        "thaiid_ops.drop": json.dumps(fp["drop"]),
        "thaiid_ops.include_sensitive": json.dumps(fp["include_sensitive"]),
    }


def _unreadable_key(label: str | None) -> str:
    # Unreadable sources have no content; key them by their name so a resume skips them.
    return "unreadable:" + _rows.content_hash((label or "").encode())


def _tally(summary: SinkSummary, new_rows: list[dict]) -> int:
    errors = 0
    for row in new_rows:
        summary.rows += 1
        status = row.get("status")
        if status == "success":
            summary.ok += 1
        elif status == "partial":
            summary.partial += 1
        else:
            errors += 1
            code = str(row.get("error_code") or "unknown")
            summary.errors[code] = summary.errors.get(code, 0) + 1
        for key, value in row.items():
            if value is False and key.endswith("_valid"):
                name = key[: -len("_valid")]
                summary.invalid[name] = summary.invalid.get(name, 0) + 1
    return errors


def _crash_row(spec: _rows.RowSpec) -> Callable[[tuple], list[dict]]:
    def on_crash(args: tuple) -> list[dict]:
        message = "the engine crashed on this document"
        return [_rows.error_row(args[1], "internal_server_error", message, spec=spec)]

    return on_crash


def _jobs(
    sources: Iterable[str],
    skip: set[str],
    extractor: _rows.Extractor,
    options: Mapping[str, Any],
    spec: _rows.RowSpec,
) -> Iterator[_workers.Job]:
    """A job per source: read and hash here, OCR in the pool; None rows when skipped."""
    for src in sources:
        label = _rows.source_label(src)
        try:
            data = _rows.load_source(src)
        except _rows.SourceError as exc:
            key = _unreadable_key(label)
            value = (
                None if key in skip else [_rows.error_row(label, exc.code, exc.message, spec=spec)]
            )
            yield _workers.Job(value=value, tag=key)
            continue
        key = _rows.content_hash(data)
        if key in skip:
            yield _workers.Job(value=None, tag=key)
        else:
            yield _workers.Job(args=(data, label, extractor, options, spec), tag=key)


def write_parquet(
    sources: str | os.PathLike | Iterable[str | os.PathLike],
    out: str | os.PathLike,
    *,
    backend: Any = None,
    options: Mapping[str, Any] | None = None,
    pii: str = "keep",
    hmac_key: bytes | str | None = None,
    drop: Iterable[str] = (),
    workers: int | None = None,
    resume: bool = True,
    progress: Callable[[SinkProgress], None] | None = None,
    include_sensitive: bool = False,
    bboxes: bool = False,
    flush_rows: int = 512,
    flush_seconds: float = 30.0,
) -> SinkSummary:
    """Read `sources` into the Parquet file `out`; see the module docstring.

    `sources`: a lake directory, glob, URI or an iterable of paths/URIs (`expand_sources`).
    `backend`: None/``"local"`` (embedded engine), a client kind or a Backend object.
    `options`: seed 000's request options. `pii`/`hmac_key`/`drop`/`include_sensitive`:
    see `thaiid_ops.rows.RowSpec`. `workers`: parallel reads (default: all cores).
    `resume`: skip sources whose content `out` (or a crashed run's staging) already holds.
    `progress`: called with a `SinkProgress` after every source. Bad sources give error
    rows; the function raises only when the run itself fails (e.g. a misconfigured
    backend, an unwritable output).
    """
    t0 = time.perf_counter()
    out_text = os.fspath(out)
    remote = "://" in out_text and not out_text.startswith("file://")
    if remote:
        # Object stores have no rename: build the file in a local cache keyed by the URI,
        # upload it in one put, and keep only its key list there for the next resume.
        cache = Path(tempfile.gettempdir()) / "thaiid_ops-sink"
        digest = _rows.content_hash(out_text.encode())
        out_path = cache / digest / out_text.rstrip("/").rsplit("/", 1)[-1]
    else:
        local = out_text[len("file://") :] if out_text.startswith("file://") else out_text
        out_path = Path(local).expanduser()
    spec = _rows.RowSpec.make(
        pii=pii,
        hmac_key=hmac_key,
        drop=drop,
        include_sensitive=include_sensitive,
        bboxes=bboxes,
    )
    opts = dict(options or {})
    extractor, backend_name = _rows.resolve_extractor(backend)
    config = _config_id(spec, opts, backend_name)
    arrow_schema = spec.arrow_schema(_metadata(spec, opts, backend_name))
    source_list = expand_sources(sources)
    summary = SinkSummary(uri=out_text if remote else str(out_path))
    state = _State(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    remote_token = _remote_token(out_text) if remote else None

    committed: set[str] = set()
    base_exists = False
    staged: list[tuple[Path, list[str]]] = []
    if resume:
        found = (
            state.committed(config, token=remote_token or "") if remote else state.committed(config)
        )
        if found is not None:
            committed, base_exists = found, True
        staged = state.staged(config, committed)
    else:
        state.clean(None)
    skip = committed | {k for _, keys in staged for k in keys}

    n = workers or _workers.default_workers()
    kind = _workers.DEFAULT_KIND if backend_name == "local" else "thread"
    pool = (n, kind) if n > 1 else None
    tick = SinkProgress(total=len(source_list))

    buffer: list[dict] = []
    buffer_keys: list[str] = []
    last_flush = time.monotonic()

    def flush() -> None:
        nonlocal buffer, buffer_keys, last_flush
        if buffer_keys:
            table = pa.Table.from_pylist(buffer, schema=arrow_schema)
            staged.append((state.add_part(table, buffer_keys, config), buffer_keys))
        buffer, buffer_keys, last_flush = [], [], time.monotonic()

    jobs = _jobs(source_list, skip, extractor, opts, spec)
    for job, new_rows in _workers.run_ordered(
        _rows.rows_for_bytes, jobs, pool, on_crash=_crash_row(spec)
    ):
        key = job.tag
        tick.done += 1
        if new_rows is None:
            summary.skipped += 1
            tick.skipped += 1
        else:
            tick.errors += _tally(summary, new_rows)
            tick.rows += len(new_rows)
            # A copy of a file under another name gets its own rows (its own source).
            buffer.extend(new_rows)
            buffer_keys.append(key)
            if len(buffer) >= flush_rows or time.monotonic() - last_flush >= flush_seconds:
                flush()
        if progress is not None:
            progress(tick)
    flush()

    if base_exists and not staged:
        summary.elapsed_s = time.perf_counter() - t0
        return summary  # nothing new: the file already holds everything

    token = uuid.uuid4().hex
    all_keys = committed | {k for _, keys in staged for k in keys}
    state.write_committed(token, config, all_keys)
    meta = dict(arrow_schema.metadata or {})
    meta[_TOKEN_KEY.encode()] = token.encode()
    final_schema = arrow_schema.with_metadata(meta)
    tmp = out_path.with_name(f".{out_path.name}.{token}.tmp")
    if base_exists and remote:
        _download(out_text, out_path)  # the rows already there are carried over
    inputs = ([out_path] if base_exists else []) + [p for p, _ in staged]
    try:
        _merge(inputs, tmp, final_schema)
        os.replace(tmp, out_path)
    finally:
        tmp.unlink(missing_ok=True)
    state.clean(token)
    if remote:
        _upload(out_path, out_text)
        out_path.unlink()  # the cache keeps only the key list, not a copy of the data
    summary.elapsed_s = time.perf_counter() - t0
    return summary


def _token(fh: Any) -> bytes | None:
    try:
        return (pq.read_schema(fh).metadata or {}).get(_TOKEN_KEY.encode())
    except (OSError, pa.ArrowException):
        return None


def _remote_token(uri: str) -> str | None:
    import fsspec

    fs, path = fsspec.core.url_to_fs(uri)
    if not fs.exists(path):
        return None
    with fs.open(path, "rb") as fh:
        token = _token(fh)
    return token.decode() if token else None


def _download(uri: str, local: Path) -> None:
    import fsspec

    fs, path = fsspec.core.url_to_fs(uri)
    fs.get_file(path, str(local))


def _upload(local: Path, uri: str) -> None:
    import fsspec

    fs, path = fsspec.core.url_to_fs(uri)
    fs.put_file(str(local), path)


def _merge(inputs: list[Path], dest: Path, arrow_schema: pa.Schema) -> None:
    """Stream the row groups of `inputs` into `dest`, coalesced to ~16k-row groups."""
    plain = arrow_schema.remove_metadata()
    with pq.ParquetWriter(dest, arrow_schema) as writer:
        pending: list[pa.RecordBatch] = []
        count = 0
        for path in inputs:
            for batch in pq.ParquetFile(path).iter_batches(batch_size=_FINAL_ROW_GROUP):
                pending.append(pa.RecordBatch.from_arrays(batch.columns, schema=plain))
                count += batch.num_rows
                if count >= _FINAL_ROW_GROUP:
                    writer.write_table(pa.Table.from_batches(pending, schema=plain))
                    pending, count = [], 0
        if pending:
            writer.write_table(pa.Table.from_batches(pending, schema=plain))
    with open(dest, "rb+") as fh:  # the bytes must be on disk before the rename
        os.fsync(fh.fileno())
