"""`thaiid serve [--host 127.0.0.1] [--port 8000] [--workers N]`."""

from __future__ import annotations

import argparse
import os
import sys

from thaiid_ops.service.keys import ENV_KEYS, ENV_KEYS_FILE, ENV_MAX_CONCURRENCY, load_api_keys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (default 1; each has threads)"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="engine calls at once per process (default: CPU count)",
    )
    parser.add_argument(
        "--api-keys-file",
        default=None,
        help=f"file with one API key per line (else ${ENV_KEYS_FILE} / ${ENV_KEYS})",
    )
    parser.add_argument("--log-level", default="info", help="uvicorn log level (default info)")


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        import thaiid_ops.service.app  # noqa: F401  (fails early without the server extra)
    except ImportError:
        print(
            "thaiid serve needs the server extra: pip install 'thaiid-ops[server]'", file=sys.stderr
        )
        return 2

    if args.api_keys_file:
        os.environ[ENV_KEYS_FILE] = args.api_keys_file
    if args.threads:
        os.environ[ENV_MAX_CONCURRENCY] = str(args.threads)
    try:
        n_keys = len(load_api_keys())
    except OSError as exc:
        print(f"thaiid serve: cannot read the API key file ({exc.strerror})", file=sys.stderr)
        return 2
    if not n_keys:
        print(
            f"thaiid serve: no API key configured; set {ENV_KEYS} or {ENV_KEYS_FILE} "
            "(or --api-keys-file). Every request would be refused.",
            file=sys.stderr,
        )
        return 2
    # The factory runs in every worker process; keys travel by environment, never argv.
    uvicorn.run(
        "thaiid_ops.service.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=max(1, args.workers),
        log_level=args.log_level,
        access_log=False,
    )
    return 0
