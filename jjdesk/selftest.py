"""`jjdesk --self-test`: check an installation without opening a window.

Support asks a merchant to run this (and CI runs it in the frozen bundle) to learn whether
the installation itself is sound: Qt and its platform plugins load, the database opens and
migrates, translations and icons are where the GUI looks for them, every connector and
simulator imports, and secrets round-trip through the keyring. A machine without any
keyring backend is reported plainly but is not a broken installation, so it does not fail
the test; everything else does, with the reason printed next to the check.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import pkgutil
import platform
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from pathlib import Path
from typing import TextIO

import jjdesk
from jjdesk.errors import JJDeskError, SecretsUnavailable
from jjdesk.secrets import MemoryKeyring, SecretStore

RESOURCES = Path(jjdesk.__file__).resolve().parent / "resources"
PACKAGES = ("jjdesk.connectors", "jjdesk.sandbox", "jjdesk.gui")
ICONS = ("jjdesk.png", "tray.png", "tray-error.png", "tray-template.png", "tray-template@2x.png")


class Status(Enum):
    """How one check ended."""

    OK = "ok"
    UNAVAILABLE = "--"  # reported, not a defect of the installation (no keyring here)
    FAILED = "FAIL"


@dataclass(frozen=True, slots=True)
class Result:
    """One line of the report."""

    name: str
    status: Status
    detail: str


class CheckFailed(Exception):
    """A check found a defect; the message says what and where."""


def run_self_test(
    out: TextIO,
    *,
    profile_dir: Path | None = None,
    resources_dir: Path = RESOURCES,
    packages: Sequence[str] = PACKAGES,
    secrets: SecretStore | None = None,
) -> int:
    """Run every check, print one line each, return 0 if the installation is sound.

    The keyword arguments are seams for tests: a profile folder instead of a temporary one,
    another resources folder, other packages to import, a given secret store.
    """
    checks: list[tuple[str, Callable[[], Result | str]]] = [
        ("runtime", _runtime),
        ("qt", lambda: _gui_check("qt_runtime")),
        ("database", lambda: _database(profile_dir)),
        ("translations", lambda: _gui_check("translations", resources_dir / "translations")),
        ("icons", lambda: _gui_check("icons", resources_dir / "icons", ICONS)),
        ("modules", lambda: _modules(packages)),
        (
            "keyring",
            lambda: _keyring(
                secrets or SecretStore(),
                secrets is not None or bool(os.environ.get("PYTHON_KEYRING_BACKEND")),
            ),
        ),
    ]
    results = []
    for name, check in checks:
        try:
            outcome = check()
            result = outcome if isinstance(outcome, Result) else Result(name, Status.OK, outcome)
        except CheckFailed as exc:
            result = Result(name, Status.FAILED, str(exc))
        except Exception as exc:  # an unexpected crash is a failure of that check, not of the run
            result = Result(name, Status.FAILED, _describe(exc))
        results.append(result)
        print(f"[{result.status.value:^4}] {result.name}: {result.detail}", file=out, flush=True)
    failed = [r.name for r in results if r.status is Status.FAILED]
    if failed:
        print(f"self-test FAILED: {', '.join(failed)}", file=out, flush=True)
        return 1
    print("self-test passed", file=out, flush=True)
    return 0


def _describe(exc: BaseException) -> str:
    if isinstance(exc, JJDeskError):
        return f"{exc.title}: {exc.message}".rstrip(": ")
    frame = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" ({Path(frame[0].filename).name}:{frame[0].lineno})" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"


def _runtime() -> str:
    frozen = "frozen bundle at " + str(Path(sys.executable).parent) if _frozen() else "source"
    return (
        f"jjdesk {jjdesk.__version__}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {frozen}"
    )


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def _gui_check(name: str, *args: object) -> str:
    """A check of the Qt side, which lives in gui/ (the only package that may import Qt).

    gui/ has its own `CheckFailed` so that it never imports this module back.
    """
    module = importlib.import_module("jjdesk.gui.selfcheck")
    try:
        return str(getattr(module, name)(*args))
    except module.CheckFailed as exc:
        raise CheckFailed(str(exc)) from exc


def _database(profile_dir: Path | None) -> str:
    """The app core starts on a fresh profile: database created, every migration applied."""
    from jjdesk.app import build_app
    from jjdesk.profile import Profile
    from jjdesk.store.migrations import MIGRATIONS

    with tempfile.TemporaryDirectory(prefix="jjdesk-selftest-") as tmp:
        root = profile_dir if profile_dir is not None else Path(tmp) / "profile"
        try:
            app = build_app(Profile(root), SecretStore())
        except OSError as exc:
            raise CheckFailed(f"cannot create the profile in {root}: {exc}") from exc
        try:
            version = app.store.db.schema_version()
            integrations = len(app.integrations)
            app.start(first_run_delay=timedelta(hours=1))  # the scheduler starts; nothing runs
        finally:
            app.shutdown()
    if version != len(MIGRATIONS):
        raise CheckFailed(f"schema version {version}, expected {len(MIGRATIONS)}")
    return (
        f"schema version {version} (all migrations applied), scheduler started, "
        f"{integrations} integrations"
    )


def _modules(packages: Sequence[str]) -> str:
    """Every connector, simulator and GUI module imports: what freezing lost shows up here."""
    errors: list[str] = []
    counts: list[str] = []
    for package_name in packages:
        try:
            package = importlib.import_module(package_name)
        except Exception as exc:
            errors.append(f"{package_name}: {_describe(exc)}")
            continue
        names = [
            info.name
            for info in pkgutil.walk_packages(
                package.__path__, package_name + ".", onerror=lambda name: errors.append(name)
            )
        ]
        if not names:
            raise CheckFailed(f"no modules found in {package_name} (incomplete bundle)")
        for name in names:
            try:
                importlib.import_module(name)
            except Exception as exc:
                errors.append(f"{name}: {_describe(exc)}")
        counts.append(f"{package_name} {len(names)}")
    if errors:
        raise CheckFailed("cannot import " + "; ".join(errors))
    return "imported " + ", ".join(counts)


def _keyring(secrets: SecretStore, chosen: bool) -> Result:
    """A secret written, read back and deleted; no backend at all is reported, not failed.

    `chosen` says the backend was picked on purpose (by the caller or by
    PYTHON_KEYRING_BACKEND); otherwise an in-process keyring means keyring found nothing
    better and the merchant's credentials would be gone after a restart.
    """
    plugins = importlib.metadata.entry_points(group="keyring.backends")
    if not plugins:
        raise CheckFailed("keyring's backend entry points are missing (metadata not bundled)")
    try:
        secrets.round_trip()
        name = secrets.backend_name()
        in_process = isinstance(secrets.backend, MemoryKeyring)
    except SecretsUnavailable as exc:
        return Result(
            "keyring",
            Status.UNAVAILABLE,
            f"no keyring backend available: {_describe(exc)} "
            f"(credentials cannot be saved on this machine; {_unusable(plugins)})",
        )
    if in_process and not chosen:
        return Result(
            "keyring",
            Status.UNAVAILABLE,
            f"no keyring backend available: only the in-process {name} answered, "
            f"which forgets credentials when jjdesk exits ({_unusable(plugins)})",
        )
    kept = " (in-process, chosen for this run)" if in_process else ""
    return Result("keyring", Status.OK, f"secret round-trip via {name}{kept}")


def _unusable(plugins: importlib.metadata.EntryPoints) -> str:
    """Why each backend keyring knows of declined (proves the bundle found them at all)."""
    reasons = []
    for plugin in sorted(plugins, key=lambda p: p.name):
        try:
            backend = getattr(plugin.load(), "Keyring", None)
            if backend is None:
                continue
            backend.priority  # noqa: B018  (keyring raises here when a backend cannot work)
            reasons.append(f"{plugin.name}: usable")
        except Exception as exc:
            reasons.append(f"{plugin.name}: {str(exc)[:120]}")
    return "; ".join(reasons)
