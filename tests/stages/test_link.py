import json
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from worker.stages.link import (
    ArticleFeatures,
    EventSummary,
    InMemoryLinker,
    choose_event,
    content_fingerprint,
    event_keys,
    event_title,
    is_near_duplicate,
    lsh_bands,
    match_score,
    merge_into,
    minhash_signature,
    new_event,
    similarity,
    terms_of,
)

T0 = datetime(2024, 3, 4, 8, 0, tzinfo=UTC)

QUAKE_A = (
    "A magnitude 6.1 earthquake struck the mountain town of Velmora early on Tuesday, collapsing a school and "
    "two apartment blocks. Rescue teams from the Red Crescent dug through rubble for survivors while the "
    "regional governor Anton Brask said at least 14 people were killed and 60 injured. Aftershocks rattled "
    "the valley through the morning and the main road to Velmora was cut by a landslide."
)
QUAKE_A2 = (
    "Rescuers in Velmora kept searching the ruins of a collapsed school on Wednesday after the magnitude 6.1 "
    "earthquake. Governor Anton Brask raised the toll to 22 killed and more than 80 injured, and said the Red "
    "Crescent had opened shelters for families whose apartment blocks fell in the quake."
)
QUAKE_B = (
    "A magnitude 5.8 earthquake shook the coastal city of Portheny on Tuesday, damaging the harbour and a "
    "hospital wing. Mayor Lina Oduya said three people died when a warehouse roof fell in, and fishing boats "
    "were tossed onto the quay by a small wave. Engineers from the port authority inspected the breakwater."
)
SHOOT_A = (
    "Police in Darnell said a 19-year-old man was shot and killed outside a laundromat on Pike Street on "
    "Saturday night. Officers found Marcus Tell with gunshot wounds; he died at Saint Agnes Hospital. "
    "Detectives are looking for a silver sedan seen leaving the lot."
)
SHOOT_A2 = (
    "Darnell detectives have arrested a suspect in Saturday's killing of Marcus Tell, 19, outside a Pike "
    "Street laundromat. The silver sedan was found abandoned two miles away, police said."
)
SHOOT_B = (
    "Two women were wounded when gunfire erupted at a birthday party on Elm Avenue in Darnell early Saturday. "
    "Police said Rosa Kemp and Dana Whitlow were taken to Mercy General with injuries that are not life "
    "threatening. No arrests have been made in the Elm Avenue shooting."
)


def features(aid, text, *, title="", when=T0, etype=None, place=None, country=None, entities=(), url=None):
    return ArticleFeatures(
        article_id=aid,
        published=when,
        title=title,
        text=text,
        event_type=etype,
        country=country,
        place=place,
        entities=list(entities),
        totals={"killed": None, "injured": None},
        url=url,
    )


def test_the_fingerprint_ignores_case_spacing_and_punctuation():
    assert content_fingerprint("Quake", QUAKE_A) == content_fingerprint(
        "Other headline", QUAKE_A.upper() + "  !"
    )
    assert content_fingerprint("Quake", QUAKE_A) != content_fingerprint("Quake", QUAKE_B)


def test_a_short_body_is_fingerprinted_with_its_title():
    assert content_fingerprint("Fire in Oslo", "Read more.") != content_fingerprint(
        "Flood in Rome", "Read more."
    )


def test_signatures_are_json_storable_and_deterministic():
    sig = minhash_signature(QUAKE_A)
    assert len(sig) == 128
    assert json.loads(json.dumps(sig)) == sig == minhash_signature(QUAKE_A)


def test_a_lightly_edited_copy_is_a_near_duplicate_and_a_different_story_is_not():
    copy = QUAKE_A.replace("early on Tuesday", "on Tuesday morning").replace(
        " and the main road", ". The road"
    )
    assert is_near_duplicate(minhash_signature(QUAKE_A), minhash_signature(copy))
    assert not is_near_duplicate(minhash_signature(QUAKE_A), minhash_signature(QUAKE_A2))
    assert similarity(minhash_signature(QUAKE_A), minhash_signature(QUAKE_B)) < 0.1


def test_empty_texts_are_never_duplicates_of_each_other():
    assert similarity(minhash_signature(""), minhash_signature("")) == 0.0
    assert lsh_bands(minhash_signature("")) == []


def test_the_same_short_paywall_notice_under_two_headlines_is_not_a_copy():
    notice = (
        "Subscribe to keep reading. You have used all of your free articles this month, sign in to continue."
    )
    linker = InMemoryLinker()
    linker.add(features(1, notice, title="Two hurt in depot fire"), minhash_signature(notice))
    _, duplicate_of = linker.add(
        features(2, notice, title="Mayor opens new bridge"), minhash_signature(notice)
    )
    assert duplicate_of is None
    _, duplicate_of = linker.add(
        features(3, notice, title="Two hurt in depot fire"), minhash_signature(notice)
    )
    assert duplicate_of == 1


def test_near_duplicates_share_a_band_key():
    copy = QUAKE_A.replace("early on Tuesday", "on Tuesday")
    bands_a, bands_b = lsh_bands(minhash_signature(QUAKE_A)), lsh_bands(minhash_signature(copy))
    assert all(key.startswith("b") and ":" in key for key in bands_a)
    assert set(bands_a) & set(bands_b)


def test_band_count_follows_the_threshold():
    sig = minhash_signature(QUAKE_A)
    assert len(lsh_bands(sig, threshold=0.8)) < len(lsh_bands(sig, threshold=0.4))


def test_event_keys_name_the_place_the_entities_and_salient_terms():
    keys = event_keys(features(1, QUAKE_A, place="Velmora", entities=["Anton Brask", "Red Crescent"]))
    assert "place:velmora" in keys
    assert "ent:anton brask" in keys
    assert any(key.startswith("term:") for key in keys)
    assert len(keys) == len(set(keys))


def test_terms_are_normalised_and_skip_stop_words():
    terms = terms_of(features(1, QUAKE_A, title="Earthquake kills 14 in Velmora"))
    assert "earthquake" in terms and "the" not in terms
    assert abs(sum(v * v for v in terms.values()) - 1.0) < 1e-3


def test_a_follow_up_report_scores_higher_than_a_different_quake():
    event = new_event(
        features(1, QUAKE_A, place="Velmora", entities=["Velmora", "Anton Brask", "Red Crescent"]), 1
    )
    follow = features(2, QUAKE_A2, place="Velmora", entities=["Velmora", "Anton Brask", "Red Crescent"])
    other = features(3, QUAKE_B, place="Portheny", entities=["Portheny", "Lina Oduya"])
    assert match_score(follow, event) > 0.5 > match_score(other, event)


def test_it_joins_the_follow_up_and_keeps_two_quakes_apart():
    quake_a = new_event(features(1, QUAKE_A, place="Velmora", entities=["Anton Brask", "Red Crescent"]), 10)
    quake_b = new_event(features(2, QUAKE_B, place="Portheny", entities=["Lina Oduya"]), 11)
    follow = features(3, QUAKE_A2, when=T0 + timedelta(days=1), place="Velmora", entities=["Anton Brask"])
    assert choose_event(follow, [quake_b, quake_a]) == 10


def test_two_shootings_in_one_city_on_one_day_stay_apart():
    kw = {"etype": "crime", "place": "Darnell", "country": "US"}
    first = new_event(features(1, SHOOT_A, entities=["Marcus Tell", "Pike Street", "Darnell"], **kw), 1)
    other = features(2, SHOOT_B, entities=["Rosa Kemp", "Dana Whitlow", "Elm Avenue", "Darnell"], **kw)
    follow = features(3, SHOOT_A2, entities=["Marcus Tell", "Pike Street", "Darnell"], **kw)
    assert choose_event(other, [first]) is None
    assert choose_event(follow, [first]) == 1


def test_a_different_country_or_an_incompatible_type_lowers_the_score():
    base = new_event(features(1, QUAKE_A, etype="natural_disaster", country="XA", place="Velmora"), 1)
    base.first_seen = base.last_seen = T0 - timedelta(days=6)  # far enough apart not to saturate the score
    same = features(2, QUAKE_A2, etype="natural_disaster", country="XA", place="Velmora")
    elsewhere = features(3, QUAKE_A2, etype="natural_disaster", country="XB", place="Velmora")
    protest = features(4, QUAKE_A2, etype="protest", country="XA", place="Velmora")
    follow_up = features(5, QUAKE_A2, etype="other", country="XA", place="Velmora")
    assert match_score(elsewhere, base) < match_score(same, base)
    assert match_score(protest, base) < match_score(same, base)
    assert match_score(follow_up, base) == match_score(same, base)


def test_the_better_of_two_strong_candidates_wins():
    kw = {"etype": "natural_disaster", "place": "Velmora"}
    quake = new_event(features(1, QUAKE_A, entities=["Anton Brask", "Red Crescent"], **kw), 7)
    protest = new_event(features(2, QUAKE_A, entities=["Anton Brask", "Red Crescent"], etype="protest"), 3)
    follow = features(3, QUAKE_A2, entities=["Anton Brask"], **kw)
    assert match_score(follow, quake) == match_score(follow, protest) == 1.0
    assert choose_event(follow, [protest, quake]) == 7


def test_an_article_outside_the_window_needs_a_strong_match():
    event = new_event(features(1, QUAKE_A, place="Velmora"), 1)
    late = features(2, QUAKE_A2, when=T0 + timedelta(days=30), place="Velmora")
    assert choose_event(late, [event], late_threshold=None) is None
    assert choose_event(late, [event], late_threshold=0.999) is None
    assert choose_event(late, [event], window_days=40, late_threshold=None) == 1


def test_a_follow_up_weeks_later_reopens_its_event():
    event = new_event(features(1, QUAKE_A, place="Velmora", entities=["Anton Brask", "Red Crescent"]), 1)
    late = features(2, QUAKE_A2, when=T0 + timedelta(days=30), place="Velmora", entities=["Anton Brask"])
    assert choose_event(late, [event]) == 1


def test_undated_articles_are_matched_on_content_alone():
    event = new_event(features(1, QUAKE_A, when=None, place="Velmora", entities=["Anton Brask"]), 1)
    follow = features(2, QUAKE_A2, when=None, place="Velmora", entities=["Anton Brask"])
    assert choose_event(follow, [event]) == 1


def test_merging_keeps_the_highest_toll_and_widens_the_dates():
    event = new_event(features(1, QUAKE_A, etype="natural_disaster"), 5)
    event.totals = {"killed": 14, "injured": 60}
    later = features(2, QUAKE_A2, when=T0 + timedelta(days=1), etype="natural_disaster")
    later.totals = {"killed": 22, "injured": None}
    merged = merge_into(event, later)
    assert merged.totals == {"killed": 22, "injured": 60}
    assert merged.first_seen == T0 and merged.last_seen == T0 + timedelta(days=1)
    assert merged.article_count == 2 and event.article_count == 1
    assert isinstance(merged, EventSummary)


def test_dates_read_back_without_a_zone_are_taken_as_utc():
    event = new_event(features(1, QUAKE_A, when=None), 1)
    event.first_seen = event.last_seen = event.first_seen.replace(tzinfo=None)
    later = features(2, QUAKE_A2, when=datetime(2024, 3, 5, 9, 0))
    merged = merge_into(event, later)
    assert merged.first_seen == merged.last_seen == datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    stored = replace(merged, first_seen=T0.replace(tzinfo=None), last_seen=T0.replace(tzinfo=None))
    assert choose_event(features(3, QUAKE_A2, when=T0 + timedelta(days=1)), [stored]) == 1


def test_an_event_is_titled_by_its_headline_or_first_sentence():
    assert event_title(features(1, QUAKE_A, title="  Quake hits Velmora ")) == "Quake hits Velmora"
    assert event_title(features(1, QUAKE_A)).startswith("A magnitude 6.1 earthquake struck")


def test_the_linker_groups_follow_ups_and_marks_syndicated_copies():
    linker = InMemoryLinker()
    stream = [
        features(1, QUAKE_A, place="Velmora", entities=["Anton Brask", "Red Crescent"]),
        features(2, QUAKE_B, place="Portheny", entities=["Lina Oduya"]),
        features(
            3, QUAKE_A.replace("early on Tuesday", "on Tuesday"), title="Other headline", place="Velmora"
        ),
        features(4, QUAKE_A2, when=T0 + timedelta(days=1), place="Velmora", entities=["Anton Brask"]),
    ]
    results = [linker.add(f, minhash_signature(f.text)) for f in stream]
    assert results[0] == (results[0][0], None)
    assert results[1][0] != results[0][0]
    assert results[2] == (results[0][0], 1)
    assert results[3] == (results[0][0], None)


def test_a_copy_of_a_copy_points_at_the_original():
    linker = InMemoryLinker()
    linker.add(features(1, QUAKE_A), minhash_signature(QUAKE_A))
    linker.add(features(2, QUAKE_A, url="https://example.test/a"), minhash_signature(QUAKE_A))
    assert linker.add(features(3, SHOOT_A, url="https://example.test/a/"), minhash_signature(SHOOT_A))[1] == 1


def test_the_candidate_lookup_reads_a_bounded_number_of_recent_events_per_key():
    linker = InMemoryLinker(per_key_limit=5, max_candidates=3)
    for i in range(40):
        text = f"Storm number {i} hit the coast of Tarnby."
        linker.record(features(i, text, place="Tarnby"), minhash_signature(text), event_id=100 + i)
    found = [e.event_id for e in linker.candidates(features(99, "A storm hit Tarnby.", place="Tarnby"))]
    assert len(found) == 3
    assert all(e >= 135 for e in found)


@pytest.mark.parametrize("seed", [1, 2])
def test_linking_does_not_depend_on_dict_order(seed):
    stream = [
        features(i, t, place=p) for i, (t, p) in enumerate([(QUAKE_A, "Velmora"), (QUAKE_B, "Portheny")])
    ]
    random.Random(seed).shuffle(stream)
    linker = InMemoryLinker()
    ids = [linker.add(f, minhash_signature(f.text))[0] for f in stream]
    assert len(set(ids)) == 2


# ---------------------------------------------------------------- generated near-duplicate test

_NAMES = [
    "Arlen",
    "Bosk",
    "Carda",
    "Denvi",
    "Elsor",
    "Farro",
    "Gillan",
    "Hesta",
    "Idrun",
    "Jorvik",
    "Kessel",
    "Lunda",
    "Morrow",
    "Nadir",
    "Orsolo",
    "Pell",
]
_PLACES = [
    "Tarnby",
    "Quillon",
    "Bexmoor",
    "Ostrava",
    "Helling",
    "Marrow",
    "Vantor",
    "Cresby",
    "Dunmere",
    "Falkirk",
    "Yarrow",
    "Zeltin",
]
_THINGS = [
    "bridge",
    "depot",
    "clinic",
    "market",
    "tunnel",
    "warehouse",
    "ferry",
    "terminal",
    "school",
    "stadium",
    "barracks",
    "refinery",
]
_FILLER = [
    "local",
    "officials",
    "witnesses",
    "residents",
    "crews",
    "volunteers",
    "engineers",
    "medics",
    "investigators",
]
_SENTENCES = [
    "Officials in {p} said {n} people were hurt when the {t} was damaged on {d}.",
    "The mayor of {p}, {a} {b}, asked {f} to stay away from the {t} until it was declared safe.",
    "Police closed the roads around the {t} and diverted traffic through {q}.",
    "{a} {b}, who lives near the {t}, said the noise woke the whole street before dawn.",
    "Emergency crews from {q} arrived within {n} minutes and began searching the site.",
    "A spokesperson for the regional council said an inquiry into the {t} would open next week.",
    "Hospitals in {p} and {q} treated {n} patients, most of them for cuts and smoke inhalation.",
    "The {t} had been inspected in the spring and passed, according to records seen by {f}.",
    "Trains between {p} and {q} were suspended for {n} hours while engineers checked the line.",
    "{f} gathered outside the {t} in the evening to lay flowers and light candles.",
    "The governor, {a} {b}, promised money to rebuild the {t} and to help families who lost homes.",
    "Insurance assessors expect the cost of the damage in {p} to run into millions.",
    "Schools in {q} stayed open but cancelled outdoor activities for the rest of the week.",
    "Weather forecasters warned that strong winds could hamper the work of {f} overnight.",
    "A second, smaller incident at a {t} in {q} was reported shortly after noon but caused no injuries.",
    "Union leaders said staff at the {t} had complained about safety for {n} months.",
    "Relatives waited for news at a sports hall that {f} turned into a reception centre.",
    "The national railway operator said it would run extra buses from {p} on {d}.",
    "{a} {b} told reporters that the response had been fast and that lessons would be learned.",
    "Volunteers collected food, blankets and water at the town hall of {p}.",
    "Investigators have not ruled out sabotage but say a technical fault is more likely.",
    "Shops near the {t} reopened on {d} after the police lifted the cordon.",
    "The opposition called for the resignation of the minister responsible for the {t}.",
    "Aerial footage showed the roof of the {t} torn open and debris scattered across the car park.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_VOCAB = sorted(
    {w for s in _SENTENCES for w in s.replace(",", " ").replace(".", " ").split() if "{" not in w}
)


def _base_text(rng: random.Random) -> str:
    """A story from shared stock sentences; fresh names and numbers in each keep stories apart, as in news."""
    sentences = []
    # Each story also has facts of its own; stories made only of stock sentences would be rewrites of each other.
    pool = _NAMES + _PLACES + _THINGS + _FILLER + _VOCAB
    for _ in range(rng.randint(4, 7)):
        sentences.append(" ".join(rng.choice(pool) for _ in range(rng.randint(8, 14))).capitalize() + ".")
    for template in rng.sample(_SENTENCES, rng.randint(5, 8)):
        slots = {
            "p": rng.choice(_PLACES),
            "q": rng.choice(_PLACES),
            "t": rng.choice(_THINGS),
            "a": rng.choice(_NAMES),
            "b": rng.choice(_NAMES),
            "f": rng.choice(_FILLER),
            "d": rng.choice(_DAYS),
            "n": rng.randint(2, 90),
        }
        sentences.append(template.format(**slots))
    rng.shuffle(sentences)
    return " ".join(sentences)


def _syndicated_copy(text: str, rng: random.Random) -> str:
    """Up to 10 % of the words substituted, dropped or inserted, and the last sentence or so trimmed."""
    words = text.split()
    keep = len(words)
    sentence_ends = [i + 1 for i, w in enumerate(words) if w.endswith(".") and i + 1 < len(words)]
    trim_at = [e for e in sentence_ends if e >= 0.85 * len(words)]
    if trim_at and rng.random() < 0.7:
        keep = trim_at[0]
    words = words[:keep]
    edits = rng.randint(0, int(0.10 * len(words)))
    for _ in range(edits):
        i = rng.randrange(len(words))
        action = rng.random()
        if action < 0.6:
            words[i] = rng.choice(_VOCAB)
        elif action < 0.8 and len(words) > 10:
            del words[i]
        else:
            words.insert(i, rng.choice(_VOCAB))
    return " ".join(words)


def test_syndicated_copies_are_found_with_high_recall_and_precision():
    rng = random.Random(20240304)
    stream = []  # (time, family, text): copies follow their original within hours, families interleave
    for family in range(150):
        base, start = _base_text(rng), rng.uniform(0, 100)
        stream.append((start, family, base))
        stream.extend((start + rng.uniform(0.01, 2), family, _syndicated_copy(base, rng)) for _ in range(3))
    docs = [(family, text) for _, family, text in sorted(stream)]

    linker = InMemoryLinker()
    flagged = correct = 0
    originals_seen: set[int] = set()
    copies_expected = 0
    for aid, (family, text) in enumerate(docs):
        copies_expected += family in originals_seen
        originals_seen.add(family)
        art = features(aid, text, title=f"Headline {aid}")
        _, duplicate_of = linker.add(art, minhash_signature(text))
        if duplicate_of is not None:
            flagged += 1
            correct += docs[duplicate_of][0] == family
    recall, precision = correct / copies_expected, correct / flagged
    assert recall >= 0.98, recall
    assert precision >= 0.99, precision
