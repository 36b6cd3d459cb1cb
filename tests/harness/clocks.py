"""Simulated time for the clocks an integration keeps itself.

The soak's rounds stand for half a day, the day benchmark's steps for minutes; the retry
queue is aged for them (`tests/owed_helpers.py`), and so are an integration's own floors
(Tradebyte: a product delta at most hourly, stock at most every ten minutes) through an
optional World method `let_time_pass(by)`. A world without such clocks has no method.
"""

from __future__ import annotations

from datetime import timedelta

from tests.harness.registry import World


def let_time_pass(world: World, by: timedelta) -> None:
    """Move the world's own clocks `by` into the past, where it has any."""
    hook = getattr(world, "let_time_pass", None)
    if hook is not None:
        hook(by)
