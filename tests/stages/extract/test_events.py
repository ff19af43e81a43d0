import pytest

from worker.stages.extract.events import TYPES, classify


@pytest.mark.parametrize(
    ("text", "expected", "subtype"),
    [
        (
            "Army troops clashed with rebel fighters near the border town for six hours.",
            "battle",
            "armed_clash",
        ),
        (
            "Warplanes carried out airstrikes on the outskirts of the city overnight.",
            "explosion_remote_violence",
            "air_drone_strike",
        ),
        (
            "A suicide bomber blew himself up at the gate of the ministry.",
            "explosion_remote_violence",
            "suicide_bomb",
        ),
        (
            "Gunmen abducted four farmers from their fields on Tuesday.",
            "violence_against_civilians",
            "abduction_forced_disappearance",
        ),
        (
            "Hundreds of teachers protested outside parliament demanding higher pay.",
            "protest",
            "peaceful_protest",
        ),
        (
            "Rioters hurled rocks at shops and set fire to cars in the main square.",
            "riot",
            "violent_demonstration",
        ),
        ("The two sides signed a ceasefire agreement in the capital.", "strategic_development", "agreement"),
        (
            "A magnitude 6.1 earthquake struck the coastal province before dawn.",
            "natural_disaster",
            "earthquake",
        ),
        ("A bus collided with a truck on the highway and overturned.", "accident", "transport"),
        ("Health officials reported 300 new cases of cholera in the district.", "epidemic", "outbreak"),
        (
            "Police said a man was shot in the 400 block of Elm Street; detectives are looking for a suspect.",
            "crime",
            None,
        ),
    ],
)
def test_it_recognises_each_event_type(text, expected, subtype):
    kind, sub, scores = classify(text)
    assert kind == expected
    if subtype:
        assert sub == subtype
    assert set(scores) == set(TYPES)
    assert abs(sum(scores.values()) - 1.0) < 0.01


def test_a_protest_about_a_lockdown_is_a_protest_not_an_epidemic():
    kind, _, _ = classify("Shop owners protested against the coronavirus lockdown in front of the town hall.")
    assert kind == "protest"


def test_a_text_without_cues_is_other():
    assert classify("The committee will publish its annual report next spring.")[0] == "other"


def test_the_headline_weighs_more_than_the_body():
    kind, _, _ = classify(
        "Officials met on Monday to discuss the budget.", title="Tornado tears through town"
    )
    assert kind == "natural_disaster"
