"""German and English texts of the Shopify connector, registered with the core catalogue."""

from __future__ import annotations

from jjdesk import i18n

SYSTEM = "Shopify"

i18n.register(
    {
        "shopify.definition.refused": {
            "de": "Shopify hat das Feld für die Afterbuy-ProductID nicht angelegt",
            "en": "Shopify did not create the field for the Afterbuy ProductID",
        },
        "shopify.definition.refused.msg": {
            "de": "jjdesk erkennt Produkte in Shopify an einem Metafeld mit eindeutigen Werten "
            "({namespace}.{key}). Shopify hat es abgelehnt: {text}. Prüfen Sie, ob die App "
            "Metafelder anlegen darf.",
            "en": "jjdesk recognises products in Shopify by a metafield with unique values "
            "({namespace}.{key}). Shopify refused it: {text}. Check that the app may create "
            "metafield definitions.",
        },
        "shopify.config.shop": {
            "de": "Der Shop-Name (…myshopify.com) fehlt.",
            "en": "The shop name (…myshopify.com) is missing.",
        },
        "shopify.config.credentials": {
            "de": "Für Shopify fehlt ein Zugriffstoken oder Client-ID und Client-Secret.",
            "en": "Shopify needs an access token or a client ID and client secret.",
        },
        "shopify.auth.http": {
            "de": "HTTP {status}",
            "en": "HTTP {status}",
        },
        "shopify.auth.scope": {
            "de": "der App fehlt eine Berechtigung: {detail}",
            "en": "the app lacks a permission: {detail}",
        },
        "shopify.shop_not_found": {
            "de": "Der Shop „{shop}“ wurde nicht gefunden. Prüfen Sie den Shop-Namen.",
            "en": "The shop “{shop}” was not found. Check the shop name.",
        },
        "shopify.error": {
            "de": "Shopify meldet einen Fehler ({code}): {text}",
            "en": "Shopify reports an error ({code}): {text}",
        },
        "shopify.bad_answer": {
            "de": "Shopify hat eine unlesbare Antwort geschickt (HTTP {status}).",
            "en": "Shopify sent an unreadable answer (HTTP {status}).",
        },
        "shopify.throttled": {
            "de": "Shopify hat die Anfrage wiederholt gedrosselt.",
            "en": "Shopify kept throttling the request.",
        },
        "shopify.product.too_many_options": {
            "de": "Die Variante hat {count} Merkmale ({names}); Shopify erlaubt höchstens 3.",
            "en": "The variation has {count} options ({names}); Shopify allows at most 3.",
        },
        "shopify.product.too_many_options.hint": {
            "de": "Fassen Sie Merkmale zusammen oder entfernen Sie eines in Afterbuy.",
            "en": "Merge options or remove one in Afterbuy.",
        },
        "shopify.product.too_many_variants": {
            "de": "Die Variante hat {count} Kinder; Shopify erlaubt höchstens {limit}.",
            "en": "The variation has {count} children; Shopify allows at most {limit}.",
        },
        "shopify.product.too_many_variants.hint": {
            "de": "Teilen Sie den Artikel in mehrere Variantenartikel auf.",
            "en": "Split the product into several variation sets.",
        },
        "shopify.product.no_variants": {
            "de": "Der Variantenartikel hat keine Kinder, die übertragen werden.",
            "en": "The variation set has no children to transfer.",
        },
        "shopify.product.no_variants.hint": {
            "de": "Ordnen Sie in Afterbuy Kinder zu oder prüfen Sie deren Level.",
            "en": "Assign children in Afterbuy or check their level.",
        },
        "shopify.product.missing_option": {
            "de": "Dem Kind {sku} fehlt ein Wert für das Merkmal „{option}“.",
            "en": "Child {sku} has no value for the option “{option}”.",
        },
        "shopify.product.missing_option.hint": {
            "de": "Jedes Kind braucht einen Wert für jedes Merkmal des Variantenartikels.",
            "en": "Every child needs a value for each option of the variation set.",
        },
        "shopify.product.duplicate_options": {
            "de": "Die Kinder {first} und {second} haben dieselben Merkmalswerte ({values}).",
            "en": "Children {first} and {second} have the same option values ({values}).",
        },
        "shopify.product.duplicate_options.hint": {
            "de": "Jede Kombination der Merkmalswerte darf nur einmal vorkommen.",
            "en": "Each combination of option values may appear only once.",
        },
        "shopify.product.missing_price": {
            "de": "Für {sku} ist kein Preis gesetzt (Verkaufspreis oder shopifyPrice).",
            "en": "{sku} has no price (selling price or shopifyPrice).",
        },
        "shopify.product.missing_price.hint": {
            "de": "Tragen Sie in Afterbuy einen Verkaufspreis ein.",
            "en": "Enter a selling price in Afterbuy.",
        },
        "shopify.product.bad_image": {
            "de": "Ungültige Bild-URL „{url}“: {reason}",
            "en": "Invalid image URL “{url}”: {reason}",
        },
        "shopify.product.bad_image.cause": {
            "de": "Ungültiger Bildlink",
            "en": "Invalid image link",
        },
        "shopify.product.bad_image.hint": {
            "de": "Korrigieren Sie den Bildlink in Afterbuy (vollständige http(s)-Adresse "
            "mit Pfad, Umlaute und Leerzeichen im Dateinamen vermeiden).",
            "en": "Fix the image link in Afterbuy (a full http(s) address with a path; "
            "avoid umlauts and spaces in the file name).",
        },
        "shopify.image.no_scheme": {
            "de": "keine http- oder https-Adresse",
            "en": "not an http or https address",
        },
        "shopify.image.no_host": {"de": "kein Servername", "en": "no host name"},
        "shopify.image.no_path": {
            "de": "kein Pfad zur Bilddatei",
            "en": "no path to the image file",
        },
        "shopify.image.non_ascii": {
            "de": "enthält Umlaute, Leerzeichen oder Sonderzeichen ({chars})",
            "en": "contains umlauts, spaces or special characters ({chars})",
        },
        "shopify.image.failed": {
            "de": "Shopify konnte das Bild „{url}“ nicht laden ({detail}).",
            "en": "Shopify could not load the image “{url}” ({detail}).",
        },
        "shopify.image.failed.cause": {
            "de": "Bild konnte nicht geladen werden",
            "en": "Image could not be loaded",
        },
        "shopify.image.failed.hint": {
            "de": "Prüfen Sie, ob der Bildlink im Browser öffnet; der Artikel selbst wurde "
            "übertragen.",
            "en": "Check that the image link opens in a browser; the product itself was "
            "transferred.",
        },
        "shopify.user_error": {
            "de": "Shopify lehnt ab: {text}",
            "en": "Shopify refuses: {text}",
        },
        "shopify.stock.not_exported": {
            "de": "Der Artikel {sku} ist noch nicht in Shopify angelegt; der Bestand "
            "folgt nach dem Artikelexport.",
            "en": "Product {sku} does not exist in Shopify yet; its stock follows after the "
            "product export.",
        },
        "shopify.stock.no_location": {
            "de": "Der Shop hat keinen aktiven Lagerort.",
            "en": "The shop has no active location.",
        },
        "shopify.order.unreadable": {
            "de": "Die Bestellung ist nicht lesbar: {field} = „{value}“",
            "en": "The order cannot be read: {field} = “{value}”",
        },
        "shopify.order.unreadable.hint": {
            "de": "Die Bestellung in Shopify prüfen und korrigieren; jjdesk liest sie nach der "
            "Änderung erneut. Die übrigen Bestellungen werden übernommen.",
            "en": "Check and correct the order in Shopify; jjdesk reads it again after the "
            "change. The other orders are imported.",
        },
        "shopify.order.field_error": {
            "de": "Shopify konnte die Bestellung nicht vollständig liefern ({detail})",
            "en": "Shopify could not deliver the order completely ({detail})",
        },
        "shopify.order.not_found": {
            "de": "Die Bestellung wurde in Shopify nicht gefunden.",
            "en": "The order was not found in Shopify.",
        },
        "shopify.order.test": {
            "de": "Shopify-Testbestellung",
            "en": "Shopify test order",
        },
        "shopify.order.discount": {
            "de": "Rabatte in den Preisen: −{amount}",
            "en": "Discounts in the prices: −{amount}",
        },
        "shopify.order.discount_codes": {
            "de": "Rabatte in den Preisen: −{amount} (Code {codes})",
            "en": "Discounts in the prices: −{amount} (code {codes})",
        },
        "shopify.publish.refused": {
            "de": "Der Artikel wurde übertragen, aber Shopify hat die Veröffentlichung in den "
            "Verkaufskanälen abgelehnt: {text}",
            "en": "The product was transferred, but Shopify refused to publish it in the "
            "sales channels: {text}",
        },
        "shopify.channels.gone": {
            "de": "Ein gewählter Shopify-Verkaufskanal existiert nicht mehr",
            "en": "A chosen Shopify sales channel no longer exists",
        },
        "shopify.channels.gone.msg": {
            "de": "Die Verkaufskanäle {ids} gibt es im Shop nicht mehr. Wählen Sie unter "
            "„Einstellungen“ die Verkaufskanäle neu, in denen die Artikel erscheinen sollen.",
            "en": "The sales channels {ids} no longer exist in the shop. Choose the sales "
            "channels the products are to appear in again under “Settings”.",
        },
        "shopify.channels.no_store": {
            "de": "Der Shop hat keinen Onlineshop-Verkaufskanal",
            "en": "The shop has no Online Store sales channel",
        },
        "shopify.channels.no_store.msg": {
            "de": "jjdesk veröffentlicht Artikel ohne Auswahl im Onlineshop, den der Shop nicht "
            "hat. Wählen Sie unter „Einstellungen“ die Verkaufskanäle für die Artikel.",
            "en": "Without a choice jjdesk publishes products in the Online Store, which the "
            "shop does not have. Choose the sales channels for the products under "
            "“Settings”.",
        },
        "shopify.scope.write_products": {
            "de": "Artikel anlegen und ändern",
            "en": "create and change products",
        },
        "shopify.scope.write_inventory": {"de": "Bestände setzen", "en": "set stock levels"},
        "shopify.scope.read_locations": {"de": "Lagerort finden", "en": "find the location"},
        "shopify.scope.read_orders": {"de": "Bestellungen lesen", "en": "read orders"},
        "shopify.scope.write_publications": {
            "de": "Artikel in Verkaufskanälen veröffentlichen",
            "en": "publish products in sales channels",
        },
        "shopify.scope.read_merchant_managed_fulfillment_orders": {
            "de": "offene Versandaufträge lesen",
            "en": "read open fulfilment orders",
        },
        "shopify.scope.write_merchant_managed_fulfillment_orders": {
            "de": "Versand melden",
            "en": "report shipments",
        },
        "shopify.fulfilment.refused": {
            "de": "Shopify hat die Versandmeldung abgelehnt: {text}",
            "en": "Shopify refused the shipment: {text}",
        },
    }
)
