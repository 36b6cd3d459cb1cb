"""Scheduling: run now, one run per flow at a time, pause, catch-up, cancel."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from jjdesk.domain.timestamps import utcnow
from jjdesk.profile import Profile
from jjdesk.scheduler import JobSpec
from jjdesk.store.runs import RunStatus
from tests.core_fakes import make_app


def _wait(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_run_now_runs_once_and_refuses_a_second_start(profile: Profile) -> None:
    app = make_app(profile)
    app.start(first_run_delay=timedelta(hours=1))
    try:
        assert app.scheduler.run_now("test", "slow")
        _wait(lambda: app.runner.is_running("test", "slow"))
        assert not app.scheduler.run_now("test", "slow")
        assert app.runner.cancel("test", "slow")
        _wait(lambda: not app.runner.is_running("test", "slow"))
        run = app.store.runs.latest("test", "slow")
        assert run is not None and run.status is RunStatus.INTERRUPTED
        assert len(app.store.runs.history()) == 1
    finally:
        app.shutdown()


def test_runs_missed_while_asleep_catch_up_once(profile: Profile) -> None:
    app = make_app(profile)
    app.start(first_run_delay=timedelta(hours=1))
    try:
        # twelve five-minute runs fell due while the computer slept for an hour
        asleep_since = utcnow() - timedelta(hours=1)
        app.scheduler.schedule(JobSpec("test", "copy", timedelta(minutes=5)), asleep_since)
        _wait(lambda: app.store.runs.latest("test", "copy") is not None)
        time.sleep(0.5)
        assert len([r for r in app.store.runs.history() if r.flow == "copy"]) == 1
    finally:
        app.shutdown()


def test_pause_holds_scheduled_runs_until_resume(profile: Profile) -> None:
    app = make_app(profile)
    app.pause_all()  # before start: no flow can slip through before the pause
    app.start(first_run_delay=timedelta(milliseconds=300))
    try:
        assert app.scheduler.next_run("test", "copy") is None
        app.scheduler.schedule(JobSpec("test", "copy", timedelta(minutes=5)), utcnow())
        assert app.scheduler.next_run("test", "copy") is None  # added paused
        time.sleep(0.5)
        assert app.store.runs.latest("test", "copy") is None
        app.resume_all()
        _wait(lambda: app.store.runs.latest("test", "copy") is not None)
    finally:
        app.shutdown()


def test_interval_change_reschedules(profile: Profile) -> None:
    app = make_app(profile)
    app.start(first_run_delay=timedelta(hours=1))
    try:
        app.set_interval("test", "copy", timedelta(minutes=30))
        nxt = app.scheduler.next_run("test", "copy")
        assert nxt is not None
        assert app.interval("test", "copy") == timedelta(minutes=30)
    finally:
        app.shutdown()
