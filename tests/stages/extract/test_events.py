import pytest

from worker.stages.extract.events import TYPES, classify


@pytest.mark.parametrize(
    ("title", "text", "expected", "subtype"),
    [
        (None, "Army units clashed with rebel fighters for hours near the river crossing.", "battle", "armed_clash"),
        (None, "Warplanes carried out airstrikes on a fuel depot overnight.", "explosion_remote_violence",
         "air_drone_strike"),
        (None, "A suicide bomber blew himself up at the gate of the stadium.", "explosion_remote_violence",
         "suicide_bomb"),
        (None, "Unidentified gunmen abducted four farmers from their village.", "violence_against_civilians",
         "abduction_forced_disappearance"),
        (None, "Hundreds of teachers held a peaceful protest outside the ministry demanding unpaid wages.", "protest",
         "peaceful_protest"),
        (None, "Rioters torched shops and pelted police with stones after the verdict.", "riot", None),
        (None, "The two parties signed a ceasefire agreement in the capital.", "strategic_development", "agreement"),
        (None, "A magnitude 6.1 earthquake shook the valley before dawn.", "natural_disaster", "earthquake"),
        (None, "A tornado touched down and tore roofs off barns, the National Weather Service said.",
         "natural_disaster", "tornado"),
        (None, "The bus collided with a truck and overturned on the mountain road.", "accident", None),
        (None, "Health officials reported an outbreak of cholera with 40 new infections.", "epidemic", None),
        ("Man shot outside bar", "Police said the shooting happened after an argument; detectives are looking for "
         "a suspect.", "crime", None),
        (None, "The foreign minister met her counterpart for talks on trade.", "other", None),
    ],
)  # fmt: skip
def test_it_picks_the_type_and_subtype(
    title: str | None, text: str, expected: str, subtype: str | None
) -> None:
    event_type, event_subtype, scores = classify(text, title)
    assert event_type == expected
    if subtype:
        assert event_subtype == subtype
    assert set(scores) == set(TYPES)
    assert abs(sum(scores.values()) - 1.0) < 0.01


def test_nothing_recognisable_is_other() -> None:
    assert classify("The library reopened on Monday with longer hours.")[0] == "other"
