"""The fault soak, for any integration with a harness entry (`tests/harness/registry.py`).

A live day in rounds: each round the world moves (edits, stock changes, orders,
tracking), the simulators' item faults are planted for about `rate` of the items, and
every flow runs once while each server fails about `rate` of all requests with one of
the transport faults it offers (429 with Retry-After, 500, an answer slower than the
client's time limit, a dropped connection, work done but the answer lost, an expired
token). Between rounds the retry queue is aged as if hours had passed. After the active
rounds the merchant repairs the bad data and the rounds go on — faults still raining —
until every flow succeeds in one round (at most `max_rounds` in all). Then the
simulators' final state is compared with what should be there. A world whose integration
keeps clocks of its own (Tradebyte's upload floors) ages them too (`let_time_pass`).

It stops by work done (rounds and items), never by the clock: the short version is a
test (`tests/soak/test_soak.py`), the long one a benchmark (`tests/bench/soak.py`).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from jjdesk.profile import Profile
from jjdesk.sandbox.server import FaultKind
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.harness.clocks import let_time_pass
from tests.harness.registry import Entry, Size, Tally, WorldOptions
from tests.owed_helpers import age_owed

HOURS_BETWEEN_ROUNDS = timedelta(hours=12)  # every backoff of the retry queue has run out


@dataclass(frozen=True, slots=True)
class SoakPlan:
    """How long and how hard."""

    size: Size = field(default_factory=Size)
    active_rounds: int = 3
    max_rounds: int = 12
    rate: float = 0.10
    seed: int = 15
    timeout: float = 1.0  # the clients' time limit; a slow answer takes longer
    sink_refuses_duplicates: bool = False  # off: only jjdesk's ledger prevents copies


@dataclass(slots=True)
class SoakReport:
    """What the soak found."""

    integration: str
    tallies: dict[str, Tally]
    runs: Counter[str]
    rounds: int
    converged: bool
    transport_faults: Counter[str]
    item_faults: Counter[str]
    failed_runs: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)  # why whole runs failed
    offered: dict[str, tuple[FaultKind, ...]] = field(default_factory=dict)

    def kinds_never_hit(self) -> list[str]:
        """Transport fault kinds a server offers that never hit (each one must have)."""
        return [
            f"{system}:{kind.value}"
            for system, kinds in self.offered.items()
            for kind in kinds
            if self.transport_faults[f"{system}:{kind.value}"] == 0
        ]

    @property
    def clean(self) -> bool:
        """Converged, and every category arrived completely, once, current."""
        return self.converged and all(t.clean for t in self.tallies.values())

    def lines(self) -> list[str]:
        """The figures, as printed."""
        out = [
            f"fault soak {self.integration}: {self.rounds} rounds, "
            f"{'converged' if self.converged else 'NOT converged'}",
            f"{'':10}{'expected':>9}{'arrived':>9}{'duplicated':>11}{'lost':>6}{'stale':>7}",
        ]
        for name, t in self.tallies.items():
            out.append(
                f"{name:10}{t.expected:>9}{t.arrived:>9}{t.duplicated:>11}{t.lost:>6}{t.stale:>7}"
            )
        runs = ", ".join(
            f"{flow} {n} ({self.failed_runs[flow]} failed)" for flow, n in self.runs.items()
        )
        out.append(f"runs needed: {runs}")
        out.append(f"transport faults hit: {dict(sorted(self.transport_faults.items()))}")
        out.append(f"item faults planted: {dict(sorted(self.item_faults.items()))}")
        if self.failures:
            out.append(f"runs failed as a whole: {dict(self.failures)}")
        return out


def soak(entry: Entry, profile: Profile, secrets: SecretStore, plan: SoakPlan) -> SoakReport:
    """Run the soak for one integration and compare the final state."""
    rng = random.Random(plan.seed)
    options = WorldOptions(
        timeout=plan.timeout, sink_refuses_duplicates=plan.sink_refuses_duplicates
    )
    runs: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    with entry.open_world(profile, secrets, options) as world:
        world.seed(rng, plan.size)
        targets = world.targets()
        for n, target in enumerate(targets):
            for k, kind in enumerate(target.kinds):  # each kind once, spread, then at random
                target.plan.inject(kind, delay=plan.timeout + 0.5, retry_after=1, skip=3 + 7 * k)
            target.plan.chaos(plan.rate, target.kinds, seed=plan.seed + n, delay=plan.timeout + 0.5)
        converged = False
        rounds = 0
        for rounds in range(1, plan.max_rounds + 1):
            active = rounds <= plan.active_rounds
            if active:
                world.churn(rng)
                planted.update(world.item_faults(rng, plan.rate))
            elif rounds == plan.active_rounds + 1:
                world.repair()
            all_ok = True
            for flow in entry.flows:
                outcome = world.app.run_once(entry.key, flow)
                runs[flow] += 1
                if outcome.status is not RunStatus.SUCCEEDED:
                    all_ok = False
                    if outcome.status is RunStatus.FAILED:
                        failed[flow] += 1
                        reasons[f"{flow}: {outcome.title}"] += 1
            age_owed(world.app.store, HOURS_BETWEEN_ROUNDS)
            let_time_pass(world, HOURS_BETWEEN_ROUNDS)
            if not active and all_ok:
                converged = True
                break
        hits: Counter[str] = Counter()
        for target in targets:
            hits.update({f"{target.system}:{k.value}": n for k, n in target.plan.hits.items()})
            target.plan.clear()
        tallies = world.tally()
    offered = {t.system: t.kinds for t in targets}
    return SoakReport(
        entry.key, tallies, runs, rounds, converged, hits, planted, failed, reasons, offered
    )
