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


@pytest.mark.parametrize(
    ("text", "expected", "subtype"),
    [
        ("Protesters threw stones at police and burned tyres outside the town hall.", "riot",
         "violent_demonstration"),
        ("The demonstration turned violent when marchers smashed shop windows.", "riot",
         "violent_demonstration"),
        ("Two rival groups of traders clashed in the market over stall space, injuring four.", "riot",
         "mob_violence"),
        ("Students held a protest march, but police fired tear gas to disperse them.", "protest", None),
    ],
)  # fmt: skip
def test_a_demonstration_is_a_riot_only_when_the_crowd_itself_is_violent(
    text: str, expected: str, subtype: str | None
) -> None:
    event_type, event_subtype, _ = classify(text)
    assert event_type == expected
    if subtype:
        assert event_subtype == subtype


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("Dozens of rebel fighters defected to the government side, a regional official said.",
         "change_to_group_activity"),
        ("Border guards intercepted a shipment of rifles hidden in a lorry.", "disrupted_weapons_use"),
        ("Engineers cleared hundreds of landmines from farmland near the old front line.",
         "disrupted_weapons_use"),
        ("The army entered the town without resistance after the militia left.",
         "non_violent_transfer_of_territory"),
        ("Authorities imposed a curfew in the capital to curb the outbreak.", None),
        ("Several shops were looted and burned overnight in the border town.",
         "looting_property_destruction"),
        ("The two sides completed an exchange of prisoners at the border crossing.", "agreement"),
        ("Opposition fighters moved into the village and met no resistance from the garrison.",
         "non_violent_transfer_of_territory"),
        ("Sappers began demining the road to the port.", "disrupted_weapons_use"),
        ("Extra battalions were stationed along the frontier and reservists were mobilised.",
         "change_to_group_activity"),
    ],
)  # fmt: skip
def test_non_violent_security_developments_are_strategic(text: str, subtype: str | None) -> None:
    event_type, event_subtype, _ = classify(text)
    assert event_type == "strategic_development"
    if subtype:
        assert event_subtype == subtype


def test_an_arrest_is_strategic_until_the_raid_turns_deadly() -> None:
    raid = "Police arrested five men in a raid on the village"
    assert classify(raid + ".")[0] == "strategic_development"
    assert classify(raid + " after a gunfight that killed two officers.")[0] == "battle"


@pytest.mark.parametrize(
    "text",
    [
        "Rebels attacked an army checkpoint and the soldiers returned fire for an hour.",
        "Troops repelled an insurgent incursion near the border, killing several attackers.",
        "Unknown gunmen ambushed a police patrol; two officers were wounded.",
    ],
)
def test_violence_against_armed_people_who_can_fight_back_is_a_battle(text: str) -> None:
    assert classify(text)[0] == "battle"


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("Government forces fired heavy machine guns and grenade launchers at militia positions.",
         "shelling_artillery_missile_attack"),
        ("Activists said civilians were attacked with poisonous gas dropped on the suburb.",
         "chemical_weapon"),
    ],
)  # fmt: skip
def test_heavy_weapons_and_gas_are_remote_violence(text: str, subtype: str) -> None:
    assert classify(text)[:2] == ("explosion_remote_violence", subtype)


@pytest.mark.parametrize(
    "text",
    [
        "A chemical plant exploded on Thursday, killing three workers.",
        "A gas leak at the factory forced the evacuation of nearby streets.",
    ],
)
def test_equipment_that_explodes_or_leaks_is_an_industrial_accident(text: str) -> None:
    assert classify(text)[:2] == ("accident", "industrial")


def test_assaulting_an_unarmed_person_is_violence_against_civilians() -> None:
    assert (
        classify("Militants assaulted a shopkeeper who refused to pay them.")[0]
        == "violence_against_civilians"
    )


def test_an_outbreak_mentioned_as_the_backdrop_does_not_make_the_event_an_epidemic() -> None:
    text = (
        "Police arrested two traders and confiscated their goods for breaking the rules during the "
        "coronavirus outbreak."
    )
    assert classify(text)[0] == "strategic_development"


def test_case_reports_still_make_an_epidemic() -> None:
    text = (
        "The ministry reported 300 new cases of the virus amid the pandemic, with infections rising in "
        "the north."
    )
    assert classify(text)[0] == "epidemic"


def test_an_arson_attack_without_victims_is_property_destruction() -> None:
    text = "Unknown people carried out an arson attack on an empty office building overnight."
    assert classify(text)[:2] == ("strategic_development", "looting_property_destruction")


def test_the_month_of_march_is_not_a_protest_march() -> None:
    report = "The river crested at 21 feet on 14 March and fell below flood stage on March 18."
    assert classify(report)[0] == "natural_disaster"
    assert classify("Thousands marched through the capital demanding new elections.")[0] == "protest"


@pytest.mark.parametrize(
    "text",
    [
        "A tree fell onto a parked car during strong gusts.",
        "Visibility dropped to near zero in dense fog along the coast.",
        "Whiteout conditions closed the mountain pass for hours.",
    ],
)
def test_weather_reports_without_disaster_words_are_still_natural_hazards(text: str) -> None:
    assert classify(text)[0] == "natural_disaster"


@pytest.mark.parametrize(
    "text",
    [
        "Security forces opened fire on peaceful demonstrators in the square, wounding twelve.",
        "Police baton-charged a human chain formed by students outside the college.",
    ],
)
def test_force_used_against_peaceful_demonstrators_is_still_a_protest(text: str) -> None:
    assert classify(text)[0] == "protest"


def test_armed_forces_taking_villages_is_a_battle() -> None:
    text = "Government troops captured two villages from the insurgents after a week of fighting."
    assert classify(text)[0] == "battle"


def test_smuggling_is_organised_crime() -> None:
    text = "Customs officers arrested four people smuggling counterfeit banknotes across the border."
    assert classify(text)[0] == "crime"


def test_mustard_gas_is_a_chemical_weapon() -> None:
    text = "Investigators said the army used mustard gas against the town in 2016."
    assert classify(text)[:2] == ("explosion_remote_violence", "chemical_weapon")
