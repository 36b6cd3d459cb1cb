"""Orders into Afterbuy: finding them again, Afterbuy's refusals, buyer data, field limits.

The real client against the simulator over loopback; Afterbuy's answers that cannot be
provoked with real data are canned in the simulator (`refuse_next_orders`, …).
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import timedelta

import pytest

from jjdesk.connectors.afterbuy import AfterbuyProtocolError
from jjdesk.connectors.afterbuy.errors import AfterbuyMessage, error_for
from jjdesk.domain.models import Order, Retry
from jjdesk.domain.timestamps import utcnow
from jjdesk.errors import AuthFailure, ConfigFailure, ItemProblem, NetworkFailure
from jjdesk.sandbox.afterbuy import AfterbuySimulator
from jjdesk.sandbox.afterbuy_request import ApiRequest
from tests.afterbuy_helpers import make_order, running


def _buyer(order: Order, **fields: str) -> Order:
    return replace(order, billing=replace(order.billing, **fields))


# ---- find_orders ------------------------------------------------------------------------


def test_orders_are_found_by_the_reference_they_were_created_under_in_one_call() -> None:
    sim = AfterbuySimulator(products=20, orders=5)
    since = utcnow() - timedelta(minutes=15)
    with running(sim) as env:
        created = {
            ref: env.client.create_order(make_order(ref[8:]), ref)
            for ref in ("SHOPIFY-10", "SHOPIFY-100", "SHOPIFY-7")
        }
        calls = sim.calls["GetSoldItems"]
        found = env.client.find_orders(["SHOPIFY-10", "SHOPIFY-7", "SHOPIFY-1"], since)
        assert sim.calls["GetSoldItems"] - calls == 1
    # "SHOPIFY-10" is not mistaken for "SHOPIFY-100", an unknown one is simply absent
    assert found == {"SHOPIFY-10": created["SHOPIFY-10"], "SHOPIFY-7": created["SHOPIFY-7"]}


def test_a_reference_is_found_on_a_later_page_of_orders() -> None:
    sim = AfterbuySimulator(products=20, orders=300)  # modified now: all in the window
    with running(sim) as env:
        order_id = env.client.create_order(make_order("4711"), "SHOPIFY-4711")
        found = env.client.find_orders(["SHOPIFY-4711"], utcnow() - timedelta(minutes=15))
    assert found == {"SHOPIFY-4711": order_id}
    assert sim.calls["GetSoldItems"] == 2


def test_orders_modified_before_the_window_are_not_read() -> None:
    sim = AfterbuySimulator(products=20)
    with running(sim) as env:
        env.client.create_order(make_order("1"), "SHOPIFY-1")
        assert env.client.find_orders(["SHOPIFY-1"], utcnow() + timedelta(minutes=5)) == {}


class _IgnoresDateAndRange(AfterbuySimulator):
    """A stand-in that ignores every DataFilter of GetSoldItems (but says "more")."""

    def _sold_items(self, req: ApiRequest) -> bytes:
        return super()._sold_items(replace(req, filters=()))


def test_a_look_up_matches_on_the_orders_returned_and_never_loops() -> None:
    sim = _IgnoresDateAndRange(products=20, orders=260)
    with running(sim) as env:
        env.client.create_order(make_order("5"), "SHOPIFY-5")
        with pytest.raises(NetworkFailure):  # "more", but the same page again: refuse
            env.client.find_orders(["SHOPIFY-5", "SHOPIFY-6"], utcnow())
    few = _IgnoresDateAndRange(products=20, orders=3)
    with running(few) as env:
        order_id = env.client.create_order(make_order("5"), "SHOPIFY-5")
        # every order comes back, but only the one carrying the reference matches
        assert env.client.find_orders(["SHOPIFY-5", "SEED-1"], utcnow()) == {"SHOPIFY-5": order_id}


def test_the_reference_marker_survives_a_long_memo() -> None:
    sim = AfterbuySimulator(products=20)
    order = replace(make_order("77"), memo="Abholservice " * 40, customer_note="Bitte klingeln")
    with running(sim) as env:
        order_id = env.client.create_order(order, "SHOPIFY-77")
        assert env.client.find_orders(["SHOPIFY-77"], utcnow() - timedelta(minutes=1)) == {
            "SHOPIFY-77": order_id
        }
    [kept] = sim.list_orders()
    assert len(kept.form["vmemo"]) <= 255 and "Abholservice" in kept.form["kommentar"]
    assert "Bitte klingeln" in kept.form["kommentar"]


# ---- Afterbuy's answers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Interner Fehler, bitte versuchen Sie es später erneut",
        "Timeout beim Speichern der Bestellung",
    ],
)
def test_a_passing_refusal_is_retried_soon_and_names_the_order(text: str) -> None:
    sim = AfterbuySimulator(products=20)
    with running(sim) as env:
        sim.refuse_next_orders(text)
        with pytest.raises(ItemProblem) as caught:
            env.client.create_order(make_order("1001"), "SHOPIFY-1001")
    problem = caught.value
    assert problem.retry is Retry.SOON
    assert (problem.item_id, problem.label) == ("1001", "#1001")
    assert sim.list_orders() == []


@pytest.mark.parametrize("kind", ["proxy page", "empty"])
def test_an_unreadable_answer_is_looked_up_and_then_retried_soon(kind: str) -> None:
    sim = AfterbuySimulator(products=20)
    with running(sim) as env:
        if kind == "proxy page":
            sim.answer_proxy_page_next()
        else:
            sim.answer_shop_next(b"")
        with pytest.raises(ItemProblem) as caught:
            env.client.create_order(make_order("1002"), "SHOPIFY-1002")
        assert caught.value.retry is Retry.SOON and caught.value.item_id == "1002"
        assert sim.calls["GetSoldItems"] == 1  # it was looked up before counting as not created
        order_id = env.client.create_order(make_order("1002"), "SHOPIFY-1002")
    assert [o.order_id for o in sim.list_orders()] == [int(order_id)]


def test_a_refusal_mentioning_ssl_is_an_order_problem_not_the_https_error() -> None:
    sim = AfterbuySimulator(products=20)
    with running(sim) as env:
        sim.refuse_next_orders("Artikel 'Kassler vom Grill' ist nicht mehr verfügbar.")
        with pytest.raises(ItemProblem) as caught:
            env.client.create_order(make_order("1003"), "SHOPIFY-1003")
    assert caught.value.retry is Retry.LATER
    assert "Kassler" in caught.value.message and caught.value.item_id == "1003"


@pytest.mark.parametrize(
    "answer",
    [
        b"<error>SSL erforderlich</error>",
        b"<result><success>0</success><errorlist><error>SSL erforderlich</error>"
        b"</errorlist></result>",
    ],
)
def test_the_plain_http_answer_is_a_configuration_error(answer: bytes) -> None:
    sim = AfterbuySimulator(products=20)
    with running(sim) as env:
        sim.answer_shop_next(answer)
        with pytest.raises(ConfigFailure) as caught:
            env.client.create_order(make_order("1004"), "SHOPIFY-1004")
    assert "https" in caught.value.message


def test_a_refusal_naming_a_product_like_partner_is_no_auth_failure() -> None:
    sim = AfterbuySimulator(products=20)
    with running(sim) as env:
        sim.refuse_next_orders("Artikel 'Partnerlook Shirt' (Login-Edition) ist gesperrt.")
        with pytest.raises(ItemProblem) as caught:
            env.client.create_order(make_order("1005"), "SHOPIFY-1005")
    assert caught.value.retry is Retry.LATER


def test_rejected_credentials_on_the_shop_interface_are_an_auth_failure() -> None:
    sim = AfterbuySimulator(products=10)
    with running(sim, account_token="wrong") as env, pytest.raises(AuthFailure):
        env.client.create_order(make_order(), "SHOPIFY-1001")


# ---- buyer data -------------------------------------------------------------------------


def test_buyer_data_is_scrubbed_from_afterbuys_words_whatever_the_case() -> None:
    sim = AfterbuySimulator(products=20)
    order = _buyer(
        make_order("1006"),
        first_name="Bo",
        last_name="Li",
        street="Heidestraße 17",
        city="Köln",
        email="bo.li@example.com",
        phone="+49 221 123456",
    )
    echo = (
        "Kunde BO LI (BO.LI@EXAMPLE.COM, Tel. 0049221123456), HEIDESTRASSE 17, 51147 KÖLN: "
        "Lieferadresse unvollständig für Bestellung SHOPIFY-1006"
    )
    with running(sim) as env:
        sim.refuse_next_orders(echo)
        with pytest.raises(ItemProblem) as caught:
            env.client.create_order(order, "SHOPIFY-1006")
    shown = f"{caught.value.title} {caught.value.message} {caught.value.hint}".casefold()
    assert not re.search(r"\b(bo|li)\b", shown), shown
    for personal in ("example.com", "heidestr", "köln", "51147", "221123456"):
        assert personal not in shown, personal
    assert "lieferadresse unvollständig" in shown and "shopify-1006" in shown


def test_no_log_line_carries_afterbuys_words(caplog: pytest.LogCaptureFixture) -> None:
    sim = AfterbuySimulator(products=20)
    order = _buyer(make_order("1007"), last_name="Zylka")
    caplog.set_level(logging.DEBUG)
    with running(sim) as env:
        sim.refuse_next_orders("Kunde Zylka: Sperrvermerk")
        with pytest.raises(ItemProblem):
            env.client.create_order(order, "SHOPIFY-1007")
    call_error = error_for("UpdateSoldItems", [AfterbuyMessage("99", "Kunde Zylka gesperrt")])
    logging.getLogger("jjdesk.runner").warning("run failed: %s", call_error.title)
    assert "1007" in caplog.text
    assert "Zylka" not in caplog.text and "Sperrvermerk" not in caplog.text


# ---- field limits -----------------------------------------------------------------------


def test_an_address_afterbuy_would_cut_is_refused_before_sending() -> None:
    sim = AfterbuySimulator(products=20)
    long_name = _buyer(make_order("1008"), last_name="N" * 151)
    assert long_name.shipping is not None
    long_city = replace(make_order("1009"), shipping=replace(long_name.shipping, city="C" * 51))
    with running(sim) as env:
        for order in (long_name, long_city):
            with pytest.raises(ItemProblem) as caught:
                env.client.create_order(order, f"SHOPIFY-{order.channel_order_id}")
            assert caught.value.field == "address" and caught.value.retry is Retry.ON_CHANGE
            assert "N" * 20 not in caught.value.message and "C" * 20 not in caught.value.message
        with pytest.raises(ItemProblem) as too_long:
            env.client.create_order(make_order("1010"), "SHOPIFY-" + "9" * 33)
        assert too_long.value.field == "order_number"
    assert sim.calls["ShopInterface:new"] == 0


def test_a_long_article_title_is_cut_and_the_order_goes_through() -> None:
    sim = AfterbuySimulator(products=20)
    base = make_order("1011")
    order = replace(base, lines=(replace(base.lines[0], title="Wollmütze " * 40),))
    with running(sim) as env:
        env.client.create_order(order, "SHOPIFY-1011")
    [kept] = sim.list_orders()
    assert kept.positions[0].title.startswith("Wollmütze Wollmütze")
    assert len(kept.positions[0].title) == 255


def test_a_broken_sold_items_answer_is_fetched_again_then_fails() -> None:
    sim = AfterbuySimulator(products=20, orders=2)
    with running(sim) as env:
        sim.corrupt_next(1)
        assert len(env.client.sold_items(["400000001", "400000002"])) == 2
        sim.corrupt_next(3)
        with pytest.raises(AfterbuyProtocolError):
            env.client.find_orders(["SEED-1"], utcnow() - timedelta(hours=1))


def test_a_buyer_without_a_shipping_address_is_sent_as_billing_only() -> None:
    sim = AfterbuySimulator(products=20)
    order = replace(make_order("1012"), shipping=None)
    with running(sim) as env:
        env.client.create_order(order, "SHOPIFY-1012")
    [kept] = sim.list_orders()
    assert "lieferanschrift" not in kept.form and kept.form["kort"] == "Köln"
