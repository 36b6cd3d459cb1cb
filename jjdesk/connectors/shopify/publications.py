"""Sales channels (publications) and a product's visibility on them.

A product created through the Admin API is published nowhere, even when ACTIVE; buyers
see it only on the publications it is published to. jjdesk publishes an active product
to the merchant's chosen sales channels (the Online Store when none is chosen) and takes
a draft off them, through `publishablePublish` / `publishableUnpublish`; channels the
merchant did not choose are left as they are. Both mutations are safe to repeat (a
product published already stays published), so jjdesk does not read the state first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jjdesk import i18n
from jjdesk.connectors.paging import PageGuard
from jjdesk.connectors.shopify import documents as docs
from jjdesk.connectors.shopify.messages import SYSTEM
from jjdesk.connectors.shopify.product_codec import ONLINE_STORE
from jjdesk.errors import ConfigFailure

Run = Callable[[str, Mapping[str, object]], dict[str, Any]]
ONLINE_STORE_TITLE = "online store"
PAGE = 20  # sales channels per request (a shop has a handful)


@dataclass(frozen=True, slots=True)
class SalesChannel:
    """One publication: its GID and the title the merchant knows it by."""

    id: str
    title: str
    online_store: bool


class SalesChannels:
    """The shop's publications, read once per channel object, and publishing with them."""

    def __init__(self, run: Run) -> None:
        self._run = run
        self._known: list[SalesChannel] | None = None

    def all(self) -> list[SalesChannel]:
        """Every sales channel of the shop, in Shopify's order."""
        if self._known is None:
            nodes: list[Mapping[str, Any]] = []
            guard = PageGuard(SYSTEM)
            after: str | None = None
            while True:
                guard.advance(after)
                page = self._run(docs.PUBLICATIONS, {"first": PAGE, "after": after})["publications"]
                nodes.extend(page["nodes"])
                if not page["pageInfo"]["hasNextPage"]:
                    break
                after = page["pageInfo"]["endCursor"]
            # the catalog's title, as documented; `name` where a publication has no catalog
            titles = [
                str((n.get("catalog") or {}).get("title") or n.get("name") or n["id"])
                for n in nodes
            ]
            named = [t.casefold() == ONLINE_STORE_TITLE for t in titles]
            if not any(named):
                # only online stores can publish at a future date: the shop's storefront
                named = [bool(n.get("supportsFuturePublishing")) for n in nodes]
            self._known = [
                SalesChannel(str(n["id"]), t, online)
                for n, t, online in zip(nodes, titles, named, strict=True)
            ]
        return self._known

    def choices(self) -> list[tuple[str, str]]:
        """(GID, title) of every sales channel, for the merchant to tick."""
        return [(c.id, c.title) for c in self.all()]

    def check(self, chosen: Sequence[str]) -> None:
        """Every chosen channel still exists, or the Online Store does when none is chosen."""
        known = {c.id for c in self.all()}
        gone = [gid for gid in chosen if gid not in known]
        if gone:
            raise ConfigFailure(
                i18n.text("shopify.channels.gone"),
                i18n.text("shopify.channels.gone.msg", ids=", ".join(gone)),
            )
        if not chosen:
            self._online_store()

    def _online_store(self) -> str:
        store = next((c for c in self.all() if c.online_store), None)
        if store is None:
            raise ConfigFailure(
                i18n.text("shopify.channels.no_store"), i18n.text("shopify.channels.no_store.msg")
            )
        return store.id

    def _resolve(self, targets: Sequence[str]) -> list[str]:
        return sorted({self._online_store() if t == ONLINE_STORE else t for t in targets})

    def apply(
        self, product_gid: str, publish: Sequence[str], unpublish: Sequence[str]
    ) -> str | None:
        """Publish a product to / take it off the given channels; Shopify's refusal as
        text, or None when all went through."""
        for document, key, targets in (
            (docs.PUBLISHABLE_PUBLISH, "publishablePublish", publish),
            (docs.PUBLISHABLE_UNPUBLISH, "publishableUnpublish", unpublish),
        ):
            gids = self._resolve(targets)
            if not gids:
                continue
            variables = {"id": product_gid, "input": [{"publicationId": g} for g in gids]}
            errors = self._run(document, variables)[key].get("userErrors") or []
            if errors:
                return "; ".join(str(e.get("message", "")) for e in errors) or "?"
        return None
