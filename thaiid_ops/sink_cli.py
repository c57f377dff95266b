"""`thaiid extract LAKE -o out.parquet`: the command line over `thaiid_ops.sink`.

Only translates arguments, draws a rich progress bar (files/s, errors, ETA) and prints a
one-screen summary. Exit code 0 when the run completes, even with bad rows; 1 when the
run itself fails; 2 for bad arguments or a lake with no documents.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

PII_MODES = ("keep", "mask", "hmac")  # as thaiid_ops.rows.PII_MODES (kept light)
KEY_ENV = "THAIID_HMAC_KEY"
API_KEY_ENV = "THAIID_API_KEY"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("lake", nargs="+", help="lake folder, glob, file, or fsspec URI (s3://…)")
    p.add_argument("-o", "--output", required=True, help="the Parquet file to write")
    p.add_argument(
        "--backend",
        default="local",
        choices=("local", "aigen", "huawei"),
        help="who reads the cards (default: the embedded offline engine)",
    )
    p.add_argument(
        "--backend-param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="constructor parameter of a remote backend, e.g. base_url=http://host:8000",
    )
    p.add_argument(
        "--api-key-env",
        default=API_KEY_ENV,
        metavar="VAR",
        help=f"environment variable holding a remote backend's key (default {API_KEY_ENV})",
    )
    p.add_argument("--workers", type=int, default=None, help="parallel reads (default: cores)")
    p.add_argument("--pii", choices=PII_MODES, default="keep", help="how to store the ID")
    p.add_argument(
        "--hmac-key-env",
        default=KEY_ENV,
        metavar="VAR",
        help=f"environment variable holding the --pii hmac key (default {KEY_ENV})",
    )
    p.add_argument("--drop", default="", help="comma-separated fields to leave out")
    p.add_argument(
        "--include-sensitive",
        action="store_true",
        help="keep religion and the laser code (sensitive; off by default)",
    )
    p.add_argument("--bboxes", action="store_true", help="add a bboxes_json column")
    p.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a seed 000 request option; VALUE is JSON (e.g. return_gender=true)",
    )
    p.add_argument("--no-resume", action="store_true", help="ignore what a previous run wrote")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _pairs(items: list[str], *, json_values: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise SystemExit(f"thaiid extract: expected KEY=VALUE, got {item!r}")
        if json_values:
            try:
                out[key] = json.loads(value)
            except json.JSONDecodeError:
                out[key] = value
        else:
            out[key] = value
    return out


def _backend(args: argparse.Namespace) -> Any:
    if args.backend == "local":
        return None
    from thaiid_ops.clients import make_backend

    params = _pairs(args.backend_param, json_values=False)
    secret = os.environ.get(args.api_key_env)
    if secret:
        params.setdefault("token" if args.backend == "huawei" else "api_key", secret)
    return make_backend(args.backend, **params)


class _Progress:
    """A rich progress bar fed by `SinkProgress` ticks."""

    def __init__(self, console: Any, total: int) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("[bold]reading"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>6.1f} files/s"),
            TextColumn("[red]{task.fields[errors]} errors"),
            TextColumn("{task.fields[skipped]} skipped"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
        )
        self.task = self.bar.add_task("extract", total=total, rate=0.0, errors=0, skipped=0)

    def __enter__(self) -> _Progress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.bar.__exit__(*exc)

    def __call__(self, tick: Any) -> None:
        task = self.bar.tasks[0]
        elapsed = task.elapsed or 0.0
        rate = (tick.done - tick.skipped) / elapsed if elapsed > 0 else 0.0
        self.bar.update(
            self.task, completed=tick.done, rate=rate, errors=tick.errors, skipped=tick.skipped
        )


def render_summary(summary: Any, console: Any) -> None:
    """One screen: rows by status, errors by code, invalid fields, output."""
    from rich.table import Table

    t = Table(title="thaiid extract", show_header=False, title_justify="left")
    t.add_column(style="bold")
    t.add_column(justify="right")
    n_err = sum(summary.errors.values())
    t.add_row("output", summary.uri)
    t.add_row("rows", str(summary.rows))
    t.add_row("ok", f"[green]{summary.ok}")
    t.add_row("partial", f"[yellow]{summary.partial}")
    t.add_row("errors", f"[red]{n_err}")
    for code, n in sorted(summary.errors.items(), key=lambda kv: -kv[1]):
        t.add_row(f"  code {code}", str(n))
    if summary.invalid:
        worst = sorted(summary.invalid.items(), key=lambda kv: -kv[1])
        for name, n in worst[:8]:
            t.add_row(f"  invalid {name}", str(n))
        if len(worst) > 8:
            t.add_row(f"  … {len(worst) - 8} more fields", str(sum(n for _, n in worst[8:])))
    t.add_row("skipped (already written)", str(summary.skipped))
    rate = summary.rows / summary.elapsed_s if summary.elapsed_s > 0 else 0.0
    t.add_row("elapsed", f"{summary.elapsed_s:.1f} s ({rate:.2f} rows/s)")
    console.print(t)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from thaiid_ops.sink import expand_sources, write_parquet

    console = Console(stderr=True)
    sources: list[str] = []
    for item in args.lake:
        sources.extend(expand_sources(item))
    if not sources:
        console.print("[red]thaiid extract: no documents found in the lake")
        return 2
    hmac_key = None
    if args.pii == "hmac":
        hmac_key = os.environ.get(args.hmac_key_env)
        if not hmac_key:
            console.print(f"[red]thaiid extract: --pii hmac needs the key in ${args.hmac_key_env}")
            return 2
    drop = [d.strip() for d in args.drop.split(",") if d.strip()]
    try:
        options = _pairs(args.option, json_values=True)
        backend = _backend(args)
        kwargs = dict(
            backend=backend,
            options=options,
            pii=args.pii,
            hmac_key=hmac_key,
            drop=drop,
            workers=args.workers,
            resume=not args.no_resume,
            include_sensitive=args.include_sensitive,
            bboxes=args.bboxes,
        )
        if args.quiet or not console.is_terminal:
            summary = write_parquet(sources, args.output, **kwargs)
        else:
            with _Progress(console, len(sources)) as bar:
                summary = write_parquet(sources, args.output, progress=bar, **kwargs)
    except KeyboardInterrupt:
        console.print("[yellow]interrupted: run the same command again to resume")
        return 130
    except Exception as exc:
        console.print(f"[red]thaiid extract failed: {type(exc).__name__}: {exc}")
        return 1
    render_summary(summary, Console())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="thaiid extract")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
