"""The read path and the analyst's writes: one module per concern, one `.cypher` file per
query beside them, each run by name through the store's catalogue
(`graph_service.store.cypher`, re-exported here for the tests and tools that read the
files themselves).
"""

from graph_service.store.cypher import load, migrations, names

__all__ = ["load", "migrations", "names"]
