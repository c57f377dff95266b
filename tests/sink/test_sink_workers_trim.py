"""The worker path hands freed heap back to the OS on every pool kind (issue #5 memory)."""

from __future__ import annotations

import sys

import pytest

from thaiid_ops import workers


@pytest.fixture
def trims(monkeypatch):
    """Count the real malloc_trim calls (the call itself still goes to glibc)."""
    if workers._malloc_trim is None:
        pytest.skip("no glibc malloc_trim here")
    real, calls = workers._malloc_trim, []

    def counted(pad: int) -> int:
        calls.append(pad)
        return real(pad)

    monkeypatch.setattr(workers, "_malloc_trim", counted)
    monkeypatch.setattr(workers, "_since_trim", 0)
    return calls


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_trim_heap_reaches_glibc():
    assert workers._malloc_trim is not None
    assert workers.trim_heap() is True


@pytest.mark.parametrize("pool", [None, (2, "thread")])
def test_run_ordered_trims_every_few_documents_inline_and_on_threads(trims, pool):
    n = 3 * workers.TRIM_EVERY + 1
    jobs = [workers.Job(args=(i,)) for i in range(n)]
    got = list(workers.run_ordered(lambda i: i * i, jobs, pool, window=4, on_crash=print))
    assert [value for _, value in got] == [i * i for i in range(n)]
    assert trims == [0, 0, 0]


def test_a_failing_document_still_counts_towards_the_trim(trims):
    def boom() -> None:
        raise ValueError("bad document")

    for _ in range(workers.TRIM_EVERY):
        with pytest.raises(ValueError):
            workers.call_and_trim(boom)
    assert trims == [0]
