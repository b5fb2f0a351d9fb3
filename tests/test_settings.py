"""Settings: bad values fail with messages that name the field."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from graph_service.settings import Settings


def test_a_bad_port_names_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXUS_NEO4J_PORT", "not-a-port")
    with pytest.raises(ValidationError, match="neo4j_port"):
        Settings()


def test_a_bad_heap_size_names_the_field() -> None:
    with pytest.raises(ValidationError, match="neo4j_heap"):
        Settings(neo4j_heap="lots")


def test_production_refuses_the_development_password() -> None:
    with pytest.raises(ValidationError, match="neo4j_password"):
        Settings(env="production")


def test_production_accepts_real_secrets() -> None:
    settings = Settings(env="production", neo4j_password="s3cret-enough", audit_key="k" * 32)
    assert settings.env == "production"


def test_a_short_password_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least 8"):
        Settings(neo4j_password="short")
