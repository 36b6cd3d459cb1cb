"""A custom shop's order files (CSV, JSON, XML; a local folder and SFTP) into Afterbuy:
exactly once, archived when every order is in, a broken file set aside, a bad order
holding its file until it is corrected, shipping files back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from jjdesk.demo_custom import configure_files
from jjdesk.profile import Profile
from jjdesk.sandbox.sftp import SftpSimulator
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.custom_world import CustomWorld, custom_world


@pytest.fixture
def cw(profile: Profile, secrets: SecretStore) -> Iterator[CustomWorld]:
    with custom_world(profile, secrets) as world:
        yield world


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


@pytest.mark.parametrize("kind", ["csv", "json", "xml"])
def test_order_files_go_in_once_and_a_bad_order_holds_its_file(
    cw: CustomWorld, tmp_path: Path, kind: str
) -> None:
    root = tmp_path / "drop"
    a, b = cw.product(), cw.product()
    good = [cw.shop.new_order([a, b]) for _ in range(3)]
    bad = cw.shop.new_order([a])
    bad.lines[0].price = "12,x"
    first = cw.shop.write_file(root / "orders", kind, good[:2])
    second = cw.shop.write_file(root / "orders", kind, [good[2], bad])
    key = configure_files(cw.app, root, kind)
    outcome = cw.run(key)
    assert outcome.status is RunStatus.WARNINGS and (outcome.written, outcome.failed) == (3, 1)
    assert cw.vids() == sorted(f"DATEISHOP-{o.number}" for o in good)
    [error] = cw.app.store.errors.for_run(outcome.run_id)
    assert error.item_id == bad.number and error.field == "lines.unit_price"
    assert _names(root / "orders" / "archive") == [first.name]
    assert _names(root / "orders") == [second.name]  # waits for the bad order
    again = cw.run(key)
    assert (again.written, again.failed) == (0, 0)  # nothing twice, not nagged

    bad.lines[0].price = good[0].lines[0].price  # the shop writes the file anew
    cw.shop.write_file(root / "orders", kind, [good[2], bad], name=second.name)
    fixed = cw.run(key)
    assert fixed.written == 1 and len(cw.vids()) == 4
    assert _names(root / "orders" / "archive") == sorted([first.name, second.name])
    assert _names(root / "orders") == []


def test_a_file_that_cannot_be_parsed_goes_to_the_error_folder_once(
    cw: CustomWorld, tmp_path: Path
) -> None:
    root = tmp_path / "drop"
    (root / "orders").mkdir(parents=True)
    (root / "orders" / "kaputt.json").write_text('{"orders": [', encoding="utf-8")
    cw.shop.write_file(root / "orders", "json", [cw.shop.new_order([cw.product()])])
    key = configure_files(cw.app, root, "json")
    outcome = cw.run(key)
    assert outcome.written == 1
    errors = cw.app.store.errors.for_run(outcome.run_id)
    assert [(e.item_kind, e.item_id) for e in errors] == [("order file", "kaputt.json")]
    assert "orders/error" in errors[0].message
    assert _names(root / "orders" / "error") == ["kaputt.json"]
    assert cw.app.store.errors.for_run(cw.run(key).run_id) == []


def test_order_files_on_sftp_and_shipping_files_back(cw: CustomWorld, tmp_path: Path) -> None:
    sftp = SftpSimulator(tmp_path / "sftp").start()
    try:
        order = cw.shop.new_order([cw.product()])
        cw.shop.write_file(tmp_path / "sftp" / "orders", "csv", [order])
        connection = {
            "host": "127.0.0.1",
            "port": str(sftp.port),
            "sftp_user": sftp.username,
            "sftp_password": sftp.password,
        }
        key = configure_files(cw.app, tmp_path, "csv", sftp=connection)
        assert cw.run(key).written == 1
        assert cw.vids() == [f"DATEISHOP-{order.number}"]
        assert _names(tmp_path / "sftp" / "orders" / "archive") == [f"orders_{order.number}.csv"]
        assert cw.app.connection_value(key, "host_key")  # pinned on first connect

        cw.app.set_flow_enabled(key, "shipping", True)
        cw.world.ship_imported_orders()
        assert cw.run(key, "shipping").failed == 0
        sent = json.loads((tmp_path / "sftp" / "shipping" / f"{order.order_id}.json").read_text())
        assert sent["order_id"] == order.order_id and sent["tracking_number"]
        [ab] = cw.world.afterbuy.list_orders()
        assert "Dateishop abgeschlossen" in ab.tags
    finally:
        sftp.stop()
