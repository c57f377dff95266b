"""`thaiid check out.parquet [--suite ...] [--report dq/]`: validate, build Data Docs, summarise.

Exit status: 0 when every expectation passed, 1 when one failed (or errored), 2 when the
input or a suite cannot be read. Great Expectations is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from thaiid_ops.quality.errors import SuiteLoadError

__all__ = ["add_arguments", "print_summary", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `thaiid check`; raises ImportError when the `quality` extra is missing."""
    if importlib.util.find_spec("great_expectations") is None:
        raise ImportError("great_expectations is not installed (pip install thaiid-ops[quality])")
    parser.add_argument("data", type=Path, help="Parquet file of flat rows (thaiid extract)")
    parser.add_argument(
        "--suite",
        action="append",
        metavar="SUITE",
        help="suite name (front, back, health, thaiid_front, ...) or a JSON path; repeatable; "
        "default: every bundled suite",
    )
    parser.add_argument("--report", type=Path, metavar="DIR", help="build Data Docs (HTML) here")
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the day date bounds are checked against (default: today)",
    )
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a suite parameter, e.g. min_confidence=0.8 or min_date=1900-01-01; repeatable",
    )
    parser.add_argument(
        "--all-rows",
        action="store_true",
        help="keep every unexpected row key in the result (default: at most 20 per expectation)",
    )
    parser.add_argument("--json", action="store_true", help="print the PII-free summary as JSON")


def _param(text: str) -> tuple[str, Any]:
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"--param needs NAME=VALUE, got {text!r}")
    raw = raw.strip()
    value: Any = raw
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        try:
            value = float(raw)
        except ValueError:
            value = raw
    return name.strip(), value


def run(args: argparse.Namespace) -> int:
    """Handler of `thaiid check`."""
    from thaiid_ops.quality.validation import summarize, validate

    if not args.data.is_file():
        print(f"thaiid check: no such file: {args.data}", file=sys.stderr)
        return 2
    try:
        params = dict(_param(p) for p in args.param)
        result = validate(
            args.data,
            suite=args.suite,
            report_dir=args.report,
            today=args.today,
            parameters=params,
            complete=args.all_rows,
        )
    except (SuiteLoadError, ValueError, OSError) as exc:
        print(f"thaiid check: {exc}", file=sys.stderr)
        return 2
    summary = summarize(result)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    else:
        print_summary(summary)
    if args.report is not None:
        print(f"Data Docs: {(args.report / 'index.html').resolve()}")
    return 0 if summary["success"] else 1


def print_summary(summary: Mapping[str, Any]) -> None:
    """A terminal table per suite: failed expectations with counts and row keys."""
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
    suites = summary["suites"]
    n = sum(s["evaluated"] or 0 for s in suites)
    bad = sum(s["unsuccessful"] or 0 for s in suites)
    errored = sum(s["errored"] for s in suites)
    verdict = "[green]passed[/]" if summary["success"] else "[bold red]FAILED[/]"
    console.print(
        f"thaiid check: {verdict}  ({len(suites)} suites, {n} expectations, "
        f"{bad} failed, {errored} errored)"
    )
    for s in suites:
        mark = "[green]✓[/]" if s["success"] else "[red]✗[/]"
        console.print(f" {mark} {s['suite']}: {s['successful']}/{s['evaluated']} passed")
        failed = [x for x in s["expectations"] if not x["success"]]
        if not failed:
            continue
        table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 1))
        table.add_column("check")
        table.add_column("unexpected", justify="right")
        table.add_column("rows (source#page)", overflow="fold")
        for x in failed:
            pct = x.get("unexpected_percent")
            count = "error" if x["error"] else f"{x.get('unexpected_count')}"
            if isinstance(pct, int | float) and not x["error"]:
                count += f" ({pct:.1f}%)"
            rows = ", ".join("#".join(str(v) for v in r.values()) for r in x["unexpected_rows"][:3])
            if len(x["unexpected_rows"]) > 3:
                rows += ", …"
            table.add_row(x.get("description") or x["label"], count, rows)
        console.print(table)
