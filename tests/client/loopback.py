"""A loopback HTTP server that answers from a script, to make the client fail on purpose.

Each request takes the next `Answer` of the script (the last one repeats); the server
counts the requests it got. It binds 127.0.0.1 on a free port and runs in a thread of the
test process.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Answer:
    """One scripted answer: status, JSON body, headers, and a delay before it."""

    status: int
    body: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def problem(status: int, title: str, detail: str, **extra: Any) -> Answer:
    """An RFC 9457 answer as the service renders it."""
    return Answer(status, {"type": "about:blank", "title": title, "status": status, "detail": detail,
                           "instance": "/v1/me", **extra})


ME = Answer(200, {"id": "p-1", "name": "loopback", "roles": ["analyst"], "clearance": "UNCLASSIFIED",
                  "agency": None, "side": None, "pointers": False, "cross_domain": False, "tokens": 2})


class Loopback:
    """The running server: `url`, and `requests`, the paths it was asked for."""

    def __init__(self, script: list[Answer]) -> None:
        self.script = script
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append(self.path)
                answer = owner.script[min(len(owner.requests), len(owner.script)) - 1]
                time.sleep(answer.delay)
                body = json.dumps(answer.body).encode()
                try:
                    self.send_response(answer.status)
                    media = "application/problem+json" if answer.status >= 400 else "application/json"
                    self.send_header("Content-Type", media)
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    pass

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@contextmanager
def loopback(*script: Answer) -> Iterator[Loopback]:
    """Serve `script` on loopback for the block."""
    server = Loopback(list(script))
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
        thread.join(5)
