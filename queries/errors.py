"""The base of the errors the read path raises on purpose, so that a caller can tell a
refusal or a guard tripping (a breach is a bug, never shown) from any other failure."""


class QueryError(Exception):
    """Something a query refused or its guard caught."""
