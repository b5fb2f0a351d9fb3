"""spaCy extraction: statistical NER, entity rulers and identifier matchers, turned into
mentions and typed relations (`graph_service.domain.Extraction`)."""

from ingest.extract.extractor import Extractor, to_extraction
from ingest.extract.nlp import DEFAULT_MODEL, build_nlp

__all__ = ["DEFAULT_MODEL", "Extractor", "build_nlp", "to_extraction"]
