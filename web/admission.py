"""First come, first served admission of answers, with each waiting question's place and an estimate.

The web chat computes at most ``limit`` answers at once (more only slow each other down on 2 cores).
Gradio's own queue would hold the rest, but it shows them as a small "queue: 3/12" in a corner, with
no estimate until each event handler has finished once, and the question itself does not appear in
the chat until it is answered. So the chat admits answers here instead: a waiting question is in the
chat at once, its bubble saying its place in line and about how long until its answer, taken from the
durations of the last answers.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator


@dataclass(frozen=True)
class Place:
    """Where a waiting question stands: 1-based ``position`` among ``waiting`` questions, and the
    seconds until its answer is expected (None until one answer has been timed)."""

    position: int
    waiting: int
    eta_s: float | None


class Ticket:
    """One question's turn; :meth:`AnswerQueue.ticket` hands it out and takes it back."""

    def __init__(self, queue: "AnswerQueue"):
        self._queue = queue
        self.admitted = False
        self.started = 0.0

    def wait(self, timeout: float) -> Place | None:
        """Wait up to ``timeout`` s for the turn: None once admitted, else the current place in line."""
        return self._queue._wait(self, timeout)


class AnswerQueue:
    """At most ``limit`` answers at a time, the others admitted in arrival order."""

    def __init__(self, limit: int, window: int = 32, clock=time.monotonic):
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self._clock = clock
        self._cond = threading.Condition()
        self._waiting: list[Ticket] = []
        self._running: list[Ticket] = []
        self._durations: deque[float] = deque(maxlen=window)  # the last answers' seconds, for the estimate
        self._quiet_since = clock()  # when the last answer left (or the queue was made)

    @contextmanager
    def ticket(self) -> Iterator[Ticket]:
        """A place in line for one answer; leaving the block frees it (answered, failed or abandoned:
        a closed page closes the generator that holds it)."""
        ticket = Ticket(self)
        with self._cond:
            self._waiting.append(ticket)
            self._admit()
        try:
            yield ticket
        finally:
            with self._cond:
                if ticket in self._running:
                    self._running.remove(ticket)
                    self._durations.append(self._clock() - ticket.started)
                elif ticket in self._waiting:
                    self._waiting.remove(ticket)
                self._admit()
                if not self._running:
                    self._quiet_since = self._clock()
                self._cond.notify_all()

    def idle_s(self) -> float:
        """Seconds since the last answer left (0 while one is computed or waits): for work that can wait for a quiet moment."""
        with self._cond:
            return 0.0 if self._running or self._waiting else self._clock() - self._quiet_since

    def mean_s(self) -> float | None:
        """Mean duration of the last answers (None before the first)."""
        with self._cond:
            return sum(self._durations) / len(self._durations) if self._durations else None

    def _admit(self) -> None:
        """Move waiting tickets to running while slots are free (caller holds the lock)."""
        while self._waiting and len(self._running) < self.limit:
            ticket = self._waiting.pop(0)
            ticket.admitted, ticket.started = True, self._clock()
            self._running.append(ticket)

    def _wait(self, ticket: Ticket, timeout: float) -> Place | None:
        with self._cond:
            if not ticket.admitted:
                self._cond.wait(timeout)
            if ticket.admitted:
                return None
            position = self._waiting.index(ticket) + 1
            return Place(position, len(self._waiting), self._eta(position))

    def _eta(self, position: int) -> float | None:
        """Seconds until the answer of the ``position``-th waiting question, if every answer takes the mean
        time: each slot frees when its running answer has had the mean time, then serves the line in order."""
        if not self._durations:
            return None
        mean = sum(self._durations) / len(self._durations)
        now = self._clock()
        free_at = [max(mean - (now - t.started), 0.0) for t in self._running]
        free_at += [0.0] * (self.limit - len(free_at))
        heapq.heapify(free_at)
        for _ in range(position):
            start = heapq.heappop(free_at)
            heapq.heappush(free_at, start + mean)
        return start + mean
