"""The project's own Neo4j: embedded 5.26 Community with Bolt on 127.0.0.1.

The launcher (`graph_service/neo4j_launcher/`, built by the repository's `pom.xml`) runs in
its own JVM, detached from the Python process that started it, and records itself in
`<home>/neo4j.json` (pid, port, uri). Only a process recorded there, whose command line
names this home, is ever stopped.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from graph_service.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
_JAVA_OPTS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)
_READY = "NEO4J_READY "
# Launchers started by this process, kept so they are reaped when stopped (no zombies).
_children: dict[int, subprocess.Popen[bytes]] = {}


class Neo4jLaunchError(RuntimeError):
    """The local Neo4j could not be built, started or stopped; the message names the log."""


@dataclass(frozen=True, slots=True)
class LocalNeo4j:
    """A running local Neo4j."""

    pid: int
    port: int
    uri: str
    home: str


def _size_bytes(size: str) -> int:
    return int(size[:-1]) * (1024**3 if size.endswith("g") else 1024**2)


def _classpath() -> str:
    return f"{ROOT / 'target' / 'classes'}:{ROOT / 'target' / 'lib'}/*"


def build() -> None:
    """Compile the launcher and resolve its jars with Maven (offline once cached)."""
    if (ROOT / "target" / "classes" / "Neo4jLauncher.class").is_file() and any(
        (ROOT / "target" / "lib").glob("neo4j-5.26*.jar")
    ):
        return
    log = ROOT / "var" / "maven.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    for args in (["mvn", "-B", "-o", "-q", "package"], ["mvn", "-B", "-q", "package"]):
        with log.open("w") as out:
            if subprocess.run(args, cwd=ROOT, stdout=out, stderr=out, check=False).returncode == 0:
                return
    raise Neo4jLaunchError(f"building the Neo4j launcher failed; see {log}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_taken(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _state_file(home: Path) -> Path:
    return home / "neo4j.json"


def _alive(state: LocalNeo4j) -> bool:
    try:
        proc = psutil.Process(state.pid)
        cmdline = proc.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False
    return "Neo4jLauncher" in cmdline and state.home in cmdline


def status(home: Path) -> LocalNeo4j | None:
    """The local Neo4j recorded under `home`, if it is running."""
    path = _state_file(home)
    if not path.is_file():
        return None
    state = LocalNeo4j(**json.loads(path.read_text()))
    if _alive(state):
        return state
    child = _children.pop(state.pid, None)
    if child is not None:
        child.wait(10)  # it died (killed or crashed): reap it
    return None


def start(settings: Settings, home: Path | None = None, port: int | None = None) -> LocalNeo4j:
    """Start the local Neo4j (or return the one already running) and wait until it is ready.

    `port=0` picks a free port. Raises Neo4jLaunchError naming the log file and the cause.
    """
    home = (home or settings.neo4j_home).resolve()
    running = status(home)
    if running:
        return running
    build()
    home.mkdir(parents=True, exist_ok=True)
    port = settings.neo4j_port if port is None else port
    port = port or _free_port()
    if _port_taken(port):
        raise Neo4jLaunchError(
            f"port 127.0.0.1:{port} is already in use; set NEXUS_NEO4J_PORT to a free port"
        )
    log = home / "launcher.log"
    cmd = [
        "java", f"-Xms{settings.neo4j_heap}", f"-Xmx{settings.neo4j_heap}", *_JAVA_OPTS,
        "-cp", _classpath(), "Neo4jLauncher", str(home), str(port),
        str(_size_bytes(settings.neo4j_pagecache)), str(settings.neo4j_tx_timeout_s),
    ]
    env = {**os.environ, "NEXUS_NEO4J_PASSWORD": settings.neo4j_password.get_secret_value()}
    with log.open("w") as out:
        # A new session detaches the JVM so it outlives the CLI that started it.
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    _children[proc.pid] = proc
    state = LocalNeo4j(proc.pid, port, f"bolt://127.0.0.1:{port}", str(home))
    deadline = time.monotonic() + settings.neo4j_start_timeout_s
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if _READY in text:
            _state_file(home).write_text(json.dumps(asdict(state)))
            return state
        if proc.poll() is not None:
            raise Neo4jLaunchError(f"Neo4j exited with {proc.returncode}: {_cause(log)} (log: {log})")
        time.sleep(0.2)
    _terminate(proc.pid)
    raise Neo4jLaunchError(
        f"Neo4j was not ready after {settings.neo4j_start_timeout_s:.0f}s: {_cause(log)} (log: {log})"
    )


def _cause(log: Path) -> str:
    lines = [ln.strip() for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
    for line in reversed(lines):
        if "Exception" in line or "Error" in line or "error" in line:
            return line[:500]
    return lines[-1][:500] if lines else "no output"


def _terminate(pid: int, timeout_s: float = 60.0) -> None:
    try:
        proc = psutil.Process(pid)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout_s)
    except psutil.NoSuchProcess:
        return
    except psutil.TimeoutExpired:
        proc.kill()
        proc.wait(10)
    finally:
        child = _children.pop(pid, None)
        if child is not None:
            child.wait(10)


def stop(home: Path) -> bool:
    """Stop the local Neo4j recorded under `home`; False when none was running."""
    home = home.resolve()
    state = status(home)
    _state_file(home).unlink(missing_ok=True)
    if state is None:
        return False
    _terminate(state.pid)
    return True
