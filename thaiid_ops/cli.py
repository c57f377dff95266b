"""`thaiid` command line: extract | check | serve | synth | bench.

Each subcommand only parses arguments and calls the core or an adapter.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

Handler = Callable[[argparse.Namespace], int]


def _add_synth(sub: argparse._SubParsersAction) -> None:
    from thaiid_ops.synth.cli import add_arguments, run

    p = sub.add_parser("synth", help="render synthetic Thai ID cards with ground truth")
    add_arguments(p)
    p.set_defaults(handler=run)


def _add_extract(sub: argparse._SubParsersAction) -> None:
    from thaiid_ops.sink_cli import add_arguments, run

    p = sub.add_parser("extract", help="read a document lake into Parquet")
    add_arguments(p)
    p.set_defaults(handler=run)


def _add_check(sub: argparse._SubParsersAction) -> None:
    from thaiid_ops.quality.cli import add_arguments, run

    p = sub.add_parser("check", help="validate a Parquet file with a GX suite")
    add_arguments(p)
    p.set_defaults(handler=run)


def _add_serve(sub: argparse._SubParsersAction) -> None:
    from thaiid_ops.service.cli import add_arguments, run

    p = sub.add_parser("serve", help="serve the AIGEN v3 and Huawei protocols over HTTP")
    add_arguments(p)
    p.set_defaults(handler=run)


_SUBCOMMANDS = (_add_synth, _add_extract, _add_check, _add_serve)


def build_parser() -> argparse.ArgumentParser:
    from thaiid_ops import __version__

    parser = argparse.ArgumentParser(prog="thaiid", description=__doc__)
    parser.add_argument("--version", action="version", version=f"thaiid-ops {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in _SUBCOMMANDS:
        try:
            add(sub)
        except ImportError:  # its adapter's extra is not installed
            continue
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
