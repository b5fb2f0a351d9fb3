"""Where the process finds its Neo4j: the configured server, or the project's local one."""

from __future__ import annotations

from graph_service import neo4j_local
from graph_service.settings import Settings
from graph_service.store import Store


def neo4j_uri(settings: Settings, *, start_local: bool) -> str:
    """`NEXUS_NEO4J_URI` when set; otherwise the local Neo4j, started if asked and needed."""
    if settings.neo4j_uri:
        return settings.neo4j_uri
    running = neo4j_local.status(settings.neo4j_home)
    if running is None:
        if not start_local:
            raise neo4j_local.Neo4jLaunchError(
                "the local Neo4j is not running; start it with `nexus neo4j start`"
            )
        running = neo4j_local.start(settings)
    return running.uri


def open_store(settings: Settings, *, start_local: bool = True) -> Store:
    """A store on this process's Neo4j."""
    return Store.from_settings(settings, neo4j_uri(settings, start_local=start_local))
