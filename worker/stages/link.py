"""Deduplication and same-event grouping: pure functions over article features and event summaries.

Two jobs live here because they share the same inputs:

* **duplicates** – an exact content hash and a MinHash signature on word shingles. Signatures are cut into
  LSH band keys so the store can find candidate copies with indexed equality lookups;
* **events** – blocking keys (entities, place, salient terms) that the store keeps per event, a score between
  an article and a candidate event, and the choice of the best event or none.

Nothing here touches the database: the store looks candidates up by key, hands the summaries in and stores
what comes back. :class:`InMemoryLinker` is the reference driver over the same functions; a store gives the
same answers when, per article, it:

1. computes ``minhash_signature(body)`` and ``content_fingerprint(title, body)``;
2. looks for an earlier article with the same canonical URL or fingerprint, else reads, for each of
   ``lsh_bands(signature)``, the newest ``per_key_limit`` (50) articles holding that band and keeps the one with
   the highest ``similarity`` >= the threshold. A hit's own ``duplicate_of`` is followed to the original; the
   article joins the original's event (``merge_into``) and is not indexed under event keys;
3. otherwise reads, for each of ``event_keys(features)``, the ``per_key_limit`` events that most recently used
   that key, ranks them by the number of keys they share with the article (then by event id), keeps the first
   ``max_candidates`` (50) and calls ``choose_event``; None means ``new_event`` with the next id;
4. stores the article's band keys, and (non-duplicates) upserts (key, event_id) with a fresh sequence number.

Every lookup is an indexed equality read with a LIMIT, so the cost per article does not grow with the history.
"""

from __future__ import annotations

import hashlib
import math
import operator
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from itertools import islice

import numpy as np
from datasketch import MinHash

try:
    from wordfreq import zipf_frequency
except ImportError:  # without it every word weighs the same and grouping is less precise
    zipf_frequency = None

DEFAULT_NUM_PERM = 128
# 3-word shingles: one changed word spoils 3 shingles instead of 5, so a copy with 10 % of its words edited
# and its ending trimmed still shares about half of its shingles, while independent articles share almost none.
DEFAULT_SHINGLE = 3
DEFAULT_DUP_THRESHOLD = 0.4
MIN_DUP_WORDS = 60
DEFAULT_WINDOW_DAYS = 7.0
DEFAULT_MATCH_THRESHOLD = 0.4
DEFAULT_LATE_THRESHOLD = 0.6
EVENT_TERMS = 50
EVENT_ENTITIES = 100
# Stands in for "no date" where a datetime is required; window checks treat it as unknown.
UNDATED = datetime(1970, 1, 1, tzinfo=UTC)

_MAX_HASH = (1 << 32) - 1

# Hand-set weights of the match score, kept together so a reader sees the whole recipe at once.
W: dict[str, float] = {
    "idf_min": 0.5,
    "idf_max": 5.0,
    "idf_unknown": 4.0,
    "title_weight": 3.0,
    "lead_weight": 1.5,
    "w_text": 0.6,
    "w_ent": 0.4,
    "ent_scale": 1.2,
    "ent_floor": 5.0,
    "place_gain": 1.2,
    "place_penalty": 0.9,
    "country_penalty": 0.6,
    "type_penalty": 0.8,
    "ent_min_idf": 3.0,
    "time_gain": 1.5,
    "time_tau": 2.0,
    "undated_days": 2.0,
}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

# Types that different outlets use for the same occurrence (a bombing reported as a battle, a riot as a
# protest, an accidental shooting as a crime). Anything else must agree to be the same event.
_COMPATIBLE = [
    {"battle", "explosion_remote_violence", "violence_against_civilians", "strategic_development"},
    {"protest", "riot", "strategic_development"},
    {"crime", "accident", "violence_against_civilians"},
    {"natural_disaster", "accident"},
]

# Follow-ups of any occurrence (an arrest, a statement, a trial) are typed like this, so they veto nothing.
_ANY_TYPE = {"other", "strategic_development"}

_STOP_WORDS = """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself yourselves
    said says say told tell according one two three four five six seven eight nine ten first second last new
    year years day days week weeks month months today yesterday monday tuesday wednesday thursday friday
    saturday sunday am pm news report reported reports reporting update updated story stories read more
    click share email facebook twitter copyright rights reserved video photo image images comments comment
    subscribe newsletter sign advertisement cookies cookie privacy policy terms use mr mrs ms may might must
    around near many much well still even back get got like made make since another people time way though
    per cent percent including later earlier told told saying around across would could us"""
_STOP = frozenset(_STOP_WORDS.split())


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text or "").casefold().replace("’", "'")
    return _WORD.findall(text)


def _norm_key(value: str | None) -> str:
    return " ".join(_words(value or ""))


# ---------------------------------------------------------------- duplicates


def content_fingerprint(title: str, text: str) -> str:
    """SHA-256 of the normalised body (case, punctuation and spacing ignored).

    The body alone decides because syndicated copies keep the body and change the headline; a body too short to
    be distinctive (a feed summary, a paywall notice) is hashed together with the title.
    """
    body = _words(text)
    words = body if len(body) >= MIN_DUP_WORDS else _words(title) + ["\x1f"] + body
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def minhash_signature(
    text: str,
    *,
    num_perm: int = DEFAULT_NUM_PERM,
    shingle: int = DEFAULT_SHINGLE,
    min_words: int = MIN_DUP_WORDS,
) -> list[int]:
    """MinHash of the word shingles of ``text`` (pass the body, not the headline) as plain ints for JSON.

    A text under ``min_words`` words gets the empty signature, which matches nothing: short bodies are too
    often the same paywall or cookie notice under different stories, so only the exact fingerprint (which
    takes the headline in) can call them copies.
    """
    words = _words(text)
    m = MinHash(num_perm=num_perm, seed=1)
    if len(words) >= max(1, min_words):
        size = min(shingle, len(words))
        m.update_batch([" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)])
    return [int(v) for v in m.hashvalues]


def _false_positive(threshold: float, bands: int, rows: int) -> float:
    xs = np.linspace(0.0, threshold, 201)
    return float(np.trapezoid(1 - (1 - xs**rows) ** bands, xs))


def _false_negative(threshold: float, bands: int, rows: int) -> float:
    xs = np.linspace(threshold, 1.0, 201)
    return float(np.trapezoid(1 - (1 - (1 - xs**rows) ** bands), xs))


_PARAMS: dict[tuple[float, int], tuple[int, int]] = {}


def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising the false positive and negative areas as datasketch's LSH does.

    Misses weigh 9 times more than false candidates: a missed copy is counted twice in a figure and raises a
    second alert, while a false candidate only costs one exact signature comparison.
    """
    key = (round(threshold, 6), num_perm)
    if key not in _PARAMS:
        best, best_err = (1, num_perm), math.inf
        for bands in range(1, num_perm + 1):
            for rows in range(1, num_perm // bands + 1):
                fp, fn = _false_positive(threshold, bands, rows), _false_negative(threshold, bands, rows)
                err = 0.1 * fp + 0.9 * fn
                if err < best_err:
                    best, best_err = (bands, rows), err
        _PARAMS[key] = best
    return _PARAMS[key]


def lsh_bands(
    signature: list[int], *, threshold: float = DEFAULT_DUP_THRESHOLD, num_perm: int = DEFAULT_NUM_PERM
) -> list[str]:
    """Band keys such as ``"b3:9f2c..."``; two signatures sharing any key are near-duplicate candidates."""
    if not signature or all(v == _MAX_HASH for v in signature):
        return []  # an empty text would collide with every other empty text
    bands, rows = lsh_params(threshold, num_perm)
    keys = []
    for b in range(bands):
        chunk = ",".join(str(v) for v in signature[b * rows : (b + 1) * rows])
        keys.append(f"b{b}:{hashlib.blake2b(chunk.encode(), digest_size=8).hexdigest()}")
    return keys


def similarity(sig_a: list[int], sig_b: list[int]) -> float:
    """Estimated Jaccard similarity of the two shingle sets (0 when either text was empty)."""
    if not sig_a or len(sig_a) != len(sig_b):
        return 0.0
    if all(v == _MAX_HASH for v in sig_a) or all(v == _MAX_HASH for v in sig_b):
        return 0.0
    return sum(map(operator.eq, sig_a, sig_b)) / len(sig_a)


def is_near_duplicate(
    sig_a: list[int], sig_b: list[int], *, threshold: float = DEFAULT_DUP_THRESHOLD
) -> bool:
    return similarity(sig_a, sig_b) >= threshold


# ---------------------------------------------------------------- events


@dataclass
class ArticleFeatures:
    article_id: int
    published: datetime | None
    title: str
    text: str
    event_type: str | None
    country: str | None
    place: str | None
    entities: list[str]
    totals: dict[str, int | None]
    url: str | None = None


@dataclass
class EventSummary:
    event_id: int
    title: str
    event_type: str | None
    country: str | None
    place: str | None
    first_seen: datetime
    last_seen: datetime
    entities: dict[str, int]
    terms: dict[str, float]
    totals: dict[str, int | None]
    article_count: int
    types: dict[str, int] = field(default_factory=dict)


def _entity_set(features: ArticleFeatures) -> list[str]:
    seen: dict[str, None] = {}
    for name in features.entities:
        key = _norm_key(name)
        if key and key not in _STOP:
            seen[key] = None
    return list(seen)


def _clean_title(title: str) -> str:
    """The headline without the site name that scraped pages append ("... - wave3.com - Louisville")."""
    parts = [p.strip() for p in re.split(r"\s+[-|–—:]{1,2}\s+", title or "") if p.strip()]
    return max(parts, key=len) if parts else ""


@lru_cache(maxsize=100_000)
def _idf(word: str) -> float:
    """Rarity of a word in general English, standing in for an IDF that a pure function cannot keep."""
    if zipf_frequency is None:
        return W["idf_unknown"]
    zipf = zipf_frequency(word, "en")
    # Unknown tokens are as often site names and typos as rare names, so they do not get the top weight.
    return min(W["idf_max"], max(W["idf_min"], 7.0 - zipf)) if zipf > 0 else W["idf_unknown"]


@lru_cache(maxsize=4096)
def _terms(title: str, text: str, top_n: int) -> tuple[tuple[str, float], ...]:
    counts: Counter[str] = Counter()
    for word in _words(_clean_title(title)):
        counts[word] += W["title_weight"]
    for i, word in enumerate(_words(text)[:1500]):
        counts[word] += W["lead_weight"] if i < 150 else 1.0
    weights = {
        w: (1.0 + math.log(c)) * _idf(w)
        for w, c in counts.items()
        if len(w) > 2 and w not in _STOP and not w.isdigit()
    }
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:top_n]
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return tuple((w, round(v / norm, 6)) for w, v in top)


def terms_of(features: ArticleFeatures, top_n: int = 30) -> dict[str, float]:
    """Top words of the article weighted by count and rarity, L2-normalised.

    The headline and the opening count most because pages carry boilerplate further down; within the body a
    word's weight grows with the log of its count so one repeated name does not drown the rest.
    """
    return dict(_terms(features.title or "", features.text or "", top_n))


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def event_keys(features: ArticleFeatures) -> list[str]:
    """Blocking keys for the candidate lookup: specific enough that a key's posting list stays short."""
    keys = []
    place = _norm_key(features.place)
    if place:
        keys.append(f"place:{place}")
    for name in _entity_set(features)[:8]:
        keys.append(f"ent:{name}")
    for word in list(terms_of(features, top_n=8)):
        keys.append(f"term:{word}")
    seen: dict[str, None] = dict.fromkeys(keys)
    return list(seen)


def _compatible(a: str | None, b: str | None) -> bool:
    if not a or not b or a == b or a in _ANY_TYPE or b in _ANY_TYPE:
        return True
    return any(a in group and b in group for group in _COMPATIBLE)


@lru_cache(maxsize=4096)
def _entity_words(names: tuple[str, ...]) -> dict[str, float]:
    words = {w for name in names for w in name.split() if len(w) > 1 and w not in _STOP and not w.isdigit()}
    return {w: _idf(w) for w in words if _idf(w) >= W["ent_min_idf"]}


def match_score(features: ArticleFeatures, event: EventSummary) -> float:
    """How likely the article reports the event's occurrence, 0..1."""
    return min(1.0, _raw_score(features, event))


def _raw_score(features: ArticleFeatures, event: EventSummary) -> float:
    """The match score before capping at 1, so that strong candidates still rank against each other.

    Text and entities carry the score; place and type can only veto or confirm, because two different
    shootings in one city share the place and the type but not the names or the wording.
    """
    text = _cosine(terms_of(features), event.terms)
    # Entities are compared word by word so "Payne" matches "Ethan Payne" and "the LAPD" matches "LAPD".
    ents = _entity_words(tuple(_entity_set(features)))
    event_ents = _entity_words(tuple(event.entities)) if event.entities else {}
    # The place is judged on its own below; counted here too, a shared city would pass for a shared name.
    place_words = set(_norm_key(features.place).split()) | set(_norm_key(event.place).split())
    ents = {e: w for e, w in ents.items() if e not in place_words}
    if ents and event_ents:
        total = sum(ents.values())
        shared = sum(w for e, w in ents.items() if e in event_ents)
        ent = shared / max(total, W["ent_floor"])
    else:
        ent = text
    score = W["w_text"] * text + W["w_ent"] * min(1.0, ent * W["ent_scale"])

    # Reports of one occurrence bunch up in time, so closeness in time lowers the bar for the content; an
    # undated side counts as a couple of days apart rather than as the same day or as never.
    dated = features.published is not None and _utc(event.first_seen) != UNDATED
    days = _days_outside(features.published, event) if dated else W["undated_days"]
    # Multiplied, not added: closeness in time and a shared place must never carry an article on their own
    # (two shootings in one city on one day are two events unless the reports share names and wording).
    score *= 1.0 + W["time_gain"] * math.exp(-days / W["time_tau"])

    place_a, place_b = _norm_key(features.place), _norm_key(event.place)
    if place_a and place_b:
        score *= W["place_gain"] if place_a == place_b else W["place_penalty"]
    if features.country and event.country and features.country.upper() != event.country.upper():
        score *= W["country_penalty"]
    if not _compatible(features.event_type, event.event_type):
        score *= W["type_penalty"]
    return max(0.0, score)


def _days_outside(published: datetime | None, event: EventSummary) -> float:
    """How many days the article lies before the event's first or after its last report (0 inside, or undated)."""
    published = _utc(published)
    first, last = _utc(event.first_seen), _utc(event.last_seen)
    if published is None or first is None or first == UNDATED:
        return 0.0
    if published < first:
        return (first - published).total_seconds() / 86400
    if published > last:
        return (published - last).total_seconds() / 86400
    return 0.0


def choose_event(
    features: ArticleFeatures,
    candidates: list[EventSummary],
    *,
    window_days: float = DEFAULT_WINDOW_DAYS,
    threshold: float = DEFAULT_MATCH_THRESHOLD,
    late_threshold: float | None = DEFAULT_LATE_THRESHOLD,
) -> int | None:
    """The best-scoring event the article belongs to, or None to start a new one.

    An event is open for ``window_days`` around its reports. A later follow-up (an arrest, a trial, a funeral
    weeks on) may still join a closed event, but only on a strong match (``late_threshold``; None disables it),
    so a new incident at the same place does not. Ties go to the lower event id so every worker and the replay
    make the same choice.
    """
    best: tuple[float, int] | None = None
    for event in candidates:
        outside = _days_outside(features.published, event)
        if outside > window_days and late_threshold is None:
            continue
        needed = threshold if outside <= window_days else max(threshold, late_threshold or 1.0)
        score = _raw_score(features, event)
        if score >= needed and (
            best is None or score > best[0] or (score == best[0] and event.event_id < best[1])
        ):
            best = (score, event.event_id)
    return best[1] if best else None


def _merge_totals(old: dict[str, int | None], new: dict[str, int | None]) -> dict[str, int | None]:
    merged = dict(old)
    for kind, value in new.items():
        if value is not None and (merged.get(kind) is None or value > merged[kind]):
            merged[kind] = value
        else:
            merged.setdefault(kind, value)
    return merged


def _merge_terms(old: dict[str, float], weight: int, new: dict[str, float]) -> dict[str, float]:
    combined = {w: v * weight for w, v in old.items()}
    for w, v in new.items():
        combined[w] = combined.get(w, 0.0) + v
    top = sorted(combined.items(), key=lambda kv: (-kv[1], kv[0]))[:EVENT_TERMS]
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return {w: round(v / norm, 6) for w, v in top}


def event_title(features: ArticleFeatures) -> str:
    """The headline, else the first sentence of the text, cut to 200 characters."""
    title = " ".join((features.title or "").split())
    if not title:
        first = re.split(r"(?<=[.!?])\s|\n", (features.text or "").strip(), maxsplit=1)[0]
        title = " ".join(first.split())
    return title if len(title) <= 200 else title[:199].rstrip() + "…"


def new_event(features: ArticleFeatures, event_id: int, *, now: datetime | None = None) -> EventSummary:
    """Summary of an event started by this article (``now`` dates it when the article has no date)."""
    seen = _utc(features.published) or _utc(now) or UNDATED
    return EventSummary(
        event_id=event_id,
        title=event_title(features),
        event_type=features.event_type,
        country=features.country,
        place=features.place,
        first_seen=seen,
        last_seen=seen,
        entities=dict(Counter(_entity_set(features))),
        terms=terms_of(features),
        totals=dict(features.totals),
        article_count=1,
        types={features.event_type: 1} if features.event_type else {},
    )


def merge_into(event: EventSummary, features: ArticleFeatures) -> EventSummary:
    """The event's summary once the article has joined it; the input is left unchanged."""
    published = _utc(features.published)
    # SQLite hands datetimes back without their zone, so every comparison is made in UTC.
    first, last = _utc(event.first_seen), _utc(event.last_seen)
    if published is not None:
        if first == UNDATED:
            first = last = published
        else:
            first, last = min(first, published), max(last, published)
    entities = Counter(event.entities)
    entities.update(_entity_set(features))
    # A long-running story collects hundreds of passing mentions; its most reported names are what identify it.
    entities = Counter(dict(entities.most_common(EVENT_ENTITIES)))
    types = Counter(event.types)
    if not types and event.event_type:  # a summary stored without its type counts
        types[event.event_type] = event.article_count
    if features.event_type:
        types[features.event_type] += 1
    # The majority type wins so one misclassified report does not relabel the event.
    event_type = max(sorted(types), key=lambda t: types[t]) if types else event.event_type
    return replace(
        event,
        event_type=event_type,
        country=event.country or features.country,
        place=event.place or features.place,
        first_seen=first,
        last_seen=last,
        entities=dict(entities),
        terms=_merge_terms(event.terms, event.article_count, terms_of(features)),
        totals=_merge_totals(event.totals, features.totals),
        article_count=event.article_count + 1,
        types=dict(types),
    )


# ---------------------------------------------------------------- reference driver


class InMemoryLinker:
    """Links a stream of articles with dict indexes standing in for the store's key tables.

    Every lookup is an equality lookup on a key (fingerprint, URL, LSH band, event key), and each key's posting
    list is read newest first and capped, as a DB would with an index on (key, last_seen) and a LIMIT; so the
    cost per article depends on how many articles share a key within the window, not on the history's size.
    """

    def __init__(
        self,
        *,
        dup_threshold: float = DEFAULT_DUP_THRESHOLD,
        num_perm: int = DEFAULT_NUM_PERM,
        window_days: float = DEFAULT_WINDOW_DAYS,
        match_threshold: float = DEFAULT_MATCH_THRESHOLD,
        late_threshold: float | None = DEFAULT_LATE_THRESHOLD,
        per_key_limit: int = 50,
        max_candidates: int = 50,
    ) -> None:
        self.dup_threshold = dup_threshold
        self.num_perm = num_perm
        self.window_days = window_days
        self.match_threshold = match_threshold
        self.late_threshold = late_threshold
        self.per_key_limit = per_key_limit
        self.max_candidates = max_candidates
        self.events: dict[int, EventSummary] = {}
        self.event_of: dict[int, int] = {}
        self.original_of: dict[int, int] = {}
        self.signatures: dict[int, list[int]] = {}
        self.by_fingerprint: dict[str, int] = {}
        self.by_url: dict[str, int] = {}
        self.by_band: dict[str, list[int]] = {}
        # key -> event ids, least recently used first (a dict keeps insertion order): a (key, event_id) table
        # with a use sequence number, read ORDER BY seq DESC LIMIT per_key_limit.
        self.by_key: dict[str, dict[int, None]] = {}
        self._next_event = 1

    def _duplicate_of(self, features: ArticleFeatures, signature: list[int]) -> int | None:
        url = (features.url or "").strip().lower().rstrip("/")
        if url and url in self.by_url:
            return self.by_url[url]
        fingerprint = content_fingerprint(features.title, features.text)
        if fingerprint in self.by_fingerprint:
            return self.by_fingerprint[fingerprint]
        best: tuple[float, int] | None = None
        seen: set[int] = set()
        for band in lsh_bands(signature, threshold=self.dup_threshold, num_perm=self.num_perm):
            for other in self.by_band.get(band, [])[-self.per_key_limit :]:
                if other in seen:
                    continue
                seen.add(other)
                sim = similarity(signature, self.signatures[other])
                if sim >= self.dup_threshold and (best is None or sim > best[0]):
                    best = (sim, other)
        return best[1] if best else None

    def candidates(self, features: ArticleFeatures) -> list[EventSummary]:
        """Open events sharing a key with the article, most shared keys first, capped."""
        hits: Counter[int] = Counter()
        for key in event_keys(features):
            for event_id in islice(reversed(self.by_key.get(key, {})), self.per_key_limit):
                hits[event_id] += 1
        ranked = sorted(hits, key=lambda e: (-hits[e], e))[: self.max_candidates]
        return [self.events[e] for e in ranked]

    def _index(self, key: str, event_id: int) -> None:
        posting = self.by_key.setdefault(key, {})
        posting.pop(event_id, None)
        posting[event_id] = None

    def add(self, features: ArticleFeatures, signature: list[int]) -> tuple[int, int | None]:
        """Link one article; returns (event_id, id of the article it duplicates or None)."""
        duplicate_of = self._duplicate_of(features, signature)
        if duplicate_of is not None:
            duplicate_of = self.original_of.get(duplicate_of, duplicate_of)
            event_id = self.event_of[duplicate_of]
        else:
            event_id = choose_event(
                features,
                self.candidates(features),
                window_days=self.window_days,
                threshold=self.match_threshold,
                late_threshold=self.late_threshold,
            )
            if event_id is None:
                event_id = self._next_event
        self.record(features, signature, event_id, duplicate_of)
        return event_id, duplicate_of

    def record(
        self, features: ArticleFeatures, signature: list[int], event_id: int, duplicate_of: int | None = None
    ) -> None:
        """Store a decided link: the event summary, the article's keys and its signature."""
        aid = features.article_id
        if event_id in self.events:
            self.events[event_id] = merge_into(self.events[event_id], features)
        else:
            self.events[event_id] = new_event(features, event_id)
        if duplicate_of is not None:
            self.original_of[aid] = duplicate_of
        else:
            # A copy adds no new wording or names, so only originals are indexed for the event lookup.
            for key in event_keys(features):
                self._index(key, event_id)
        self._next_event = max(self._next_event, event_id + 1)
        self.event_of[aid] = event_id
        self.signatures[aid] = signature
        url = (features.url or "").strip().lower().rstrip("/")
        if url:
            self.by_url.setdefault(url, aid)
        self.by_fingerprint.setdefault(content_fingerprint(features.title, features.text), aid)
        for band in lsh_bands(signature, threshold=self.dup_threshold, num_perm=self.num_perm):
            self.by_band.setdefault(band, []).append(aid)
