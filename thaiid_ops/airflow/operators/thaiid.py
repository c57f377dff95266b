"""Operators: extract a shard of a document lake to Parquet, and gate the Parquet with GX.

Both are thin: the hook builds the backend, `thaiid_ops.sink` writes the Parquet and
`thaiid_ops.quality` validates it. Logs, XCom, asset events and lineage carry counts,
codes and storage paths only, never a value read from a card.
"""

from __future__ import annotations

import math
import os
import time
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
    """The `index`-th of `count` contiguous, near-equal slices of `items`."""
    n = len(items)
    return list(items[index * n // count : (index + 1) * n // count])


def plan_shards(n_files: int, *, min_per_shard: int = 25, max_shards: int = 1024) -> list[str]:
    """Shard specs ("i/n") for `n_files`: at most `max_shards` (Airflow's max_map_length)."""
    if n_files <= 0:
        return []
    count = min(max_shards, max(1, math.ceil(n_files / max(1, min_per_shard))))
    return [f"{i}/{count}" for i in range(count)]


# ---------------------------------------------------------------------------- extract
class _ProgressLog:
    """Logs counts every `every` images; receives whatever the sink reports and keeps numbers."""

    def __init__(self, log: Any, total: int, every: int) -> None:
        self.log, self.total, self.every = log, total, max(1, every)
        self.done = 0
        self._next = self.every

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        done = kwargs.get("done", args[0] if args else None)
        if not isinstance(done, int):
            done = getattr(done, "done", self.done + 1)
        self.done = int(done)
        if self.done >= self._next or self.done == self.total:
            errors = kwargs.get("errors", args[2] if len(args) > 2 else None)
            if isinstance(errors, Mapping):
                errors = sum(errors.values())
            suffix = f", {int(errors)} with errors" if isinstance(errors, int) else ""
            self.log.info("progress: %d/%d images%s", self.done, self.total, suffix)
            while self._next <= self.done:
                self._next += self.every


class ThaiIDCardExtractOperator(BaseOperator):
    """Read one shard of a document lake into one Parquet file under a run-scoped folder.

    :param source: file, folder, glob, `.manifest` file (one URI per line) or list of URIs;
        templated. Local paths and any ObjectStoragePath URI work.
    :param output: folder for this run's Parquet parts, e.g. ``…/run_id={{ run_id }}``;
        templated. The shard writes ``part-<index>-of-<count>.parquet`` there, atomically, so a
        retry replaces its own file and never duplicates rows.
    :param shard: ``"index/count"`` (templated, what ``.expand(shard=…)`` maps over) or None.
    :param thaiid_conn_id: the `thaiid` connection (backend + credentials); templated.
    :param options: AIGEN request options, merged over the connection's ``extra.options``.
    :param pii: how the sink stores personal columns ("keep", "hmac", ...); see `thaiid_ops.sink`.
    :param max_error_rate: fail when more than this fraction of output rows are errors.
    :param log_every: log a progress line (counts only) every N images.
    :param asset: the outlet Asset (default `THAIID_CARDS`); None for no outlet.
    """

    template_fields: Sequence[str] = ("source", "output", "shard", "thaiid_conn_id", "options")
    ui_color = "#f4d35e"

    def __init__(
        self,
        *,
        source: Any,
        output: str | ObjectStoragePath,
        shard: Any = None,
        thaiid_conn_id: str = DEFAULT_CONN_ID,
        options: Mapping[str, Any] | None = None,
        pii: str = "keep",
        hmac_key: str | None = None,
        drop: Sequence[str] = (),
        workers: int | None = None,
        max_error_rate: float = 0.25,
        log_every: int = 25,
        extensions: Sequence[str] = DOCUMENT_EXTENSIONS,
        asset: Asset | None = THAIID_CARDS,
        **kwargs: Any,
    ) -> None:
        if asset is not None and "outlets" not in kwargs:
            kwargs["outlets"] = [asset]
        super().__init__(**kwargs)
        self.source = source
        self.output = output
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
        return as_storage_path(str(self.output)) / f"part-{index:05d}-of-{count:05d}.parquet"

    def execute(self, context: Context) -> dict[str, Any]:
        from thaiid_ops.sink import write_parquet

        index, count = parse_shard(self.shard)
        sources = shard_slice(resolve_sources(self.source, self.extensions), index, count)
        out = self.part_path(index, count)
        if out.protocol in ("file", "local", ""):
            os.makedirs(os.path.dirname(out.path), exist_ok=True)
        if self.hmac_key:
            from airflow.sdk.log import mask_secret

            mask_secret(self.hmac_key)
        self.log.info(
            "shard %d/%d: %d documents, backend=%s -> %s",
            index,
            count,
            len(sources),
            self.hook.spec.kind,
            out,
        )
        progress = _ProgressLog(self.log, len(sources), self.log_every)
        started = time.monotonic()
        summary = write_parquet(
            [_local_or_uri(as_storage_path(s)) for s in sources],
            _local_or_uri(out),
            backend=self.hook.get_conn(),
            options={**self.hook.default_options, **self.options},
            pii=self.pii,
            hmac_key=self.hmac_key,
            drop=self.drop,
            workers=self.workers,
            resume=True,
            progress=progress,
        )
        result = self._summarise(summary, index, count, len(sources), out)
        result.setdefault("elapsed_s", round(time.monotonic() - started, 3))
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
        if rate > self.max_error_rate:
            raise AirflowFailException(
                f"shard {index}/{count}: error rate {rate:.1%} exceeds max_error_rate "
                f"{self.max_error_rate:.1%} (errors by code: {result['errors']})"
            )
        return result

    @staticmethod
    def _summarise(
        summary: Any, index: int, count: int, n_sources: int, out: ObjectStoragePath
    ) -> dict[str, Any]:
        errors = {str(k): int(v) for k, v in dict(getattr(summary, "errors", {}) or {}).items()}
        invalid = {str(k): int(v) for k, v in dict(getattr(summary, "invalid", {}) or {}).items()}
        uri = str(getattr(summary, "uri", None) or out)
        if "://" not in uri:
            uri = str(as_storage_path(uri))
        result = {
            "uri": uri,
            "shard": f"{index}/{count}",
            "documents": n_sources,
            "rows": int(summary.rows),
            "ok": int(getattr(summary, "ok", 0)),
            "partial": int(getattr(summary, "partial", 0)),
            "error_rows": sum(errors.values()),
            "errors": errors,
            "invalid": invalid,
            "skipped": int(getattr(summary, "skipped", 0) or 0),
        }
        if getattr(summary, "elapsed_s", None) is not None:
            result["elapsed_s"] = round(float(summary.elapsed_s), 3)
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
        namespace = f"{path.protocol or 'file'}://{getattr(path, 'bucket', '') or ''}"
        return {
            "namespace": namespace,
            "name": path.path,
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


class ThaiIDQualityOperator(BaseOperator):
    """Validate produced Parquet with a suite from `expectations/` and write Data Docs.

    :param data: a Parquet file, a folder of parts (e.g. the run folder), a glob or a list;
        templated.
    :param suite: suite name in `expectations/` or a path to a suite JSON; templated.
    :param report_dir: where Data Docs are written; templated. None: GX's default.
    :param fail_on_error: fail the task when any expectation fails.
    """

    template_fields: Sequence[str] = ("data", "suite", "report_dir")
    ui_color = "#9bc53d"

    def __init__(
        self,
        *,
        data: Any,
        suite: str = "pipeline_health",
        report_dir: str | None = None,
        fail_on_error: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.data = data
        self.suite = suite
        self.report_dir = report_dir
        self.fail_on_error = fail_on_error

    def execute(self, context: Context) -> dict[str, Any]:
        from thaiid_ops import quality

        paths = resolve_parquet(self.data)
        if not paths:
            raise AirflowFailException("quality gate: no Parquet files found")
        if len(paths) == 1:
            target: Any = paths[0]
        else:
            import polars as pl

            target = pl.read_parquet(paths)
        report_dir = None
        if self.report_dir:
            report_dir = _local_or_uri(as_storage_path(str(self.report_dir)))
        self.log.info("validating %d Parquet file(s) with suite %s", len(paths), self.suite)
        result = quality.validate(target, suite=self.suite, report_dir=report_dir)
        summary = dict(quality.summarize(result))
        summary.setdefault("files", len(paths))
        if report_dir:
            summary.setdefault("report_dir", report_dir)
        self.log.info("quality summary: %s", summary)
        if self.fail_on_error and not summary.get("success", False):
            raise AirflowFailException(
                f"quality gate failed for suite {self.suite}: "
                f"{summary.get('failed', '?')} expectation(s) failed"
            )
        return summary
