"""Every GraphQL document the connector sends, in one place.

`ALL_DOCUMENTS` maps a name to (document, example variables) so that a conformance test
can validate each one against Shopify's real schema of the pinned version.
"""

from __future__ import annotations

SHOP_NAME = """
query ShopName {
  shop { name }
}
"""

LOCATIONS = """
query Locations($first: Int!) {
  locations(first: $first) {
    nodes { id name isActive }
  }
}
"""

_VARIANT_FIELDS = "nodes { id sku inventoryItem { id } } pageInfo { hasNextPage endCursor }"
_MEDIA_FIELDS = "nodes { id alt status mediaErrors { code message } }"

PRODUCT_SET = f"""
mutation ProductSet(
  $input: ProductSetInput!
  $identifier: ProductSetIdentifiers
  $synchronous: Boolean!
  $variantsFirst: Int!
  $mediaFirst: Int!
) {{
  productSet(input: $input, identifier: $identifier, synchronous: $synchronous) {{
    product {{
      id
      variants(first: $variantsFirst) {{ {_VARIANT_FIELDS} }}
      media(first: $mediaFirst) {{ {_MEDIA_FIELDS} }}
    }}
    userErrors {{ field message code }}
  }}
}}
"""

PRODUCT_VARIANTS = f"""
query ProductVariants($id: ID!, $first: Int!, $after: String) {{
  product(id: $id) {{
    variants(first: $first, after: $after) {{ {_VARIANT_FIELDS} }}
  }}
}}
"""

PRODUCT_MEDIA = f"""
query ProductMedia($id: ID!, $first: Int!) {{
  product(id: $id) {{
    media(first: $first) {{ {_MEDIA_FIELDS} }}
  }}
}}
"""

PRODUCT_BY_IDENTIFIER = """
query ProductByIdentifier($identifier: ProductIdentifierInput!) {
  productByIdentifier(identifier: $identifier) { id }
}
"""

PRODUCTS_BY_TITLE = """
query ProductsByTitle($first: Int!, $query: String!, $namespace: String!, $key: String!) {
  products(first: $first, query: $query, sortKey: RELEVANCE) {
    nodes { id title metafield(namespace: $namespace, key: $key) { value } }
  }
}
"""

METAFIELD_DEFINITION = """
query MetafieldDefinition($identifier: MetafieldDefinitionIdentifierInput!) {
  metafieldDefinition(identifier: $identifier) {
    id
    capabilities { uniqueValues { enabled } }
  }
}
"""

METAFIELD_DEFINITION_CREATE = """
mutation MetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
  metafieldDefinitionCreate(definition: $definition) {
    createdDefinition { id }
    userErrors { field message code }
  }
}
"""

METAFIELD_DEFINITION_UPDATE = """
mutation MetafieldDefinitionUpdate($definition: MetafieldDefinitionUpdateInput!) {
  metafieldDefinitionUpdate(definition: $definition) {
    updatedDefinition { id }
    userErrors { field message code }
  }
}
"""

PRODUCT_DELETE = """
mutation ProductDelete($input: ProductDeleteInput!) {
  productDelete(input: $input) {
    deletedProductId
    userErrors { field message }
  }
}
"""

INVENTORY_SET_QUANTITIES = """
mutation InventorySetQuantities($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}
"""

PUBLICATIONS = """
query Publications($first: Int!, $after: String) {
  publications(first: $first, after: $after, catalogType: APP) {
    nodes { id name supportsFuturePublishing catalog { title } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

PUBLISHABLE_PUBLISH = """
mutation PublishablePublish($id: ID!, $input: [PublicationInput!]!) {
  publishablePublish(id: $id, input: $input) {
    userErrors { field message }
  }
}
"""

PUBLISHABLE_UNPUBLISH = """
mutation PublishableUnpublish($id: ID!, $input: [PublicationInput!]!) {
  publishableUnpublish(id: $id, input: $input) {
    userErrors { field message }
  }
}
"""

ACCESS_SCOPES = """
query AccessScopes {
  currentAppInstallation { accessScopes { handle } }
}
"""

_MONEY = "shopMoney { amount currencyCode }"
_ADDRESS = "firstName lastName company address1 address2 zip city provinceCode countryCodeV2 phone"
_TAX_LINES = f"taxLines {{ rate ratePercentage priceSet {{ {_MONEY} }} }}"
_ALLOCATIONS = f"discountAllocations {{ allocatedAmountSet {{ {_MONEY} }} }}"
# quantity counts every unit ever ordered, currentQuantity what still stands; the
# allocations are every discount on the line (line, order and code discounts alike)
_LINE_FIELDS = f"""
nodes {{
  id sku name quantity currentQuantity
  originalUnitPriceSet {{ {_MONEY} }}
  {_ALLOCATIONS}
  {_TAX_LINES}
  variant {{ barcode }}
}}
pageInfo {{ hasNextPage endCursor }}
"""
SHIPPING_LINES_FIRST = 5

ORDERS = f"""
query Orders($first: Int!, $after: String, $query: String, $linesFirst: Int!) {{
  orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {{
    edges {{
      cursor
      node {{
        id legacyResourceId name createdAt updatedAt cancelledAt test email note discountCodes
        currencyCode taxesIncluded displayFinancialStatus paymentGatewayNames
        currentTotalPriceSet {{ {_MONEY} }}
        totalRefundedSet {{ {_MONEY} }}
        taxLines {{ rate ratePercentage }}
        billingAddress {{ {_ADDRESS} }}
        shippingAddress {{ {_ADDRESS} }}
        shippingLines(first: {SHIPPING_LINES_FIRST}) {{
          nodes {{
            title
            currentDiscountedPriceSet {{ {_MONEY} }}
            {_ALLOCATIONS}
            {_TAX_LINES}
          }}
        }}
        lineItems(first: $linesFirst) {{ {_LINE_FIELDS} }}
      }}
    }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}
"""

# the same listing with nothing but what names an order: when an order's page cannot be
# read, this finds the order that spoils it, so that it alone is reported
ORDER_KEYS = """
query OrderKeys($after: String, $query: String) {
  orders(first: 1, after: $after, sortKey: UPDATED_AT, query: $query) {
    edges { cursor node { id legacyResourceId name updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

ORDER_LINES = f"""
query OrderLines($id: ID!, $first: Int!, $after: String) {{
  order(id: $id) {{
    lineItems(first: $first, after: $after) {{ {_LINE_FIELDS} }}
  }}
}}
"""

ORDER_FULFILLMENT_ORDERS = """
query OrderFulfillmentOrders($id: ID!) {
  order(id: $id) {
    id name
    fulfillmentOrders(first: 5) {
      nodes {
        id status
        lineItems(first: 50) { nodes { id remainingQuantity } }
      }
    }
  }
}
"""

FULFILLMENT_CREATE = """
mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message }
  }
}
"""

_PRODUCT_GID = "gid://shopify/Product/1"
_LOCATION_GID = "gid://shopify/Location/1"

ALL_DOCUMENTS: dict[str, tuple[str, dict[str, object]]] = {
    "ShopName": (SHOP_NAME, {}),
    "Locations": (LOCATIONS, {"first": 50}),
    "OrderKeys": (ORDER_KEYS, {"after": None, "query": None}),
    "AccessScopes": (ACCESS_SCOPES, {}),
    "Publications": (PUBLICATIONS, {"first": 25, "after": None}),
    "PublishablePublish": (
        PUBLISHABLE_PUBLISH,
        {"id": _PRODUCT_GID, "input": [{"publicationId": "gid://shopify/Publication/1"}]},
    ),
    "PublishableUnpublish": (
        PUBLISHABLE_UNPUBLISH,
        {"id": _PRODUCT_GID, "input": [{"publicationId": "gid://shopify/Publication/1"}]},
    ),
    "ProductSet": (
        PRODUCT_SET,
        {
            "input": {
                "title": "Shirt",
                "descriptionHtml": "<p>Baumwolle</p>",
                "vendor": "Marke",
                "tags": ["shirt", "CAT12"],
                "status": "ACTIVE",
                "productOptions": [{"name": "Farbe", "position": 1, "values": [{"name": "Rot"}]}],
                "variants": [
                    {
                        "optionValues": [{"optionName": "Farbe", "name": "Rot"}],
                        "sku": "1001",
                        "barcode": "4006381333931",
                        "price": "19.99",
                        "compareAtPrice": "24.99",
                        "taxable": True,
                        "inventoryPolicy": "DENY",
                        "inventoryItem": {
                            "tracked": True,
                            "requiresShipping": True,
                            "measurement": {"weight": {"value": 0.25, "unit": "KILOGRAMS"}},
                        },
                    }
                ],
                "files": [
                    {
                        "originalSource": "https://example.com/img/shirt.jpg",
                        "contentType": "IMAGE",
                        "alt": "Shirt",
                    }
                ],
                "metafields": [
                    {
                        "namespace": "jjdesk",
                        "key": "afterbuy_product_id",
                        "type": "single_line_text_field",
                        "value": "1000",
                    }
                ],
            },
            "identifier": {
                "customId": {"namespace": "jjdesk", "key": "afterbuy_product_id", "value": "1000"}
            },
            "synchronous": True,
            "variantsFirst": 1,
            "mediaFirst": 1,
        },
    ),
    "ProductVariants": (PRODUCT_VARIANTS, {"id": _PRODUCT_GID, "first": 250, "after": "abc"}),
    "ProductMedia": (PRODUCT_MEDIA, {"id": _PRODUCT_GID, "first": 10}),
    "ProductByIdentifier": (
        PRODUCT_BY_IDENTIFIER,
        {"identifier": {"customId": {"namespace": "jjdesk", "key": "k", "value": "1000"}}},
    ),
    "ProductsByTitle": (
        PRODUCTS_BY_TITLE,
        {
            "first": 20,
            "query": "title:Woll* title:Mütze*",
            "namespace": "jjdesk",
            "key": "afterbuy_product_id",
        },
    ),
    "ProductDelete": (PRODUCT_DELETE, {"input": {"id": _PRODUCT_GID}}),
    "MetafieldDefinition": (
        METAFIELD_DEFINITION,
        {"identifier": {"ownerType": "PRODUCT", "namespace": "jjdesk", "key": "k"}},
    ),
    "MetafieldDefinitionCreate": (
        METAFIELD_DEFINITION_CREATE,
        {
            "definition": {
                "name": "Afterbuy ProductID (jjdesk)",
                "namespace": "jjdesk",
                "key": "afterbuy_product_id",
                "ownerType": "PRODUCT",
                "type": "single_line_text_field",
                "capabilities": {"uniqueValues": {"enabled": True}},
            }
        },
    ),
    "MetafieldDefinitionUpdate": (
        METAFIELD_DEFINITION_UPDATE,
        {
            "definition": {
                "namespace": "jjdesk",
                "key": "afterbuy_product_id",
                "ownerType": "PRODUCT",
                "capabilities": {"uniqueValues": {"enabled": True}},
            }
        },
    ),
    "InventorySetQuantities": (
        INVENTORY_SET_QUANTITIES,
        {
            "input": {
                "name": "available",
                "reason": "correction",
                "referenceDocumentUri": "jjdesk://stock/run-1",
                "quantities": [
                    {
                        "inventoryItemId": "gid://shopify/InventoryItem/1",
                        "locationId": _LOCATION_GID,
                        "quantity": 5,
                        "changeFromQuantity": None,
                    }
                ],
            },
            "idempotencyKey": "0b6c2a8e-4f7e-4d16-9a55-0d1b5d7c1e11",
        },
    ),
    "Orders": (
        ORDERS,
        {
            "first": 10,
            "after": None,
            "query": "updated_at:>'2026-01-01T00:00:00Z'",
            "linesFirst": 10,
        },
    ),
    "OrderLines": (ORDER_LINES, {"id": "gid://shopify/Order/1", "first": 50, "after": "abc"}),
    "OrderFulfillmentOrders": (ORDER_FULFILLMENT_ORDERS, {"id": "gid://shopify/Order/1"}),
    "FulfillmentCreate": (
        FULFILLMENT_CREATE,
        {
            "fulfillment": {
                "lineItemsByFulfillmentOrder": [
                    {"fulfillmentOrderId": "gid://shopify/FulfillmentOrder/1"}
                ],
                "trackingInfo": {
                    "number": "00340434161094042557",
                    "company": "DHL",
                    "url": "https://www.dhl.de/de/privatkunden.html?piececode=1",
                },
                "notifyCustomer": False,
            }
        },
    ),
}
