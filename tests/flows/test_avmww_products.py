"""AccountView → MijnWebwinkel articles and stock: the real clients against the simulators."""

from __future__ import annotations

from jjdesk.integrations.accountview_mijnwebwinkel import FIELDS, OBJECTS, STOCK
from jjdesk.profile import Profile
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.avmww_world import AvmwwWorld, avmww_world


def _tshirt(world: AvmwwWorld) -> None:
    world.av.add_article("TS", "T-shirt Zeebries", "16.53", ART_GRP="Kleding", STOCK=0.0)
    for size, stock in (("S", 4.0), ("M", 7.0), ("L", 2.0)):
        world.av.add_article(
            f"TS-{size}",
            f"T-shirt {size}",
            "16.53",
            MAIN_ART="TS",
            VAR_AXIS="Maat",
            VAR_VALUE=size,
            STOCK=stock,
            RES_SALE=1.0,
        )


def _variant_stock(world: AvmwwWorld, sku: str) -> dict[str, object]:
    article = world.shop.article_by_sku(sku)
    assert article is not None
    return {v["options"][0]["name"]: v["stock"] for v in article["variants"]}


def test_only_on_create_keeps_a_text_enriched_in_the_shop(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        world.av.add_article("MOK", "Mok Delfts blauw", "8.26", ART_MEMO="Een mok.")
        world.run("products")
        article = world.shop.article_by_sku("MOK")
        assert article is not None
        assert (article["name"], article["description"]) == ("Mok Delfts blauw", "Een mok.")
        assert article["price"]["default"] == "9.99"  # 8.26 net + 21 %
        world.shop.edit_article("MOK", description="Handbeschilderd in Delft, 300 ml.")
        world.av.update_article(
            "MOK",
            ART_DESC1="Mok Delfts blauw 300 ml",
            ART_MEMO="Mok.",
            CNG_DATE="2030-01-01T00:00:00",
        )
        world.run("products")
        article = world.shop.article_by_sku("MOK")
        assert article is not None
        assert article["name"] == "Mok Delfts blauw 300 ml"  # updated
        assert article["description"] == "Handbeschilderd in Delft, 300 ml."  # kept
        assert len(world.shop.state.articles) == 1


def test_an_article_the_merchant_made_is_matched_by_sku_or_ean(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        world.av.add_article("MOK", "Mok", "8.26")
        world.av.add_article("BORD", "Bord", "8.26", EAN_CODE="8712345678906")
        for body in (
            {"name": "Mok (shop)", "sku": "MOK"},
            {
                "name": "Bord (shop)",
                "sku": "B-1",
                "extra": {"invisible": {"barcode": "8712345678906"}},
            },
        ):
            world.shop.handle_json("POST", "articles", body)
        world.run("products")
        assert sorted(a["name"] for a in world.shop.state.articles.values()) == ["Bord", "Mok"]


def test_unlimited_stock_is_null_in_the_shop(profile: Profile, secrets: SecretStore) -> None:
    with avmww_world(profile, secrets) as world:
        world.av.add_article("MOK", "Mok", "8.26", STOCK_MAN=False, STOCK=3.0)
        world.run("products")
        article = world.shop.article_by_sku("MOK")
        assert article is not None and article["stock"] is None
        world.av.update_article("MOK", STOCK_MAN=True)
        world.run("stock")
        article = world.shop.article_by_sku("MOK")
        assert article is not None and article["stock"] == 3


def test_a_variants_stock_is_its_own(profile: Profile, secrets: SecretStore) -> None:
    with avmww_world(profile, secrets) as world:
        _tshirt(world)
        world.run("products")
        article = world.shop.article_by_sku("TS")
        assert article is not None
        assert len(world.shop.state.articles) == 1  # one article with its variants
        assert [c["category_id"] for c in article["categories"]] == list(
            world.shop.state.categories
        )
        # available minus sales reservations
        assert _variant_stock(world, "TS") == {"S": 3, "M": 6, "L": 1}
        world.av.update_article("TS-M", STOCK=2.0)
        outcome = world.run("stock")
        assert outcome.context.counters.written == 1
        assert _variant_stock(world, "TS") == {"S": 3, "M": 1, "L": 1}


def test_the_stock_calculation_is_selectable(profile: Profile, secrets: SecretStore) -> None:
    with avmww_world(profile, secrets) as world:
        world.av.add_article("DOEK", "Theedoek", "4.13", STOCK=12.0, RES_SALE=3.0, ORD_PURCH=10.0)
        world.run("products")
        assert (world.shop.article_by_sku("DOEK") or {})["stock"] == 9
        world.option(STOCK.name, "avmww.on_hand")
        world.run("stock")
        assert (world.shop.article_by_sku("DOEK") or {})["stock"] == 12
        world.option(STOCK.name, "avmww.with_incoming")
        world.run("stock")
        assert (world.shop.article_by_sku("DOEK") or {})["stock"] == 19


def test_categories_exist_before_the_articles_that_use_them(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        world.av.add_article("MOK", "Mok", "8.26", ART_GRP="Keuken")
        world.av.add_article("DOEK", "Theedoek", "4.13", ART_GRP="Keuken")
        world.run("products")
        (kitchen,) = world.shop.state.categories.values()
        assert kitchen["title"] == "Keuken"
        posts = [e.request.path for e in world.shop.exchanges if e.request.method == "POST"]
        assert posts.index("/v1/categories") < posts.index("/v1/articles")


def test_a_price_that_does_not_parse_is_an_error_not_a_zero(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        world.av.add_article("MOK", "Mok", "8.26")
        world.av.update_article("MOK", SALE_PRICE="acht")
        world.av.add_article("DOEK", "Theedoek", "4.13")
        outcome = world.run("products")
        (problem,) = outcome.context.problems
        assert problem.item_id == "MOK" and "SALE_PRICE" in problem.message
        assert world.shop.article_by_sku("MOK") is None
        assert world.shop.article_by_sku("DOEK") is not None


def test_this_integration_has_no_level_rules(profile: Profile, secrets: SecretStore) -> None:
    with avmww_world(profile, secrets) as world:
        assert not world.app.has_level_rules("avmww")


def test_a_mapped_field_accountview_lacks_is_named_once_for_the_run(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        world.av.add_article("MOK", "Mok", "8.26")
        world.option(FIELDS.name, '{"article.name": "OMSCHR_NL"}')
        outcome = world.run("products", ok=False)
        assert outcome.status is RunStatus.FAILED
        assert "OMSCHR_NL" in outcome.message and "ART" in outcome.message
        world.option(FIELDS.name, '{"artikel.naam": "ART_DESC1"}')
        outcome = world.run("products", ok=False)
        assert outcome.status is RunStatus.FAILED and "artikel.naam" in outcome.message
        world.option(FIELDS.name, '{"article.name": "ART_DESC1"}')
        world.run("products")
        assert world.shop.article_by_sku("MOK") is not None


def test_business_objects_are_found_by_description_or_named_by_the_merchant(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        world.av.add_article("MOK", "Mok", "8.26")
        # "Artikelgroepen" comes before "Artikelen" in the dictionary: not mistaken for it
        world.run("products")
        world.option(OBJECTS.name, '{"article": "AGR"}')  # a wrong code: a clear failure
        outcome = world.run("products", ok=False)
        assert outcome.status is RunStatus.FAILED and "AGR" in outcome.message
