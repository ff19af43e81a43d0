"""Casualty figures: every mention of people killed, injured, missing, kidnapped, arrested, displaced,
evacuated or affected in a parsed sentence, and the per-article totals.

How a number becomes a figure (in this order; the first that applies decides the kind):
1. the counted noun is itself a casualty noun ("45 deaths", "12 fatalities", "3 bodies", "30 injuries");
2. the dependency parse links the number or its noun to a trigger ("seven civilians were killed",
   "killing two", "two died", "left 3 dead");
3. a trigger follows the victim phrase after auxiliaries only ("3 killed and 5 wounded") or precedes
   the number directly ("killing 12 soldiers", "kills over 120");
4. a death or injury toll governs the number ("the death toll rose to 45");
5. a number coordinated with a figure shares its kind ("77 IS members and 39 Kurdish fighters ... killed");
6. a person noun ("soldiers", "civilians") with the nearest trigger of the sentence, unless a
   non-casualty verb ("freed", "attacked", "rescued") or "by" ("an assault by 100 insurgents") is nearer.
Ages, dates, durations, calibres, money and percentages are never figures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from worker.stages.extract.numparse import NumberMention, find_numbers

KINDS = ("killed", "injured", "missing", "kidnapped", "arrested", "displaced", "evacuated", "affected")

TRIGGERS: dict[str, str] = {
    **dict.fromkeys(
        [
            "kill",
            "die",
            "dead",
            "death",
            "fatality",
            "slay",
            "murder",
            "perish",
            "drown",
            "massacre",
            "behead",
            "lynch",
            "assassinate",
            "execute",
            "killing",
            "toll",
            "fatal",
            "corpse",
        ],
        "killed",
    ),
    **dict.fromkeys(
        ["injure", "wound", "hurt", "injury", "injured", "wounded", "hospitalize", "hospitalise", "maim"],
        "injured",
    ),
    **dict.fromkeys(["missing", "unaccounted"], "missing"),
    **dict.fromkeys(["kidnap", "abduct", "hostage", "abduction", "kidnapping"], "kidnapped"),
    **dict.fromkeys(["arrest", "detain", "apprehend"], "arrested"),
    **dict.fromkeys(["displace", "homeless"], "displaced"),
    **dict.fromkeys(["evacuate", "evacuation"], "evacuated"),
    **dict.fromkeys(["affect"], "affected"),
}
# Nouns that are themselves casualty counts: "45 deaths", "two bodies"
CASUALTY_NOUNS = {
    "death": "killed", "fatality": "killed", "body": "killed", "corpse": "killed", "life": "killed",
    "injury": "injured", "casualty": "injured", "wound": "injured",
}  # fmt: skip
# Verbs whose object or subject is somebody who was not hurt (attackers, freed detainees, crowds)
BLOCKERS = set(
    [
        "free",
        "release",
        "escape",
        "recapture",
        "rescue",
        "storm",
        "launch",
        "deploy",
        "gather",
        "march",
        "protest",
        "attend",
        "arrive",
        "join",
        "surrender",
        "recruit",
        "train",
        "live",
        "house",
        "hold",
        "attack",
        "raid",
        "besiege",
        "surround",
        "flee",
        "evacuate",
        "vote",
        "employ",
        "staff",
        "carry",
        "accompany",
        "number",
        "send",
        "dispatch",
        "mobilize",
        "mobilise",
        "stage",
        "test",
        "confirm",
        "infect",
    ]
)
PERSON = set(
    [
        "people",
        "person",
        "persons",
        "civilian",
        "child",
        "kid",
        "student",
        "soldier",
        "troop",
        "officer",
        "policeman",
        "policemen",
        "police",
        "militant",
        "fighter",
        "member",
        "rebel",
        "insurgent",
        "jihadist",
        "worker",
        "miner",
        "passenger",
        "pilot",
        "crew",
        "tourist",
        "pilgrim",
        "villager",
        "resident",
        "farmer",
        "herder",
        "woman",
        "man",
        "men",
        "boy",
        "girl",
        "baby",
        "infant",
        "teen",
        "teenager",
        "adult",
        "victim",
        "suspect",
        "gunman",
        "gunmen",
        "attacker",
        "protester",
        "protestor",
        "demonstrator",
        "patient",
        "staff",
        "employee",
        "guard",
        "personnel",
        "official",
        "militiaman",
        "militia",
        "combatant",
        "family",
        "relative",
        "migrant",
        "refugee",
        "inmate",
        "prisoner",
        "detainee",
        "journalist",
        "doctor",
        "nurse",
        "teacher",
        "driver",
        "guerrilla",
        "terrorist",
        "bandit",
        "assailant",
        "shooter",
        "individual",
        "other",
        "casualty",
        "fatality",
        "others",
        "youth",
        "youngster",
        "sibling",
        "brother",
        "sister",
        "son",
        "daughter",
        "father",
        "mother",
        "husband",
        "wife",
        "toddler",
        "infant",
        "pedestrian",
        "motorist",
        "cyclist",
        "bystander",
        "customer",
        "student",
        "worshipper",
        "fisherman",
        "fishermen",
        "trooper",
        "agent",
        "deputy",
        "cop",
        "firefighter",
        "responder",
        "marine",
        "sailor",
        "airman",
        "commander",
        "leader",
        "gunmen",
        "robber",
        "dead",
        "wounded",
        "injured",
        "hostage",
        "captive",
        "elder",
        "friend",
        "neighbour",
        "neighbor",
        "occupant",
        "visitor",
        "spectator",
        "partisan",
        "loyalist",
        "separatist",
        "extremist",
        "islamist",
        "muslim",
        "christian",
        "settler",
        "hunter",
        "camper",
        "hiker",
        "skier",
        "climber",
        "swimmer",
        "boater",
        "diver",
        "worker",
        "contractor",
        "laborer",
        "labourer",
        "volunteer",
    ]
)
GENERIC = {"people", "person", "persons", "individual", "individuals", "victim", "casualty", "fatality", "death",
           "injury", "body", "life", "dead", "wounded", "injured", "other", "others", "total"}  # fmt: skip
NONPERSON = set(
    [
        "year",
        "month",
        "week",
        "day",
        "hour",
        "minute",
        "second",
        "time",
        "mm",
        "km",
        "mile",
        "kilometer",
        "kilometre",
        "meter",
        "metre",
        "foot",
        "feet",
        "inch",
        "percent",
        "%",
        "dollar",
        "pound",
        "euro",
        "rupee",
        "naira",
        "shilling",
        "cent",
        "round",
        "shell",
        "rocket",
        "missile",
        "mortar",
        "bomb",
        "grenade",
        "shot",
        "bullet",
        "gun",
        "rifle",
        "weapon",
        "vehicle",
        "car",
        "truck",
        "bus",
        "house",
        "home",
        "building",
        "village",
        "town",
        "city",
        "district",
        "province",
        "school",
        "hospital",
        "acre",
        "hectare",
        "ton",
        "tonne",
        "degree",
        "mph",
        "time",
        "case",
        "dose",
        "test",
        "bed",
        "vote",
        "seat",
        "page",
        "photo",
        "image",
        "video",
        "story",
        "article",
        "comment",
        "point",
        "goal",
        "game",
        "match",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "o'clock",
        "order",
        "count",
        "charge",
    ]
)
QUALIFIERS = [
    (("at", "least"), "at_least"), (("no", "fewer", "than"), "at_least"), (("no", "less", "than"), "at_least"),
    (("more", "than"), "more_than"), (("over",), "more_than"), (("above",), "more_than"),
    (("upwards", "of"), "more_than"), (("in", "excess", "of"), "more_than"), (("some",), "about"),
    (("about",), "about"), (("around",), "about"), (("approximately",), "about"), (("roughly",), "about"),
    (("an", "estimated"), "about"), (("estimated",), "about"), (("nearly",), "nearly"), (("almost",), "nearly"),
    (("close", "to"), "nearly"), (("up", "to"), "up_to"), (("as", "many", "as"), "up_to"),
    (("fewer", "than"), "up_to"), (("less", "than"), "up_to"), (("at", "most"), "up_to"),
]  # fmt: skip
SKIP_BETWEEN = {"be", "have", "been", "were", "was", "are", "is", "has", "had", "also", "reportedly", "all",
                "later", "allegedly", "confirmed", "believed", "thought", "feared", "said", "now", "critically", "seriously", "severely", "slightly", "fatally", "badly", "mortally", "each",
                "instantly", "reported", "being", "left", "still", "so", "far", "-", "both"}  # fmt: skip
EXCLUDED_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
TIME_WORDS = {
    "year",
    "years",
    "month",
    "months",
    "day",
    "days",
    "week",
    "weeks",
    "ago",
    "century",
    "decade",
    "decades",
    "hour",
    "hours",
    "minute",
    "minutes",
    "night",
    "nights",
    "morning",
    "evening",
    "today",
    "yesterday",
    "tomorrow",
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "weekend",
    "season",
    "fiscal",
    "quarter",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "last",
    "next",
}
MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
SAY = {"say", "report", "tell", "confirm", "state", "announce", "claim", "add", "according"}


@dataclass
class Figure:
    kind: str
    count: int
    qualifier: str
    low: int | None
    high: int | None
    victims: str
    total: bool
    attribution: str | None
    sentence: str
    start: int
    end: int
    part: bool = field(default=False, repr=False)
    implicit: bool = field(default=False, repr=False)
    in_title: bool = field(default=False, repr=False)
    sent_index: int = field(default=0, repr=False)
    ambiguous: bool = field(
        default=False, repr=False
    )  # "shot": wounded or killed, the rest of the text tells

    def as_dict(self) -> dict:
        d = asdict(self)
        for k in ("part", "implicit", "in_title", "sent_index", "ambiguous"):
            d.pop(k)
        return d


def _trigger_kind(tok: Any) -> str | None:
    lemma = tok.lemma_.lower()
    low = tok.lower_
    if lemma in ("gun", "mow", "cut") and any(c.lower_ == "down" for c in tok.children):
        return "killed"
    if lemma in (
        "shoot",
        "stab",
        "gun",
        "beat",
        "hit",
        "strike",
        "run",
        "attack",
        "burn",
        "crush",
        "trample",
    ):
        # shot dead / shot and killed / fatally shot are deaths; shot alone is an injury
        for child in tok.children:
            cl = child.lemma_.lower()
            if cl in ("dead", "fatally", "death") or (child.dep_ == "conj" and cl in ("kill", "die")):
                return "killed"
            if (
                child.dep_ == "prep"
                and cl == "to"
                and any(g.lemma_.lower() == "death" for g in child.children)
            ):
                return "killed"
        if lemma in ("shoot", "stab"):
            return "shot"  # injured unless the article says the victim died (see compute_totals)
        return None
    if lemma in ("gun", "mow", "cut") and any(c.lower_ == "down" for c in tok.children):
        return "killed"
    if lemma == "lose" or low == "lost":
        if any(c.lemma_.lower() == "life" for c in tok.children):
            return "killed"
        return None
    if lemma == "leave" or lemma == "claim":
        # "left 3 dead", "claimed 12 lives"
        for child in tok.children:
            kind = TRIGGERS.get(child.lemma_.lower()) or TRIGGERS.get(child.lower_)
            if kind and child.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "conj", "dobj"):
                return kind
            if child.lemma_.lower() == "life":
                return "killed"
        return None
    if lemma == "toll":
        if any(c.lemma_.lower() in ("injury", "wound") for c in tok.children):
            return "injured"
        return "killed"
    kind = TRIGGERS.get(lemma) or TRIGGERS.get(low)
    if kind == "killed" and lemma == "fatal":
        return None
    if kind == "injured" and tok.head.lemma_.lower() in ("die", "succumb"):
        return "killed"
    if kind == "injured" and any(c.lower_ == "fatally" for c in tok.children):
        return "killed"
    return kind


def _qualifier(doc: Any, start: int, floor: int) -> tuple[str, int]:
    """Qualifier before token `start` and the index where it begins."""
    for words, qual in QUALIFIERS:
        n = len(words)
        s = start - n
        if s < floor:
            continue
        if tuple(t.lower_ for t in doc[s:start]) == words:
            return qual, s
    return "exact", start


def _victim_noun(doc: Any, m: NumberMention, sent_end: int) -> Any:
    last = doc[m.end - 1]
    if (
        m.end + 1 < sent_end
        and doc[m.end].lower_ == "of"
        and doc[m.end + 1].lower_ not in ("them", "whom", "those", "the")
    ):
        # "dozens of villagers", "hundreds of thousands of people"
        objs = [c for c in doc[m.end].children if c.dep_ == "pobj"]
        if objs and objs[0].pos_ in ("NOUN", "PROPN"):
            return objs[0]
    head = last.head
    if (
        last.dep_ in ("nummod", "quantmod", "compound", "amod", "det")
        and head.i >= m.end
        and head.i - m.end <= 4
    ) and (head.pos_ in ("NOUN", "PROPN") or head.lemma_.lower() in PERSON):
        return head
    # parse failures: take the next noun if only adjectives/compounds stand between
    j = m.end
    while j < sent_end and j - m.end <= 3:
        t = doc[j]
        if t.pos_ in ("NOUN", "PROPN") and (j + 1 >= sent_end or doc[j + 1].pos_ not in ("NOUN", "PROPN")):
            return t
        # all-caps acronyms ("IS members") are often tagged as verbs
        if t.pos_ not in ("ADJ", "PROPN", "NOUN") and t.lower_ != "-" and not (t.is_upper and len(t) <= 5):
            break
        j += 1
    return None


def _of_phrase(doc: Any, m: NumberMention, sent_end: int) -> bool:
    """'three of them', 'two of whom', 'five of the victims' (a part of a group named earlier)."""
    return (
        m.end + 1 < sent_end
        and doc[m.end].lower_ == "of"
        and doc[m.end + 1].lower_ in ("them", "whom", "those", "the")
    )


def _is_excluded_number(doc: Any, m: NumberMention, sent_start: int, sent_end: int) -> bool:
    first, last = doc[m.start], doc[m.end - 1]
    if last.ent_type_ in EXCLUDED_ENTS and not m.vague:
        if last.ent_type_ not in ("DATE", "TIME"):
            return True
        # the tagger calls "between 10 and 15 people" a date; only real calendar words make it one
        ent = [e for e in doc.ents if e.start <= last.i < e.end]
        if ent and any(t.lower_ in TIME_WORDS or t.is_alpha and t.lower_[:3] in MONTHS for t in ent[0]):
            return True
    nxt = doc[m.end] if m.end < sent_end else None
    prev = doc[m.start - 1] if m.start > sent_start else None
    if nxt is not None:
        nl = nxt.lower_
        if nl in (
            "-",
            "year",
            "years",
            "yr",
            "yrs",
            "%",
            "percent",
            "per",
            "mm",
            "cm",
            "km",
            "kg",
            ":",
            "am",
            "pm",
            "a.m.",
            "p.m.",
            "o'clock",
            "th",
            "st",
            "nd",
            "rd",
            "/",
            "mph",
            "degrees",
            "x",
        ) and (
            nl != "-" or (m.end + 1 < sent_end and doc[m.end + 1].lower_ in ("year", "years", "month", "day"))
        ):
            return True
        if nl in (
            "month",
            "months",
            "day",
            "days",
            "week",
            "weeks",
            "hour",
            "hours",
            "minute",
            "minutes",
            "decade",
            "decades",
        ):
            return True
    if nxt is not None and nxt.lower_ == "of" and m.end + 1 < sent_end and doc[m.end + 1].like_num:
        return True  # "Image 2 of 8"
    if prev is not None and prev.lower_ in ("no", "any", "every"):
        return True  # "no one", "any one of them"
    if prev is not None and prev.lower_ in (
        "$",
        "£",
        "€",
        "no.",
        "number",
        "aged",
        "age",
        "ages",
        "route",
        "highway",
        "interstate",
        "room",
        "block",
        "page",
        "#",
        "rs",
        "rs.",
    ):
        return True
    if first.like_num and len(first.text) == 4 and first.text.isdigit() and 1800 <= int(first.text) <= 2100:
        return True
    # "82mm", "9am"
    return any(ch.isalpha() for ch in first.text) and any(ch.isdigit() for ch in first.text)


def _attribution(sent: Any) -> str | None:
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma == "according" and tok.i + 1 < sent.end and tok.nbor().lower_ == "to":
            objs = [c for c in tok.nbor().children if c.dep_ == "pobj"]
            if objs:
                return _phrase(objs[0])
        if lemma in SAY and tok.pos_ == "VERB":
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and subj[0].lower_ not in ("it", "he", "she", "they", "we", "i", "you", "which", "that"):
                return _phrase(subj[0])
    return None


def _phrase(tok: Any) -> str:
    toks = [t for t in tok.subtree if t.dep_ not in ("relcl", "punct", "appos", "acl") or t is tok]
    toks = toks[:8]
    return " ".join(t.text for t in toks).replace(" 's", "'s").strip()


def _nearest_kind(doc: Any, idx: int, triggers: list[tuple[int, str | None]], max_dist: int) -> str | None:
    best: tuple[int, str | None] | None = None
    for ti, kind in triggers:
        d = abs(ti - idx)
        if d <= max_dist and (best is None or d < best[0]):
            best = (d, kind)
    return best[1] if best else None


def _later_kind(
    doc: Any, idx: int, s1: int, triggers: list[tuple[int, str | None]], max_dist: int
) -> str | None:
    """The next trigger after a subject, when no other verb stands between them (lists after 'including'
    are skipped)."""
    after = sorted(t for t in triggers if idx < t[0] <= idx + max_dist)
    if not after:
        return None
    ti, kind = after[0]
    in_list = False
    for t in doc[idx + 1 : ti]:
        if t.lower_ in ("including", "among"):
            in_list = True
            continue
        if t.pos_ == "VERB" and not in_list:
            return None
    return kind


def _syntactic_kind(tok: Any, kinds: dict[int, str]) -> str | None:
    """Walk up from the victim token through conjunctions, appositions and 'of' to a trigger."""
    x = tok
    for _ in range(4):
        h = x.head
        if h is x:
            return None
        if h.i in kinds and x.dep_ in (
            "nsubj",
            "nsubjpass",
            "dobj",
            "nummod",
            "attr",
            "npadvmod",
            "pobj",
            "oprd",
            "appos",
            "conj",
            "amod",
            "advcl",
            "ccomp",
            "acomp",
            "dep",
            "compound",
        ):
            if x.dep_ == "pobj" and h.lemma_.lower() not in ("toll", "death", "injury"):
                return None
            return kinds[h.i]
        if x.dep_ in ("conj", "appos", "pobj", "prep", "nummod", "quantmod", "compound") or (
            x.dep_ == "nsubj" and h.lemma_.lower() in ("leave", "claim")
        ):
            x = h
            continue
        return None
    return None


def sentence_figures(doc: Any, sent: Any, sent_index: int = 0, title_end: int = 0) -> list[Figure]:
    """Every casualty figure of one sentence (a spaCy Span)."""
    s0, s1 = sent.start, sent.end
    kinds: dict[int, str] = {}
    triggers: list[tuple[int, str | None]] = []
    for tok in sent:
        kind = _trigger_kind(tok)
        if kind:
            kinds[tok.i] = kind
            triggers.append((tok.i, kind))
        elif (
            tok.lemma_.lower() in BLOCKERS
            and tok.pos_ in ("VERB", "NOUN")
            or tok.lower_ == "by"
            and tok.i + 1 < s1
        ):
            triggers.append((tok.i, None))
    if not kinds:
        return _zero_figures(doc, sent, sent_index, title_end)
    attribution = _attribution(sent)
    figures: list[Figure] = []
    assigned: list[tuple[NumberMention, str | None, Figure | None]] = []
    mentions = [m for m in find_numbers(sent) if not _is_excluded_number(doc, m, s0, s1)]
    mentions += _implicit_mentions(doc, sent, {i for m in mentions for i in range(m.start, m.end)}, kinds)
    mentions.sort(key=lambda m: m.start)
    for m in mentions:
        fig = _figure_for(doc, sent, m, kinds, triggers, attribution, sent_index, title_end)
        assigned.append((m, fig.kind if fig else None, fig))
        if fig:
            figures.append(fig)
    # coordination: "77 IS members and 39 Kurdish fighters ... killed" shares the later figure's kind
    for i in range(len(assigned) - 2, -1, -1):
        m, kind, fig = assigned[i]
        if fig is not None or getattr(m, "implicit", False):
            continue
        nm, nkind, nfig = assigned[i + 1]
        if nfig is None:
            continue
        between = [t.lower_ for t in doc[m.end : nm.start]]
        if (
            between
            and len(between) <= 5
            and between[-1] != "by"
            and ("and" in between or between == [","])
            and all(t.lower_ not in BLOCKERS and t.pos_ != "VERB" for t in doc[m.end : nm.start])
        ):
            new = _make_figure(doc, sent, m, nfig.kind, attribution, sent_index, title_end)
            if new:
                figures.append(new)
                assigned[i] = (m, new.kind, new)
    _merge_ranges(doc, figures)
    figures.sort(key=lambda f: f.start)
    # "at least 77 IS members and 39 Kurdish fighters": the qualifier covers the whole coordination
    for a, b in zip(figures, figures[1:], strict=False):
        gap = doc.text[a.end : b.start].strip().lower()
        if gap in ("and", ",", ", and") and b.qualifier == "exact" and a.qualifier not in ("exact", "range"):
            b.qualifier = a.qualifier
    return figures + _zero_figures(doc, sent, sent_index, title_end)


def _implicit_mentions(doc: Any, sent: Any, taken: set[int], kinds: dict[int, str]) -> list[NumberMention]:
    """Single victims: 'a man was shot dead' (1), 'Jane Doe died' (1), 'both victims died' (2)."""
    out = []
    seen: set[int] = set()
    for ti in kinds:
        trig = doc[ti]
        heads = [trig]
        # "shot and killed", "was found dead", "left him dead": the victim hangs off the governing verb
        if trig.dep_ in ("conj", "oprd", "acomp", "xcomp", "advcl") and trig.head.i != trig.i:
            heads.append(trig.head)
        for h in heads:
            for child in h.children:
                if child.dep_ not in ("nsubj", "nsubjpass", "dobj") or child.i in seen:
                    continue
                if child.dep_ == "dobj" and h.lemma_.lower() in ("leave", "find"):
                    continue
                if (
                    child.dep_ == "nsubj"
                    and trig.pos_ == "VERB"
                    and trig.lemma_.lower() not in ("die", "perish", "drown")
                ):
                    continue  # the subject of "killed" or "shot" is the attacker
                for noun in [child, *[c for c in child.conjuncts if c.i > child.i]]:
                    m = _single(doc, noun, taken, sent)
                    if m is not None and noun.i not in seen:
                        seen.add(noun.i)
                        out.append(m)
    return out


def _single(doc: Any, noun: Any, taken: set[int], sent: Any) -> NumberMention | None:
    lemma = noun.lemma_.lower()
    if noun.i in taken or any(c.i in taken for c in noun.children) or noun.pos_ == "PRON":
        return None
    if any(c.dep_ == "nummod" for c in noun.children):
        return None
    is_person = noun.ent_type_ == "PERSON" or lemma in PERSON or lemma.endswith(("year-old", "yearold"))
    # names the tagger missed: a proper noun that was shot, killed or died is a person
    is_person = is_person or (
        noun.pos_ == "PROPN" and not noun.ent_type_ and noun.dep_ in ("nsubjpass", "nsubj")
    )
    if not is_person or lemma in (
        "people",
        "family",
        "crew",
        "staff",
        "police",
        "militia",
        "personnel",
        "other",
        "others",
        "dead",
        "wounded",
        "injured",
        "suspect",
        "gunman",
        "shooter",
    ):
        return None
    dets = [c for c in noun.children if c.dep_ in ("det", "predet", "poss")]
    value = 1
    if dets and dets[0].lower_ in ("both", "couple"):
        value = 2
    elif noun.tag_ == "NNS" or (noun.tag_ == "NNPS" and noun.ent_type_ != "PERSON"):
        return None
    if dets and dets[0].lower_ in ("no", "any", "every", "all", "some", "many", "several", "each"):
        return None
    left = min(
        [
            noun.i,
            *[c.i for c in noun.children if c.i < noun.i and c.dep_ in ("det", "amod", "compound", "poss")],
        ]
    )
    left = max(left, sent.start)
    m = NumberMention(left, noun.i + 1, value)
    m.implicit = True  # type: ignore[attr-defined]
    m.noun = noun  # type: ignore[attr-defined]
    return m


def _figure_for(doc, sent, m, kinds, triggers, attribution, sent_index, title_end) -> Figure | None:
    s0, s1 = sent.start, sent.end
    implicit = getattr(m, "implicit", False)
    noun = None if implicit else _victim_noun(doc, m, s1)
    if implicit:
        noun = m.noun
        x = noun
        while x.dep_ == "conj" and x.head.i != x.i:
            x = x.head
        h = x.head
        kind = kinds.get(h.i)
        if kind is None:
            for c in h.children:
                if c.i in kinds and c.dep_ in ("conj", "oprd", "acomp", "xcomp", "advcl"):
                    kind = kinds[c.i]
                    break
        if kind is None:
            return None
        return _make_figure(doc, sent, m, kind, attribution, sent_index, title_end, noun=noun)
    if noun is not None:
        nl = noun.lemma_.lower()
        if nl in NONPERSON or noun.lower_ in NONPERSON:
            return None
        if nl in CASUALTY_NOUNS:
            kind = CASUALTY_NOUNS[nl]
            if nl == "life" and not any(doc[i].lemma_.lower() in ("lose", "claim") for i in range(s0, s1)):
                return None
            if nl == "casualty":
                kind = (
                    "killed"
                    if any(
                        doc[i].lemma_.lower() in ("death", "dead")
                        for i in range(m.start - 2, m.start)
                        if i >= s0
                    )
                    else "injured"
                )
            return _make_figure(doc, sent, m, kind, attribution, sent_index, title_end, noun=noun)
        person = (
            nl in PERSON
            or noun.lower_ in PERSON
            or noun.ent_type_ in ("NORP", "PERSON")
            or (noun.pos_ == "PROPN" and noun.tag_ in ("NNPS",))
        )
        suffixed = any(nl.endswith(s) for s in ("er", "ist", "ian", "ee"))
        if not person and nl not in kinds and not suffixed and noun.i not in kinds:
            return None
    # a number preceded by "by" counts attackers, not victims
    q, qstart = _qualifier(doc, m.start, s0)
    if (
        qstart - 1 >= s0
        and doc[qstart - 1].lower_ in ("by", "with", "from", "against", "of")
        and not (
            doc[qstart - 1].lower_ == "of" and qstart - 2 >= s0 and doc[qstart - 2].lemma_.lower() == "toll"
        )
        and (doc[qstart - 1].lower_ != "of" or qstart - 2 < s0 or doc[qstart - 2].i not in kinds)
    ):
        return None
    target = noun if noun is not None else doc[m.end - 1]
    if noun is not None and noun.i in kinds:
        return _make_figure(doc, sent, m, kinds[noun.i], attribution, sent_index, title_end, noun=noun)
    kind = _syntactic_kind(target, kinds)
    if kind is None and noun is not None:
        kind = _syntactic_kind(doc[m.end - 1], kinds)
    if kind is None:
        after = (noun.i + 1) if noun is not None else m.end
        if _of_phrase(doc, m, s1):
            after = m.end + 2
            while after < s1 and doc[after].pos_ in ("NOUN", "DET", "ADJ", "PRON"):
                after += 1
        kind = _after_kind(doc, after, s1, kinds)
    if kind is None:
        kind = _before_kind(doc, qstart, s0, kinds)
    if kind is None:
        # "the death toll rose to 45", "a toll of 45"
        for i in range(max(s0, qstart - 8), qstart):
            if doc[i].lemma_.lower() == "toll":
                kind = kinds.get(doc[i].i, "killed")
                break
    if kind is None and noun is not None:
        kind = _later_kind(doc, noun.i, s1, triggers, 12)
    if kind is None:
        return None
    return _make_figure(doc, sent, m, kind, attribution, sent_index, title_end, noun=noun)


def _after_kind(doc: Any, j: int, s1: int, kinds: dict[int, str]) -> str | None:
    steps = 0
    while j < s1 and steps < 6:
        t = doc[j]
        if j in kinds:
            return kinds[j]
        if t.lower_ == "fatally":
            return "killed"
        if t.lower_ in (",", "including", "among"):
            # skip an inserted list ("39 fighters, including guards and police, have been killed")
            k = j + 1
            if k < s1 and doc[k].lower_ in ("including", "among"):
                k += 1
            while k < s1 and k - j <= 15 and doc[k].pos_ not in ("AUX", "VERB"):
                k += 1
            if k < s1 and doc[k].pos_ in ("AUX", "VERB") and k - j > 1:
                j = k
                steps += 1
                continue
            return None
        if t.lower_ in SKIP_BETWEEN or t.lemma_.lower() in SKIP_BETWEEN or t.pos_ in ("ADV", "AUX", "PART"):
            j += 1
            steps += 1
            continue
        if t.lower_ in ("have", "has", "had", "were", "was", "are", "is"):
            j += 1
            steps += 1
            continue
        return None
    return None


def _before_kind(doc: Any, qstart: int, s0: int, kinds: dict[int, str]) -> str | None:
    j = qstart - 1
    steps = 0
    while j >= s0 and steps < 3:
        if j in kinds and doc[j].pos_ in ("VERB", "ADJ"):
            return kinds[j]
        if doc[j].pos_ in ("ADV", "AUX", "PART") or doc[j].lower_ in ("and", "another", "the", "some"):
            j -= 1
            steps += 1
            continue
        return None
    return None


def _make_figure(doc, sent, m, kind, attribution, sent_index, title_end, noun=None) -> Figure | None:
    s0, s1 = sent.start, sent.end
    ambiguous = kind == "shot"
    kind = "injured" if ambiguous else kind
    if noun is None and not getattr(m, "implicit", False):
        noun = _victim_noun(doc, m, s1)
    q, qstart = _qualifier(doc, m.start, s0)
    if m.vague:
        q = "at_least"
    if getattr(m, "implicit", False) and noun is not None:
        victims = " ".join(
            t.text for t in doc[m.start : noun.i + 1] if t.dep_ not in ("det", "poss", "predet")
        )
        victims = victims or noun.text
        end_tok = noun.i + 1
    elif noun is not None and noun.i >= m.end and any(t.like_num for t in doc[m.end : noun.i]):
        victims = noun.text
        end_tok = m.end
    elif noun is not None and noun.i > m.end and doc[m.end].lower_ == "of":
        victims = doc[m.end + 1 : noun.i + 1].text
        end_tok = noun.i + 1
    elif noun is not None and noun.i >= m.end:
        victims = doc[m.end : noun.i + 1].text
        end_tok = noun.i + 1
    elif noun is not None:
        victims = noun.text
        end_tok = m.end
    else:
        victims = "people"
        end_tok = m.end
    vl = noun.lemma_.lower() if noun is not None else "people"
    if vl in CASUALTY_NOUNS or vl in ("dead", "wounded", "injured"):
        victims = "people"
    part = _of_phrase(doc, m, s1)
    for i in range(max(s0, qstart - 4), qstart):
        if doc[i].lower_ in ("including", "includes", "include", "among") or (
            doc[i].lower_ == "them" and i - 1 >= s0 and doc[i - 1].lower_ == "among"
        ):
            part = True
    if (noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "including") or (
        doc[m.end - 1].dep_ == "pobj" and doc[m.end - 1].head.lower_ == "including"
    ):
        part = True
    generic = vl in GENERIC or victims.lower() in ("people", "persons", "person")
    if vl in ("other", "others"):
        generic = False
    start_char = doc[qstart].idx
    end_char = doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
    return Figure(
        kind=kind,
        count=m.value,
        qualifier=q,
        low=None,
        high=None,
        victims=victims,
        total=generic and not part,
        attribution=attribution,
        sentence=sent.text.strip(),
        start=start_char,
        end=end_char,
        part=part,
        implicit=getattr(m, "implicit", False),
        in_title=start_char < title_end,
        sent_index=sent_index,
        ambiguous=ambiguous,
    )


def _merge_ranges(doc: Any, figures: list[Figure]) -> None:
    """'between 10 and 15 people', '10 to 15 killed': one figure with low/high, counted as the low end."""
    figures.sort(key=lambda f: f.start)
    i = 0
    while i < len(figures) - 1:
        a, b = figures[i], figures[i + 1]
        gap = doc.text[a.end : b.start].strip().lower()
        before = doc.text[max(0, a.start - 8) : a.start].lower()
        if (
            a.kind == b.kind
            and a.count < b.count
            and (gap in ("to", "-", "–", "or") or (gap == "and" and "between" in before))
        ):
            a.qualifier, a.low, a.high = "range", a.count, b.count
            a.victims = b.victims
            a.total = b.total
            a.end = b.end
            figures.pop(i + 1)
        i += 1


_NEG_NOUNS = {"injury": ("injured",), "death": ("killed",), "fatality": ("killed",),
              "casualty": ("killed", "injured"), "one": None, "body": None}  # fmt: skip


def _zero_figures(doc: Any, sent: Any, sent_index: int, title_end: int) -> list[Figure]:
    """'No one was hurt', 'no injuries were reported', 'there were no casualties' -> 0."""
    out = []
    for tok in sent:
        low = tok.lower_
        if low not in ("no", "nobody", "none", "without"):
            continue
        noun = (
            tok
            if low in ("nobody", "none")
            else (tok.head if tok.dep_ == "det" else tok.nbor() if tok.i + 1 < sent.end else tok)
        )
        if low == "without" and tok.i + 1 < sent.end:
            noun = tok.nbor()
        nl = noun.lemma_.lower()
        kinds: tuple[str, ...] | None = None
        if nl in _NEG_NOUNS and _NEG_NOUNS[nl]:
            kinds = _NEG_NOUNS[nl]  # type: ignore[assignment]
            # "no other injuries" still means zero; "no serious injuries" does not
            if any(
                c.lower_ in ("serious", "major", "life", "threatening", "further", "additional", "new")
                for c in noun.children
            ):
                continue
        else:
            # "no one was hurt", "nobody was killed"
            for j in range(noun.i + 1, min(sent.end, noun.i + 6)):
                kind = _trigger_kind(doc[j])
                if kind in ("killed", "injured"):
                    kinds = (kind,)
                    break
        if not kinds or low == "without" and nl not in ("injury", "casualty"):
            continue
        if noun.lower_ == "one" and low != "no":
            continue
        if any(t.lower_ in ("else", "other") for t in doc[tok.i : min(sent.end, tok.i + 3)]):
            extra = True
        else:
            extra = False
        for kind in kinds:
            out.append(
                Figure(
                    kind=kind,
                    count=0,
                    qualifier="exact",
                    low=None,
                    high=None,
                    victims="people",
                    total=not extra,
                    attribution=None,
                    sentence=sent.text.strip(),
                    start=tok.idx,
                    end=noun.idx + len(noun.text) if noun.i >= tok.i else tok.idx + len(tok.text),
                    part=extra,
                    in_title=tok.idx < title_end,
                    sent_index=sent_index,
                )  # fmt: skip
            )
    return out


def shot_as_plain(figures: list[Figure]) -> list[Figure]:
    from dataclasses import replace

    return [replace(f, ambiguous=False, kind="injured") for f in figures]


def compute_totals(figures: list[Figure]) -> dict[str, int | None]:
    """Per kind: a stated total wins; otherwise disjoint victim groups are added up.

    Parts ("including seven civilians", "two of them") are never added. Body figures are preferred to
    the headline's: the body is more specific and headlines round ("kills over 120"); the headline is
    the fallback when the body states nothing of that kind. Repeats of one figure count once (a group
    counts with its largest number; implicit single victims count once per sentence at most).
    """
    totals: dict[str, int | None] = {}
    shot = [f for f in figures if f.ambiguous]
    figures = [f for f in figures if not f.ambiguous]
    for kind in KINDS:
        figs = [f for f in figures if f.kind == kind]
        if not figs:
            totals[kind] = None
            continue
        body = [f for f in figs if not f.in_title]
        pool = (
            body
            if any(f.count > 0 for f in body)
            else (figs if any(f.count > 0 for f in figs) else body or figs)
        )
        positive = [f for f in pool if f.count > 0]
        if not positive:
            totals[kind] = 0 if any(f.total for f in pool) or pool else None
            continue
        if all(f.part for f in positive):
            # "one of them died" with no other death figure: the part is all the text says
            totals[kind] = max(f.low or f.count for f in positive)
            continue
        stated = [f for f in positive if f.total and not f.implicit]
        groups: dict[str, int] = {}
        per_sentence: dict[int, int] = {}
        for f in positive:
            if f.part:
                continue
            if f.implicit:
                if kind == "injured" and any(
                    k.implicit and k.kind == "killed" and k.victims.lower() == f.victims.lower()
                    for k in figures
                ):
                    continue  # shot, then died: one death, not an injury as well
                per_sentence[f.sent_index] = per_sentence.get(f.sent_index, 0) + f.count
                continue
            if f.total:
                continue
            key = f.victims.lower()
            groups[key] = max(groups.get(key, 0), f.low or f.count)
        implicit = max(per_sentence.values(), default=0)
        if stated:
            numeric = max(f.low or f.count for f in stated)
        else:
            numeric = sum(groups.values())
        totals[kind] = max(numeric, implicit)
    if shot and not totals["injured"]:
        # "three people were shot" and "one died": the shot who did not die are the injured
        for f in shot:
            f.kind = "injured"
        hit = compute_totals([*shot_as_plain(shot)])["injured"] or 0
        totals["injured"] = max(0, hit - (totals["killed"] or 0))
    return totals
