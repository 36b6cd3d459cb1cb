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
        "afterbuy.order.passing": {
            "de": "Afterbuy hat die Bestellung vorübergehend nicht angenommen: {text}",
            "en": "Afterbuy did not take the order for now: {text}",
        },
        "afterbuy.order.passing.hint": {
            "de": "jjdesk versucht es bei den nächsten Läufen erneut; Sie müssen nichts tun.",
            "en": "jjdesk tries again in the next runs; there is nothing to do.",
        },
        "afterbuy.order.no_answer": {
            "de": "Afterbuy hat keine lesbare Antwort geschickt (leer oder eine Webseite statt "
            "einer Antwort der Shop-Schnittstelle); die Bestellung ist dort nicht angelegt.",
            "en": "Afterbuy sent no readable answer (empty, or a web page instead of the shop "
            "interface's answer); the order was not created there.",
        },
        "afterbuy.order.no_answer.hint": {
            "de": "jjdesk versucht es erneut. Bleibt es dabei, prüfen Sie Proxy oder Firewall "
            "zwischen diesem Rechner und api.afterbuy.de.",
            "en": "jjdesk tries again. If it persists, check any proxy or firewall between "
            "this computer and api.afterbuy.de.",
        },
        "afterbuy.order.reference": {
            "de": "Die Bestellnummer für Afterbuy „{reference}“ ist länger als 40 Zeichen oder "
            "enthält Leerzeichen; Afterbuy kann sie nicht als VID führen.",
            "en": "The order number for Afterbuy “{reference}” is longer than 40 characters "
            "or contains spaces; Afterbuy cannot keep it as its VID.",
        },
        "afterbuy.order.currency": {
            "de": "Die Währung „{currency}“ ist kein dreistelliger Code (z. B. EUR).",
            "en": "The currency “{currency}” is no three-letter code (e.g. EUR).",
        },
        "afterbuy.order.fix.hint": {
            "de": "Korrigieren Sie die Bestellung im Kanal; sie wird danach erneut übertragen.",
            "en": "Correct the order in the channel; it is sent again afterwards.",
        },
        "afterbuy.https_required": {
            "de": "Afterbuy verlangt eine verschlüsselte Verbindung",
            "en": "Afterbuy requires an encrypted connection",
        },
        "afterbuy.https_required.msg": {
            "de": "Die Shop-Schnittstelle hat geantwortet, dass sie nur über https erreichbar "
            "ist. Tragen Sie unter Verbindungen eine https-Adresse ein.",
            "en": "The shop interface answered that it is reachable over https only. Enter "
            "an https address under Connections.",
        },
        "afterbuy.call_failed": {
            "de": "Afterbuy hat {call} mit Fehler {code} beantwortet",
            "en": "Afterbuy answered {call} with error {code}",
        },
        "afterbuy.product.unreadable": {
            "de": "Die Daten dieses Artikels enthalten ein Zeichen, das Afterbuys Antwort "
            "unlesbar macht (ein Steuerzeichen oder eine ungültige Zeichenkodierung).",
            "en": "This product's data contains a character that makes Afterbuy's answer "
            "unreadable (a control character or an invalid encoding).",
        },
        "afterbuy.product.unreadable.field": {
            "de": "Das Feld „{field}“ dieses Artikels enthält ein Zeichen, das Afterbuys "
            "Antwort unlesbar macht (ein Steuerzeichen oder eine ungültige Zeichenkodierung).",
            "en": "The field “{field}” of this product contains a character that makes "
            "Afterbuy's answer unreadable (a control character or an invalid encoding).",
        },
        "afterbuy.product.unreadable.hint": {
            "de": "Geben Sie den Text im Afterbuy-Artikel {product_id} neu ein, statt ihn "
            "einzufügen; unsichtbare Sonderzeichen kommen meist aus kopierten Texten.",
            "en": "Type the text in Afterbuy product {product_id} again instead of pasting "
            "it; invisible special characters mostly come from copied text.",
        },
        "afterbuy.paging_stuck": {
            "de": "Afterbuy liefert die Liste nicht weiter",
            "en": "Afterbuy does not continue the list",
        },
        "afterbuy.paging_stuck.msg": {
            "de": "Afterbuy meldet weitere Einträge für {call}, liefert aber keine neuen. "
            "jjdesk bricht ab, statt mit einer unvollständigen Liste weiterzuarbeiten.",
            "en": "Afterbuy reports more entries for {call} but sends no new ones. jjdesk "
            "stops rather than go on with an incomplete list.",
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
