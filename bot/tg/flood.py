"""Incoming flood control: more than `limit` updates in `window` seconds from one user gets
one polite notice, then that user is ignored for `pause` seconds."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FloodPolicy:
    limit: int = 12
    window: float = 10.0
    pause: float = 30.0


class FloodGuard:
    def __init__(self, policy: FloodPolicy = FloodPolicy(), clock: Callable[[], float] = time.monotonic):
        self.policy = policy
        self.clock = clock
        self._recent: dict[int, deque[float]] = {}
        self._muted_until: dict[int, float] = {}

    def check(self, user_id: int) -> str:
        """ "ok" to serve, "notify" for the one notice, "ignore" while the user is paused."""
        now = self.clock()
        if self._muted_until.get(user_id, 0.0) > now:
            return "ignore"
        self._muted_until.pop(user_id, None)
        recent = self._recent.setdefault(user_id, deque())
        while recent and recent[0] <= now - self.policy.window:
            recent.popleft()
        recent.append(now)
        if len(recent) > self.policy.limit:
            recent.clear()
            self._muted_until[user_id] = now + self.policy.pause
            return "notify"
        if len(self._recent) > 10_000:  # forget idle users so memory stays bounded
            self._recent = {u: q for u, q in self._recent.items() if q and q[-1] > now - self.policy.window}
        return "ok"
