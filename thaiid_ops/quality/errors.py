"""Errors of the quality adapter (importable without Great Expectations)."""

from __future__ import annotations

__all__ = ["SuiteLoadError"]


class SuiteLoadError(ValueError):
    """A suite file is missing or malformed, or an expectation in it cannot be built.

    Messages name suites, expectation types and kwargs, never data values.
    """
