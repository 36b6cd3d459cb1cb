"""No import cycles between jjdesk's modules, and every module imports on its own.

The graph counts every import: at module level, under TYPE_CHECKING, inside functions and
`importlib.import_module("…")` with a literal name, so a cycle hidden behind a lazy import
is found too (app ↔ integrations, cli ↔ selftest ↔ gui.selfcheck were such cycles).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import jjdesk

PACKAGE = Path(jjdesk.__file__).resolve().parent
ROOT = PACKAGE.parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _owner(name: str, modules: dict[str, Path]) -> str:
    """The module a dotted name lives in (`jjdesk.app.App` → `jjdesk.app`)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        found.update(_owner(n, modules) for n in names if n.startswith("jjdesk"))
    return found - {""}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in graph[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in graph:
        if module not in index:
            visit(module)
    return groups


def test_no_module_of_jjdesk_imports_itself_through_others() -> None:
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    assert len(graph) > 50  # the scan sees the whole package
    assert "jjdesk.app" in graph["jjdesk.cli"]  # and follows the imports it should
    assert _cycles(graph) == []


def test_integrations_see_only_the_services_protocol_not_the_app() -> None:
    modules = _modules()
    for name, path in modules.items():
        if name.startswith("jjdesk.integrations"):
            assert "jjdesk.app" not in _imports(path, modules), name


FRESH = textwrap.dedent(
    """
    import importlib, sys
    failed = []
    for name in sys.argv[1:]:
        for loaded in [m for m in sys.modules if m == "jjdesk" or m.startswith("jjdesk.")]:
            del sys.modules[loaded]
        try:
            importlib.import_module(name)
        except Exception as exc:
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
    print("\\n".join(failed))
    """
)


def test_every_module_imports_first_in_a_fresh_interpreter() -> None:
    names = sorted(n for n in _modules() if not n.endswith("__main__"))
    done = subprocess.run(
        [sys.executable, "-c", FRESH, *names],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
