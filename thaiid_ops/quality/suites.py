"""Find and load the GX suites bundled in `thaiid_ops/quality/expectations/`, failing loudly
on any expectation GX cannot build.

GX's own loaders (`gx.ExpectationSuite(expectations=[...])`, `context.suites.get`) log a
traceback and *drop* an expectation whose type is unknown or whose kwargs are invalid; a
validation then passes without ever checking it. `load_suite` builds every expectation itself
and raises :class:`SuiteLoadError` instead.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thaiid_ops.quality.errors import SuiteLoadError

if TYPE_CHECKING:
    import great_expectations as gx

__all__ = [
    "BUNDLED_SUITES",
    "SuiteLoadError",
    "load_suite",
    "read_suite",
    "suite_path",
    "suites_dir",
]

#: The suites shipped in the package's `expectations/`, in the order `thaiid check` runs them.
BUNDLED_SUITES: tuple[str, ...] = ("thaiid_front", "thaiid_back", "thaiid_pipeline_health")

#: Short names accepted by `suite_path` (`--suite front`).
_ALIASES = {"front": "thaiid_front", "back": "thaiid_back", "health": "thaiid_pipeline_health"}


def suites_dir() -> Path:
    """Where bundled suites live: `$THAIID_EXPECTATIONS_DIR`, else the package's own
    `thaiid_ops/quality/expectations/` (package data: an installed wheel has them too)."""
    env = os.environ.get("THAIID_EXPECTATIONS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent / "expectations"


def suite_path(suite: str | os.PathLike[str]) -> Path:
    """A suite file from a path, a bundled suite name (`thaiid_front`) or an alias (`front`)."""
    p = Path(suite)
    if p.suffix == ".json" or p.exists():
        if not p.is_file():
            raise SuiteLoadError(f"suite file not found: {p}")
        return p
    name = _ALIASES.get(str(suite), str(suite))
    found = suites_dir() / f"{name}.json"
    if not found.is_file():
        known = ", ".join((*_ALIASES, *BUNDLED_SUITES))
        raise SuiteLoadError(f"unknown suite {str(suite)!r} (known: {known}; or a .json path)")
    return found


def read_suite(suite: str | os.PathLike[str]) -> dict[str, Any]:
    """The suite's JSON as a dict."""
    path = suite_path(suite)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SuiteLoadError(f"cannot read suite {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("expectations"), list):
        raise SuiteLoadError(f"{path} is not a GX suite (needs 'name' and 'expectations')")
    data.setdefault("name", path.stem)
    return data


def load_suite(suite: str | os.PathLike[str] | Mapping[str, Any]) -> gx.ExpectationSuite:
    """Build a GX suite from a name, path or dict; raise `SuiteLoadError` if any expectation fails.

    The custom expectations are imported (registered) first.
    """
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    import thaiid_ops.quality.expectations  # noqa: F401  (registers the custom expectations)

    data = dict(suite) if isinstance(suite, Mapping) else read_suite(suite)
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise SuiteLoadError("suite has no name")
    built = []
    problems: list[str] = []
    for i, exp in enumerate(data.get("expectations") or []):
        kind = exp.get("type") if isinstance(exp, Mapping) else None
        try:
            if not isinstance(exp, Mapping) or not isinstance(kind, str):
                raise TypeError("each expectation needs a 'type' and 'kwargs'")
            config = ExpectationConfiguration(**dict(exp))
            built.append(config.to_domain_obj())
        except Exception as exc:  # GX raises several unrelated types here
            problems.append(f"#{i} {kind}: {type(exc).__name__}: {_first_line(exc)}")
    if problems:
        raise SuiteLoadError(
            f"suite {name!r}: {len(problems)} expectation(s) cannot be built:\n  "
            + "\n  ".join(problems)
        )
    out = gx.ExpectationSuite(
        name=name,
        expectations=built,
        meta=data.get("meta") or None,
        notes=data.get("notes"),
        suite_parameters=data.get("suite_parameters") or None,
    )
    if len(out.expectations) != len(built):  # GX dropped one anyway
        raise SuiteLoadError(
            f"suite {name!r}: GX kept {len(out.expectations)} of {len(built)} expectations"
        )
    return out


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or repr(exc)
    return text.splitlines()[0][:300]
