"""The chat's answer queue: arrival order, places in line, estimates, and tickets given back however an answer ends."""

from __future__ import annotations

import threading
from contextlib import ExitStack

import pytest

from web.admission import AnswerQueue, Place


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_first_come_first_served_with_places_and_no_estimate_before_an_answer_is_timed():
    queue = AnswerQueue(1, clock=Clock())
    with ExitStack() as first_block:
        first = first_block.enter_context(queue.ticket())
        assert first.wait(0) is None  # a free slot: admitted at once
        with queue.ticket() as second, queue.ticket() as third:
            assert second.wait(0) == Place(1, 2, None)
            assert third.wait(0) == Place(2, 2, None)
            first_block.close()  # the first answer is done
            assert second.wait(0) is None
            assert third.wait(0).position == 1


def test_estimate_counts_the_running_answers_and_the_line_ahead():
    clock = Clock()
    queue = AnswerQueue(2, clock=clock)
    with queue.ticket():  # one answer timed at 10 s
        clock.now += 10
    with queue.ticket() as a, queue.ticket() as b:  # two running, started now
        assert a.wait(0) is None and b.wait(0) is None
        clock.now += 4  # 6 s left for each
        with queue.ticket() as c, queue.ticket() as d, queue.ticket() as e:
            assert c.wait(0) == Place(1, 3, 16.0)  # a slot frees in 6 s, then 10 s of its own
            assert d.wait(0) == Place(2, 3, 16.0)  # the other slot
            assert e.wait(0) == Place(3, 3, 26.0)  # behind c


def test_an_abandoned_or_failed_answer_gives_its_place_back():
    queue = AnswerQueue(1, clock=Clock())
    with pytest.raises(RuntimeError):
        with queue.ticket():
            raise RuntimeError("the answer failed")
    with queue.ticket() as running:
        assert running.wait(0) is None
        with queue.ticket() as gone:  # the page closed while it waited
            assert gone.wait(0) == Place(1, 1, 0.0)  # the failed answer was timed (0 s on this clock)
        with queue.ticket() as later:
            assert later.wait(0).position == 1


def test_a_waiting_thread_wakes_when_a_slot_frees():
    queue = AnswerQueue(1)
    admitted = threading.Event()
    release = threading.Event()

    def holder():
        with queue.ticket() as ticket:
            assert ticket.wait(0) is None
            release.wait(10)

    def waiter():
        with queue.ticket() as ticket:
            while ticket.wait(5) is not None:
                pass
            admitted.set()

    threads = [threading.Thread(target=holder)]
    threads[0].start()
    while not queue._running:  # the holder has its slot
        threading.Event().wait(0.01)
    threads.append(threading.Thread(target=waiter))
    threads[1].start()
    assert not admitted.wait(0.3)
    release.set()
    assert admitted.wait(5)
    for t in threads:
        t.join(5)


def test_idle_time_counts_from_the_last_answer_and_is_zero_while_any_runs_or_waits():
    clock = Clock()
    queue = AnswerQueue(1, clock=clock)
    clock.now += 5
    assert queue.idle_s() == 5  # since the queue was made
    with queue.ticket():
        with queue.ticket():
            clock.now += 3
            assert queue.idle_s() == 0
        clock.now += 1
        assert queue.idle_s() == 0  # the first still runs
    clock.now += 2
    assert queue.idle_s() == 2
