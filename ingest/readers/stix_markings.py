"""STIX marking definitions to our banners: TLP 1.0 and 2.0, banner statements, ACS 3.0.

Deny by default: a definition we cannot map exactly is an error that names what we could
not map, and the object it marks is rejected, never stored under a guessed label.

=====================  =======================  =====================================
marking definition     banner                   why
=====================  =======================  =====================================
TLP:CLEAR / TLP:WHITE  UNCLASSIFIED             public
TLP:GREEN              UNCLASSIFIED             community-wide; every Nexus user is
                                                in the community
TLP:AMBER              CUI                      need-to-know inside the recipients'
                                                organizations: CUI-authorized viewers
TLP:AMBER+STRICT       CUI//ORCON               the recipient organization only: the
                                                originator controls any further
                                                release, and ORCON sources get no
                                                pointers
TLP:RED                (rejected)               named recipients only; putting it in
                                                a shared graph would itself disclose
                                                it. Re-mark it with the originator's
                                                consent and replay.
statement "<banner>"   the banner, if           e.g. "SECRET//NOFORN"
                       `parse_marking` reads it
statement notice       (none)                   copyright / licence / terms notices
                                                that name no control are not access
                                                markings
ACS 3.0 extension      built from its controls  below
=====================  =======================  =====================================

The four TLP 1.0 and five TLP 2.0 marking definitions have fixed ids, so a reference to
one resolves even when the bundle omits the object; a bundle object that reuses such an
id with other content is rejected.

ACS 3.0 (the `acs-marking-definition` property extension, what US government sharing
programmes such as AIS put on STIX), read control by control:

==========================================  ==============================================
ACS property                                becomes
==========================================  ==============================================
control_set.classification U/C/S/TS         the level
control_set.sci_controls                    SCI compartments (unknown ones fail)
control_set.formal_determination PUBREL     public release: nothing beyond the level,
                                            which must then be U
... FOUO                                    CUI
... AIS, INFORMATION-DIRECTLY-RELATED-TO-   nothing: they record why and how the object
CYBERSECURITY-THREAT, NO-FD, PII-NOT-       was shared, not who may read it
PRESENT, PII-NECESSARY-TO-UNDERSTAND-THREAT
control_set.sensitivity LES                 LES
control_set.permitted_nationalities,        releasability: REL TO the countries every
access_privilege[].privilege_scope.         list allows (USA alone is NOFORN); "ALL"
permitted_nationalities                     restricts nothing
further_sharing rule "deny"                 ORCON: the originator controls re-release
further_sharing "permit" to USA.* scopes    NOFORN: re-release inside the US government
entity, shareability, permitted_            "ALL" restricts nothing; a named value has no
organizations (control set or privilege     token here, so it fails closed naming it
scope), caveats, other sensitivities and
determinations, access_privilege "deny"
==========================================  ==============================================
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from graph_service.visibility import Level, Marking, MarkingError, parse_marking

from .schema import RecordError

__all__ = ["ACS_EXTENSION", "TLP_BANNERS", "TLP_IDS", "banner_of"]

TLP_BANNERS: Mapping[str, str | None] = {
    "clear": "UNCLASSIFIED",
    "white": "UNCLASSIFIED",
    "green": "UNCLASSIFIED",
    "amber": "CUI",
    "amber+strict": "CUI//ORCON",
    "red": None,
}
TLP_IDS: Mapping[str, str] = {
    # TLP 1.0 (STIX 2.0 and 2.1)
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "white",
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "green",
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "amber",
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "red",
    # TLP 2.0 (OASIS extension)
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": "clear",
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": "green",
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": "amber",
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": "amber+strict",
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": "red",
}
TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
ACS_EXTENSION = "extension-definition--3a65884d-005a-4290-8335-cb2d778a83ce"
# A statement that names a notice and no control is not an access marking. Anything that
# mentions a control is still treated as a banner: a misspelt "SECERT//NOFORN" must fail.
_NOTICE = re.compile(r"(?i)copyright|\(c\)|©|licen[cs]e|terms of use")
_CONTROL_WORDS = re.compile(
    r"(?i)//|secret|confidential|classified|noforn|orcon|\bles\b|\bcui\b|fouo|rel to"
    r"|sensitive|official use"
)
_ACS_LEVELS = {"U": Level.UNCLASSIFIED, "C": Level.CONFIDENTIAL, "S": Level.SECRET,
               "TS": Level.TOP_SECRET}
_ACS_INFORMATIONAL = frozenset({
    "AIS", "INFORMATION-DIRECTLY-RELATED-TO-CYBERSECURITY-THREAT", "NO-FD",
    "PII-NOT-PRESENT", "PII-NECESSARY-TO-UNDERSTAND-THREAT",
})
_ALL = "ALL"

Lookup = Callable[[str, str], Mapping[str, Any] | None]
"""(marking ref, property naming it) -> the bundle's definition, None if it holds none;
raises RecordError for a definition the bundle holds but could not validate."""


def banner_of(ref: str, lookup: Lookup, prop: str) -> str | None:
    """The banner a marking definition stands for; None for a notice. Deny by default."""
    definition = lookup(ref, prop)
    standard = TLP_IDS.get(ref)
    if definition is None:
        if standard is None:
            raise RecordError(
                prop, f"marking definition {ref} is not in the bundle; a missing marking is "
                "never guessed (add the definition and replay)",
            )
        return _tlp_banner(standard, ref, prop)
    extensions = definition.get("extensions") or {}
    definition_type = definition.get("definition_type")
    if (tlp2 := extensions.get(TLP2_EXTENSION)) is not None:
        level = str(tlp2.get("tlp_2_0", ""))
    elif (acs := extensions.get(ACS_EXTENSION)) is not None:
        return acs_banner(acs, ref, prop)
    elif definition_type == "tlp":
        level = str(definition["definition"]["tlp"])
    elif definition_type == "statement":
        return _statement_banner(str(definition["definition"]["statement"]), ref, prop)
    else:
        raise RecordError(prop, f"marking definition {ref} has unsupported type "
                          f"{definition_type!r}; only TLP, ACS 3.0 and banner statements "
                          "are read")
    if standard is not None and level.lower() != standard:
        raise RecordError(prop, f"marking definition {ref} is the standard TLP:"
                          f"{standard.upper()} id but says TLP:{level.upper()}")
    return _tlp_banner(level.lower(), ref, prop)


def _tlp_banner(level: str, ref: str, prop: str) -> str:
    if level not in TLP_BANNERS:
        raise RecordError(prop, f"marking definition {ref} has unknown TLP level {level!r}")
    banner = TLP_BANNERS[level]
    if banner is None:
        raise RecordError(
            prop, f"TLP:{level.upper()} ({ref}) is for its named recipients only and is not "
            "ingested; the originator must re-mark it first",
        )
    return banner


def _statement_banner(statement: str, ref: str, prop: str) -> str | None:
    try:
        parse_marking(statement)
    except MarkingError as exc:
        if _NOTICE.search(statement) and not _CONTROL_WORDS.search(statement):
            return None
        raise RecordError(prop, f"marking definition {ref}: {exc}") from None
    return statement.strip()


def acs_banner(acs: Mapping[str, Any], ref: str, prop: str) -> str:
    """The banner of an ACS 3.0 marking; RecordError naming the first control we cannot
    represent (the object is then rejected, not stored under a weaker label)."""

    def fail(what: str) -> RecordError:
        return RecordError(prop, f"ACS marking {ref}: {what} has no Nexus equivalent; "
                           "an unmapped control is never dropped (re-mark and replay)")

    controls = acs.get("control_set")
    if not isinstance(controls, Mapping):
        raise RecordError(prop, f"ACS marking {ref} has no control_set")
    classification = str(controls.get("classification", ""))
    if classification not in _ACS_LEVELS:
        raise RecordError(prop, f"ACS marking {ref}: unknown classification "
                          f"{classification!r} (expected U, C, S or TS)")
    level = _ACS_LEVELS[classification]
    dissem: set[str] = set()
    nations: set[str] | None = None  # None: no restriction stated

    def restrict(values: object, where: str) -> None:
        nonlocal nations
        stated = {str(v).upper() for v in _strings(values)}
        if not stated or _ALL in stated:
            return
        nations = stated if nations is None else nations & stated
        if not nations:
            raise fail(f"{where} leaves no nationality at all")

    def only_all(values: object, where: str) -> None:
        for value in _strings(values):
            if value.upper() != _ALL:
                raise fail(f"{where} {value!r}")

    public = "public_release" in acs
    for determination in _strings(controls.get("formal_determination")):
        name = determination.upper()
        if name == "PUBREL":
            public = True
        elif name == "FOUO":
            dissem.add("CUI")
        elif name not in _ACS_INFORMATIONAL:
            raise fail(f"formal determination {determination!r}")
    for sensitivity in _strings(controls.get("sensitivity")):
        if sensitivity.upper() != "LES":
            raise fail(f"sensitivity {sensitivity!r}")
        dissem.add("LES")
    for caveat in _strings(controls.get("caveat")):
        raise fail(f"caveat {caveat!r}")
    for key in ("entity", "shareability", "permitted_organizations",
                "logical_authority_category"):
        only_all(controls.get(key), f"control_set.{key}")
    restrict(controls.get("permitted_nationalities"), "control_set.permitted_nationalities")
    for privilege in _mappings(acs.get("access_privilege")):
        action = privilege.get("privilege_action")
        if str(privilege.get("rule_effect", "permit")).lower() != "permit":
            raise fail(f"access privilege {action!r} with rule effect "
                       f"{privilege.get('rule_effect')!r}")
        scope = privilege.get("privilege_scope") or {}
        for key in ("entity", "shareability", "permitted_organizations"):
            only_all(scope.get(key), f"access privilege {action!r} {key}")
        restrict(scope.get("permitted_nationalities"),
                 f"access privilege {action!r} permitted_nationalities")
    for sharing in _mappings(acs.get("further_sharing")):
        scopes = [s.upper() for s in _strings(sharing.get("sharing_scope"))]
        if str(sharing.get("rule_effect", "permit")).lower() != "permit":
            dissem.add("ORCON")
        elif scopes and all(s == "USA" or s.startswith("USA.") for s in scopes):
            restrict(["USA"], "further_sharing")
        elif any(s != _ALL for s in scopes):
            raise fail(f"further sharing scope {', '.join(scopes)}")
    compartments = frozenset(_strings(controls.get("sci_controls")))
    if public and (level is not Level.UNCLASSIFIED or dissem or compartments or nations):
        raise RecordError(prop, f"ACS marking {ref} is released to the public (PUBREL) but "
                          "also states controls; the two contradict each other")
    try:
        marking = Marking(level, compartments, frozenset(dissem),
                          frozenset() if nations is None else frozenset(nations))
        return marking.banner()
    except MarkingError as exc:
        raise RecordError(prop, f"ACS marking {ref}: {exc}") from None


def _strings(value: object) -> list[str]:
    """A list of strings from a string or a list of them (ACS uses both); junk fails."""
    if value is None:
        return []
    items: Iterable[object] = [value] if isinstance(value, str) else (
        value if isinstance(value, list) else [value])
    return [str(item) for item in items]


def _mappings(value: object) -> list[Mapping[str, Any]]:
    """The rules of an ACS list property; anything else there is a rule we cannot read,
    so it fails rather than being passed over."""
    items: list[object] = value if isinstance(value, list) else [] if value is None else [value]
    rules: list[Mapping[str, Any]] = []
    for item in items:
        if not isinstance(item, Mapping):
            raise RecordError("extensions", f"ACS rule is not an object: {item!r}")
        rules.append(item)
    return rules
