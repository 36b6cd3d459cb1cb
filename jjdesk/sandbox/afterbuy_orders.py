"""Orders of the Afterbuy simulator and their GetSoldItems rendering.

The DetailLevel bits decide what an `<Order>` carries, as documented for GetSoldItems:
order data (with `Memo`, the shop interface's `VMemo`) always, 4 the buyer, 8 the sold
items, 16 the shipping data. A client that does not ask for the buyer never gets names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from jjdesk.sandbox.afterbuy_xml import amount, cdata, el, stamp

DETAIL_BUYER = 4
DETAIL_ITEMS = 8
DETAIL_SHIPPING = 16


@dataclass(slots=True)
class SimPosition:
    """One order position as the shop interface received it."""

    article: str
    title: str
    quantity: int
    price: Decimal
    tax_rate: str = ""


@dataclass(slots=True)
class SimOrder:
    """An order held by the simulator (VID, positions, shipping data, tags)."""

    order_id: int
    vid: str
    positions: list[SimPosition]
    created_at: datetime
    modified_at: datetime
    tags: list[str] = field(default_factory=list)
    shipping_method: str = ""
    shipping_cost: str = "0"
    parcel_labels: list[str] = field(default_factory=list)
    tracking_link: str = ""
    additional_info: str = ""
    shipped_at: datetime | None = None
    memo: str = ""
    comment: str = ""
    country: str = ""
    form: dict[str, str] = field(default_factory=dict)  # names case-folded, as kept


def order_xml(order: SimOrder, detail: int) -> str:
    """One `<Order>` in GetSoldItems shape (buyer data from the form, as Afterbuy keeps it)."""
    f = order.form
    out = [
        "<Order>",
        el("InvoiceNumber", ""),
        el("OrderID", order.order_id),
        f"<AdditionalInfo>{cdata(order.additional_info)}</AdditionalInfo>",
        f"<TrackingLink>{cdata(order.tracking_link)}</TrackingLink>",
        f"<Memo>{cdata(order.memo)}</Memo>",
        f"<UserComment>{cdata(order.comment)}</UserComment>",
        el("OrderDate", stamp(order.created_at)),
    ]
    if detail & DETAIL_BUYER:
        out += [
            "<BuyerInfo><BillingAddress>",
            f"<FirstName>{cdata(f.get('kvorname', ''))}</FirstName>",
            f"<LastName>{cdata(f.get('knachname', ''))}</LastName>",
            f"<City>{cdata(f.get('kort', ''))}</City>",
            el("Country", order.country),
            el("Mail", f.get("kemail", "")),
            "</BillingAddress></BuyerInfo>",
        ]
    if detail & DETAIL_ITEMS:
        out.append("<SoldItems>")
        for n, pos in enumerate(order.positions, start=1):
            out.append(
                f"<SoldItem>{el('ItemID', order.order_id * 10 + n)}"
                f"<ItemTitle>{cdata(pos.title)}</ItemTitle>{el('ItemQuantity', pos.quantity)}"
                f"{el('ItemPrice', amount(pos.price))}{el('TaxRate', pos.tax_rate or '19,00')}"
                f"<ShopProductDetails>{el('ProductID', pos.article)}</ShopProductDetails>"
                "</SoldItem>"
            )
        out.append(f"{el('ItemsInOrder', len(order.positions))}</SoldItems>")
    if detail & DETAIL_SHIPPING:
        out.append("<ShippingInfo>")
        out.append(f"<ShippingMethod>{cdata(order.shipping_method)}</ShippingMethod>")
        out.append(el("ShippingCost", order.shipping_cost))
        out.append(el("DeliveryDate", stamp(order.shipped_at) if order.shipped_at else ""))
        if order.parcel_labels:
            out.append("<ParcelLabels>")
            for n, number in enumerate(order.parcel_labels, start=1):
                out.append(
                    f"<ParcelLabel>{el('ItemID', order.order_id * 10 + 1)}"
                    f"{el('PackageNumber', n)}"
                    f"<ParcelLabelNumber>{cdata(number)}</ParcelLabelNumber></ParcelLabel>"
                )
            out.append("</ParcelLabels>")
        out.append("</ShippingInfo>")
    out.append("<Tags>" + "".join(el("Tag", t) for t in order.tags) + "</Tags>")
    out.append("</Order>")
    return "".join(out)


def orders_result(orders: list[SimOrder], *, has_more: bool, detail: int) -> str:
    """The Result body of GetSoldItems with the documented paging fields."""
    return (
        el("HasMoreItems", 1 if has_more else 0)
        + "<Orders>"
        + "".join(order_xml(o, detail) for o in orders)
        + "</Orders>"
        + el("OrdersCount", len(orders))
        + el("LastOrderID", orders[-1].order_id if orders else "")
        + el("ItemsCount", sum(len(o.positions) for o in orders))
    )
