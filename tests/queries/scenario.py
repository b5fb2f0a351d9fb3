"""The hand-built scenario of the query and API tests, where every right answer is known.

- The worked example: report A (SECRET//NOFORN, intelligence) says phone P
  belongs to Karim Haddad (X); report B (U//LES, law enforcement) says P called Omar
  Farouk (Y).
- A planted nexus through a shared phone: Houston PD stopped Daniel Reyes, who gave phone
  Q (report C, LE); intelligence reports subject Tariq Aziz using Q (report E, INTEL).
  Both reports also name Houston, a big city that five more open reports name: the decoy
  path Reyes - Houston - Aziz, which must never rank first.
- A watchlisted organisation (entry SECRET//NOFORN) named with Samir Nasser in an LE report.
- A resolution candidate, Mohammed Al-Rashid ~ Muhammad Al Rashid.
- A TOP SECRET report that calls Reyes "Dr. Daniel Reyes" and ties him to Haddad: a
  hidden alias and a hidden link.
"""

from __future__ import annotations

from graph_service.domain import EntityKind, RelationKind
from graph_service.visibility import Level
from tests.queries.world import (
    INTEL,
    LE,
    LES,
    OPEN,
    TS,
    Cand,
    M,
    Rel,
    U,
    Watch,
    World,
    mention,
    report,
    viewer,
)
from tests.queries.world import S as SECRET

PERSON, PHONE, LOCATION, ORG = (
    EntityKind.PERSON, EntityKind.PHONE, EntityKind.LOCATION, EntityKind.ORGANIZATION,
)

KARIM = mention(PERSON, "Karim Haddad")
PHONE_P = mention(PHONE, "+1 202-555-0143")
OMAR = mention(PERSON, "Omar Farouk")
DANIEL = mention(PERSON, "Daniel Reyes")
PHONE_Q = mention(PHONE, "(713) 555-0199")
TARIQ = mention(PERSON, "Tariq Aziz")
HOUSTON = mention(LOCATION, "Houston", 1)
DALLAS = mention(LOCATION, "Dallas", 1)
SAMIR = mention(PERSON, "Samir Nasser")
CRESCENT = mention(ORG, "Crescent Logistics")
MOHAMMED = mention(PERSON, "Mohammed Al-Rashid")
MUHAMMAD = mention(PERSON, "Muhammad Al Rashid")

X, P, Y = KARIM.key, PHONE_P.key, OMAR.key
D, Q, T, H = DANIEL.key, PHONE_Q.key, TARIQ.key, HOUSTON.key
SAM, CRES = SAMIR.key, CRESCENT.key
MO, MU = MOHAMMED.key, MUHAMMAD.key


def _filler(i: int) -> M:
    return mention(PERSON, f"Bystander Number{chr(ord('a') + i)}")


REPORTS = (
    report("A", INTEL, SECRET, KARIM, PHONE_P, relations=(Rel(RelationKind.OWNS, 0, 1),),
           area="DC", at="2025-03-01T09:00:00+00:00", agency="FBI"),
    report("B", LE, LES, PHONE_P, OMAR, relations=(Rel(RelationKind.CALLED, 0, 1),),
           area="DC", at="2025-03-05T09:00:00+00:00", agency="DC MPD"),
    report("C", LE, LES, DANIEL, PHONE_Q, HOUSTON, area="UA-HOU",
           at="2025-05-01T10:00:00+00:00", agency="Houston Police Department"),
    report("E", INTEL, SECRET, TARIQ, PHONE_Q, mention(LOCATION, "Houston", 1), area="TX",
           at="2025-04-20T10:00:00+00:00", agency="FBI"),
    *(
        report(f"F{i}", OPEN, U, _filler(i), mention(LOCATION, "Houston", 1), area="UA-HOU",
               at=f"2025-04-0{i + 1}T10:00:00+00:00", agency="Houston Chronicle")
        for i in range(5)
    ),
    report("G", LE, LES, SAMIR, CRESCENT, relations=(Rel(RelationKind.WORKS_FOR, 0, 1),),
           area="UA-HOU", at="2025-05-02T10:00:00+00:00", agency="Houston Police Department"),
    report("I", LE, LES, DANIEL, DALLAS, area="TX", at="2025-06-01T10:00:00+00:00",
           agency="Texas DPS"),
    report("K", OPEN, U, MOHAMMED, area="TX", at="2025-02-01T10:00:00+00:00", agency="Open Source"),
    report("L", INTEL, SECRET, MUHAMMAD, mention(PERSON, "Tariq Aziz"), area="TX",
           at="2025-02-02T10:00:00+00:00", agency="FBI"),
    report("Z", INTEL, TS, mention(PERSON, "Dr. Daniel Reyes"), mention(PERSON, "Karim Haddad"),
           relations=(Rel(RelationKind.MET_WITH, 0, 1),), area="TX",
           at="2025-06-10T10:00:00+00:00", agency="NSA"),
)

WORLD = World(
    reports=REPORTS,
    candidates=(Cand(MO, MU, 0.82, ("K", "L")),),
    watches=(Watch(CRES, "front company", SECRET),),
)

AS_OF = "2025-07-01T00:00:00+00:00"

# Viewers: LES only; SECRET without LES; SECRET with LES; unclassified without LES; TS/SI.
LES_ONLY = viewer("les-analyst", Level.UNCLASSIFIED, les=True)
SECRET_ONLY = viewer("secret-analyst", Level.SECRET)
BOTH = viewer("both-analyst", Level.SECRET, les=True)
PUBLIC = viewer("public-analyst", Level.UNCLASSIFIED)
TOP = viewer("ts-analyst", Level.TOP_SECRET, les=True, compartments=("SI",))
