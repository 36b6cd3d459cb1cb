"""The README's screenshots, in German, of the real window under Xvfb:

    xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshots.py

Runs the demo world (simulators, throw-away profile): the setup assistant's preview
first, then every flow once, the Overview, the grouped errors and the product view.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ["JJDESK_LANG"] = "de"

from PySide6.QtWidgets import QApplication, QWidget

from jjdesk.app import App
from jjdesk.demo import configure, run_all_once
from jjdesk.gui.desktop import Desktop
from jjdesk.gui.i18n import install_translators
from jjdesk.gui.wizard import SetupWizard
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.profile import Profile
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.secrets import MemoryKeyring, SecretStore

DOCS = Path(__file__).resolve().parent.parent / "docs"


def settle(qapp: QApplication, desktop: Desktop, until: Callable[[], bool] = lambda: True) -> None:
    """Let the worker finish and the window paint."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        qapp.processEvents()
        if desktop.worker.pending() == 0 and until():
            break
        time.sleep(0.02)
    for _ in range(20):
        qapp.processEvents()
        time.sleep(0.01)


def grab(widget: QWidget, name: str) -> None:
    """Save what the widget shows."""
    widget.grab().save(str(DOCS / name))
    print(f"wrote docs/{name}")


def main() -> int:
    qapp = QApplication([])
    install_translators(qapp, "de")
    world = DemoWorld(products=40, orders=6).start()
    app = App(
        Profile(Path(tempfile.mkdtemp(prefix="jjdesk-shots-"))),
        all_integrations(),
        all_connections(),
        SecretStore(MemoryKeyring(), environ={}),
    )
    configure(app, world)
    desktop = Desktop(app, tray_available=False)
    window = desktop.window
    window.resize(1280, 800)
    desktop.show_window()
    settle(qapp, desktop)
    app.set_enabled("shopify", False)  # as on a first start: nothing switched on yet
    wizard = SetupWizard(app, desktop.worker, window)
    wizard.show()
    wizard.pick.boxes["shopify"].setChecked(True)
    wizard.next()
    settle(qapp, desktop)
    wizard.credentials.tested.update(wizard.credentials.forms)
    wizard.next()
    settle(qapp, desktop, lambda: wizard.preview.result is not None)
    grab(wizard, "screenshot-wizard.png")
    wizard.reject()
    app.set_enabled("shopify", True)
    run_all_once(app, world)
    window.overview.refresh()
    settle(qapp, desktop, lambda: "shopify" in window.overview.cards)
    grab(window, "screenshot-overview.png")

    window.tabs.setCurrentWidget(window.errors)
    window.errors.show_today()
    settle(qapp, desktop, lambda: window.errors.groups.topLevelItemCount() > 0)
    first = window.errors.groups.topLevelItem(0)
    if first is not None:
        first.setExpanded(True)
        window.errors.groups.setCurrentItem(first.child(0))
    settle(qapp, desktop)
    grab(window, "screenshot-errors.png")

    item = window.errors.current_item()
    product = item.record.item_key if item else next(iter(world.afterbuy.product_ids()))
    window.show_product(product)
    settle(qapp, desktop, lambda: bool(window.products.boxes))
    grab(window, "screenshot-product.png")

    desktop.shutdown()
    app.shutdown()
    world.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
