"""Scheduling: run now, pause (kept over restarts), catch-up, next runs from the last run,
per-flow switches, workers for every flow."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from jjdesk.app import App, RunRequest
from jjdesk.domain.timestamps import utcnow
from jjdesk.flows.context import RunContext
from jjdesk.integrations.base import FlowSpec, Integration
from jjdesk.profile import Profile
from jjdesk.reports import status_text
from jjdesk.scheduler import MAX_WORKERS, MIN_WORKERS, JobSpec, first_run, worker_count
from jjdesk.store import runs as runs_module
from jjdesk.store.runs import RunStatus
from tests.core_fakes import TEST_INTEGRATION, copy_three, make_app


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


def _ran_at(app: App, flow: str, moment: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    """Record a finished run of `flow` as if it had started at `moment`."""
    with monkeypatch.context() as patch:
        patch.setattr(runs_module, "utcnow", lambda: moment)
        run_id = app.store.runs.start("test", flow, "schedule")
        app.store.runs.finish(run_id, RunStatus.SUCCEEDED, 1, 1, 0)


def test_first_run_is_an_interval_after_the_last_run_or_soon_when_overdue() -> None:
    now = utcnow()
    soon = now + timedelta(seconds=5)
    ran = now - timedelta(minutes=3)
    assert first_run(timedelta(minutes=15), ran, soon) == now + timedelta(minutes=12)
    assert first_run(timedelta(minutes=2), ran, soon) == soon  # overdue: soon after start
    assert first_run(timedelta(minutes=15), None, soon) == soon  # never ran


def test_after_a_restart_next_runs_follow_the_persisted_last_runs(
    profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(profile)
    now = utcnow()
    app.set_interval("test", "copy", timedelta(hours=6))
    _ran_at(app, "copy", now - timedelta(hours=1), monkeypatch)  # next in 5 hours
    _ran_at(app, "bad", now - timedelta(hours=2), monkeypatch)  # 5-minute flow: overdue
    app.start(first_run_delay=timedelta(hours=1))
    try:
        started = app.store.runs.latest("test", "copy")
        assert started is not None
        assert app.scheduler.next_run("test", "copy") == started.started + timedelta(hours=6)
        overdue = [app.scheduler.next_run("test", f) for f in ("bad", "slow", "offline")]
        earliest = now + timedelta(hours=1)
        for moment in overdue:
            assert moment is not None
            assert earliest <= moment <= earliest + timedelta(minutes=1)
        assert len(set(overdue)) == len(overdue)  # a few seconds apart, not all at once
    finally:
        app.shutdown()


def test_pause_stops_the_timetable_but_run_now_still_runs(profile: Profile) -> None:
    app = make_app(profile)
    app.start(first_run_delay=timedelta(hours=1))
    try:
        app.pause_all()
        assert all(app.scheduler.next_run("test", f.key) is None for f in TEST_INTEGRATION.flows)
        assert app.run_now("test", "copy") is RunRequest.STARTED
        _wait(lambda: _finished(app, "copy"))
    finally:
        app.shutdown()


def test_pause_survives_a_restart_and_resume_brings_the_timetable_back(profile: Profile) -> None:
    app = make_app(profile)
    app.start(first_run_delay=timedelta(hours=1))
    app.pause_all()
    app.shutdown()

    again = make_app(profile)
    again.start(first_run_delay=timedelta(hours=1))
    try:
        assert again.paused and again.scheduler.paused
        assert again.scheduler.next_run("test", "copy") is None
        again.resume_all()
        assert again.scheduler.next_run("test", "copy") is not None
    finally:
        again.shutdown()
    assert not make_app(profile).paused


def test_a_switched_off_flow_is_not_scheduled_and_status_says_off(profile: Profile) -> None:
    app = make_app(profile)
    app.set_flow_enabled("test", "slow", False)
    app.start(first_run_delay=timedelta(hours=1))
    try:
        assert app.scheduler.next_run("test", "slow") is None
        assert app.scheduler.next_run("test", "copy") is not None
        [slow] = [r for r in app.flow_refs() if r.flow == "slow"]
        assert not slow.enabled
        line = next(x for x in status_text(app).splitlines() if "flow.slow" in x)
        assert line.rstrip().endswith("off")
        app.set_flow_enabled("test", "slow", True)  # switched on while running: scheduled
        assert app.scheduler.next_run("test", "slow") is not None
    finally:
        app.shutdown()


def test_a_flow_switched_off_by_default_stays_off_until_switched_on(profile: Profile) -> None:
    app = App(profile, [OPTIONAL_FLOW], [])
    app.set_enabled("optional", True)
    try:
        assert not app.is_flow_enabled("optional", "orders")
        assert app.is_flow_enabled("optional", "copy")
        app.set_flow_enabled("optional", "orders", True)
        assert app.is_flow_enabled("optional", "orders")
    finally:
        app.shutdown()


def test_every_enabled_flow_can_run_at_once_and_run_now_still_gets_a_thread(
    profile: Profile,
) -> None:
    gate.clear()
    app = App(profile, [MANY_FLOWS], [])
    app.set_enabled("many", True)
    app.start(first_run_delay=timedelta(hours=1))
    try:
        assert app.scheduler.workers == len(MANY_FLOWS.flows) + 1
        for spec in MANY_FLOWS.flows:
            assert app.run_now("many", spec.key) is RunRequest.STARTED
        _wait(lambda: all(app.runner.is_running("many", f.key) for f in MANY_FLOWS.flows))
    finally:
        gate.set()
        app.shutdown()


def test_workers_are_bounded() -> None:
    assert worker_count(0) == MIN_WORKERS
    assert worker_count(5) == 6
    assert worker_count(500) == MAX_WORKERS


def _finished(app: App, flow: str) -> bool:
    run = app.store.runs.latest("test", flow)
    return run is not None and run.status is RunStatus.SUCCEEDED


gate = threading.Event()


def _hold(services: object, ctx: RunContext) -> None:
    while not gate.wait(0.05):
        ctx.check_cancel()


MANY_FLOWS = Integration(
    "many",
    "Many",
    (),
    tuple(FlowSpec(f"hold{n}", f"flow.hold{n}", timedelta(minutes=5), _hold) for n in range(7)),
    None,
)

OPTIONAL_FLOW = Integration(
    "optional",
    "Optional",
    (),
    (
        FlowSpec("copy", "flow.copy", timedelta(minutes=5), copy_three),
        FlowSpec("orders", "flow.orders", timedelta(minutes=5), copy_three, False),
    ),
    None,
)


def test_a_stored_interval_out_of_bounds_keeps_that_flow_off_and_says_why(
    profile: Profile,
) -> None:
    app = make_app(profile)
    app.store.settings.set("integration.test.interval.copy", "691200")  # 8 days, an old version
    app.start(first_run_delay=timedelta(hours=1))  # starts anyway
    try:
        assert app.scheduler.next_run("test", "copy") is None
        assert app.scheduler.next_run("test", "bad") is not None
        [copy] = [r for r in app.flow_refs() if r.flow == "copy"]
        assert not copy.enabled and "between 1 minute and 7 days" in copy.problem
        assert "stored as “691200”" in status_text(app)
    finally:
        app.shutdown()
