"""Orders of the simulated shop, with the money worked out the way Shopify does it.

A seeded cart becomes an order: discount applications (code, automatic, manual; on
lines, across the order or on shipping) are allocated to lines and shipping lines in
cents, taxes are computed per line after discounts (included in the prices or added to
them), and the totals follow. Afterwards the merchant may edit the order (units removed,
lines added), refund units or cancel it: `quantity` keeps counting every unit ever
ordered while `currentQuantity` and the `current…` totals say what still stands, as the
Admin API documents them. Amounts are answered as decimal strings like Shopify's
("55.0", "4.9").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal("0")

View = dict[str, Any]


def cents(value: Decimal) -> Decimal:
    """Rounded to the cent, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def shopify_decimal(value: Decimal) -> str:
    """Shopify's way of writing a Decimal: no trailing zeros, at least one decimal."""
    text = f"{value.quantize(CENT).normalize():f}"
    return text if "." in text else f"{text}.0"


def money_bag(amount: Decimal, currency: str = "EUR") -> View:
    """A MoneyBag in shop and presentment currency (the simulator has only one)."""
    money = {"amount": shopify_decimal(amount), "currencyCode": currency}
    return {"shopMoney": money, "presentmentMoney": dict(money)}


def spread(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """`total` split in cents in proportion to `weights`; the cents left over go to the
    largest remainders, so the parts always add up to `total`."""
    whole = sum(weights, ZERO)
    if whole <= 0 or total == 0:
        return [ZERO for _ in weights]
    exact = [total * w / whole for w in weights]
    parts = [e.quantize(CENT, rounding=ROUND_FLOOR) for e in exact]
    left = int((total - sum(parts, ZERO)) / CENT)
    order = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in order[:left]:
        parts[i] += CENT
    return parts


def removed_share(amount: Decimal, removed: int, quantity: int) -> Decimal:
    """The part of a line's amount that belongs to units no longer on the order."""
    return cents(amount * removed / quantity) if quantity else ZERO


@dataclass(slots=True)
class Application:
    """A discount application: what the merchant's discount intends."""

    index: int
    kind: str  # code | automatic | manual
    name: str
    target_type: str  # LINE_ITEM | SHIPPING_LINE
    target_selection: str  # ALL | ENTITLED | EXPLICIT
    allocation_method: str  # ACROSS | EACH
    percentage: Decimal | None
    amount: Decimal | None

    def view(self) -> View:
        typename = {
            "code": "DiscountCodeApplication",
            "automatic": "AutomaticDiscountApplication",
            "manual": "ManualDiscountApplication",
        }[self.kind]
        if self.percentage is not None:
            value: View = {
                "__typename": "PricingPercentageValue",
                "percentage": float(self.percentage),
            }
        else:
            value = {
                "__typename": "MoneyV2",
                "amount": shopify_decimal(self.amount or ZERO),
                "currencyCode": "EUR",
            }
        view: View = {
            "__typename": typename,
            "index": self.index,
            "allocationMethod": self.allocation_method,
            "targetSelection": self.target_selection,
            "targetType": self.target_type,
            "value": value,
        }
        if self.kind == "code":
            view["code"] = self.name
        else:
            view["title"] = self.name
            if self.kind == "manual":
                view["description"] = None
        return view


def _tax(amount: Decimal, rate: Decimal | None, included: bool) -> Decimal:
    """The tax on an amount after discounts, rounded per line as Shopify does."""
    if rate is None or amount == 0:
        return ZERO
    fraction = rate / 100
    return cents(amount - amount / (1 + fraction)) if included else cents(amount * fraction)


def _tax_lines(tax: Decimal, rate: Decimal | None) -> list[View]:
    if rate is None:
        return []
    return [
        {
            "title": "MwSt",
            "rate": float(rate / 100),
            "ratePercentage": float(rate),
            "priceSet": money_bag(tax),
            "price": shopify_decimal(tax),
            "channelLiable": False,
            "source": "Shopify",
        }
    ]


@dataclass(slots=True)
class ShopLine:
    """A line item: `quantity` every unit ever ordered, `current` what still stands."""

    id: str
    sku: str
    title: str
    unit: Decimal  # the unit price the shop showed (gross or net, as the shop is set up)
    quantity: int
    rate: Decimal | None
    current: int = -1
    allocations: list[tuple[Application, Decimal]] = field(default_factory=list)
    barcode: str | None = None
    # fields answered as given instead of as worked out: what a stand-in shop or a broken
    # proxy may send and a real shop does not (a price "abc", a negative quantity)
    answered: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.current < 0:
            self.current = self.quantity

    @property
    def allocated(self) -> Decimal:
        return sum((a for _, a in self.allocations), ZERO)

    @property
    def removed(self) -> int:
        return self.quantity - self.current

    def total(self) -> Decimal:
        """After every discount, all units ever ordered."""
        return self.unit * self.quantity - self.allocated

    def current_total(self) -> Decimal:
        """After every discount, the units that still stand."""
        if self.current == 0:
            return ZERO
        allocated = self.allocated - removed_share(self.allocated, self.removed, self.quantity)
        return self.unit * self.current - allocated

    def tax(self, included: bool) -> Decimal:
        return _tax(self.total(), self.rate, included)

    def current_tax(self, included: bool) -> Decimal:
        if self.current == 0:
            return ZERO
        tax = self.tax(included)
        return tax - removed_share(tax, self.removed, self.quantity)

    def view(self, included: bool) -> View:
        tax_lines = _tax_lines(self.tax(included), self.rate)

        def taxes(info: Any, first: int | None = None) -> list[View]:
            return tax_lines[:first] if first is not None else tax_lines

        line_level = [
            a for app, a in self.allocations if app.target_selection != "ALL" and app.kind != "code"
        ]
        line_discount = sum(line_level, ZERO)
        return {
            "id": self.id,
            "sku": self.sku or None,
            "name": self.title,
            "title": self.title,
            "quantity": self.quantity,
            "currentQuantity": self.current,
            "variantTitle": None,
            "taxable": self.rate is not None,
            "requiresShipping": True,
            "isGiftCard": False,
            "originalUnitPriceSet": money_bag(self.unit),
            "originalTotalSet": money_bag(self.unit * self.quantity),
            "discountedUnitPriceSet": money_bag(
                cents(self.unit - line_discount / self.quantity) if self.quantity else self.unit
            ),
            "totalDiscountSet": money_bag(line_discount),
            "discountAllocations": [
                {"allocatedAmountSet": money_bag(amount), "discountApplication": app.view()}
                for app, amount in self.allocations
            ],
            "taxLines": taxes,
            "variant": {"id": f"{self.id}/variant", "barcode": self.barcode},
        } | self.answered


@dataclass(slots=True)
class ShopShipping:
    """A shipping line: its price as the shop showed it, and the discounts on it."""

    title: str
    price: Decimal
    rate: Decimal | None
    allocations: list[tuple[Application, Decimal]] = field(default_factory=list)
    refunded: bool = False
    removed: bool = False

    def discounted(self) -> Decimal:
        return self.price - sum((a for _, a in self.allocations), ZERO)

    def current(self) -> Decimal:
        return ZERO if self.refunded or self.removed else self.discounted()

    def tax(self, included: bool) -> Decimal:
        return _tax(self.discounted(), self.rate, included)

    def current_tax(self, included: bool) -> Decimal:
        return ZERO if self.refunded or self.removed else self.tax(included)

    def view(self, included: bool) -> View:
        return {
            "id": None,
            "title": self.title,
            "code": self.title,
            "custom": False,
            "isRemoved": self.removed,
            "originalPriceSet": money_bag(self.price),
            "discountedPriceSet": money_bag(self.discounted()),
            "currentDiscountedPriceSet": money_bag(self.current()),
            "discountAllocations": [
                {"allocatedAmountSet": money_bag(amount), "discountApplication": app.view()}
                for app, amount in self.allocations
            ],
            "taxLines": _tax_lines(self.tax(included), self.rate),
        }


@dataclass(slots=True)
class ShopMoney:
    """An order's money: its lines, shipping and discounts, and what follows from them."""

    lines: list[ShopLine]
    shipping: list[ShopShipping]
    taxes_included: bool
    applications: list[Application] = field(default_factory=list)
    refunded: Decimal = ZERO
    duties: Decimal = ZERO  # import duties of a cross-border order: part of the total

    def allocate(self, discount: Any) -> None:
        """Apply one seeded discount (`SeedDiscount`): an application and its allocations."""
        index = len(self.applications)
        manual = discount.kind == "manual"
        if discount.target == "shipping":
            app = self._application(index, discount, "SHIPPING_LINE", "ALL", "ACROSS")
            targets_s = [s for s in self.shipping if s.discounted() > 0]
            bases = [s.discounted() for s in targets_s]
            for s, part in zip(targets_s, self._parts(discount, bases), strict=True):
                if part:
                    s.allocations.append((app, part))
            return
        if discount.target == "order":
            app = self._application(index, discount, "LINE_ITEM", "ALL", "ACROSS")
            targets = list(self.lines)
        else:
            selection = "EXPLICIT" if manual else "ENTITLED"
            method = "EACH" if discount.each else "ACROSS"
            app = self._application(index, discount, "LINE_ITEM", selection, method)
            targets = [self.lines[i] for i in discount.lines]
        bases = [line.total() for line in targets]
        if discount.each and discount.amount is not None:
            parts = [
                min(discount.amount * line.quantity, base)
                for line, base in zip(targets, bases, strict=True)
            ]
        else:
            parts = self._parts(discount, bases)
        for line, part in zip(targets, parts, strict=True):
            if part:
                line.allocations.append((app, part))

    def _application(
        self, index: int, discount: Any, target_type: str, selection: str, method: str
    ) -> Application:
        app = Application(
            index,
            discount.kind,
            discount.name,
            target_type,
            selection,
            method,
            discount.percentage,
            discount.amount,
        )
        self.applications.append(app)
        return app

    @staticmethod
    def _parts(discount: Any, bases: list[Decimal]) -> list[Decimal]:
        whole = sum(bases, ZERO)
        if discount.percentage is not None:
            total = cents(whole * discount.percentage / 100)
        else:
            total = min(discount.amount or ZERO, whole)
        return spread(total, bases)

    # -- totals ---------------------------------------------------------------------

    def _sum(self, values: Callable[[ShopLine], Decimal]) -> Decimal:
        return sum((values(line) for line in self.lines), ZERO)

    def subtotal(self) -> Decimal:
        return self._sum(lambda line: line.total())

    def current_subtotal(self) -> Decimal:
        return self._sum(lambda line: line.current_total())

    def shipping_total(self) -> Decimal:
        return sum((s.discounted() for s in self.shipping), ZERO)

    def current_shipping(self) -> Decimal:
        return sum((s.current() for s in self.shipping), ZERO)

    def tax(self) -> Decimal:
        included = self.taxes_included
        return self._sum(lambda line: line.tax(included)) + sum(
            (s.tax(included) for s in self.shipping), ZERO
        )

    def current_tax(self) -> Decimal:
        included = self.taxes_included
        return self._sum(lambda line: line.current_tax(included)) + sum(
            (s.current_tax(included) for s in self.shipping), ZERO
        )

    def total(self) -> Decimal:
        added = ZERO if self.taxes_included else self.tax()
        return self.subtotal() + self.shipping_total() + added + self.duties

    def current_total(self) -> Decimal:
        if not any(line.current for line in self.lines):
            return ZERO
        added = ZERO if self.taxes_included else self.current_tax()
        return self.current_subtotal() + self.current_shipping() + added + self.duties

    def discounts(self) -> Decimal:
        lines = self._sum(lambda line: line.allocated)
        return lines + sum((a for s in self.shipping for _, a in s.allocations), ZERO)

    def current_discounts(self) -> Decimal:
        return self.discounts() - self._sum(
            lambda line: removed_share(line.allocated, line.removed, line.quantity)
        )

    def tax_lines(self, current: bool) -> list[View]:
        """Tax lines of the order: one per rate, summed over lines (and shipping)."""
        included = self.taxes_included
        by_rate: dict[Decimal, Decimal] = {}
        for line in self.lines:
            if line.rate is not None:
                tax = line.current_tax(included) if current else line.tax(included)
                by_rate[line.rate] = by_rate.get(line.rate, ZERO) + tax
        for s in self.shipping:
            if s.rate is not None:
                tax = s.current_tax(included) if current else s.tax(included)
                by_rate[s.rate] = by_rate.get(s.rate, ZERO) + tax
        return [v for rate, tax in sorted(by_rate.items()) for v in _tax_lines(tax, rate)]

    def views(self) -> View:
        """The order's money fields, as the Admin API names them."""
        return {
            "taxesIncluded": self.taxes_included,
            "subtotalPriceSet": money_bag(self.subtotal()),
            "currentSubtotalPriceSet": money_bag(self.current_subtotal()),
            "totalShippingPriceSet": money_bag(sum((s.price for s in self.shipping), ZERO)),
            "currentShippingPriceSet": money_bag(self.current_shipping()),
            "totalTaxSet": money_bag(self.tax()),
            "currentTotalTaxSet": money_bag(self.current_tax()),
            "totalDiscountsSet": money_bag(self.discounts()),
            "currentTotalDiscountsSet": money_bag(self.current_discounts()),
            "totalPriceSet": money_bag(self.total()),
            "currentTotalPriceSet": money_bag(self.current_total()),
            "totalRefundedSet": money_bag(self.refunded),
            "originalTotalDutiesSet": money_bag(self.duties) if self.duties else None,
            "currentTotalDutiesSet": money_bag(self.duties) if self.duties else None,
            "taxLines": self.tax_lines(current=False),
            "currentTaxLines": self.tax_lines(current=True),
            "discountCodes": [a.name for a in self.applications if a.kind == "code"],
        }


@dataclass(slots=True)
class FulfillmentOrderRec:
    """A fulfilment order: per line item, how many units are still to ship."""

    id: str
    status: str
    lines: list[dict[str, Any]]  # {id, line (ShopLine), sku, total, remaining}


@dataclass(slots=True)
class OrderRec:
    """One order of the simulated shop."""

    legacy: int
    data: dict[str, Any]  # fields that are not money, in Shopify's shape
    money: ShopMoney
    fulfillment_orders: list[FulfillmentOrderRec]
    fulfillments: list[dict[str, Any]] = field(default_factory=list)

    def view(self, connection: Callable[[Sequence[Any], Any], View]) -> View:
        """The order as the Admin API answers it (lists as connections)."""
        included = self.money.taxes_included

        def lines(info: Any, **args: Any) -> View:
            return connection([line.view(included) for line in self.money.lines], args)

        def shipping(info: Any, **args: Any) -> View:
            shown = [s for s in self.money.shipping if args.get("includeRemovals") or not s.removed]
            return connection([s.view(included) for s in shown], args)

        def applications(info: Any, **args: Any) -> View:
            return connection([a.view() for a in self.money.applications], args)

        def fulfillment_orders(info: Any, **args: Any) -> View:
            views = [
                fulfillment_order_view(fo, included, connection) for fo in self.fulfillment_orders
            ]
            return connection(views, args)

        view = dict(self.data)
        view.update(self.money.views())
        view.update(
            lineItems=lines,
            shippingLines=shipping,
            discountApplications=applications,
            fulfillmentOrders=fulfillment_orders,
        )
        return view

    # -- what the merchant does after the order came in -------------------------------

    def remove_units(self, line_index: int, units: int, now: str) -> None:
        """An order edit takes units off a line (all of them: the line is gone)."""
        line = self.money.lines[line_index]
        units = min(units, line.current)
        line.current -= units
        self._unship(line, units)
        self.data["edited"] = True
        self.data["updatedAt"] = now

    def add_line(self, line: ShopLine, fulfillment_line_id: str, now: str) -> None:
        """An order edit adds a line (undiscounted)."""
        self.money.lines.append(line)
        if self.fulfillment_orders:
            self.fulfillment_orders[0].lines.append(
                {
                    "id": fulfillment_line_id,
                    "line": line,
                    "sku": line.sku,
                    "total": line.quantity,
                    "remaining": line.quantity,
                }
            )
        self.data["edited"] = True
        self.data["updatedAt"] = now

    def refund_units(self, line_index: int, units: int, now: str) -> Decimal:
        """A refund of units of one line (restocked); returns the amount given back."""
        line = self.money.lines[line_index]
        units = min(units, line.current)
        before = self._paid_for(line)
        line.current -= units
        amount = before - self._paid_for(line)
        self._unship(line, units)
        self.money.refunded += amount
        self.data["displayFinancialStatus"] = (
            "REFUNDED" if self.money.current_total() == 0 else "PARTIALLY_REFUNDED"
        )
        self.data["updatedAt"] = now
        return amount

    def cancel(self, now: str, reason: str = "CUSTOMER") -> None:
        """Cancelled (and, when paid, refunded in full); nothing stands any more."""
        paid = self.data.get("displayFinancialStatus") in ("PAID", "PARTIALLY_REFUNDED")
        if paid:
            self.money.refunded += self.money.current_total()
        for line in self.money.lines:
            line.current = 0
        for shipping in self.money.shipping:
            shipping.refunded = True
        for fo in self.fulfillment_orders:
            fo.status = "CLOSED" if fo.status == "CLOSED" else "CANCELLED"
            for li in fo.lines:
                li["remaining"] = 0
        self.data.update(
            cancelledAt=now,
            cancelReason=reason,
            updatedAt=now,
            displayFinancialStatus="REFUNDED" if paid else "VOIDED",
            closed=True,
        )

    def _paid_for(self, line: ShopLine) -> Decimal:
        extra = ZERO if self.money.taxes_included else line.current_tax(False)
        return line.current_total() + extra

    def _unship(self, line: ShopLine, units: int) -> None:
        for fo in self.fulfillment_orders:
            for li in fo.lines:
                if li["line"] is line:
                    take = min(units, li["remaining"])
                    li["remaining"] -= take
                    units -= take


def fulfillment_order_view(
    fo: FulfillmentOrderRec, included: bool, connection: Callable[[Sequence[Any], Any], View]
) -> View:
    """A fulfilment order with its line items."""

    def lines(info: Any, **args: Any) -> View:
        views = [
            {
                "id": li["id"],
                "sku": li["sku"],
                "totalQuantity": li["total"],
                "remainingQuantity": li["remaining"],
                "lineItem": li["line"].view(included),
            }
            for li in fo.lines
        ]
        return connection(views, args)

    return {"id": fo.id, "status": fo.status, "lineItems": lines}
