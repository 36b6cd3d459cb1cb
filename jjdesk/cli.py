"""The command line: the desktop app, the demo, single runs, status, errors, config.

jjdesk [gui]                          the desktop app (tray)
jjdesk demo [--headless --once]       simulators + throw-away profile
jjdesk run INTEGRATION FLOW [--dry-run]
jjdesk status | errors [--date YYYY-MM-DD]
jjdesk config export FILE | config import FILE
jjdesk afterbuy products|orders ...   what jjdesk reads from Afterbuy (support)
jjdesk --self-test                    check an installation without a window
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from jjdesk import __version__, i18n
from jjdesk.app import App
from jjdesk.errors import JJDeskError
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.profile import Profile, setup_logging
from jjdesk.secrets import SecretStore


def build_app(profile: Profile, secrets: SecretStore | None = None) -> App:
    """The app with every shipped integration."""
    return App(profile, all_integrations(), all_connections(), secrets)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jjdesk", description="Afterbuy ↔ channels sync")
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
    config = sub.add_parser("config", help="export or import non-secret settings (TOML)")
    config.add_argument("action", choices=["export", "import"])
    config.add_argument("file", type=Path)
    afterbuy = sub.add_parser("afterbuy", help="what jjdesk reads from Afterbuy")
    _configure_afterbuy(afterbuy)
    return parser


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
    setup_logging(profile.ensure(), verbose=args.verbose)
    try:
        return _dispatch(args, profile)
    except JJDeskError as exc:
        print(f"{exc.title}\n{exc.message}".rstrip(), file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace, profile: Profile) -> int:
    from jjdesk import reports
    from jjdesk.config_io import read_config, write_config

    if args.command in (None, "gui"):
        from jjdesk.gui.main import run_gui

        return run_gui(build_app(profile))
    app = build_app(profile)
    try:
        if args.command == "run":
            outcome = app.run_once(args.integration, args.flow, dry_run=args.dry_run)
            print(reports.outcomes_table([outcome]))
            for problem in outcome.context.problems:
                print(
                    f"  ! {problem.item_kind} {problem.item_id} {problem.field}: "
                    f"{problem.message} {problem.hint}".rstrip()
                )
            for line in outcome.context.planned:
                print(f"  would write: {line}")
            return 0 if outcome.status.value in ("succeeded", "warnings") else 1
        if args.command == "status":
            print(reports.status_text(app))
            return 0
        if args.command == "errors":
            print(reports.errors_text(app, args.date or date.today()))
            return 0
        if args.command == "config":
            if args.action == "export":
                write_config(app, args.file)
            else:
                read_config(app, args.file)
            return 0
        if args.command == "afterbuy":
            from jjdesk import cli_afterbuy
            from jjdesk.app import Services
            from jjdesk.integrations.afterbuy_link import afterbuy_client

            return cli_afterbuy.run(args, afterbuy_client(Services(app)), sys.stdout)
    finally:
        app.shutdown()
    return 2


def gui_main() -> int:
    """Entry point of the windowed executable."""
    return main(["gui", *sys.argv[1:]])
