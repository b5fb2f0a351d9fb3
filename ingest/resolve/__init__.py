"""Resolution: normalise, key, block and suggest (ARCHITECTURE.md §5)."""

from ingest.resolve.namesakes import may_cite, settle
from ingest.resolve.resolver import (
    Candidate,
    EntityRow,
    RelationRow,
    ResolvedReport,
    candidates,
    label_of,
    resolve,
    structured_mentions,
)

__all__ = [
    "Candidate",
    "EntityRow",
    "RelationRow",
    "ResolvedReport",
    "candidates",
    "label_of",
    "may_cite",
    "resolve",
    "settle",
    "structured_mentions",
]
