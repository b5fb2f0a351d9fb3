"""Who receives alerts: one viewer per distinct token set among analyst principals.

Principals sharing a token set see exactly the same data, so one evaluation serves them
all; a handful of classes cover a whole operations center. A caller authenticated
otherwise (an OIDC token) reads the alerts of the class its tokens match, if any.
"""

from __future__ import annotations

from graph_service.auth import PrincipalStore, Role
from graph_service.visibility import Viewer
from queries.alerts import viewer_class

__all__ = ["alert_viewers"]

_RECEIVERS = frozenset({Role.ANALYST, Role.ADMIN})


def alert_viewers(principals: PrincipalStore) -> list[Viewer]:
    """A viewer for each distinct token set among active analyst principals, by class."""
    found: dict[str, Viewer] = {}
    for stored in principals.list():
        p = stored.principal
        if stored.revoked or not p.roles & _RECEIVERS:
            continue
        viewer = p.viewer()
        cls = viewer_class(viewer)
        found.setdefault(cls, Viewer(f"alert-class:{cls}", viewer.tokens))
    return [found[c] for c in sorted(found)]
