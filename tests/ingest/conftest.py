"""Shared fixtures for the ingest tests: one extraction pipeline for the whole session."""

import pytest

from ingest.extract import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The default extractor; building the spaCy pipeline takes about a second."""
    return Extractor()
