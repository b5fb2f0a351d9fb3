"""`notebooks/investigation.ipynb`, run top to bottom by a real kernel against the running
service on the sample corpus; its cells assert what they show.

`NEXUS_NOTEBOOK_SAVE=1` writes the executed notebook back over the committed one, which
is how its stored outputs are made.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from graph_service.cli_ingest import SAMPLE, demo_keys, seed_areas, seed_watchlist
from graph_service.settings import Settings
from graph_service.store import Store
from ingest.extract import Extractor
from ingest.pipeline import ingest
from ingest.readers import read_paths
from tests.client.conftest import SLOW_MACHINE_TIMEOUT
from tests.conftest import ApiServer

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "investigation.ipynb"


@pytest.fixture(scope="module")
def sample_service(settings: Settings, store: Store, api: ApiServer) -> dict[str, str]:
    """The session's API on exactly the sample corpus and its watchlist, as `nexus demo`
    loads them, and the environment the notebook reads (URL and demo keys)."""
    store.run_batched("wipe_data", {})
    seed_areas(store)
    extractor = Extractor(settings.spacy_model, batch_size=settings.extract_batch_size)
    summary = ingest(store, read_paths([str(SAMPLE / "reports.jsonl")]), extractor,
                     batch_size=settings.write_batch_size)
    assert summary.ingested == 300
    keys = demo_keys(settings)
    seed_watchlist(store, keys["demo-watch-officer"][0])
    return {"NEXUS_URL": api.url, "NEXUS_KEY": keys["demo-fusion-analyst"][1],
            "NEXUS_LE_KEY": keys["demo-le-analyst"][1]}


def test_the_investigation_notebook_runs_top_to_bottom(
    sample_service: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {**sample_service, "JUPYTER_PLATFORM_DIRS": "1", "NEXUS_TIMEOUT": str(SLOW_MACHINE_TIMEOUT)}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel draws inline, as in Jupyter
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # The kernel runs in a scratch directory: the notebook's exports land there.
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the link chart was not drawn"
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == [
        "investigation.gexf", "investigation.graphml"
    ]
    if os.environ.get("NEXUS_NOTEBOOK_SAVE") == "1":
        nbformat.write(notebook, NOTEBOOK)
