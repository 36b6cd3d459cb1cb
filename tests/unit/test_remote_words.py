"""What a remote system says back is kept only without the buyer's contact data."""

from __future__ import annotations

import httpx

from jjdesk.connectors.privacy import refusal_words, without_addresses


def test_an_e_mail_address_in_a_channels_refusal_is_masked_and_the_reason_stays() -> None:
    text = "Order 4711: customer Anna.Lüdtke+shop@example-mail.de already notified; qty 3 > 2"
    kept = without_addresses(text)
    assert "example-mail" not in kept and "Lüdtke" not in kept
    assert kept == "Order 4711: customer … already notified; qty 3 > 2"


def test_a_refusal_without_an_address_is_kept_as_it_is() -> None:
    text = "ITEM 12 shipped already (quantity 1 of 1), IDCODE 0034043416"
    assert without_addresses(text) == text


def test_a_json_refusal_gives_its_message_without_the_address() -> None:
    answer = httpx.Response(422, json={"message": "Status not allowed for jan@voorbeeld.nl"})
    assert refusal_words(answer, ("message",), 160) == "Status not allowed for …"


def test_a_refusal_that_is_no_json_gives_its_text_cut_short() -> None:
    answer = httpx.Response(500, text="x" * 300)
    assert refusal_words(answer, ("message",), 160) == "x" * 160
