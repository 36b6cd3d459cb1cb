"""Every MijnWebwinkel request jjdesk sends and every answer the simulator gives validates
against the official OpenAPI description (openapi-core), over the whole integration."""

from __future__ import annotations

from jjdesk.profile import Profile
from jjdesk.secrets import SecretStore
from tests.avmww_world import avmww_world
from tests.mww_openapi import check


def test_all_mijnwebwinkel_traffic_conforms_to_the_openapi_description(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets, seeded=True) as world:
        world.run("products")
        world.av.update_article("TS-ZEE-S", STOCK=1.0)
        world.av.update_article("MOK-DELFT", STOCK_MAN=True, STOCK=4.0)
        world.run("stock")
        world.option("done_status", "3")
        world.run("orders")
        world.app.test_connection("mijnwebwinkel")
        exchanges = list(world.shop.exchanges)
        paths = {(e.request.method, e.request.path.split("/")[2]) for e in exchanges}
        # the calls the integration makes, all of them seen
        assert {
            ("GET", "articles"),
            ("POST", "articles"),
            ("PATCH", "articles"),
            ("GET", "categories"),
            ("POST", "categories"),
            ("POST", "articlelists"),
            ("GET", "articlelists"),
            ("POST", "articlelistoptions"),
            ("GET", "orders"),
            ("PATCH", "orders"),
            ("GET", "orderstatuses"),
        } <= paths
        findings = [f for e in exchanges for f in check(e.request, e.response)]
        assert findings == [], "\n".join(
            f"{f.what} {f.method} {f.path}: {f.error}" for f in findings[:5]
        )


def test_the_checker_finds_a_request_the_description_forbids() -> None:
    from jjdesk.sandbox.server import SimRequest, SimResponse

    request = SimRequest(
        "GET",
        "/v1/orders",
        {"token": ["t"], "partner_token": ["p"], "limit": ["500"]},
        {},
        b"",
    )
    findings = check(request, SimResponse(200, b"[]", "application/json"))
    assert [f.what for f in findings] == ["request"]
    unlimited = SimRequest(
        "PATCH",
        "/v1/articles/1",
        {"token": ["t"], "partner_token": ["p"]},
        {"Content-Type": "application/json"},
        b'{"stock": null}',
    )
    answer = SimResponse(200, b'{"id": 1, "name": "Mok", "categories": [], "stock": null}', "")
    assert check(unlimited, answer) == []
