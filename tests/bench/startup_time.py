"""Time from launch to a visible jjdesk window: the frozen bundle vs `python -m jjdesk`.

A script, not a test: it prints figures for the packaging note. Both candidates run on the
same machine in the same run, under a private Xvfb display (with `trayer` as tray host when
installed, so the tray icon has somewhere to go), each with a throw-away profile and the
in-process keyring. The clock stops when xdotool first sees a visible window named jjdesk.

    python tests/bench/startup_time.py --frozen /path/to/dist/jjdesk [--runs 5]

Needs Xvfb and xdotool (apt-get install -y xvfb xdotool; trayer optional).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DISPLAY = ":97"
TIMEOUT = 60.0


@contextmanager
def display() -> Iterator[dict[str, str]]:
    """A private X display (and tray host if available) for the whole run."""
    helpers = [
        subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
    ]
    env = {**os.environ, "DISPLAY": DISPLAY}
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(
            ["xdotool", "getdisplaygeometry"], env=env, capture_output=True
        ).returncode:
            if time.monotonic() > deadline:
                raise RuntimeError(f"Xvfb on {DISPLAY} did not come up")
            time.sleep(0.1)
        if shutil.which("trayer"):
            helpers.append(subprocess.Popen(["trayer"], env=env, stderr=subprocess.DEVNULL))
            time.sleep(0.5)
        yield env
    finally:
        for helper in reversed(helpers):
            helper.terminate()
            helper.wait(timeout=10)


def time_to_window(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting `command` until a visible window named jjdesk exists."""
    with tempfile.TemporaryDirectory(prefix="jjdesk-bench-") as profile:
        run_env = {
            **env,
            "QT_QPA_PLATFORM": "xcb",
            "PYTHON_KEYRING_BACKEND": "jjdesk.secrets.MemoryKeyring",
            "HOME": profile,
        }
        start = time.perf_counter()
        process = subprocess.Popen(
            [*command, "--profile", str(Path(profile) / "p"), "gui"],
            env=run_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            while time.perf_counter() - start < TIMEOUT:
                found = subprocess.run(
                    ["xdotool", "search", "--onlyvisible", "--name", "jjdesk"],
                    env=env,
                    capture_output=True,
                )
                if found.returncode == 0 and found.stdout.strip():
                    return time.perf_counter() - start
                if process.poll() is not None:
                    err = process.stderr.read().decode(errors="replace") if process.stderr else ""
                    raise RuntimeError(f"{command[0]} exited with {process.returncode}: {err}")
                time.sleep(0.02)
            raise RuntimeError(f"no jjdesk window after {TIMEOUT:.0f} s")
        finally:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def measure(name: str, command: list[str], env: dict[str, str], runs: int) -> list[float]:
    """One warm-up start (disk cache), then `runs` timed starts."""
    time_to_window(command, env)
    times = [time_to_window(command, env) for _ in range(runs)]
    print(
        f"{name:<28} median {statistics.median(times):5.2f} s  "
        f"min {min(times):5.2f} s  max {max(times):5.2f} s  ({runs} runs)",
        flush=True,
    )
    return times


def main() -> int:
    """Measure both candidates and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frozen", type=Path, required=True, help="the onedir (dist/jjdesk)")
    parser.add_argument("--python", default=sys.executable, help="interpreter with jjdesk")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with display() as env:
        frozen = measure("frozen (onedir)", [str(args.frozen / "jjdesk")], env, args.runs)
        source = measure("python -m jjdesk", [args.python, "-m", "jjdesk"], env, args.runs)
    ratio = statistics.median(frozen) / statistics.median(source)
    print(f"frozen/python median ratio {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
