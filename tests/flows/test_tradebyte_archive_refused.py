"""An archive that refuses writes holds only the file that cannot be moved: the orders and
messages of every other file still go through, nothing is told or imported twice, and the
stuck files are archived once the folder allows it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jjdesk.profile import Profile
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.tradebyte_world import TradebyteWorld, simple_product, tradebyte_world


@pytest.fixture
def tb(profile: Profile, secrets: SecretStore, tmp_path: Path) -> Iterator[TradebyteWorld]:
    with tradebyte_world(profile, secrets, tmp_path / "tradebyte", products=0) as world:
        yield world


def test_a_file_the_archive_refuses_does_not_hold_the_other_files(tb: TradebyteWorld) -> None:
    pid = simple_product(tb.world)
    first = tb.tradebyte.new_order([pid])
    tb.tradebyte.export_orders([first])
    second = tb.tradebyte.new_order([pid])
    tb.tradebyte.export_orders([second])
    tb.tradebyte.sftp.faults.deny_writes_below.add("out/archive")
    outcome = tb.run("orders")
    assert outcome.status is RunStatus.WARNINGS
    vids = sorted(o.vid for o in tb.world.afterbuy.list_orders())
    assert vids == sorted(f"TRADEBYTE-{o.tb_id}" for o in (first, second))
    assert tb.tradebyte.files("out/archive") == []
    assert tb.run("orders").status is not RunStatus.FAILED  # still refused: no new copies
    assert len(tb.world.afterbuy.list_orders()) == 2
    tb.tradebyte.sftp.faults.deny_writes_below.clear()
    tb.run("orders")
    assert len(tb.tradebyte.files("out/archive")) == 2 and tb.tradebyte.files("out") == []
    assert len(tb.world.afterbuy.list_orders()) == 2


def test_message_files_the_archive_refuses_are_reported_once_and_moved_later(
    tb: TradebyteWorld,
) -> None:
    pid = simple_product(tb.world)
    orders = [tb.tradebyte.new_order([pid]) for _ in range(2)]
    for order in orders:
        tb.tradebyte.cancel_item(order, order.items[0])
    tb.tradebyte.sftp.faults.deny_writes_below.add("out/archive")
    outcome = tb.run("messages")
    assert outcome.status is RunStatus.WARNINGS
    assert len(tb.app.store.errors.for_run(outcome.run_id)) == 2  # both files, both told
    again = tb.run("messages")
    assert tb.app.store.errors.for_run(again.run_id) == []  # told once
    tb.tradebyte.sftp.faults.deny_writes_below.clear()
    tb.run("messages")
    assert len(tb.tradebyte.files("out/archive")) == 2
