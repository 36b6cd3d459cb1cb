"""Regenerate the German translation: `python -m jjdesk.gui.translations`.

Runs pyside6-lupdate over jjdesk/gui/*.py (new source strings are added to jjdesk_de.ts,
existing translations kept), then pyside6-lrelease to compile jjdesk_de.qm. Translate
the new entries in jjdesk_de.ts (Qt Linguist or any editor) and run it again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from jjdesk.gui.resources import TRANSLATIONS

GUI = Path(__file__).resolve().parent
TS = TRANSLATIONS / "jjdesk_de.ts"
QM = TRANSLATIONS / "jjdesk_de.qm"


def _tool(name: str) -> str:
    """A PySide6 tool next to this Python, or on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found; install PySide6-Essentials")
    return found


def sources() -> list[Path]:
    """The GUI modules whose tr() strings are translated."""
    return sorted(GUI.glob("*.py"))


def main() -> int:
    """Update the .ts from the sources, then compile the .qm."""
    lupdate = [_tool("pyside6-lupdate"), *map(str, sources())]
    subprocess.run([*lupdate, "-no-obsolete", "-locations", "none", "-ts", str(TS)], check=True)
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
