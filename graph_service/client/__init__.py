"""The Python client of Nexus, for notebooks and scripts.

`Nexus` (sync) and `AsyncNexus` call every `/v1` operation and return the API's own
response models (`graph_service.api.schemas`, `alert_schemas`); the alert stream is an
iterator of alerts that resumes across dropped connections; lists follow their cursors as they are
iterated; answers convert with `.to_dataframe()` (pandas) and, when they are graphs,
`.to_networkx()`. `analytics` measures those graphs, `chart.link_chart` draws them,
`write_graphml` / `write_gexf` export them for Gephi. Errors are the tree in `errors`.

The client sits at the top layer beside the API: it imports the API's schemas, and
nothing in the product imports it.
"""

from graph_service.client._transport import Retry
from graph_service.client.analytics import bridges, centralities, communities, ego
from graph_service.client.chart import link_chart
from graph_service.client.client import AsyncNexus, Nexus
from graph_service.client.errors import (
    BadRequest,
    FieldError,
    Forbidden,
    NexusError,
    NotFound,
    ProblemError,
    RateLimited,
    ServerError,
    Timeout,
    TransportError,
    Unauthorized,
    ValidationFailed,
)
from graph_service.client.graph import write_gexf, write_graphml
from graph_service.client.listing import (
    AlertListing,
    AsyncAlertListing,
    AsyncListing,
    AsyncNexusListing,
    Listing,
    NexusListing,
)
from graph_service.client.results import AreaPicture, Neighbourhood, Paths, Profile
from graph_service.client.stream import AsyncEventStream, EventStream

__all__ = [
    "AlertListing",
    "AreaPicture",
    "AsyncAlertListing",
    "AsyncEventStream",
    "AsyncListing",
    "AsyncNexus",
    "AsyncNexusListing",
    "BadRequest",
    "EventStream",
    "FieldError",
    "Forbidden",
    "Listing",
    "Neighbourhood",
    "Nexus",
    "NexusError",
    "NexusListing",
    "NotFound",
    "Paths",
    "ProblemError",
    "Profile",
    "RateLimited",
    "Retry",
    "ServerError",
    "Timeout",
    "TransportError",
    "Unauthorized",
    "ValidationFailed",
    "bridges",
    "centralities",
    "communities",
    "ego",
    "link_chart",
    "write_gexf",
    "write_graphml",
]
