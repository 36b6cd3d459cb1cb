"""The command line a merchant or supporter types: run, dry run, status, errors, config, demo."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest

from jjdesk.cli import main
from jjdesk.domain.levels import ExportAction, LevelRange, LevelRules, StockAction
from jjdesk.profile import Profile
from jjdesk.secrets import SecretStore
from tests.shopify_world import shopify_world, simple_product

ROOT = Path(__file__).resolve().parents[2]


def test_dry_run_reads_everything_and_writes_nothing(
    profile: Profile, secrets: SecretStore, capsys: pytest.CaptureFixture[str]
) -> None:
    with shopify_world(profile, secrets) as (_, world):
        simple_product(world)
        code = main(["--profile", str(profile.root), "run", "shopify", "products", "--dry-run"])
        out = capsys.readouterr().out
        assert code == 0
        assert "would write: upsert" in out
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
    from jjdesk.cli import build_app

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
    for flow in ("products", "stock", "orders", "shipping", "deletions"):
        assert f"shopify      {flow}" in done.stdout
