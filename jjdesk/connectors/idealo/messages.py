"""The idealo connector's sentences for merchants (German and English)."""

from __future__ import annotations

from jjdesk import i18n

OFFER_SYSTEM = "idealo"
ORDER_SYSTEM = "idealo-Bestellungen"

i18n.register(
    {
        "idealo.sku.unsafe": {
            "de": "Die SKU „{sku}“ kann nicht in idealos Adresse stehen (erlaubt sind Buchstaben, "
            "Ziffern und - . _ ~; nicht / ; \\ % ? # oder Leerzeichen).",
            "en": "The SKU “{sku}” cannot travel in idealo's address (letters, digits and "
            "- . _ ~ are allowed; not / ; \\ % ? # or spaces).",
        },
        "idealo.sku.unsafe.hint": {
            "de": "Die Afterbuy-ProductID als SKU verwenden oder die SKU umbenennen.",
            "en": "Use the Afterbuy ProductID as the SKU or rename the SKU.",
        },
        "idealo.offer.no_price": {
            "de": "Der Artikel hat weder einen Preis „idealoPrice“ noch einen Verkaufspreis.",
            "en": "The product has neither an “idealoPrice” nor a selling price.",
        },
        "idealo.offer.no_price.hint": {
            "de": "In Afterbuy unter Preise und Bestände den Verkaufspreis oder das Preisfeld "
            "idealoPrice eintragen.",
            "en": "Enter the selling price or the price field idealoPrice in Afterbuy under "
            "Prices and stock.",
        },
        "idealo.offer.no_delivery": {
            "de": "Der Artikel hat keine Lieferzeit; idealo zeigt sie bei jedem Angebot.",
            "en": "The product has no delivery time; idealo shows it with every offer.",
        },
        "idealo.offer.no_delivery.hint": {
            "de": "In Afterbuy unter Afterbuy-Shop-relevante Daten → Lieferzeit eintragen, "
            "z. B. „1-3 Werktage“.",
            "en": "Enter it in Afterbuy under Afterbuy shop data → Delivery time, e.g. "
            "“1-3 Werktage”.",
        },
        "idealo.offer.size_abbreviated": {
            "de": "Die Größe „{size}“ ist abgekürzt; idealo bittet um ausgeschriebene Größen "
            "(z. B. „Medium“ statt „M“). Das Angebot wurde trotzdem übertragen.",
            "en": "The size “{size}” is abbreviated; idealo asks for sizes written out (e.g. "
            "“Medium” instead of “M”). The offer was sent anyway.",
        },
        "idealo.offer.size_abbreviated.hint": {
            "de": "In Afterbuy den Variantenwert ausschreiben oder in Freifeld 4 „Size=Medium;“ "
            "angeben.",
            "en": "Write the variant value out in Afterbuy or give “Size=Medium;” in free field 4.",
        },
        "idealo.offer.refused": {
            "de": "idealo lehnt das Angebot ab: {text}",
            "en": "idealo refuses the offer: {text}",
        },
        "idealo.offer.refused.hint": {
            "de": "Das genannte Feld in Afterbuy korrigieren; jjdesk sendet das Angebot danach "
            "erneut.",
            "en": "Correct the field named in Afterbuy; jjdesk sends the offer again afterwards.",
        },
        "idealo.offer.general.hint": {
            "de": "jjdesk versucht es später erneut; bleibt der Fehler, idealo (tam@idealo.de) "
            "fragen.",
            "en": "jjdesk tries again later; if the error stays, ask idealo (tam@idealo.de).",
        },
        "idealo.offer.gone": {
            "de": "idealo kannte das Angebot beim Bestandsabgleich nicht mehr; es wird neu "
            "übertragen.",
            "en": "idealo no longer had the offer when its stock was sent; it is sent again.",
        },
        "idealo.stock.no_offer": {
            "de": "Für diesen Artikel gibt es (noch) kein idealo-Angebot.",
            "en": "There is no idealo offer for this product (yet).",
        },
        "idealo.throttled": {
            "de": "idealo hat die Anfrage wiederholt wegen zu vieler Anfragen abgewiesen (429); "
            "sie wird beim nächsten Lauf gesendet.",
            "en": "idealo kept refusing the request for too many requests (429); it is sent "
            "on the next run.",
        },
        "idealo.http_error": {
            "de": "idealo antwortete mit HTTP {status}.",
            "en": "idealo answered HTTP {status}.",
        },
        "idealo.shop_id.missing": {
            "de": "idealo-Shop-ID unbekannt",
            "en": "idealo shop id unknown",
        },
        "idealo.shop_id.missing.msg": {
            "de": "Die Anmeldung bei idealo nannte keine Shop-ID. Bitte die Shop-ID unter "
            "„Verbindungen → idealo“ eintragen.",
            "en": "Signing in to idealo named no shop id. Please enter the shop id under "
            "“Connections → idealo”.",
        },
        "idealo.forbidden": {
            "de": "idealo verweigert den Zugriff",
            "en": "idealo denies access",
        },
        "idealo.forbidden.msg": {
            "de": "Die API-Zugangsdaten gehören nicht zum Shop {shop} oder haben nicht die "
            "nötigen Rechte. Bitte in idealo Business unter Einstellungen → API-Client prüfen.",
            "en": "The API credentials do not belong to shop {shop} or lack the rights needed. "
            "Please check in idealo Business under Settings → API client.",
        },
        "idealo.product_url.missing": {
            "de": "Adresse der Artikelseiten fehlt",
            "en": "Product page address missing",
        },
        "idealo.product_url.missing.msg": {
            "de": "idealo verlinkt jedes Angebot auf die Artikelseite Ihres Shops. Bitte unter "
            "„Verbindungen → idealo“ die Adresse eintragen, {sku} steht für die ProductID "
            "(z. B. https://www.mein-shop.de/artikel/{sku}).",
            "en": "idealo links every offer to the product page in your shop. Please enter the "
            "address under “Connections → idealo”, {sku} standing for the ProductID (e.g. "
            "https://www.my-shop.de/product/{sku}).",
        },
        "idealo.orders.no_client": {
            "de": "Zugang zur idealo-Bestell-API fehlt",
            "en": "Access to idealo's order API missing",
        },
        "idealo.orders.no_client.msg": {
            "de": "Bestellimport und Versandmeldung brauchen die Zugangsdaten der Merchant Order "
            "API (MOA 2.0) aus idealo Business. Bitte unter „Verbindungen → idealo“ eintragen.",
            "en": "Order import and shipping update need the Merchant Order API (MOA 2.0) "
            "credentials from idealo Business. Please enter them under “Connections → idealo”.",
        },
        "idealo.order.unreadable": {
            "de": "Die idealo-Bestellung ist nicht lesbar: „{field}“ hat den Wert „{value}“.",
            "en": "The idealo order cannot be read: “{field}” has the value “{value}”.",
        },
        "idealo.order.unreadable.hint": {
            "de": "Die Bestellung in idealo Business prüfen; jjdesk liest sie erneut, sobald "
            "sie sich ändert.",
            "en": "Check the order in idealo Business; jjdesk reads it again once it changes.",
        },
        "idealo.order.total": {
            "de": "Positionen und Versand ergeben {computed}, idealo nennt als Gesamtpreis "
            "{gross}.",
            "en": "Lines and shipping add up to {computed}, idealo names {gross} as the total.",
        },
        "idealo.order.pickup": {
            "de": "PICKUP_Service: {price} (Altgeräte-Mitnahme)",
            "en": "PICKUP_Service: {price} (old appliance pickup)",
        },
        "idealo.order.two_man": {
            "de": "Two Man Handling Fee: {price} (Lieferung durch zwei Personen)",
            "en": "Two Man Handling Fee: {price} (two-man delivery)",
        },
        "idealo.order.option": {
            "de": "Lieferoption {option}: {price}",
            "en": "Delivery option {option}: {price}",
        },
        "idealo.order.revoked": {
            "de": "bei idealo vollständig widerrufen",
            "en": "fully revoked at idealo",
        },
        "idealo.order.revoking": {
            "de": "bei idealo wurde ein Widerruf beantragt",
            "en": "a revocation was requested at idealo",
        },
        "idealo.order.partially_revoked": {
            "de": "bei idealo teilweise widerrufen ({lines})",
            "en": "partially revoked at idealo ({lines})",
        },
        "idealo.order.revoked_line": {
            "de": "SKU {sku}: {revoked} von {quantity} widerrufen",
            "en": "SKU {sku}: {revoked} of {quantity} revoked",
        },
        "idealo.order.not_found": {
            "de": "idealo kennt die Bestellung nicht (mehr).",
            "en": "idealo does not know the order (any more).",
        },
        "idealo.order.refused": {
            "de": "idealo lehnt ab: {text}",
            "en": "idealo refuses: {text}",
        },
        "idealo.order.refused.hint": {
            "de": "jjdesk versucht es später erneut; bleibt der Fehler, die Bestellung in idealo "
            "Business prüfen.",
            "en": "jjdesk tries again later; if the error stays, check the order in idealo "
            "Business.",
        },
        "idealo.shipping.revoked": {
            "de": "Die Bestellung ist bei idealo widerrufen; die Versanddaten wurden nicht "
            "gemeldet.",
            "en": "The order is revoked at idealo; the shipping data was not sent.",
        },
        "idealo.shipping.revoked.hint": {
            "de": "Die Bestellung in Afterbuy und idealo Business prüfen.",
            "en": "Check the order in Afterbuy and in idealo Business.",
        },
        "idealo.carrier.unknown": {
            "de": "Die Versandart „{method}“ ist keinem idealo-Versanddienstleister zugeordnet. "
            "Erlaubt: {allowed}.",
            "en": "The shipping method “{method}” is mapped to no idealo carrier. Allowed: "
            "{allowed}.",
        },
        "idealo.carrier.unknown.hint": {
            "de": "Unter „Einstellungen → idealo → Versandarten“ die Afterbuy-Versandart einem "
            "Dienstleister zuordnen oder in Afterbuy den Dienstleister als Versandart eintragen.",
            "en": "Map the Afterbuy shipping method to a carrier under “Settings → idealo → "
            "Shipping methods” or enter the carrier as the shipping method in Afterbuy.",
        },
        "idealo.test.ok": {
            "de": "Angebots-API: Shop {shop}",
            "en": "offer API: shop {shop}",
        },
        "idealo.test.orders_ok": {
            "de": "Bestell-API: Shop {shop}",
            "en": "order API: shop {shop}",
        },
    }
)
