"""The idealo pacer on a fake clock: it learns the limit from 429s and probes for more."""

from __future__ import annotations

import pytest

from jjdesk.connectors.idealo.pacing import STREAK, RatePacer, Throughput


class Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.waited: list[float] = []

    def __call__(self) -> float:
        return self.now

    def wait(self, seconds: float) -> None:
        self.waited.append(seconds)
        self.now += seconds


def test_requests_go_straight_out_until_idealo_refuses_one() -> None:
    clock = Clock()
    pacer = RatePacer(clock)
    for _ in range(100):
        pacer.acquire(clock.wait)
        pacer.succeeded()
    assert clock.waited == [] and pacer.spacing == 0.0


def test_a_429_pauses_everybody_and_spaces_starts_at_the_rate_let_through() -> None:
    clock = Clock()
    pacer = RatePacer(clock)
    for _ in range(40):  # 40 answers within two seconds: 20 per second got through
        pacer.acquire(clock.wait)
        pacer.succeeded()
        clock.now += 0.05
    pacer.throttled_for(3.0)
    assert pacer.spacing == pytest.approx(1 / 20, rel=0.05)
    start = clock.now
    pacer.acquire(clock.wait)  # waits out the Retry-After
    assert clock.now == pytest.approx(start + 3.0)
    pacer.acquire(clock.wait)  # then one start per spacing
    assert clock.now == pytest.approx(start + 3.0 + pacer.spacing)


def test_workers_refused_in_the_same_wave_widen_the_spacing_once() -> None:
    clock = Clock()
    pacer = RatePacer(clock)
    for _ in range(20):
        pacer.succeeded()
        clock.now += 0.1
    pacer.throttled_for(1.0)
    spacing = pacer.spacing
    for _ in range(7):  # the other workers' answers of the same moment
        pacer.throttled_for(1.0)
    assert pacer.spacing == spacing and pacer.throttled == 8


def test_a_streak_of_successes_narrows_the_spacing_again() -> None:
    clock = Clock()
    pacer = RatePacer(clock)
    for _ in range(10):
        pacer.succeeded()
        clock.now += 0.1
    pacer.throttled_for(1.0)
    learnt = pacer.spacing
    clock.now += 2
    for _ in range(STREAK):
        pacer.succeeded()
    assert pacer.spacing < learnt


def test_throughput_counts_requests_over_the_time_they_took() -> None:
    figures = Throughput()
    figures.record(10.0, 10.5)
    figures.record(10.2, 12.0, throttled=True)
    assert (figures.requests, figures.throttled) == (2, 1)
    assert figures.seconds == pytest.approx(2.0)
    assert figures.per_second == pytest.approx(1.0)


def test_refusals_in_quick_succession_double_the_spacing_rare_ones_widen_it_gently() -> None:
    clock = Clock()
    pacer = RatePacer(clock)
    for _ in range(10):
        pacer.succeeded()
        clock.now += 0.1
    pacer.throttled_for(1.0)
    first = pacer.spacing
    clock.now += 2.0
    pacer.throttled_for(1.0)  # still too fast: double
    assert pacer.spacing == pytest.approx(first * 2)
    clock.now += 60.0
    pacer.throttled_for(1.0)  # a probe that went a little too far: a quarter more
    assert pacer.spacing == pytest.approx(first * 2 * 1.25)
