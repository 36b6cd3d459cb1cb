"""The Tradebyte entry's bad inputs."""

from __future__ import annotations

from tests.harness.registry import BadInput

CASES: tuple[BadInput, ...] = ()
