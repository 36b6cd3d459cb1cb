"""Orders of the Afterbuy simulator and their GetSoldItems rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from jjdesk.domain.money import format_decimal_comma
from jjdesk.domain.timestamps import format_german_local
from jjdesk.sandbox.afterbuy_xml import cdata, el


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
    form: dict[str, str] = field(default_factory=dict)


def order_xml(order: SimOrder) -> str:
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
        el("OrderDate", format_german_local(order.created_at)),
        "<BuyerInfo><BillingAddress>",
        f"<FirstName>{cdata(f.get('kvorname', ''))}</FirstName>",
        f"<LastName>{cdata(f.get('knachname', ''))}</LastName>",
        f"<City>{cdata(f.get('kort', ''))}</City>",
        el("Country", order.country),
        el("Mail", f.get("kemail", "")),
        "</BillingAddress></BuyerInfo><SoldItems>",
    ]
    for n, pos in enumerate(order.positions, start=1):
        out.append(
            f"<SoldItem>{el('ItemID', order.order_id * 10 + n)}"
            f"<ItemTitle>{cdata(pos.title)}</ItemTitle>{el('ItemQuantity', pos.quantity)}"
            f"{el('ItemPrice', format_decimal_comma(pos.price))}"
            f"{el('TaxRate', pos.tax_rate or '19,00')}"
            f"<ShopProductDetails>{el('ProductID', pos.article)}</ShopProductDetails></SoldItem>"
        )
    out.append(f"{el('ItemsInOrder', len(order.positions))}</SoldItems><ShippingInfo>")
    out.append(f"<ShippingMethod>{cdata(order.shipping_method)}</ShippingMethod>")
    out.append(el("ShippingCost", order.shipping_cost))
    shipped = format_german_local(order.shipped_at) if order.shipped_at else ""
    out.append(el("DeliveryDate", shipped))
    if order.parcel_labels:
        out.append("<ParcelLabels>")
        for n, number in enumerate(order.parcel_labels, start=1):
            out.append(
                f"<ParcelLabel>{el('ItemID', order.order_id * 10 + 1)}{el('PackageNumber', n)}"
                f"<ParcelLabelNumber>{cdata(number)}</ParcelLabelNumber></ParcelLabel>"
            )
        out.append("</ParcelLabels>")
    out.append("</ShippingInfo>")
    out.append("<Tags>" + "".join(el("Tag", t) for t in order.tags) + "</Tags>")
    out.append("</Order>")
    return "".join(out)


def orders_result(orders: list[SimOrder], *, has_more: bool) -> str:
    """The Result body of GetSoldItems with the documented paging fields."""
    return (
        el("HasMoreItems", 1 if has_more else 0)
        + "<Orders>"
        + "".join(order_xml(o) for o in orders)
        + "</Orders>"
        + el("OrdersCount", len(orders))
        + el("LastOrderID", orders[-1].order_id if orders else "")
        + el("ItemsCount", sum(len(o.positions) for o in orders))
    )
