"""Casualty figures: every mention of people killed, injured, missing, kidnapped, arrested, displaced,
evacuated or affected, read from the dependency parse, and the per-article totals.

A figure is a number (or a countable noun phrase such as "a man", "both victims") whose noun is the
*victim role* of a casualty word: the object of an active "kill", the subject of a passive "was killed"
or of an intransitive "died", or the number of a casualty noun ("45 deaths", "a death toll of 45").
Numbers in any other role (attackers, freed detainees, ages, dates, calibres, money) are not figures
because nothing in their clause makes them victims.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields, replace

from spacy.tokens import Doc, Span, Token

from worker.stages.extract.numbers import TENS, UNITS, VAGUE, parse_number, word_value

KINDS = ("killed", "injured", "missing", "kidnapped", "arrested", "displaced", "evacuated", "affected")

# Verbs (lemmas) whose object, or passive subject, is the victim.
TRANSITIVE = {
    "kill": "killed",
    "murder": "killed",
    "slay": "killed",
    "assassinate": "killed",
    "massacre": "killed",
    "behead": "killed",
    "execute": "killed",
    "lynch": "killed",
    "slaughter": "killed",
    "butcher": "killed",
    "decapitate": "killed",
    # a current through the body: news tells "was electrocuted" of a death, "received a shock" of a survivor
    "electrocute": "killed",
    "claim": None,  # "claimed the lives of" is resolved through "lives"
    "injure": "injured",
    "wound": "injured",
    "hurt": "injured",
    "hospitalize": "injured",
    "hospitalise": "injured",
    "maim": "injured",
    # like "shot", "stabbed" says hit: whoever is not reported dead is injured (see _hit_not_harm)
    "stab": "injured",
    # a bullet that grazed someone wounded them, however lightly
    "graze": "injured",
    "kidnap": "kidnapped",
    "abduct": "kidnapped",
    "arrest": "arrested",
    "detain": "arrested",
    "apprehend": "arrested",
    "displace": "displaced",
    "evacuate": "evacuated",
    "affect": "affected",
    # an outbreak's cases: "sickened more than 3,000", "450 people have been infected"
    "sicken": "affected",
    "infect": "affected",
}
# Verbs and adjectives whose subject is the victim.
INTRANSITIVE = {
    "die": "killed",
    "perish": "killed",
    "drown": "killed",
    "suffocate": "killed",
    "asphyxiate": "killed",
    "succumb": "killed",
    "dead": "killed",
    "deceased": "killed",
    "killed": "killed",
    "wounded": "injured",
    "injured": "injured",
    "hurt": "injured",
    "missing": "missing",
    "unaccounted": "missing",  # "4 are still unaccounted for"
    "homeless": "displaced",
}
# Nouns whose number is the count itself ("45 deaths", "a toll of 45", "3 dead").
NOUNS = {
    "death": "killed",
    # "left at least 48 killed and 67 injured", where the parser makes "killed" a noun
    "killed": "killed",
    "fatality": "killed",
    "dead": "killed",
    "body": "killed",
    "corpse": "killed",
    "corpses": "killed",  # the small model lemmatises it as "corps"
    "toll": "killed",
    "life": "killed",
    "lives": "killed",  # "claims 37 lives", where the model tags "lives" as a verb
    "injury": "injured",
    "wounded": "injured",
    "injured": "injured",
    "casualty": None,
    "arrest": "arrested",
    "hostage": "kidnapped",
    "evacuee": "evacuated",
}
# Words for a single person: "a man was shot dead" is one victim.
PERSONS = {
    "adolescent",
    "minor",
    "colonel",
    "general",
    "imam",
    "cleric",
    "pastor",
    "judge",
    "mayor",
    "governor",
    "senator",
    "guest",
    "pilgrim",
    "insurgent",
    "recruit",
    "cadet",
    "conscript",
    "detainee",
    "refugee",
    "elder",
    "colleague",
    "lawyer",
    "businessman",
    "herdsman",
    "tribesman",
    "militiaman",
    "serviceman",
    "man",
    "woman",
    "boy",
    "girl",
    "child",
    "baby",
    "infant",
    "teen",
    "teenager",
    "person",
    "victim",
    "officer",
    "soldier",
    "policeman",
    "policewoman",
    "civilian",
    "driver",
    "passenger",
    "resident",
    "student",
    "worker",
    "farmer",
    "journalist",
    "toddler",
    "mother",
    "father",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "deputy",
    "trooper",
    "guard",
    "pedestrian",
    "motorist",
    "cyclist",
    "youth",
    "gunman",
    "suspect",
    "shooter",
    "individual",
    "member",
    "leader",
    "commander",
    "militant",
    "fighter",
    "rebel",
    "protester",
    "demonstrator",
    "villager",
    "local",
    "teacher",
    "doctor",
    "nurse",
    "employee",
    "customer",
    "friend",
    "neighbor",
    "neighbour",
    "clerk",
    "cop",
    "agent",
    "sergeant",
    "lieutenant",
    "captain",
    "official",
    "chief",
    "priest",
    "activist",
    "trader",
    "herder",
    "miner",
    "fisherman",
    "hunter",
    "hiker",
    "skier",
    "snowmobiler",
    "occupant",
    "relative",
    "pilot",
    "male",
    "female",
    "juvenile",
    "adult",
    # family words, the usual victims of domestic shootings
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "cousin",
    "grandmother",
    "grandfather",
    "grandson",
    "granddaughter",
    "grandchild",
    "stepfather",
    "stepmother",
    "stepson",
    "stepdaughter",
    "girlfriend",
    "boyfriend",
    "fiance",
    "fiancee",
    "roommate",
    "mom",
    "dad",
    "kid",
    "parent",
    "spouse",
    "classmate",
    "coworker",
    "acquaintance",
    "homeowner",
    "tourist",
    "bystander",
    "inmate",
    "prisoner",
    "patient",
    "hostage",
    "captive",
    # public and religious roles, and people at work, often the named victims of attacks
    "candidate",
    "politician",
    "lawmaker",
    "legislator",
    "diplomat",
    "ambassador",
    "monk",
    "nun",
    "bishop",
    "rabbi",
    "worshipper",
    "worshiper",
    "shopkeeper",
    "vendor",
    "volunteer",
    "pupil",
    "schoolgirl",
    "schoolboy",
    "newborn",
    "bodyguard",
    "gendarme",
    "constable",
    "paramedic",
    "medic",
    "citizen",
    "migrant",
    "immigrant",
    "shepherd",
    "nomad",
    "athlete",
    "coach",
    "mechanic",
    "clergyman",
    # local office holders and helpers, named victims of attacks on officials
    "alderman",
    "councilman",
    "councilwoman",
    "chairman",
    "chairwoman",
    "headman",
    "sarpanch",
    "chieftain",
    "aide",
    "watchman",
    "guardsman",
}
GENERIC_VICTIMS = {"", "people", "persons", "person", "others", "individuals", "victims", "lives"}
# Nouns a number can count that are never people: "the 100 block of", "seven counts of murder".
NOT_VICTIMS = {
    "block",
    "count",
    # "three emergency calls", "two reports of a person shot"
    "call",
    "report",
    "charge",
    "shot",
    "round",
    "bullet",
    # "a 30-year-old with two gunshot wounds" counts wounds ("wounded" is a casualty noun, so only the plural)
    "wounds",
    "casing",
    "shell",
    "year",
    "time",
    "inch",
    "mile",
    "lane",
    "house",
    "home",
    "vehicle",
    "car",
    "truck",
    "gun",
    "weapon",
    "rifle",
    "firearm",
    "hour",
    "day",
    "week",
    "month",
    "minute",
    "second",
    "dollar",
    "percent",
    "foot",
    "yard",
    "meter",
    "degree",
    "mph",
    "point",
    "floor",
    "room",
    "building",
    "village",
    "town",
    "district",
    "province",
    "state",
    "county",
    "case",
    "incident",
    "attack",
    "shooting",
    "occasion",
    "event",
    "story",
    "page",
    "photo",
    "video",
    "item",
    # animals: "killed 15 livestock" is a loss, not a casualty
    "livestock",
    "cattle",
    "cow",
    "goat",
    "sheep",
    "camel",
    "animal",
    "dog",
    "horse",
    "chicken",
    "donkey",
    "head",
}
# "a total of 78 people", "a group of 5 men": the "of" phrase still counts people.
OF_HEADS = {
    "total",
    "number",
    "group",
    "toll",
    "minimum",
    "maximum",
    "all",
    "each",
    "some",
    "most",
    "none",
    "majority",
    "dozen",
    "dozens",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "death",
    "life",
    "body",
    "family",
    "crowd",
    "team",
    "bus",
    "busload",
    "convoy",
}
# Those who carried out the attack. News counts them apart from its toll ("killing 22 people; five
# attackers were also killed"), so their figures are kept but flagged and left out of the victims' totals.
# Suspects are not here: a suspect killed by police or a robber shot by his victim is the casualty of
# someone else's violence, and conflict data (ACLED) and crime data (GVA) both count them.
PERPETRATORS = {
    "attacker",
    "assailant",
    "gunman",
    "gunmen",
    "shooter",
    "bomber",
    "perpetrator",
    "terrorist",
    "hijacker",
}
PRONOUNS = {"he": 1, "she": 1}
# "killed three people before killing himself": the killer is a victim of his own, outside the count.
REFLEXIVES = {"himself", "herself"}
PART_PREPS = {"including", "among", "include"}
SAY_VERBS = {"say", "report", "tell", "confirm", "announce", "state", "add", "claim", "according"}
SKIP_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"}
NUMBER_WORDS = {"hundred", "thousand", "million", "billion", "dozen", "dozens", "-", "and", "a"}
QUALIFIERS = [
    (("at", "least"), "at_least"),
    (("a", "minimum", "of"), "at_least"),
    (("no", "fewer", "than"), "at_least"),
    (("no", "less", "than"), "at_least"),
    (("more", "than"), "more_than"),
    (("upwards", "of"), "more_than"),
    (("in", "excess", "of"), "more_than"),
    (("over",), "more_than"),
    (("above",), "more_than"),
    (("up", "to"), "up_to"),
    (("as", "many", "as"), "up_to"),
    (("fewer", "than"), "up_to"),
    (("less", "than"), "up_to"),
    (("under",), "up_to"),
    (("close", "to"), "nearly"),
    (("nearly",), "nearly"),
    (("almost",), "nearly"),
    (("about",), "about"),
    (("around",), "about"),
    (("approximately",), "about"),
    (("roughly",), "about"),
    (("some",), "about"),
    (("estimated",), "about"),
    (("an", "estimated"), "about"),
]
_AFTER_SKIP = re.compile(
    r"^\s*(?:-\s*)?(?:years?|yrs?|months?|weeks?|days?|hours?|minutes?|mins?|seconds?|percent|per\s*cent|%|"
    r"mm|cm|km|kms|kilometers?|kilometres?|miles?|meters?|metres?|feet|ft|inch|inches|kg|pounds?|lbs?|"
    # (?!\w), not \b: "a.m." and "%" end in a non-word character, after which \b never matches
    r"acres?|hectares?|mph|degrees?|caliber|calibre|a\.m\.|p\.m\.|am\b|pm\b|gauge|y/o|y\.o\.|"
    # "Around 7 May 2020": a day of the month
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan\.|feb\.|aug\.|sept?\.|oct\.|nov\.|dec\.|"
    # a broadcaster's name: "19 Action News", "12 News"
    r"(?:action\s+|eyewitness\s+)?news)(?!\w)",
    re.I,
)
_BEFORE_SKIP = re.compile(
    r"(?:\$|£|€|No\.|number|#|aged|age|ages|Route|Highway|I-|US-)\s*$"
    # "a woman in her 20's", "men in their early 30s"; "between the ages of 16-18"
    r"|\bin\s+(?:his|her|their)\s+(?:early\s+|mid-?\s*|late\s+)?$|\b(?:ages?|aged)\s+of\s*$"
    # a place by its number: "kicked open the door of apartment 304", "Room 12", "Unit 5"
    r"|\b(?:apartment|apt\.?|unit|suite|room|flat|lot|building|bldg\.?|cell|gate|platform|pier|exit)\s*$"
    # "all younger than 45", "under the age of 18"
    r"|\b(?:younger|older)\s+than\s*$|\b(?:under|over)\s+the\s+age\s+of\s*$"
    # gallery captions: "Image 3 of 12", "Photo 1 of 8"
    r"|\b(?:image|photo|picture|slide|page|video)\s+\d+\s+of\s*$|\b(?:image|photo|picture|slide|page|video)\s*$",
    re.I,
)
_ZERO_PATTERNS = [
    (
        re.compile(
            r"\b(?:no\s+(?:one|1)|no-one|nobody|none|neither|no\s+(?:other\s+)?(?:people|persons|civilians|residents|one\s+else))"
            r"\b[^.;]{0,40}?\b(killed|hurt|injured|wounded|harmed|died|dead)\b",
            re.I,
        ),
        None,
    ),
    (
        re.compile(
            r"\b(?:no|without|zero)\s+(?:any\s+)?(?:immediate\s+|other\s+|known\s+|serious\s+|major\s+|reported\s+)?"
            r"(?:reports?\s+of\s+(?:any\s+)?)?(injuries|injury|deaths|fatalities|casualties|injured|dead|one\s+hurt)\b",
            re.I,
        ),
        None,
    ),
]


# The fields marked so guide the totals and are left out of the extract contract (Figure.as_dict)
_INTERNAL = {"internal": True}


@dataclass
class Figure:
    kind: str
    count: int
    qualifier: str
    low: int | None
    high: int | None
    victims: str | None
    total: bool
    attribution: str | None
    sentence: str
    start: int
    end: int
    # "shot" says someone was hit, not whether they survived: such figures become injuries only for
    # the victims not reported killed (see compute_totals).
    via_shot: bool = field(default=False, metadata=_INTERNAL)
    # the attackers themselves ("one of the assailants was shot dead"): reported, not in the totals
    perpetrator: bool = False
    # hit and said to be alive ("treated for injuries"): none of them is among the dead.
    lived: bool = field(default=False, metadata=_INTERNAL)
    # what a protest is about ("demonstrated after a gendarme killed a driver"): not the protest's own toll
    # (see compute_totals).
    grievance: bool = field(default=False, metadata=_INTERNAL)
    # whom a vigil, memorial or funeral was held for ("the vigil remembered a waiter who died last week"): where
    # people were hurt at the gathering, another event's dead (see compute_totals).
    occasion: bool = field(default=False, metadata=_INTERNAL)
    # a single victim's name as written ("Jayden Eric Redden"): mentions that share a word of it are one
    # person, mentions with names apart are two (see _totals).
    name: str | None = field(default=None, metadata=_INTERNAL)
    # "Brandon also died": one more victim besides those told before.
    also: bool = field(default=False, metadata=_INTERNAL)
    # the group a pronoun victim stands for ("the teenager was cleaning a rifle when he was wounded": teen), to know the
    # hurt one from the dead one (see _totals).
    stands_for: str | None = field(default=None, metadata=_INTERNAL)
    # which incident of the article the figure tells, counted from 0; "In a separate incident, …" starts
    # the next (see Extractor).
    incident: int = field(default=0, metadata=_INTERNAL)
    # "6 fighters were killed by direct fire and 3 were killed by IEDs": the victims of the group a bare
    # number in a parallel clause adds to.
    joins: str | None = field(default=None, metadata=_INTERNAL)
    # one person in a list whose others are numbered ("a man and four women were shot"): counted with the
    # list.
    listed: bool = field(default=False, metadata=_INTERNAL)
    # a count corrected ("amended that number to four", "the toll was revised down to 9"): it replaces the
    # counts of its kind told before it, even larger ones (see _totals).
    revised: bool = field(default=False, metadata=_INTERNAL)
    # a count reported before and told as such ("police initially said seven people were shot"): it yields
    # to any count of its kind not so told (see _totals).
    superseded: bool = field(default=False, metadata=_INTERNAL)
    # "a fifth victim was found at a hospital": the victim's place among all the victims told, so at least
    # that many were hit (see _totals). A "second" may follow a first who was no victim ("an officer fired,
    # wounding a second officer"), so places from the third on.
    place: int | None = field(default=None, metadata=_INTERNAL)
    # told in the headline, which sums up the story as it stood when last updated ("Bullet kills man, grazes
    # child" over "one of the wounded has died"): no earlier state of the count (see _dead_from_the_spared)
    headline: bool = field(default=False, metadata=_INTERNAL)
    # whom a verb befell "along with" its own victims ("three people were killed along with a police
    # officer"): besides them, never a part of their count (see _totals)
    along: bool = field(default=False, metadata=_INTERNAL)
    # where the act that befell the victims is told as one after another by the attacker ("took a cab and then
    # shot the driver dead"): the character offset of its connective; its victims are besides those of the
    # act told before it (see _after_acts)
    sequel: int | None = field(default=None, metadata=_INTERNAL)
    # where the sentence before a sequel's begins: the act before it is told there, if not in its own sentence
    after: int = field(default=0, metadata=_INTERNAL)

    def as_dict(self) -> dict:
        d = asdict(self)
        for f in fields(self):
            if f.metadata.get("internal"):
                del d[f.name]
        return d


# Phrasal verbs whose particle makes them casualty words, by the table of the plain verb's role:
# "gunned down" (its object is the victim), "passed away" (its subject is).
_PHRASAL_TRANSITIVE = {("gun", "down"): "killed", ("shoot", "down"): "killed"}
_PHRASAL_INTRANSITIVE = {("pass", "away"): "killed"}


# What is done to people, as against where they go ("were injured and evacuated to a hospital" is care)
_DEEDS = {"killed", "injured", "kidnapped", "arrested", "missing"}


def _shared_verb_kinds(noun: Token) -> list[str]:
    """The kinds of the other verbs of a list that share one object or one passive subject ("abducted and
    killed three aid workers", "three aid workers were abducted and killed"), in their order, each kind
    once. A verb with an object or subject of its own is not sharing."""
    noun = _first_conjunct(noun)
    verb = _past_auxiliary(noun)
    if noun.dep_ not in ("dobj", "nsubjpass") or verb.pos_ != "VERB":
        return []
    own = {"dobj"} if noun.dep_ == "dobj" else {"nsubj", "nsubjpass"}
    group = [_first_conjunct(verb), *_first_conjunct(verb).conjuncts]
    if any(c.dep_ == "cc" and c.lower_ == "or" for v in group for c in v.children):
        return []  # "killed or injured 30": which befell whom is not said
    kinds: list[str] = []
    main = _kind_of_word(verb, TRANSITIVE)
    for v in group:
        if v is verb or v.pos_ != "VERB" or any(c.dep_ in own or c.dep_ == "neg" for c in v.children):
            continue
        if noun.dep_ == "dobj" and v.i > verb.i:
            continue  # "killing 71 soldiers, wounding and kidnapping dozens": a later verb has its own
        between = verb.doc[min(v.i, verb.i) + 1 : max(v.i, verb.i)]
        if any(t.dep_ not in ("cc", "advmod", "punct") and t not in group for t in between):
            continue  # a list of verbs, not "32 people were killed and over 60 injured"
        subjects = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and v is not group[0]:
            continue  # a clause of its own: "took two men into custody, but neither has been arrested"
        if v.tag_ != verb.tag_:
            continue  # not parallel: "including 13 policemen killed and wounding another 25" are two counts
        k = "killed" if _to_death(v) else _kind_of_word(v, TRANSITIVE)
        if k and k != main and k not in kinds:
            kinds.append(k)
    return kinds


def _either_kind(verb: Token) -> bool:
    """ "3 militants were killed, injured or captured": which befell whom is not said."""
    group = [verb, *verb.conjuncts]
    for c in verb.children:
        # the list the parser breaks at its comma: "killed, injured or captured" with "injured" an advcl
        if c.dep_ == "advcl" and c.i == verb.i + 2 and verb.doc[verb.i + 1].text == ",":
            group += [c, *c.conjuncts]
    if not any(c.dep_ == "cc" and c.lower_ == "or" for v in group for c in v.children):
        return False
    return sum(1 for v in group if _kind_of_word(v, TRANSITIVE) or _kind_of_word(v, INTRANSITIVE)) >= 2


def _kind_of_word(tok: Token, table: dict) -> str | None:
    phrasal = (
        _PHRASAL_TRANSITIVE
        if table is TRANSITIVE
        else _PHRASAL_INTRANSITIVE
        if table is INTRANSITIVE
        else None
    )
    if phrasal:
        for c in tok.children:
            if c.dep_ in ("prt", "advmod") and (tok.lemma_, c.lower_) in phrasal:
                return phrasal[(tok.lemma_, c.lower_)]
    if table is not NOUNS and _driven_out(tok, table is TRANSITIVE):
        return "displaced"
    # "five people lost their lives": the subject died, as with "died"
    if (
        table is INTRANSITIVE
        and tok.lemma_ == "lose"
        and any(c.dep_ == "dobj" and c.lemma_.lower() in ("life", "lives") for c in tok.children)
    ):
        return "killed"
    for key in (tok.lemma_.lower(), tok.lower_):
        if key in table:
            kind = table[key]
            # "fatally wounded", "mortally injured": a wound that killed
            if kind == "injured" and any(c.lower_ in ("fatally", "mortally") for c in tok.children):
                return "killed"
            return kind
    return None


# What people flee when they are displaced: "fled their homes", "fled the fighting", "fled to Chad" (not
# "fled the scene" or "fled the area", which is a suspect getting away)
_HOMES = {"home", "house"}
_FLED_FROM = {
    "village",
    "town",
    "city",
    "country",
    "region",
    "district",
    "province",
    "camp",
    "fighting",
    "violence",
    "conflict",
    "clash",
    "war",
    "attack",
    "raid",
    "offensive",
    "shelling",
    "bombardment",
    "flood",
    "flooding",
    "fire",
    "wildfire",
    "unrest",
    "insecurity",
    "safety",
    "border",
}


def _fled_from(verb: Token) -> bool:
    """Whether a verb's object, or the object of its "from", "to", "across" or "into", names homes ("their
    homes", not "the home"), a place or a threat left behind."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    objects += [
        o
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in ("from", "to", "across", "into")
        for o in c.children
        if o.dep_ == "pobj"
    ]
    return any(
        o.lemma_.lower() in _FLED_FROM
        or o.lower_ in _FLED_FROM
        or o.ent_type_ == "GPE"
        or (o.lemma_.lower() in _HOMES and any(c.lower_ in ("their", "its") for c in o.children))
        for o in objects
    )


def _driven_out(verb: Token, transitive: bool) -> bool:
    """ "15,000 people fled the fighting", "forced 15,000 to flee", "5,000 residents were forced from their
    homes": people driven from where they live are displaced."""
    lemma = verb.lemma_.lower()
    if lemma == "flee":
        # displacement is told of many: "Syed took a truck and fled to nearby Orange" is one getting away
        subjects = [c for c in _first_conjunct(verb).children if c.dep_ == "nsubj"]
        many = all(t.tag_ in ("NNS", "NNPS") or t.lower_ in ("they", "who") for t in subjects)
        return not transitive and many and _fled_from(verb)
    if lemma == "force" and transitive:
        leave = [c for c in verb.children if c.dep_ == "xcomp" and c.lemma_ in ("flee", "leave", "abandon")]
        return any(c.lemma_ == "flee" or _fled_from(c) for c in leave) or (
            not leave and _fled_from(verb) and any(c.lower_ == "from" for c in verb.children)
        )
    return False


# "sentenced to death" and "scared to death" name no death that happened.
_NOT_DEATH_VERBS = {"sentence", "condemn", "threaten", "scare", "frighten", "bore", "worry", "doom", "vote"}
_INJURY_NOUNS = {"injury", "wound", "burn", "fracture", "trauma", "laceration", "bruise", "concussion"}
_FATAL_MODS = {"fatal", "mortal", "deadly", "lethal", "life-ending"}
# Nouns for what someone undergoes that only says they were hurt ("suffered injuries", "sustained burns").
_UNDERGO_VERBS = {"suffer", "sustain", "receive", "incur", "get", "have"}
# What hits a person hard enough to count: "was struck by lightning", "hit by a stray bullet".
_STRIKERS = {
    "lightning",
    "bullet",
    "gunfire",
    "round",
    "car",
    "vehicle",
    "truck",
    "train",
    "bus",
    "tree",
    "debris",
}
# Agent-noun endings ("trafficker", "motorcyclist", "guardian", "assistant"): with a casualty verb such a
# noun is almost always a person, and no closed list of occupations is ever complete.
_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant")
# Words with those endings that are things, and attackers, whom tolls of victims leave out.
_NOT_AGENT_PERSONS = {
    "number",
    "center",
    "centre",
    "border",
    "corner",
    "water",
    "quarter",
    "sector",
    "motor",
    "tractor",
    "trailer",
    "container",
    "helicopter",
    "shelter",
    "tower",
    "order",
    "matter",
    "weather",
    "plant",
    "restaurant",
    "hydrant",
    "warrant",
    "counter",
    "together",
    "attacker",
    "assailant",
    "bomber",
    "perpetrator",
    "hijacker",
    # body parts and things that end like agents: "a gunshot wound to the shoulder"
    "shoulder",
    "finger",
    "liver",
    "bladder",
    "trigger",
    "holster",
    "revolver",
    "chamber",
    "computer",
    "paper",
    "letter",
    "dinner",
    "summer",
    "winter",
    "cancer",
    "disorder",
    "encounter",
    "parameter",
    "perimeter",
    "register",
}


def _person_noun(tok: Token) -> bool:
    """A noun for a person: a known one ("man", "officer") or an agent noun ("golfer", "cyclist").
    An unborn child is not counted among the victims, as casualty records do not count one."""
    lemma = tok.lemma_.lower()
    if any(c.lower_ == "unborn" for c in tok.lefts):
        return False
    return lemma in PERSONS or (
        len(lemma) > 5
        and lemma.endswith(_AGENT_SUFFIXES)
        and lemma not in NOT_VICTIMS
        and lemma not in _NOT_AGENT_PERSONS
    )


def _to_death(tok: Token) -> bool:
    """ "beaten to death", "stabbed her to death": the verb of a killing whatever the verb."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    if verb.lemma_ in _NOT_DEATH_VERBS:
        return False
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "to" and any(x.lower_ == "death" for x in c.children):
            return True
    return False


def _undergo_kind(verb: Token) -> str | None:
    """Subject of "suffered (serious) injuries", "sustained fatal wounds", "received burns"."""
    if verb.lemma_ not in _UNDERGO_VERBS:
        return None
    wounds = [c for c in verb.children if c.dep_ == "dobj"]
    # "suffering from gunshot wounds", "was left with burns"
    wounds += [
        x for c in verb.children if c.dep_ == "prep" and c.lower_ in ("from", "with") for x in c.children
    ]
    for c in wounds:
        if c.lemma_.lower() in _INJURY_NOUNS:
            if any(m.lower_ in _FATAL_MODS for m in c.children):
                return "killed"
            return "injured"
    return None


_CONDITIONS = {"critical", "serious", "stable", "fair", "grave", "guarded", "good", "satisfactory"}


def _in_condition_beside_a_death(victim: Token) -> bool:
    """ "Three people are dead and two are in critical condition", "a girl has died and her father is
    listed in critical condition": a patient whose state is told beside the death of another is not the
    dead. Told alone ("was taken to hospital in critical condition"), the patient may be the one who died
    later."""
    if victim.dep_ not in ("nsubj", "nsubjpass") or not _condition_kind(victim.head):
        return False
    return any(_own_subject(v) and _death_predicate(v) for v in victim.head.conjuncts)


def _after_harm(prep: Token) -> bool:
    """ "in the hospital after a shooting", "in hospital with gunshot wounds": the stay follows a harm."""
    return any(
        t.lemma_.lower() in _HARM_LEMMAS or t.lemma_.lower() in _INJURY_NOUNS
        for c in prep.head.children
        if c.dep_ in ("prep", "advcl") and c.i > prep.i
        for t in c.subtree
    )


def _condition_kind(verb: Token) -> str | None:
    """ "remain in critical condition", "was listed in stable condition": a patient's state says hurt."""
    if verb.lemma_ not in ("be", "remain", "stay", "list", "hospitalize", "hospitalise", "leave"):
        return None
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "in":
            for x in c.children:
                if x.lemma_ == "condition" and any(m.lower_ in _CONDITIONS for m in x.children):
                    return "injured"
                if x.lemma_ == "coma":  # "is in a medically induced coma"
                    return "injured"
                # "a baby and four other people are in the hospital after a shooting"
                if x.lemma_ == "hospital" and verb.lemma_ in ("be", "remain", "stay") and _after_harm(c):
                    return "injured"
    return None


# What fires what strikes: "the gun went off, striking the child", "fired a shot, striking him".
_FIREARMS = {
    "gun",
    "firearm",
    "handgun",
    "pistol",
    "rifle",
    "shotgun",
    "weapon",
    "revolver",
    "shot",
    "pellet",
}
_FIRING_VERBS = {"fire", "discharge", "shoot"}
_BODY_PARTS = {
    "head",
    "face",
    "eye",
    "neck",
    "chest",
    "back",
    "shoulder",
    "arm",
    "hand",
    "finger",
    "leg",
    "foot",
    "ankle",
    "knee",
    "thigh",
    "hip",
    "buttock",
    "torso",
    "abdomen",
    "stomach",
    "side",
    "groin",
    "jaw",
    "wrist",
    "elbow",
    "heel",
    "toe",
    "cheek",
    "mouth",
    "temple",
    "spine",
    "lung",
    "body",
}
_BULLET_STRIKERS = _STRIKERS | _FIREARMS


def _struck_by(verb: Token) -> str | None:
    """ "struck by gunfire", "hit by a car": a passive strike whose agent hurts."""
    if verb.lemma_ not in ("strike", "hit"):
        return None
    for c in verb.children:
        if c.dep_ == "agent" and any(x.lemma_.lower() in _STRIKERS for x in c.children):
            return "injured"
    return None


def _struck_kind(victim: Token) -> str | None:
    """A person "struck by lightning" or "hit by a car" was hurt at least (or killed, said elsewhere), as
    is one a bullet struck ("a stray bullet hit a woman", "the gun went off, striking the child")."""
    verb = victim.head
    if victim.dep_ not in ("nsubjpass", "dobj") or verb.lemma_ not in ("strike", "hit"):
        return None
    person = (
        _person_noun(victim)
        or victim.lower_ in ("people", "persons", "him", "her")
        or victim.pos_ in ("PRON", "PROPN", "NUM")
    )
    if not person:
        return None
    # "was struck in the shoulder", "hit him in the face": whatever struck, it struck the body; "were hit
    # in the gunfire", "hit in a crossfire": what struck is named
    if any(
        c.dep_ == "prep"
        and (
            (c.lower_ in ("in", "on") and any(x.lemma_.lower() in _BODY_PARTS for x in c.children))
            or (c.lower_ == "in" and any(x.lemma_.lower() in ("gunfire", "crossfire") for x in c.children))
        )
        for c in verb.children
    ):
        return "injured"
    if victim.dep_ == "nsubjpass":
        return _struck_by(verb)

    def strikes(tok: Token) -> bool:
        return any(c.dep_ in ("nsubj", "dobj") and c.lemma_.lower() in _BULLET_STRIKERS for c in tok.children)

    # the striker is the verb's subject, or what the clause it hangs on fired ("striking the child")
    cause = verb.head if verb.dep_ in ("advcl", "conj", "xcomp") else None
    fired = cause is not None and (
        strikes(cause)
        or cause.lemma_ in _FIRING_VERBS
        or any(x.dep_ == "prt" and x.lower_ == "off" for x in cause.children)  # "it went off"
    )
    if strikes(verb) or fired:
        return "injured"
    return None


_CARE_PLACES = {"hospital", "clinic", "center", "centre", "infirmary", "er"}
# Centres that care for no wounds: "taken to the juvenile detention center".
_NOT_CARE = {"detention", "correctional", "jail", "booking", "processing", "holding", "juvenile", "youth"}


def _care_place(place: Token) -> bool:
    return place.lemma_.lower() in _CARE_PLACES and not any(
        c.lemma_.lower() in _NOT_CARE for c in place.children if c.i < place.i
    )


def _treated_kind(verb: Token) -> str | None:
    """ "were treated for burns", "was treated at a hospital", "was rushed to hospital", "transported for
    treatment": medical care says the person was hurt."""
    if verb.lemma_ in ("transport", "take", "rush", "airlift", "fly", "carry", "drive", "transfer", "send"):
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "to" and any(_care_place(x) for x in c.children):
                return "injured"
            if (
                c.dep_ == "prep"
                and c.lower_ == "for"
                and any(x.lemma_.lower() == "treatment" for x in c.children)
            ):
                return "injured"
        return None
    if verb.lemma_ != "treat":
        return None
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "for":
            return "injured"
        if (
            c.dep_ == "prep"
            and c.lower_ in ("at", "in")
            and any(_care_place(x) or x.lemma_.lower() == "scene" for x in c.children)
        ):
            return "injured"
    return None


# Wounds that may yet kill: "treated for life-threatening injuries" does not say the person lived.
_GRAVE = {"life-threatening", "threatening", "critical", "fatal", "grave", "mortal"}


def _treated_for_injuries(victim: Token) -> bool:
    """ "were treated for injuries", "transported for treatment of injuries": care for wounds names the
    living, unless the wounds threaten life; a hospital alone does not ("taken to hospital, where he
    died")."""
    verb = victim.head
    if victim.dep_ not in ("nsubj", "nsubjpass"):
        return False

    def wounds(tok: Token) -> bool:
        return tok.lemma_.lower() in _INJURY_NOUNS and not any(m.lower_ in _GRAVE for m in tok.subtree)

    for c in verb.subtree:
        if c.dep_ != "prep" or c.lower_ != "for" or c.i < verb.i:
            continue
        for x in c.children:
            if wounds(x):
                return True
            if x.lemma_.lower() == "treatment" and any(
                wounds(y) for p in x.children if p.lower_ == "of" for y in p.children
            ):
                return True
    return False


def _own_subject(verb: Token) -> bool:
    """The verb has a subject of its own ("four were shot and one person killed")."""
    return any(x.dep_ in ("nsubj", "nsubjpass") for x in verb.children)


def _sharing_subject(verb: Token) -> Iterator[Token]:
    """The predicates coordinated after a verb without a subject of their own: they tell of its subject
    ("was shot and died", "is okay and only suffered minor injuries")."""
    for c in verb.conjuncts:
        if c.i > verb.i and not _own_subject(c):
            yield c


def _dies_later(verb: Token) -> bool:
    """ "was shot and died", "suffered a wound and was pronounced dead": a coordinated predicate without
    a subject of its own tells what became of the first predicate's subject."""
    for c in _sharing_subject(verb):
        if any(x.dep_ == "dobj" for x in c.children):
            continue  # "stabbed a student and killed her": the killing is done, not suffered
        if _death_predicate(c):
            return True
    return False


def _death_predicate(verb: Token) -> bool:
    """ "died", "are dead", "was killed", "was beaten to death": the clause tells its subject's death."""
    if _kind_of_word(verb, INTRANSITIVE) == "killed" and verb.pos_ in ("VERB", "ADJ"):
        return True
    passive = any(x.dep_ == "auxpass" for x in verb.children)
    if passive and (_kind_of_word(verb, TRANSITIVE) == "killed" or _to_death(verb)):
        return True
    return any(
        x.dep_ in ("oprd", "acomp") and _kind_of_word(x, INTRANSITIVE) == "killed" for x in verb.children
    )


# Words that say a hit person lived: such a victim is injured whatever the article says of others.
_SURVIVED = re.compile(
    r"\b(?:expected to (?:recover|survive|be (?:ok|okay|fine))|(?:stable|fair|good|satisfactory) condition|"
    r"non-?\s?life[- ]threatening|not (?:\w+ )?(?:to be )?life[- ]threatening|treated and released|"
    r"released from (?:the |a )?hospital|minor injur|is recovering|was recovering|survived)",
    re.I,
)
_DIED_WORDS = re.compile(r"\b(?:died|dies|dead|killed|fatal(?:ly)?|deceased|succumbed|death)\b", re.I)


def survival_mentioned(text: str) -> bool:
    """Whether the text says someone lived: "expected to recover", "non-life-threatening"."""
    return bool(_SURVIVED.search(text))


# Words of a death anywhere in an article, wider than _DIED_WORDS (which tells whether one sentence's hit
# died): an article about a homicide, a funeral or a coroner's finding tells of a death too.
_DEATH_CUES = re.compile(
    r"\b(?:died|dies|dead|death|deadly|fatal(?:ly)?|killed|homicide|murder(?:ed)?|funeral|slain|"
    r"pronounced dead|medical examiner|coroner)\b",
    re.I,
)

# Charges and threats that name death without one: "attempted murder", "causing injury or death".
_NOT_A_DEATH = re.compile(
    r"\battempted (?:murder|homicide)|\b(?:injury|harm) or death\b|\bdeath threats?\b|\bdeath penalty\b|"
    r"\bscared to death\b|\bdeadly weapon\b|\bdeadly force\b|"
    # a wound said not to be fatal: "non-fatal", "police did not believe the wound would be fatal"
    r"\bnon-?fatal\b|(?:\bnot|n['’]t|\bnever)(?:\s+\w+){0,5}?\s+fatal\b|"
    # a unit's name: "the Metro Homicide Unit" investigates shootings that killed no one too
    r"\bhomicide (?:unit|division|squad|detectives?|investigators?|bureau|section)\b",
    re.I,
)


def deaths_mentioned(text: str, figures: list[Figure]) -> bool:
    """A word of death with no toll may be the one shot (see compute_totals); unless the article says the
    shot lived and counts no one killed."""
    return bool(_DEATH_CUES.search(_NOT_A_DEATH.sub(" ", text))) and not (
        survival_mentioned(text) and not any(f.kind == "killed" for f in figures)
    )


# A headline that names a killing tells of a death even when no sentence counts one: "Man, 18, charged in
# shooting death", "Witness recalls details of fatal Bastrop shooting", "Homicide victim identified".
_HEADLINE_KILLING = re.compile(
    r"\b(?:fatal|deadly)\s+(?:[\w'’-]+\s+){0,2}?(?:shooting|stabbing|attack|crash|fire|blast|explosion|accident|wreck|collision)|"
    r"\b(?:shooting|stabbing) deaths?\b|(?<!not a )\bhomicides?\b|(?<!not a )\bmurder(?:ed|s)?\b|\bslayings?\b|"
    r"\bkillings?\b",
    re.I,
)


def headline_killing(headline: str, figures: list[Figure]) -> list[Figure]:
    """At least one killed, read from a headline that names a killing, when the article counts no one
    killed (nor says that no one was)."""
    if not headline or any(f.kind == "killed" and not f.perpetrator for f in figures):
        return []
    m = _HEADLINE_KILLING.search(_NOT_A_DEATH.sub(lambda x: " " * len(x.group(0)), headline))
    if not m:
        return []
    return [Figure("killed", 1, "at_least", None, None, "a person", True, None, headline, m.start(), m.end())]


def _survived(sent: Span) -> bool:
    """The sentence says the hit lived ("was shot and is expected to recover") and tells of no death."""
    return survival_mentioned(sent.text) and not _DIED_WORDS.search(sent.text)


def _infinitive(verb: Token) -> bool:
    """ "to kill": an infinitive names an aim ("tried to kill", "vowed to kill"), not an act."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _and_wounded(verb: Token) -> bool:
    """ "were shot and wounded", "stabbed and injured": the hit is said to be an injury."""
    return any(c.dep_ == "conj" and _kind_of_word(c, TRANSITIVE) == "injured" for c in verb.children)


def _hit_not_harm(victim: Token) -> bool:
    """ "was shot", "suffered a gunshot wound", "was treated at a hospital" say someone was hurt, not
    that they survived: such victims count as injured only when not reported killed."""
    head = _past_auxiliary(victim)
    # "was found shot", "was left shot": the shooting is the complement of another verb
    found_shot = any(c.dep_ in ("oprd", "xcomp", "acomp") and c.lemma_ == "shoot" for c in head.children)
    # "a man who had been shot", "the boy shot on Friday", "four teenagers who were struck by gunfire"
    shot_clause = any(
        c.dep_ in ("acl", "relcl") and (c.lemma_ == "shoot" or _struck_by(c)) and c.i > victim.i
        for c in victim.children
    )
    return (
        (head.lemma_ in ("shoot", "stab") and not _and_wounded(head))
        or found_shot
        or shot_clause
        or _with_wound(victim) == "injured"
        or _shooting_of(victim) == "injured"
        or bool(_gunshot_victims(victim))
        or bool(_struck_kind(victim))
        or (
            victim.dep_ in ("nsubj", "nsubjpass")
            and bool(_undergo_kind(head) or _treated_kind(head) or _condition_kind(head))
        )
    )


def _number_spans(sent: Span) -> list[tuple[int, int]]:
    """Token index ranges [i, j) of number mentions in a sentence: digits, number words, vague amounts."""
    spans = []
    i = sent.start
    end = sent.end
    doc = sent.doc
    while i < end:
        tok = doc[i]
        low = tok.lower_
        is_num = (tok.like_num and low not in ("one",) or low == "one") and not tok.is_punct
        if low in VAGUE or (low in ("tens", "hundreds") and i + 2 < end and doc[i + 1].lower_ == "of"):
            j = i + 1
            if low in ("tens", "hundreds") and doc[i + 1].lower_ == "of" and doc[i + 2].lower_ in VAGUE:
                j = i + 3
            spans.append((i, j))
            i = j
            continue
        if low == "dozen" and i > sent.start and doc[i - 1].lower_ == "a":
            spans.append((i - 1, i + 1))
            i += 1
            continue
        if low == "couple" and i > sent.start and doc[i - 1].lower_ == "a" and _couple_of_people(tok):
            spans.append((i - 1, i + 1))  # "a couple of people were hurt" is two (not "a couple of hours")
            i += 1
            continue
        if is_num:
            j = i + 1
            while j < end:
                nxt = doc[j].lower_
                if nxt in ("hundred", "thousand", "million", "billion", "dozen"):
                    j += 1
                elif (
                    nxt == "-"
                    and j + 1 < end
                    and doc[j - 1].lower_ in TENS
                    and 0 < UNITS.get(doc[j + 1].lower_, 0) < 10
                ):
                    # "twenty - one" is one number; "10-15" and "ten-fifteen" are a range's two ends
                    j += 2
                elif (
                    doc[j].like_num
                    and word_value(nxt) is not None
                    and word_value(doc[j - 1].lower_) is not None
                ):
                    # "twenty one" written without a hyphen; digits next to digits are separate numbers
                    if doc[j - 1].lower_ in TENS:
                        j += 1
                    else:
                        break
                else:
                    break
            spans.append((i, j))
            i = j
            continue
        i += 1
    return spans


def _couple_of_people(tok: Token) -> bool:
    return any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and any(x.dep_ == "pobj" and (_person_noun(x) or x.lower_ in GENERIC_VICTIMS) for x in c.children)
        for c in tok.children
    )


def _span_value(doc: Doc, i: int, j: int) -> tuple[int | None, bool]:
    words = [t.lower_ for t in doc[i:j]]
    phrase = " ".join(words)
    if phrase in VAGUE:
        return VAGUE[phrase], True
    if phrase == "a couple":
        return 2, False
    words = [w for w in words if w != "-"]
    if len(words) == 2 and words[0] in TENS:
        v = word_value(words[0] + "-" + words[1])
        if v is not None:
            return v, False
    return parse_number(words), False


def _qualifier(doc: Doc, i: int, sent: Span) -> str:
    before = [t.lower_ for t in doc[max(sent.start, i - 3) : i]]
    for words, name in QUALIFIERS:
        n = len(words)
        if n <= len(before) and tuple(before[-n:]) == words:
            return name
    return "exact"


_DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:day|week|month|year|decade|century|hour|"
    r"minute|ago|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|night|morning|evening|"
    r"season|summer|winter|spring|autumn|fall)s?\b|\b\d{4}\b|'s\b|\d(?:st|nd|rd|th)\b",
    re.I,
)


def _in_skipped_entity(doc: Doc, i: int) -> bool:
    tok = doc[i]
    label = tok.ent_type_
    if label not in SKIP_ENTS:
        return False
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if label == "QUANTITY":
        # "1 TMF fighter": a group's initials are no unit, as "82mm" or "5 km" are
        words = [t for t in doc[start:end] if not t.like_num]
        return not words or any(
            t.lower_ in _UNITS or not ((t.is_upper and len(t) > 1) or _person_noun(t)) for t in words
        )
    if label not in ("DATE", "TIME"):
        return True
    # the small model calls "over 80" a DATE now and then; only real date words make it one
    return bool(_DATE_WORDS.search(doc[start:end].text))


_UNITS = {"km", "mm", "cm", "kg", "mph", "kph", "ft", "lb", "lbs", "mw", "kw", "gb", "mb", "hp", "cc"}


def start_char_of(doc: Doc, i: int) -> int:
    return doc[i].idx


def _noun_of(doc: Doc, i: int, j: int) -> Token:
    """The noun a number counts ("77 IS members" -> members), or the number itself ("killing two")."""
    last = doc[j - 1]
    # "over two dozen civilians", where "dozen" hangs on "two": the number's own head is the noun's way
    tok = last.head if last.dep_ == "quantmod" and i <= last.head.i < j else last
    for _ in range(3):
        if (
            tok.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod")
            and tok.head.i > tok.i
            and tok.head.i - j < 6
        ):
            tok = tok.head
            if tok.pos_ in ("NOUN", "PROPN", "ADJ", "VERB"):
                break
        else:
            break
    if tok is last and last.dep_ in ("meta", "dep"):
        # "56 BH/IS fighters were killed", where the parser loses the number among the names: the
        # person noun right after the names and signs is what it counts
        for nxt in doc[j : min(j + 5, len(doc))]:
            if nxt.pos_ == "NOUN" and nxt.tag_ == "NNS" and _person_noun(nxt):
                return nxt
            if not (nxt.pos_ in ("PROPN", "SYM", "ADJ") or nxt.text in ("/", "-") or nxt.is_upper):
                break
    # "two of the victims": the number is the head, its "of" phrase names the victims
    return tok


# Words that name a side before a casualty noun: "2 civilian fatalities", "1 military fatality"
_SIDE_WORDS = {"civilian", "military", "police", "rebel", "militant", "army", "security", "government"}
_SIDE_WORDS |= {"insurgent", "soldier", "troop", "opposition", "regime", "student", "child"}


def _joined_group(number: Token, figures: list[Figure], kind: str) -> str | None:
    """ "6 fighters were killed by direct fire and 3 were killed by IEDs": a bare number that is the
    subject of a clause joined to one whose subject is a counted group of the same fate is more of that
    group. Its victims, if so."""
    verb = number.head
    if number.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "conj":
        return None
    for subject in verb.head.children:
        if subject.dep_ in ("nsubj", "nsubjpass") and subject.i < number.i:
            for f in figures:
                # the group's number stands within its subject phrase ("6 fighters")
                if (
                    f.kind == kind
                    and not _generic(f.victims)
                    and subject.left_edge.idx <= f.start <= subject.idx
                ):
                    return f.victims
    return None


def _casualty_group(noun: Token, number_end: int) -> str:
    """The victims a casualty noun names by its modifiers ("2 civilian fatalities": civilian), or people."""
    sides = [
        t
        for t in noun.lefts
        if t.dep_ in ("amod", "compound")
        and t.i >= number_end
        and (t.lower_ in _SIDE_WORDS or t.ent_type_ == "NORP" or (t.pos_ == "NOUN" and _person_noun(t)))
    ]
    return noun.doc[sides[0].i : noun.i].text if sides else "people"


def _victims_text(noun: Token, number_end: int) -> str:
    if noun.i < number_end:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return _victims_text(pobj, pobj.i)
        return "people"
    # "the five injured people" are people: the fate told before the noun names no group of victims
    left = [
        t
        for t in noun.lefts
        if t.dep_ in ("compound", "amod", "nmod")
        and t.i >= number_end
        and not t.like_num
        and t.lower_ not in _CASUALTY_WORDS
        and not (t.dep_ == "amod" and (_kind_of_word(t, TRANSITIVE) or _kind_of_word(t, INTRANSITIVE)))
    ]
    start = min([t.i for t in left] + [noun.i])
    start = max(start, number_end)
    if start > number_end and noun.doc[number_end].lower_ == "more":
        start = number_end  # "seven more people shot": people besides those told before
    return noun.doc[start : noun.i + 1].text


def _victims_after(doc: Doc, j: int, end: int) -> str:
    """Victim words right after a number the parser left unattached ("77 IS members")."""
    for k in range(j, min(end, j + 4)):
        tok = doc[k]
        if tok.tag_ in ("NNS", "NNPS") or (tok.pos_ == "NOUN" and k > j):
            return doc[j : k + 1].text
        if not (tok.is_alpha and (tok.pos_ in ("NOUN", "PROPN", "ADJ") or tok.is_upper or tok.is_title)):
            break
    return "people"


def _along_with(noun: Token) -> Token | None:
    """The verb of "killed along with two civilians", "killed, along with her niece": whom else it befell."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "with":
        return None
    if prep.head.lower_ == "along" and prep.head.head.pos_ == "VERB":
        return prep.head.head
    if prep.head.pos_ == "VERB" and any(c.lower_ == "along" and c.i < prep.i for c in prep.head.children):
        return prep.head
    return None


def _along_with_persons(verb: Token) -> list[Token]:
    """The single persons of "was killed along with his wife and a neighbor": whom else the verb befell."""
    persons = []
    for c in verb.subtree:
        if c.dep_ == "pobj" and _along_with(c) == verb:
            persons += [
                x for x in (c, *c.conjuncts) if _person_noun(x) and x.tag_ == "NN" and not _told_apart(x)
            ]
    return persons


def _besides_a_toll(tok: Token, figures: list[Figure], kind: str) -> bool:
    """ "Three people were killed along with a police officer": whom else a verb befell, when the verb's
    own victims are a toll of people read before (a toll of a named group is added to anyway)."""
    verb = _along_with(tok)
    if verb is None:
        return False
    victims = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    return any(
        f.kind == kind and _generic(f.victims) and v.left_edge.idx <= f.start <= v.idx
        for v in victims
        for f in figures
    )


def _told_apart(person: Token) -> bool:
    """ "found dead along with the wounded family member who shot them": one with a fate or a deed of
    his own told beside him is not among the verb's victims."""
    return any(
        c.dep_ == "relcl"
        or (c.dep_ == "amod" and (_kind_of_word(c, TRANSITIVE) or _kind_of_word(c, INTRANSITIVE)))
        for c in person.children
    )


def _counted_along(verb: Token, used: set[int]) -> bool:
    """ "killed a teacher along with two students": whom else the verb befell is a number read."""
    return any(c.dep_ == "pobj" and c.i in used and _along_with(c) == verb for c in verb.subtree)


def _victim_counted(verb: Token, used: set[int]) -> bool:
    """ "Three soldiers were killed, along with a civilian": the verb's own victim is a number read."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.i in used for c in verb.children)


# Adverbs that tell an act as coming after another: "then shot the driver dead", "an hour later a bomber blew
# herself up, killing a soldier"
_SEQUEL_ADVERBS = {"then", "later", "afterwards", "afterward", "subsequently"}


def _sequel_marker(verb: Token) -> Token | None:
    """The word that tells the verb's act as one after another: "then", "later", or the "before" of "killing
    four, before stabbing an officer", which follows the act it hangs on."""
    for c in verb.children:
        if c.dep_ in ("advmod", "npadvmod") and c.lower_ in _SEQUEL_ADVERBS:
            return c
        if c.dep_ == "mark" and c.lower_ == "before" and verb.dep_ == "advcl" and verb.head.pos_ == "VERB":
            return c
    if verb.dep_ == "pcomp" and verb.head.lower_ == "before" and verb.head.head.pos_ == "VERB":
        return verb.head
    return None


def _next_act(victim: Token) -> Token | None:
    """The word that tells the act that befell the victim as one the attacker did after another ("took a cab and
    then shot the driver dead", "killing four, before fatally stabbing an officer", "then attacked a shop, where
    two people were killed"), or None. Only the object of the act, or the victim of a place hung on it, is a
    new victim: a subject the later verb shares was hit before ("a man was shot and later died"), and so was
    one told before the word ("shot his daughter, then tried to blame her sister"). An act of others is no
    move of the attacker's ("the bomber struck. Police later shot two men")."""
    first = _first_conjunct(victim)
    if not (first.dep_ == "dobj" or (first.dep_ == "nsubjpass" and first.head.dep_ == "relcl")):
        return None
    verb = first.head
    for _ in range(6):
        marker = _sequel_marker(verb) if verb.pos_ in ("VERB", "AUX") else None
        if marker is not None:
            # "by the time police stormed in hours later, he had shot six people": what had been done is
            # told back, not on
            told_back = any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)
            return marker if marker.i < first.i and not told_back and _attacker_acts(verb) else None
        # what was said is no act: "police later said the gunman shot a man"
        if verb.dep_ in ("ROOT", "ccomp", "parataxis") or verb.head is verb:
            return None
        verb = verb.head
    return None


# Who acts against attackers, not as one: "police then shot the gunman", "security forces later killed two"
_RESPONDERS = {"police", "policeman", "officer", "trooper", "deputy", "soldier", "troop", "force", "army"}
_RESPONDERS |= {"guard", "agent", "swat", "military"}


def _attacker_acts(verb: Token) -> bool:
    """The subject of the verb's clause is the attacker, or someone who may be: a pronoun, a name, a person
    who is none of those who act against attackers."""
    for link in _up_the_clause(verb, (*_CLAUSE_LINKS, "prep"), 8):
        subjects = [c for c in link.children if c.dep_ == "nsubj"]
        if subjects:
            agent = subjects[0]
            # "members of the security forces"
            names = [agent] + [
                o for c in agent.children if c.lower_ == "of" for o in c.children if o.dep_ == "pobj"
            ]
            if any(n.lemma_.lower() in _RESPONDERS or n.lower_ in _RESPONDERS for n in names):
                return False
            return _assailant(agent) or agent.pos_ in ("PRON", "PROPN") or _person_noun(agent)
    return False


def _first_conjunct(tok: Token) -> Token:
    """The first item of the list a conjunct belongs to, whose role the list shares."""
    while tok.dep_ == "conj":
        tok = tok.head
    return tok


def _past_auxiliary(subject: Token) -> Token:
    """The verb a subject belongs to, where the parser hangs the subject on its auxiliary ("his brother
    and his mother were both injured" makes "were" the head of "brother")."""
    head = subject.head
    if (
        subject.dep_ in ("nsubj", "nsubjpass")
        and head.dep_ in ("aux", "auxpass")
        and head.head.pos_ == "VERB"
    ):
        return head.head
    return head


def _among_them(noun: Token) -> bool:
    """ "killed 23 civilians, among them eight children": a part of the group told before, whatever the
    parser hangs "among them" on."""
    doc = noun.doc
    left = noun.left_edge.i
    before = [t.lower_ for t in doc[max(left - 2, 0) : left]]
    own = [
        o.lower_
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "among" and c.i < noun.i
        for o in c.children
        if o.dep_ == "pobj"
    ]
    return before in (["among", "them"], ["among", "whom"]) or any(o in ("them", "whom") for o in own)


_CASUALTY_WORDS = {"dead": "killed", "killed": "killed", "injured": "injured", "wounded": "injured"}


def _among_the_dead(verb: Token) -> str | None:
    """ "The dead included two police officers", "Among the wounded are three journalists": a part of the
    dead or the hurt, of that kind."""
    if verb.lemma_ == "include":
        words = [c for c in verb.children if c.dep_ == "nsubj"]
    elif verb.lemma_ == "be":
        words = [
            o
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ == "among"
            for o in c.children
            if o.dep_ == "pobj"
        ]
    else:
        return None
    for w in words:
        if w.lower_ in _CASUALTY_WORDS and any(c.lower_ == "the" for c in w.children):
            return _CASUALTY_WORDS[w.lower_]
    return None


_HOLDING = {"take", "hold", "keep"}


def _held_hostage(verb: Token) -> bool:
    """ "were taken hostage", "held 30 villagers hostage", "kept captive": the verb's victim was seized."""
    return verb.lemma_.lower() in _HOLDING and any(
        c.lemma_.lower() in ("hostage", "captive")
        and c.dep_ in ("oprd", "dobj", "xcomp", "attr", "acomp", "advmod", "npadvmod", "dep")
        for c in verb.children
    )


def _role_kind(tok: Token) -> tuple[str | None, bool]:
    """Walk up from a victim noun to the casualty word that governs it.

    Returns (kind, is_part): is_part when the path passes through "including"/"among".
    """
    part = _among_them(tok)
    node = tok
    for _ in range(6):
        # a conjunct shares its first conjunct's role ("77 IS members and 39 Kurdish fighters ... killed")
        while node.dep_ == "conj" and node.head is not node:
            if any(c.lower_ == "another" for c in node.children):
                # "killed 18 people ... and another 27 people were wounded": a new group, read forward
                return None, part
            node = node.head
        head = _past_auxiliary(node)
        dep = node.dep_
        if head is node:
            return None, part
        if (
            dep == "compound"
            and head.lemma_.lower() in _CAPTIVES
            and head.dep_ == "dobj"
            and _held_hostage(head.head)
        ):
            return (
                "kidnapped",
                part,
            )  # "took 12 workers hostage", where the parser makes the workers a modifier
        if dep in ("nsubjpass", "dobj") and _held_hostage(head) and node.lemma_.lower() not in _CAPTIVES:
            return "kidnapped", part
        if (
            dep == "nmod"
            and head.pos_ == "NOUN"
            and head.i > node.i
            and any(c.dep_ == "cc" for c in node.children)
            and _person_noun(node)
        ):
            # "killed 55 Iraqi soldiers and pro-government tribal fighters": the parser hangs a list of
            # victims on its last noun as a modifier; the list shares that noun's role
            node = head
            continue
        if dep == "appos" and node.pos_ == "NOUN" and head.pos_ == "NOUN" and node.lower_ not in _OTHERS:
            # "killed a bomber, a soldier, 4 paramilitaries and 4 civilians": a list the parser hangs
            # on its first item shares that item's role
            node = head
            continue
        if dep in (
            "nsubjpass",
            "dobj",
            "nsubj",
            "attr",
            "oprd",
            "npadvmod",
            "advmod",
            "appos",
            "dep",
            "ccomp",
        ):
            if dep in ("dobj", "attr") and (k := _among_the_dead(head)):
                return k, True
            if dep == "nsubj" and (k := _undergo_kind(head)):
                return k, part
            # "were rushed to hospital"; "sent five people to the hospital", "doctors treated 40 for burns"
            # (a single one "taken to the hospital" may be the one who died there: see _treated_for_injuries)
            counted = dep == "dobj" and any(c.dep_ == "nummod" for c in node.children)
            if (dep == "nsubjpass" or counted) and (k := _treated_kind(head)):
                return k, part
            if dep in ("nsubj", "nsubjpass") and _condition_kind(head):
                return "injured", part
            if _struck_kind(node):
                return "injured", part
            if dep in ("nsubjpass", "dobj") and (_to_death(head) or (dep == "dobj" and _to_death(node))):
                return "killed", part
            kind = _kind_of_word(head, TRANSITIVE)
            if kind:
                # "a teenager was killed and his father wounded": the gapped verb is passive too
                passive = (
                    dep == "nsubjpass"
                    or any(c.dep_ in ("auxpass",) for c in head.children)
                    or (dep == "nsubj" and _gapped_passive(head))
                )
                participle = head.tag_ == "VBN" and dep not in ("nsubj",)
                if dep in ("dobj", "nsubjpass", "oprd", "dep", "appos") or passive or participle:
                    return kind, part
                if dep in ("npadvmod", "advmod") and node.i > head.i:
                    return kind, part  # headline style: "quake kills over 80"
                if dep == "nsubj" and head.tag_ == "VBN":
                    return kind, part
                if dep == "nsubj" and head.pos_ == "ADJ":
                    return kind, part
                return None, part
            kind = _kind_of_word(head, INTRANSITIVE)
            if kind and dep in ("nsubj", "nsubjpass", "attr", "dobj", "oprd", "dep"):
                return kind, part
            # "left 3 dead": the casualty word is a complement next to the number
            if dep in ("dobj", "nsubj", "nsubjpass", "attr", "dep", "ccomp"):
                for c in head.children:
                    # "started shooting", "kept stabbing": a gerund is what the subject does
                    if (
                        c.dep_ in ("oprd", "acomp", "xcomp")
                        and c.i > node.i
                        and not _infinitive(c)
                        and c.tag_ != "VBG"
                    ):
                        # "tried to kill", "vowed to kill": an intent, not a casualty
                        # "were found fatally shot", "was pronounced dead"
                        k = _shot_kind(c) if c.lemma_ == "shoot" else None
                        k = k or _kind_of_word(c, INTRANSITIVE) or _kind_of_word(c, TRANSITIVE)
                        if k:
                            return k, part
            if head.lemma_ in (
                "rise",
                "climb",
                "reach",
                "stand",
                "increase",
                "jump",
                "hit",
                "grow",
                "be",
                *_PASSING,
                *_NEARING,
            ):
                for c in head.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        k = _kind_of_word(c, NOUNS) or _of_kind(c)
                        if k:
                            return k, part
            if dep in ("nsubj", "nsubjpass"):
                return _shared_subject_kind(head), part
            return None, part
        if dep == "pobj" and (verb := _along_with(node)) is not None:
            # "three soldiers were killed along with two civilians": more of the verb's victims
            return _kind_of_word(verb, TRANSITIVE) or _kind_of_word(verb, INTRANSITIVE), part
        if dep == "pobj":
            prep = head
            if prep.lower_ in PART_PREPS:
                part = True
            verb_word = "code" if prep.head.lower_ == "coded" else prep.head.lemma_  # lemmatised "cod"
            if prep.lower_ in ("to", "at", "from", "over", "above", "past", "as") and verb_word in (
                "be",
                "rise",
                "climb",
                "reach",
                "stand",
                "increase",
                "jump",
                "grow",
                "hit",
                "bring",
                "raise",
                # "fatalities were estimated at 12", "deaths recorded as 7": a count set by someone
                "estimate",
                "put",
                "code",
                "record",
                "count",
                "place",
                "tally",
                "number",
                "list",
            ):
                verb = prep.head
                for c in list(verb.children) + [verb.head]:
                    if c.dep_ in ("nsubj", "nsubjpass", "dobj") or c is verb.head:
                        k = _kind_of_word(c, NOUNS) or _of_kind(c)
                        if k:
                            return k, part
                return None, part
            if _partitive_set(tok):
                # "one of five people shot has died": the five are those hit, and only their own
                # participle says what befell them ("one of three people killed")
                return _participle_kind(tok), part
            if prep.lower_ == "of":
                k = _casualty_noun_kind(prep.head)
                if k:
                    return k, part
                if prep.head.lemma_ in ("life",):
                    return "killed", part
            node = prep.head
            if node.pos_ in ("VERB", "AUX"):
                # "including seven civilians" hangs under the verb of the main figure
                k = _kind_of_word(node, TRANSITIVE) or _kind_of_word(node, INTRANSITIVE)
                if k and part:
                    return k, part
                if k and prep.lower_ in ("of",):
                    return k, part
                # "killed 91 and wounded over 300", "injuring over two dozen civilians": the parser hangs the
                # bound's number, or the noun it counts, on "over"
                if (
                    k
                    and prep.lower_ in ("over", "than", "about", "around", "nearly", "almost")
                    and (
                        tok.like_num or (tok.tag_ == "NNS" and any(c.dep_ == "nummod" for c in tok.children))
                    )
                ):
                    return k, part
                return None, part
            continue
        if dep == "prep" and tok.lower_ in PART_PREPS:
            node = head
            continue
        if dep in ("appos",):
            node = head
            continue
        return None, part
    return None, part


# A count that went past a number is more than it ("the death toll tops 140", "passed 300"), one that
# nears it is nearly it; "reached 140" and "climbed to 140" are exact.
_PASSING = {"top", "pass", "surpass", "exceed", "cross", "eclipse"}
_NEARING = {"near", "approach"}


def _passing_qualifier(number: Token) -> str | None:
    """ "the death toll tops 140" is more than 140, "the toll nears 140" nearly 140."""
    if number.dep_ not in ("dobj", "npadvmod") or number.head.pos_ != "VERB" or number.i < number.head.i:
        return None
    lemma = number.head.lemma_.lower()
    return "more_than" if lemma in _PASSING else "nearly" if lemma in _NEARING else None


# The act named as a noun: "the wounding of 5 others", "the kidnapping of 20 students".
_ACT_NOUNS = {
    "killing": "killed",
    "murder": "killed",
    "wounding": "injured",
    "injuring": "injured",
    "kidnapping": "kidnapped",
    "abduction": "kidnapped",
    "evacuation": "evacuated",
    "displacement": "displaced",
}


def _casualty_noun_kind(noun: Token) -> str | None:
    """A noun whose "of" phrase holds the victims: a count ("the deaths of 3") or an act ("the wounding of 5")."""
    return _kind_of_word(noun, NOUNS) or _kind_of_word(noun, _ACT_NOUNS)


def _of_kind(noun: Token) -> str | None:
    """ "the number of fatalities", "the total of injured": the casualty noun behind a counting head."""
    if noun.lemma_.lower() not in OF_HEADS:
        return None
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for x in c.children:
                if x.dep_ == "pobj" and (k := _kind_of_word(x, NOUNS)):
                    return k
    return None


def _of_earlier_group(tok: Token) -> bool:
    """ "1 of whom", "two of them": the number counts some of a group named before."""
    return any(
        o.dep_ == "pobj" and o.lower_ in ("whom", "them", "those", "which")
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children
    )


def _set_of_one(number: Token) -> Token | None:
    """The set "one of" takes its one person from ("one of the students", "one of them")."""
    for c in number.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for o in c.children:
                if o.dep_ == "pobj":
                    return o
    return None


def _partitive_set(tok: Token) -> bool:
    """The M of "N of M people": the whole a counted part is taken from."""
    return (
        tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.like_num and tok.head.head.i < tok.i
    )


def _adjacent_kind(doc: Doc, j: int, sent: Span, noun: Token) -> str | None:
    """ "1 killed, 3 hurt", "9 hurt, 1 dead": a bare number's own casualty word right after it, whatever
    coordination the parser saw."""
    if j >= sent.end or noun.i not in (j - 1, j):
        return None
    word = doc[j]
    if word.lower_ == "shot" or word.tag_ not in ("VBN", "VBD", "JJ", "NN", "NNP"):
        return None
    if any(c.dep_ == "dobj" for c in word.children):
        return None  # "3 killed two guards": the number did it
    return _kind_of_word(word, INTRANSITIVE) or _kind_of_word(word, TRANSITIVE)


_CAPTIVES = {"hostage", "captive", "abductee"}


def _noun_kind(noun: Token, number_tok: Token) -> str | None:
    # "2 rebel and 1 military fatality": a singular noun counted by more than one borrows the casualty
    # noun it is joined to
    if noun.tag_ == "NN" and number_tok.lower_ not in ("1", "one") and noun.i != number_tok.i:
        for c in noun.conjuncts:
            if c.i > noun.i and (k := _kind_of_word(c, NOUNS)):
                return k
    k = _kind_of_word(noun, NOUNS)
    # lives are counted in the plural: "21 Life of Pablo shops" is a name
    if k and noun.i != number_tok.i and not (noun.lower_ == "life" and number_tok.lower_ not in ("1", "one")):
        return k
    for c in noun.children:
        if c.dep_ in ("amod", "acl", "relcl", "advcl") and c.i > number_tok.i:
            k = _kind_of_word(c, TRANSITIVE) if c.tag_ == "VBN" else None
            k = k or _kind_of_word(c, INTRANSITIVE)
            if k:
                return k
            if c.dep_ == "relcl":
                # "two people who died"
                k = _kind_of_word(c, INTRANSITIVE)
                passive = any(x.dep_ == "auxpass" for x in c.children)
                if not k and passive:
                    k = _kind_of_word(c, TRANSITIVE)
                if k:
                    return k
    return None


def _attribution(sent: Span) -> str | None:
    for tok in sent:
        if tok.lemma_ in SAY_VERBS and tok.pos_ == "VERB":
            for c in tok.children:
                if c.dep_ == "nsubj" and c.pos_ != "PRON":
                    return sent.doc[c.left_edge.i : c.right_edge.i + 1].text
        if tok.lower_ == "according" and tok.i + 1 < sent.end and tok.nbor().lower_ == "to":
            to = tok.nbor()
            for c in to.children:
                if c.dep_ == "pobj":
                    return sent.doc[c.left_edge.i : c.right_edge.i + 1].text
    return None


_FATAL_ADV = {"fatally", "dead", "death"}


def _fatal_share(num: Token) -> bool:
    """ "Five people were shot, one fatally", "ten were shot, two of them fatally": the share the adverb
    marks died of the hits its clause tells."""
    if num.pos_ != "NUM" or not any(
        c.dep_ == "advmod" and c.lower_ in ("fatally", "mortally") for c in num.children
    ):
        return False
    head = num.head
    if head.pos_ in ("NOUN", "PRON", "NUM") and head.dep_ in ("nsubj", "nsubjpass", "dobj"):
        head = head.head  # "two of them fatally" hung on "people"
    return head.lemma_ in ("shoot", "stab", "wound", "injure", "strike", "hit")


def _comma_killed(shot: Token) -> bool:
    """A headline's "Two girls shot, killed by father", "2 shot, killed in Elm City": shot and killed."""
    doc = shot.doc
    return (
        shot.i + 2 < len(doc)
        and doc[shot.i + 1].text == ","
        and doc[shot.i + 2].lemma_ == "kill"
        and doc[shot.i + 2].head.i == shot.i
    )


def _shot_kind(verb: Token) -> str | None:
    """ "shot" alone means wounded; "shot dead", "shot and killed", "fatally shot" mean killed."""
    if verb.lemma_ != "shoot":
        return None
    if _comma_killed(verb):
        return "killed"
    for c in verb.children:
        if c.lower_ in _FATAL_ADV:
            return "killed"
        # "shot and killed", but not "four were shot and one person killed", whose "killed" has its own
        # subject
        if (
            c.dep_ == "conj"
            and c.lemma_ in ("kill", "die")
            and not _own_subject(c)
            # "shooting four people and killing one of them": each verb has its own object
            and not (
                any(x.dep_ == "dobj" for x in c.children) and any(x.dep_ == "dobj" for x in verb.children)
            )
        ):
            return "killed"
        if c.dep_ == "prep" and c.lower_ == "to" and any(x.lower_ == "death" for x in c.children):
            return "killed"
    # "were killed and shot"; but "a man was killed and six others shot" has a subject of its own
    if verb.dep_ == "conj" and verb.head.lemma_ in ("kill",) and not _own_subject(verb):
        return "killed"
    return "injured"


def doc_text_before(tok: Token, n: int) -> str:
    return tok.doc.text[max(0, tok.idx - n) : tok.idx].lower()


# How a verb without a subject of its own takes its clause's: "stabbed a student and killed her",
# "opened fire, killing two", "tried to flee".
_CLAUSE_LINKS = ("conj", "advcl", "xcomp", "pcomp")


def _up_the_clause(verb: Token, through: tuple[str, ...], steps: int) -> Iterator[Token]:
    """The verb and the heads it hangs on through the given dependencies, nearest first."""
    for _ in range(steps):
        yield verb
        if verb.dep_ not in through or verb.head is verb:
            return
        verb = verb.head


def _self_antecedents(sent: Span, killed_selves: set[int]) -> dict[int, Token]:
    """Who "himself"/"herself" is in this sentence ("the toddler shot himself", "a man who killed his
    wife before killing himself"), by the reflexive's index: that person is counted once, as the
    reflexive."""
    found = {}
    for r in sent:
        if r.lower_ not in REFLEXIVES or r.i not in killed_selves:
            continue
        # a reflexive also reaches through "in an attempt to kill himself" and "after killing himself"
        for verb in _up_the_clause(r.head, (*_CLAUSE_LINKS, "prep", "acl"), 5):
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            # the subject nearest the verb: a dateline ("MYRTLE BEACH, SC –") can be parsed as another
            subjects.sort(key=lambda c: (c.i > verb.i, -c.i))
            if subjects and subjects[0].lower_ not in ("who", "that"):
                found[r.i] = subjects[0]
                break
            if verb.dep_ == "relcl":
                found[r.i] = verb.head
                break
    return found


# Setting off the bomb makes one the bomber, whatever the noun: "a refugee detonated a bomb, killing himself".
_SET_OFF = {"detonate", "blow"}


_MODALS = {"would", "should", "could", "might", "'d"}
_INTENTS = {
    "plot",
    "threaten",
    "want",
    "try",
    "plan",
    "attempt",
    "intend",
    "vow",
    "conspire",
    "seek",
    "hope",
    "aim",
}


_QUOTES = '"“”'


def _quoted_hurt(victim: Token) -> bool:
    """ "This one hurt, a lot", "him hurting my daughter" said in a quote: hurt is a feeling there."""
    hurt = victim.head.lemma_ == "hurt" or any(
        c.lemma_ == "hurt" and c.dep_ in ("acl", "relcl") for c in victim.children
    )
    if not hurt:
        return False
    before = victim.doc.text[victim.sent.start_char : victim.idx]
    return sum(before.count(q) for q in _QUOTES) % 2 == 1


def _irrealis(victim: Token) -> bool:
    """The clause says what would, could or was meant to happen, not what did: "so he wouldn't die",
    "there should have been five people dead", "he was going to kill his wife", "if anyone had died"."""
    verb = victim
    for _ in range(4):
        if verb.head is verb:
            return False
        verb = verb.head
        if verb.pos_ in ("VERB", "ADJ", "AUX"):
            break
    else:
        return False
    # only the casualty clause itself: "a dispute might have led to a shooting that left 4 wounded" is real
    if not any(
        _kind_of_word(w, TRANSITIVE) or _kind_of_word(w, INTRANSITIVE) or w.lemma_ == "shoot"
        for w in (
            verb,
            *(c for c in verb.children if c.dep_ in ("acomp", "oprd", "xcomp")),
            *(c for c in victim.children if c.dep_ == "amod"),  # "there should have been 5 people dead"
        )
    ):
        return False
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children):
        return True
    if any(c.dep_ == "mark" and c.lower_ == "if" for c in verb.children):
        return True
    # "was going to kill his wife" is an intent; "went on to kill two drivers" is what he did
    going = verb.head.lower_ == "going" and not any(c.lower_ == "on" for c in verb.head.children)
    # (the small model's lemmatizer makes "hoped" "hop")
    intent = verb.head.lemma_ in _INTENTS or verb.head.lower_ in ("hoped", "hopes", "hoping")
    return (_infinitive(verb) or verb.dep_ == "xcomp") and (intent or going)


_REPRISALS = {"retaliation", "revenge", "payback", "reprisal", "avenge"}


def _avenged(sent: Span, f: Figure) -> bool:
    """The harm a shooting paid back is an earlier event: "the attack was retaliation for the killing
    of a man on Sunday", "revenge for a stabbing the week before"."""
    victim = _token_at(sent, f.start - sent.start_char)
    if victim is None:
        return False
    doc = sent.doc
    # the parser may hang "for" on the verb instead: "were killed in retaliation for a shooting that ..."
    return any(
        a.i < victim.i
        and (
            a.lemma_.lower() in _REPRISALS
            or (
                a.lower_ in ("for", "to", "over")
                and a.i > sent.start
                and doc[a.i - 1].lemma_.lower() in _REPRISALS
            )
        )
        for a in victim.ancestors
    )


_ILLNESSES = {"cancer", "illness", "disease", "tumor", "tumour", "leukemia"}


def _natural_death(sent: Span, f: Figure) -> bool:
    """A death from illness is no casualty: "his father succumbed to cancer", "died naturally after
    a long illness", "died of natural causes"."""
    victim = _token_at(sent, f.start - sent.start_char)
    if f.kind != "killed" or victim is None or victim.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = victim.head
    if verb.lemma_ not in _DIE_VERBS:
        return False
    for c in verb.children:
        if c.lower_ == "naturally":
            return True
        if c.dep_ == "prep" and c.lower_ in ("of", "from", "to"):
            for x in c.children:
                if x.lemma_.lower() in _ILLNESSES or (
                    x.lemma_.lower() == "cause" and any(m.lower_ == "natural" for m in x.children)
                ):
                    return True
    return False


def _stands_for(tok: Token) -> str | None:
    """The group of the noun a singular pronoun stands for ("the teenager was cleaning a rifle when he was
    wounded": teen), or None."""
    if tok.lower_ not in _SINGULAR_PRONOUNS:
        return None
    noun = _antecedent(tok)
    if noun is None or noun.pos_ != "NOUN" or any(c.lower_ in _OTHERS for c in noun.children):
        return None  # "another teen was hurt when he fell" is one more
    return _group_key(noun.text)


def _perpetrator_self(antecedent: Token | None) -> bool:
    """ "the gunman killed himself", "a refugee detonated a bomb, killing himself": the self is an attacker."""
    if antecedent is None:
        return False
    return _perpetrator(antecedent) or (antecedent.dep_ == "nsubj" and antecedent.head.lemma_ in _SET_OFF)


def _attacker_word(tok: Token) -> bool:
    return tok.lower_ in PERPETRATORS or tok.lemma_.lower() in PERPETRATORS


# Subjects of these verbs are the attackers: "two men who ambushed the patrol", "gunmen stormed the hotel".
_ASSAULT_VERBS = {"ambush", "storm", "detonate"}
_SINGULAR_PRONOUNS = {"he", "him", "she", "her"}
_PLURAL_PRONOUNS = {"they", "them"}
_PRONOUN_WORDS = _SINGULAR_PRONOUNS | _PLURAL_PRONOUNS | REFLEXIVES


def _assailant(tok: Token) -> bool:
    """An attacker by name ("the gunman") or by deed ("two people who ambushed the patrol")."""
    if _attacker_word(tok):
        return True
    deeds = [c for c in tok.children if c.dep_ == "relcl"]
    if tok.dep_ == "nsubj":
        deeds.append(tok.head)
    return any(v.lemma_ in _ASSAULT_VERBS for v in deeds)


def _clause_subjects(tok: Token) -> list[Token]:
    """The subjects of the clause a word stands in, inherited through coordinated and adverbial
    verbs: "the terrorist stabbed a student and killed her" (her is not the terrorist)."""
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return []  # a subject's clause is its own: "police shot the attacker and he died"
    verb = tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
        verb = verb.head
    for link in _up_the_clause(verb, _CLAUSE_LINKS, 6):
        subjects = [c for c in link.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i]
        if subjects:
            return subjects
    return []


def _antecedent(pron: Token) -> Token | None:
    """The noun a personal pronoun most likely stands for: the nearest subject before it in its own
    sentence that is not its own clause's, else the last subject of the sentence before ("Two men
    ambushed the patrol. One of them was shot dead")."""
    lower = pron.lower_
    if lower not in _SINGULAR_PRONOUNS and lower not in _PLURAL_PRONOUNS:
        return None
    plural = lower in _PLURAL_PRONOUNS

    def agrees(tok: Token) -> bool:
        if tok.pos_ == "PRON" or tok.lower_ in ("who", "that", "which"):
            return False
        many = tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in tok.children)
        return many == plural and (tok.pos_ in ("NOUN", "PROPN"))

    sent = pron.sent
    own = _clause_subjects(pron)
    for tok in reversed(sent[: pron.i - sent.start]):
        if tok.dep_ in ("nsubj", "nsubjpass") and tok not in own and agrees(tok):
            return tok
    if sent.start == 0:
        return None
    before = pron.doc[sent.start - 1].sent
    subjects = [t for t in before if t.dep_ in ("nsubj", "nsubjpass") and agrees(t)]
    return subjects[0] if subjects else None


_VEHICLES = {"car", "truck", "van", "vehicle", "lorry", "motorcycle", "motorbike", "minibus", "tanker"}
_BLAST_VERBS = {"explode", "detonate", "blow"}


def _bomb_vehicle_driver(noun: Token) -> bool:
    """ "a car rammed the gates and exploded, killing the driver", "a car bomb exploded, killing the
    driver": the driver of the vehicle that was the bomb is the bomber."""
    if noun.lower_ != "driver" or any(c.dep_ in ("prep", "poss") for c in noun.children):
        return False
    for subject in _clause_subjects(noun):
        lemmas = {subject.lemma_.lower()} | {
            c.lemma_.lower() for c in subject.children if c.dep_ == "compound"
        }
        verbs = {subject.head.lemma_} | {v.lemma_ for v in subject.head.conjuncts}
        bomb = "bomb" in lemmas or "ram" in verbs
        if lemmas & _VEHICLES and bomb and verbs & _BLAST_VERBS:
            return True
    return False


def _perpetrator(noun: Token) -> bool:
    """ "5 attackers", "the suicide bomber", "one of the assailants", "one of them" when they are the
    attackers: the victims named are attackers."""

    def names_attackers(tok: Token) -> bool:
        if _attacker_word(tok):
            return True
        antecedent = _antecedent(tok)
        return antecedent is not None and _assailant(antecedent)

    return (
        _bomb_vehicle_driver(noun)
        or names_attackers(noun)
        or any(
            names_attackers(o)
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for o in c.children
            if o.dep_ == "pobj"
        )
    )


_DIE_VERBS = {"die", "succumb", "perish"}
# Entity types a name that dies cannot be: places, groups and times
_NOT_PERSONS = {"GPE", "LOC", "ORG", "NORP", "DATE", "TIME", "EVENT", "LAW", "LANGUAGE"}


def _single_victims(
    sent: Span, used: set[int], headline: bool = False, counted: dict[int, str] | None = None
) -> list[tuple[Token, str, int]]:
    """Person nouns without a number that are the victims: "a man was shot dead" (1), "both victims died" (2).

    A headline drops its articles ("Gunman shoots teen to death"), so there a bare noun is one person.
    counted: the kind each counted noun of the sentence was read as, which the rest of its list shares.
    """
    counted = counted or {}
    out = []
    used = set(used)  # a single that joins a numbered list is read as one of its items (see below)
    for tok in sent:
        if tok.i in used:
            continue
        person_noun = tok.pos_ == "NOUN" and (_person_noun(tok) or _spouses(tok))
        # a headline's "15-year-old killed" names a person by age alone
        aged = (
            tok.lower_ == "old"
            and tok.i >= 2
            and doc_text_before(tok, 7).endswith("year-")
            and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "ROOT", "conj")
        )
        person_noun = person_noun or aged
        # a name the model does not tag as a person is one when a person is joined to it ("Noor and his guard")
        named = (
            tok.pos_ == "PROPN"
            and (
                tok.ent_type_ == "PERSON"
                or any(_person_noun(c) for c in tok.conjuncts)
                or _named_before(tok)
                # "Cole died early Saturday": only a person dies, whatever the model tags the name as
                or (
                    tok.dep_ == "nsubj"
                    and tok.head.lemma_ in _DIE_VERBS
                    and tok.ent_type_ not in _NOT_PERSONS
                )
                # "19-year-old Mekko Stumblingbear was found dead": whoever has an age is a person
                or any(c.lower_ == "old" and c.dep_ == "amod" for c in tok.lefts)
                # "a Palestinian was killed", "stabbed an American": one of a people is a person
                or (
                    tok.ent_type_ == "NORP"
                    and tok.tag_ == "NNP"
                    and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)
                )
            )
            # "charged in the death of Jane Roe", "the shooting of John Doe"
            and (tok.dep_ in ("nsubjpass", "nsubj", "dobj") or bool(_shooting_of(tok)))
        )
        pronoun = (
            tok.lower_ in PRONOUNS
            # "pronounced him dead", "shot her": the object pronoun (not the possessive "her")
            or (tok.lower_ in ("him", "her") and tok.dep_ == "dobj")
            or (tok.lower_ in ("another", "one") and tok.dep_ in ("nsubjpass", "nsubj"))
            # "killing one man and injuring another", "the other was wounded": one more person
            or (tok.lower_ == "another" and tok.dep_ == "dobj")
            or (tok.lower_ == "other" and any(c.lower_ == "the" for c in tok.children))
            # "Both were injured in the shooting": the two told before
            or (tok.lower_ == "both" and tok.dep_ in ("nsubjpass", "nsubj"))
            # "two were killed and a third was injured": one more of those told before (not "a third of
            # the town", a share)
            or (
                tok.lower_ in _PLACES
                and tok.dep_ in ("nsubjpass", "nsubj")
                and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)
                and not any(c.dep_ == "prep" for c in tok.children)
            )
        )
        # "tried to kill herself", "in an effort to kill himself": an infinitive is an intent, not an act
        # "killed his wife and then himself": a reflexive joined to the object, or to the verb, is one too
        # "killed his wife, then himself", which the parser hangs on the verb as an adverb
        then_reflexive = tok.dep_ == "npadvmod" and any(c.lower_ == "then" for c in tok.head.children)
        reflexive = (
            tok.lower_ in REFLEXIVES
            and (
                tok.dep_ in ("dobj", "dep")
                or then_reflexive
                or (tok.dep_ == "conj" and tok.head.dep_ in ("dobj", "ROOT"))
            )
            and not _infinitive(tok.head)
        )
        if not (person_noun or named or pronoun or reflexive):
            continue
        if any(c.lower_ in ("no", "every", "any", "none", "each") for c in tok.children):
            continue  # "no one was hurt" is a zero, read by the zero patterns
        if tok.dep_ == "conj" and not reflexive:
            first = _first_conjunct(tok)
            # "a soldier was killed and a civilian injured", where the parser joins the noun to the verb
            if (
                person_noun
                and first.pos_ == "VERB"
                and any(c.dep_ in ("det", "poss") for c in tok.children)
                and (participle := _participle_kind(tok))
            ):
                out.append((tok, participle, 1))
            # "Six soldiers, 6 civilians and a police officer were killed": the last one joins the count
            # and "four adults and a 3-year-old were shot", however the count's own kind was found
            if first.i in used and person_noun and (tok.tag_ == "NN" or aged):
                kind = _list_kind(first) or counted.get(first.i)
                if kind:
                    out.append((tok, kind, -1))
            continue
        # "An infant and two women died": the first of a list whose others are numbered joins the count,
        # as does "and a driver" parsed as a subject of its own, and "he and two others"
        # (not "a man called 911 saying he had been shot and three people had been killed", a clause apart)
        if (person_noun and tok.tag_ == "NN" or tok.lower_ in PRONOUNS) and (
            any(c.i in used and not _verb_between(tok, c) for c in tok.conjuncts)
            or _joins_numbered_sibling(tok, used)
            or (
                person_noun
                and tok.tag_ == "NN"
                and tok.dep_ in ("nsubj", "nsubjpass", "dobj")
                and _counted_along(tok.head, used)
            )
        ):
            kind = _list_kind(tok)
            if kind:
                out.append((tok, kind, -1))
                continue
        dets = [c for c in tok.children if c.dep_ in ("det", "predet", "nummod", "quantmod")]
        if any(c.like_num for c in dets):
            continue
        det = " ".join(c.lower_ for c in dets)
        if named or pronoun or reflexive:
            count = 2 if tok.lower_ == "both" else 1
        elif tok.tag_ == "NNS":
            count = {"both": 2, "two": 2}.get(det) or _ages_listed(tok)
            if not count:
                continue
        elif det in ("a", "an", "one", "another", "the", "") and (
            det
            or headline
            or tok.i == sent.start
            or tok.is_title
            # "Border Police guard was killed", "killed Russian ambassador": a singular person noun
            # without its article is still one person
            or (person_noun and tok.tag_ == "NN" and tok.left_edge.i < tok.i)
        ):
            count = 1
        elif not det and any(c.dep_ == "poss" for c in tok.children):
            count = 1  # "his wife", "the couple's son": one named relation
        else:
            continue
        if _spouses(tok):
            count = 2  # "a couple was shot dead": two people, as "both" is
        # "identified a 17-year-old boy killed in a shooting": the participle tells what befell him, unless
        # the clause he is the subject of says more ("the boy who was shot has died")
        participle = _participle_kind(tok) if person_noun or named else None
        if participle is None and (person_noun or named or pronoun):
            participle = _with_wound(tok) or _left_hurt(tok) or _shooting_of(tok) or _gunshot_victims(tok)
        # "minor injuries to the occupant", "resulted in minor injuries to the driver"
        injury = _injury_to(tok) if person_noun else None
        if injury is not None:
            participle = "killed" if any(m.lower_ in _FATAL_MODS for m in injury.children) else "injured"
        along = _along_with(tok)
        if along is not None and person_noun and tok.tag_ == "NN" and _victim_counted(along, used):
            # "Three soldiers were killed, along with a civilian and a police officer": besides the count
            kind, _ = _role_kind(tok)
            if kind:
                out.append((tok, kind, -1))
                used.add(tok.i)
            continue
        if tok.dep_ not in ("nsubjpass", "nsubj", "dobj") and not reflexive:
            if participle:
                out.append((tok, participle, count + _joined_persons(tok, named)))
            continue
        head = _past_auxiliary(tok)
        # "Teen shot by uncle": a headline drops the auxiliary, so its subject is the one shot
        shot_role = tok.dep_ != "nsubj" or head.tag_ == "VBN" or _shot_without_object(head)
        kind = _shot_kind(head) if head.lemma_ == "shoot" and shot_role else None
        if not kind:
            kind, _ = _role_kind(tok)
        if not kind and reflexive and tok.dep_ in ("conj", "npadvmod") and head.pos_ == "VERB":
            kind = _shot_kind(head) or _kind_of_word(head, TRANSITIVE)  # "killed his wife and then himself"
        if tok.dep_ in ("nsubj", "nsubjpass") and kind in (None, "injured") and _dies_later(head):
            kind = "killed"
        if participle and kind in (None, "injured"):
            kind = "killed" if participle == "killed" else kind or participle
        if not kind and "killed" in _shared_verb_kinds(tok):
            kind = "killed"  # "was attacked and beaten to death": the killing among the verbs it shares
        if not kind:
            continue
        if kind == "displaced" and head.lemma_ in ("flee", "force"):
            continue  # one who "fled to nearby Orange" is getting away; displacement is told in numbers
        # (a reflexive joined to the victim is not the victim again: "his wife and then himself")
        out.append((tok, kind, count + (0 if tok.dep_ == "conj" else _joined_persons(tok, named))))
    return out


_HOW_HIT = {"fatally", "critically", "seriously", "mortally", "accidentally", "badly", "gravely"}


def _spouses(tok: Token) -> bool:
    """ "a couple", "an elderly couple": two people (not "a couple of hours" or "fired a couple rounds", a
    small number of things)."""
    return (
        tok.lower_ == "couple"
        and tok.tag_ == "NN"
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)
        and not (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].tag_ == "NNS")
    )


def _shot_without_object(verb: Token) -> bool:
    """ "identified the man fatally shot on Monday": a shooting told with how it hit and no one it hit is
    a reduced relative clause the small model reads as the man shooting, so its subject is the one hit."""
    return (
        verb.lemma_ == "shoot"
        and any(c.lower_ in _HOW_HIT for c in verb.children)
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "dative") for c in verb.children)
        and not any(
            c.dep_ == "prep" and c.lower_ in ("at", "into", "through", "toward", "towards")
            for c in verb.children
        )
    )


def _ages_listed(tok: Token) -> int | None:
    """ "his sons, ages 3 and 4", "her daughters, aged 5, 7 and 9": one age per person."""
    for c in tok.children:
        if c.lower_ in ("ages", "aged") and c.dep_ in ("appos", "amod"):
            first = next((n for n in c.children if n.like_num), None)
            if first is not None and first.conjuncts:
                return 1 + len([n for n in first.conjuncts if n.like_num])
    return None


def _name_of(tok: Token) -> str | None:
    """The name a single victim is called by ("Jayden Eric Redden", "Markins"), if any: a capitalised word
    the model tags as a person here or anywhere in the article, with the name words before it. "Markins
    was the only person injured" names its victim in the subject."""
    if tok.dep_ == "attr":
        tok = next((c for c in tok.head.children if c.dep_ == "nsubj"), tok)
    if tok.pos_ == "NOUN" and not tok.is_title:
        # "her brother Elias"
        tok = next((c for c in tok.rights if c.dep_ == "appos" and c.pos_ == "PROPN"), tok)
    if not tok.is_title or tok.pos_ not in ("PROPN", "NOUN") or tok.lemma_.lower() in PERSONS:
        return None  # "Manson Shooting Victim Dies" names no one
    if tok.ent_type_ != "PERSON" and tok.text not in _person_word_positions(tok.doc):
        return None
    words = [c for c in tok.lefts if c.dep_ == "compound" and c.is_title and c.pos_ == "PROPN"] + [tok]
    return " ".join(t.text for t in words)


def _person_word_positions(doc: Doc) -> dict[str, int]:
    """Each word the model tags as part of a person's name anywhere in the document, with where it first
    stands; worked out once per document."""
    positions = doc.user_data.get("newsmon_person_words")
    if positions is None:
        positions = {}
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                for t in ent:
                    positions.setdefault(t.text, t.i)
        doc.user_data["newsmon_person_words"] = positions
    return positions


def _other_than_agent(tok: Token) -> bool:
    """ "a man shot another man", "one twin shot the other", "accused of shooting another man": the
    other is other than the one who shot, not one more victim besides those counted before."""
    words = {tok.lower_} | {c.lower_ for c in tok.children if c.dep_ in ("det", "amod")}
    if tok.dep_ != "dobj" or not words & {"other", "another"} or tok.head.dep_ == "conj":
        return False
    for verb in _up_the_clause(tok.head, ("pcomp", "prep", "xcomp", "advcl"), 4):
        agents = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if agents:
            agent = agents[0]
            if tok.lower_ in _OTHERS:
                return agent.pos_ in ("NOUN", "PROPN") and any(
                    c.lower_ in ("one", "a", "an") for c in agent.children
                )
            return agent.lemma_ == tok.lemma_
    return False


def _list_taken_for_a_subject(obj: Token) -> Token | None:
    """ "killed a candidate, his driver and a guard and injured three others": the parser takes the rest
    of the object's list, right after its comma, for the subject of the next verb. That subject, if so."""
    if obj.dep_ != "dobj":
        return None
    doc = obj.doc
    comma = obj.right_edge.i + 1
    if comma >= len(doc) or doc[comma].text != ",":
        return None
    for verb in obj.head.children:
        if verb.dep_ != "conj" or verb.pos_ != "VERB" or not any(c.dep_ == "dobj" for c in verb.children):
            continue
        for subject in verb.children:
            if subject.dep_ == "nsubj" and subject.left_edge.i == comma + 1 and subject.conjuncts:
                return subject
    return None


def _person_name(tok: Token) -> bool:
    """A name the model tags as a person here or anywhere in the article ("Ada Lowry", taken for a group
    beside "Sam Lowry")."""
    return tok.pos_ == "PROPN" and (tok.ent_type_ == "PERSON" or tok.text in _person_word_positions(tok.doc))


def _joined_persons(tok: Token, named: bool) -> int:
    """ "a man and a woman were killed": each conjunct counts once."""
    joined = list(tok.conjuncts)
    if any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for x in (tok, *joined) for c in x.children):
        return 0  # "shot himself or another child shot him": alternatives, one person
    # "killed a politician, a journalist and a priest": a list the parser hangs on its first item by
    # apposition; an apposition without a list of its own is the same person again ("Ali, a driver")
    # ("Alex Ramirez, a neighbor and close friend": what a name's apposition lists is who he was)
    for c in tok.children if tok.pos_ != "PROPN" else ():
        if c.dep_ == "appos" and c.tag_ == "NN" and _person_noun(c) and c.conjuncts:
            joined += [c, *c.conjuncts]
        elif c.dep_ == "appos" and c.pos_ == "PROPN":
            # "his fiancee, Jaime Salazar, 34, and their 2-year-old son": the list goes on from her name
            joined += [x for x in c.conjuncts if x.tag_ == "NN" and _person_noun(x) and x not in joined]
    one_death = tok.dep_ == "pobj" and tok.head.head.tag_ == "NN"  # "the death of John McLean, 53, Sgt. …"
    for c in tok.children if tok.pos_ == "PROPN" and not one_death else ():
        if (
            c.dep_ == "appos"
            and c.conjuncts
            and (c.like_num or (c.pos_ == "PROPN" and c.ent_type_ == "PERSON"))
        ):
            # "Walter Baxter, 23, William Ortiz, 32, and Bruce Lane, 31", "Harold Baines, 66 and Martha
            # Baines, 64": names listed with their ages, which the parser hangs on the first name or its age
            listed = ([c] if c.pos_ == "PROPN" else []) + list(c.conjuncts)
            joined += [
                x
                for x in listed
                if _person_name(x)
                and x not in joined
                and not any(m.dep_ == "case" for m in x.children)  # "Luis Eduardo's ex-wife" is not him
            ]
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
        # "a man was killed along with his wife": the verb befell them both
        joined += [x for x in _along_with_persons(tok.head) if x not in joined]
    if (rest := _list_taken_for_a_subject(tok)) is not None:
        joined += [rest, *rest.conjuncts]
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.tag_ == "NNS":
        deaths = tok.head.head
        if deaths.lemma_.lower() in _KILLING_NOUNS:
            # "the deaths of a baby, a man", "the deaths of a baby and a man": plural deaths are more
            # than one, whatever the parser hangs the second person on
            joined += [
                c
                for c in (*tok.children, *deaths.children)
                if c.dep_ in ("appos", "conj") and _person_noun(c) and c not in joined
            ]
    count = 0
    for c in joined:
        # the small model often tags an unusual name as a facility ("Aveion Bolden"): a name joined to
        # a person's name is another person unless it is a place, a group or a date, or a name the model
        # tags as a person elsewhere ("Sam Lowry and Ada Lowry", the second taken for a group)
        if (_person_noun(c) and c.tag_ == "NN") or (
            c.pos_ == "PROPN"
            and (
                (c.ent_type_ in ("PERSON", "FAC", "") if named else c.ent_type_ == "PERSON")
                or (named and _person_name(c))
            )
        ):
            count += 1
    return count


def _with_wound(tok: Token) -> str | None:
    """ "found a man with a gunshot wound", "arrived at the hospital with gunshot wounds", "left him with
    head injuries", "was rescued with injuries": a person who
    has the wound was hit (and killed when the wound is said to be fatal)."""
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"]
    # "four people were rescued with injuries", "pulled from the rubble with injuries": the passive's
    # subject has the wound as the active one's does
    if (
        tok.dep_ in ("nsubj", "nsubjpass")
        and tok.head.pos_ == "VERB"
        and not any(c.dep_ == "dobj" for c in tok.head.children)
    ):
        preps += [c for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "with"]
        # "was pulled from the wreckage with injuries", where the parser hangs the wounds on the wreckage
        preps += [
            w
            for c in tok.head.children
            if c.dep_ == "prep"
            for x in c.children
            if x.dep_ == "pobj"
            for w in x.children
            if w.dep_ == "prep" and w.lower_ == "with"
        ]
    if tok.dep_ == "dobj" and tok.head.lemma_ == "leave":
        # "the blast left two soldiers with serious injuries"
        preps += [c for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "with" and c.i > tok.i]
    for prep in preps:
        for x in prep.children:
            if x.dep_ == "pobj" and x.tag_ in ("NN", "NNS") and x.lemma_.lower() in _INJURY_NOUNS:
                return "killed" if any(m.lower_ in _FATAL_MODS for m in x.children) else "injured"
    return None


def _left_hurt(tok: Token) -> str | None:
    """ "The shooting left a 16-year-old boy in serious condition", "left a teen in the hospital": whom an
    event leaves in a patient's state was hurt, as "a man was left in critical condition" is."""
    if tok.dep_ != "dobj" or tok.head.lemma_ != "leave":
        return None
    in_hospital = any(
        c.dep_ == "prep"
        and c.lower_ == "in"
        and c.i > tok.i
        and any(x.lemma_ == "hospital" for x in c.children)
        for c in tok.head.children
    )
    return "injured" if in_hospital else _condition_kind(tok.head)


def _shared_subject_kind(verb: Token) -> str | None:
    """A coordinated verb without a subject of its own says what befell its first verb's subject: "the girl
    is okay and only suffered minor injuries", "he walked in and was treated for a gunshot wound"."""
    for v in _sharing_subject(verb):
        if v.pos_ != "VERB":
            continue
        # only care for wounds: "found unharmed and taken to the hospital as a precaution" is no one hurt
        treated = v.lemma_ == "treat" and any(x.dep_ == "auxpass" for x in v.children) and _treated_kind(v)
        if _undergo_kind(v) == "injured" or _condition_kind(v) or treated:
            return "injured"
    return None


def _named_before(tok: Token) -> bool:
    """A surname the model tags as a person once ("Rosalba Velazquez was playing") and as an organisation
    later ("Velazquez suffered a hand injury") is still the person."""
    if tok.ent_type_ not in ("", "ORG"):
        return False
    return _person_word_positions(tok.doc).get(tok.text, tok.i) < tok.i


def _injury_to(tok: Token) -> Token | None:
    """The injury noun a "to" phrase names the sufferer of: "injuries to the occupant", also when the
    parser hangs "to" on the verb ("resulted in injuries to the driver", "caused injuries to a man")."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "to":
        return None
    owner = tok.head.head
    if owner.lemma_.lower() in _INJURY_NOUNS:
        return owner
    if owner.pos_ != "VERB":
        return None
    for c in owner.children:
        if c.dep_ == "dobj" and c.lemma_.lower() in _INJURY_NOUNS:
            return c
        if c.dep_ == "prep" and c.i < tok.i:
            for x in c.children:
                if x.dep_ == "pobj" and x.lemma_.lower() in _INJURY_NOUNS:
                    return x
    return None


def _participle_kind(noun: Token) -> str | None:
    """A casualty clause after a person noun: "the boy killed on Friday", "a man who had been shot",
    "the woman who died"."""
    for c in noun.children:
        if c.i < noun.i:
            continue
        if c.dep_ == "acl" and c.tag_ == "VBN":
            if c.lemma_ == "shoot":
                return _shot_kind(c)
            if k := _struck_by(c):  # "four victims struck by gunfire"
                return k
            # "an elderly woman drowned in flood waters" read as a participle
            return _kind_of_word(c, TRANSITIVE) or (
                _kind_of_word(c, INTRANSITIVE) if c.pos_ == "VERB" else None
            )
        if c.dep_ == "relcl":
            subject = [
                x for x in c.children if x.dep_ in ("nsubj", "nsubjpass") and x.lower_ in ("who", "that")
            ]
            if not subject:
                continue
            passive = subject[0].dep_ == "nsubjpass" or any(x.dep_ == "auxpass" for x in c.children)
            if passive:
                if c.lemma_ == "shoot":
                    return _shot_kind(c)
                if k := _struck_by(c):  # "four victims who had been struck by gunfire"
                    return k
                # "Smith, who was pronounced dead", "a boy who was found fatally shot": the complement
                complement = next((x for x in c.children if x.dep_ in ("oprd", "acomp", "xcomp")), None)
                if complement is not None and not _infinitive(complement) and complement.tag_ != "VBG":
                    if complement.lemma_ == "shoot":
                        return _shot_kind(complement)
                    if k := _kind_of_word(complement, INTRANSITIVE) or _kind_of_word(complement, TRANSITIVE):
                        return k
                return _kind_of_word(c, TRANSITIVE)
            return _kind_of_word(c, INTRANSITIVE) if c.pos_ == "VERB" else None
    # "identified the teenager fatally shot May 4", the shooting hung on the verb beside him
    for verb in noun.doc[noun.i + 1 : noun.i + 3]:
        if verb.head.i == noun.head.i and verb.dep_ == "advcl" and _shot_without_object(verb):
            return _shot_kind(verb)
    return None


def _list_kind(first: Token) -> str | None:
    """What befell a list of victims, read from its first item: "A man and four women were shot"."""
    kind, _ = _role_kind(first)
    if kind is None and first.dep_ in ("nsubjpass", "dobj") and first.head.lemma_ == "shoot":
        kind = _shot_kind(first.head)
    return kind


def _verb_between(a: Token, b: Token) -> bool:
    """A list does not run across a clause: nouns with a verb between them are no list, however parsed."""
    return any(t.pos_ in ("VERB", "AUX") for t in a.doc[min(a.i, b.i) + 1 : max(a.i, b.i)])


_PLACES = {
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}


def _place(victim: Token) -> int | None:
    """The place an ordinal gives the victim ("a fifth victim", "an 8th teen"), unless it is only
    possibly one ("a possible fifth victim", "there may be a fourth victim")."""
    if any(c.lower_ in ("possible", "potential") for c in victim.children) or any(
        c.dep_ == "aux" and c.lower_ in ("may", "might", "could") for c in victim.head.children
    ):
        return None
    if victim.lower_ in _PLACES:
        return _PLACES[victim.lower_]  # "a third was injured"
    for c in victim.children:
        if c.dep_ == "amod" and c.i < victim.i:
            if c.lower_ in _PLACES:
                return _PLACES[c.lower_]
            if m := re.fullmatch(r"(\d+)(?:rd|th)", c.lower_):
                return int(m.group(1)) if int(m.group(1)) >= 3 else None
    return None


def _joins_numbered_sibling(tok: Token, used: set[int]) -> bool:
    """ "12 police personnel and a driver were killed" parsed as two subjects of one verb: the single
    victim right after "and" belongs to the numbered list before it, as a conjunct would."""
    k = tok.left_edge.i - 1
    doc = tok.doc
    if k < 1 or doc[k].lower_ != "and":
        return False
    sibling = doc[k - 1]
    return sibling.i in used and sibling.head == tok.head and sibling.dep_ == tok.dep_


_PARENTS = {"mother", "father", "mom", "dad", "parent", "grandmother", "grandfather", "grandparent"}


def _counts_something_else(noun: Token) -> bool:
    """ "father of 5", "a family of four": the number is inside an "of" phrase that is not about victims."""
    node = _first_conjunct(noun)
    if node.dep_ == "pobj" and node.head.lower_ == "of":
        owner = node.head.head
        return (
            owner.pos_ in ("NOUN", "PROPN")
            and owner.lemma_.lower() not in OF_HEADS
            and not _casualty_noun_kind(owner)
            and not _shooting_of(noun)
            # "the names of the five people who were murdered": the counted noun's own clause makes
            # them victims, whatever holds the phrase (a bare number has no clause of its own)
            and not (noun.pos_ == "NOUN" and _participle_kind(noun))
        )
    return False


def _shooting_of(victim: Token) -> str | None:
    """ "the shooting of three people", "charged in the shooting of his neighbor": those hit, killed when
    the shooting is called fatal; "charged in the death of a cashier", "the murder of his wife": killed,
    unless the deed was only attempted."""
    node = _first_conjunct(victim)
    if node.dep_ != "pobj" or node.head.lower_ != "of":
        return None
    deed = node.head.head
    if deed.lemma_.lower() in _KILLING_NOUNS:
        return None if any(m.lower_ in ("attempted", "attempt") for m in deed.children) else "killed"
    if deed.lemma_.lower() != "shooting":
        return None
    return "killed" if any(m.lower_ in _FATAL_MODS for m in deed.children) else "injured"


# Nouns of a killing whose "of" phrase names the dead person ("the murder of his wife"); the counted
# "the deaths of 3" is read through NOUNS and _ACT_NOUNS, and the _DEATH_OF pattern reads the same
# phrase from the text when the parse does not.
_KILLING_NOUNS = {"death", "killing", "murder", "slaying"}


def _gunshot_victims(noun: Token) -> str | None:
    """ "two other gunshot victims arrived at the hospital", "the shooting victim": people hit."""
    if noun.lemma_.lower() != "victim":
        return None
    hit = any(c.dep_ in ("compound", "amod") and c.lower_ in ("gunshot", "shooting") for c in noun.children)
    return "injured" if hit else None


def _number_shot(noun: Token) -> str | None:
    if k := _shooting_of(noun) or _gunshot_victims(noun):
        return k
    # "found four people suffering from gunshot wounds": hit, and some may yet be reported dead
    for c in noun.children:
        if c.dep_ == "acl" and c.i > noun.i and (k := _undergo_kind(c)):
            return k
    node = _first_conjunct(noun)
    if node.dep_ in ("nsubjpass", "dobj") and node.head.lemma_ == "shoot":
        return _shot_kind(node.head)
    if node.dep_ == "nsubj" and node.head.lemma_ == "shoot" and node.head.tag_ == "VBN":
        return _shot_kind(node.head)
    if node.dep_ == "nsubj" and _gapped_passive(node.head):
        return _shot_kind(node.head)  # "a man was killed and six others shot"
    return None


def _gapped_passive(verb: Token) -> bool:
    """ "A man was killed and at least six others shot": a verb joined to a passive one, with its
    auxiliary left out and nothing it acts on, is passive too."""
    return (
        verb.dep_ == "conj"
        and any(x.dep_ == "auxpass" for x in verb.head.children)
        and not any(x.dep_ in ("dobj", "aux", "auxpass", "ccomp", "xcomp") for x in verb.children)
    )


_PASS_THROUGH = {
    "be",
    "have",
    "reportedly",
    "also",
    "allegedly",
    "all",
    "later",
    "both",
    "each",
    "include",
    "say",
    "believe",
    "report",
    "confirm",
    "feared",
    "fear",
}


def _forward_kind(sent: Span, noun: Token) -> str | None:
    """Fallback when the parse goes wrong (the small model reads "IS members" as a verb): the first
    predicate to the right of the victim noun, if nothing but its own modifiers stands between."""
    doc = sent.doc
    # "3 suspects in the shooting death of a girl": what the noun's own phrase tells is not its predicate
    own = {
        t.i
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "in" and c.i > noun.i
        for t in c.subtree
    }
    for k in range(noun.i + 1, min(sent.end, noun.i + 25)):
        tok = doc[k]
        if k in own:
            continue
        if tok.text in (";", ":") or tok.lower_ in (
            "who",
            "which",
            "that",
            "after",
            "when",
            "as",
            "while",
            "but",
        ):
            return None
        if tok.pos_ not in ("VERB", "AUX", "ADJ"):
            continue
        if tok.lemma_ in _PASS_THROUGH or tok.lower_ in _PASS_THROUGH:
            continue
        kind = None
        if tok.pos_ == "VERB" and any(
            c.dep_ == "nsubjpass" and c.i > noun.i and noun not in c.subtree for c in tok.children
        ):
            return None  # "150 guests were at the wedding and three of them were shot": the three were
        if tok.pos_ == "VERB":
            kind = _kind_of_word(tok, TRANSITIVE)
            if kind and any(c.dep_ == "dobj" for c in tok.children) and tok.tag_ != "VBN":
                return None  # the number is the one who killed, not the killed
            if tok.lemma_ == "shoot" and tok.tag_ != "VBN" and any(_shot_person(c) for c in tok.children):
                return None  # "one man shot two others": the one who shot
            kind = kind or _kind_of_word(tok, INTRANSITIVE)
            if tok.lemma_ == "shoot":
                kind = _shot_kind(tok)
            return kind
        if tok.pos_ == "ADJ":
            kind = _kind_of_word(tok, INTRANSITIVE)
            if kind:
                return kind
            continue
    return None


def _shot_person(tok: Token) -> bool:
    """The object of an active "shot" that is someone else: "shot the other", "shot him", "shot a man"
    (not "shot themselves", nor the place a headline's "Four People Shot in Miami Gardens" runs into)."""
    return tok.dep_ == "dobj" and (
        tok.lower_ in ("him", "her", "them", "other", "others", "another")
        or tok.ent_type_ == "PERSON"
        or (tok.pos_ == "NOUN" and _person_noun(tok))
    )


def _is_age_after_name(doc: Doc, i: int, j: int, sent: Span) -> bool:
    """ "Melanie Smith, 13, and John Doe, 16, were killed": numbers set off after a name are ages."""
    if i - 3 >= sent.start and doc[i - 1].lower_ in ("also", "both") and doc[i - 2].text == ",":
        i -= 1  # "another teen, also 15, was shot"
    if i - 2 < sent.start or doc[i - 1].text not in (",", "("):
        return False
    k = i - 2
    if doc[k].text == ")":
        # a caption's "Dana Rhoden (left), 37,": the name is before the parenthesis
        while k > sent.start and doc[k].text != "(":
            k -= 1
        k -= 1
        if k < sent.start:
            return False  # "(left), 37, ...": no name before the parenthesis in this sentence
    name = doc[k]
    if (
        name.pos_ not in ("PROPN", "PRON")
        and name.ent_type_ != "PERSON"  # the small model tags a surname as an adverb now and then
        and name.lemma_.lower() not in PERSONS
        and name.lower_ not in ("other", "one", "another")  # "the other, 20, is in fair condition"
        # "one of the intruders, 41, was wounded": an agent noun for the one person
        and not (_person_noun(name) and _one_of(name))
    ):
        return False
    if j < sent.end and doc[j].lower_ in ("was", "were", "is", "are") and name.ent_type_ == "PERSON":
        return True  # "Dennie Reeves, 66 and Ginger Reeves, 64 were found dead"
    return j >= sent.end or doc[j].text in (",", ")", ";", "and", ".", "(", "–", "—")


def _one_of(noun: Token) -> bool:
    """The noun names the set that one person is taken from: "one of the intruders"."""
    prep = noun.head
    return prep.lower_ == "of" and prep.head.lower_ in ("one", "another")


# "ages 15, 18, and 22", "range in age from 23 to 31": every number of the list is an age
_AGE_LIST = re.compile(
    r"\b(?:ages?|aged)\s+(?:from\s+|between\s+)?(?:\d{1,3}(?:\s*(?:,|and|to|t0|-|or)\s*)+)*$", re.I
)
# "at 120 Washington Ave.", "the 270 & Lindbergh shooting": a street number or a road, not people
_ADDRESS_AFTER = re.compile(
    r"^\s*(?:&|(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\.?\s+){1,2}"
    r"(?:Ave|Avenue|St|Street|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Way|Ct|Court|Pl|Place|Pkwy|Parkway|"
    r"Hwy|Highway|Terrace|Circle|Cir|Trail|Pike)(?![-\w]))"
)


def _age_or_address(first: Token, before: str, after: str) -> bool:
    """A number in a list of ages or a street address, read from the 40 characters on either side."""
    # ages are written in digits, so "ages 15, 18, and 22, and three women" still counts the women
    return bool((first.text[:1].isdigit() and _AGE_LIST.search(before)) or _ADDRESS_AFTER.match(after))


# What befell a person a headline or an age stands for, read by _age_victims: "shot", "shot dead",
# "stabbed to death", "dies", "hospitalized".
_VICTIM_OUTCOME = (
    r"(fatally\s+shot|(?:shot|stabbed|beaten)\s+(?:dead|to\s+death)|shot(?:\s+and|,)\s+killed|killed|dead|dies|died|"
    r"shot|injured|wounded|hurt|hospitali[sz]ed|"
    # "1-year-old suffers fatal gunshot wound to the face"
    r"suffer(?:s|ed)\s+(?:a\s+)?(?:fatal|mortal)\s+(?:gunshot\s+|stab\s+)?wounds?)\b"
)
_AGE_VICTIM = re.compile(
    r"\b(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)-year-old\s+(?:(?:boy|girl|man|woman|teen|male|female)\s+)?"
    r"(?:was\s+|is\s+|has\s+been\s+|were\s+|found\s+)?" + _VICTIM_OUTCOME,
    re.I,
)


_PERSON_WORDS = "|".join(sorted(PERSONS))
_DEATH_OF = re.compile(
    r"\b(?:(?:shooting|stabbing|beating)\s+deaths?|deaths?|murders?|killings?|slayings?|fatal\s+shooting|"
    # "a stray bullet claimed the life of a three-year-old girl"
    r"(?:claimed|took|taken|ended|cost)\s+the\s+life|"
    # "the body of a girl was found", "the dismembered body of a Nicaraguan journalist"
    r"fatal\s+stabbing|body|corpse)\s+of\s+(?:a\s+|an\s+|the\s+|his\s+|her\s+|their\s+)?(?:own\s+)?"
    r"(?=(?:\d{1,3}|[a-z]+)-year[- ]old\b|"
    r"[A-Z][a-z]+\s+[A-Z]|(?:[A-Za-z]+\s+)?(?:" + _PERSON_WORDS + r"|friend)\b)"
    # "a man's body was found"
    r"|\b(?:a|an|the)\s+(?:[a-z]+\s+)?(?:" + _PERSON_WORDS + r")'s\s+(?:[a-z]+\s+)?(?:body|corpse)\b"
    # "a body was found inside the motel room": a body nobody has named yet
    r"|\b(?:[Aa]|[Aa]n)\s+(?:unidentified\s+|burned\s+|charred\s+)?(?:body|corpse)\s+(?:was|has\s+been|had\s+been)\s+"
    r"(?:found|discovered|recovered|pulled)\b"
    # "authorities found a body in a hotel room" (not "a body camera", "a body of water")
    r"|\b(?:found|discovered|recovered)\s+(?:a|an)\s+(?:unidentified\s+|burned\s+|charred\s+)?(?:body|corpse)\b"
    r"(?!\s*(?:-|armou?r|cam(?:era)?s?|bags?|parts?|count|language|of\s+(?:water|evidence|work|research)))"
    # "doctors were not able to save her", "could not save the boy"
    r"|\b(?:could\s+not|couldn['’]t|could\s+n['’]t|(?:was|were)\s+(?:unable|not\s+able)\s+to|(?:wasn|weren)['’]t\s+able\s+to)"
    r"\s+save\s+(?:him|her|the\s+(?:[a-z]+\s+)?(?:" + _PERSON_WORDS + r"))\b"
)


# "a fatal crash occurred", "one fatality accident", "a moderate injury accident": an incident named by its
# outcome has at least one victim, a floor that any stated figure replaces.
_OUTCOME_INCIDENT = re.compile(
    r"\b(?:a|an|one)\s+(?:[a-z]+\s+)?(fatal|fatality|deadly|injury)\s+(?:[a-z]+\s+)?"
    r"(?:accident|crash|collision|wreck|shooting|stabbing|incident)\b",
    re.I,
)


def _attempted_before(text: str, start: int) -> bool:
    """A deed a pattern found at `start` was only attempted: "the attempted murder of", "an attempted
    murder-suicide"."""
    return bool(re.search(r"\battempt(?:ed)?\s+$", text[:start], re.I))


def _death_of(sent: Span) -> list[Figure]:
    """ "the shooting death of a 3-year-old", "the murder of Jane Roe": one person killed."""
    out = []
    for m in _DEATH_OF.finditer(sent.text):
        if _attempted_before(sent.text, m.start()):
            continue  # "charged with the attempted murder of an officer": no one died
        out.append(replace(_one_person("killed", sent, m), name=_name_after(sent, m.end())))
        break
    return out


def _name_after(sent: Span, start: int) -> str | None:
    """The person named right after a pattern ("the death of eight month Jayden Redden")."""
    after = sent.char_span(start, len(sent.text), alignment_mode="expand")
    for tok in after[:6] if after is not None else ():
        if tok.is_title and tok.dep_ != "compound":
            return _name_of(tok)
    return None


_MULTIPLES = {"double": 2, "triple": 3, "quadruple": 4, "quintuple": 5}
_MULTIPLE = "(" + "|".join(_MULTIPLES) + ")"
# "a double shooting", "the quadruple shooting": the incident's name says how many were hit
_MULTIPLE_INCIDENT = re.compile(r"\b" + _MULTIPLE + r"[- ](?:shooting|stabbing)s?\b", re.I)
# "a triple homicide", "a double murder-suicide" (the two and the killer), "a murder-suicide" (two at least)
_MULTIPLE_KILLING = re.compile(
    r"\b(?:" + _MULTIPLE + r"[- ](?:homicide|murder|slaying|killing)s?([- ]suicide)?|(murder[- ]suicide))\b",
    re.I,
)


# "1 of 4 young children injured has died", "two of the five soldiers wounded later died": however the
# parser hangs the first number, the hurt set is what it is taken from.
_SOME_OF_HURT_DIED = re.compile(
    r"\b(one|two|three|four|five|six|\d{1,3}) of (?:the |those |these )?(?:\w+ ){0,3}?"
    r"(?:injured|wounded|hurt|shot|hospitali[sz]ed|victims)\b(?: \w+){0,4}? (?:has |have |had )?"
    r"(?:since |later |now |subsequently )?died\b",
    re.I,
)


def _some_of_hurt_died(sent: Span) -> list[Figure]:
    m = _SOME_OF_HURT_DIED.search(sent.text)
    if not m or _NEGATED.search(sent.text):
        return []
    dead = word_value(m.group(1).lower())
    return [_one_person("killed", sent, m, count=dead, victims="people")] if dead else []


# "reported cold exposure fatalities, one in San Jose and one in Morgan Hill": a plural toll without a number,
# told one by one
_ONE_BY_ONE = re.compile(
    r"\b(fatalities|deaths|injuries)\s*[,:(]\s*(one\s+(?:in|at|from|on|near)\b[^.;]*?"
    r"(?:,\s*one\s+(?:in|at|from|on|near)\b[^.;]*?)*,?\s+and\s+one\s+(?:in|at|from|on|near)\b)",
    re.I,
)


def _one_by_one(sent: Span, figures: list[Figure]) -> list[Figure]:
    m = _ONE_BY_ONE.search(sent.text)
    if not m:
        return []
    kind = "injured" if m.group(1).lower() == "injuries" else "killed"
    if any(f.kind == kind and f.count > 1 for f in figures):
        return []
    count = len(re.findall(r"\bone\s+(?:in|at|from|on|near)\b", m.group(2), re.I))
    return [_one_person(kind, sent, m, count=count, victims="people")]


def _multiple_incident(sent: Span) -> list[Figure]:
    figures = []
    m = _MULTIPLE_INCIDENT.search(sent.text)
    if m:
        hit = _MULTIPLES[m.group(1).lower()]
        figures.append(_one_person("injured", sent, m, via_shot=True, count=hit, victims="people"))
    m = _MULTIPLE_KILLING.search(sent.text)
    if m and not _attempted_before(sent.text, m.start()) and not _NEGATED.search(sent.text):
        if m.group(1):
            dead = _MULTIPLES[m.group(1).lower()] + (1 if m.group(2) else 0)
            figures.append(_one_person("killed", sent, m, count=dead, victims="people"))
        else:
            # like a single victim, it yields to any toll the article states
            figures.append(
                _one_person("killed", sent, m, count=2, qualifier="at_least", victims="a murder-suicide")
            )
    return figures


def _outcome_incident(sent: Span) -> list[Figure]:
    m = _OUTCOME_INCIDENT.search(sent.text)
    if not m or _NEGATED.search(sent.text):
        return []
    return [_one_person("injured" if m.group(1).lower() == "injury" else "killed", sent, m)]


# "shot his two sons before turning the gun on himself": news says so of a shooter's suicide
_TURNED_GUN = re.compile(
    r"\bturn(?:s|ed|ing)? (?:the|a|his|her) (?:gun|weapon|rifle|pistol|handgun|shotgun|firearm) on "
    r"(himself|herself)\b",
    re.I,
)


_ATTEMPTED_SUICIDE = re.compile(r"\battempted (?:murder-)?suicide\b", re.I)
_LIVING = re.compile(r"\b(?:critical|serious) condition\b|\bsurvived\b|\bhospitali[sz]ed\b", re.I)


def _turned_gun(sent: Span, figures: list[Figure]) -> list[Figure]:
    """The shooter who turned the gun on himself is dead, unless the sentence says he lived; a sentence
    that already counts him ("killing himself") adds nothing."""
    m = _TURNED_GUN.search(sent.text)
    if not m or any((f.victims or "").lower() in REFLEXIVES for f in figures):
        return []
    turning = _token_at(sent, m.start())
    subjects = {c.idx for c in turning.children if c.dep_ in ("nsubj", "nsubjpass")} if turning else set()
    if any(f.kind == "killed" and (f.start in subjects or (f.total and not _is_single(f))) for f in figures):
        # "the 14-year-old turned the gun on herself and died": counted already; "leaving police to
        # discover the three dead": a toll of the sentence may count him
        return []
    # "Baby wounded during attempted murder-suicide": the article says he lived
    lived = _survived(sent) or _LIVING.search(sent.text) or _ATTEMPTED_SUICIDE.search(sent.doc.text)
    kind = "injured" if lived else "killed"
    return [_one_person(kind, sent, m, victims=m.group(1).lower())]


def _sequel_of(sent: Span, f: Figure) -> Token | None:
    """Where the figure's victims were hit in an act told after another (see _next_act). A pronoun, a name,
    "the victim" or "the other" may be one told before, so only a victim named by a role of its own is new."""
    if f.kind not in ("killed", "injured") or f.perpetrator or f.via_shot:
        return None
    tok = _token_at(sent, f.start - sent.start_char)
    if tok is None:
        return None
    victim = tok.head if tok.dep_ in ("nummod", "quantmod") else tok
    if (
        victim.pos_ in ("PRON", "PROPN")
        or victim.lemma_.lower() in _RESTATING
        or any(c.lower_ in _RESTATING for c in victim.children)
    ):
        return None
    return _next_act(victim)


# Words by which a victim may be one told already: "then shot the victim", "the other", "one of them"
_RESTATING = {"victim", "other", "one"}


def _token_at(sent: Span, offset: int) -> Token | None:
    """The token at a character offset of the sentence's text (as a pattern over it found it)."""
    span = sent.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span else None


def _one_person(
    kind: str,
    sent: Span,
    m: re.Match,
    *,
    via_shot: bool = False,
    count: int = 1,
    qualifier: str = "exact",
    victims: str = "a person",
) -> Figure:
    """A victim (or a group the pattern names the size of) found by a pattern over the sentence text."""
    return Figure(
        kind,
        count,
        qualifier,
        None,
        None,
        victims,
        True,
        None,
        sent.text,
        sent.start_char + m.start(),
        sent.start_char + m.end(),
        via_shot=via_shot,
    )


# Headlines drop articles and auxiliaries ("Teen shot by uncle", "Boy, 11, accidentally shot"), which the
# parser reads badly; a capitalised person noun right before a casualty participle is one victim.
_HEADLINE_VICTIM = re.compile(
    r"(?:^|:\s+|\|\s+)(?:Man|Woman|Boy|Girl|Teen|Teenager|Child|Toddler|Baby|Infant|Mother|Father|Son|Daughter|"
    r"Officer|Deputy|Trooper|Student|Driver|Victim|Person|Grandmother|Grandfather|Dad|Mom|Wife|Husband|Clerk)"
    r"(?:,\s*\d{1,3},)?\s+(?:[a-z]+ly\s+)?" + _VICTIM_OUTCOME
)


# Within a headline, Title Case and a place before the noun ("Otter Tail County Boy Dies After Being Shot").
_TITLE_CASE_VICTIM = re.compile(_HEADLINE_VICTIM.pattern.replace("(?:^|:\\s+|\\|\\s+)", "\\b", 1), re.I)


def _age_victims(sent: Span, headline: bool = False) -> list[Figure]:
    """Headline style "15-year-old killed, 13-year-old injured": an age alone stands for a person."""
    out = []
    persons = _TITLE_CASE_VICTIM if headline else _HEADLINE_VICTIM
    for m in list(_AGE_VICTIM.finditer(sent.text)) + list(persons.finditer(sent.text)):
        word = m.group(1).lower()
        if "fatally" in m.group(0).lower():
            word = "killed"
        shot = word == "shot"
        kind = (
            "injured"
            if shot or word in ("injured", "wounded", "hurt", "hospitalized", "hospitalised")
            else "killed"
        )
        out.append(_one_person(kind, sent, m, via_shot=shot))
    return out


_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# How long before or after: "a month", "just over a week", "two days", "hours"
_ABOUT = (
    r"(?:just\s+|about\s+|nearly\s+|almost\s+|only\s+|(?:just\s+)?(?:a little |slightly )?(?:more|less) than\s+|"
    r"(?:just\s+)?over\s+)?(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|several|few|\d+)\s+)?"
)
_INCIDENT_NOUNS = r"(?:shooting|incident|attack|killing|violence|ambush|stabbing|bombing|slaying)s?"
# Background about earlier incidents ("Last year, a 12-year-old was killed ...") is not this event's toll.
_BACKGROUND = re.compile(
    r"\b(?:last|previous|earlier this|the year before) (?:year|month|week|summer|winter|spring|fall)\b|"
    r"\blast (?:january|february|march|april|june|july|august|september|october|november|december)\b|"
    r"\bin (?:19|20)\d\d\b|^\s*(?:previous(?:ly)?|related|more)\s*:|\bsince (?:19|20)\d\d\b|"
    # an event named by its year: "the 2009 shooting", "the July 19, 2012, Aurora, Colorado, theater shooting"
    r"\b(?:19|20)\d\d\b (?:attack|shooting|bombing)|"
    r"\bthe (?:(?-i:[A-Z])[a-z]+\.? \d{1,2}, )?(?:19|20)\d\d\b,?(?: (?-i:[A-Z])[\w.]*,?){0,4}(?: [a-z]+)? "
    r"(?:attack|shooting|bombing|massacre)s?\b|"
    # another time: "a year earlier", "years ago" ("two months ago" is often the incident itself, in a
    # follow-up); a tally over time: "each year", "so far this year", "since June 21"
    r"\b(?:a|one|two|three|four|five|six|several|few|\d+) (?:years?|months?) earlier\b|"
    r"\b(?:a|one|two|three|four|five|six|several|few|\d+) years? (?:ago|before)\b|"
    r"\b(?:each|every|per) year\b|\bannually\b|\bthis year\b(?!-)|"
    # a tally of many incidents is no event's toll: "50 wounded in the city since Friday", "30 shot across
    # the city", "20 wounded over a ten-hour stretch", "nine shot in five separate shootings"
    r"\bsince (?:early |late )?" + _WEEKDAY + r"\b|"
    r"\bacross the city\b|\bcity-?wide\b|"
    r"\bbetween (?:early |late )?"
    + _WEEKDAY
    + r"(?: (?:morning|afternoon|evening|night))? and (?:early |late )?"
    + _WEEKDAY
    + r"|\bin another (?:[\w-]+ )?(?:violent |deadly |bloody )?(?:stretch|weekend|week|night|day|month)\b|"
    r"\b(?:in|over|within) (?:a|an|the) (?:[\w-]+[- ])?(?:hour|day|week)[- ](?:stretch|span|period)\b|"
    r"\bin (?:(?:two|three|four|five|six|seven|eight|nine|ten|several|multiple|\d+) )?(?:separate|different|unrelated) "
    r"(?:shooting )?(?:shootings|incidents|attacks)\b|"
    # "three men wounded in two shootings" (but "in 2 attacks" is often one coordinated event)
    r"\bin (?:two|three|four|five|six|seven|eight|nine|ten|several|multiple|\d+) (?:shootings|shooting attacks)\b|"
    # another event likened to this one: "charged with homicide in a similar shooting in Denver"
    r"\b(?:a|another) similar (?:shooting|incident|case|attack|killing|stabbing|crash|bombing)\b|"
    # a study's statistics: "according to the 2014 report", "a study by the group found"
    r"\b(?:a|the) (?:19|20)\d\d (?:report|study|survey|analysis|review)\b|"
    r"\b(?:a|one|another|the) (?:new |recent )?(?:study|survey|analysis) (?:by|from|published|released|found)\b|"
    r"\bsince (?:jan|feb|march|april|may|june|july|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d|"
    # "in August 2014", "over the past two months"
    r"\b(?:in|from|since|during) (?:jan|feb|march|april|may|june|july|aug|sept?|oct|nov|dec)[a-z]*\.?,? (?:19|20)\d\d\b|"
    r"\b(?:in|over|during) the (?:past|last) (?:(?:two|three|four|five|six|several|few|couple(?: of)?|\d+) )?"
    r"(?:weeks?|months?|years?)\b|"
    # "the shooting comes a month after two boys were killed": an event told as months before this one
    r"\b(?:comes?|came|occurred|happened|follows|followed)\s+"
    + _ABOUT
    + r"(?:weeks?|months?|years?)\s+after\b|"
    # "the attack came hours before two deputies were shot dead in another state, and just over a week after
    # three guards were killed at a depot", "the shooting follows recent attacks on police": other events told
    # beside this one ("the arrest came two days after the shooting" tells this one)
    r"\b"
    + _INCIDENT_NOUNS
    + r"\s+(?:comes?|came|occurred|happened|follows|followed)\s+(?:"
    + _ABOUT
    + r"(?:hours?|days?|weeks?|months?|years?)\s+(?:after|before)|"
    r"(?:a |an |the )?(?:string of |series of |spate of )?(?:recent|other|earlier|previous))\b",
    re.I,
)
_NEGATED = re.compile(
    r"(?:\b(?:not|never|nobody|none)|n['’]t)\s+(?:\w+\s+)?(?:injured|hurt|killed|harmed|wounded|shot)\b|"
    r"\bneither\b[^.;]{1,60}?\b(?:was|were)\s+(?:\w+\s+)?(?:injured|hurt|killed|harmed|wounded|shot)\b",
    re.I,
)
# A report taken back: "early reports said one person had died, but that proved to be incorrect".
_RETRACTED = re.compile(
    r"\b(?:proved|proven|turned out|was|were|is|are)\s+(?:to be\s+)?(?:incorrect|erroneous|false|untrue|inaccurate)\b|"
    r"\breports? (?:\w+ ){0,8}(?:are|were|was|is) erroneous\b",
    re.I,
)


# "the deadliest attack in the capital since 2011" compares this event with the past; it is not the past
_SUPERLATIVE_SINCE = re.compile(
    r"\b(?:deadliest|most deadly|worst|bloodiest|largest|biggest|highest)\b[^.;]{0,80}?\bsince (?:19|20)\d\d\b",
    re.I,
)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A headline that names its event by year: "Three charged in 2014 West Side shooting", not "One was
# arrested after 2015 mass shooting" (an earlier event) nor "shot 3 others in 2015" (a date).
_HEADLINE_EVENT_YEAR = re.compile(
    r"(?<!\bafter )(?<!\bsince )(?<!\bbefore )(?<!\bfollowing )(?<!\blike )(?<!\bsimilar to )"
    r"\b((?:19|20)\d\d)(?:\s+[\w'-]+){0,3}?\s+(?:shooting|attack|bombing|killing|murder|slaying|massacre|"
    r"stabbing|crash)s?\b",
    re.I,
)


def background(sent: Span, own_years: frozenset[str] = frozenset()) -> bool:
    """A sentence about another, earlier event ("In August 2014, two gunmen opened fire on a cookout").

    A year the headline names is the article's own event ("Three charged in 2014 shooting that left teen
    dead" is followed by "… charged in a July 2014 shooting that left a boy dead"), not an earlier one."""
    text = _SUPERLATIVE_SINCE.sub(" ", sent.text)
    return any(
        not _dates_a_noun(sent, m.start(), m.end())
        and not (own_years and set(_YEAR.findall(m.group())) & own_years)
        for m in _BACKGROUND.finditer(text)
    )


_HARM_LEMMAS = {
    "kill",
    "die",
    "dead",
    "death",
    "shoot",
    "shooting",
    "wound",
    "injure",
    "injury",
    "hurt",
    "murder",
}
# "a quarrel that has cost three lives in the past couple of years" tells harm in the clause
_HARM_LEMMAS |= {"stab", "gun", "fatal", "fatally", "slay", "attack", "bombing", "massacre", "life"}


def _dates_a_noun(sent: Span, start: int, end: int) -> bool:
    """A time inside a clause that describes a noun and tells no harm ("a champion, who won a medal at
    the games held in 1995, was killed") dates that noun, not the sentence's event. A time that names an
    event ("the March 4, 2010, Dayton mall shooting") tells harm itself, wherever the parser hangs it."""
    node = _token_at(sent, start)
    if node is None:
        return False
    if any(t.lemma_.lower() in _HARM_LEMMAS for t in sent if start <= t.idx - sent.start_char < end):
        return False
    while node.dep_ not in ("relcl", "acl") and node.head.i != node.i:
        node = node.head
    if node.dep_ not in ("relcl", "acl"):
        return False
    return not any(t.pos_ != "PROPN" and t.lemma_.lower() in _HARM_LEMMAS for t in node.subtree)


# "Six people were wounded in the incident" right after a sentence of background tells the same earlier
# event; the sentence after one of this event's own is about this event.
_SAME_EVENT = re.compile(
    r"\bin (?:the|that|this) (?:incident|shooting|attack|case|robbery|crash|blast)\b", re.I
)


# "Since then, there have been 127 mass shootings", "Of the shooters, 73 died": the sentence goes on from
# the one before
_GOES_ON = re.compile(r"^\W*(?:since then|of (?:the|those|these|them)\b)", re.I)


def _continues_background(sent: Span) -> bool:
    """The sentence tells the event of the background sentence before it, unless it has a time of its own
    ("in the shooting on Sunday" says which event it tells), or goes on from it ("Since then, …")."""
    if _GOES_ON.search(sent.text):
        return True
    # an age ("a 15-year-old", which the model tags as a date) is no time of the event's own
    return bool(_SAME_EVENT.search(sent.text)) and not any(
        e.label_ in ("DATE", "TIME") and "year-old" not in e.text.lower() for e in sent.ents
    )


# "In a separate incident, …", "In another shooting, …", "Separately, …": the sentence begins another
# incident of the same article.
_SEPARATE_INCIDENT = re.compile(
    r"^\W*(?:in|during)\s+(?:a|an|another)\s+(?:separate|unrelated|second|different|other)?\s*"
    r"(?:incident|shooting|crash|accident|case|attack|event)\b|^\W*separately\b",
    re.I,
)


# Verbs that correct a count, and the counting nouns they correct: "amended that number to four".
_REVISING = {"revise", "amend", "correct", "lower", "downgrade", "reduce", "adjust", "update", "raise"}
_COUNT_NOUNS = {"number", "figure", "toll", "count", "tally", "total", "estimate"}
# what may stand before a corrected count and leave it a count of people: "the official death toll"
_COUNT_MODIFIERS = {
    "death",
    "casualty",
    "injury",
    "victim",
    "official",
    "final",
    "initial",
    "early",
    "new",
    "latest",
    "preliminary",
    "earlier",
    "previous",
    "overall",
}


def _revisions(sent: Span, earlier: list[Figure]) -> list[Figure]:
    """Counts the sentence corrects: "police had originally said that seven people were shot, but amended
    that number to four", "the death toll was later revised down to 9". What was counted comes from the
    counting noun ("the number of injured", "the death toll"), or else from the last count told before
    the correction (earlier holds the figures of the article so far, this sentence's included)."""
    out: list[Figure] = []
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _REVISING:
            continue
        noun = next(
            (
                c
                for c in verb.children
                if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in _COUNT_NOUNS
            ),
            None,
        )
        if noun is None:
            continue
        # "corrected the number of people shot to three" may hang the "to" on the count's own clause
        tos = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"]
        tos += [c for c in noun.subtree if c.dep_ == "prep" and c.lower_ == "to" and c.head.dep_ == "acl"]
        # "revised the toll from 12 to 9": the parser hangs "to 9" on "from", or the new count on "from" with
        # "12 to" its modifiers
        froms = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"]
        tos += [c for f in froms for c in f.children if c.dep_ == "prep" and c.lower_ == "to"]
        to = next(iter(tos), None)
        if to is None and not froms:
            continue
        number = next((x for x in (to or froms[0]).children if x.dep_ == "pobj" and x.like_num), None)
        if to is None and (number is None or not any(c.lower_ == "to" for c in number.children)):
            continue
        # the count after "from 12 to", not the old one before it
        after = max((c.i for c in number.children if c.lower_ == "to"), default=-1) if number else -1
        count = (
            parse_number([x.text for x in number.subtree if x.like_num and x.i > after]) if number else None
        )
        if count is None:
            continue
        kind = _kind_of_word(noun, NOUNS) or _of_kind(noun)
        modifiers = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
        # "the number of ambulances" counts things; "the number of people shot" is a count told before
        named = any(
            x.dep_ == "pobj" and not _person_noun(x) and x.lemma_.lower() not in ("people", "person")
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for x in c.children
        )
        if kind is None and (named or any(m.lemma_.lower() not in _COUNT_MODIFIERS for m in modifiers)):
            continue  # "the number of ambulances", "the damage estimate": a count of something else
        told = [
            f
            for f in earlier
            if f.start < number.idx and f.total and not f.perpetrator and (kind is None or f.kind == kind)
        ]
        if kind is None and not told:
            continue
        last = told[-1] if told else None
        out.append(
            Figure(
                kind or last.kind,
                count,
                "exact",
                None,
                None,
                last.victims if last else None,
                True,
                None,
                sent.text,
                number.idx,
                number.idx + len(number.text),
                via_shot=last.via_shot if last else False,
                incident=last.incident if last else 0,
                revised=True,
            )
        )
    return out


_BUT = re.compile(r"[,;]?\s+but\b|;", re.I)
# "Police had initially reported that four people were wounded, but later added a fifth victim",
# "Authorities said earlier that four agents were injured": what was reported before, up to a "but"
_EARLIER_REPORT = re.compile(
    r"\b(?:initially|originally|earlier|first)\s+(?:said|reported|stated|indicated|believed|thought)\b"
    r"|\b(?:said|reported)\s+earlier\b|\b(?:initial|early|earlier|first)\s+reports?\b"
    r"|\b(?:was|were)\s+initially\s+reported\b",
    re.I,
)


def _mark_earlier_reports(sent: Span, figures: list[Figure]) -> None:
    m = _EARLIER_REPORT.search(sent.text)
    # "As we first reported in July, two children … were found dead" tells who reported it first, and
    # the count is the current one
    if not m or re.match(r"\W*as\b", sent.text[: m.start()], re.I):
        return
    start = sent.start_char + m.start()
    stop = _BUT.search(sent.text, m.end())
    end = sent.start_char + (stop.start() if stop else len(sent.text))
    for f in figures:
        if start <= f.start < end and not f.revised:
            f.superseded = True


def _without_superseded(figures: list[Figure]) -> list[Figure]:
    """A corrected count replaces the counts of its kind told before it in its incident, and a count told as
    reported before yields to any count of its kind that is not."""
    revised = [f for f in figures if f.revised]
    current = {(f.kind, f.incident) for f in figures if not f.superseded}
    return [
        f
        for f in figures
        if f.revised
        or not (
            any(r.kind == f.kind and r.incident == f.incident and f.start < r.start for r in revised)
            or (f.superseded and (f.kind, f.incident) in current)
        )
    ]


def headline_years(headline: str) -> frozenset[str]:
    """Years by which a headline names its own event (see background)."""
    return frozenset(_HEADLINE_EVENT_YEAR.findall(headline))


def foreground(
    sents: Iterable[Span], title_end: int, own_years: frozenset[str] = frozenset()
) -> list[tuple[Span, int]]:
    """The sentences that tell this article's event, each with its incident number.

    A sentence of background is left out, and so is one right after it that tells the same event; a
    sentence that begins "In a separate incident" starts the next incident (Figure.incident). own_years
    are the years the headline names its event by (headline_years)."""
    sents = [s for s in sents if s.text.strip()]
    out: list[tuple[Span, int]] = []
    after_background = False
    incident = 0
    for sent in sents:
        in_title = sent.start_char < title_end
        if after_background and _continues_background(sent):
            continue  # still the earlier event: "In 2014 he fired on a cookout. Six were hurt in the incident."
        after_background = background(sent, own_years)
        if not in_title and _SEPARATE_INCIDENT.search(sent.text):
            incident += 1
        if not after_background:
            out.append((sent, incident))
    return out


def article_figures(sents: Iterable[tuple[Span, int]], title_end: int) -> tuple[list[Figure], list[Figure]]:
    """The figures of an article's foreground sentences (see foreground), the headline's (before
    title_end) and the body's apart."""
    headline: list[Figure] = []
    body: list[Figure] = []
    for sent, incident in sents:
        in_title = sent.start_char < title_end
        found = _figures_of(sent, headline=in_title)
        for f in found:
            f.incident = incident
        _mark_earlier_reports(sent, found)
        if not in_title and (corrected := _revisions(sent, body + found)):
            # a correction read as a plain count too ("raised the toll to 15") is the correction
            found = [f for f in found if all(f.start != r.start for r in corrected)] + corrected
        (headline if in_title else body).extend(found)
    return headline, body


def sentence_figures(
    sent: Span, headline: bool = False, own_years: frozenset[str] = frozenset()
) -> list[Figure]:
    """The figures one sentence tells; none if it is background."""
    return [] if background(sent, own_years) else _figures_of(sent, headline)


# A count changes "from" one number "to" another: the earlier one is no figure of its own ("the toll rose from
# 12 to 20" is 20), as a count it went "up from" is not; a range's "from 5 to 10" hangs on no such word.
_CHANGING = {"rise", "climb", "increase", "jump", "grow", "soar", "swell", "mount", "surge", "go", "double"}
_CHANGING |= _REVISING | {"drop", "fall", "decrease", "decline", "up", "down"}


def _changed_from(number: Token, sent: Span) -> bool:
    """The number is what a count changed from: "rose from 12 to 20", "revised from 12 to 9", "up from 77"."""
    i = number.i
    if i - 1 < sent.start or number.doc[i - 1].lower_ != "from":
        return False
    prep = number.doc[i - 1]
    return prep.head.lemma_.lower() in _CHANGING or prep.head.lower_ in _CHANGING


def _figures_of(sent: Span, headline: bool = False) -> list[Figure]:
    doc = sent.doc
    if _RETRACTED.search(sent.text):
        return []
    if _NEGATED.search(sent.text):
        return _zero_figures(sent)
    figures: list[Figure] = []
    attribution = None
    attribution_done = False
    used: set[int] = set()
    counted: dict[int, str] = {}
    survived = _survived(sent)
    for i, j in _number_spans(sent):
        first = doc[i]
        if _in_skipped_entity(doc, i) or _in_skipped_entity(doc, j - 1):
            continue
        end = doc[j - 1].idx + len(doc[j - 1])
        after = doc.text[end : end + 40]
        if _AFTER_SKIP.match(after[:14]) or re.match(r"^[a-z]", after):
            continue
        before = doc.text[max(sent.start_char, first.idx - 40) : first.idx]
        if _BEFORE_SKIP.search(before[-20:]):
            continue
        # "no one", "every one", "the one who"; "the last one in his phone": a thing, not a person counted
        if (
            first.lower_ in ("one", "1")
            and i > sent.start
            and doc[i - 1].lower_ in ("no", "every", "any", "some", "the")
        ) or (
            first.lower_ == "one"
            and i > sent.start + 1
            and doc[i - 1].lower_ in ("last", "first", "next", "same")
        ):
            continue
        if _is_age_after_name(doc, i, j, sent) or _age_or_address(first, before, after):
            continue
        if first.text == "911" or (
            # (a headline's "Eight shot" is people hit, see headline_hit below)
            j < sent.end
            and doc[j].pos_ == "NOUN"
            and doc[j].lemma_.lower() in NOT_VICTIMS
            and doc[j].lower_ != "shot"
        ):
            continue  # "call 911"; "shot about 10 times", whatever the parser hangs the number on
        if (
            i > sent.start
            and doc[i - 1].pos_ == "PROPN"
            and (doc[i - 1].is_title or (doc[i - 1].is_upper and len(doc[i - 1]) > 1))
            and doc[i - 1].whitespace_
        ):
            continue  # part of a name: "Zone 5 officers", "Channel 4", "FOX 46 Charlotte"
        value, vague = _span_value(doc, i, j)
        if value is None:
            continue
        if not vague and 1900 <= value <= 2100 and re.fullmatch(r"\d{4}", first.text):
            continue
        if i - 2 >= sent.start and doc[i - 1].lower_ == "of" and doc[i - 2].lemma_.lower() in _PARENTS:
            continue  # "a mother of two, 21-year-old Shanice Amerson, died": her children, however parsed
        noun = _noun_of(doc, i, j)
        # the headline's "4 Shot, 1 Killed", "2 shot, 1 dead": the parser makes "shot" a noun, but
        # counted shots are "shots", and a lone "N shot" heads no clause that fires them
        headline_hit = (
            noun.lower_ == "shot"
            and noun.i == j == i + 1
            and noun.dep_ in ("ROOT", "appos", "conj", "dep")
            and (i == sent.start or doc[i - 1].text not in ("-", "–"))
        )
        if not headline_hit and (noun.lemma_.lower() in NOT_VICTIMS or noun.lower_ in NOT_VICTIMS):
            continue
        if _counts_something_else(noun):
            continue
        kind = _adjacent_kind(doc, j, sent, noun) or _noun_kind(noun, doc[j - 1])
        if not kind and _fatal_share(noun):
            kind = "killed"
        if kind == "kidnapped" and noun.lemma_.lower() in _CAPTIVES:
            # "12 hostages were executed": what befell the captives says the kind
            befell, _ = _role_kind(noun)
            kind = befell if befell in ("killed", "injured") else kind
        part = False
        via_shot = False
        if headline_hit:
            kind, via_shot = ("killed", False) if _comma_killed(noun) else ("injured", True)
        if not kind:
            kind = _number_shot(noun)
            via_shot = kind == "injured" and not _and_wounded(noun.head)
        if (
            not kind
            and i - 1 > sent.start
            and doc[i - 1].lower_ == "of"
            and doc[i - 1].dep_ == "quantmod"
            and doc[i - 2].like_num
        ):
            # "One of five people shot has died", where the parser hangs "One of" on the noun: the five
            # are the set the one is taken from, and only their own participle says what befell them
            kind = _participle_kind(noun) if noun.i >= j else None
            if kind is None:
                continue
            via_shot = kind == "injured"
        if not kind:
            kind, part = _role_kind(noun)
            if not kind and noun.i >= j:
                # "five other victims showed up at the hospital with gunshot wounds", as for one victim
                kind = _with_wound(noun) or _left_hurt(noun) or _participle_kind(noun)
            via_shot = kind == "injured" and _hit_not_harm(noun)
        via_shot = via_shot and not survived
        if kind == "injured" and noun.dep_ in ("nsubj", "nsubjpass") and _dies_later(noun.head):
            kind, via_shot = "killed", False  # "two men were shot and were pronounced dead", as for one man
        if not kind and not _partitive_set(noun):
            kind = _forward_kind(sent, noun if noun.i >= j else doc[j - 1])
        verb_before = doc[i - 1] if i > sent.start else None
        if (
            not kind
            and verb_before is not None
            and verb_before.pos_ == "VERB"
            and noun.i == j - 1
            and noun.dep_ not in ("nsubj", "nsubjpass")
            and noun.head.i in (verb_before.i, verb_before.head.i)
        ):
            # "kills 35 and injures 27", where the parser loses the second number's attachment
            kind = _kind_of_word(verb_before, TRANSITIVE)
        # "among the dead were four children", however the kind was found
        part = part or (noun.dep_ in ("dobj", "attr") and _among_the_dead(_past_auxiliary(noun)) == kind)
        # "four were wounded, 1 of whom seriously": a part of a group of its kind counted before it
        part = part or (_of_earlier_group(noun) and any(f.kind == kind and f.count > value for f in figures))
        shared = _shared_verb_kinds(noun)
        if not kind and shared:
            kind, shared = shared[0], shared[1:]  # "arrested and charged 12 men": the one verb of a kind
        if not kind or _irrealis(noun) or _quoted_hurt(noun) or _either_kind(noun.head):
            continue
        if {kind, *shared} >= {"killed", "injured"}:
            continue  # "killed and wounded dozens": the dead and the hurt together, neither known apart
        for k in range(i, j):
            used.add(k)
        used.add(noun.i)
        counted[noun.i] = kind
        qualifier = "at_least" if vague else _qualifier(doc, i, sent)
        if qualifier == "exact":
            qualifier = _passing_qualifier(noun) or qualifier
        low = high = None
        if _changed_from(doc[i], sent):
            continue  # "the toll rose from 12 to 20", "120 killed, up from 77": a count the toll left behind
        # "between 5 and 10", "5 to 10", "5-10": a range, counted by its lower bound
        prev = doc[i - 1] if i - 1 >= sent.start else None
        if prev is not None and prev.lower_ in ("to", "-", "and") and i - 2 >= sent.start:
            v0 = word_value(doc[i - 2].lower_)
            if v0 is not None and v0 < value and not _changed_from(doc[i - 2], sent):
                continue  # the upper end of a range already recorded
        if j + 1 < sent.end and doc[j].lower_ in ("to", "-", "and") and doc[j + 1].like_num:
            v1 = word_value(doc[j + 1].lower_)
            if (
                v1 is not None
                and v1 > value
                and (doc[j].lower_ != "and" or (prev is not None and prev.lower_ == "between"))
            ):
                qualifier, low, high = "range", value, v1
        victims = _victims_text(noun, j) if noun.i != doc[j - 1].i else _victims_after(doc, j, sent.end)
        if value == 1 and noun.i == doc[j - 1].i and (whole_set := _set_of_one(noun)) is not None:
            # "one of the students died", "one of the four officers to die": one person taken from a set
            # is a single victim, like "a student", not a toll of one that would stand for all the dead
            victims = f"one of {whole_set.text}"
        if qualifier == "exact" and figures and figures[-1].kind == kind and figures[-1].qualifier != "exact":
            # "at least 77 IS members and 39 Kurdish fighters": the bound covers the whole list
            between = doc.text[figures[-1].end : start_char_of(doc, i)]
            if " and " in f" {between} " and len(between) < 60 and not re.search(r"[.;:]", between):
                qualifier = figures[-1].qualifier
        if noun.i >= j and (_kind_of_word(noun, NOUNS) or _kind_of_word(noun, INTRANSITIVE)) or headline_hit:
            victims = _casualty_group(noun, j)  # "3 dead, 2 hurt": the casualty word is no victim group
        if not attribution_done:
            attribution, attribution_done = _attribution(sent), True
        start_char = doc[i].idx
        end_char = doc[j - 1].idx + len(doc[j - 1])
        figures.append(
            Figure(
                kind,
                value,
                qualifier,
                low,
                high,
                victims,
                not part,
                attribution,
                sent.text,
                start_char,
                end_char,
                via_shot=via_shot,
                perpetrator=_perpetrator(noun),
                lived=via_shot and (_treated_for_injuries(noun) or _in_condition_beside_a_death(noun)),
                joins=_joined_group(noun, figures, kind) if noun.i == doc[j - 1].i else None,
                along=_besides_a_toll(noun, figures, kind),
            )
        )
        for other in shared:
            if other != kind and {kind, other} != {"killed", "injured"} and {kind, other} <= _DEEDS:
                # "were abducted and killed": both befell them; but "killed and wounded dozens" counts
                # the dead and the hurt together, and no part of it is known to be either
                figures.append(replace(figures[-1], kind=other, via_shot=False, lived=False, joins=None))
    singles = _single_victims(sent, used, headline, counted)
    selves = _self_antecedents(
        sent, {tok.i for tok, kind, _ in singles if kind == "killed" and tok.lower_ in REFLEXIVES}
    )
    self_of = {a.i for a in selves.values()}
    for tok, kind, count in singles:
        if tok.i in self_of and kind == "killed" or _irrealis(tok) or _quoted_hurt(tok):
            continue
        if not attribution_done:
            attribution, attribution_done = _attribution(sent), True
        joined = count == -1
        if joined:
            # joins a numbered list, so it is a group of its own ("a 3-year-old" is the "3-year-old")
            victims, count = doc[tok.left_edge.i + (tok.left_edge.dep_ == "det") : tok.i + 1].text, 1
        elif tok.lower_ in REFLEXIVES:
            victims = tok.lower_
        elif tok.pos_ == "PROPN" and count > 2:
            # "Joezell Williams, Bryan Williams and Kevin Perryman died": a list of names is people, the
            # same people as "three men slain" told elsewhere, not a group besides them
            victims = "people"
        elif tok.lower_ == "both":
            victims = "both"
        elif tok.lower_ in PRONOUNS or tok.pos_ == "PROPN":
            victims = "a " + ("person" if tok.pos_ == "PROPN" else tok.lower_)
        else:
            if tok.left_edge.i >= tok.i - 4:
                victims = tok.doc[tok.left_edge.i : tok.i + 1].text
            else:
                # "another 15-year-old in the car": a long phrase keeps its determiner, which may say the
                # victim is one more
                det = [c.lower_ for c in tok.children if c.dep_ == "det" and c.lower_ in _OTHERS]
                victims = " ".join([*det, tok.text])
            if victims.split()[0].lower() not in _SINGLE_DETERMINERS:
                victims = "a " + victims
            if _other_than_agent(tok):
                victims = "a " + ("person" if tok.lower_ in _OTHERS else tok.text)
        # the last of a list ("four women and a man were shot") was hit as its first was, and is a part
        # where its first is ("among the dead were four children and a pregnant woman")
        first = _first_conjunct(tok) if joined else tok
        whole = not joined or all(
            f.total for f in figures if first.left_edge.idx <= f.start <= first.idx and f.kind == kind
        )
        shot = kind == "injured" and (_hit_not_harm(first) or tok.lower_ in REFLEXIVES) and not survived
        perpetrator = _perpetrator(tok) or _perpetrator_self(selves.get(tok.i))
        others = 0
        if perpetrator and count > 1:
            # "killing herself and a soldier who stopped her": the attacker apart, the rest are victims
            count, others = 1, count - 1
        figures.append(
            Figure(
                kind,
                count,
                "exact",
                None,
                None,
                victims,
                whole,
                attribution,
                sent.text,
                tok.idx,
                tok.idx + len(tok),
                via_shot=shot,
                perpetrator=perpetrator,
                lived=shot and (_treated_for_injuries(tok) or _in_condition_beside_a_death(tok)),
                name=_name_of(tok) if count == 1 else None,
                listed=joined,
                also=any(c.lower_ == "also" and c.i < tok.head.i for c in tok.head.children),
                place=_place(tok),
                stands_for=_stands_for(tok),
                along=joined and _besides_a_toll(first, figures, kind),
            )
        )
        if not joined:
            for other in _shared_verb_kinds(tok):
                if other != kind and {kind, other} != {"killed", "injured"} and {kind, other} <= _DEEDS:
                    figures.append(replace(figures[-1], kind=other, via_shot=False, lived=False))
        if others:
            other = tok.conjuncts[0]
            figures.append(
                replace(
                    figures[-1],
                    count=others,
                    victims=doc[other.left_edge.i : other.i + 1].text,
                    start=other.idx,
                    end=other.idx + len(other),
                    perpetrator=False,
                )
            )
    if not figures:
        figures.extend(_age_victims(sent, headline))
    if not any(f.kind == "killed" for f in figures):
        figures.extend(_some_of_hurt_died(sent) or _death_of(sent))
    if not figures:
        figures.extend(_outcome_incident(sent))
    figures.extend(_multiple_incident(sent))
    figures.extend(_turned_gun(sent, figures))
    figures.extend(_one_by_one(sent, figures))
    figures.extend(_coded_figures(sent, figures))
    figures.extend(_zero_figures(sent))
    figures = [f for f in figures if not _avenged(sent, f) and not _natural_death(sent, f)]
    for f in figures:
        if (marker := _sequel_of(sent, f)) is not None:
            f.sequel = marker.idx
            f.after = doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
    if figures and any(t.lemma_.lower() in _GATHERINGS | _HONOURING for t in sent):
        for f in figures:
            f.occasion = _occasion(sent, f)
    # a grievance hangs on a protest word of its own sentence, so most sentences need no walk at all
    if figures and any(t.lemma_.lower() in _PROTEST_LEMMAS for t in sent):
        for f in figures:
            f.grievance = _grievance(doc, f)
    return figures


# What people protest is not what befell them at the protest: "residents demonstrated after a gendarme
# killed a driver", "a protest over the death of a teenager".
_PROTEST_WORDS = {
    "protest",
    "demonstrate",
    "demonstration",
    "rally",
    "march",
    "picket",
    "sit-in",
    "gather",
    "block",
    "mourn",
    "demand",
    "condemn",
    "denounce",
    "express",
    "justice",
    "memoriam",
}


_GATHERINGS = {"vigil", "memorial", "funeral", "wake"}
_HONOURING = {"honor", "honour", "mourn", "remember", "commemorate"}


def _occasion(sent: Span, f: Figure) -> bool:
    """The figure is whom a gathering was held for: "a vigil for a boy who was killed", "came together to mourn
    the death of a cousin", "the vigil remembered a waiter who was killed in a robbery"."""
    victim = _token_at(sent, f.start - sent.start_char)
    return victim is not None and any(
        (a.pos_ == "NOUN" and a.lemma_.lower() in _GATHERINGS)
        or (a.pos_ == "VERB" and a.lemma_.lower() in _HONOURING)
        for a in victim.ancestors
    )


# People hurt at a gathering: "gunfire broke out at a memorial", "wounded while attending a wake"
_HARM_AT_GATHERING = re.compile(
    r"\b(?:shot|shots|shooting|gunfire|fired|opened fire|wounded|injured|killed|stabbed)\b[^.]{0,80}?"
    r"\b(?:at|during|outside|attending)\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,3}?(?:vigil|memorial|funeral|wake)\b",
    re.I,
)


def harm_at_gathering(text: str) -> bool:
    """Whether people were hurt at a vigil, memorial or funeral: then whom it was held for died before."""
    return bool(_HARM_AT_GATHERING.search(text))


def _grievance(doc: Doc, f: Figure) -> bool:
    span = doc.char_span(f.start, f.end, alignment_mode="expand")
    if span is None:
        return False
    # the victim's own verb tells what befell them ("a mob beat a man to death" is the mob's own toll); a
    # death named by a noun has none ("the protest was triggered by the death of a teenager")
    victim = span[0].head if span[0].dep_ in ("nummod", "quantmod") else span[0]
    own_verb = victim.head if victim.head.pos_ in ("VERB", "AUX") else None
    for a in span[0].ancestors:
        if a == own_verb:
            continue
        # the protest may be the subject instead: "a mob torched the houses of the men who killed a resident",
        # or the object: "held a protest march seeking justice for a herder who was killed"
        if a.lemma_.lower() in _PROTEST_WORDS or any(
            c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in _PROTEST_SUBJECTS
            for c in a.children
        ):
            return True
        if a.dep_ == "relcl" and any(
            c.lower_ in ("where", "when")
            or (c.dep_ == "prep" and any(x.lower_ == "which" for x in c.children))
            for c in a.children
        ):
            return False  # "a rally in which three people were killed", "the march where a boy was shot"
    return False


_PROTEST_SUBJECTS = {"protest", "demonstration", "rally", "march", "mob"}
_PROTEST_LEMMAS = _PROTEST_WORDS | _PROTEST_SUBJECTS


def _zero_figures(sent: Span) -> list[Figure]:
    figures: list[Figure] = []
    text = sent.text
    for pattern, _ in _ZERO_PATTERNS:
        for m in pattern.finditer(text):
            word = m.group(1).lower()
            kinds = []
            if word in ("killed", "died", "dead", "deaths", "fatalities"):
                kinds = ["killed"]
            elif word in ("casualties",):
                kinds = ["killed", "injured"]
            else:
                kinds = ["injured"]
            for kind in kinds:
                figures.append(
                    Figure(
                        kind,
                        0,
                        "exact",
                        None,
                        None,
                        "people",
                        True,
                        None,
                        text,
                        sent.start_char + m.start(),
                        sent.start_char + m.end(),
                    )
                )
    return figures


def _generic(victims: str | None) -> bool:
    return (victims or "").lower() in GENERIC_VICTIMS


# A coder's decision stated in the text ("Fatalities coded as 0 (VoJ reported 3)", as in ACLED notes)
# is the figure of record, whatever the sources it weighs said.
_CODED = re.compile(
    r"\b(?:fatalit\w*|deaths|casualties|injur\w*)\s+(?:were\s+|was\s+|are\s+|is\s+)?coded\s+(?:as|at)\s+(\d+)",
    re.I,
)


# "Unknown fatalities coded at 3, in addition to 2 known fatalities": the coded figure and the known ones
_CODED_PLUS = re.compile(r"\bcoded\s+(?:as|at)\s+\d+,?\s+in addition to\s+(\d+)", re.I)


def _coded(f: Figure) -> bool:
    m = _CODED.search(f.sentence)
    return bool(m) and int(m.group(1)) == f.count


def _coded_total(f: Figure) -> int:
    plus = _CODED_PLUS.search(f.sentence)
    return f.count + (int(plus.group(1)) if plus else 0)


def _coded_figures(sent: Span, figures: list[Figure]) -> list[Figure]:
    """ "Unknown number of fatalities coded as 10": the coder's figure even when the parse found none."""
    m = _CODED.search(sent.text)
    if not m or any(f.count == int(m.group(1)) for f in figures):
        return []
    kind = "injured" if m.group(0).lower().startswith("injur") else "killed"
    return [_one_person(kind, sent, m, count=int(m.group(1)), victims="people")]


def compute_totals(
    figures: list[Figure], deaths_mentioned: bool = False, protest: bool = False, gathering: bool = False
) -> dict:
    """The victims' totals per kind: attackers killed or hurt are left out (see perpetrator_totals);
    attackers arrested are what "arrested" counts, so they stay in. In a protest, the deaths protested
    are another event's; so are the deaths a gathering was held for, where people were hurt at it."""
    if protest:
        figures = [f for f in figures if not f.grievance]
    if gathering and any(f.occasion for f in figures):
        if any(f.occasion and f.kind == "killed" for f in figures):
            deaths_mentioned = False  # the death the article speaks of is the one the gathering was for
        figures = [f for f in figures if not f.occasion]
    if any(f.perpetrator and f.kind == "killed" and f.count > 0 for f in figures):
        deaths_mentioned = False  # the attacker's death is the death the article speaks of
    return _totals([f for f in figures if not f.perpetrator or f.kind == "arrested"], deaths_mentioned)


def perpetrator_totals(figures: list[Figure]) -> dict:
    """The attackers' own casualties per kind, only the kinds that have any ("5 attackers were killed")."""
    totals = _totals([f for f in figures if f.perpetrator and f.kind != "arrested"])
    return {kind: n for kind, n in totals.items() if n is not None}


def _totals(figures: list[Figure], deaths_mentioned: bool = False) -> dict:
    """Article totals per kind.

    A stated total of people (no victim group) wins, and the largest one is taken: tolls are revised
    upward, and headline and body repeat the same number. Victim groups counted under such a total are
    parts of it and are marked so. Without a stated total, disjoint victim groups are added up, each
    group once (its largest mention), so repeated mentions of one figure are never summed.
    Single victims ("a man was shot dead") count once unless no numbered group exists.
    """
    totals: dict = {k: None for k in KINDS}
    figures = _without_superseded(figures)
    by_kind: dict[str, list[Figure]] = defaultdict(list)
    shot = [f for f in figures if f.via_shot]
    killer_died = False
    self_sentences = {f.sentence for f in figures if (f.victims or "") in REFLEXIVES and f.kind == "killed"}
    dead_names = [f.name for f in figures if f.kind == "killed" and f.name and not f.perpetrator]
    dead_people = len(_persons(dead_names))
    dead_groups = {
        _group_key(f.victims) for f in figures if f.kind == "killed" and _is_single(f) and not f.perpetrator
    }
    for f in figures:
        if (
            f.kind == "injured"
            and f.name
            and dead_names
            and len(_persons([f.name, *dead_names])) == dead_people
        ):
            continue  # "Markins was killed" ... "Markins was injured": the hurt one is the dead one
        if f.kind == "injured" and f.stands_for in dead_groups:
            continue  # "the teenager ... when he was wounded" ... "the teen died": the hurt one is the dead one
        if (f.victims or "") in REFLEXIVES and f.count == 1 and f.kind == "killed":
            killer_died = True  # every mention is the same killer
        elif not f.via_shot:
            by_kind[f.kind].append(f)
    for kind, figs in by_kind.items():
        for f in figs:
            wholes = [g.count for g in figs if g.total and g.sentence == f.sentence]
            if not f.total and wholes and f.count > max(wholes):
                # "Five militants, including the suicide bomber and at least 9 civilians were killed": a part
                # larger than the whole it is said to be in is a group of its own the parse hung on it
                f.total = True
        coded = [_coded_total(f) for f in figs if _coded(f)]
        if coded:
            totals[kind] = max(coded)
            continue
        positive = [f for f in figs if f.count > 0]
        if not positive:
            totals[kind] = 0
            continue
        generic = [
            f
            for f in positive
            if f.total
            and _generic(f.victims)
            and f.qualifier != "range"
            or (f.total and f.qualifier == "range" and _generic(f.victims))
        ]
        acts = _after_acts(positive, figures)
        numbered = [f for f in positive if not _is_single(f)]
        by_sentence = _sentence_groups(numbered)
        groups: dict[str, int] = {}
        for sentence_groups in by_sentence.values():
            for key, count in sentence_groups.items():
                groups[key] = max(groups.get(key, 0), count)
        for sentence_groups in by_sentence.values():
            if len(sentence_groups) > 1:
                # "eight family members were killed" ... "the victims, seven adults and a boy, were found":
                # a group another sentence tells apart, part by part, is the same people, unless it is
                # said to be besides them ("five civilians also died")
                told = sum(sentence_groups.values())
                for key in [k for k, n in groups.items() if n == told and k not in sentence_groups]:
                    if not any(_besides(f) for f in numbered if _group_key(f.victims) == key):
                        del groups[key]
        group_sum = sum(groups.values())
        best_generic = max(
            (
                f.count + _listed_with(f, positive) + _others_besides(f, positive)
                for f in generic
                if not _is_single(f) and not f.joins
            ),
            default=0,
        )
        # "the toll rose to 141 with 11 Adara and 130 Fulani dying": groups of one sentence that add up to
        # more than the largest total told are a later toll, not its parts
        listed = max((sum(g.values()) for g in by_sentence.values() if len(g) > 1), default=0)
        # "a shooting that left one dead" ... "killed Ana Ruiz, 21, and Davion Price, 22": people named in
        # one list who are more than the largest total told are a later toll too
        listed = max([listed] + [f.count for f in positive if _is_single(f) and f.victims == "a person"])
        if best_generic and listed > best_generic:
            totals[kind] = listed
        elif best_generic:
            for f in positive:
                if not _generic(f.victims) and f.count <= best_generic and not f.along:
                    f.total = False
            # "three people were killed along with a police officer": whom else the toll's verb befell
            along = max(
                (
                    sum(g.count for g in positive if g.along and g.sentence == f.sentence)
                    for f in generic
                    if f.count == best_generic
                ),
                default=0,
            )
            totals[kind] = best_generic + along
        elif group_sum:
            counted = {f.sentence for f in numbered}
            also = {_group_key(f.victims) for f in positive if _also_besides(f, groups, counted)}
            totals[kind] = group_sum + len(also)
        else:
            # single victims count once per incident: "In a separate incident, a student ... died" is
            # another person
            incidents: dict[int, int] = {}
            for f in positive:
                if _is_single(f):
                    incidents[f.incident] = max(incidents.get(f.incident, 0), f.count)
            totals[kind] = sum(incidents.values()) if incidents else max(f.count for f in positive)
            # single victims count once, unless one named is said to be one more: "Kelley was declared
            # dead at the scene" ... "Brandon also died"
            if any(f.also and f.name for f in positive):
                totals[kind] = max(totals[kind], len(_persons([f.name for f in positive if f.name])))
            # "a girl was shot in the wrist" ... "a woman was also shot in the hand" is two
            totals[kind] += _also_more(positive)
        # "killing 2 civilians" ... "then shot the driver dead": each act's victims besides the last act's
        if acts > totals[kind]:
            totals[kind] = acts
            for f in positive:
                f.total = f.total or f.sequel is not None
    if totals["killed"]:
        later, of_the_hurt = _dead_from_the_spared(figures)
        totals["killed"] += later
        if totals["injured"] and totals["injured"] > of_the_hurt:
            totals["injured"] -= of_the_hurt  # the hurt who died are the dead now
    if killer_died:
        # one who killed others and then himself adds to the others of his own sentence ("killed three
        # people and himself" is 4); a toll stated elsewhere may count him already ("4 dead").
        own = max(
            sum(
                f.count
                for f in figures
                if f.kind == "killed"
                and f.sentence == s
                and f.total
                and (f.victims or "") not in REFLEXIVES
                and not f.via_shot
            )
            for s in self_sentences
        )
        totals["killed"] = max(totals["killed"] or 0, own + 1)
    if shot:
        # "five people were shot, one fatally": the hit who were not killed are the injured
        # "a man and four women were shot": a list of hit groups is one count
        lists = {f.sentence for f in shot if f.listed}
        listed_hit = _sentence_groups([f for f in shot if f.sentence in lists and not _is_single(f)]).values()
        hit = max([f.count + _listed_with(f, shot) for f in shot] + [sum(g.values()) for g in listed_hit])
        singles_hit = [f.count for f in shot if _is_single(f)]
        if singles_hit:
            hit = max(hit, max(singles_hit) + _also_more(shot))  # "a woman was also shot"
        # an article that speaks of a death without a readable toll most likely lost the one shot
        # one who shot others and then himself is not among those he hit in that sentence ("shot the child
        # and a woman, then fatally shot himself"); a count of the hit told apart may include him ("3 shot")
        hit_beside_him = any(f.sentence in self_sentences for f in shot)
        dead = max((totals["killed"] or 0) - (killer_died and hit_beside_him), 1 if deaths_mentioned else 0)
        # "a woman was killed; four other women were also shot": the others are not the dead
        # (those hit beside them may be the dead; those told hurt are not)
        hurt = [f for f in by_kind.get("injured", []) if f.count > 0]
        others = max(
            (
                f.count + _others_besides(f, hurt)
                for f in shot
                if _other_group(f) or (f.also and not _pronoun_victim(f))
            ),
            default=0,
        )
        # "both drivers were treated for injuries": whoever died, these lived
        lived = max((f.count for f in shot if f.lived), default=0)
        wounded = max(hit - dead, others, lived)
        # injuries read elsewhere are most often among the hit ("3 stabbed, including an officer")
        if wounded > 0 and wounded > (totals["injured"] or 0):
            totals["injured"] = wounded
    # "four victims had been struck by gunfire" ... "a fifth victim was found later at a hospital": the fifth
    # says there were five, and those not dead are the hurt
    place = max((f.place or 0 for f in figures if f.kind == "injured"), default=0)
    if place - (totals["killed"] or 0) > (totals["injured"] or 0):
        totals["injured"] = place - (totals["killed"] or 0)
    return totals


def _after_acts(figs: list[Figure], figures: list[Figure]) -> int:
    """The victims of an act told after another (Figure.sequel) added to those of the act before it, which is
    the one told earlier in its sentence or else in the sentence right before ("killing 2 civilians. After
    fleeing, he took a cab and then shot the driver dead" is 3). Only that act: a toll told before the story
    of the acts counts their victims already ("three were killed. The gunman shot a man, then shot a woman
    dead"), and so does one of the act before told again by its own noun ("two guards were killed" ... "he
    then shot the two guards"; but "six soldiers" ... "a soldier who stopped her" is one more). figs are the
    positive figures of one kind, figures all of them."""
    best = 0
    victims = [
        f
        for f in figures
        if f.count > 0 and not f.perpetrator and not f.headline and (f.victims or "") not in REFLEXIVES
    ]
    for act in sorted({f.sequel for f in figs if f.sequel is not None and not f.headline}):
        mine = [f for f in figs if f.sequel == act and f.total and not f.headline]
        if not mine:
            continue
        sentence, after = mine[0].sentence, mine[0].after
        if any(f.sentence == sentence and f.start < act and f.sequel != act for f in victims):
            told = [f for f in figs if f.sentence == sentence and f.start < act and f.sequel != act]
        else:
            told = [f for f in figs if f.sentence != sentence and after <= f.start < act]
        if not told:
            continue
        keys = {_group_key(f.victims) for f in told} - _GENERIC_KEYS
        new = [
            f
            for f in mine
            if _group_key(f.victims) not in keys
            or (f.victims or "").split()[0].lower() in ("a", "an", "another")
        ]
        best = max(best, (_totals([replace(f) for f in told])[mine[0].kind] or 0) + sum(f.count for f in new))
    return best


def _also_more(figures: list[Figure]) -> int:
    """The hurt single victims told with "also" who are one more each besides the hurt told before them
    ("a woman was also wounded"). Only a new noun is someone new: "the woman was also shot", "her mother
    was also hurt" after "the mother", or a name (see _totals) may be one told already. The dead are
    another kind, so "a teen was killed; a man was also shot" adds to no one here."""
    more: set[str] = set()
    for f in figures:
        first = (f.victims or "").split()[:1]
        if not (
            f.also
            and f.kind == "injured"
            and f.count == 1
            and first in (["a"], ["an"], ["A"], ["An"], ["another"], ["Another"])
            and f.victims != "a person"  # a name
            and not f.name
            and not _pronoun_victim(f)
        ):
            continue
        key = _group_key(f.victims)
        before = [g for g in figures if g.kind == f.kind and g.incident == f.incident and g.start < f.start]
        if before and key not in more and all(_group_key(g.victims) != key for g in before):
            more.add(key)
    return len(more)


def _others_besides(group: Figure, figures: list[Figure]) -> int:
    """The hurt a count of "others" is besides: those counted before it in its sentence ("one person was
    injured in a fight, and the five others who were shot" is six; "one was in critical condition; the
    three others had minor injuries" four). "The other victim" is one of a set told, not one besides."""
    if not _other_group(group) or _is_single(group):
        return 0
    return sum(
        f.count
        for f in figures
        if f.kind == group.kind
        and f.total
        and not f.listed
        and f.sentence == group.sentence
        and 0 < group.start - f.start < len(group.sentence)
    )


def _listed_with(group: Figure, figures: list[Figure]) -> int:
    """The single victims listed with a counted group of people ("two others and a woman were injured",
    "four people and a fifth person"), who are not among them. A group named by its own noun is a group of
    its own already (see _sentence_groups); each listed victim joins the count nearest to it."""
    if not _generic(group.victims) or group.listed:
        return 0
    counts = [f for f in figures if f.sentence == group.sentence and f.kind == group.kind and not f.listed]
    return sum(
        f.count
        for f in figures
        if f.listed
        and f.total
        and f.sentence == group.sentence
        and f.kind == group.kind
        and min(counts, key=lambda c: abs(c.start - f.start)) is group
    )


def _sentence_groups(numbered: list[Figure]) -> dict[str, dict[str, int]]:
    """Each sentence's victim groups and their counts, each group its largest mention there. A bare number
    in a parallel clause adds to its group ("6 fighters were killed by direct fire and 3 were killed by
    IEDs": the 3 are more of the fighters)."""
    by_sentence: dict[str, dict[str, int]] = defaultdict(dict)
    for f in numbered:
        if f.total and not _generic(f.victims):
            groups = by_sentence[f.sentence]
            key = _group_key(f.victims)
            groups[key] = max(groups.get(key, 0), f.count)
    for e in numbered:
        if e.joins and e.sentence in by_sentence:
            groups = by_sentence[e.sentence]
            key = _group_key(e.joins)
            if key in groups:
                groups[key] += e.count
    return by_sentence


# Words of a name that say nothing of who: "Gustav Christianson II", "Mr. Cunningham", "Officer Ashley Guindon"
_NAME_EXTRAS = {
    "jr",
    "jr.",
    "sr",
    "sr.",
    "ii",
    "iii",
    "iv",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
}
_NAME_EXTRAS |= {
    "officer",
    "deputy",
    "trooper",
    "sgt",
    "sgt.",
    "sergeant",
    "detective",
    "lt",
    "lt.",
    "cpl",
    "cpl.",
}


def _persons(names: list[str]) -> list[frozenset[str]]:
    """Names as people: a name that is part of another ("Michael", "Michael Cattron") is the same person;
    names apart ("David Krauss", "Wyatt Krauss") are two."""
    people: list[frozenset[str]] = []
    for name in names:
        words = frozenset(w.lower() for w in name.split() if w.lower() not in _NAME_EXTRAS)
        if not words:
            continue
        same = [p for p in people if p <= words or words <= p]
        people = [p for p in people if p not in same] + [words.union(*same)]
    return people


_OTHERS = {"other", "others", "another", "more", "second", "third", "fourth", "fifth", "sixth"}


def _other_group(f: Figure) -> bool:
    """ "three others", "four other women", "another man", "a fourth victim": people besides those
    named before."""
    return bool(_OTHERS & set((f.victims or "").lower().split()))


_HURT_SETS = {"injured", "wounded", "hurt"}
_SPARED_SETS = {"survivors", "survivor", "hostages", "captives"}


def _dead_from_the_spared(figures: list[Figure]) -> tuple[int, int]:
    """ "Three people died and three others were hurt. One of the injured died days later": one taken from
    those told apart from the dead (the hurt counted beside them, or the survivors) who then died is one
    more dead than those told, and one hurt fewer. Each such sentence adds one. Returns the dead added and
    how many of them were of the hurt."""
    later = [f for f in figures if f.kind == "killed" and f.count > 0 and _taken_from_the_spared(f)]
    dead = [f for f in figures if f.kind == "killed" and f.count > 0 and not f.perpetrator and f not in later]
    told_dead = {f.sentence for f in dead}
    hurt_apart = any(
        f.kind == "injured" and f.count > 0 and not f.via_shot and not f.headline and f.sentence in told_dead
        for f in figures
    )
    spared = {
        f.sentence: _survivor(f)
        for f in later
        if f.sentence not in told_dead and (hurt_apart or _survivor(f))
    }
    if not dead:
        return 0, 0
    return len(spared), sum(not survivor for survivor in spared.values())


def _taken_from_the_spared(f: Figure) -> bool:
    words = (f.victims or "").lower().split()
    return words[:2] == ["one", "of"] and words[-1] in _HURT_SETS | _SPARED_SETS and not f.perpetrator


def _survivor(f: Figure) -> bool:
    return (f.victims or "").lower().split()[-1] in _SPARED_SETS


def _also_besides(f: Figure, groups: dict[str, int], counted: set[str]) -> bool:
    """ "Gunmen killed 7 soldiers. A civilian was also killed": one of another role, told apart from the
    counted groups and said to be one more, is besides them. Not so a name or a pronoun, who may be any of
    them ("Smith was also killed"), one of a group's own kind ("a soldier was also killed"), or anyone where
    a group says only people ("two people were killed … a woman was also killed")."""
    return (
        _is_single(f)
        and f.also
        and f.name is None
        and not _pronoun_victim(f)
        and f.sentence not in counted
        and _group_key(f.victims) not in groups
        and not any(k in _GENERIC_KEYS for k in groups)
    )


def _besides(f: Figure) -> bool:
    """ "five civilians also died", "five more civilians": people told as more than those named before ("other"
    is not enough: "three other people wounded" are most often other than the dead)."""
    return bool({"more", "another"} & set((f.victims or "").lower().split())) or bool(
        re.search(r"\balso\b", f.sentence, re.I)
    )


def _pronoun_victim(f: Figure) -> bool:
    """ "he", "a she", "them": a mention that stands for someone named before."""
    words = (f.victims or "").lower().split()
    return bool(words) and words[-1] in _PRONOUN_WORDS


# How _single_victims begins the victims of one person or a pair, and so how _is_single knows them
_SINGLE_DETERMINERS = ("a", "an", "the", "one", "another", "both")


def _is_single(f: Figure) -> bool:
    """A countable noun phrase without a number ("a man", "both victims"), as _single_victims makes them."""
    words = (f.victims or "").split()
    return bool(words) and f.count <= 2 and words[0].lower() in _SINGLE_DETERMINERS


# one group however named: "two teens" … "two teenagers", "three children" … "three kids", "two babies" …
# "two infants"
_SAME_GROUP = {"teenager": "teen", "children": "child", "kid": "child", "men": "man", "women": "woman"}
_SAME_GROUP |= {"infant": "baby", "babie": "baby"}


def _group_key(victims: str | None) -> str:
    words = (victims or "").lower().split()
    key = words[-1].rstrip("s") if words else ""
    return _SAME_GROUP.get(key, key)


_GENERIC_KEYS = {_group_key(v) for v in GENERIC_VICTIMS}
