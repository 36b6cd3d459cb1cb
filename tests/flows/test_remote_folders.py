"""Remote folders: the same behaviour from a local folder and from a real SFTP server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jjdesk.connectors.folders import (
    FolderFailure,
    HostKeyChanged,
    HostKeyPin,
    LocalFolder,
    RemoteFolder,
    SftpConfig,
    SftpFolder,
)
from jjdesk.errors import AuthFailure, ConfigFailure
from jjdesk.sandbox.sftp import SftpSimulator


class Pins:
    """Where the pinned fingerprint lives (the settings, in the app)."""

    def __init__(self) -> None:
        self.value: str | None = None

    def pin(self) -> HostKeyPin:
        return HostKeyPin(self.value, self._set)

    def _set(self, fingerprint: str) -> None:
        self.value = fingerprint


@pytest.fixture
def sftp(tmp_path: Path) -> Iterator[SftpSimulator]:
    with SftpSimulator(tmp_path / "server") as server:
        yield server


def _sftp_folder(server: SftpSimulator, pins: Pins, **changes: object) -> SftpFolder:
    values: dict[str, object] = {
        "host": "127.0.0.1",
        "port": server.port,
        "username": server.username,
        "password": server.password,
        "timeout": 10.0,
    }
    values.update(changes)
    return SftpFolder(SftpConfig(**values), pins.pin())  # type: ignore[arg-type]


@pytest.fixture(params=["local", "sftp"])
def folder(
    request: pytest.FixtureRequest, tmp_path: Path, sftp: SftpSimulator
) -> Iterator[tuple[RemoteFolder, Path]]:
    if request.param == "local":
        root = tmp_path / "local"
        root.mkdir()
        yield LocalFolder(root), root
    else:
        remote = _sftp_folder(sftp, Pins())
        yield remote, sftp.root
        remote.close()


def test_write_list_read_move(folder: tuple[RemoteFolder, Path]) -> None:
    remote, root = folder
    remote.write("in/ARTICLE_20261201.csv", "a_nr;a_stock\n1001;5\n".encode("utf-8-sig"))
    remote.write("in/ARTICLE_20261201.csv", b"a_nr;a_stock\n1001;6\n")  # replaces the older one
    (root / "in" / "half.xml.tmp").write_bytes(b"<TBCAT")  # an upload still in progress
    [listed] = remote.list("in")
    assert listed.path == "in/ARTICLE_20261201.csv" and listed.name == "ARTICLE_20261201.csv"
    assert remote.read(listed.path) == b"a_nr;a_stock\n1001;6\n"
    first = remote.move(listed.path, "archive")
    remote.write("in/ARTICLE_20261201.csv", b"again")
    second = remote.move("in/ARTICLE_20261201.csv", "archive")
    assert first == "archive/ARTICLE_20261201.csv"
    assert second == "archive/ARTICLE_20261201-2.csv"  # an archived file is never overwritten
    assert sorted(p.name for p in (root / "archive").iterdir()) == [
        "ARTICLE_20261201-2.csv",
        "ARTICLE_20261201.csv",
    ]
    assert remote.list("missing-folder") == []


def test_a_staged_file_is_invisible_until_published(folder: tuple[RemoteFolder, Path]) -> None:
    remote, root = folder
    remote.stage("in/MESSAGES_20261201_101500.xml", b"<MESSAGES_LIST/>")
    assert remote.list("in") == []
    assert remote.exists("in/MESSAGES_20261201_101500.xml.tmp")
    assert not remote.exists("in/MESSAGES_20261201_101500.xml")
    remote.publish("in/MESSAGES_20261201_101500.xml")
    assert [f.name for f in remote.list("in")] == ["MESSAGES_20261201_101500.xml"]
    assert not remote.exists("in/MESSAGES_20261201_101500.xml.tmp")
    assert (root / "in" / "MESSAGES_20261201_101500.xml").read_bytes() == b"<MESSAGES_LIST/>"


def test_the_sftp_server_tells_a_simulator_what_arrived(sftp: SftpSimulator) -> None:
    arrived: list[str] = []
    sftp.on_upload = arrived.append
    remote = _sftp_folder(sftp, Pins())
    remote.stage("in/ARTICLE_1.csv", b"a_nr,a_stock\n1,2\n")
    assert arrived == []  # a half-written file is nobody's business
    remote.publish("in/ARTICLE_1.csv")
    remote.close()
    assert arrived == ["/in/ARTICLE_1.csv"]


def test_names_outside_the_folder_are_refused(folder: tuple[RemoteFolder, Path]) -> None:
    remote, _ = folder
    with pytest.raises(ConfigFailure):
        remote.write("../outside.csv", b"x")


def test_the_host_key_is_pinned_on_first_connect_and_a_new_one_stops(
    sftp: SftpSimulator,
) -> None:
    pins = Pins()
    first = _sftp_folder(sftp, pins)
    first.list()
    assert first.pinned_now and pins.value == sftp.host_key_fingerprint
    first.close()
    again = _sftp_folder(sftp, pins)
    again.list()
    assert not again.pinned_now
    again.close()
    sftp.new_host_key()
    impostor = _sftp_folder(sftp, pins)
    with pytest.raises(HostKeyChanged) as caught:
        impostor.list()
    assert pins.value in caught.value.message and sftp.host_key_fingerprint in caught.value.message
    assert pins.value != sftp.host_key_fingerprint  # never accepted silently


def test_a_wrong_password_is_an_auth_failure(sftp: SftpSimulator) -> None:
    with pytest.raises(AuthFailure):
        _sftp_folder(sftp, Pins(), password="wrong").list()


def test_a_dropped_upload_leaves_no_file_under_its_final_name(sftp: SftpSimulator) -> None:
    remote = _sftp_folder(sftp, Pins())
    sftp.faults.drop_after_bytes = 40_000
    with pytest.raises(FolderFailure):
        remote.write("in/ARTICLE_big.csv", b"x" * 200_000)
    assert not (sftp.root / "in" / "ARTICLE_big.csv").exists()
    remote.close()
    retry = _sftp_folder(sftp, Pins())
    retry.write("in/ARTICLE_big.csv", b"x" * 200_000)  # the next run writes it whole
    assert (sftp.root / "in" / "ARTICLE_big.csv").stat().st_size == 200_000
    retry.close()


def test_permission_denied_and_full_disk_are_failures_in_words(sftp: SftpSimulator) -> None:
    remote = _sftp_folder(sftp, Pins())
    sftp.faults.deny_writes_below = {"in"}
    with pytest.raises(FolderFailure) as denied:
        remote.write("in/x.csv", b"x")
    assert "Permission denied" in denied.value.message
    sftp.faults.deny_writes_below = set()
    sftp.faults.disk_full = True
    with pytest.raises(FolderFailure) as full:
        remote.write("in/y.csv", b"y")
    assert "space" in full.value.message.casefold()
    remote.close()
