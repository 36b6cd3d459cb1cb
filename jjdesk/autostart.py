"""Start jjdesk at login: a setting in the GUI, off by default.

Each platform has its own switch: the Windows `Run` key of the current user, a macOS
LaunchAgent and a Linux XDG autostart entry. Nothing here needs administrator rights and
switching off removes exactly what switching on wrote. The pieces that decide *what* is
written are pure functions, so they can be checked on any OS.
"""

from __future__ import annotations

import os
import plistlib
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

APP_NAME = "jjdesk"
BUNDLE_ID = "de.jjdesk.jjdesk"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"

# GNOME honours the delay key; other desktops ignore it, so Exec also waits: the tray icon
# only appears if the panel's tray host is up when jjdesk starts.
DESKTOP_DELAY_SECONDS = 10
EXEC_WAIT_SECONDS = 5


def launch_command(executable: str, frozen: bool, platform: str) -> list[str]:
    """How to start the desktop app: the bundle's own executable, or Python with `-m jjdesk`.

    Unfrozen on Windows we prefer pythonw.exe so no console window opens at login.
    """
    if frozen:
        return [executable]
    if platform == "win32":
        exe = Path(executable)
        pythonw = exe.with_name("pythonw.exe")
        if exe.name.lower() == "python.exe" and pythonw.exists():
            executable = str(pythonw)
    return [executable, "-m", "jjdesk", "gui"]


def current_command() -> list[str]:
    """The launch command of the running installation."""
    return launch_command(sys.executable, bool(getattr(sys, "frozen", False)), sys.platform)


def windows_run_value(command: list[str]) -> str:
    """The command line stored in the Run key (quoted the way Windows parses it)."""
    return subprocess.list2cmdline(command)


def launch_agent_plist(command: list[str]) -> dict[str, Any]:
    """A LaunchAgent that starts jjdesk once at login in the user's GUI session."""
    return {
        "Label": BUNDLE_ID,
        "ProgramArguments": command,
        "RunAtLoad": True,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }


def launch_agent_path(home: Path) -> Path:
    """Where the per-user LaunchAgent lives."""
    return home / "Library" / "LaunchAgents" / f"{BUNDLE_ID}.plist"


def _desktop_arg(arg: str) -> str:
    """Quote one Exec argument as the Desktop Entry spec asks (then escape for the value)."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    if arg and not reserved.intersection(arg):
        quoted = arg
    else:
        inner = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
        quoted = f'"{inner}"'
    return quoted.replace("\\", "\\\\").replace("%", "%%")


def desktop_entry(command: list[str]) -> str:
    """The XDG autostart file: waits a little, then starts jjdesk."""
    script = f"sleep {EXEC_WAIT_SECONDS}; exec {shlex.join(command)}"
    exec_line = " ".join(_desktop_arg(a) for a in ["/bin/sh", "-c", script])
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Comment=Keeps Afterbuy and the sales channels in sync\n"
        f"Exec={exec_line}\n"
        "Icon=jjdesk\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
        f"X-GNOME-Autostart-Delay={DESKTOP_DELAY_SECONDS}\n"
    )


def desktop_entry_path(environ: Mapping[str, str], home: Path) -> Path:
    """`$XDG_CONFIG_HOME/autostart/jjdesk.desktop` (default `~/.config`)."""
    config = environ.get("XDG_CONFIG_HOME") or str(home / ".config")
    return Path(config) / "autostart" / f"{APP_NAME}.desktop"


def _file_path() -> Path:
    home = Path.home()
    if sys.platform == "darwin":
        return launch_agent_path(home)
    return desktop_entry_path(os.environ, home)


def is_enabled() -> bool:
    """Whether jjdesk starts at login for the current user."""
    if sys.platform == "win32":
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.QueryValueEx(key, APP_NAME)
        except FileNotFoundError:
            return False
        return True
    return _file_path().is_file()


def set_enabled(enabled: bool) -> None:
    """Switch start at login on (pointing at this installation) or off."""
    if sys.platform == "win32":
        import winreg

        if enabled:
            with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value = windows_run_value(current_command())
                winreg.SetValueEx(key, APP_NAME, 0, winreg.REG_SZ, value)
            return
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, APP_NAME)
        except FileNotFoundError:
            pass
        return
    path = _file_path()
    if not enabled:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform == "darwin":
        path.write_bytes(plistlib.dumps(launch_agent_plist(current_command())))
    else:
        path.write_text(desktop_entry(current_command()), encoding="utf-8")
