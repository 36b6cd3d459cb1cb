"""Which AccountView field holds which of jjdesk's values: the field mapping, as data.

AccountView publishes no fixed codes for articles, stock or sales documents; each
installation's dictionaries say what exists. The mapping names fields only (the
dictionary tells in which table of the business object a field lives). The default
covers the fields the reference integration maps: customer name, invoice and delivery
street with number, postal code, city and country, SKU/EAN, quantity, price; for
products name, SKU, EAN, long and short description, price, tax, quantity. The
merchant may override any entry; `merged` checks the overrides name known targets.
"""

from __future__ import annotations

from types import MappingProxyType

DEFAULT: MappingProxyType[str, str] = MappingProxyType(
    {
        # articles (read)
        "article.code": "ART_CODE",
        "article.name": "ART_DESC1",
        "article.short_description": "ART_DESC2",
        "article.description": "ART_MEMO",
        "article.ean": "EAN_CODE",
        "article.price": "SALE_PRICE",
        "article.tax_rate": "VAT_PCT",
        "article.weight": "WEIGHT",
        "article.category": "ART_GRP",
        "article.picture": "PICT_URL",
        "article.parent": "MAIN_ART",
        "article.option_name": "VAR_AXIS",
        "article.option_value": "VAR_VALUE",
        "article.changed": "CNG_DATE",
        "stock.on_hand": "STOCK",
        "stock.reserved": "RES_SALE",
        "stock.incoming": "ORD_PURCH",
        "stock.managed": "STOCK_MAN",
        # debtors (AR1, table CONTACT)
        "debtor.number": "SUB_NR",
        "debtor.name": "ACCT_NAME",
        "debtor.search_code": "SRC_CODE",
        "debtor.is_company": "IS_COMP",
        "debtor.street": "ADDRESS1",
        "debtor.postal_code": "POST_CODE",
        "debtor.city": "CITY",
        "debtor.country": "CNT_CODE",
        "debtor.email": "MAIL_BUS",
        "debtor.phone": "TEL_BUS",
        # contact persons of a company debtor
        "contact.debtor": "SUB_NR",
        "contact.name": "CONT_NAME",
        "contact.email": "MAIL_BUS",
        # sales orders and invoices: header
        "document.number": "DOC_NR",
        "document.reference": "CUST_REF",
        "document.debtor": "SUB_NR",
        "document.date": "DOC_DATE",
        "document.payment_method": "PAY_MTH",
        "document.payment_terms": "PAY_COND",
        "document.costs": "SHIP_COST",
        "document.delivery_name": "DLV_NAME",
        "document.delivery_street": "DLV_ADDR",
        "document.delivery_postal_code": "DLV_PC",
        "document.delivery_city": "DLV_CITY",
        "document.delivery_country": "DLV_CNT",
        # … and lines
        "line.article": "ART_CODE",
        "line.description": "LINE_DESC",
        "line.quantity": "QTY",
        "line.price": "PRICE",
        "line.tax_rate": "VAT_PCT",
    }
)


def merged(overrides: dict[str, str]) -> dict[str, str]:
    """The default with the merchant's entries (an empty one keeps the default); a
    target jjdesk does not know is a `ValueError` naming it and the known ones."""
    unknown = sorted(set(overrides) - set(DEFAULT))
    if unknown:
        raise ValueError(", ".join(unknown))
    fields = dict(DEFAULT)
    for target, name in overrides.items():
        if name.strip():
            fields[target] = name.strip().upper()
    return fields


def of(fields: dict[str, str], prefix: str) -> dict[str, str]:
    """The entries of one group ("debtor", "document", "line", …) by their short name."""
    start = f"{prefix}."
    return {k[len(start) :]: v for k, v in fields.items() if k.startswith(start)}
