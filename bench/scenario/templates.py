"""Sentence banks the composer draws from. Data only.

Fields: `{a}` and `{b}` are the fact's entities, written as mentions (a person's
first mention in a report uses the report's name style, later ones the short form).
Attributes read an entity without mentioning it (`{a.age}`, `{a.born}`, `{a.nat}`,
`{b.model}`, `{b.line}`), except `{b.desc}` / `{b.plate}` / `{b.vin}`, which write a
vehicle's plate or VIN. Report-level fields: `{city}`, `{agency}` and `{poe}` are hub
mentions; `{when}` / `{When}` an event-time phrase; anything else names a value bank
below. Names go first in a sentence ("Ali Hassan called ...") because that is where
a small English NER model tags them most reliably; filler has no names at all.
"""

from __future__ import annotations

from graph_service.domain import EntityKind, Side

from .plans import ReportKind

_P, _O, _F = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.FACILITY
_V, _PH = EntityKind.VEHICLE, EntityKind.PHONE

SCENES: dict[tuple[ReportKind, EntityKind], tuple[str, ...]] = {
    (ReportKind.TRAFFIC_STOP, _P): (
        "{When}, {agency} personnel conducted a traffic stop in {city} for {violation}. "
        "The driver was identified as {a}, {a.age}.",
        "{a}, {a.age}, was stopped by officers in {city} {when} after a patrol unit observed "
        "{violation}.",
        "During a routine traffic stop in {city} {when}, officers contacted the driver, {a}, "
        "{a.age}, regarding {violation}.",
        "A patrol officer stopped a vehicle for {violation} near {city} {when}; the driver "
        "presented identification as {a}.",
        "{a} was the driver of a vehicle stopped in {city} {when} for {violation}.",
    ),
    (ReportKind.ARREST, _P): (
        "{a}, {a.age}, was arrested in {city} {when} on charges of {charge}.",
        "{When}, {agency} personnel arrested {a}, {a.age}, in {city} on an outstanding warrant "
        "for {charge}.",
        "Officers in {city} took {a}, {a.age}, into custody {when} following a complaint of "
        "{charge}.",
        "{a} was booked into the county jail {when} after an arrest in {city} for {charge}.",
    ),
    (ReportKind.SAR, _P): (
        "{When}, a security officer in {city} reported suspicious behaviour by an individual "
        "later identified as {a}.",
        "{a} was observed {when} in {city} engaging in activity that a witness described as "
        "unusual and possibly pre-operational.",
        "A member of the public in {city} contacted {agency} {when} to report {a}, {a.age}, "
        "who was acting suspiciously.",
        "This suspicious activity report concerns {a}, {a.age}, observed in {city} {when}.",
    ),
    (ReportKind.BORDER, _P): (
        "{a}, {a.age}, applied for entry at the {poe} {when} and was referred to secondary "
        "inspection.",
        "{When}, officers at the {poe} inspected {a}, {a.age}, during a routine border crossing.",
        "During inbound processing at the {poe} {when}, {a} presented documents that officers "
        "found inconsistent.",
        "{a} crossed the border at the {poe} {when} and was selected for a secondary examination.",
    ),
    (ReportKind.PRECURSOR, _P): (
        "{When}, a retail employee in {city} reported that {a}, {a.age}, attempted to buy an "
        "unusual quantity of {chem}.",
        "{a} purchased {qty} of {chem} in {city} {when}, paying in cash and declining a receipt.",
        "A supplier in {city} flagged a sale of {qty} of {chem} to {a} {when} as inconsistent "
        "with the buyer's stated purpose.",
    ),
    (ReportKind.TIP, _P): (
        "{When}, an anonymous caller told {agency} that {a}, who lives in {city}, had been making "
        "threatening statements.",
        "A confidential informant reported {when} that {a} has been seeking to acquire "
        "{threat_item}.",
        "{agency} received an online tip {when} naming {a}, {a.age}, of {city}, as someone who "
        "had expressed support for violence.",
        "A tipster who asked to remain anonymous identified {a} as the person behind a series "
        "of threatening posts.",
    ),
    (ReportKind.THREAT_STREAM, _P): (
        "{When}, reporting indicated that {a} is involved in discussions about an attack on a "
        "target in {city}.",
        "A source with indirect access reported that {a} has been recruiting associates for "
        "unspecified violent activity.",
        "Threat reporting received {when} identifies {a} as a participant in online discussions "
        "of attacks on infrastructure.",
        "{a} remains a focus of threat reporting concerning {city}.",
    ),
    (ReportKind.PROFILE, _P): (
        "{a} (born {a.born}) is a {a.nat} national who came to the attention of this office "
        "{when}.",
        "This profile summarises reporting on {a}, a {a.nat} national born in {a.born}.",
        "{a}, born {a.born}, is assessed to be a facilitator for a network with links to "
        "violent extremists.",
        "Subject: {a}, {a.nat} national, year of birth {a.born}.",
    ),
    (ReportKind.TRAVEL, _P): (
        "{a} travelled {when} on a commercial flight, according to travel records reviewed by "
        "this office.",
        "Travel records show that {a}, a {a.nat} national, departed {city} {when}.",
        "{When}, {a} began a journey that analysts assess was intended to avoid scrutiny.",
        "{a} (born {a.born}) has travelled repeatedly in recent months.",
    ),
    (ReportKind.COMMUNICATIONS, _P): (
        "{a} was party to a series of communications {when} that analysts assess were "
        "operational in nature.",
        "Reporting derived from communications indicates that {a} coordinated with several "
        "contacts {when}.",
        "{When}, {a} used multiple devices in an apparent effort to avoid detection.",
    ),
    (ReportKind.FINANCING, _P): (
        "{a} is assessed to be moving funds on behalf of associates, according to financial "
        "reporting received {when}.",
        "Financial reporting shows {a} conducting a series of small transfers below reporting "
        "thresholds {when}.",
        "{When}, {a} received funds that analysts believe originated with a facilitation "
        "network overseas.",
    ),
    (ReportKind.MEDIA, _P): (
        "Local media in {city} reported {when} that {a}, {a.age}, had been charged in "
        "connection with a disturbance.",
        "An article published {when} quoted {a} of {city} about a dispute with local authorities.",
        "{a}, a resident of {city}, featured in a local news report {when} about a protest that "
        "turned confrontational.",
    ),
    (ReportKind.INFRASTRUCTURE, _P): (
        "{When}, staff in {city} reported that {a} had been found inside a restricted area.",
        "{a} was escorted off company property in {city} {when} after ignoring posted warnings.",
    ),
    (ReportKind.INFRASTRUCTURE, _F): (
        "{When}, operators at the {a} in {city} reported a perimeter breach.",
        "Security staff at the {a} reported {when} that a section of fence had been cut.",
        "The {a} experienced an unexplained equipment fault {when}; the operator is treating it "
        "as suspicious.",
        "{When}, a drone was observed hovering over the {a} for several minutes.",
    ),
    (ReportKind.TRAFFIC_STOP, _V): (
        "{When}, officers in {city} attempted to stop {a.desc} for {violation}; the driver fled "
        "before being identified.",
        "An automated plate reader in {city} flagged {a.desc} {when}.",
        "Officers in {city} located {a.desc} abandoned on a road shoulder {when}.",
    ),
    (ReportKind.BORDER, _V): (
        "{When}, officers at the {poe} referred {a.desc} to secondary inspection; the occupants "
        "were not identified.",
        "Officers at the {poe} noted {a.desc} crossing repeatedly {when}.",
    ),
    (ReportKind.TIP, _PH): (
        "{When}, an anonymous caller reported that the number {a} had been used to make "
        "threatening calls in {city}.",
        "A tipster in {city} provided the number {a} {when}, saying it belonged to someone "
        "planning violence.",
    ),
    (ReportKind.SAR, _PH): (
        "A phone found near a restricted site in {city} {when} had repeatedly contacted {a}.",
        "{When}, a caller using the number {a} asked detailed questions about site security in "
        "{city}.",
    ),
}

# Used when SCENES has no entry for the report kind and the focal entity's kind.
GENERIC_SCENES: dict[EntityKind, tuple[str, ...]] = {
    _P: (
        "{a}, {a.age}, is the subject of this report, which concerns activity in {city} {when}.",
        "This report concerns {a}, who came to the attention of {agency} {when}.",
    ),
    _O: (
        "Reporting received {when} concerns {a}, an entity assessed to have links to violent "
        "extremist financing.",
        "{a} came to the attention of analysts {when} because of unusual transaction patterns.",
        "{a} is a business registered in {city} that analysts assess is used as a front.",
        "{a} was named in a local news story {when} about a licensing dispute in {city}.",
    ),
    _F: (
        "{When}, the {a} in {city} reported activity that its operator considered suspicious.",
    ),
    _V: (
        "{When}, officers in {city} documented {a.desc} in connection with this report.",
    ),
    _PH: (
        "{When}, the number {a} came to the attention of {agency} in connection with activity "
        "in {city}.",
    ),
}

# An organisation scene that introduces its trading name as well.
ALIAS_SCENES: tuple[str, ...] = (
    "{a}, which also trades as {a.aka}, came to the attention of analysts {when}.",
    "Reporting received {when} concerns {a} (also known as {a.aka}), a business registered in "
    "{city}.",
)

# A PRESENCE fact for an entity that no other fact of the report names.
PRESENCE: dict[EntityKind, tuple[str, ...]] = {
    _P: ("{a} is also named in this reporting.", "Reporting also references {a}, {a.age}."),
    _O: ("{a} is also referenced in the reporting.",),
    _F: ("The {a} is also mentioned in the reporting.",),
    _V: ("Officers also recorded {a.desc}.",),
    _PH: ("The number {a} also appears in the reporting.",),
}

FACTS: dict[str, tuple[str, ...]] = {
    "uses_phone": (
        "{a} provided {b} as a contact number.",
        "{a} listed {b} as a contact telephone.",
        "Records show that {a} uses the telephone number {b}.",
        "{a} was reachable at {b}.",
        "The phone in {a}'s possession was assigned the number {b}.",
        "{a} gave the number {b} as a contact.",
    ),
    "uses_email": (
        "{a} registered an online account with the e-mail address {b}.",
        "{a} used the e-mail address {b}.",
        "Messages sent from {b} have been attributed to {a}.",
        "{a} gave {b} as a contact e-mail.",
    ),
    "uses_crypto": (
        "{a} sent {coins} to the wallet {b} {when}.",
        "{a} controls the cryptocurrency wallet {b}.",
        "Blockchain analysis attributes the wallet {b} to {a}.",
        "{a} received {coins} at the address {b}.",
    ),
    "uses_iban": (
        "{a} wired ${usd} to the account {b}.",
        "{a} holds the bank account {b}.",
        "Bank records show {a} receiving transfers into {b}.",
    ),
    "uses_vehicle": (
        "{a} was driving {b.desc}.",
        "{a} was behind the wheel of {b.desc}.",
        "{a} is the registered owner of {b.desc} (VIN {b.vin}).",
        "Records show that {a} owns {b.desc}.",
        "{a} arrived in {b.desc}.",
    ),
    "org_uses_phone": (
        "The number {b} is subscribed to {a}.",
        "{a} lists {b} as its business line.",
        "{a} advertises {b} as its main telephone number.",
    ),
    "org_uses_email": (
        "{a} uses the e-mail address {b} for correspondence.",
        "Invoices from {a} were sent from {b}.",
    ),
    "org_uses_crypto": (
        "{a} holds the wallet {b}.",
        "{a} solicits donations at the wallet {b}.",
        "Blockchain analysis attributes the wallet {b} to {a}.",
    ),
    "org_uses_iban": (
        "{a} maintains the bank account {b}.",
        "Payments to {a} are routed to the account {b}.",
    ),
    "drove": (
        "{a} drove {b.desc}.",
        "{a} was observed driving {b.desc} {when}.",
        "{a} drove {b.desc} to the meeting.",
    ),
    "owns_vehicle": (
        "{a} is the registered owner of {b.desc}.",
        "Registration records list {a} as the owner of {b.desc}.",
        "{a} leases {b.desc} (VIN {b.vin}).",
    ),
    "owns_phone": (
        "The number {b} is subscribed to {a}.",
        "{a} is the account holder for the number {b}.",
    ),
    "called_phone": (
        "{a} called {b} {when}.",
        "{a} called {b} {n} times in the days before the incident.",
        "Call records show {a} called {b} repeatedly {when}.",
    ),
    "called_person": (
        "{a} called {b} {when}.",
        "{a} called {b} several times {when}.",
        "Toll records show {a} called {b} {n} times.",
    ),
    "met_with": (
        "{a} met with {b} {when}.",
        "{a} met with {b} at {venue_generic} in {city}.",
        "Surveillance observed {a} meeting with {b} at {venue_generic}.",
        "{a} met with {b} twice in the following week.",
    ),
    "member_of": (
        "{a} is a member of {b}.",
        "{a} is assessed to be a member of {b}.",
        "Reporting identifies {a} as a member of {b}.",
        "{a} became a member of {b} in {year}.",
    ),
    "works_for": (
        "{a} works for {b}.",
        "{a} is employed by {b} as a {job}.",
        "{a} has worked for {b} since {year}.",
    ),
    "targets": (
        "{a} surveilled the {b}.",
        "{a} photographed the perimeter of the {b} {when}.",
        "{a} was seen filming access points at the {b}.",
        "{a} identified the {b} as a potential target.",
        "{a} conducted surveillance of the {b} {when}.",
    ),
    "comention_person": (
        "{a} and {b} were both present {when}.",
        "The occupants were {a} and {b}.",
        "{a} and {b} were listed on the same booking.",
        "{a} was accompanied by {b}.",
    ),
    "comention_org": (
        "{a} was named alongside {b} in a civil filing.",
        "Documents referencing {b} were found in {a}'s possession.",
        "{a} and {b} appear in the same set of records.",
    ),
    "comention_facility": (
        "{a} was seen near the {b} {when}.",
        "{a} was cited for trespassing close to the {b}.",
        "A vehicle associated with {a} was parked near the {b}.",
    ),
    "travel": (
        "{a} travelled to {b} {when}.",
        "{a} flew to {b} {when}.",
        "{a} returned from {b} {when}.",
        "Records show {a} travelled to {b} via a third country.",
    ),
    "visit": (
        "{a} was seen at {b} {when}.",
        "{a} visited {b} {when}.",
        "{a} spent several hours at {b}.",
    ),
    "resides": (
        "{a} lives in {b}.",
        "{a}, a resident of {b}, has no criminal history.",
        "{a} recently moved to {b}.",
    ),
    "purchase": (
        "{a} bought {qty} of {chem} from {b}.",
        "{b} reported that {a} purchased {qty} of {chem}.",
        "{a} ordered {chem} through {b} for delivery {when}.",
    ),
    "contacted": (
        "{a} called {b}, {b.line}, {when}.",
        "{a} listed {b}, {b.line}, as a contact number.",
        "{a} booked travel by calling {b}, {b.line}.",
    ),
}

INCIDENTAL: dict[Side, tuple[str, ...]] = {
    Side.LE: (
        "A passenger, {a}, {a.age}, was identified and released.",
        "A witness, {a}, provided a statement to officers.",
        "{a}, {a.age}, was present but not detained.",
        "{a}, a bystander, reported hearing raised voices.",
    ),
    Side.INTEL: (
        "An associate, {a}, was also mentioned in the reporting.",
        "{a} is described as a relative with no known role.",
        "{a}, a former roommate, is not assessed to be involved.",
    ),
    Side.OPEN: (
        "A spokesperson, {a}, declined to comment.",
        "{a}, who lives nearby, said the area is usually quiet.",
        "{a}, a company employee, reported the incident.",
    ),
}

# Optional attributions put in front of a fact sentence.
PREFIXES: dict[Side, tuple[str, ...]] = {
    Side.LE: ("Officers learned that ", "Investigators determined that ", "A records check showed that "),
    Side.INTEL: (
        "According to a source with direct access, ",
        "Reporting indicates that ",
        "A sensitive source reported that ",
        "Collateral reporting suggests that ",
    ),
    Side.OPEN: ("According to local reporting, ", "The company said that "),
}

LEADS: dict[Side, tuple[str, ...]] = {
    Side.LE: (
        "The following is a summary of an incident reported by field personnel.",
        "Purpose: to share details of an encounter with possible relevance to ongoing "
        "investigations.",
        "This report documents a field contact.",
        "Summary of a law enforcement encounter follows.",
    ),
    Side.INTEL: (
        "Summary: reporting from multiple collection streams is summarised below.",
        "This report provides an update on a subject of interest.",
        "Key points from recent reporting are set out below.",
    ),
    Side.OPEN: (
        "The following was compiled from open sources.",
        "This summary is based on information provided by an infrastructure operator.",
    ),
}

CLOSINGS: dict[Side, tuple[str, ...]] = {
    Side.LE: (
        "This report is for law enforcement use only.",
        "Recipients should direct questions to the reporting agency.",
        "No further dissemination without the approval of the originating agency.",
        "The investigation is ongoing.",
    ),
    Side.INTEL: (
        "Comments and questions should be directed to the originating office.",
        "This report may be further disseminated only in accordance with its markings.",
        "Analysts will update this assessment as new reporting becomes available.",
    ),
    Side.OPEN: (
        "This summary is provided for awareness.",
        "No action is requested of recipients.",
    ),
}

TITLES: dict[ReportKind, tuple[str, ...]] = {
    ReportKind.TRAFFIC_STOP: (
        "Traffic stop near {area}", "Vehicle stop, {area}", "Traffic enforcement contact in {area}",
    ),
    ReportKind.ARREST: ("Arrest report, {area}", "Custodial arrest in {area}", "Arrest summary"),
    ReportKind.SAR: (
        "Suspicious activity report, {area}", "SAR: possible surveillance activity",
        "Suspicious behaviour near infrastructure in {area}",
    ),
    ReportKind.BORDER: (
        "Secondary inspection at a port of entry", "Border crossing encounter",
        "Inbound inspection referral",
    ),
    ReportKind.PRECURSOR: (
        "Suspicious purchase of precursor materials", "Precursor chemical sale, {area}",
        "Retailer report of unusual purchase",
    ),
    ReportKind.TIP: ("Tip received, {area}", "Public tip regarding threatening statements", "Informant tip"),
    ReportKind.THREAT_STREAM: (
        "Threat stream update", "Threat reporting concerning {area}", "Emerging threat reporting",
    ),
    ReportKind.PROFILE: ("Subject profile", "Profile of a subject of interest", "Subject summary"),
    ReportKind.TRAVEL: ("Travel of a subject of interest", "Travel reporting", "Subject travel update"),
    ReportKind.COMMUNICATIONS: (
        "Communications reporting", "Contacts of a subject of interest", "Communications summary",
    ),
    ReportKind.FINANCING: ("Financing activity", "Financial reporting summary", "Funds movement of interest"),
    ReportKind.MEDIA: ("Open-source summary, {area}", "Media reporting of note", "Local news summary"),
    ReportKind.INFRASTRUCTURE: (
        "Infrastructure incident report, {area}", "Operator incident notification",
        "Security incident at a critical site",
    ),
}

# Value banks for fields that are neither entities nor times.
VALUES: dict[str, tuple[str, ...]] = {
    "violation": (
        "speeding", "an unsafe lane change", "a broken tail light", "an expired registration",
        "following too closely", "failure to signal", "a cracked windshield", "tinted windows",
    ),
    "charge": (
        "unlawful possession of a firearm", "aggravated assault", "possession of a controlled "
        "substance", "making a terroristic threat", "criminal trespass", "identity theft",
        "money laundering", "possession of stolen property", "fraud",
    ),
    "chem": (
        "ammonium nitrate", "potassium chlorate", "hydrogen peroxide", "acetone", "nitromethane",
        "aluminum powder", "sulfuric acid", "urea fertilizer", "hexamine tablets",
    ),
    "qty": (
        "40 pounds", "twelve gallons", "six large bags", "three drums", "20 kilograms",
        "two cases", "a pallet",
    ),
    "venue_generic": (
        "a restaurant", "a truck stop", "a hotel lobby", "a storage facility",
        "a shopping center parking lot", "a gas station", "a coffee shop", "a rest area",
    ),
    "job": ("driver", "warehouse supervisor", "accountant", "mechanic", "dispatcher",
            "security guard", "sales manager", "technician"),
    "threat_item": (
        "firearms without a background check", "materials for an improvised device",
        "body armor", "a drone capable of carrying a payload", "large quantities of ammunition",
    ),
}

# Filler: generic sentences with no names, built from parts for variety.
FILLER_SUBJECTS: dict[Side, tuple[str, ...]] = {
    Side.LE: ("Officers", "The reporting officer", "Investigators", "The responding unit",
              "A supervisor", "Detectives", "Agents"),
    # Plural subjects: the INTEL predicates are written for them ("Analysts assess...").
    Side.INTEL: ("Analysts", "Reviewing analysts", "Reviewing officers", "Collection managers",
                 "Partner analysts"),
    Side.OPEN: ("Site staff", "The operator", "Company security", "The site manager"),
}
FILLER_PREDICATES: dict[Side, tuple[str, ...]] = {
    Side.LE: (
        "reviewed available body-worn camera footage", "completed a records check",
        "found no outstanding warrants", "documented the encounter in accordance with policy",
        "photographed the items and logged them into evidence", "requested a follow-up interview",
        "noted no injuries", "did not observe any weapons in plain view",
        "consulted the duty prosecutor", "forwarded the details to the regional intelligence unit",
        "canvassed nearby businesses for video", "checked the area for additional witnesses",
        "recorded the serial numbers of several electronic devices",
        "confirmed the identity documents with the issuing authority",
    ),
    Side.INTEL: (
        "assess with moderate confidence that the activity is consistent with pre-operational "
        "planning",
        "judge it likely that the network is expanding its logistics capability",
        "cannot confirm whether the reported intent is aspirational or operational",
        "have low confidence in the reported timeline",
        "continue to evaluate whether the group relies on small, frequent transfers",
        "note that the source's access is indirect",
        "assess that the timing may be linked to recent public events",
        "note that similar reporting has not led to violence in the past",
        "are seeking additional collection to corroborate the reported plans",
        "assess that the reporting reflects a broader trend in recruitment",
    ),
    Side.OPEN: (
        "reviewed security camera footage", "increased patrols of the perimeter",
        "notified local law enforcement", "inspected the affected equipment",
        "restored normal operations within hours", "interviewed the staff on duty",
        "replaced a damaged padlock on the main gate", "checked the access control logs",
        "briefed the night shift on the incident", "requested an additional guard for the weekend",
        "reported the incident to the sector information sharing center",
        "compared the incident with similar events at other sites",
    ),
}
# Time tails for LE and OPEN predicates (INTEL predicates are judgements, not actions).
FILLER_TAILS: tuple[str, ...] = (
    "", "", "", " later that day", " as a precaution", " the following morning",
    " at the request of a supervisor", " before the report was finalised",
)
FILLER_SENTENCES: dict[Side, tuple[str, ...]] = {
    Side.LE: (
        "No further action was taken at the time.",
        "The information has not been corroborated.",
        "This report is based on a single encounter and should be read with that limitation in "
        "mind.",
        "Weather conditions were clear and traffic was light.",
        "The matter remains under review.",
        "No property was seized.",
        "The encounter lasted approximately forty minutes.",
        "There is no indication that the individual was aware of being observed.",
        "Body-worn camera footage is available on request.",
        "Nothing in this report should be taken to suggest that the individual committed a crime.",
        "The location is a mixed commercial and residential area with heavy daytime traffic.",
        "The location has generated {n} calls for service in the past year.",
        "Lighting at the scene was poor and visibility was limited.",
        "The individual was cooperative throughout the encounter.",
        "A language barrier slowed the interview, and a telephone interpreter was used.",
        "Officers were on scene for a little under an hour.",
        "A second unit arrived to assist and left after a short time.",
        "No complaint was made about the conduct of the officers.",
        "The original call was received through the non-emergency line.",
        "The case has been assigned to an investigator for follow-up.",
    ),
    Side.INTEL: (
        "This information was derived from a single-source report and has not been corroborated.",
        "The source has reported reliably in the past.",
        "Source comment: the source did not know how the information was obtained.",
        "Collateral reporting is limited.",
        "Analysts have not identified a specific target, date or method.",
        "The reporting is consistent with earlier assessments of the network.",
        "Gaps remain regarding the group's command structure.",
        "Previous reporting on this topic was assessed as partially reliable.",
        "The information is current as of the date of this report.",
        "Open-source reporting does not reflect the activity described here.",
        "The reporting covers a period of roughly {n} weeks.",
        "Language in the underlying reporting has been paraphrased for clarity.",
        "Reporting on the network has increased over the past quarter.",
        "Several of the people mentioned have not been identified with confidence.",
        "The network is small, loosely organised and relies on personal relationships.",
        "Analysts have moderate confidence in the identification of the individuals involved.",
        "Partner services have been asked to check their holdings.",
        "No information suggests an imminent threat to the homeland.",
        "This assessment will be reviewed within {n} days.",
        "The network's online presence has shifted to smaller, invitation-only channels.",
    ),
    Side.OPEN: (
        "The incident was reported to local authorities.",
        "Operations were not affected.",
        "Media coverage of the event was limited.",
        "Nobody was injured.",
        "The company said it would review its procedures.",
        "Residents were not asked to take any action.",
        "The cause of the incident has not been determined.",
        "Similar incidents have been reported in the region over the past year.",
        "The site is fenced and monitored by cameras around the clock.",
        "Emergency services were not required.",
        "A police report was filed the same day.",
        "The operator has offered a reward for information.",
    ),
}

# Name-free details that fit one kind of report; may use value fields such as {n}.
DETAILS: dict[ReportKind, tuple[str, ...]] = {
    ReportKind.TRAFFIC_STOP: (
        "The vehicle's interior contained several mobile phones and a quantity of cash.",
        "A K-9 unit was requested but did not alert on the vehicle.",
        "The driver appeared nervous and gave inconsistent answers about the purpose of the trip.",
        "A consent search of the trunk found {qty} of unlabeled containers.",
        "The driver was issued a written warning and released.",
        "The registration was valid and the insurance was current.",
        "The rear seats had been folded down to make room for cargo.",
        "The driver said the trip was to visit relatives and would last {n} days.",
    ),
    ReportKind.ARREST: (
        "A search incident to arrest found {n} prepaid phones and a handwritten list of addresses.",
        "The arrestee declined to answer questions without an attorney present.",
        "Bail was set at ${usd}.",
        "A laptop and two external drives were seized pending a search warrant.",
        "The arrest followed a complaint from a neighbour.",
        "The arrestee has {n} prior contacts with law enforcement, none involving violence.",
    ),
    ReportKind.SAR: (
        "The individual left the area when approached by security staff.",
        "Photographs appeared to focus on entrances, cameras and fencing rather than the scenery.",
        "A witness estimated the activity lasted about {n} minutes.",
        "The individual asked staff about shift changes and delivery schedules.",
        "Similar activity was reported at the same location {n} days earlier.",
        "The individual was carrying a notebook with sketches of the site layout.",
    ),
    ReportKind.BORDER: (
        "Officers found {usd} dollars in undeclared currency in a spare tire.",
        "The traveller's phone contained images of several industrial sites.",
        "The traveller stated the purpose of the trip was business.",
        "The vehicle had crossed the border {n} times in the previous month.",
        "A document examination found no signs of alteration.",
        "The traveller was admitted after the inspection.",
    ),
    ReportKind.PRECURSOR: (
        "The buyer paid in cash and declined a loyalty account.",
        "Store policy limits sales of the product to {n} units per customer.",
        "The buyer asked detailed questions about concentration and storage.",
        "The buyer returned {n} days later to attempt a second purchase.",
        "Store video of the transaction has been preserved.",
        "The buyer said the material was needed for a farm but could not name it.",
    ),
    ReportKind.TIP: (
        "The tipster could not say where the information came from.",
        "The tip could not be corroborated at the time of writing.",
        "The posts described in the tip have since been deleted.",
        "The tipster described the individual as increasingly isolated in recent months.",
        "A follow-up call to the tipster went unanswered.",
    ),
    ReportKind.THREAT_STREAM: (
        "The reporting does not identify a date for any attack.",
        "The network has discussed infrastructure targets in general terms for {n} months.",
        "Participants in the discussions used encrypted messaging applications.",
        "The reporting suggests an interest in low-cost, low-sophistication methods.",
        "No operational timeline has been identified.",
    ),
    ReportKind.PROFILE: (
        "The subject holds {n} known passports.",
        "The subject has no known criminal record.",
        "The subject is reported to speak three languages.",
        "The subject's current employment is unknown.",
        "Biographic details in this profile are drawn from multiple reports of varying reliability.",
    ),
    ReportKind.TRAVEL: (
        "The itinerary included a layover of {n} hours.",
        "The ticket was purchased with cash two days before departure.",
        "The return date was left open.",
        "The travel pattern is consistent with earlier trips to the same region.",
        "The traveller checked no luggage.",
    ),
    ReportKind.COMMUNICATIONS: (
        "Several of the numbers involved were active for less than a week.",
        "The contacts used coded language to refer to meetings.",
        "Call volume increased sharply over {n} days.",
        "The devices involved were switched off for long periods.",
        "Analysts have not identified the content of the calls.",
    ),
    ReportKind.FINANCING: (
        "The transfers totalled about ${usd} over {n} weeks.",
        "Funds were moved through at least three intermediaries.",
        "The stated purpose of the payments was charitable relief.",
        "The amounts were kept just below reporting thresholds.",
        "Some of the funds were converted to cryptocurrency within hours of receipt.",
    ),
    ReportKind.MEDIA: (
        "The article drew a large number of comments online.",
        "Local officials declined to comment on the report.",
        "The story was later picked up by regional outlets.",
        "The report did not name any sources.",
    ),
    ReportKind.INFRASTRUCTURE: (
        "Power to {n} customers was briefly interrupted.",
        "The damaged section of fence was repaired the same day.",
        "Security cameras recorded a figure near the gate but the image is unclear.",
        "Footprints and tyre tracks were found near the perimeter.",
        "The site was operating normally by the end of the shift.",
    ),
}
