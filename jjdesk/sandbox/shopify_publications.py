"""Sales channels of the simulated shop: publications, and which products are published where.

As on Shopify, a product created through the Admin API is published nowhere, whatever
its status; `publishablePublish` and `publishableUnpublish` change that per publication,
and both need the `write_publications` access scope (reading them `read_publications`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError

View = dict[str, Any]
Connection = Callable[[Sequence[Any], Mapping[str, Any]], View]

ALL_SCOPES = frozenset(
    {
        "read_products",
        "write_products",
        "read_inventory",
        "write_inventory",
        "read_locations",
        "read_orders",
        "read_publications",
        "write_publications",
        "read_merchant_managed_fulfillment_orders",
        "write_merchant_managed_fulfillment_orders",
    }
)
DEFAULT_CHANNELS = ("Online Store", "Point of Sale", "Shop", "Google & YouTube")
EPOCH = "1970-01-01T00:00:00Z"


@dataclass(slots=True)
class PublicationRec:
    """One publication (the sales channel it belongs to shows its products)."""

    id: str
    title: str
    online_store: bool  # only online stores support publishing at a future date

    def view(self) -> View:
        return {
            "id": self.id,
            "name": self.title,
            "autoPublish": False,
            "supportsFuturePublishing": self.online_store,
            "catalog": {
                "__typename": "AppCatalog",
                "id": self.id.replace("Publication", "AppCatalog"),
                "status": "ACTIVE",
                "title": self.title,
            },
        }


@dataclass(slots=True)
class Publications:
    """The shop's publications and the access scopes the app was granted."""

    next_id: Callable[[], int]
    scopes: set[str] = field(default_factory=lambda: set(ALL_SCOPES))
    items: list[PublicationRec] = field(default_factory=list)

    def __post_init__(self) -> None:
        for title in DEFAULT_CHANNELS:
            self.add(title, online_store=title == "Online Store")

    def add(self, title: str, *, online_store: bool = False) -> str:
        """A new sales channel; returns its publication GID."""
        rec = PublicationRec(f"gid://shopify/Publication/{self.next_id()}", title, online_store)
        self.items.append(rec)
        return rec.id

    def remove(self, title: str) -> None:
        """The merchant uninstalled a sales channel."""
        self.items = [p for p in self.items if p.title != title]

    def by_id(self, gid: str) -> PublicationRec | None:
        return next((p for p in self.items if p.id == gid), None)

    def require(self, scope: str, field_name: str) -> None:
        """Shopify's ACCESS_DENIED for a field the app has no scope for."""
        granted = scope in self.scopes or scope.replace("read_", "write_") in self.scopes
        if not granted:
            raise GraphQLError(
                f"Access denied for {field_name} field. Required access: `{scope}` access scope.",
                extensions={
                    "code": "ACCESS_DENIED",
                    "documentation": "https://shopify.dev/api/usage/access-scopes",
                    "requiredAccess": f"`{scope}` access scope.",
                },
            )

    def query(self, connection: Connection, args: Mapping[str, Any]) -> View:
        """`publications(catalogType:, first:, …)`: every publication is an app catalog's."""
        self.require("read_publications", "publications")
        shown = self.items if args.get("catalogType") in (None, "APP") else []
        return connection([p.view() for p in shown], args)

    def installation(self) -> View:
        """`currentAppInstallation` with the granted scopes."""
        return {
            "id": "gid://shopify/AppInstallation/1",
            "accessScopes": [
                {"handle": s, "description": s.replace("_", " ")} for s in sorted(self.scopes)
            ],
        }

    def change(
        self,
        published: dict[str, str] | None,
        inputs: Sequence[Mapping[str, Any]],
        *,
        publish: bool,
        now: str,
        shop: View,
    ) -> View:
        """Publish or unpublish one resource (`published`: its publication → date)."""
        name = "publishablePublish" if publish else "publishableUnpublish"
        self.require("write_publications", name)
        if published is None:
            return {"shop": shop, "userErrors": [{"field": ["id"], "message": "Not Found"}]}
        errors: list[View] = []
        wanted: list[str] = []
        for i, item in enumerate(inputs):
            gid = item.get("publicationId") or item.get("channelId") or ""
            if self.by_id(gid) is None:
                errors.append(
                    {
                        "field": ["input", str(i), "publicationId"],
                        "message": "Publication does not exist",
                    }
                )
            else:
                wanted.append(gid)
        if errors:
            return {"shop": shop, "userErrors": errors}
        for gid in wanted:
            if publish:
                published.setdefault(gid, now)
            else:
                published.pop(gid, None)
        return {"shop": shop, "userErrors": []}

    def resource_views(
        self, published: Mapping[str, str], connection: Connection
    ) -> tuple[Callable[..., bool], Callable[..., View]]:
        """`publishedOnPublication` and `resourcePublications` of one product."""

        def on_publication(info: Any, publicationId: str) -> bool:
            self.require("read_publications", "publishedOnPublication")
            return publicationId in published

        def resource_publications(info: Any, **args: Any) -> View:
            self.require("read_publications", "resourcePublications")
            views = [
                {
                    "isPublished": p.id in published,
                    "publication": p.view(),
                    "publishDate": published.get(p.id, EPOCH),
                }
                for p in self.items
                if p.id in published or args.get("onlyPublished") is False
            ]
            return connection(views, args)

        return on_publication, resource_publications
