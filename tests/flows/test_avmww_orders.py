"""MijnWebwinkel → AccountView orders: the real clients against both simulators."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from jjdesk.app import Services
from jjdesk.integrations.accountview_mijnwebwinkel import (
    DEFAULT_DEBTOR,
    DOCUMENT,
    DONE_STATUS,
    STATUSES,
    TEST_ORDERS,
)
from jjdesk.profile import Profile
from jjdesk.sandbox.server import FaultKind
from jjdesk.secrets import SecretStore
from tests.avmww_world import AvmwwWorld, avmww_world


def _stocked(world: AvmwwWorld, *codes: str) -> None:
    for code in codes:
        world.av.add_article(code, f"Artikel {code}", "10.00")


def test_a_person_order_makes_a_person_debtor_and_a_sales_order(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        _stocked(world, "MOK-DELFT")
        number = world.shop.add_order(
            [("MOK-DELFT", 2, "12.10")], email="kees@example.nl", name="Kees Smit"
        )
        world.run("orders")
        (debtor,) = world.av.debtors()
        assert debtor["ACCT_NAME"] == "Kees Smit"
        assert debtor["IS_COMP"] is False
        assert debtor["MAIL_BUS"] == "kees@example.nl"
        assert (debtor["ADDRESS1"], debtor["POST_CODE"], debtor["CITY"], debtor["CNT_CODE"]) == (
            "Molenstraat 62",
            "5341GE",
            "Oss",
            "NL",
        )
        assert world.av.contacts() == []
        (document,) = world.av.documents("SO1")
        assert document["CUST_REF"] == f"MWW-{number}"
        assert document["SUB_NR"] == debtor["SUB_NR"]
        (line,) = document["lines"]
        # 12.10 gross at 21 % is 10.00 net, as AccountView keeps prices
        assert (line["ART_CODE"], line["QTY"], line["PRICE"]) == ("MOK-DELFT", 2, "10.00")
        assert document["SHIP_COST"] == "4.09"  # 4.95 gross
        world.run("orders")
        assert len(world.av.documents("SO1")) == 1  # seen again: not written twice


def test_a_company_order_makes_a_company_debtor_with_its_contact(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        _stocked(world, "THEEDOEK")
        world.shop.add_order(
            [("THEEDOEK", 5, "5.00")],
            email="inkoop@dejong.nl",
            name="Piet de Jong",
            company="Bakkerij De Jong BV",
        )
        world.run("orders")
        (debtor,) = world.av.debtors()
        assert (debtor["ACCT_NAME"], debtor["IS_COMP"]) == ("Bakkerij De Jong BV", True)
        (contact,) = world.av.contacts()
        assert contact["SUB_NR"] == debtor["SUB_NR"]
        assert (contact["CONT_NAME"], contact["MAIL_BUS"]) == ("Piet de Jong", "inkoop@dejong.nl")
        world.shop.add_order(
            [("THEEDOEK", 1, "5.00")],
            email="inkoop@dejong.nl",
            name="Piet de Jong",
            company="Bakkerij De Jong BV",
        )
        world.run("orders")
        assert len(world.av.debtors()) == 1 and len(world.av.contacts()) == 1
        assert len(world.av.documents("SO1")) == 2


def test_an_existing_debtor_is_found_by_email_and_updated(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        _stocked(world, "MOK-DELFT")
        world.av.add_debtor("10042", "Truus Voorbeeldig", "Truus@Voorbeeldig.nl")
        world.shop.add_order(
            [("MOK-DELFT", 1, "12.10")], email="truus@voorbeeldig.nl", name="Truus Voorbeeldig"
        )
        world.run("orders")
        (debtor,) = world.av.debtors()
        assert debtor["SUB_NR"] == "10042"
        assert debtor["CITY"] == "Oss"  # updated from the order
        (document,) = world.av.documents("SO1")
        assert document["SUB_NR"] == "10042"


def test_an_order_with_a_missing_article_needs_action_naming_the_sku(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        _stocked(world, "MOK-DELFT")
        world.shop.add_order([("MOK-DELFT", 1, "12.10"), ("KLOMP-42", 1, "29.95")])
        world.shop.add_order([("MOK-DELFT", 3, "12.10")], email="anna@example.nl", name="Anna")
        outcome = world.run("orders")
        (problem,) = outcome.context.problems
        assert "KLOMP-42" in problem.message and "MOK-DELFT" not in problem.message
        assert problem.field == "lines.sku"
        (document,) = world.av.documents("SO1")  # the other order went through
        assert document["lines"][0]["QTY"] == 3
        assert [d["MAIL_BUS"] for d in world.av.debtors()] == ["anna@example.nl"]


def test_a_status_not_chosen_is_not_imported_until_it_is_reached(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        _stocked(world, "MOK-DELFT")
        assert world.app.option("avmww", STATUSES.name) == '["2"]'  # only "Betaald"
        waiting = world.shop.add_order([("MOK-DELFT", 1, "12.10")], status=1)
        world.run("orders")
        assert world.av.documents("SO1") == []
        world.shop.set_status(waiting, 2)  # the customer paid
        world.run("orders")
        assert [d["CUST_REF"] for d in world.av.documents("SO1")] == [f"MWW-{waiting}"]


def test_the_merchants_status_list_comes_from_the_store(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        spec = world.app.option_spec("avmww", STATUSES.name)
        assert spec.live_choices is not None
        choices = dict(spec.live_choices(Services(world.app, "avmww")))
        assert choices["2"] == "Betaald"
        assert "9" not in choices  # the credit-order status is no order to import


def test_test_orders_are_skipped_unless_wanted(profile: Profile, secrets: SecretStore) -> None:
    with avmww_world(profile, secrets) as world:
        _stocked(world, "MOK-DELFT")
        world.shop.add_order([("MOK-DELFT", 1, "12.10")], test=True)
        world.run("orders")
        assert world.av.documents("SO1") == []
        world.option(TEST_ORDERS.name, "avmww.tests_on")
        world.app.store.watermarks.set("avmww", "orders", "")
        world.run("orders")
        assert len(world.av.documents("SO1")) == 1


def test_invoices_a_default_debtor_and_the_status_after_import(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        _stocked(world, "MOK-DELFT")
        world.av.add_debtor("90000", "Webshop kassa", "kassa@winkel.nl")
        world.option(DOCUMENT.name, "avmww.invoice")
        world.option(DEFAULT_DEBTOR.name, "90000")
        world.option(DONE_STATUS.name, "3")
        number = world.shop.add_order([("MOK-DELFT", 1, "12.10")], method="ideal")
        world.run("orders")
        assert world.av.documents("SO1") == []
        (invoice,) = world.av.documents("SI1")
        assert invoice["SUB_NR"] == "90000" and invoice["PAY_MTH"] == "IDEAL"
        assert len(world.av.debtors()) == 1  # no debtor per customer
        assert world.shop.state.orders[number].status == 3


def test_a_lost_answer_is_resolved_by_the_reference_not_sent_again(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        _stocked(world, "MOK-DELFT")
        world.shop.add_order([("MOK-DELFT", 1, "12.10")])
        # articles, debtor by e-mail, highest debtor number, that number free, debtor
        # POST: then the document's POST is stored and its answer lost
        world.demo.av_server.faults.inject(
            FaultKind.LOSE_ANSWER, path_contains="accountviewdata", skip=5
        )
        world.run("orders")
        assert world.demo.av_server.faults.hits[FaultKind.LOSE_ANSWER] == 1
        world.run("orders")
        assert len(world.av.documents("SO1")) == 1
        assert len(world.av.debtors()) == 1


def test_new_debtors_get_the_next_free_numbers_and_none_is_overwritten(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        _stocked(world, "MOK-DELFT")
        world.av.add_debtor("10000", "Eerste klant", "eerste@example.nl")
        world.shop.add_order([("MOK-DELFT", 1, "12.10")], email="a@example.nl", name="A")
        world.shop.add_order([("MOK-DELFT", 1, "12.10")], email="b@example.nl", name="B")
        world.run("orders")
        numbers = sorted(d["SUB_NR"] for d in world.av.debtors())
        assert numbers == ["10000", "10001", "10002"]
        assert {d["SUB_NR"]: d["ACCT_NAME"] for d in world.av.debtors()}["10000"] == "Eerste klant"


def test_a_dry_run_plans_the_import_and_writes_nothing(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        _stocked(world, "MOK-DELFT")
        number = world.shop.add_order([("MOK-DELFT", 2, "12.10")])
        planned = world.app.run_once("avmww", "orders", dry_run=True)
        assert [str(p) for p in planned.context.planned] == [f"import order {number} (1 lines)"]
        assert world.av.documents("SO1") == [] and world.av.debtors() == []
        posts = [r for r in world.av.requests if r.method == "POST" and "token" not in r.path]
        assert posts == []


def test_the_document_is_dated_in_dutch_local_time(profile: Profile, secrets: SecretStore) -> None:
    with avmww_world(profile, secrets) as world:
        _stocked(world, "MOK-DELFT")
        new_year = datetime(2027, 1, 1, 0, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
        world.shop.add_order([("MOK-DELFT", 1, "12.10")], when=new_year)
        world.app.store.watermarks.set("avmww", "orders", "")
        number = max(world.shop.state.orders)
        world.shop.state.orders[number].changed = datetime.now(ZoneInfo("Europe/Amsterdam"))
        world.run("orders")
        (document,) = world.av.documents("SO1")
        assert document["DOC_DATE"] == "2027-01-01T00:30:00"
