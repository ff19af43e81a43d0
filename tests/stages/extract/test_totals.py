"""Per-article totals: a stated total wins, parts never add, disjoint groups add, repeats count once."""

import pytest

from worker.stages.extract import Extractor

ARTICLE_TITLE = "Militia raid on river port kills over 60"
ARTICLE = (
    "At least 60 people have been killed in the river port including nine civilians as fighting between "
    "government troops and Red Valley militia fighters entered a third day, a local monitor said Monday.\n"
    "The fighting began on Friday with a raid by more than 150 militia fighters on the port's customs post, "
    "the group's largest operation in nearly two years.\n"
    "Militia fighters released dozens of their comrades held at the post, according to the monitor.\n"
    "\u201cAt least 31 militia members and 20 soldiers, including border guards and police officers, have been "
    "killed\u201d since the raid began, the monitor said.\n"
    "At least nine civilians have also been killed in the clashes, according to the monitor.\n"
)


@pytest.fixture(scope="module")
def rules() -> Extractor:
    ex = Extractor()
    ex.nlp  # noqa: B018 - one model load for the module
    return ex


def test_a_stated_total_wins_over_its_parts(rules: Extractor) -> None:
    result = rules.extract(ARTICLE, ARTICLE_TITLE)
    assert result["totals"]["killed"] == 60
    got = {
        (f["count"], f["qualifier"], f["victims"], f["total"])
        for f in result["figures"]
        if f["kind"] == "killed"
    }
    assert {
        (60, "at_least", "people", True),
        (9, "at_least", "civilians", False),
        (31, "at_least", "militia members", False),
        (20, "at_least", "soldiers", False),
    } <= got


def test_attackers_freed_comrades_and_durations_are_not_figures(rules: Extractor) -> None:
    counts = {f["count"] for f in rules.extract(ARTICLE, ARTICLE_TITLE)["figures"]}
    assert not counts & {150, 24, 2, 3}


def test_disjoint_groups_add_up_when_no_total_is_stated(rules: Extractor) -> None:
    text = "Four soldiers were killed in the ambush. Two civilians were also killed nearby."
    assert rules.extract(text)["totals"]["killed"] == 6


def test_a_part_is_never_added_to_its_total(rules: Extractor) -> None:
    text = "Twelve soldiers were killed, including three officers."
    assert rules.extract(text)["totals"]["killed"] == 12


def test_a_repeated_figure_counts_once(rules: Extractor) -> None:
    text = "Five miners were killed in the blast. Rescuers recovered the bodies of the five miners. Five miners died."
    assert rules.extract(text)["totals"]["killed"] == 5


def test_the_headline_is_the_fallback_when_the_body_has_no_figure(rules: Extractor) -> None:
    assert (
        rules.extract("Rescue teams are searching the rubble.", "Earthquake kills 18")["totals"]["killed"]
        == 18
    )


def test_a_part_larger_than_its_whole_is_a_group_of_its_own(extractor):
    text = "Four fighters, including the bomber and at least 7 civilians were killed in the attack."
    assert extractor.extract(text)["totals"]["killed"] == 11
    text = "Twelve people, including 7 civilians, were killed in the attack."
    assert extractor.extract(text)["totals"]["killed"] == 12
