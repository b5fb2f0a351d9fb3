"""FastAPI dependencies, declared once and used by every router."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph_service.api.state import AppState
from graph_service.settings import Settings
from graph_service.store import Store


def get_state(request: Request) -> AppState:
    """The process state set up by the app's lifespan."""
    state: AppState = request.app.state.nexus
    return state


def get_store(state: Annotated[AppState, Depends(get_state)]) -> Store:
    """The store, with the schema migrated."""
    state.ensure_schema()
    return state.store


def get_settings_dep(state: Annotated[AppState, Depends(get_state)]) -> Settings:
    """The settings of this process."""
    return state.settings


StateDep = Annotated[AppState, Depends(get_state)]
StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
