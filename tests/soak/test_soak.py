"""The short fault soak, in the normal test run: every integration's flows under ~10 %
faults of every kind its simulators offer, until they succeed; then nothing may be lost,
twice, or stale. Bounded by rounds and items, not by the clock."""

from __future__ import annotations

import pytest

from jjdesk.profile import Profile
from jjdesk.secrets import SecretStore
from tests.harness.registry import Entry, Size, entries
from tests.soak.soak import SoakPlan, soak

SHORT = SoakPlan(size=Size(products=24, orders=8), active_rounds=3, max_rounds=10)


@pytest.mark.slow
@pytest.mark.parametrize("entry", entries(), ids=lambda e: e.key)
def test_nothing_lost_twice_or_stale_under_faults(
    entry: Entry, profile: Profile, secrets: SecretStore
) -> None:
    report = soak(entry, profile, secrets, SHORT)
    print("\n" + "\n".join(report.lines()))
    assert report.converged, f"flows still failing after {report.rounds} rounds"
    for name, tally in report.tallies.items():
        assert tally.expected > 0, f"{name}: the soak seeded nothing to check"
        assert (tally.duplicated, tally.lost, tally.stale) == (0, 0, 0), name
        assert tally.arrived == tally.expected, name
    assert report.kinds_never_hit() == []
    assert report.item_faults, "no item fault was planted"
