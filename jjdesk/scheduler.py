"""Runs every flow on its interval, and on "run now".

APScheduler's BackgroundScheduler with one interval job per (integration, flow):
`coalesce` folds the runs missed while the computer slept into one catch-up run,
`misfire_grace_time` lets that catch-up happen even hours late, and `max_instances=1`
plus the runner's own per-flow lock keep a flow from running twice at once.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from jjdesk.domain.timestamps import utcnow
from jjdesk.runner import FlowRunner

log = logging.getLogger(__name__)

CATCH_UP_GRACE = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class JobSpec:
    """One scheduled flow."""

    integration: str
    flow: str
    interval: timedelta


def job_id(integration: str, flow: str) -> str:
    """The scheduler's id for a flow's job."""
    return f"{integration}:{flow}"


class FlowScheduler:
    """Owns the background scheduler; every method is safe to call from the GUI thread."""

    def __init__(self, runner: FlowRunner, workers: int = 4) -> None:
        self.runner = runner
        self._scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(workers)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": int(CATCH_UP_GRACE.total_seconds()),
            },
            timezone="UTC",
        )
        self._paused = False

    @property
    def paused(self) -> bool:
        """Whether scheduled runs are paused (run now still works)."""
        return self._paused

    def start(self, jobs: list[JobSpec], first_run_delay: timedelta = timedelta(seconds=5)) -> None:
        """Add the jobs and start; every flow first runs shortly after start-up."""
        first = utcnow() + first_run_delay
        for spec in jobs:
            self.schedule(spec, first)
        self._scheduler.start()

    def schedule(self, spec: JobSpec, first_run: datetime | None = None) -> None:
        """Add or replace a flow's job (also used when its interval changes)."""
        self._scheduler.add_job(
            self.runner.run,
            IntervalTrigger(seconds=max(1, int(spec.interval.total_seconds())), timezone="UTC"),
            args=(spec.integration, spec.flow, "schedule"),
            id=job_id(spec.integration, spec.flow),
            next_run_time=first_run or utcnow() + spec.interval,
            replace_existing=True,
        )

    def unschedule(self, integration: str, flow: str) -> None:
        """Remove a flow's job (integration disabled)."""
        with contextlib.suppress(JobLookupError):
            self._scheduler.remove_job(job_id(integration, flow))

    def add_system_job(self, job: Callable[[], None], name: str, interval: timedelta) -> None:
        """A job that is not a flow (the hourly backup)."""
        self._scheduler.add_job(
            job,
            IntervalTrigger(seconds=int(interval.total_seconds()), timezone="UTC"),
            id=f"system:{name}",
            replace_existing=True,
            next_run_time=utcnow() + interval,
        )

    def run_now(self, integration: str, flow: str) -> bool:
        """Start a flow at once in a worker thread; False if it is already running."""
        if self.runner.is_running(integration, flow):
            return False
        self._scheduler.add_job(
            self.runner.run,
            args=(integration, flow, "manual"),
            id=f"now:{job_id(integration, flow)}:{utcnow().timestamp()}",
            next_run_time=utcnow(),
        )
        return True

    def next_run(self, integration: str, flow: str) -> datetime | None:
        """When the flow runs next by schedule (None when paused or not scheduled)."""
        job = self._scheduler.get_job(job_id(integration, flow))
        if job is None or self._paused:
            return None
        moment: datetime | None = job.next_run_time
        return moment

    def pause_all(self) -> None:
        """Stop starting scheduled runs (running ones finish)."""
        self._scheduler.pause()
        self._paused = True

    def resume_all(self) -> None:
        """Start scheduled runs again; runs missed meanwhile catch up once."""
        self._scheduler.resume()
        self._paused = False

    def shutdown(self, wait: bool = True) -> None:
        """Cancel running flows and stop the scheduler."""
        self.runner.cancel_all()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=wait)
