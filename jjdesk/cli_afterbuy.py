"""`jjdesk afterbuy …` support commands: look at products and orders as jjdesk reads them.

Output carries product data and order IDs/shipments only; buyer data is never printed.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import TextIO

from jjdesk.connectors.afterbuy import AfterbuyClient
from jjdesk.domain.models import Product, ShipmentInfo, Unreadable


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the `products` and `orders` sub-commands."""
    commands = parser.add_subparsers(dest="afterbuy_command", required=True)
    products = commands.add_parser("products", help="show products as jjdesk reads them")
    products.add_argument(
        "--changed-since",
        type=_moment,
        metavar="T",
        help="only products changed since T (ISO 8601 or dd.mm.yyyy hh:mm:ss, local time)",
    )
    products.add_argument("--id", nargs="+", default=[], metavar="ID", help="ProductIDs")
    products.add_argument("--format", choices=("table", "json"), default="table")
    orders = commands.add_parser("orders", help="show shipment data and tags of orders")
    orders.add_argument("--id", nargs="+", required=True, metavar="ID", help="Afterbuy OrderIDs")


def run(args: argparse.Namespace, client: AfterbuyClient, out: TextIO) -> int:
    """Execute the chosen sub-command; returns the exit code."""
    if args.afterbuy_command == "products":
        if args.id:
            items = client.products_by_id(args.id)
        else:
            items = client.changed_products(args.changed_since)
        unreadable: list[Unreadable] = []
        products = _readable(items, unreadable)
        if args.format == "json":
            for product in products:
                out.write(json.dumps(product_json(product), ensure_ascii=False) + "\n")
        else:
            _table(products, out)
        for item in unreadable:
            out.write(f"! {item.kind} {item.key}: {item.message}\n")
        return 1 if unreadable else 0
    shipments = client.shipments(args.id)
    for order_id in args.id:
        shipment = shipments.get(order_id)
        out.write(_shipment_line(order_id, shipment) + "\n")
    return 0 if len(shipments) == len(set(args.id)) else 1


def _readable(
    items: Iterable[Product | Unreadable], unreadable: list[Unreadable]
) -> Iterator[Product]:
    """The products of a stream; what could not be read is set aside for the summary."""
    for item in items:
        if isinstance(item, Unreadable):
            unreadable.append(item)
        else:
            yield item


def product_json(product: Product) -> dict[str, object]:
    """A product with its variants as plain JSON data (Decimals and times as strings)."""
    data: dict[str, object] = {}
    for name in product.__dataclass_fields__:
        value = getattr(product, name)
        if name == "variants":
            data[name] = [product_json(v) for v in value]
        else:
            data[name] = _plain(value)
    return data


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__}
    if hasattr(value, "value") and not isinstance(value, str | int):
        return value.value
    return value


def _table(products: Iterable[Product], out: TextIO) -> None:
    out.write(f"{'ProductID':<12} {'kind':<17} {'level':>5} {'qty':>6} {'price':>10}  name\n")
    for product in products:
        _row(product, out, "")
        for variant in product.variants:
            options = ", ".join(f"{o.name}={o.value}" for o in variant.options)
            _row(variant, out, f"  └ {options}  ")


def _row(product: Product, out: TextIO, prefix: str) -> None:
    level = "" if product.level is None else str(product.level)
    qty = "" if product.quantity is None else str(product.quantity)
    price = "" if product.selling_price is None else f"{product.selling_price:.2f}"
    out.write(
        f"{product.product_id:<12} {product.kind.value:<17} {level:>5} {qty:>6} {price:>10}  "
        f"{prefix}{product.name}\n"
    )


def _shipment_line(order_id: str, shipment: ShipmentInfo | None) -> str:
    if shipment is None:
        return f"{order_id}: not found"
    shipped = shipment.shipped_at.isoformat() if shipment.shipped_at else "-"
    return (
        f"{order_id}: method={shipment.shipping_method or '-'} "
        f"tracking={shipment.tracking_number or '-'} link={shipment.tracking_url or '-'} "
        f"shipped={shipped} tags={','.join(shipment.tags) or '-'} "
        f"complete={'yes' if shipment.complete else 'no'}"
    )


def _moment(text: str) -> datetime:
    """ISO 8601 (UTC if no offset) or German "dd.mm.yyyy hh:mm:ss" (Berlin time)."""
    from jjdesk.connectors.afterbuy.formats import parse_german_local

    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        local = parse_german_local(text)
        if local is None:
            raise argparse.ArgumentTypeError(f"not a time: {text}") from None
        return local
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
