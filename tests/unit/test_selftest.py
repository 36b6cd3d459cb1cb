"""`jjdesk --self-test`: passes on a sound installation, names what is broken otherwise."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import keyring.backends.fail
import pytest

from jjdesk.secrets import MemoryKeyring, SecretStore
from jjdesk.selftest import RESOURCES, run_self_test

# The app under test owns a QApplication; the self-test must reuse it, not make its own.
pytestmark = pytest.mark.usefixtures("qapp")

CHECKS = ("runtime", "qt", "database", "translations", "icons", "modules", "keyring")

GERMAN_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context><name>Tray</name>
<message><source>Quit</source><translation>Beenden</translation></message>
</context>
</TS>
"""


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    """A resources folder like the shipped one: the real icons and a German .qm."""
    folder = tmp_path / "resources"
    shutil.copytree(RESOURCES / "icons", folder / "icons")
    translations = folder / "translations"
    translations.mkdir()
    source = tmp_path / "jjdesk_de.ts"
    source.write_text(GERMAN_TS, encoding="utf-8")
    lrelease = shutil.which("pyside6-lrelease") or str(
        Path(sys.executable).with_name("pyside6-lrelease")
    )
    subprocess.run(
        [lrelease, str(source), "-qm", str(translations / "jjdesk_de.qm")],
        check=True,
        capture_output=True,
    )
    return folder


def _run(**seams: object) -> tuple[int, str]:
    out = io.StringIO()
    seams.setdefault("secrets", SecretStore(MemoryKeyring(), environ={}))
    code = run_self_test(out, **seams)  # type: ignore[arg-type]
    return code, out.getvalue()


def _line(output: str, check: str) -> str:
    return next(line for line in output.splitlines() if f"] {check}:" in line)


def test_sound_installation_passes_and_reports_every_check(resources: Path) -> None:
    code, output = _run(resources_dir=resources)

    assert code == 0, output
    for check in CHECKS:
        assert _line(output, check).startswith("[ ok ]"), output
    assert "jjdesk_de.qm" in _line(output, "translations")
    assert "jjdesk.connectors" in _line(output, "modules")
    assert "jjdesk.sandbox" in _line(output, "modules")
    assert "round-trip via jjdesk.secrets.MemoryKeyring" in _line(output, "keyring")
    assert output.rstrip().endswith("self-test passed")


def test_machine_without_keyring_is_reported_clearly_but_passes(resources: Path) -> None:
    no_backend = SecretStore(keyring.backends.fail.Keyring(), environ={})

    code, output = _run(resources_dir=resources, secrets=no_backend)

    assert code == 0, output
    assert _line(output, "keyring").startswith("[ -- ] keyring: no keyring backend available")


def test_profile_that_cannot_be_created_fails_and_names_the_folder(
    resources: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")

    code, output = _run(resources_dir=resources, profile_dir=blocker / "profile")

    assert code == 1
    assert _line(output, "database").startswith("[FAIL]")
    assert str(blocker / "profile") in _line(output, "database")
    assert "self-test FAILED: database" in output


def test_missing_german_translation_fails_and_names_the_file(resources: Path) -> None:
    (resources / "translations" / "jjdesk_de.qm").unlink()

    code, output = _run(resources_dir=resources)

    assert code == 1
    line = _line(output, "translations")
    assert line.startswith("[FAIL]")
    assert "jjdesk_de.qm missing" in line
    assert str(resources / "translations") in line


def test_missing_tray_icon_fails(resources: Path) -> None:
    (resources / "icons" / "tray.png").unlink()

    code, output = _run(resources_dir=resources)

    assert code == 1
    assert "tray.png" in _line(output, "icons")


def test_connector_that_does_not_import_fails_and_names_module_and_cause(
    resources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site" / "selftest_fake_connectors"
    (package / "acme").mkdir(parents=True)
    (package / "__init__.py").touch()
    (package / "acme" / "__init__.py").touch()
    (package / "acme" / "client.py").write_text("VALUE = 1\n")
    (package / "acme" / "codec.py").write_text("import acme_wire_format_lib\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))

    code, output = _run(resources_dir=resources, packages=["selftest_fake_connectors"])

    assert code == 1
    line = _line(output, "modules")
    assert line.startswith("[FAIL]")
    assert "selftest_fake_connectors.acme.codec" in line
    assert "acme_wire_format_lib" in line
    assert "selftest_fake_connectors.acme.client" not in line
