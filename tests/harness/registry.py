"""The proof harness: one entry per integration, read by the fault soak (`tests/soak/`),
the bad-input corpus (`tests/bad_input/`) and the benchmarks (`tests/bench/day.py`,
`tests/bench/freshness.py`), none of which holds integration-specific code.

Recipe — what a new integration's entry must provide (a module `tests/harness/<key>.py`
defining `ENTRY = Entry(...)`, plus one line in `entries()` below):

1. `key`, `flows`: the integration's key in `jjdesk.integrations.registry` and its flows
   in the order a day runs them (exports first, then orders, then shipping).
2. `open_world(profile, secrets, options)`: a context manager that starts the
   integration's simulators on loopback, builds an `App` on `profile` configured against
   them (connection fields, client time limits from `options.timeout`, the sink's
   duplicate guard off when `options.sink_refuses_duplicates` is False) and yields a
   `World` (the protocol below); it stops everything on exit.
3. The `World`:
   - `seed(rng, size)`: the start of the day: `size.products` products (a share
     `size.variation_share` in variation sets, `size.orders` orders in the channel), all
     valid, so that everything seeded is expected to arrive;
   - `churn(rng)`: one step of a live day: edits, stock changes, new orders, tracking
     entered in the ERP (`ship(rng)` alone), a deletion now and then;
   - `targets()`: each server's `FaultPlan` with the transport fault kinds it offers
     (the soak storms them at the given rate);
   - `item_faults(rng, share)`: the simulators' own item faults (a refused product, a
     broken answer, an order the channel cannot deliver, bad data the merchant repairs
     later) for about `share` of the items; returns their names for the report;
   - `repair()`: the merchant fixes the bad data `item_faults` planted;
   - `tally()`: the simulators' final state against what should be there, as one
     `Tally` per category (products, variants, stock, orders, tracking, …);
   - `calls()`: requests each remote system has served so far, per system and call
     (the day benchmark scales them), and `budgets()` what each system allows a day;
   - `new_channel_order()` / `order_arrived(ref)` and `change_stock()` /
     `stock_arrived(ref)`: one event and whether it reached the other side yet (the
     freshness benchmark);
   - optionally `let_time_pass(by)`: a world whose channel rules wait for time (upload
     floors) moves those clocks on; the soak calls it each round and `day.py` each step
     (`tests/harness/clocks.py`).
4. `bad_inputs`: `BadInput` cases: which flow meets the bad data, how it is planted
   (returning the names its message uses), the exact per-item message in German and
   English, and the field. Each case runs in a fresh world next to good items.

An entry may leave a category out of `tally` or offer no item faults where its systems
have none; it must not fake them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

from jjdesk.app import App
from jjdesk.profile import Profile
from jjdesk.sandbox.server import FaultKind, FaultPlan
from jjdesk.secrets import SecretStore


@dataclass(frozen=True, slots=True)
class Size:
    """How much a world is seeded with."""

    products: int = 20
    variation_share: float = 0.4
    orders: int = 10
    children: int = 3  # per variation set


@dataclass(frozen=True, slots=True)
class WorldOptions:
    """How the harness wants the world: client time limits, the sink's own guard."""

    timeout: float = 30.0
    sink_refuses_duplicates: bool = True
    catalogue: int = 0  # products the ERP simulator generates itself (benchmarks)
    variation_share: float = 0.45  # of the generated catalogue's blocks
    # a benchmark's initial load may raise the channel's quotas; usage is still counted
    # in the channel's own units
    quota_scale: float = 1.0


@dataclass(slots=True)
class Tally:
    """One category of the final state: what should be there and what is."""

    expected: int = 0
    arrived: int = 0  # present, exactly once, current
    duplicated: int = 0  # present more than once
    lost: int = 0  # absent
    stale: int = 0  # present but not current (or present although it should be gone)

    @property
    def clean(self) -> bool:
        """Everything arrived, nothing twice, nothing stale."""
        return (
            self.arrived == self.expected and not self.duplicated and not self.lost
        ) and not self.stale


@dataclass(frozen=True, slots=True)
class FaultTarget:
    """A server's fault plan and the transport faults its protocol can meet."""

    system: str
    plan: FaultPlan
    kinds: tuple[FaultKind, ...]


@dataclass(frozen=True, slots=True)
class Budget:
    """What a system allows a day: `limit` units of `unit` (calls, cost points)."""

    system: str
    unit: str
    limit: float
    note: str = ""


class World(Protocol):
    """An integration's simulators and the app configured against them."""

    app: App

    def seed(self, rng: random.Random, size: Size) -> None:
        """Valid start data: every item seeded is expected to arrive."""

    def churn(self, rng: random.Random) -> None:
        """One step of a live day."""

    def ship(self, rng: random.Random) -> int:
        """The merchant enters tracking in the ERP for orders jjdesk imported; how many."""

    def targets(self) -> list[FaultTarget]:
        """Each server's fault plan with the transport fault kinds it offers."""

    def item_faults(self, rng: random.Random, share: float) -> list[str]:
        """Plant the simulators' item faults for about `share` of the items; their names."""

    def repair(self) -> None:
        """The merchant fixes the bad data the item faults planted."""

    def tally(self) -> dict[str, Tally]:
        """The simulators' final state against what should be there."""

    def calls(self) -> dict[str, Mapping[str, float]]:
        """Per system: requests served so far by call name (and cost units where metered)."""

    def budgets(self) -> list[Budget]:
        """What each remote system allows a day."""

    def new_channel_order(self) -> str:
        """A customer orders now in the channel; returns its reference."""

    def order_arrived(self, reference: str) -> bool:
        """Whether that order is in the ERP now."""

    def change_stock(self, rng: random.Random) -> tuple[str, int]:
        """Stock of one item changes in the ERP now; returns (reference, quantity)."""

    def stock_arrived(self, reference: str, quantity: int) -> bool:
        """Whether the channel shows that quantity now."""


Planted = Mapping[str, str]
# the "flow" of a bad settings file: `plant` returns {"toml": the file's text}
CONFIG = "config import"


@dataclass(frozen=True, slots=True)
class BadInput:
    """One bad input, the flow that meets it, and what the merchant must read.

    `plant` puts it into a fresh world (next to the entry's good items) and returns the
    names the message uses, at least `item` (the id the error row names); `de`/`en` are
    templates filled with those names. `field` is the error row's field.
    """

    case: str
    flow: str
    plant: Callable[[World], Planted]
    de: str
    en: str
    field: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One integration, as the proof harness drives it."""

    key: str
    flows: tuple[str, ...]
    open_world: Callable[[Profile, SecretStore, WorldOptions], AbstractContextManager[World]]
    # put the entry's good items for `flow` into a world; returns a check that they all
    # went through (the names of those that did not)
    good_items: Callable[[World, str], Callable[[], list[str]]]
    bad_inputs: tuple[BadInput, ...] = field(default=())
    # the flows a merchant's day polls often (the 60-second freshness case)
    fresh_flows: tuple[str, ...] = ("orders", "stock")


def entries() -> list[Entry]:
    """Every integration's entry (add yours here)."""
    from tests.harness import avmww, idealo, shopify, tradebyte

    return [shopify.ENTRY, idealo.ENTRY, tradebyte.ENTRY, avmww.ENTRY]


def entry(key: str) -> Entry:
    """An entry by integration key."""
    for candidate in entries():
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def all_bad_inputs() -> Iterator[tuple[Entry, BadInput]]:
    """Every corpus case of every integration."""
    for found in entries():
        for case in found.bad_inputs:
            yield found, case
