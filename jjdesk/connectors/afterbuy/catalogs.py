"""Codec for GetShopCatalogs: the flat list Afterbuy sends → the tree with full paths."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from jjdesk.connectors.afterbuy.errors import AfterbuyMessage, AfterbuyProtocolError
from jjdesk.connectors.afterbuy.wire import (
    child_text,
    children_named,
    find_child,
    messages,
    parse_bool,
    parse_document,
)
from jjdesk.domain.models import Catalog

_ROOT_PARENTS = frozenset({"", "0", "-1"})


@dataclass(frozen=True, slots=True)
class RawCatalog:
    """A catalogue node as Afterbuy lists it (parent by ID, no path yet)."""

    catalog_id: str
    name: str
    parent_id: str | None
    position: int


@dataclass(slots=True)
class CatalogPage:
    """One GetShopCatalogs answer."""

    call_status: str
    catalogs: list[RawCatalog] = field(default_factory=list)
    has_more: bool = False
    last_catalog_id: str = ""
    errors: list[AfterbuyMessage] = field(default_factory=list)


def parse_catalogs(data: bytes) -> CatalogPage:
    """Read a GetShopCatalogs answer (Afterbuy spells the parent `ParnetID`; both work)."""
    try:
        root = parse_document(data)
    except etree.XMLSyntaxError as exc:
        raise AfterbuyProtocolError("GetShopCatalogs") from exc
    result = find_child(root, "Result")
    page = CatalogPage(
        call_status=child_text(root, "CallStatus"),
        has_more=parse_bool(child_text(result, "HasMoreCatalogs")) is True,
        last_catalog_id=child_text(result, "LastCatalogID"),
        errors=messages(result, "Error"),
    )
    for node in children_named(find_child(result, "Catalogs"), "Catalog"):
        parent = child_text(node, "ParnetID") or child_text(node, "ParentID")
        position = child_text(node, "Position")
        page.catalogs.append(
            RawCatalog(
                catalog_id=child_text(node, "CatalogID"),
                name=child_text(node, "Name"),
                parent_id=None if parent in _ROOT_PARENTS else parent,
                position=int(position) if position.lstrip("-").isdigit() else 0,
            )
        )
    return page


def build_tree(raw: Iterable[RawCatalog]) -> list[Catalog]:
    """Catalogues with their full name paths, parents before children.

    A node whose parent is unknown (or a loop) is treated as a root, so a broken tree still
    gives every node a usable path.
    """
    nodes = {c.catalog_id: c for c in raw}
    paths: dict[str, tuple[str, ...]] = {}

    def path_of(catalog_id: str) -> tuple[str, ...]:
        chain: list[RawCatalog] = []
        current: str | None = catalog_id
        visited: set[str] = set()
        while current is not None and current in nodes and current not in visited:
            if current in paths:
                break
            visited.add(current)
            chain.append(nodes[current])
            current = nodes[current].parent_id
        prefix = paths.get(current, ()) if current is not None else ()
        for node in reversed(chain):
            prefix = (*prefix, node.name)
            paths[node.catalog_id] = prefix
        return paths[catalog_id]

    ordered = sorted(nodes.values(), key=lambda c: (len(path_of(c.catalog_id)), c.position))
    return [
        Catalog(
            c.catalog_id,
            c.name,
            c.parent_id if c.parent_id in nodes else None,
            paths[c.catalog_id],
        )
        for c in ordered
    ]
