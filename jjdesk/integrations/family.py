"""The members of integration families (custom shops): made from settings, added, removed.

The app keeps them beside the shipped integrations in its `integrations` and
`connections`, so everything else sees an ordinary integration. Adding a member
persists it at once; removing one switches it off, drops its settings and secrets.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from typing import Protocol

from jjdesk import i18n
from jjdesk.errors import ConfigFailure, SecretsUnavailable
from jjdesk.integrations.base import (
    ConnectionSpec,
    FamilyMember,
    Integration,
    IntegrationFamily,
    members_of,
    members_text,
)
from jjdesk.secrets import SecretStore
from jjdesk.store import Store


class Host(Protocol):
    """What the members need of the app that holds them (`jjdesk.app.App`)."""

    store: Store
    secrets: SecretStore
    integrations: dict[str, Integration]
    connections: dict[str, ConnectionSpec]

    def is_enabled(self, integration: str) -> bool:
        """Whether an integration's flows are scheduled."""
        ...

    def set_enabled(self, integration: str, enabled: bool) -> None:
        """Switch an integration on or off."""
        ...


MAX_SLUG = 24

i18n.register(
    {
        "family.bad_name": {"de": "Ungültiger Name", "en": "Invalid name"},
        "family.bad_name.msg": {
            "de": "„{name}“: bitte einen Namen mit Buchstaben oder Ziffern angeben.",
            "en": "“{name}”: please give a name with letters or digits.",
        },
        "family.taken": {
            "de": "„{name}“ gibt es schon (Schlüssel „{key}“); bitte einen anderen Namen wählen.",
            "en": "“{name}” exists already (key “{key}”); please choose another name.",
        },
        "family.unknown": {
            "de": "„{key}“ ist kein hinzugefügter Shop; vorhanden: {keys}",
            "en": "“{key}” is no shop that was added; there are: {keys}",
        },
        "family.unknown_family": {
            "de": "Unbekannte Art „{key}“",
            "en": "Unknown kind “{key}”",
        },
    }
)


def slug_of(name: str) -> str:
    """A key part from a name: ASCII letters, digits, dashes ("Mein Shop" → "mein-shop")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:MAX_SLUG].strip("-")


class FamilyMembers:
    """The families an app knows and the members it made of them."""

    def __init__(self, app: Host, families: list[IntegrationFamily]) -> None:
        self._app = app
        self.families = {f.key: f for f in families}
        self._of: dict[str, str] = {}  # member key → family key
        for family in families:
            for member in self.members(family.key):
                self._register(family, member)

    def members(self, family: str) -> list[FamilyMember]:
        """A family's members as saved."""
        spec = self._family(family)
        return members_of(self._app.store.settings.get(spec.members_setting))

    def family_of(self, key: str) -> IntegrationFamily | None:
        """The family an integration belongs to, if it is a member."""
        found = self._of.get(key)
        return self.families[found] if found else None

    def add(self, family: str, name: str, slug: str = "") -> Integration:
        """Make, register and save a new member; `ConfigFailure` for a name taken or empty."""
        spec = self._family(family)
        name = name.strip()
        slug = slug_of(slug or name)
        if not name or not slug:
            raise ConfigFailure(
                i18n.text("family.bad_name"), i18n.text("family.bad_name.msg", name=name)
            )
        member = FamilyMember(slug, name)
        integration, _ = spec.make(member)
        prefixes = {i.order_prefix for i in self._app.integrations.values() if i.order_prefix}
        if (
            integration.key in self._app.integrations
            or integration.key in self._app.connections
            or integration.order_prefix in prefixes
        ):
            raise ConfigFailure(
                i18n.text("family.bad_name"),
                i18n.text("family.taken", name=name, key=integration.key),
            )
        self._save(spec, [*self.members(family), member])
        return self._register(spec, member)

    def adopt(self, family: str, member: FamilyMember) -> Integration:
        """Register a member without saving it (`config import` checks before it saves)."""
        spec = self._family(family)
        return self._register(spec, member)

    def keep(self, family: str, member: FamilyMember) -> None:
        """Save an adopted member (the import's change, applied with the rest)."""
        spec = self._family(family)
        known = self.members(family)
        if all(m.slug != member.slug for m in known):
            self._save(spec, [*known, member])

    def drop(self, key: str) -> None:
        """Forget an adopted member again (the import was refused)."""
        self._app.integrations.pop(key, None)
        self._app.connections.pop(key, None)
        self._of.pop(key, None)

    def remove(self, key: str) -> None:
        """Switch a member off and forget it with its settings and secrets."""
        family = self.family_of(key)
        if family is None:
            raise ConfigFailure(
                i18n.text("family.bad_name"),
                i18n.text("family.unknown", key=key, keys=", ".join(self._of) or "—"),
            )
        app = self._app
        if app.is_enabled(key):
            app.set_enabled(key, False)
        spec = app.connections[key]
        for field in spec.fields:
            if field.secret:
                with contextlib.suppress(SecretsUnavailable):  # no keyring: nothing kept
                    app.secrets.delete(key, field.name)
        settings = app.store.settings
        with settings.atomic():
            for name in settings.all():
                if name.startswith((f"integration.{key}.", f"connection.{key}.")):
                    settings.delete(name)
            kept = [m for m in self.members(family.key) if family.member_key(m.slug) != key]
            self._save(family, kept)
        self.drop(key)

    def _register(self, family: IntegrationFamily, member: FamilyMember) -> Integration:
        integration, connection = family.make(member)
        self._app.integrations[integration.key] = integration
        self._app.connections[connection.key] = connection
        self._of[integration.key] = family.key
        return integration

    def _save(self, family: IntegrationFamily, members: list[FamilyMember]) -> None:
        self._app.store.settings.set(family.members_setting, members_text(members))

    def _family(self, key: str) -> IntegrationFamily:
        found = self.families.get(key)
        if found is None:
            raise ConfigFailure(
                i18n.text("family.bad_name"), i18n.text("family.unknown_family", key=key)
            )
        return found
