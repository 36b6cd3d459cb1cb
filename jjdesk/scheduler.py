"""Runs every flow on its interval, and on "run now".

APScheduler's BackgroundScheduler with one interval job per (integration, flow):
`coalesce` folds the runs missed while the computer slept into one catch-up run,
`misfire_grace_time` lets that catch-up happen even hours late, and `max_instances=1`
plus the runner's run lock keep a flow from running twice at once.

A flow's first run follows its last recorded run (one that ran 3 minutes before a restart
with a 15-minute interval runs 12 minutes after start); overdue flows start soon after
start-up, a few seconds apart. Pausing pauses the flow jobs, never the scheduler itself,
so "Run now" keeps working while the timetable stands still. The worker pool grows with
the number of scheduled flows, within bounds.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.executors.pool import BasePoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from jjdesk.domain.timestamps import utcnow
from jjdesk.runner import FlowRunner

log = logging.getLogger(__name__)

CATCH_UP_GRACE = timedelta(days=7)
MIN_WORKERS = 2
MAX_WORKERS = 16
STAGGER = timedelta(seconds=5)  # between overdue flows after start-up


@dataclass(frozen=True, slots=True)
class JobSpec:
    """One scheduled flow."""

    integration: str
    flow: str
    interval: timedelta


def job_id(integration: str, flow: str) -> str:
    """The scheduler's id for a flow's job."""
    return f"{integration}:{flow}"


def worker_count(flows: int) -> int:
    """A thread for every flow plus one (backup, a Run now), within bounds."""
    return max(MIN_WORKERS, min(MAX_WORKERS, flows + 1))


def first_run(interval: timedelta, last_started: datetime | None, earliest: datetime) -> datetime:
    """An interval after the flow's last run, but not before `earliest`."""
    if last_started is None:
        return earliest
    return max(last_started + interval, earliest)


class _GrowingPool(BasePoolExecutor):
    """APScheduler's thread pool executor, able to grow while the scheduler runs.

    Growing swaps in a larger pool; the old one finishes what it has and ends.
    """

    _pool: concurrent.futures.ThreadPoolExecutor

    def __init__(self, workers: int) -> None:
        super().__init__(self._new_pool(workers))
        self.workers = workers
        self._retired: list[concurrent.futures.ThreadPoolExecutor] = []

    @staticmethod
    def _new_pool(workers: int) -> concurrent.futures.ThreadPoolExecutor:
        return concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="flow")

    def grow(self, workers: int) -> None:
        """At least `workers` threads from now on."""
        with self._lock or contextlib.nullcontext():
            if workers <= self.workers:
                return
            old, self._pool = self._pool, self._new_pool(workers)
            self.workers = workers
        old.shutdown(wait=False)
        self._retired.append(old)

    def shutdown(self, wait: bool = True) -> None:
        for pool in self._retired:
            pool.shutdown(wait)
        super().shutdown(wait)


class FlowScheduler:
    """Owns the background scheduler; every method is safe to call from any thread."""

    def __init__(self, runner: FlowRunner) -> None:
        self.runner = runner
        self._pool = _GrowingPool(MIN_WORKERS)
        self._scheduler = BackgroundScheduler(
            executors={"default": self._pool},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": int(CATCH_UP_GRACE.total_seconds()),
            },
            timezone="UTC",
        )
        self._paused = False
        self._delay = timedelta(seconds=5)
        self._flows: dict[str, JobSpec] = {}

    @property
    def paused(self) -> bool:
        """Whether the timetable stands still (run now still works)."""
        return self._paused

    @property
    def workers(self) -> int:
        """Threads available to runs right now."""
        return self._pool.workers

    def start(
        self,
        jobs: Sequence[JobSpec],
        *,
        paused: bool = False,
        first_run_delay: timedelta = timedelta(seconds=5),
    ) -> None:
        """Add the flows' jobs (each planned from its last run) and start."""
        self._paused = paused
        self._delay = first_run_delay
        for spec, moment in zip(jobs, self._plan(jobs), strict=True):
            self.schedule(spec, moment)
        self._scheduler.start()

    def schedule(self, spec: JobSpec, first: datetime | None = None) -> None:
        """Add or replace a flow's job; it first runs at `first`, or after its last run."""
        moment = first or self._plan([spec])[0]
        key = job_id(spec.integration, spec.flow)
        self._flows[key] = spec
        self._scheduler.add_job(
            self.runner.run,
            IntervalTrigger(seconds=max(1, int(spec.interval.total_seconds())), timezone="UTC"),
            args=(spec.integration, spec.flow, "schedule"),
            id=key,
            next_run_time=None if self._paused else moment,  # None: added paused
            replace_existing=True,
        )
        self._pool.grow(worker_count(len(self._flows)))

    def unschedule(self, integration: str, flow: str) -> None:
        """Remove a flow's job (integration or flow switched off)."""
        key = job_id(integration, flow)
        self._flows.pop(key, None)
        with contextlib.suppress(JobLookupError):
            self._scheduler.remove_job(key)

    def add_system_job(self, job: Callable[[], object], name: str, interval: timedelta) -> None:
        """A job that is not a flow (the backup check); pausing does not stop it."""
        self._scheduler.add_job(
            job,
            IntervalTrigger(seconds=int(interval.total_seconds()), timezone="UTC"),
            id=f"system:{name}",
            replace_existing=True,
            next_run_time=utcnow() + interval,
        )

    def run_now(self, integration: str, flow: str) -> bool:
        """Start a flow at once in a worker thread; False if it is already running here."""
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
        if job is None:
            return None
        moment: datetime | None = job.next_run_time
        return moment

    def pause_all(self) -> None:
        """Stop the timetable: no scheduled run starts (running ones finish, Run now works)."""
        self._paused = True
        for key in list(self._flows):
            with contextlib.suppress(JobLookupError):
                self._scheduler.pause_job(key)

    def resume_all(self) -> None:
        """Start the timetable again; a flow that fell due meanwhile runs soon, once."""
        self._paused = False
        specs = list(self._flows.values())
        for spec, moment in zip(specs, self._plan(specs), strict=True):
            with contextlib.suppress(JobLookupError):
                self._scheduler.modify_job(
                    job_id(spec.integration, spec.flow), next_run_time=moment
                )

    def shutdown(self, wait: bool = True) -> None:
        """Cancel running flows and stop the scheduler."""
        self.runner.cancel_all()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=wait)

    def _plan(self, specs: Sequence[JobSpec]) -> list[datetime]:
        """First run times from the persisted last runs; overdue flows a few seconds apart."""
        last = self.runner.store.runs.last_started()
        earliest = utcnow() + self._delay
        times, overdue = [], 0
        for spec in specs:
            moment = first_run(spec.interval, last.get((spec.integration, spec.flow)), earliest)
            if moment == earliest:
                moment += overdue * STAGGER
                overdue += 1
            times.append(moment)
        return times
