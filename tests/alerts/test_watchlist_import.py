"""`nexus watchlist import`: names and identifier values keyed as ingest keys them; every
bad row named by its line, the good ones added."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_service.auth import PrincipalStore, Role
from graph_service.cli import app
from graph_service.domain import EntityKind
from graph_service.settings import Settings, get_settings
from graph_service.store import Store
from queries import watchlist
from tests.alerts.conftest import BOTH


def test_a_bulk_list_lands_its_good_rows_and_names_the_bad_ones(
    empty_store: Store, settings: Settings, neo4j_uri: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {
        "NEXUS_ENV": "test", "NEXUS_VAR_DIR": str(settings.var_dir), "NEXUS_NEO4J_URI": neo4j_uri,
        "NEXUS_NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    admin, _ = PrincipalStore.from_settings(settings).add(
        "import-admin", [Role.WATCHLIST_ADMIN], "S", citizenship=["USA"], authorizations=["LES"]
    )
    listed = tmp_path / "list.csv"
    listed.write_text(
        "value,kind,reason,marking\n"
        "Muhammad Al-Rashid,Person,financier,SECRET//NOFORN\n"
        "202.555.0147,Phone,burner,\n"
        ",Person,nobody,\n"
        "Bob Smith,Person,x,SECRET//BOGUS\n"
    )
    try:
        result = CliRunner().invoke(app, ["watchlist", "import", str(listed), "--as", admin.id])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1, result.output
    assert "2 added, 2 rejected" in result.output
    assert "line 4" in result.output
    assert "line 5" in result.output
    assert "SECRET//BOGUS" in result.output
    keys = {e.key for e in watchlist.listing(empty_store, BOTH).items}
    assert keys == {watchlist.entry_key(EntityKind.PERSON, "Muhammad Al-Rashid"), "phone:+12025550147"}
