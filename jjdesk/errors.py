"""Exceptions that carry words for people: a title and a message, already translated.

Two families matter to the flow runner: an `ItemProblem` concerns one product or order
(record it, go on); a `SystemFailure` concerns the whole system (fail the run).
"""

from __future__ import annotations

from jjdesk import i18n
from jjdesk.domain.models import Retry


class JJDeskError(Exception):
    """Base class; `title` and `message` are shown to the merchant as they are."""

    def __init__(self, title: str, message: str = "", hint: str = "") -> None:
        super().__init__(f"{title}: {message}" if message else title)
        self.title = title
        self.message = message
        self.hint = hint


class SystemFailure(JJDeskError):
    """The whole system is unusable for this run (network, auth, configuration)."""


class NetworkFailure(SystemFailure):
    """The remote system cannot be reached or keeps failing."""

    @classmethod
    def unreachable(cls, system: str, detail: str) -> NetworkFailure:
        """No connection at all (DNS, refused, timeout after retries)."""
        return cls(
            i18n.text("net.unreachable", system=system),
            i18n.text("net.unreachable.msg", system=system, detail=detail),
        )

    @classmethod
    def http_status(cls, system: str, status: int) -> NetworkFailure:
        """The server kept answering with an HTTP error status."""
        return cls(
            i18n.text("net.http_error", system=system),
            i18n.text("net.http_error.msg", system=system, status=status),
        )


class AuthFailure(SystemFailure):
    """The credentials were rejected; the GUI opens the connection form for this one."""

    def __init__(self, system: str, connection: str = "", detail: str = "") -> None:
        message = i18n.text("auth.failed.msg", system=system)
        if detail:
            message = f"{message} ({detail})"
        super().__init__(i18n.text("auth.failed", system=system), message)
        self.connection = connection or system.lower()


class ConfigFailure(SystemFailure):
    """A setting is missing or invalid."""


class SecretsUnavailable(SystemFailure):
    """No keyring backend, a locked keyring, or a missing credential."""


class RemoteError(JJDeskError):
    """A remote system reported an error in its own words (code and text kept)."""

    def __init__(self, system: str, code: str, text: str) -> None:
        super().__init__(f"{system}: {text}", text)
        self.system = system
        self.code = code
        self.text = text


class ItemProblem(JJDeskError):
    """One item (product, order) cannot be processed; the others go on.

    `retry` says when the retry queue tries it again: jjdesk's own checks of the data
    (the default) wait for the data to change; a connector marks a remote refusal LATER
    and a passing fault SOON. `label` is the item as the merchant knows it ("#1006")
    where that differs from its id.
    """

    def __init__(
        self,
        item_kind: str,
        item_id: str,
        message: str,
        *,
        field: str = "",
        hint: str = "",
        retry: Retry = Retry.ON_CHANGE,
        label: str = "",
    ) -> None:
        super().__init__(f"{item_kind} {item_id}", message, hint)
        self.item_kind = item_kind
        self.item_id = item_id
        self.field = field
        self.retry = retry
        self.label = label


class OutcomeUnknown(JJDeskError):
    """A request that is not safe to repeat went out, and its answer was lost.

    The remote system may or may not have done the work; the caller must find out (an
    order is looked up with `find_orders`) instead of sending it again blindly.
    """

    def __init__(self, system: str, detail: str) -> None:
        super().__init__(
            i18n.text("net.outcome_unknown", system=system),
            i18n.text("net.outcome_unknown.msg", system=system, detail=detail),
        )
        self.system = system
        self.detail = detail


class Cancelled(Exception):
    """The merchant cancelled the run; raised between pages."""
