"""The command line: the desktop app, the demo, single runs, status, errors, config, backups.

jjdesk [gui]                          the desktop app (tray)
jjdesk demo [--headless --once]       simulators + throw-away profile
jjdesk run INTEGRATION FLOW [--dry-run]
jjdesk status | errors [--date YYYY-MM-DD]
jjdesk product TEXT | order NUMBER    what the Products / Orders tabs show
jjdesk config export FILE | config import FILE
jjdesk backup | restore FILE | restore --latest
jjdesk deletions show|approve INTEGRATION
jjdesk afterbuy products|orders ...   what jjdesk reads from Afterbuy (support)
jjdesk --self-test                    check an installation without a window

Exit codes: 0 done, 1 the run failed, 2 refused or an error (a sentence on stderr), 3 the
flow runs already in another jjdesk (nothing was done). Never a traceback: an unexpected
error is one sentence here and the details go to the log file.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from jjdesk import __version__, i18n
from jjdesk.app import App, build_app, restore_database
from jjdesk.errors import JJDeskError
from jjdesk.profile import Profile, setup_logging
from jjdesk.runner import FlowBusy

log = logging.getLogger(__name__)

EXIT_FAILED, EXIT_REFUSED, EXIT_BUSY = 1, 2, 3

i18n.register(
    {
        "cli.crashed": {
            "de": "Unerwarteter Fehler ({kind}). Details stehen in der Protokolldatei in {logs}.",
            "en": "Unexpected error ({kind}). The log file in {logs} has the details.",
        },
        "cli.profile": {
            "de": "Der Profilordner {path} kann nicht angelegt werden: {reason}",
            "en": "The profile folder {path} cannot be created: {reason}",
        },
        "cli.backup": {"de": "Sicherung geschrieben: {path}", "en": "Backup written: {path}"},
        "cli.held": {
            "de": "{integration}: {count} von {known} Produkten würden gelöscht und warten "
            "auf Ihre Bestätigung. Produkt-IDs: {keys}\nBestätigen mit "
            "`jjdesk deletions approve {key}`.",
            "en": "{integration}: {count} of {known} products would be removed and wait for "
            "your confirmation. Product IDs: {keys}\nConfirm with "
            "`jjdesk deletions approve {key}`.",
        },
        "cli.held.none": {
            "de": "{integration}: keine Löschung wartet auf Bestätigung.",
            "en": "{integration}: no deletion waits for confirmation.",
        },
        "cli.approved": {
            "de": "Bestätigt: Die nächste Löschprüfung von {integration} entfernt {count} "
            "Produkte.",
            "en": "Confirmed: the next deletion check of {integration} removes {count} products.",
        },
    }
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jjdesk", description="ERP (Afterbuy, AccountView) ↔ sales channels sync"
    )
    parser.add_argument("--profile", type=Path, help="folder for all state (default: user data)")
    parser.add_argument("--verbose", "-v", action="store_true", help="log to the console too")
    parser.add_argument("--version", action="version", version=f"jjdesk {__version__}")
    parser.add_argument("--self-test", action="store_true", help="check this installation and exit")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("gui", help="the desktop app (default)")
    demo = sub.add_parser("demo", help="simulators with demo data and a throw-away profile")
    demo.add_argument("--headless", action="store_true", help="no window")
    demo.add_argument("--once", action="store_true", help="run every flow once, then exit")
    demo.add_argument("--products", type=int, default=60, help="demo catalogue size")
    run = sub.add_parser("run", help="run one flow once")
    run.add_argument("integration")
    run.add_argument("flow")
    run.add_argument("--dry-run", action="store_true", help="read everything, write nothing")
    sub.add_parser("status", help="last and next run of every flow")
    errors = sub.add_parser("errors", help="errors of a day (default today)")
    errors.add_argument("--date", type=date.fromisoformat, default=None)
    product = sub.add_parser(
        "product", help="why a product is (not) in a shop: by ProductID, EAN, article no., name"
    )
    product.add_argument("text")
    order = sub.add_parser("order", help="where an order is: by the number the merchant sees")
    order.add_argument("number")
    config = sub.add_parser("config", help="export or import non-secret settings (TOML)")
    config.add_argument("action", choices=["export", "import"])
    config.add_argument("file", type=Path)
    sub.add_parser("backup", help="write a backup of jjdesk's database now")
    restore = sub.add_parser("restore", help="restore a backup (the current state is kept)")
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("file", type=Path, nargs="?", help="a backup file")
    which.add_argument("--latest", action="store_true", help="the newest backup that is sound")
    deletions = sub.add_parser("deletions", help="a deletion waiting for your confirmation")
    deletions.add_argument("action", choices=["show", "approve"])
    deletions.add_argument("integration")
    afterbuy = sub.add_parser("afterbuy", help="what jjdesk reads from Afterbuy")
    _configure_afterbuy(afterbuy)
    shops = sub.add_parser("shops", help="add, list or remove your own shops (custom shops)")
    _configure_shops(shops)
    return parser


def _configure_shops(parser: argparse.ArgumentParser) -> None:
    from jjdesk import cli_shops

    cli_shops.configure(parser)


def _configure_afterbuy(parser: argparse.ArgumentParser) -> None:
    from jjdesk import cli_afterbuy

    cli_afterbuy.configure(parser)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `jjdesk` executable."""
    args = _parser().parse_args(argv)
    i18n.set_language(i18n.detect_language())
    if args.self_test:
        from jjdesk.selftest import run_self_test

        return run_self_test(sys.stdout)
    if args.command == "demo":
        from jjdesk.demo import run_demo

        return run_demo(args)
    profile = Profile(args.profile) if args.profile else Profile.default()
    try:
        setup_logging(profile.ensure(), verbose=args.verbose)
    except OSError as exc:
        _say(i18n.text("cli.profile", path=profile.root, reason=exc.strerror or exc))
        return EXIT_REFUSED
    try:
        return _dispatch(args, profile)
    except FlowBusy as exc:
        _say(f"{exc.title}\n{exc.message}")
        return EXIT_BUSY
    except JJDeskError as exc:
        _say(f"{exc.title}\n{exc.message}".rstrip())
        return EXIT_REFUSED
    except Exception as exc:  # the last guard: a sentence here, the traceback in the log
        log.exception("jjdesk %s failed", args.command)
        _say(i18n.text("cli.crashed", kind=type(exc).__name__, logs=profile.log_dir))
        return EXIT_REFUSED


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _dispatch(args: argparse.Namespace, profile: Profile) -> int:
    if args.command in (None, "gui"):
        from jjdesk.gui.main import run_gui, show_startup_failure

        try:
            gui_app = build_app(profile)
        except JJDeskError as exc:
            return show_startup_failure(exc.title, exc.message)
        return run_gui(gui_app)
    if args.command == "restore":
        print(restore_database(profile, None if args.latest else args.file))
        return 0
    app = build_app(profile)
    if app.recovery is not None:
        _say(f"{app.recovery.title}\n{app.recovery.message}")
    try:
        return _command(args, app)
    finally:
        app.shutdown()


def _command(args: argparse.Namespace, app: App) -> int:
    from jjdesk import reports
    from jjdesk.config_io import read_config, write_config

    if args.command == "run":
        outcome = app.run_once(args.integration, args.flow, dry_run=args.dry_run)
        print(reports.outcomes_table([outcome]))
        for problem in outcome.context.problems:
            print(
                f"  ! {problem.item_kind} {problem.label or problem.item_id} {problem.field}: "
                f"{problem.message} {problem.hint}".rstrip()
            )
        for write in outcome.context.planned:
            print(f"  would write: {write}")
        for skipped in outcome.context.skipped:
            print(f"  skipped: {skipped}")
        return 0 if outcome.status.value in ("succeeded", "warnings") else EXIT_FAILED
    if args.command == "status":
        print(reports.status_text(app))
    elif args.command == "errors":
        print(reports.errors_text(app, args.date or date.today()))
    elif args.command == "product":
        print(reports.product_text(app, args.text))
    elif args.command == "order":
        print(reports.order_text(app, args.number))
    elif args.command == "config":
        if args.action == "export":
            write_config(app, args.file)
        else:
            read_config(app, args.file)
    elif args.command == "backup":
        print(i18n.text("cli.backup", path=app.backup_now()))
    elif args.command == "deletions":
        print(_deletions(app, args.action, args.integration))
    elif args.command == "shops":
        from jjdesk import cli_shops

        return cli_shops.run(args, app, sys.stdout)
    elif args.command == "afterbuy":
        from jjdesk import cli_afterbuy
        from jjdesk.app import Services
        from jjdesk.integrations.afterbuy_link import afterbuy_client

        return cli_afterbuy.run(args, afterbuy_client(Services(app)), sys.stdout)
    return 0


def _deletions(app: App, action: str, key: str) -> str:
    title = app.integration(key).title
    if action == "approve":
        count = app.approve_deletion(key)
        if count:
            return i18n.text("cli.approved", integration=title, count=count)
        return i18n.text("cli.held.none", integration=title)
    held = next((h for h in app.held_deletions() if h.integration == key), None)
    if held is None:
        return i18n.text("cli.held.none", integration=title)
    if held.approved:
        return i18n.text("cli.approved", integration=title, count=held.count)
    return i18n.text(
        "cli.held",
        integration=title,
        key=key,
        count=held.count,
        known=held.known,
        keys=", ".join(held.keys),
    )


def gui_main() -> int:
    """Entry point of the windowed executable."""
    return main(["gui", *sys.argv[1:]])
