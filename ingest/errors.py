"""The base of the errors the write path raises on purpose, so that a caller can tell
ingest's own refusals (a bad record, a full queue, a failing feed) from a bug."""


class IngestError(Exception):
    """Something ingest refused or could not do, said in words a partner can act on."""
