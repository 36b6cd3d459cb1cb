"""The official MyOnlineStore OpenAPI description, loaded for conformance checks.

The file stays as published; three defects that would make correct traffic fail are
amended here, in the loader:
- `stock` of articles and variants is documented as "specify null for unlimited stock"
  but lacks `nullable: true`;
- `OrderArticle` requires `rate` and `amount` at its top level, where the spec's own
  properties (and the example) keep them inside `price`;
- `TaxPrice` has no `type: object`, so a list of tax prices is valid under both
  branches of the `oneOf` (list or single) that `Order.price.tax` and order lines use,
  and every such `oneOf` fails;
- the order list's `*_date` filters are described as `yyyy-mm-dd hh:mm:ss` (the form
  the API takes) but typed `format: date-time` (RFC 3339, with a `T`); the format goes.
`ArticleImage.urls` (an array in the schema, an object in the example) needs nothing:
the simulator sends no `urls`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from jjdesk.sandbox.server import SimRequest, SimResponse

SPEC = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "fixtures"
    / "mijnwebwinkel"
    / "myonlinestore_openapi.yaml"
)
HOST = "https://api.myonlinestore.com"


@lru_cache(maxsize=1)
def spec() -> OpenAPI:
    """The description with the amendments above."""
    data: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    schemas = data["components"]["schemas"]
    schemas["BaseArticle"]["properties"]["stock"]["nullable"] = True
    schemas["ArticleVariant"]["properties"]["stock"]["nullable"] = True
    schemas["OrderArticle"]["allOf"] = [
        part
        for part in schemas["OrderArticle"]["allOf"]
        if part != {"required": ["rate", "amount"]}
    ]
    schemas["TaxPrice"]["type"] = "object"
    for name, parameter in data["components"]["parameters"].items():
        if name.endswith("_date") and "hh:mm:ss" in parameter.get("description", ""):
            parameter["schema"].pop("format", None)
    return OpenAPI.from_dict(data)


@dataclass
class Finding:
    """One exchange that does not conform, in words."""

    what: str
    method: str
    path: str
    error: str


def check(request: SimRequest, response: SimResponse) -> list[Finding]:
    """The request and the answer validated against the description."""
    query = {k: v[-1] for k, v in request.query.items()}
    mock = MockRequest(
        HOST,
        request.method.lower(),
        request.path,
        args=query,
        headers={k.lower(): v for k, v in request.headers.items()},
        data=request.body or None,
        content_type=request.header("Content-Type").split(";")[0] or "application/json",
    )
    found = []
    api = spec()
    for error in api.iter_request_errors(mock):
        found.append(Finding("request", request.method, request.path, _words(error)))
    answer = MockResponse(response.body, response.status, content_type="application/json")
    if response.status < 400:
        for error in api.iter_response_errors(mock, answer):
            found.append(Finding("answer", request.method, request.path, _words(error)))
    return found


def _words(error: Exception) -> str:
    details = [str(error)]
    for cause in getattr(error, "schema_errors", ()) or ():
        details.append(str(cause)[:300])
    inner = error.__cause__
    while inner is not None:
        details.append(str(inner)[:300])
        for cause in getattr(inner, "schema_errors", ()) or ():
            details.append(str(cause)[:300])
        inner = inner.__cause__
    return " | ".join(details)
