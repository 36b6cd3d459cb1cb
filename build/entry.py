"""Entry point of the frozen executables (PyInstaller runs this file, not `jjdesk.cli`).

Both executables share one bundle and this one script. `jjdesk` is the windowed app (no
arguments: the tray GUI). `jjdesk-console` is its twin for support: the same command line,
but with logging to the console switched on so a merchant can copy what happened.
"""

import sys
from pathlib import Path

from jjdesk.cli import main

if __name__ == "__main__":
    args = sys.argv[1:]
    if Path(sys.executable).stem.lower() == "jjdesk-console":
        args = ["--verbose", *args]
    sys.exit(main(args))
