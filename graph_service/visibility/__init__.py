"""Need-to-know: access expressions, classification markings and viewers.

A report's marking compiles to an access expression (`markings`), stored in Neo4j as a
CNF list of OR-clauses (`expression.to_cnf`). A viewer holds tokens (`viewer`) and may see
a label iff every clause has a token they hold, the same test in Cypher and in Python.
"""

from graph_service.visibility.errors import (
    AccessExpressionError,
    MarkingError,
    ViewerError,
    VisibilityError,
)
from graph_service.visibility.expression import (
    MAX_CNF_CLAUSES,
    MAX_DEPTH,
    PUBLIC,
    And,
    Node,
    Or,
    Token,
    cnf_allows,
    cnf_and,
    encode_token,
    evaluate,
    parse,
    render,
    to_cnf,
)
from graph_service.visibility.markings import Level, Marking, combine, dominates, parse_marking
from graph_service.visibility.viewer import Viewer

__all__ = [
    "MAX_CNF_CLAUSES",
    "MAX_DEPTH",
    "PUBLIC",
    "AccessExpressionError",
    "And",
    "Level",
    "Marking",
    "MarkingError",
    "Node",
    "Or",
    "Token",
    "Viewer",
    "ViewerError",
    "VisibilityError",
    "cnf_allows",
    "cnf_and",
    "combine",
    "dominates",
    "encode_token",
    "evaluate",
    "parse",
    "parse_marking",
    "render",
    "to_cnf",
]
