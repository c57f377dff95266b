"""The ordered window lets the other workers run on while a slow document holds its head."""

from __future__ import annotations

import threading

from thaiid_ops import workers


def test_a_slow_head_document_does_not_starve_the_other_worker():
    n_workers = 2
    head_may_finish = threading.Event()
    done: list[int] = []

    def read(i: int) -> int:
        if i == 0:  # the slow document at the head of the order
            assert head_may_finish.wait(10)
        else:
            done.append(i)
            if len(done) == workers.WINDOW_PER_WORKER * n_workers - 1:
                head_may_finish.set()  # the window is full: all but the head have run
        return i

    jobs = [workers.Job(args=(i,)) for i in range(40)]
    got = list(workers.run_ordered(read, jobs, (n_workers, "thread"), on_crash=print))
    assert [value for _, value in got] == list(range(40))  # still in input order
    # The window held WINDOW_PER_WORKER jobs a worker, so the other worker read every one of
    # them (not only the next 2n - 1) before the head was allowed to finish.
    ahead = workers.WINDOW_PER_WORKER * n_workers - 1
    assert head_may_finish.is_set()
    assert sorted(done[:ahead]) == list(range(1, ahead + 1))
