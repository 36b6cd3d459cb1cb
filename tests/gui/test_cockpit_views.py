"""The cockpit's views driven like a merchant would, with a real App against the simulators."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from conftest import MakeApp, MakeDesktop
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from jjdesk.app import App
from jjdesk.gui.desktop import Desktop
from jjdesk.gui.product_tab import ProductTab
from jjdesk.profile import Profile
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.secrets import SecretStore
from jjdesk.store.ledger import LedgerState
from jjdesk.store.runs import RunStatus
from tests.shopify_world import shopify_world, simple_product

World = tuple[App, DemoWorld, Desktop]


@pytest.fixture
def world(qtbot: QtBot, profile: Profile, secrets: SecretStore) -> Iterator[World]:
    with shopify_world(profile, secrets, products=4, orders=2) as (app, w):
        app.start(first_run_delay=timedelta(hours=1))
        desktop = Desktop(app, tray_available=False)
        desktop.show_window()
        qtbot.waitUntil(lambda: desktop.worker.pending() == 0)
        yield app, w, desktop
        desktop.shutdown()


def _broken_image(w: DemoWorld, name: str) -> str:
    pid = simple_product(w, Name=name)
    product = w.afterbuy.product(pid)
    assert product is not None
    product.pictures = [f"https://bilder.example.com/images/{name}.jpg"]
    w.afterbuy.modify_product(pid)
    return pid


def test_overview_reflects_a_failing_flow(qtbot: QtBot, world: World) -> None:
    app, _, desktop = world
    overview = desktop.window.overview
    app.run_once("shopify", "products")
    overview.refresh()
    qtbot.waitUntil(lambda: "shopify" in overview.cards)
    card = overview.cards["shopify"]
    assert card.state.text() in ("All good", "Something to fix")

    app.save_connection("afterbuy", {"account_token": "wrong"})
    assert app.run_once("shopify", "stock").status is RunStatus.FAILED
    # the rejected credentials lead to their form; back on the overview the card says it
    qtbot.waitUntil(lambda: desktop.window.tabs.currentWidget() is desktop.window.connections)
    desktop.window.tabs.setCurrentWidget(overview)

    qtbot.waitUntil(lambda: card.state.text() == "Failing")
    assert "30 days" in card.chart_legend.text()


def test_error_groups_match_the_items_and_handled_leaves_the_count(
    qtbot: QtBot, world: World
) -> None:
    app, w, desktop = world
    broken = [_broken_image(w, f"Mütze Nr{n}") for n in range(2)]
    app.run_once("shopify", "products")
    errors = desktop.window.errors
    desktop.window.show_open_items("shopify", "products")

    def images_group():  # type: ignore[no-untyped-def]
        for n in range(errors.groups.topLevelItemCount()):
            top = errors.groups.topLevelItem(n)
            if top is not None and top.text(0).startswith("Invalid image link"):
                return top
        return None

    qtbot.waitUntil(lambda: images_group() is not None)
    group = images_group()
    items = [group.child(n) for n in range(group.childCount())]
    named = {i.data(0, Qt.ItemDataRole.UserRole).record.item_key for i in items}
    assert set(broken) <= named
    assert group.text(0) == f"Invalid image link — {len(items)} products"
    mine = next(
        i for i in items if i.data(0, Qt.ItemDataRole.UserRole).record.item_key == broken[0]
    )
    errors.groups.setCurrentItem(mine)

    qtbot.mouseClick(errors.handled_button, Qt.MouseButton.LeftButton)

    left = f"{len(items) - 1} products" if len(items) > 2 else "1 product"
    qtbot.waitUntil(lambda: images_group() is not None and images_group().text(0).endswith(left))
    assert errors.days.item(0).text() == "Open items to fix"


def test_product_view_explains_level_12_unchanged_and_broken_image(
    qtbot: QtBot, world: World
) -> None:
    app, w, desktop = world
    skipped = simple_product(w, 12, Name="Ausgelistet")
    plain = simple_product(w, Name="Wollmütze")
    broken = _broken_image(w, "Mütze kaputt")
    app.run_once("shopify", "products")
    products = desktop.window.products

    def explain(pid: str) -> str:
        products.show_product(pid)
        qtbot.waitUntil(
            lambda: bool(products.boxes) and products.boxes[0].view.found is not None,
            timeout=10_000,
        )
        qtbot.waitUntil(lambda: products.search_button.isEnabled())
        return products.boxes[0].verdict.text()

    assert explain(skipped) == "Not sent: its level says to leave it untouched."
    assert products.boxes[0].rule.text().startswith("Level 12: Skip")
    assert explain(plain) == "In the shop and up to date: the next run sends nothing."
    assert "unchanged since" in products.boxes[0].last_sent.text()
    assert explain(broken) == "Not sent: it has an error to fix (see below)."
    assert "Mütze kaputt.jpg" in products.boxes[0].last_error.text()
    assert "images" in products.boxes[0].preview.toPlainText()


def test_order_view_follows_an_order_from_import_to_tracking(qtbot: QtBot, world: World) -> None:
    app, w, desktop = world
    app.run_once("shopify", "orders")
    entry = app.store.ledger.in_state("shopify", LedgerState.ACKNOWLEDGED)[0]
    orders = desktop.window.orders
    orders.show_order(entry.label)
    qtbot.waitUntil(lambda: bool(orders.boxes))
    first = orders.boxes[0].fields
    assert first["State:"] == "Imported; waiting for the tracking number"
    assert first["Order ID in the sink:"] == entry.sink_order_id

    w.ship_imported_orders()
    app.run_once("shopify", "shipping")
    orders.show_order(entry.label)

    qtbot.waitUntil(lambda: orders.boxes[0].fields.get("State:", "").startswith("Done"))
    done = orders.boxes[0].fields
    assert done["Tracking number:"].startswith("00340434")
    assert done["Carrier:"] and done["Shipping update sent:"]
    assert done["Tag:"] == "Shopify abgeschlossen"


def test_the_wizard_preview_writes_nothing_until_confirmed(qtbot: QtBot, world: World) -> None:
    app, w, desktop = world
    app.set_enabled("shopify", False)
    desktop.show_wizard()
    wizard = desktop.wizard
    assert wizard is not None
    wizard.pick.boxes["shopify"].setChecked(True)
    wizard.next()
    qtbot.waitUntil(lambda: desktop.worker.pending() == 0)
    for form in wizard.credentials.forms.values():
        qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.credentials.isComplete(), timeout=10_000)
    wizard.next()

    qtbot.waitUntil(lambda: wizard.preview.result is not None, timeout=20_000)
    assert wizard.preview.summary.text().startswith("Would create ")
    assert "import 2 orders" in wizard.preview.summary.text()
    assert all(w.shopify.product(pid) is None for pid in w.afterbuy.product_ids())
    assert w.afterbuy.list_orders() == []
    assert not app.is_enabled("shopify")

    wizard.button(QWizard.WizardButton.FinishButton).click()

    qtbot.waitUntil(lambda: len(w.afterbuy.list_orders()) == 2, timeout=20_000)
    assert app.is_enabled("shopify")
    qtbot.waitUntil(lambda: any(w.shopify.product(p) for p in w.afterbuy.product_ids()))


def test_a_cancelled_run_shows_as_interrupted_in_the_history(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    desktop = make_desktop(make_app())
    status = desktop.window.status
    row = status.model.find("fake", "slow")
    actions = status.row_actions(row)
    qtbot.mouseClick(actions.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: actions.cancel_button.isVisibleTo(status), timeout=5000)
    qtbot.mouseClick(actions.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.model.row(row).status is RunStatus.INTERRUPTED, timeout=5000)

    qtbot.mouseClick(actions.history_button, Qt.MouseButton.LeftButton)

    history = desktop.window.history
    assert history is not None
    qtbot.waitUntil(lambda: history.table.rowCount() == 1)
    assert history.result_text(0) == "Interrupted: Cancelled"


def test_product_view_finds_by_ean_and_lists_name_matches_to_pick_by_keyboard(
    qtbot: QtBot, world: World
) -> None:
    app, w, _ = world
    wool = simple_product(w, Name="Wollmütze Nordlicht", EAN="4012345678901")
    other = simple_product(w, Name="Wollmütze Polarstern")
    app.run_once("shopify", "products")
    products = desktop_products(world)

    products.search.setText("4012345678901")
    qtbot.keyClick(products.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(products.boxes) and products.boxes[0].view.found is not None)
    assert products.message.text() == f"Product {wool}: Wollmütze Nordlicht"

    products.search.setText("wollmü")
    qtbot.keyClick(products.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: products.hits.isVisible() and products.hits.count() == 2)
    listed = [products.hits.item(n).text() for n in range(2)]
    assert {t.split(" — ")[0] for t in listed} == {wool, other}
    assert "already in Shopify" in products.note.text()
    assert not products.boxes  # nothing explained until one is picked

    products.hits.setCurrentRow(listed.index(next(t for t in listed if t.startswith(other))))
    qtbot.keyClick(products.hits, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(products.boxes) and products.boxes[0].view.found is not None)
    assert products.message.text() == f"Product {other}: Wollmütze Polarstern"


def desktop_products(world: World) -> ProductTab:
    """The Products tab, shown as the merchant opens it."""
    _, _, desktop = world
    desktop.window.tabs.setCurrentWidget(desktop.window.products)
    return desktop.window.products
