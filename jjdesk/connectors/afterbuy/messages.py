"""German and English texts of the Afterbuy connector, registered at import."""

from __future__ import annotations

from jjdesk import i18n

SYSTEM = "Afterbuy"

i18n.register(
    {
        "afterbuy.product.bad_value": {
            "de": "Das Feld „{field}“ hat einen ungültigen Wert: „{value}“.",
            "en": "The field “{field}” has an invalid value: “{value}”.",
        },
        "afterbuy.product.bad_value.hint": {
            "de": "Korrigieren Sie den Wert im Afterbuy-Artikel {product_id}.",
            "en": "Correct the value in Afterbuy product {product_id}.",
        },
        "afterbuy.product.no_id": {
            "de": "Ein Artikel ohne ProductID wurde übersprungen.",
            "en": "A product without a ProductID was skipped.",
        },
        "afterbuy.order.sku_not_numeric": {
            "de": "Die Artikelnummer (SKU) „{sku}“ enthält nicht nur Ziffern und passt daher "
            "zu keiner Afterbuy-ProductID.",
            "en": "The article number (SKU) “{sku}” is not all digits, so it cannot match an "
            "Afterbuy ProductID.",
        },
        "afterbuy.order.sku_not_numeric.hint": {
            "de": "Tragen Sie im Kanal als SKU die Afterbuy-ProductID ein (nur Ziffern) oder "
            "aktivieren Sie die Artikelerkennung durch Afterbuy.",
            "en": "Enter the Afterbuy ProductID (digits only) as the SKU in the channel, or "
            "enable article identification by Afterbuy.",
        },
        "afterbuy.order.refused": {
            "de": "Afterbuy hat die Bestellung abgelehnt: {text}",
            "en": "Afterbuy refused the order: {text}",
        },
        "afterbuy.order.refused.hint": {
            "de": "Prüfen Sie die Bestellung im Kanal und die Artikel in Afterbuy.",
            "en": "Check the order in the channel and the products in Afterbuy.",
        },
        "afterbuy.bad_response": {
            "de": "Afterbuy hat eine unlesbare Antwort geschickt",
            "en": "Afterbuy sent an unreadable answer",
        },
        "afterbuy.bad_response.msg": {
            "de": "Die Antwort auf {call} war kein gültiges XML, auch nach erneutem Versuch.",
            "en": "The answer to {call} was not valid XML, also after retrying.",
        },
    }
)
