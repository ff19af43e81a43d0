"""Casualty figures of the rule extractor, one pattern family per test, on sentences written for these tests."""

import pytest

from worker.stages.extract.core import Extractor


@pytest.fixture(scope="module")
def rules() -> Extractor:
    ex = Extractor()
    ex.nlp  # noqa: B018 - one model load for the module
    return ex


def figs(ex: Extractor, text: str, kind: str | None = None, title: str | None = None) -> list[tuple]:
    out = ex.extract(text, title)["figures"]
    return [
        (f["kind"], f["count"], f["qualifier"], f["victims"], f["total"])
        for f in out
        if kind in (None, f["kind"])
    ]


def test_it_reads_a_passive_figure_with_its_qualifier(rules: Extractor) -> None:
    assert figs(rules, "At least 14 hikers were killed when the bridge gave way.") == [
        ("killed", 14, "at_least", "hikers", False)
    ]


def test_it_reads_an_active_verb_and_its_object(rules: Extractor) -> None:
    assert figs(rules, "The rockets hit the market, killing nine traders.", "killed")[0][:2] == ("killed", 9)


def test_it_reads_adjectives_after_a_number(rules: Extractor) -> None:
    assert figs(rules, "The crash left 3 dead and five wounded.") == [
        ("killed", 3, "exact", "people", True),
        ("injured", 5, "exact", "people", True),
    ]


def test_it_reads_a_rising_death_toll(rules: Extractor) -> None:
    assert figs(rules, "The death toll rose to 45 on Tuesday.") == [("killed", 45, "exact", "people", True)]


def test_it_reads_number_words_and_scales(rules: Extractor) -> None:
    assert figs(rules, "Twenty-one miners died and 1.2 million people were displaced.") == [
        ("killed", 21, "exact", "miners", False),
        ("displaced", 1_200_000, "exact", "people", True),
    ]


def test_vague_amounts_are_lower_bounds(rules: Extractor) -> None:
    assert figs(rules, "Dozens of villagers were wounded in the raid.", "injured") == [
        ("injured", 24, "at_least", "villagers", False)
    ]


def test_single_victims_count_as_one_and_both_as_two(rules: Extractor) -> None:
    assert rules.extract("A farmer was shot dead outside his home.")["totals"]["killed"] == 1
    assert rules.extract("Both passengers died at the scene.")["totals"]["killed"] == 2


def test_no_one_hurt_is_a_zero(rules: Extractor) -> None:
    totals = rules.extract("The roof fell in overnight but no one was hurt.")["totals"]
    assert totals["injured"] == 0


def test_a_range_keeps_both_ends(rules: Extractor) -> None:
    (f,) = rules.extract("Between 10 and 15 people were injured in the stampede.")["figures"]
    assert (f["qualifier"], f["low"], f["high"], f["count"]) == ("range", 10, 15, 10)


def test_ages_dates_calibres_and_money_are_not_casualties(rules: Extractor) -> None:
    text = (
        "A 23-year-old man was injured on 12 May 2021 when 82mm mortars hit the camp, "
        "which had received $5,000 in aid two weeks ago."
    )
    assert [f[:2] for f in figs(rules, text)] == [("injured", 1)]


def test_attackers_and_freed_detainees_are_not_casualties(rules: Extractor) -> None:
    text = (
        "An assault by more than 200 gunmen on the depot freed 40 prisoners. "
        "Eleven guards were killed in the assault."
    )
    assert rules.extract(text)["totals"]["killed"] == 11
    assert [f[1] for f in figs(rules, text)] == [11]


def test_it_keeps_arrests_kidnappings_and_evacuations_apart(rules: Extractor) -> None:
    totals = rules.extract(
        "Police arrested 12 protesters. Gunmen abducted 30 students. Officials evacuated 4,000 residents."
    )["totals"]
    assert (totals["arrested"], totals["kidnapped"], totals["evacuated"]) == (12, 30, 4000)


def test_it_records_who_reported_the_figure(rules: Extractor) -> None:
    (f,) = rules.extract("Seven soldiers were killed in the ambush, the army spokesman said.")["figures"]
    assert f["attribution"] == "the army spokesman"


def test_offsets_index_the_title_and_text(rules: Extractor) -> None:
    title, text = "Quake kills 40", "At least 40 people died."
    doc = title + "\n\n" + text
    for f in rules.extract(text, title)["figures"]:
        assert doc[f["start"] : f["end"]] in ("40", "At least 40 people")
        assert f["sentence"] in doc
