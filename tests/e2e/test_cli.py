"""The command line a merchant or supporter types: run, dry run, status, errors, config,
backup, restore, deletions, demo. Every failure is a sentence and an exit code."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest

from jjdesk.app import build_app
from jjdesk.cli import EXIT_BUSY, EXIT_REFUSED, main
from jjdesk.domain.levels import ExportAction, LevelRange, LevelRules, StockAction
from jjdesk.flows.deletion_check import approved_key, held_key
from jjdesk.profile import Profile
from jjdesk.runner import RunLocks
from jjdesk.secrets import SecretStore
from jjdesk.store import Store
from jjdesk.store.ledger import LedgerState
from tests.shopify_world import shopify_world, simple_product

Capture = pytest.CaptureFixture[str]


def _jjdesk(profile: Profile, *args: str) -> int:
    return main(["--profile", str(profile.root), *args])


ROOT = Path(__file__).resolve().parents[2]


def test_dry_run_reads_everything_and_writes_nothing(
    profile: Profile, secrets: SecretStore, capsys: pytest.CaptureFixture[str]
) -> None:
    with shopify_world(profile, secrets) as (_, world):
        simple_product(world)
        code = main(["--profile", str(profile.root), "run", "shopify", "products", "--dry-run"])
        out = capsys.readouterr().out
        assert code == 0
        assert "would write: create product" in out
        assert world.shopify.product_count() == 0


def test_status_and_errors_show_what_the_tabs_show(
    profile: Profile, secrets: SecretStore, capsys: pytest.CaptureFixture[str]
) -> None:
    with shopify_world(profile, secrets) as (app, world):
        pid = simple_product(world)
        product = world.afterbuy.product(pid)
        assert product is not None
        product.pictures = ["https://bilder.example.com"]
        world.afterbuy.modify_product(pid)
        app.run_once("shopify", "products")
        assert main(["--profile", str(profile.root), "status"]) == 0
        status = capsys.readouterr().out
        assert "Products" in status and "warnings" in status
        assert main(["--profile", str(profile.root), "errors"]) == 0
        errors = capsys.readouterr().out
        assert f"product {pid}" in errors and "images" in errors
        yesterday = (date.today() - timedelta(days=1)).isoformat()
        assert main(["--profile", str(profile.root), "errors", "--date", yesterday]) == 0
        assert "no errors" in capsys.readouterr().out


def test_config_export_and_import_carry_settings_but_no_secret(
    profile: Profile, secrets: SecretStore, tmp_path: Path
) -> None:
    with shopify_world(profile, secrets) as (app, world):
        rules = LevelRules(
            (
                LevelRange(0, 11, ExportAction.TRANSFER, StockAction.UPDATE),
                LevelRange(12, 15, ExportAction.SKIP, StockAction.SKIP),
            )
        )
        app.set_level_rules("shopify", rules)
        app.set_interval("shopify", "orders", timedelta(minutes=3))
        exported = tmp_path / "jjdesk.toml"
        assert main(["--profile", str(profile.root), "config", "export", str(exported)]) == 0
        text = exported.read_text("utf-8")
        for secret in (world.afterbuy.account_token, world.shopify.access_token):
            assert secret not in text
        assert tomllib.loads(text)["integrations"]["shopify"]["intervals_seconds"]["orders"] == 180
    fresh = Profile(tmp_path / "fresh")
    assert main(["--profile", str(fresh.root), "config", "import", str(exported)]) == 0
    other = build_app(fresh.ensure())
    try:
        assert other.level_rules("shopify") == rules
        assert other.interval("shopify", "orders") == timedelta(minutes=3)
        assert other.is_enabled("shopify")
    finally:
        other.shutdown()


def test_headless_demo_runs_every_flow_once_and_succeeds() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jjdesk", "demo", "--headless", "--once"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "JJDESK_LANG": "en"},
    )
    assert done.returncode == 0, done.stderr
    rows = {tuple(line.split()[:3]) for line in done.stdout.splitlines()}
    for flow in ("products", "stock", "orders", "shipping", "deletions"):
        assert ("shopify", flow, "succeeded") in rows or ("shopify", flow, "warnings") in rows
    assert ("shop-mein-shop", "orders", "warnings") in rows  # one order has a letter in its SKU
    assert ("shop-mein-shop", "shipping", "succeeded") in rows


def test_status_on_a_fresh_profile_says_what_to_do(tmp_path: Path, capsys: Capture) -> None:
    fresh = Profile(tmp_path / "fresh")
    assert _jjdesk(fresh, "status") == 0
    assert "No integration is switched on" in capsys.readouterr().out


def test_failures_are_a_sentence_and_an_exit_code_never_a_traceback(
    profile: Profile, tmp_path: Path, capsys: Capture
) -> None:
    assert _jjdesk(profile, "run", "shopify", "invoices") == EXIT_REFUSED
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "Unknown flow “invoices”",
        "Allowed: products, stock, orders, shipping, deletions",
    ]
    assert _jjdesk(profile, "config", "import", str(tmp_path / "missing.toml")) == EXIT_REFUSED
    assert capsys.readouterr().err == (
        "Settings file cannot be read\nmissing.toml: No such file or directory\n"
    )
    bad = tmp_path / "bad.toml"
    bad.write_text('[integrations.shopify]\nenabled = "no"\n', encoding="utf-8")
    assert _jjdesk(profile, "config", "import", str(bad)) == EXIT_REFUSED
    assert capsys.readouterr().err.splitlines() == [
        "Settings file refused, nothing was changed",
        "line 2, integrations.shopify.enabled: must be true or false (without quotes)",
    ]
    assert _jjdesk(profile, "deletions", "show", "amazon") == EXIT_REFUSED
    assert "Unknown integration “amazon”" in capsys.readouterr().err


def test_a_run_the_app_is_doing_already_is_skipped_with_exit_code_3(
    profile: Profile, capsys: Capture
) -> None:
    held = RunLocks(profile.lock_dir).try_hold("shopify", "products")
    assert held is not None  # as the desktop app holds it while its run goes on
    try:
        assert _jjdesk(profile, "run", "shopify", "products") == EXIT_BUSY
    finally:
        held.release()
    err = capsys.readouterr().err
    assert err.startswith("shopify products is already running")
    assert "This run is skipped" in err


def test_backup_and_restore_latest(profile: Profile, capsys: Capture) -> None:
    store = Store(profile.db_path)
    store.settings.set("marker", "backed up")
    store.close()
    assert _jjdesk(profile, "backup") == 0
    written = Path(capsys.readouterr().out.strip().removeprefix("Backup written: "))
    assert written.parent == profile.backup_dir and written.exists()
    store = Store(profile.db_path)
    store.settings.set("marker", "changed later")
    store.close()

    assert _jjdesk(profile, "restore", "--latest") == 0
    assert capsys.readouterr().out.startswith(f"Restored “{written.name}”")
    store = Store(profile.db_path)
    assert store.settings.get("marker") == "backed up"
    store.close()
    assert _jjdesk(profile, "restore", str(profile.root / "nothing.db")) == EXIT_REFUSED
    assert capsys.readouterr().err.startswith("Backup not usable")


def test_a_damaged_database_is_restored_and_said_on_stderr(
    profile: Profile, capsys: Capture
) -> None:
    assert _jjdesk(profile, "backup") == 0
    capsys.readouterr()
    profile.db_path.write_bytes(b"garbage" * 1000)
    for suffix in ("-wal", "-shm"):
        Path(f"{profile.db_path}{suffix}").unlink(missing_ok=True)
    assert _jjdesk(profile, "status") == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("Database restored\njjdesk's database was damaged")
    assert "No integration is switched on" in captured.out


def test_deletions_show_and_approve_a_held_deletion(profile: Profile, capsys: Capture) -> None:
    app = build_app(profile)
    held = {"digest": "abc", "count": 30, "known": 100, "keys": ["1001", "1002"]}
    app.store.settings.set(held_key("shopify"), json.dumps(held))
    app.shutdown()

    assert _jjdesk(profile, "deletions", "show", "shopify") == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Shopify: 30 of 100 products would be removed")
    assert "1001, 1002" in shown
    assert _jjdesk(profile, "deletions", "approve", "shopify") == 0
    assert capsys.readouterr().out.startswith("Confirmed: the next deletion check of Shopify")
    app = build_app(profile)
    try:
        assert app.store.settings.get(approved_key("shopify")) == "abc"
    finally:
        app.shutdown()
    assert _jjdesk(profile, "deletions", "show", "shopify") == 0
    assert capsys.readouterr().out.startswith("Confirmed")


def test_product_says_what_the_products_tab_says_found_by_ean_or_name(
    profile: Profile, secrets: SecretStore, capsys: Capture
) -> None:
    with shopify_world(profile, secrets) as (app, world):
        sent = simple_product(world, Name="Wollmütze Nordlicht", EAN="4012345678901")
        skipped = simple_product(world, 12, Name="Wollmütze Polarstern")
        app.run_once("shopify", "products")

        assert _jjdesk(profile, "product", "4012345678901") == 0
        by_ean = capsys.readouterr().out
        assert _jjdesk(profile, "product", skipped) == 0
        by_id = capsys.readouterr().out
        assert _jjdesk(profile, "product", "Wollmütze") == 0
        by_name = capsys.readouterr().out

    assert f"Product {sent}: Wollmütze Nordlicht" in by_ean
    assert "[Shopify]" in by_ean and "In the shop and up to date" in by_ean
    assert "unchanged since" in by_ean and "Would be sent now: nothing" in by_ean
    assert "Not sent: its level says to leave it untouched." in by_id
    assert "Level 12: Skip (leave untouched) (rule for levels 12–15)" in by_id
    # only the product in the shop is found by its name, and the output says why
    assert f"Product {sent}: Wollmütze Nordlicht" in by_name
    assert skipped not in by_name
    assert "already in Shopify" in by_name and "EAN" in by_name


def test_product_lists_several_matches_and_says_when_nothing_matches(
    profile: Profile, secrets: SecretStore, capsys: Capture
) -> None:
    with shopify_world(profile, secrets) as (app, world):
        first = simple_product(world, Name="Wollmütze Nordlicht")
        second = simple_product(world, Name="Wollmütze Polarstern")
        app.run_once("shopify", "products")

        assert _jjdesk(profile, "product", "wollm") == 0
        several = capsys.readouterr().out
        assert _jjdesk(profile, "product", "4099999999999") == 0
        nothing = capsys.readouterr().out

    assert "2 products match; `jjdesk product ID` explains one of them:" in several
    assert f"{first}  Wollmütze Nordlicht  (name)" in several
    assert f"{second}  Wollmütze Polarstern  (name)" in several
    assert "Nothing found for “4099999999999”." in nothing


def test_order_follows_an_order_to_its_tracking_number(
    profile: Profile, secrets: SecretStore, capsys: Capture
) -> None:
    with shopify_world(profile, secrets, orders=1) as (app, world):
        app.run_once("shopify", "orders")
        [entry] = app.store.ledger.in_state("shopify", LedgerState.ACKNOWLEDGED)
        assert _jjdesk(profile, "order", entry.label) == 0
        imported = capsys.readouterr().out
        world.ship_imported_orders()
        app.run_once("shopify", "shipping")
        assert _jjdesk(profile, "order", entry.label.lstrip("#")) == 0
        shipped = capsys.readouterr().out
        assert _jjdesk(profile, "order", "#999999") == 0
        unknown = capsys.readouterr().out

    assert f"[Shopify – {entry.label}]" in imported
    assert "State: Imported; waiting for the tracking number" in imported
    assert f"Order ID in the sink: {entry.sink_order_id}" in imported
    assert "State: Done: tracking sent and tagged" in shipped
    assert "Tracking number: 00340434" in shipped and "Tag: Shopify abgeschlossen" in shipped
    assert unknown.startswith("jjdesk has not seen this order.")
