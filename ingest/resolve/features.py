"""What a report says about a mention beyond its name, read from the text around it.

- A person's year of birth, from an age or a birth year written right after the name
  ("Ali Hassan, 34,", "Ali Hassan (born 1991)", "a Jordanian national born in 1991").
  Two people with one name and birth years more than a year apart are two people.
- One entity named twice in a row: an organisation and the name it also trades under
  ("Crescent Logistics (also known as Crescent Global)"), a vehicle's plate and its VIN
  ("Texas plate KXT4821 (VIN 1HGCM82633A004352)"). The second mention is the first's.

Only the text between the mentions is read, so a cue never reaches across another name.
"""

from __future__ import annotations

import re

from graph_service.domain import EntityKind, Mention
from ingest.phrases import ALIAS

_WINDOW = 60  # characters after a name that may still describe it

# ", 34," / ", 34." / " (34)" / ", aged 34" / ", age 34" — an age right after the name.
_AGE = re.compile(r"\s*(?:,|\()\s*(?:aged?\s+)?(\d{1,3})(?:\s*(?:[,.;)]|years?\b)|$)", re.I)
# "(born 1991)", ", born in 1991", ", year of birth 1991", ", DOB 1991", ", b. 1991": the
# year may follow a short description ("a Jordanian national born in 1991") that ends at
# the sentence's end; the dots of an abbreviation ("a U.S. national") do not end it.
_BORN = re.compile(
    r"(?:[^.;()]|(?<![A-Za-z]{2})(?<=[A-Z])\.){0,40}?"
    r"(?:\(|\b)(?:born(?:\s+in)?|b\.|year\s+of\s+birth|date\s+of\s+birth|dob)[:\s]+"
    r"(?:\w+\.?\s+\d{1,2},?\s+|\d{1,2}\s+\w+\.?\s+)?((?:19|20)\d{2})\b",
    re.I,
)
_VIN = re.compile(r"\s*[,(]?\s*(?:VIN|vehicle\s+identification\s+number)\s*(?:no\.?|number)?[:#\s]*", re.I)
_OLDEST = 120


def birth_year(text: str, mention: Mention, until: int, year: int) -> int | None:
    """The birth year the text gives for the person `mention` names, or None.

    `until` is where the next name begins (the cue must come before it); `year` is the
    year of the report, against which an age is counted.
    """
    if mention.end < 0:  # stated by a structured format: no text around it
        return None
    after = text[mention.end:min(until, mention.end + _WINDOW)]
    if (age := _AGE.match(after)) and 0 < int(age.group(1)) <= _OLDEST:
        return year - int(age.group(1))
    if born := _BORN.match(after):
        found = int(born.group(1))
        return found if year - _OLDEST <= found <= year else None
    return None


def same_entity_cue(text: str, first: Mention, second: Mention) -> bool:
    """Whether the text between two consecutive mentions says they name one entity."""
    if (
        first.kind is not second.kind or first.sentence != second.sentence
        or first.start < 0 or second.start < first.end  # structured mentions have no span
    ):
        return False
    between = text[first.end:second.start]
    if first.kind is EntityKind.ORGANIZATION:
        return ALIAS.fullmatch(between) is not None
    if first.kind is EntityKind.VEHICLE:
        # A plate ("TX:KXT4821") and then a VIN, both valid: one vehicle.
        plate, vin = first.value or "", second.value or ""
        return (
            first.valid and second.valid and ":" in plate and ":" not in vin
            and _VIN.fullmatch(between) is not None
        )
    return False
