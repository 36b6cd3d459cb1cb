"""The one error policy around every run, the run lock across processes, and recovery after
the process was killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from jjdesk.app import App, RunRequest
from jjdesk.events import ItemFailed, RunFinished
from jjdesk.profile import Profile
from jjdesk.runner import FlowBusy
from jjdesk.store.runs import RunStatus
from tests.core_fakes import make_app

ROOT = Path(__file__).resolve().parents[2]


def test_item_failure_is_recorded_and_the_run_goes_on(profile: Profile) -> None:
    app = make_app(profile)
    events: list[object] = []
    app.bus.subscribe(events.append)
    outcome = app.run_once("test", "bad")
    assert outcome.status is RunStatus.WARNINGS
    assert (outcome.read, outcome.written, outcome.failed) == (3, 2, 1)
    [error] = app.store.errors.for_run(outcome.run_id)
    assert (error.item_id, error.field, error.message) == ("101", "price", "Preis fehlt")
    assert [type(e) for e in events if isinstance(e, ItemFailed | RunFinished)] == [
        ItemFailed,
        RunFinished,
    ]


def test_system_failure_fails_the_run_with_words_for_people(profile: Profile) -> None:
    outcome = make_app(profile).run_once("test", "offline")
    assert outcome.status is RunStatus.FAILED
    assert outcome.title == "Afterbuy cannot be reached"
    assert "internet connection" in outcome.message


def test_a_bug_fails_the_run_without_leaking_a_traceback(profile: Profile) -> None:
    outcome = make_app(profile).run_once("test", "broken")
    assert outcome.status is RunStatus.FAILED
    assert "ZeroDivisionError" in outcome.message
    assert "Traceback" not in outcome.message


def test_dry_run_records_no_errors(profile: Profile) -> None:
    app = make_app(profile)
    outcome = app.run_once("test", "bad", dry_run=True)
    assert outcome.failed == 1
    assert app.store.errors.for_run(outcome.run_id) == []


KILLED_RUN = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from jjdesk.profile import Profile
    from tests.core_fakes import make_app
    app = make_app(Profile(Path({profile!r})))
    app.run_once("test", "slow")
    """
)


def test_killed_run_is_interrupted_on_next_start_and_next_run_works(profile: Profile) -> None:
    script = KILLED_RUN.format(root=str(ROOT), profile=str(profile.root))
    child = subprocess.Popen([sys.executable, "-c", script])
    app = None
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            probe = make_app(profile)
            run = probe.store.runs.latest("test", "slow")
            probe.shutdown()
            if run is not None and run.read > 0:
                break
            time.sleep(0.1)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        app = make_app(profile)  # the next start
        run = app.store.runs.latest("test", "slow")
        assert run is not None
        assert run.status is RunStatus.INTERRUPTED
        assert run.read > 0  # the counters it had reached are kept
        assert app.run_once("test", "copy").status is RunStatus.SUCCEEDED
    finally:
        if child.poll() is None:
            child.kill()
        if app is not None:
            app.shutdown()


def test_a_flow_running_in_another_process_is_skipped_not_run_twice(profile: Profile) -> None:
    script = KILLED_RUN.format(root=str(ROOT), profile=str(profile.root))
    child = subprocess.Popen([sys.executable, "-c", script])
    app = make_app(profile)
    try:
        deadline = time.monotonic() + 30
        while not _running_elsewhere(app):
            assert time.monotonic() < deadline, "the other process never started its run"
            time.sleep(0.1)
        before = len(app.store.runs.history())
        with pytest.raises(FlowBusy) as refused:
            app.run_once("test", "slow")
        assert "already running" in refused.value.title
        assert "skipped" in refused.value.message
        assert app.runner.run("test", "slow") is None  # a scheduled trigger: skipped quietly
        assert app.run_now("test", "slow") is RunRequest.ELSEWHERE
        assert len(app.store.runs.history()) == before  # nothing recorded, no error storm
        assert app.run_once("test", "copy").status is RunStatus.SUCCEEDED  # other flows run
    finally:
        child.kill()
        child.wait(10)
        app.shutdown()


def _running_elsewhere(app: App) -> bool:
    run = app.store.runs.latest("test", "slow")
    return run is not None and run.read > 0 and app.locks.held_elsewhere("test", "slow")
