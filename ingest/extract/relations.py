"""Typed relations stated in a sentence, read off the dependency parse.

Three kinds of rule, each a table of trigger words:

- verb rules: a verb, its subject and its object or prepositional object
  ("Ali Hassan called 202-555-0143", "X travelled to Dallas", "X met with Y");
  passive "owner" verbs are read backwards ("the Ford is registered to X": X owns it);
- noun rules: a role noun tied to its holder by apposition, a copula or a compound
  ("X, a member of Hezbollah", "X is an employee of Y", "Hezbollah member X"), and
  an action noun that is the object of a light verb ("X conducted surveillance of
  the substation", "X placed calls to Y");
- possession: an identifier with a possessive owner ("Omar's phone 202-555-0143").

Subjects pass down to verbs that have none of their own ("X drove to Dallas and
surveilled the substation", "the phone was used to call Y"), at a lower confidence.
Every relation is checked against the kinds it may join, so "X called the FBI about a
bomb" never makes a bomb the callee. Pronouns are never resolved: a rule that needs
"he" to be someone yields nothing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from graph_service.domain import EntityKind, RelationKind, StatedRelation
from graph_service.domain.identifiers import HELD_KINDS
from ingest.extract.mentions import LocatedMention, Sentences

# How sure a rule is: both ends tied to the trigger by the parse; one end inherited
# from a governing clause or found deeper in a phrase; the subject guessed because the
# parser gave the verb none.
CONFIDENCE_DIRECT = 0.8
CONFIDENCE_INFERRED = 0.7
CONFIDENCE_GUESSED = 0.6

# A token or mention paired with how sure we are that it fills its slot.
_Scored = tuple[Token, float]
_Picked = tuple[int, float]

_K = EntityKind
_AGENTS = frozenset({_K.PERSON, _K.ORGANIZATION})
_PLACES = frozenset({_K.LOCATION, _K.FACILITY})
# What an agent can own or use: the held identifier kinds, and weapons, which the entity
# ruler names (ingest/extract/patterns/weapons.jsonl) and no identifier type covers.
_HELD = HELD_KINDS | {_K.WEAPON}
_CALLERS = _AGENTS | {_K.PHONE, _K.EMAIL}
_EMPLOYERS = frozenset({_K.ORGANIZATION, _K.FACILITY})
_TARGETS = _AGENTS | _PLACES

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "dative"})
# An identifier merged into one token can look like punctuation or a number to the
# tagger ("(629) 555-0118" starts with a bracket), and the parser then hangs it off the
# verb as one of these instead of as its object.
_STRAY_DEPS = frozenset({"punct", "dep", "npadvmod", "nummod", "advmod", "appos"})
_RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
# Clauses whose subject, when they have none, is their governing verb's.
_INHERITING_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp"})


@dataclass(frozen=True, slots=True)
class _VerbRule:
    kind: RelationKind
    sources: frozenset[EntityKind]
    targets: frozenset[EntityKind]
    # "dobj" for the direct object, else the prepositions whose object is the target.
    via: frozenset[str]
    # The grammatical subject is what the prepositional object owns ("registered to").
    reverse: bool = False
    # The target may sit anywhere in the clause: "drove a Ford bearing Texas plate ...".
    deep: bool = False


@dataclass(frozen=True, slots=True)
class _NounRule:
    kind: RelationKind
    sources: frozenset[EntityKind]
    targets: frozenset[EntityKind]
    via: frozenset[str]
    # Prepositions that turn the relation round: "received a call from Y".
    reverse_via: frozenset[str] = frozenset()


_DOBJ = frozenset({"dobj"})
_VERB_TABLE: tuple[tuple[tuple[str, ...], tuple[_VerbRule, ...]], ...] = (
    (
        ("call", "calls", "called", "calling", "phone", "phones", "phoned", "phoning",
         "telephoned", "contact", "contacts", "contacted", "contacting", "text", "texts",
         "texted", "texting", "message", "messaged", "messaging", "dial", "dialed",
         "dialled", "dialing", "emailed", "e-mailed"),
        (_VerbRule(RelationKind.CALLED, _CALLERS, _CALLERS, _DOBJ),),
    ),
    (
        ("drive", "drives", "drove", "driven", "driving"),
        (
            _VerbRule(RelationKind.DROVE, frozenset({_K.PERSON}), frozenset({_K.VEHICLE}),
                      _DOBJ | {"in"}, deep=True),
            _VerbRule(RelationKind.TRAVELLED_TO, frozenset({_K.PERSON}), _PLACES,
                      frozenset({"to", "into"})),
        ),
    ),
    (
        ("operate", "operates", "operated", "operating", "rode", "rides", "riding"),
        (_VerbRule(RelationKind.DROVE, frozenset({_K.PERSON}), frozenset({_K.VEHICLE}),
                   _DOBJ | {"in"}, deep=True),),
    ),
    (
        ("travel", "travels", "travelled", "traveled", "travelling", "traveling", "fly",
         "flies", "flew", "flown", "flying", "go", "goes", "went", "going", "return",
         "returns", "returned", "returning", "head", "heads", "headed", "heading",
         "journeyed", "moved", "relocated", "sailed", "crossed", "came", "deployed"),
        (_VerbRule(RelationKind.TRAVELLED_TO, frozenset({_K.PERSON}), _PLACES,
                   frozenset({"to", "into"})),),
    ),
    (
        ("arrive", "arrives", "arrived", "arriving", "landed", "landing"),
        (_VerbRule(RelationKind.TRAVELLED_TO, frozenset({_K.PERSON}), _PLACES,
                   frozenset({"in", "at"})),),
    ),
    (
        ("visit", "visits", "visited", "visiting"),
        (_VerbRule(RelationKind.TRAVELLED_TO, frozenset({_K.PERSON}), _PLACES, _DOBJ),),
    ),
    (
        ("meet", "meets", "met", "meeting"),
        (_VerbRule(RelationKind.MET_WITH, _AGENTS, _AGENTS, frozenset({"dobj", "with"})),),
    ),
    (
        ("surveil", "surveils", "surveilled", "surveilling", "surveiled", "surveiling",
         "photograph", "photographs", "photographed", "photographing", "film", "films",
         "filmed", "filming", "videotaped", "videotaping", "scout", "scouts", "scouted",
         "scouting", "case", "cased", "casing", "reconnoitered", "reconnoitred",
         "target", "targets", "targeted", "targeting", "threaten", "threatens",
         "threatened", "threatening", "attack", "attacks", "attacked", "attacking",
         "bomb", "bombed", "bombing", "sketched", "sketching", "drew", "mapped",
         "mapping"),
        (_VerbRule(RelationKind.TARGETS, _AGENTS, _TARGETS, _DOBJ),),
    ),
    (
        ("work", "works", "worked", "working"),
        (_VerbRule(RelationKind.WORKS_FOR, frozenset({_K.PERSON}), _EMPLOYERS,
                   frozenset({"for", "at"})),),
    ),
    (
        ("employed", "hired", "recruited"),
        (_VerbRule(RelationKind.WORKS_FOR, _EMPLOYERS, frozenset({_K.PERSON}), frozenset({"by"}),
                   reverse=True),),
    ),
    (
        ("join", "joins", "joined", "joining"),
        (_VerbRule(RelationKind.MEMBER_OF, frozenset({_K.PERSON}),
                   frozenset({_K.ORGANIZATION}), _DOBJ),),
    ),
    (
        ("belong", "belongs", "belonged", "belonging"),
        (
            _VerbRule(RelationKind.MEMBER_OF, frozenset({_K.PERSON}),
                      frozenset({_K.ORGANIZATION}), frozenset({"to"})),
            _VerbRule(RelationKind.OWNS, _AGENTS, _HELD, frozenset({"to"}), reverse=True),
        ),
    ),
    (
        ("own", "owns", "owned", "owning", "buy", "buys", "bought", "buying", "purchase",
         "purchases", "purchased", "purchasing", "acquire", "acquired", "possess",
         "possesses", "possessed", "rent", "rented", "renting", "lease", "leased",
         "use", "uses", "used", "using", "carry", "carries", "carried", "carrying"),
        (_VerbRule(RelationKind.OWNS, _AGENTS, _HELD, _DOBJ),),
    ),
    (
        ("registered", "issued", "subscribed", "assigned", "owned", "leased", "rented",
         "listed"),
        (_VerbRule(RelationKind.OWNS, _AGENTS, _HELD, frozenset({"to", "by"}), reverse=True),),
    ),
)
_VERB_RULES: dict[str, tuple[_VerbRule, ...]] = {}
for _words, _rules in _VERB_TABLE:
    for _word in _words:
        _VERB_RULES[_word] = _VERB_RULES.get(_word, ()) + _rules

_MEMBER = _NounRule(RelationKind.MEMBER_OF, frozenset({_K.PERSON}), frozenset({_K.ORGANIZATION}),
                    frozenset({"of", "in", "with"}))
_EMPLOYEE = _NounRule(RelationKind.WORKS_FOR, frozenset({_K.PERSON}), _EMPLOYERS,
                      frozenset({"of", "for", "at", "with"}))
_ROLE_NOUNS: dict[str, _NounRule] = dict.fromkeys(
    ("member", "members", "leader", "leaders", "commander", "operative", "operatives",
     "affiliate", "recruiter", "financier", "founder", "co-founder", "supporter", "militant",
     "fighter", "associate", "lieutenant", "emir", "cell"),
    _MEMBER,
) | dict.fromkeys(
    ("employee", "employees", "contractor", "staffer", "worker", "technician", "engineer",
     "guard", "driver", "spokesman", "spokesperson", "officer", "agent", "analyst"),
    _EMPLOYEE,
)
# Action nouns count only as the object of a light verb: in "police thwarted an attack
# on the substation" the police are not the attackers.
_LIGHT_VERBS = frozenset(
    {"conduct", "conducts", "conducted", "conducting", "plan", "plans", "planned", "planning",
     "make", "makes", "made", "making", "place", "places", "placed", "placing", "carry",
     "carried", "commit", "committed", "launch", "launched", "stage", "staged", "plot",
     "plotted", "receive", "receives", "received", "receiving", "issue", "issued"}
)
_ACTION_NOUNS: dict[str, _NounRule] = dict.fromkeys(
    ("call", "calls", "text", "texts", "message", "messages"),
    _NounRule(RelationKind.CALLED, _CALLERS, _CALLERS, frozenset({"to"}), frozenset({"from"})),
) | dict.fromkeys(
    ("surveillance", "reconnaissance", "attack", "attacks", "plot", "threat", "threats",
     "bombing"),
    _NounRule(RelationKind.TARGETS, _AGENTS, _TARGETS, frozenset({"of", "on", "against", "at"})),
)
_POSSESSIVE_DEPS = frozenset({"compound", "appos", "nummod", "npadvmod", "nmod"})


class _Relations:
    """The relations of one Doc, collected with the best confidence seen for each."""

    def __init__(self, mentions: Sequence[LocatedMention], sentences: Sentences) -> None:
        self.mentions = mentions
        self.sentences = sentences
        self.by_token: dict[int, int] = {}
        for index, located in enumerate(mentions):
            for token in range(located.first_token, located.end_token):
                self.by_token.setdefault(token, index)
        self.found: dict[tuple[RelationKind, int, int], StatedRelation] = {}

    def add_all(self, kind: RelationKind, sources: Iterable[_Picked],
                targets: Sequence[_Picked], trigger: Token) -> None:
        """Relate every source to every target; a pair is as sure as its weaker end."""
        for source, source_confidence in sources:
            for target, target_confidence in targets:
                if source == target:
                    continue
                confidence = min(source_confidence, target_confidence)
                key = (kind, source, target)
                known = self.found.get(key)
                if known is None or known.confidence < confidence:
                    self.found[key] = StatedRelation(
                        kind, source, target, self.sentences.of(trigger.i), confidence
                    )

    def mention_at(self, token: Token, kinds: frozenset[EntityKind]) -> int | None:
        """The mention of an allowed kind that `token` belongs to, or that it names by
        apposition ("the suspect, Ali Hassan")."""
        for candidate in (token, *(c for c in token.children if c.dep_ == "appos")):
            index = self.by_token.get(candidate.i)
            if index is not None and self.mentions[index].mention.kind in kinds:
                return index
        return None

    def pick(self, tokens: Iterable[_Scored], kinds: frozenset[EntityKind], *,
             deep: bool = False) -> list[_Picked]:
        """Mentions of `kinds` at `tokens` and their conjuncts; with `deep`, also inside
        their phrases ("the Ford bearing Texas plate ABC1234")."""
        picked: list[_Picked] = []
        for token, confidence in tokens:
            for member in _with_conjuncts(token):
                index = self.mention_at(member, kinds)
                if index is not None:
                    picked.append((index, confidence))
                elif deep:
                    picked.extend(self.within(member.children, kinds))
        return picked

    def within(self, tokens: Iterable[Token], kinds: frozenset[EntityKind]) -> list[_Picked]:
        """Mentions of `kinds` in the subtrees of `tokens`, not entering clauses that have
        a subject of their own."""
        found: list[_Picked] = []
        queue = deque(tokens)
        while queue:
            token = queue.popleft()
            if token.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECT_DEPS for c in token.children):
                continue
            index = self.by_token.get(token.i)
            if index is not None and self.mentions[index].mention.kind in kinds:
                found.append((index, CONFIDENCE_INFERRED))
            queue.extend(token.children)
        return found

    def guess_subject(self, verb: Token, kinds: frozenset[EntityKind]) -> list[_Picked]:
        """The first mention of `kinds` in the sentence before `verb`, for a verb the
        parser left without a subject ("X, using phone P, contacted Y")."""
        for token in verb.sent:
            if token.i >= verb.i:
                break
            index = self.mention_at(token, kinds)
            if index is not None:
                return [(index, CONFIDENCE_GUESSED)]
        return []


def find_relations(
    doc: Doc, mentions: Sequence[LocatedMention], sentences: Sentences
) -> list[StatedRelation]:
    """The relations stated in `doc` between `mentions` (indexes into that sequence)."""
    if len(mentions) < 2:
        return []
    relations = _Relations(mentions, sentences)
    for token in doc:
        lower = token.lower_
        if token.pos_ == "VERB":  # "called" the verb, not "a call" or "the phone"
            for verb_rule in _VERB_RULES.get(lower, ()):
                _apply_verb_rule(relations, token, verb_rule)
        if (role_rule := _ROLE_NOUNS.get(lower)) is not None:
            _apply_role_noun(relations, token, role_rule)
        if (action_rule := _ACTION_NOUNS.get(lower)) is not None:
            _apply_action_noun(relations, token, action_rule)
        index = relations.by_token.get(token.i)
        if index is not None and mentions[index].mention.kind in _HELD:
            _apply_possession(relations, token, index)
    return sorted(relations.found.values(), key=lambda r: (r.sentence, r.source, r.target, r.kind))


def _with_conjuncts(token: Token) -> list[Token]:
    """`token` and the tokens coordinated with it ("X and Y", "X, Y and Z")."""
    members = [token]
    for member in members:
        members.extend(c for c in member.children if c.dep_ == "conj")
    return members


def _subjects(verb: Token, depth: int = 0) -> list[_Scored]:
    """Subjects of `verb`: its own, or inherited from the clause governing it."""
    confidence = CONFIDENCE_DIRECT if depth == 0 else CONFIDENCE_INFERRED
    own = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if own:
        # "X, who called Y": the relative pronoun stands for the noun the clause modifies.
        if verb.dep_ == "relcl" and own[0].lower_ in _RELATIVE_PRONOUNS:
            return [(verb.head, confidence)]
        return [(token, confidence) for token in own]
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return [(verb.head, confidence)]  # "X, using phone ...", "a Ford registered to X"
    if verb.dep_ in _INHERITING_DEPS and depth < 3 and verb.head.i != verb.i:
        return _subjects(verb.head, depth + 1)
    return []


def _objects(verb: Token, via: frozenset[str]) -> list[_Scored]:
    """Direct objects (when `via` has "dobj") and objects of the prepositions in `via`."""
    objects: list[_Scored] = []
    for child in verb.children:
        if child.dep_ in _OBJECT_DEPS and "dobj" in via:
            objects.append((child, CONFIDENCE_DIRECT))
        elif child.dep_ in _STRAY_DEPS and "dobj" in via and child.i > verb.i:
            objects.append((child, CONFIDENCE_INFERRED))
        elif child.dep_ in ("prep", "agent") and child.lower_ in via:
            objects.extend((c, CONFIDENCE_DIRECT) for c in child.children if c.dep_ == "pobj")
    # The small model sometimes parses "..., contacted Kyle Reese" as a modifier of
    # its own object.
    if verb.dep_ == "amod" and "dobj" in via:
        objects.append((verb.head, CONFIDENCE_INFERRED))
    return objects


def _apply_verb_rule(relations: _Relations, verb: Token, rule: _VerbRule) -> None:
    subjects = _subjects(verb)
    if rule.reverse:
        owners = relations.pick(_objects(verb, rule.via), rule.sources)
        owned = relations.pick(subjects, rule.targets, deep=True)
        relations.add_all(rule.kind, owners, owned, verb)
        return
    targets = relations.pick(_objects(verb, rule.via), rule.targets)
    if not targets and rule.deep:
        clause = (c for c in verb.children if c.dep_ not in _SUBJECT_DEPS)
        targets = relations.within(clause, rule.targets)
    if not targets:
        return
    if subjects:
        sources = relations.pick(subjects, rule.sources)
    elif verb.dep_ not in _INHERITING_DEPS:
        sources = relations.guess_subject(verb, rule.sources)
    else:
        return
    relations.add_all(rule.kind, sources, targets, verb)


def _apply_role_noun(relations: _Relations, noun: Token, rule: _NounRule) -> None:
    named = [(c, CONFIDENCE_DIRECT) for c in noun.children if c.dep_ == "appos"]
    if named:
        holders = named  # "Hezbollah operative Ali Hassan", "the member, Ali Hassan,"
    elif noun.dep_ in ("appos", "compound"):
        holders = [(noun.head, CONFIDENCE_DIRECT)]  # "X, a member of Y", "Hezbollah member X"
    elif noun.dep_ in ("attr", "oprd"):
        holders = _subjects(noun.head)  # "X is a member of Y"
    elif noun.dep_ == "pobj" and noun.head.lower_ == "as":
        holders = _subjects(noun.head.head)  # "X was identified as a member of Y"
    else:
        return
    sources = relations.pick(holders, rule.sources)
    if not sources:
        return
    named_with = [(c, CONFIDENCE_DIRECT) for c in noun.children
                  if c.dep_ in ("compound", "poss", "nmod")]
    targets = relations.pick(named_with + _objects(noun, rule.via), rule.targets)
    relations.add_all(rule.kind, sources, targets, noun)


def _apply_action_noun(relations: _Relations, noun: Token, rule: _NounRule) -> None:
    if noun.dep_ not in _OBJECT_DEPS or noun.head.lower_ not in _LIGHT_VERBS:
        return
    actors = relations.pick(_subjects(noun.head), rule.sources)
    if not actors:
        return
    relations.add_all(rule.kind, actors, relations.pick(_objects(noun, rule.via), rule.targets),
                      noun)
    # "X received a call from Y": Y called X.
    callers = relations.pick(_objects(noun, rule.reverse_via), rule.sources)
    relations.add_all(rule.kind, callers, actors, noun)


def _apply_possession(relations: _Relations, token: Token, held: int) -> None:
    """"Omar's phone 202-555-0143", "Omar's phone, 202-555-0143": Omar owns it."""
    phrase = [token]
    if token.dep_ in _POSSESSIVE_DEPS and token.head.pos_ in ("NOUN", "PROPN"):
        phrase.append(token.head)
    owners = [(c, CONFIDENCE_DIRECT) for word in phrase for c in word.children if c.dep_ == "poss"]
    relations.add_all(RelationKind.OWNS, relations.pick(owners, _AGENTS),
                      [(held, CONFIDENCE_DIRECT)], token)
