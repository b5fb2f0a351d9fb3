"""No credential reaches the audit log, wherever a client puts it (issue #25, item 6)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from graph_service.audit import AUDIT_FILE, AuditEntry, AuditLog
from graph_service.audit.redact import REDACTED, redact, scrub

B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
KEYS = st.builds(
    lambda key_id, secret: f"nxs_{key_id}_{secret}",
    st.text("0123456789abcdef", min_size=16, max_size=16),
    st.text(B64URL, min_size=43, max_size=43),
)
JWTS = st.builds(lambda h, p, s: f"eyJ{h}.{p}.{s}", *(st.text(B64URL, min_size=8, max_size=40),) * 3)
NAMES = st.sampled_from(["api_key", "apiKey", "password", "client_secret", "token", "access_token", "q"])
WORDS = st.text("abcdefghij ", max_size=12)


@st.composite
def leaky_entries(draw: st.DrawFn) -> tuple[AuditEntry, list[str]]:
    """An audit entry with credentials placed in query values, by name, in a path and in a
    pointer, and the credentials placed."""
    placed = [draw(KEYS), draw(JWTS), draw(KEYS)]
    query = {
        draw(NAMES): f"{draw(WORDS)}{placed[0]}{draw(WORDS)}",
        "t": f"Bearer {placed[1]}",
        "password": draw(st.text("abcdefghijklmnopqrstuvwxyz!#%", min_size=12, max_size=20)),
    }
    entry = AuditEntry(
        principal="usr_1", route=f"/v1/{placed[2]}", method="GET",
        params={"path": {"key": placed[2]}, "query": query}, status=401,
        pointers=[{"ref": "PTR-1", "note": placed[0]}], changes=[{"token": placed[1]}],
    )
    return entry, [*placed, query["password"]]


def check(dir: Path, entry: AuditEntry, placed: list[str]) -> None:
    log = AuditLog(dir, b"redaction-test-key", 5)
    log.append(entry)
    text = (dir / AUDIT_FILE).read_text(encoding="utf-8")
    for secret in placed:
        assert secret not in text, "a credential reached the audit log"
    assert log.verify().ok


@given(leaky_entries())
def test_no_credential_reaches_the_audit(case: tuple[AuditEntry, list[str]]) -> None:
    with tempfile.TemporaryDirectory() as dir:
        check(Path(dir), *case)


def test_redaction_by_name_and_by_shape() -> None:
    assert redact({"api_key": "anything", "q": "ali hassan"}) == {"api_key": REDACTED, "q": "ali hassan"}
    assert scrub("key nxs_0123456789abcdef_secret here") == f"key {REDACTED} here"
    assert scrub("bearer bonds") == "bearer bonds"  # a search, not a credential
    assert redact({"password": None}) == {"password": None}
