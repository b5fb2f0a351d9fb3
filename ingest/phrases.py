"""Phrases of report prose that extraction and resolution both read."""

from __future__ import annotations

import re

ALIAS = re.compile(
    r"\.?(?:,?\s*(?:llc|l\.l\.c|inc|ltd|llp|plc|corp|co|group|limited|corporation|company)\.?)?"
    r"\s*(?:,\s*which\s+also\s+trades\s+as|,?\s*\(?\s*(?:also\s+known\s+as|a\.?k\.?a\.?|"
    r"d/?b/?a|doing\s+business\s+as|trading\s+as|operating\s+as|formerly\s+known\s+as|f/?k/?a))"
    r"[:\s]*[\"“]?",
    re.I,
)
"""What stands between two names when the second is another name of the first ("Acme,
LLP (also known as", "ACME CORP., which also trades as"): the legal form of the first, or
its full stop, may be outside the name the extractor found."""
