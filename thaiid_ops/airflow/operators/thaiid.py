"""Operators: extract a shard of a document lake to Parquet, and gate the Parquet with GX.

Both are thin: the hook builds the backend, `thaiid_ops.sink` writes the Parquet and
`thaiid_ops.quality` validates it. Logs, XCom, asset events and lineage carry counts,
codes and storage paths only, never a value read from a card.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import Any

from airflow.sdk import Asset, BaseOperator, Context, ObjectStoragePath
from airflow.sdk.exceptions import AirflowFailException

from thaiid_ops.airflow import DEFAULT_CONN_ID
from thaiid_ops.airflow.hooks.thaiid import ThaiIDOcrHook

#: The Parquet produced by ThaiIDCardExtractOperator; thaiid_quality_report is scheduled on it.
THAIID_CARDS = Asset(name="thaiid_cards", uri="thaiid://cards")

DOCUMENT_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp", ".pdf")
MANIFEST_SUFFIX = ".manifest"
_GLOB_CHARS = frozenset("*?[")


# ---------------------------------------------------------------------------- sources and shards
def as_storage_path(uri: str | os.PathLike[str] | ObjectStoragePath) -> ObjectStoragePath:
    """An ObjectStoragePath; bare paths become absolute `file://` paths."""
    if isinstance(uri, ObjectStoragePath):
        return uri
    text = os.fspath(uri)
    if "://" not in text:
        text = "file://" + os.path.abspath(text)
    return ObjectStoragePath(text)


def _local_or_uri(path: ObjectStoragePath) -> str:
    """What the sink reads/writes: a plain path for `file://`, the URI otherwise."""
    return path.path if path.protocol in ("file", "local", "") else str(path)


def _split_glob(text: str) -> tuple[str, str]:
    parts = text.split("/")
    for i, part in enumerate(parts):
        if _GLOB_CHARS & set(part):
            return "/".join(parts[:i]) or "/", "/".join(parts[i:])
    return text, ""


def read_manifest(path: ObjectStoragePath) -> list[str]:
    """One URI per line; blank lines and `#` comments ignored."""
    text = path.read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def resolve_sources(
    source: str | os.PathLike[str] | ObjectStoragePath | Iterable[str],
    extensions: Sequence[str] = DOCUMENT_EXTENSIONS,
) -> list[str]:
    """Expand a file, folder (recursive), glob, `.manifest` file or list into sorted URIs.

    Folders keep only `extensions`; hidden and `_`-prefixed entries (state, temp files) are
    skipped. A glob is taken as written.
    """
    if not isinstance(source, str | os.PathLike | ObjectStoragePath):
        return sorted(str(as_storage_path(s)) for s in source)
    text = str(source)
    base, pattern = _split_glob(text)
    root = as_storage_path(base)
    if pattern:
        found = [p for p in root.glob(pattern) if p.is_file()]
    elif root.name.endswith(MANIFEST_SUFFIX):
        return sorted(str(as_storage_path(s)) for s in read_manifest(root))
    elif root.is_dir():
        exts = tuple(e.lower() for e in extensions)
        found = [
            p
            for p in root.rglob("*")
            if p.is_file()
            and p.name.lower().endswith(exts)
            and not any(part.startswith((".", "_")) for part in p.path[len(root.path) :].split("/"))
        ]
    else:
        found = [root]
    return sorted(str(p) for p in found)


def parse_shard(shard: Any) -> tuple[int, int]:
    """`"3/8"`, `(3, 8)`, `{"index": 3, "count": 8}` or None (whole input) → (index, count)."""
    if shard in (None, ""):
        return 0, 1
    if isinstance(shard, str):
        index, _, count = shard.partition("/")
        pair = (int(index), int(count or 1))
    elif isinstance(shard, Mapping):
        pair = (int(shard["index"]), int(shard["count"]))
    else:
        index, count = shard
        pair = (int(index), int(count))
    if not (pair[1] >= 1 and 0 <= pair[0] < pair[1]):
        raise ValueError("shard must satisfy 0 <= index < count")
    return pair


def shard_slice(items: Sequence[str], index: int, count: int) -> list[str]:
    """Every `count`-th item from `index`: near-equal shards, and a folder of similar files
    (say, a batch of bad scans) is spread over all shards instead of failing one."""
    return list(items[index::count])


def plan_shards(n_files: int, *, min_per_shard: int = 25, max_shards: int = 1024) -> list[str]:
    """Shard specs ("i/n") for `n_files`: at most `max_shards` (Airflow's max_map_length)."""
    if n_files <= 0:
        return []
    count = min(max_shards, max(1, math.ceil(n_files / max(1, min_per_shard))))
    return [f"{i}/{count}" for i in range(count)]


# ---------------------------------------------------------------------------- extract
class _ProgressLog:
    """Logs counts every `every` documents from the sink's `SinkProgress` ticks."""

    def __init__(self, log: Any, every: int) -> None:
        self.log, self.every = log, max(1, every)
        self._next = self.every

    def __call__(self, tick: Any) -> None:
        if tick.done >= self._next or tick.done == tick.total:
            self.log.info(
                "progress: %d/%d documents (%d rows, %d errors, %d already written)",
                tick.done,
                tick.total,
                tick.rows,
                tick.errors,
                tick.skipped,
            )
            while self._next <= tick.done:
                self._next += self.every


def parquet_stats(path: str) -> dict[str, Any]:
    """Counts over a written flat-row Parquet file: rows, statuses, error codes, invalid fields.

    Reads only `status`, `error_code` and the `*_valid` columns; returns no values.
    """
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    names = pq.read_schema(path).names
    cols = [c for c in names if c in ("status", "error_code") or c.endswith("_valid")]
    table = pq.read_table(path, columns=cols)
    status = table.column("status") if "status" in names else None
    errors: dict[str, int] = {}
    ok = partial = 0
    if status is not None:
        counts = {d["values"]: d["counts"] for d in pc.value_counts(status).to_pylist()}
        ok, partial = counts.get("success", 0), counts.get("partial", 0)
        is_error = pc.invert(pc.is_in(status, _strings(["success", "partial"])))
        codes = pc.fill_null(pc.cast(table.column("error_code"), "string"), "unknown")
        for d in pc.value_counts(pc.filter(codes, pc.fill_null(is_error, True))).to_pylist():
            errors[str(d["values"])] = int(d["counts"])
    invalid = {}
    for c in cols:
        if c.endswith("_valid"):
            n = int(pc.sum(pc.equal(table.column(c), False)).as_py() or 0)
            if n:
                invalid[c[: -len("_valid")]] = n
    return {
        "rows": table.num_rows,
        "ok": int(ok),
        "partial": int(partial),
        "error_rows": sum(errors.values()),
        "errors": errors,
        "invalid": invalid,
    }


def _strings(values: list[str]) -> Any:
    import pyarrow as pa

    return pa.array(values, pa.string())


class ThaiIDCardExtractOperator(BaseOperator):
    """Read one shard of a document lake into one Parquet file under a run-scoped folder.

    :param source: file, folder, glob, `.manifest` file (one URI per line) or list of URIs;
        templated. Local paths and any ObjectStoragePath URI work.
    :param output_uri: folder for this run's Parquet parts, e.g. ``…/run_id={{ run_id }}``;
        templated. The shard writes ``part-<index>-of-<count>.parquet`` there, atomically, so a
        retry replaces its own file and never duplicates rows.
    :param shard: ``"index/count"`` (templated, what ``.expand(shard=…)`` maps over) or None.
    :param thaiid_conn_id: the `thaiid` connection (backend + credentials); templated.
    :param options: AIGEN request options, merged over the connection's ``extra.options``.
    :param pii: how the sink stores personal columns ("keep", "mask", "hmac"); see
        `thaiid_ops.sink`. The HMAC key is `hmac_key`, else the connection's `extra.hmac_key`.
    :param max_error_rate: fail when more than this fraction of output rows are errors.
    :param log_every: log a progress line (counts only) every N images.
    :param asset: the outlet Asset (default `THAIID_CARDS`); None for no outlet.
    """

    template_fields: Sequence[str] = (
        "source",
        "output_uri",
        "shard",
        "thaiid_conn_id",
        "options",
        "max_error_rate",
    )
    ui_color = "#f4d35e"

    def __init__(
        self,
        *,
        source: Any,
        output_uri: str | ObjectStoragePath,
        shard: Any = None,
        thaiid_conn_id: str = DEFAULT_CONN_ID,
        options: Mapping[str, Any] | None = None,
        pii: str = "keep",
        hmac_key: str | None = None,
        drop: Sequence[str] = (),
        workers: int | None = None,
        max_error_rate: float | str = 0.25,
        log_every: int = 25,
        extensions: Sequence[str] = DOCUMENT_EXTENSIONS,
        asset: Asset | None = THAIID_CARDS,
        **kwargs: Any,
    ) -> None:
        if asset is not None and "outlets" not in kwargs:
            kwargs["outlets"] = [asset]
        super().__init__(**kwargs)
        self.source = source
        self.output_uri = output_uri
        self.shard = shard
        self.thaiid_conn_id = thaiid_conn_id
        self.options = dict(options or {})
        self.pii = pii
        self.hmac_key = hmac_key
        self.drop = tuple(drop)
        self.workers = workers
        self.max_error_rate = max_error_rate
        self.log_every = log_every
        self.extensions = tuple(extensions)
        self.asset = asset
        self._result: dict[str, Any] | None = None

    @cached_property
    def hook(self) -> ThaiIDOcrHook:
        return ThaiIDOcrHook(thaiid_conn_id=self.thaiid_conn_id)

    def part_path(self, index: int, count: int) -> ObjectStoragePath:
        """Where shard `index` of `count` lands: deterministic, so a retry replaces it."""
        return as_storage_path(str(self.output_uri)) / f"part-{index:05d}-of-{count:05d}.parquet"

    def execute(self, context: Context) -> dict[str, Any]:
        from thaiid_ops.sink import write_parquet

        index, count = parse_shard(self.shard)
        sources = shard_slice(resolve_sources(self.source, self.extensions), index, count)
        out = self.part_path(index, count)
        remote = out.protocol not in ("file", "local", "")
        # The sink writes locally (atomic rename); a remote part is uploaded as one object.
        local = (
            os.path.join(tempfile.mkdtemp(prefix="thaiid_part_"), out.name) if remote else out.path
        )
        hmac_key = self.hmac_key or self.hook.hmac_key
        if hmac_key:
            from airflow.sdk.log import mask_secret

            mask_secret(hmac_key)
        self.log.info(
            "shard %d/%d: %d documents, backend=%s -> %s",
            index,
            count,
            len(sources),
            self.hook.spec.kind,
            out,
        )
        workers = self.workers
        if workers is None and multiprocessing.current_process().daemon:
            workers = 1  # a daemonic worker process (e.g. Celery prefork) cannot have children
        kind = self.hook.spec.kind
        summary = write_parquet(
            [_local_or_uri(as_storage_path(s)) for s in sources],
            local,
            # local: the sink's own picklable engine entry point (it may use a process pool)
            backend="local"
            if kind == "local" and not self.hook.spec.params
            else self.hook.get_conn(),
            options={**self.hook.default_options, **self.options},
            pii=self.pii,
            hmac_key=hmac_key,
            drop=self.drop,
            workers=workers,
            resume=True,
            progress=_ProgressLog(self.log, self.log_every),
        )
        if remote:
            with open(local, "rb") as src, out.open("wb") as dst:
                shutil.copyfileobj(src, dst)
        # Counts describe the file (a retry that found everything written reads nothing new).
        result = {
            "uri": str(out),
            "shard": f"{index}/{count}",
            "documents": len(sources),
            **parquet_stats(local),
            "read": summary.rows,
            "skipped": summary.skipped,
            "elapsed_s": round(summary.elapsed_s, 3),
        }
        self._result = result
        self.log.info(
            "shard %d/%d done: %d rows (%d ok, %d partial, %d errors), invalid fields %s",
            index,
            count,
            result["rows"],
            result["ok"],
            result["partial"],
            result["error_rows"],
            result["invalid"],
        )
        self._emit_asset_event(context, result)
        rate = result["error_rows"] / result["rows"] if result["rows"] else 0.0
        if rate > float(self.max_error_rate):
            raise AirflowFailException(
                f"shard {index}/{count}: error rate {rate:.1%} exceeds max_error_rate "
                f"{float(self.max_error_rate):.1%} (errors by code: {result['errors']})"
            )
        return result

    def _emit_asset_event(self, context: Context, result: dict[str, Any]) -> None:
        if self.asset is None:
            return
        events = context.get("outlet_events") if hasattr(context, "get") else None
        if events is None:
            return
        events[self.asset].extra = {
            k: result[k] for k in ("uri", "shard", "rows", "error_rows") if k in result
        }

    # OpenLineage (used when apache-airflow-providers-openlineage is installed)
    def lineage_summary(self) -> dict[str, Any] | None:
        """Output dataset, schema fields (names/types) and row count of the last run."""
        if not self._result:
            return None
        uri = self._result["uri"]
        path = as_storage_path(uri)
        try:
            import pyarrow.parquet as pq

            with path.open("rb") as fh:
                schema = pq.read_schema(fh)
        except Exception:
            from thaiid_ops.schema import flat_arrow_schema

            schema = flat_arrow_schema()
        # OpenLineage naming: local files are namespace "file"; buckets are scheme://bucket.
        local = path.protocol in ("file", "local", "")
        bucket = "" if local else (getattr(path, "bucket", "") or "")
        return {
            "namespace": "file" if local else f"{path.protocol}://{bucket}",
            "name": path.path if local or not bucket else path.path[len(bucket) :].lstrip("/"),
            "fields": [(f.name, str(f.type)) for f in schema],
            "rows": self._result["rows"],
        }

    def get_openlineage_facets_on_complete(self, task_instance: Any) -> Any:
        try:
            from airflow.providers.common.compat.openlineage.facet import (
                OutputDataset,
                OutputStatisticsOutputDatasetFacet,
                SchemaDatasetFacet,
                SchemaDatasetFacetFields,
            )
            from airflow.providers.openlineage.extractors import OperatorLineage
        except ImportError:
            return None
        info = self.lineage_summary()
        if info is None:
            return OperatorLineage()
        return OperatorLineage(
            outputs=[
                OutputDataset(
                    namespace=info["namespace"],
                    name=info["name"],
                    facets={
                        "schema": SchemaDatasetFacet(
                            fields=[
                                SchemaDatasetFacetFields(name=n, type=t) for n, t in info["fields"]
                            ]
                        )
                    },
                    outputFacets={
                        "outputStatistics": OutputStatisticsOutputDatasetFacet(
                            rowCount=info["rows"]
                        )
                    },
                )
            ]
        )


# ---------------------------------------------------------------------------- quality gate
def resolve_parquet(data: Any) -> list[str]:
    """A Parquet file, a folder of parts, a glob or a list → sorted local paths / URIs."""
    if isinstance(data, str | os.PathLike | ObjectStoragePath) and not str(data).endswith(
        ".parquet"
    ):
        text = str(data)
        if not (_GLOB_CHARS & set(text)):
            text = text.rstrip("/") + "/*.parquet"
        data = resolve_sources(text)
    elif isinstance(data, str | os.PathLike | ObjectStoragePath):
        data = [data]
    return [_local_or_uri(as_storage_path(d)) for d in sorted(str(d) for d in data)]


def counts_only(summary: Mapping[str, Any]) -> dict[str, Any]:
    """The quality summary without row keys: small enough for XCom."""
    return {
        **{k: v for k, v in summary.items() if k != "suites"},
        "suites": [
            {
                **{k: v for k, v in suite.items() if k != "expectations"},
                "failed": [
                    {
                        k: e.get(k)
                        for k in ("label", "unexpected_count", "unexpected_percent", "error")
                    }
                    for e in suite.get("expectations", [])
                    if not e.get("success")
                ],
            }
            for suite in summary.get("suites", [])
        ],
    }


class ThaiIDQualityOperator(BaseOperator):
    """Validate produced Parquet with suites from `expectations/` and write Data Docs.

    :param data: a Parquet file, a folder of parts (e.g. the run folder), a glob or a list;
        templated.
    :param suite: a suite name (`thaiid_front`, `front`, `health`...), a JSON path, or a list;
        None runs every bundled suite; templated.
    :param report_dir: where Data Docs and `summary.json` are written; templated.
    :param fail_on_error: fail the task when any expectation fails.

    XCom: success, per-suite counts and the labels of failed expectations with their
    unexpected counts. The full summary (with row keys `source`/`page`, never values) is in
    `report_dir/summary.json`.
    """

    template_fields: Sequence[str] = ("data", "suite", "report_dir", "fail_on_error")
    ui_color = "#9bc53d"

    def __init__(
        self,
        *,
        data: Any,
        suite: str | Sequence[str] | None = None,
        report_dir: str | None = None,
        fail_on_error: bool | str = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.data = data
        self.suite = suite
        self.report_dir = report_dir
        self.fail_on_error = fail_on_error

    def execute(self, context: Context) -> dict[str, Any]:
        import json

        from thaiid_ops.quality.validation import summarize, validate

        paths = resolve_parquet(self.data)
        if not paths:
            raise AirflowFailException("quality gate: no Parquet files found")
        if len(paths) == 1:
            target: Any = paths[0]
        else:
            import polars as pl

            target = pl.read_parquet(paths)
        suite = self.suite or None
        report_dir = as_storage_path(str(self.report_dir)) if self.report_dir else None
        local_report = None
        if report_dir is not None:
            remote = report_dir.protocol not in ("file", "local", "")
            local_report = tempfile.mkdtemp(prefix="thaiid_docs_") if remote else report_dir.path
        self.log.info("validating %d Parquet file(s), suite(s) %s", len(paths), suite or "all")
        result = validate(target, suite=suite, report_dir=local_report)
        full = summarize(result)
        if local_report is not None and report_dir is not None:
            with open(os.path.join(local_report, "summary.json"), "w", encoding="utf-8") as fh:
                json.dump(full, fh, indent=2, default=str)
            if local_report != report_dir.path:
                as_storage_path(local_report).copy(report_dir, recursive=True)
        summary = counts_only(full)
        summary["files"] = len(paths)
        if report_dir is not None:
            summary["data_docs"] = str(report_dir / "index.html")
        for s in summary["suites"]:
            self.log.info(
                "suite %s: %s (%s/%s expectations passed)",
                s.get("suite"),
                "passed" if s.get("success") else "FAILED",
                s.get("successful"),
                s.get("evaluated"),
            )
        fail = self.fail_on_error
        if isinstance(fail, str):  # rendered from a template without native rendering
            fail = fail.strip().lower() not in ("false", "0", "no", "")
        if fail and not summary.get("success", False):
            failed = sum(len(s["failed"]) for s in summary["suites"])
            raise AirflowFailException(f"quality gate failed: {failed} expectation(s) failed")
        return summary
