"""Blocking keys: which existing entities a new one is compared with.

A person is blocked twice: on the sound of the surname plus the first initial of the
given name (nicknames mapped to their formal name first), so "Mohammed al-Rashid",
"Muhammad al-Rashid", "M. al-Rashid" and "Bob Smith"/"Robert Smith" meet; and on the
given name plus the surname's first letter, so that a typo, which changes how a surname
sounds ("Wright", "Wight"; "Thompson", "Thomson") but seldom its first letter, still
meets the name it misspells. An organization is blocked on the sound of its first word,
and on its initials ("ncb" for "northern crescent brigade" and for "ncb" itself; see
`acronyms.py`).
Other kinds resolve exactly and have no blocks.
"""

from __future__ import annotations

import jellyfish

from graph_service.domain import EntityKind
from graph_service.domain.normalize import person_parts
from ingest.resolve.acronyms import initials

NICKNAMES = {
    "bob": "robert", "rob": "robert", "bobby": "robert", "bill": "william", "will": "william",
    "billy": "william", "mike": "michael", "jim": "james", "jimmy": "james", "joe": "joseph",
    "tom": "thomas", "tony": "anthony", "dave": "david", "dan": "daniel", "danny": "daniel",
    "chris": "christopher", "matt": "matthew", "nick": "nicholas", "steve": "steven",
    "liz": "elizabeth", "beth": "elizabeth", "kate": "katherine", "katie": "katherine",
    "jen": "jennifer", "jenny": "jennifer", "sam": "samuel", "alex": "alexander",
    "ed": "edward", "eddie": "edward", "rick": "richard", "dick": "richard", "rich": "richard",
    "andy": "andrew", "greg": "gregory", "jon": "jonathan", "pat": "patrick", "ted": "edward",
    "abu": "abu", "mo": "mohammed", "moe": "mohammed",
}


def given_name(token: str) -> str:
    """The formal given name for a nickname (`bob` → `robert`), else the token."""
    return NICKNAMES.get(token, token)


def blocks(kind: EntityKind, name: str) -> list[str]:
    """The blocking keys of a normalised name of `kind`."""
    tokens = name.split()
    if not tokens:
        return []
    if kind is EntityKind.PERSON and len(tokens) >= 2:
        return [
            f"person:{jellyfish.metaphone(tokens[-1])}:{given_name(tokens[0])[0]}",
            f"person-given:{tokens[0]}:{tokens[-1][0]}",  # migration 0007 writes it for older graphs
        ]
    if kind is EntityKind.ORGANIZATION:
        found = [f"organization:{jellyfish.metaphone(tokens[0])}"]
        if (letters := initials(name)) is not None:
            found.append(f"organization-initials:{letters}")
        return found
    return []


def source_blocks(kind: EntityKind, name: str, source: str) -> list[str]:
    """A person's surname within one source (agency): the block in which a surname written
    alone ("Delacroix", "Colonel Delacroix", scoped to its report) meets the full names
    the same source uses ("Etienne Delacroix"). A long case file split into pages, or a
    case of many reports, names a man in full once and by his surname on every other
    page; without this block no candidate joins the pages to him."""
    if kind is not EntityKind.PERSON:
        return []
    surname = person_parts(name)[1]
    return [f"person-source:{source.lower()}:{surname}"] if surname else []
