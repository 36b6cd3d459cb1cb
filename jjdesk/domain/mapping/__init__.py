"""The field mapper: a mapping is data that turns a shop's order data into `Order`s.

Pure (no I/O): expressions (JSONPath, XPath, CSV and SQL columns, each a small evaluator),
a fixed list of transforms, validation before saving, and `map_document`/`map_record` to
apply a mapping to parsed data. Used by custom shops, AccountView ↔ MijnWebwinkel and for
carriers.
"""

from jjdesk.domain.mapping.apply import Mapped, map_document, map_record, order_records
from jjdesk.domain.mapping.evaluators import EVALUATORS, ExpressionError, Rows, evaluator
from jjdesk.domain.mapping.messages import MappingError, field_label
from jjdesk.domain.mapping.model import (
    TARGETS,
    TARGETS_BY_NAME,
    Mapping,
    Rule,
    Target,
    Transform,
    ValueKind,
)
from jjdesk.domain.mapping.transforms import TRANSFORMS, TransformError
from jjdesk.domain.mapping.validate import TABULAR, mapping_problems

__all__ = [
    "EVALUATORS",
    "TABULAR",
    "TARGETS",
    "TARGETS_BY_NAME",
    "TRANSFORMS",
    "ExpressionError",
    "Mapped",
    "Mapping",
    "MappingError",
    "Rows",
    "Rule",
    "Target",
    "Transform",
    "TransformError",
    "ValueKind",
    "evaluator",
    "field_label",
    "map_document",
    "map_record",
    "mapping_problems",
    "order_records",
]
