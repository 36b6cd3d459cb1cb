"""Start at login: off by default, on writes what the OS reads at login, off removes it."""

from __future__ import annotations

import configparser
import os
import plistlib
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from jjdesk import autostart

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG autostart")


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "autostart" / "jjdesk.desktop"


def _exec_argv(entry_text: str) -> list[str]:
    """The argv a desktop session builds from the Exec key (value escapes, then quoting)."""
    parser = configparser.RawConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(entry_text)
    value = parser["Desktop Entry"]["Exec"].replace("\\\\", "\\").replace("%%", "%")
    argv: list[str] = []
    current: list[str] | None = None
    chars = iter(value)
    for ch in chars:
        if ch == " ":
            if current is not None:
                argv.append("".join(current))
            current = None
            continue
        current = current if current is not None else []
        if ch != '"':
            current.append(ch)
            continue
        for inner in chars:  # a quoted argument: \" \` \$ \\ are the only escapes
            if inner == '"':
                break
            current.append(next(chars) if inner == "\\" else inner)
    if current is not None:
        argv.append("".join(current))
    return argv


@linux_only
def test_off_by_default(xdg: Path) -> None:
    assert autostart.is_enabled() is False


@linux_only
def test_switching_on_and_off_writes_and_removes_the_autostart_entry(xdg: Path) -> None:
    autostart.set_enabled(True)

    assert autostart.is_enabled()
    entry = configparser.RawConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(xdg)
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["X-GNOME-Autostart-Delay"] == "10"
    argv = _exec_argv(xdg.read_text())
    assert argv[:2] == ["/bin/sh", "-c"]
    assert argv[2].startswith("sleep ")
    assert shlex.join([sys.executable, "-m", "jjdesk", "gui"]) in argv[2]

    autostart.set_enabled(False)
    assert not xdg.exists()
    assert autostart.is_enabled() is False
    autostart.set_enabled(False)  # switching off twice is harmless


@linux_only
def test_entry_starts_the_program_even_with_awkward_characters_in_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(autostart, "EXEC_WAIT_SECONDS", 0)
    folder = tmp_path / 'Mein "Programm" $HOME 100%'
    folder.mkdir()
    program = folder / "jjdesk"
    seen = tmp_path / "argv.txt"
    program.write_text(f'#!/bin/sh\nprintf "%s\\n" "$0" "$@" > {shlex.quote(str(seen))}\n')
    program.chmod(0o755)

    argv = _exec_argv(autostart.desktop_entry([str(program), "gui"]))
    subprocess.run(argv, check=True, timeout=10, env={"PATH": os.defpath})

    assert seen.read_text().splitlines() == [str(program), "gui"]


def test_frozen_app_starts_its_own_executable() -> None:
    assert autostart.launch_command(
        "/Applications/jjdesk.app/Contents/MacOS/jjdesk", True, "darwin"
    ) == ["/Applications/jjdesk.app/Contents/MacOS/jjdesk"]


def test_source_install_starts_the_gui_through_python(tmp_path: Path) -> None:
    assert autostart.launch_command("/usr/bin/python3", False, "linux") == [
        "/usr/bin/python3",
        "-m",
        "jjdesk",
        "gui",
    ]


def test_source_install_on_windows_prefers_pythonw_so_no_console_opens(tmp_path: Path) -> None:
    (tmp_path / "python.exe").touch()
    (tmp_path / "pythonw.exe").touch()

    command = autostart.launch_command(str(tmp_path / "python.exe"), False, "win32")

    assert command == [str(tmp_path / "pythonw.exe"), "-m", "jjdesk", "gui"]


def test_windows_run_value_quotes_paths_with_spaces() -> None:
    value = autostart.windows_run_value([r"C:\Program Files\jjdesk\jjdesk.exe"])

    assert value == r'"C:\Program Files\jjdesk\jjdesk.exe"'


def test_launch_agent_runs_at_login_in_the_gui_session() -> None:
    command = ["/Applications/jjdesk.app/Contents/MacOS/jjdesk"]

    plist = plistlib.loads(plistlib.dumps(autostart.launch_agent_plist(command)))

    assert plist["Label"] == autostart.BUNDLE_ID
    assert plist["ProgramArguments"] == command
    assert plist["RunAtLoad"] is True
    assert autostart.launch_agent_path(Path("/Users/anna")) == Path(
        f"/Users/anna/Library/LaunchAgents/{autostart.BUNDLE_ID}.plist"
    )


def test_xdg_config_home_is_honoured_and_defaults_to_dot_config() -> None:
    home = Path("/home/anna")

    assert autostart.desktop_entry_path({}, home) == home / ".config/autostart/jjdesk.desktop"
    assert autostart.desktop_entry_path({"XDG_CONFIG_HOME": "/x"}, home) == Path(
        "/x/autostart/jjdesk.desktop"
    )
