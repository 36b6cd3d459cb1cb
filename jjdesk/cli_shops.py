"""`jjdesk shops add|list|remove`: the merchant's own shops (custom shop integrations)."""

from __future__ import annotations

import argparse
from typing import TextIO

from jjdesk import i18n
from jjdesk.app import App
from jjdesk.integrations.custom_shop import FAMILY, SOURCE

i18n.register(
    {
        "cli.shops.added": {
            "de": "Shop „{name}“ hinzugefügt als {key} (Bestellnummern in Afterbuy: "
            "{prefix}…). Verbindung und Zuordnung unter „Verbindungen“ und „Zuordnungen“ "
            "einrichten, dann einschalten.",
            "en": "Shop “{name}” added as {key} (order numbers in Afterbuy: {prefix}…). Set up "
            "its connection and mapping under “Connections” and “Mappings”, then switch it on.",
        },
        "cli.shops.removed": {
            "de": "Shop {key} entfernt (mit seinen Einstellungen und Zugangsdaten).",
            "en": "Shop {key} removed (with its settings and credentials).",
        },
        "cli.shops.none": {
            "de": "Noch kein eigener Shop. Hinzufügen: jjdesk shops add NAME",
            "en": "No custom shop yet. Add one: jjdesk shops add NAME",
        },
        "cli.shops.on": {"de": "an", "en": "on"},
        "cli.shops.off": {"de": "aus", "en": "off"},
    }
)


def configure(parser: argparse.ArgumentParser) -> None:
    """The `shops` subcommands."""
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a custom shop")
    add.add_argument("name", help='the shop\'s name, e.g. "Mein Shop"')
    actions.add_parser("list", help="the custom shops")
    remove = actions.add_parser("remove", help="remove a custom shop with its settings")
    remove.add_argument("key", help="its key, e.g. shop-mein-shop")


def run(args: argparse.Namespace, app: App, out: TextIO) -> int:
    """Do what the subcommand asks; refusals raise `ConfigFailure` with words."""
    if args.action == "add":
        integration = app.members.add(FAMILY, args.name)
        print(
            i18n.text(
                "cli.shops.added",
                name=integration.title,
                key=integration.key,
                prefix=integration.order_prefix,
            ),
            file=out,
        )
    elif args.action == "remove":
        app.members.remove(args.key)
        print(i18n.text("cli.shops.removed", key=args.key), file=out)
    else:
        members = app.members.members(FAMILY)
        if not members:
            print(i18n.text("cli.shops.none"), file=out)
        for member in members:
            key = app.members.families[FAMILY].member_key(member.slug)
            state = i18n.text("cli.shops.on" if app.is_enabled(key) else "cli.shops.off")
            source = i18n.text(f"choice.{app.option(key, SOURCE.name)}")
            prefix = app.integrations[key].order_prefix
            print(f"{key}\t{member.name}\t{source}\t{prefix}\t{state}", file=out)
    return 0
