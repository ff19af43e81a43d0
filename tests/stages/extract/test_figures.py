"""Casualty figures, one pattern family per test, on sentences written for these tests."""


def _totals(extractor, text, title=None):
    return extractor.extract(text, title)["totals"]


def _toll(extractor, text, title=None):
    """(killed, injured) of an article."""
    totals = _totals(extractor, text, title)
    return totals["killed"], totals["injured"]


def _assert_tolls(extractor, cases):
    for text, expected in cases.items():
        assert _toll(extractor, text) == expected, text


def _total(extractor, text, kind="killed"):
    return _totals(extractor, text)[kind]


def _figs(extractor, text, title=None, kind=None):
    figs = extractor.extract(text, title)["figures"]
    return [f for f in figs if kind is None or f["kind"] == kind]


def test_it_reads_a_passive_toll_with_its_qualifier(extractor):
    (f,) = _figs(extractor, "At least 14 people were killed when the ferry sank on the lake.", kind="killed")
    assert (f["count"], f["qualifier"], f["victims"], f["total"]) == (14, "at_least", "people", True)


def test_it_reads_number_words_and_more_than(extractor):
    (f,) = _figs(extractor, "More than twenty-one villagers died in the landslide.", kind="killed")
    assert (f["count"], f["qualifier"]) == (21, "more_than")


def test_it_reads_the_object_of_an_active_verb(extractor):
    (f,) = _figs(extractor, "The storm killed nine fishermen off the northern coast.", kind="killed")
    assert f["count"] == 9 and f["victims"] == "fishermen"


def test_it_reads_a_headline_with_a_bound(extractor):
    totals = _totals(
        extractor, "Rescue teams searched the rubble on Monday.", "Quake in the valley kills over 80"
    )
    assert totals["killed"] == 80


def test_it_reads_injuries_and_their_kind(extractor):
    assert _toll(extractor, "Three people died and 12 others were injured in the blast at the depot.") == (
        3,
        12,
    )


def test_it_reads_left_dead_and_wounded(extractor):
    assert _toll(extractor, "The explosion left 4 dead and 17 wounded near the market.") == (4, 17)


def test_it_reads_a_rising_death_toll(extractor):
    totals = _totals(extractor, "The death toll from the floods rose to 45 on Tuesday, officials said.")
    assert totals["killed"] == 45


def test_it_counts_a_single_victim(extractor):
    totals = _totals(extractor, "A man was shot dead outside a bakery on Friday night.")
    assert totals["killed"] == 1


def test_it_counts_both_victims(extractor):
    totals = _totals(extractor, "Both victims died at the scene, the sheriff said.")
    assert totals["killed"] == 2


def test_it_reads_no_one_was_hurt_as_zero(extractor):
    totals = _totals(extractor, "The roof of the school collapsed overnight. No one was hurt.")
    assert totals["injured"] == 0


def test_it_reads_vague_amounts_as_a_lower_bound(extractor):
    (f,) = _figs(extractor, "Dozens of people were wounded in the stampede.", kind="injured")
    assert (f["count"], f["qualifier"]) == (24, "at_least")


def test_it_reads_a_range_by_its_lower_end(extractor):
    (f,) = _figs(extractor, "Between 30 and 40 miners were killed in the collapse.", kind="killed")
    assert (f["count"], f["qualifier"], f["low"], f["high"]) == (30, "range", 30, 40)


def test_a_hyphenated_range_is_a_range_not_a_sum(extractor):
    for text in (
        "Between 8-12 miners were killed in the collapse.",
        "8-12 miners were killed in the collapse.",
        "Between 8 and 12 miners were killed in the collapse.",
        "8 to 12 miners were killed in the collapse.",
    ):
        (f,) = _figs(extractor, text, kind="killed")
        assert (f["count"], f["qualifier"], f["low"], f["high"]) == (8, "range", 8, 12), text
    assert _total(extractor, "The shelling wounded 20-30 villagers.", "injured") == 20
    # a number word written with a hyphen stays one number
    assert _total(extractor, "Thirty - two fishermen drowned when the boat capsized.") == 32


def test_losing_a_life_and_other_ways_to_die_are_deaths(extractor):
    _assert_tolls(
        extractor,
        {
            "Seven passengers lost their lives when the bus left the road.": (7, None),
            "A fisherman lost his life in the storm.": (1, None),
            "Raiders slaughtered nine herders near the well.": (9, None),
            "Nine herders were slaughtered near the well.": (9, None),
            "An electrician was electrocuted while fixing the pylon.": (1, None),
            "Two infants suffocated in the overheated van.": (2, None),
            # who loses something else loses no life
            "Three families lost their homes in the blaze.": (None, None),
        },
    )


def test_people_rescued_or_brought_in_with_injuries_are_hurt(extractor):
    _assert_tolls(
        extractor,
        {
            "Five climbers were rescued with injuries after the avalanche.": (None, 5),
            "Two workers were pulled from the debris with injuries.": (None, 2),
            "A boy was pulled from the river with head injuries.": (None, 1),
            "Eight pupils were hospitalized with injuries after the roof fell in.": (None, 8),
            # the wound says how it ended
            "A hiker was airlifted out with fatal injuries.": (1, None),
            "Nine tourists were rescued from the cable car.": (None, None),
        },
    )


def test_an_ordinal_alone_is_one_more_victim_after_those_told(extractor):
    _assert_tolls(
        extractor,
        {
            "Two guards were killed and a third was injured in the raid.": (2, 1),
            "Three hikers died; a fourth was badly hurt.": (3, 1),
            "Four pupils were wounded, and a fifth was shot as he ran.": (None, 5),
            # a share of something is no person
            "A third of the market burned down and two traders were killed.": (2, None),
        },
    )


def test_a_toll_that_went_past_a_number_is_more_than_it(extractor):
    cases = {
        "The death toll from the floods tops 230.": ("killed", 230, "more_than"),
        "The death toll has passed 230.": ("killed", 230, "more_than"),
        "The toll surpassed 230 on Tuesday.": ("killed", 230, "more_than"),
        "The number of injured exceeded 90.": ("injured", 90, "more_than"),
        "The death toll is nearing 230.": ("killed", 230, "nearly"),
        # reaching or climbing to a number is that number
        "The death toll climbed to 230.": ("killed", 230, "exact"),
        "The death toll reached 230.": ("killed", 230, "exact"),
    }
    for text, (kind, count, qualifier) in cases.items():
        (f,) = _figs(extractor, text, kind=kind)
        assert (f["count"], f["qualifier"]) == (count, qualifier), text
    assert _figs(extractor, "The freight train passed 12 stations.") == []


def test_a_couple_is_two_people(extractor):
    _assert_tolls(
        extractor,
        {
            "A couple was shot dead outside their shop.": (2, None),
            "An elderly couple died when the roof caved in.": (2, None),
            "Raiders killed a couple and their daughter.": (3, None),
            "A couple of bystanders were hurt by flying glass.": (None, 2),
            # a small number of things is no one
            "A couple of hours later a guard was wounded.": (None, 1),
            "He fired a couple rounds into the air.": (None, None),
        },
    )


def test_people_taken_or_held_hostage_are_kidnapped(extractor):
    for text, count in {
        "Bandits took 14 farm workers hostage near the border.": 14,
        "Nine tourists were held hostage by the kidnappers.": 9,
        "The gang is holding 25 villagers hostage.": 25,
        "Six engineers were taken hostage at the dam.": 6,
        "Three crew members were held captive for a week.": 3,
        "A pilot was taken hostage after the landing.": 1,
    }.items():
        assert _total(extractor, text, "kidnapped") == count, text
    # hostages who were killed are dead
    assert _toll(extractor, "Four hostages were killed during the raid.") == (4, None)


def test_it_reads_other_kinds(extractor):
    totals = _totals(
        extractor,
        "Police arrested 23 protesters in the square. Gunmen abducted five teachers on the road. "
        "About 3,000 residents were evacuated before the river burst its banks.",
    )
    assert (totals["arrested"], totals["kidnapped"], totals["evacuated"]) == (23, 5, 3000)


def test_it_ignores_ages_dates_calibres_money_and_durations(extractor):
    text = (
        "A 23-year-old man was arrested on 12 March 2021 after firing 82mm mortars for two hours. "
        "The city offered $5,000 to 40 families."
    )
    assert _figs(extractor, text, kind="killed") == []
    assert _figs(extractor, text, kind="injured") == []


def test_it_ignores_attackers_and_freed_detainees(extractor):
    text = (
        "The raid by more than 200 rebels on the barracks began at dawn. "
        "Guards recaptured more than 50 prisoners who had escaped, and the rebels freed hundreds of inmates."
    )
    assert _figs(extractor, text) == []


def test_it_ignores_a_parent_of_several_children(extractor):
    totals = _totals(extractor, "A father of 5 was killed in the crash on the interstate.")
    assert totals["killed"] == 1


def test_it_keeps_the_attribution_and_offsets(extractor):
    text = "Eleven soldiers were killed in the ambush, the army said."
    (f,) = _figs(extractor, text, kind="killed")
    assert f["attribution"] == "the army"
    assert text[f["start"] : f["end"]] == "Eleven"
    assert f["sentence"] == text


def test_offsets_index_the_title_and_text(extractor):
    title, text = "Bridge collapse", "Six workers died when the bridge gave way."
    (f,) = _figs(extractor, text, title, kind="killed")
    assert f"{title}\n\n{text}"[f["start"] : f["end"]] == "Six"


def test_it_adds_disjoint_groups_without_a_stated_total(extractor):
    totals = _totals(
        extractor, "Four soldiers and two police officers were killed when their convoy hit a mine."
    )
    assert totals["killed"] == 6


def test_it_turns_shot_victims_who_survived_into_injuries(extractor):
    totals = _totals(extractor, "Five people were shot on the porch. One of them died at the hospital.")
    assert totals["injured"] == 4


def test_a_seed_shaped_article_keeps_the_total_and_its_parts_apart(extractor):
    title = "Rebels and army clash after depot raid kills over 60"
    text = (
        "At least 60 people have been killed in the north including nine civilians as fighting between the "
        "army and rebel fighters entered a third day, a rights group said Monday.\n"
        "The fighting began with an assault by more than 300 rebels on the army depot in the hills.\n"
        "At least 35 rebels and 16 soldiers have been killed since the start of the raid, the group said.\n"
        "Troops recaptured more than 40 prisoners who had fled the depot.\n"
        "At least nine civilians have also been killed, according to the group."
    )
    result = extractor.extract(text, title)
    killed = [f for f in result["figures"] if f["kind"] == "killed"]
    assert result["totals"]["killed"] == 60
    by_count = {(f["count"], f["total"]) for f in killed}
    assert (60, True) in by_count
    assert {(9, False), (35, False), (16, False)} <= by_count
    assert not any(f["count"] in (300, 40) for f in result["figures"])
    civilians = [f for f in killed if f["victims"] == "civilians"]
    assert civilians and all(not f["total"] for f in civilians)
    assert [f["attribution"] for f in killed if f["count"] == 60 and f["qualifier"] == "at_least"] == [
        "a rights group"
    ]


def test_it_reads_an_age_after_a_name_as_an_age_not_a_toll(extractor):
    totals = _totals(extractor, "Dana Whitfield, 19, was killed near the river, deputies said.")
    assert totals["killed"] == 1


def test_it_reads_a_headline_without_articles(extractor):
    totals = _totals(
        extractor, "Officers are still looking for the driver.", "Teen fatally shot outside gas station"
    )
    assert totals["killed"] == 1


def test_it_reads_an_age_alone_as_a_person(extractor):
    totals = _totals(
        extractor, "The crash happened late on Sunday.", "12-year-old killed, 9-year-old injured in crash"
    )
    assert (totals["killed"], totals["injured"]) == (1, 1)


def test_an_age_alone_that_suffers_a_fatal_wound_is_one_killed(extractor):
    totals = _totals(
        extractor, "Deputies are investigating.", "2-year-old suffers fatal gunshot wound at home"
    )
    assert (totals["killed"], totals["injured"]) == (1, None)


def test_a_list_of_victims_the_parser_hangs_on_its_last_noun_keeps_its_count(extractor):
    text = "The raid killed 55 Yemeni policemen and pro government tribal fighters."
    assert _total(extractor, text) == 55


def test_it_reads_the_death_of_someone_as_one_killed(extractor):
    totals = _totals(
        extractor, "A neighbour was charged on Monday in the shooting death of a 4-year-old boy."
    )
    assert totals["killed"] == 1


def test_a_single_victim_mentioned_twice_is_counted_once(extractor):
    text = "A woman was killed in the blaze on Oak Lane. The woman died before firefighters arrived."
    assert _total(extractor, text) == 1


def test_it_ignores_people_who_were_not_hurt(extractor):
    text = "A gunman shot a clerk at the store. Two customers were not injured."
    totals = _totals(extractor, text)
    assert totals["injured"] == 1


def test_it_ignores_figures_of_earlier_incidents(extractor):
    text = "A man was shot dead on Pine Street on Saturday. Last year, nine people were killed at the same corner."
    assert _total(extractor, text) == 1


def test_a_number_inside_a_name_is_not_a_count(extractor):
    text = "The Zone 5 officers were called to the house where a woman was found dead."
    assert _total(extractor, text) == 1


def test_any_verb_with_to_death_is_a_killing(extractor):
    assert _total(extractor, "A shopkeeper was beaten to death by a mob on the quay.") == 1
    assert _total(extractor, "Guards tortured a farmer to death in the barracks.") == 1


def test_a_death_sentence_is_not_a_death(extractor):
    assert not _total(extractor, "The smuggler was sentenced to death on Monday.")


def test_suffering_injuries_makes_the_sufferer_injured(extractor):
    assert _total(extractor, "The courier sustained minor injuries in the crash.", "injured") == 1
    totals = _totals(extractor, "Two passengers suffered serious injuries when the bus overturned.")
    assert totals["injured"] == 2


def test_fatal_injuries_are_a_death(extractor):
    assert _toll(extractor, "The pilot suffered fatal injuries when the glider came down.") == (1, None)


def test_medical_treatment_makes_the_patient_injured(extractor):
    totals = _totals(extractor, "Three climbers were treated for frostbite at a valley clinic.")
    assert totals["injured"] == 3


def test_a_wound_of_someone_who_died_is_not_an_injury(extractor):
    text = "The clerk suffered a gunshot wound to the chest and was pronounced dead at the scene."
    assert _toll(extractor, text) == (1, None)


def test_another_and_the_other_are_one_more_victim(extractor):
    assert _toll(extractor, "A falling crane killed one welder and badly injured another at the dock.") == (
        1,
        1,
    )
    assert _toll(extractor, "One guard was shot dead and the other was wounded in the raid.") == (1, 1)


def test_an_agent_noun_outside_the_person_list_is_a_person(extractor):
    assert _total(extractor, "A smuggler was killed in the ambush near the pass.") == 1


def test_an_attacker_is_not_counted_among_the_victims(extractor):
    assert not _total(extractor, "The assailant was killed by security guards.")


def test_a_toll_set_at_a_number_is_a_toll(extractor):
    assert _total(extractor, "Overall fatalities were estimated at 12.") == 12
    assert _total(extractor, "Unconfirmed fatalities coded as 4 by the analyst.") == 4
    assert _total(extractor, "Injuries were put at 30 by the district hospital.", "injured") == 30


def test_a_victim_who_died_after_being_shot_is_killed_not_injured(extractor):
    assert _toll(extractor, "A cashier was shot in the chest and died at the hospital.") == (1, None)


def test_a_killer_who_killed_himself_adds_one_to_his_victims(extractor):
    totals = _totals(extractor, "The sniper killed four hikers before killing himself on the ridge.")
    assert totals["killed"] == 5
    assert _total(extractor, "A man killed his wife, then himself.") == 2


def test_a_shooter_who_turned_the_gun_on_himself_is_dead_unless_told_alive(extractor):
    _assert_tolls(
        extractor,
        {
            "A man shot his 1-year-old daughter dead before turning the gun on himself.": (2, None),
            "A girl shot another girl at the school before turning the gun on herself.": (1, 1),
            "The 14-year-old turned the gun on herself and died at the scene.": (1, None),
            # a toll of the sentence may count him already
            "He shot a woman and a child before turning the gun on himself, leaving three dead.": (3, None),
        },
    )
    text = "He shot his wife before turning the gun on himself; he is in critical condition."
    assert _toll(extractor, text)[0] is None
    text = "Police say a man shot his girlfriend before turning the shotgun on himself."
    assert _toll(extractor, text, "Woman wounded in attempted murder-suicide")[0] is None


def test_a_child_who_shot_himself_is_one_victim_however_often_mentioned(extractor):
    text = "A boy fatally shot himself with his uncle's rifle. The boy died in the ambulance."
    assert _total(extractor, text) == 1


def test_an_attempt_to_kill_oneself_is_not_a_death(extractor):
    assert not _total(extractor, "The prisoner tried to kill himself in his cell.")


def test_a_relation_named_by_a_possessive_is_one_victim(extractor):
    assert _total(extractor, "Her son was killed in the crossfire.") == 1


def test_a_patient_in_a_stated_condition_is_injured(extractor):
    assert _total(extractor, "The two deckhands remain in critical condition.", "injured") == 2
    assert _total(extractor, "A cyclist was listed in stable condition on Sunday.", "injured") == 1


def test_whom_an_event_leaves_in_a_patients_state_is_injured(extractor):
    _assert_tolls(
        extractor,
        {
            "Two men were arrested over a shooting that left a 16-year-old boy in serious condition.": (
                None,
                1,
            ),
            "The shooting left two men in critical condition.": (None, 2),
            "The crash left a teenager in the hospital.": (None, 1),
            # a place left in a state is no one
            "The storm left the town in poor condition.": (None, None),
        },
    )


def test_people_in_the_hospital_after_a_harm_are_injured(extractor):
    _assert_tolls(
        extractor,
        {
            "Four people are in the hospital after a drive-by shooting.": (None, 4),
            "Two men remain in the hospital with gunshot wounds.": (None, 2),
            "Her mother was in the hospital when the storm hit.": (None, None),
        },
    )


def test_a_patient_in_a_stated_condition_who_died_is_not_injured(extractor):
    text = "The cyclist was in critical condition on Sunday. The cyclist died on Monday."
    assert _toll(extractor, text) == (1, None)


def test_a_thing_in_good_condition_is_no_casualty(extractor):
    assert not _total(extractor, "The bridge is in good condition after the storm.", "injured")


def test_a_gallery_caption_number_is_not_a_count(extractor):
    figures = extractor.extract("Image 2 of 9 A teenager was killed in a crash on Friday.")["figures"]
    assert not [f for f in figures if f["count"] in (2, 9)]


def test_an_age_after_also_is_an_age(extractor):
    totals = _totals(extractor, "Another girl, also 12, was shot in the arm.")
    assert totals["injured"] == 1


def test_a_clock_time_before_a_victim_is_not_a_count(extractor):
    totals = _totals(extractor, "Shortly after 3 a.m. a 19-year-old man was shot in the leg.")
    assert totals["injured"] == 1


def test_an_abbreviated_age_is_not_a_count(extractor):
    assert _total(extractor, "A 6-y/o girl was shot in the hand.", "injured") == 1


def test_a_single_victim_after_and_joins_the_numbered_list(extractor):
    text = "12 police personnel and a driver were killed when the mine exploded."
    assert _total(extractor, text) == 13


def test_a_person_struck_by_lightning_or_a_car_is_hurt(extractor):
    assert _total(extractor, "A 40 year old golfer was struck by lightning.", "injured") == 1
    assert _total(extractor, "Two pedestrians were hit by a car on the bridge.", "injured") == 2


def test_a_thing_struck_by_lightning_is_no_casualty(extractor):
    totals = _totals(extractor, "Three barns were struck by lightning overnight.")
    assert not totals["injured"]


def test_a_fatal_wound_is_a_death(extractor):
    totals = _totals(extractor, "A 14-year-old girl was fatally wounded at a party late Tuesday.")
    assert totals["killed"] == 1
    assert not totals["injured"]


def test_a_victim_gunned_down_was_killed(extractor):
    assert _total(extractor, "A teenager was gunned down in his neighborhood on Monday night.") == 1


def test_one_found_shot_who_later_died_is_not_also_injured(extractor):
    text = (
        "A 15-year-old has died after being shot in the head. When officers arrived, a 15-year-old "
        "male was found shot in the head and was taken to hospital."
    )
    totals = _totals(extractor, text)
    assert totals["killed"] == 1
    assert not totals["injured"]


def test_a_casualty_participle_after_a_person_names_the_victim(extractor):
    text = "Police on Friday identified a 17-year-old boy killed in a shooting on Thursday night."
    assert _total(extractor, text) == 1


def test_a_headline_names_a_victim_without_an_article(extractor):
    totals = _totals(
        extractor, "The suspect appeared in court on Monday.", title="Gunman shoots teen to death"
    )
    assert totals["killed"] == 1


def test_one_who_passed_away_or_was_pronounced_deceased_died(extractor):
    assert _total(extractor, "The teacher was taken to hospital, where she passed away.") == 1
    assert _total(extractor, "The juvenile was pronounced deceased at the scene.") == 1


def test_an_object_pronoun_is_one_victim_but_a_possessive_is_not(extractor):
    assert _total(extractor, "Paramedics pronounced him dead at the scene.") == 1
    assert not _total(extractor, "Her car was hit by gunfire on Main Street.", "injured")


def test_a_man_who_was_shot_and_has_died_is_killed_not_injured(extractor):
    totals = _totals(extractor, "A 5-year-old boy who was shot in the face at a home has died.")
    assert totals["killed"] == 1
    assert not totals["injured"]


def test_a_relative_clause_names_a_victim(extractor):
    assert _total(extractor, "Officers found a man who had been shot in the abdomen.", "injured") == 1
    assert _total(extractor, "The woman who died was 40.") == 1
    assert not _total(extractor, "The man who killed his wife was arrested.", "injured")


def test_one_shot_who_will_recover_is_injured_even_beside_a_death(extractor):
    text = "A man was found dead in the hallway. His nephew was also shot and is expected to recover."
    assert _toll(extractor, text) == (1, 1)


def test_a_charge_that_names_death_is_not_a_death(extractor):
    text = (
        "He was charged with attempted murder and discharge causing injury or death. "
        "The boy is in stable condition after being shot in the head."
    )
    totals = _totals(extractor, text)
    assert totals["injured"] == 1
    assert not totals["killed"]


def test_a_coders_stated_figure_is_the_figure_of_record(extractor):
    text = "An airstrike killed 3 civilians in the district. Fatalities coded as 0 (local media reported 3)."
    assert _total(extractor, text) == 0


def test_animals_and_days_of_the_month_are_not_victims(extractor):
    assert not _total(extractor, "Raiders killed 15 livestock before being repelled.")
    text = "Around 7 May 2020, a sniper killed 1 soldier near the base."
    assert _total(extractor, text) == 1


def test_an_incident_named_by_its_outcome_has_one_victim_at_least(extractor):
    assert _total(extractor, "A fatal car crash occurred during heavy rain on the highway.") == 1
    assert _total(extractor, "A moderate injury accident was reported on the bridge.", "injured") == 1
    text = "A fatal crash on the highway killed 3 people."
    assert _total(extractor, text) == 3


def test_a_person_drowned_is_killed_even_when_read_as_a_participle(extractor):
    assert _total(extractor, "An elderly woman drowned in flood waters near the park.") == 1


def test_taken_to_hospital_is_hurt_unless_a_death_follows(extractor):
    assert _total(extractor, "Both drivers were transported to a hospital for treatment.", "injured") == 2
    assert _toll(extractor, "A man was shot on Main Street. He was rushed to a hospital, where he died.") == (
        1,
        None,
    )


def test_stabbed_is_hit_and_those_not_reported_dead_are_injured(extractor):
    text = "Three people including a police officer were stabbed in an attack at the station."
    assert _total(extractor, text, "injured") == 3
    assert _toll(extractor, "A man stabbed 3 people in the street, one of whom later died.") == (1, 2)


def test_another_group_after_a_list_is_read_on_its_own(extractor):
    text = "A bomb killed at least 18 people including 8 civilians and 10 soldiers and another 27 people were wounded."
    assert _toll(extractor, text) == (18, 27)


def test_no_1_written_in_digits_is_a_zero(extractor):
    assert _total(extractor, "A bomb exploded near the town. No 1 was injured in the attack.", "injured") == 0


def test_the_shooting_death_of_any_person_is_one_death(extractor):
    text = "A teenager charged in the shooting death of a friend in late September has waived his case."
    assert _total(extractor, text) == 1
    text = "A father charged with the shooting death of his own 4-year old daughter is headed to trial."
    assert _total(extractor, text) == 1


def test_a_title_case_headline_names_its_victim_after_a_place(extractor):
    title = "Otter Tail County Boy Dies After Being Accidentally Shot"
    assert _totals(extractor, "He was flown to a hospital.", title=title)["killed"] == 1
    assert (
        _totals(extractor, "Police are investigating.", title="Teen Fatally Shot In Garfield")["killed"] == 1
    )


def test_attackers_killed_are_reported_apart_from_the_victims_toll(extractor):
    out = extractor.extract(
        "At least 22 civilians, 2 police officers and 5 attackers were killed in the siege of the hotel."
    )
    assert out["totals"]["killed"] == 24
    assert out["perpetrators"] == {"killed": 5}
    (attackers,) = [f for f in out["figures"] if f["perpetrator"]]
    assert (attackers["count"], attackers["victims"]) == (5, "attackers")


def test_one_of_the_assailants_shot_dead_is_no_victim(extractor):
    out = extractor.extract("One of the assailants was shot dead by the guards at the gate.")
    assert not out["totals"]["killed"]
    assert out["perpetrators"] == {"killed": 1}


def test_a_suspect_killed_by_police_is_a_casualty(extractor):
    out = extractor.extract("A drug suspect was killed during a police raid in the port district.")
    assert out["totals"]["killed"] == 1 and out["perpetrators"] == {}


def test_attackers_arrested_are_arrests(extractor):
    assert _total(extractor, "Police arrested two attackers near the border crossing.", "arrested") == 2


def test_a_toll_stated_elsewhere_already_counts_the_killer(extractor):
    text = (
        "Five people were found dead in the house. Police said the officer killed his wife, his two sons "
        "and his mother-in-law before killing himself."
    )
    assert _total(extractor, text) == 5


def test_the_one_who_killed_himself_is_counted_once_in_his_sentence(extractor):
    text = "The farmer accidentally shot and killed himself while cleaning his rifle in the barn."
    assert _total(extractor, text) == 1


def test_one_who_set_off_the_bomb_and_killed_only_himself_is_no_victim(extractor):
    out = extractor.extract(
        "A young man detonated a bomb at the bar, killing only himself but wounding 9 guests."
    )
    assert not out["totals"]["killed"] and out["perpetrators"] == {"killed": 1}
    assert out["totals"]["injured"] == 9


def test_a_bomber_killing_herself_and_a_guard_leaves_one_victim(extractor):
    out = extractor.extract(
        "A suicide bomber blew herself up at the bank, killing herself and a guard who stopped her."
    )
    assert out["totals"]["killed"] == 1 and out["perpetrators"] == {"killed": 1}


def test_what_would_or_was_meant_to_happen_is_no_casualty(extractor):
    for text in (
        "I pressed on the wound so he wouldn't die, the neighbour said.",
        "The caller said he was going to kill his wife.",
        "Police could not say if the man had died.",
        "There should have been five people dead that night.",
        "The men plotted to kill the judge.",
    ):
        assert not _total(extractor, text), text


def test_what_he_went_on_to_do_did_happen(extractor):
    text = "He fled in the van and went on to kill two drivers on the highway."
    assert _total(extractor, text) == 2


def test_a_casualty_clause_keeps_its_figure_when_only_its_cause_is_uncertain(extractor):
    text = "A dispute at a bar might have led to a shooting that left two men dead, police said."
    assert _total(extractor, text) == 2


def test_deaths_of_another_time_or_a_yearly_tally_are_background(extractor):
    for text in (
        "A year earlier, a man was shot and killed at the same corner.",
        "Accidental shootings kill dozens of children each year.",
        "Nineteen people have been killed in the city since June 21.",
        "Four people have been shot dead in the district this year.",
        "He was arrested in August 2014 after three men were shot dead in an alley.",
        "In the past two months, eight youths have been killed by gunfire.",
        "According to the 2014 report, at least 100 children were killed in unintentional shootings.",
        "A study by the group found that 141 minors died in accidental shootings.",
    ):
        assert not _total(extractor, text), text


def test_a_follow_up_keeps_the_incident_it_dates_months_back(extractor):
    text = (
        "A man was charged on Monday over a shooting that killed three people at a barbecue two months ago."
    )
    assert _total(extractor, text) == 3


def test_a_double_shooting_names_two_hit(extractor):
    totals = _totals(
        extractor,
        "Police are looking for two men after the shooting on Elm Street.",
        "Teen dead after double shooting",
    )
    assert (totals["killed"], totals["injured"]) == (1, 1)
    totals = _totals(extractor, "Officers arrested a man in connection with a quadruple shooting on Friday.")
    assert totals["injured"] == 4


def test_others_shot_are_not_the_dead(extractor):
    cases = {
        "A woman was killed when a man opened fire on the crowd. Four other women were also shot.": (1, 4),
        # a phrase too long to keep whole keeps its "another"
        "A 15-year-old was shot outside the restaurant. He later died at the hospital. "
        "Another 15-year-old in the red car was also shot.": (1, 1),
    }
    _assert_tolls(extractor, cases)


def test_injuries_to_someone_name_the_injured_wherever_the_parser_hangs_to(extractor):
    for text in (
        "A branch fell onto the car and caused minor injuries to the driver.",
        "A tree fell into a house that resulted in minor injuries to the occupant.",
    ):
        assert _total(extractor, text, "injured") == 1, text


def test_ages_in_a_list_and_street_numbers_are_not_victims(extractor):
    cases = {
        "Two men, ages 19, 23, and 31, and three women were injured in the shooting.": 5,
        "Police said seven people were shot outside the club at 120 Walnut Ave. early Sunday.": 7,
        "Jane Roe, 68 (shot outside the library), is recovering.": None,
    }
    for text, injured in cases.items():
        assert _total(extractor, text, "injured") == injured, text


def test_a_headline_in_title_case_keeps_its_number_before_a_street_like_word(extractor):
    out = extractor.extract("Police are looking for the driver.", "5 People Wounded In Drive-By Shooting")
    assert out["totals"]["injured"] == 5


def test_a_headline_counts_the_shot_even_when_the_parser_makes_shot_a_noun(extractor):
    assert _toll(extractor, "Police are investigating.", "4 Shot, 1 Killed During Argument") == (1, 3)
    assert not _total(extractor, "The gunman fired 3 shots into the air.", "injured")


def test_another_man_taken_to_hospital_is_not_the_dead_one(extractor):
    text = "One man is dead and another man was taken to an area hospital after the shooting."
    assert _toll(extractor, text) == (1, 1)


def test_a_patient_whose_state_is_told_beside_a_death_is_not_the_dead(extractor):
    cases = {
        "Three people are dead and two are in critical condition after they were wounded in a shooting.": (
            3,
            2,
        ),
        "A girl, 8, has died and her father is listed in critical condition after they were shot.": (1, 1),
        # told alone, the patient may be the one who died later
        "The boy was shot in the chest. He was taken to hospital in critical condition, and he later died.": (
            1,
            None,
        ),
    }
    _assert_tolls(extractor, cases)


def test_a_graze_or_a_blow_to_the_body_is_an_injury(extractor):
    for text in (
        "Police say a stray bullet grazed a 3-year-old boy inside the house.",
        "The woman was struck in the shoulder when the gun she was cleaning went off.",
        "The falling sign struck him in the head.",
    ):
        assert _total(extractor, text, "injured") == 1, text
    assert not _total(extractor, "The car struck a fence in the parking lot.", "injured")


def test_a_list_of_people_shot_counts_its_single_member_too(extractor):
    for text in ("A man and four women were shot on Sunday.", "Four women and a man were shot on Sunday."):
        assert _total(extractor, text, "injured") == 5, text
    # a share of a set already counted is no group besides it
    text = "Two of four other victims who were shot were released, and the other two are still in hospital."
    assert _total(extractor, text, "injured") == 4


def test_the_share_of_the_hit_said_to_be_fatal_is_killed(extractor):
    cases = {
        "Five people were shot, one fatally.": (1, 4),
        "Ten people were shot, two of them fatally, on Sunday.": (2, 8),
        "The gunman shot five people, one fatally.": (1, 4),
        "Four men were shot, one of them critically.": (None, 4),
    }
    _assert_tolls(extractor, cases)


def test_a_counted_group_shot_and_pronounced_dead_is_killed(extractor):
    for text in (
        "Two men were shot and were pronounced dead.",
        "Two men suffered gunshot wounds and were pronounced dead at the scene.",
    ):
        assert _toll(extractor, text) == (2, None), text
    assert _toll(extractor, "Five people were shot and two died.") == (2, 3)


def test_those_an_attack_left_with_wounds_are_hurt(extractor):
    assert _total(extractor, "The blast left two soldiers with serious injuries.", "injured") == 2
    assert _total(extractor, "The shooting left a woman with fatal wounds.") == 1


def test_those_also_shot_are_besides_the_dead(extractor):
    text = (
        "Two men were shot in the head and were pronounced dead at the scene. "
        "A 19-year-old man and an 18-year-old man also suffered gunshot wounds."
    )
    assert _toll(extractor, text) == (2, 2)
    # "also" after the verb tells where, not who else
    text = "A boy was shot at 9 p.m. on Oak Street, also in the city's north end. He died at the hospital."
    assert _toll(extractor, text) == (1, None)


def test_a_bound_the_parser_hangs_on_its_preposition_still_counts(extractor):
    (f,) = _figs(extractor, "The bombing killed 91 people and wounded over 300.", kind="injured")
    assert (f["count"], f["qualifier"]) == (300, "more_than")


def test_a_homicide_unit_investigating_is_no_death(extractor):
    text = "A 16-year-old accidentally shot his brother on Saturday, the county Homicide Unit said."
    assert _total(extractor, text, "injured") == 1


def test_an_article_that_says_the_shot_lived_keeps_its_injured_despite_a_word_of_death(extractor):
    text = (
        "A man accidentally shot his friend at a party. The friend is expected to recover. "
        "Police said such accidents are a leading cause of death among young men."
    )
    assert _total(extractor, text, "injured") == 1


def test_a_multiple_killing_names_its_dead(extractor):
    cases = {
        "Three men were arrested for the 2019 triple homicide on Elm Street.": 3,
        "Police are investigating an apparent double murder-suicide in a house on Oak Lane.": 3,
        "Neighbours said the couple had argued before the murder-suicide.": 2,
        "Police said five members of the family were found dead after the murder-suicide.": 5,
        "Officers responded to an attempted murder-suicide at the motel.": None,
        "Officers responded to an attempt murder-suicide at the motel.": None,
        "He was charged in the attempted murder of a neighbor.": None,
    }
    for text, killed in cases.items():
        assert _total(extractor, text) == killed, text


def test_a_body_part_is_not_a_victim(extractor):
    text = "Officers found a man with a gunshot wound to the shoulder; he later died at the hospital."
    assert _total(extractor, text) == 1 and not _total(extractor, text, "injured")


def test_a_single_victim_first_in_a_list_of_numbered_ones_joins_the_count(extractor):
    assert _total(extractor, "An infant and two women died after the shooting on Sunday.") == 3


def test_a_person_noun_without_its_article_is_one_victim(extractor):
    assert _total(extractor, "A gunman killed Russian ambassador at the gallery opening.") == 1
    assert _total(extractor, "Border Police guard was killed and 4 others were injured.") == 1


def test_killed_read_as_a_noun_still_counts_the_dead(extractor):
    assert _toll(extractor, "The bombing left at least 48 killed and 67 injured.") == (48, 67)


def test_a_body_found_is_one_dead(extractor):
    for text in (
        "On 28 April, a man's body was found by the road.",
        "The dismembered body of a girl was found floating by the river.",
        "The body of a local journalist was found in a field near the village.",
        "The FBI said a body was found inside the motel room.",
        "An unidentified body has been recovered from the canal.",
        "Firefighters found a body in the burned trailer on Sunday.",
    ):
        assert _total(extractor, text) == 1, text


def test_a_body_found_that_is_not_a_person_is_no_death(extractor):
    for text in (
        "Investigators found a body camera in the patrol car.",
        "Divers searched a body of water near the bridge.",
    ):
        assert not _total(extractor, text), text


def test_ranks_and_roles_are_persons(extractor):
    assert _total(extractor, "Gunmen assassinated a colonel outside the base.") == 1
    assert _total(extractor, "An adolescent was shot to death near the market.") == 1


def test_shot_and_injured_says_they_lived(extractor):
    assert _toll(extractor, "A teenager was shot to death and two children were shot and injured.") == (1, 2)


def test_a_coded_figure_counts_without_a_parse_and_adds_what_it_is_in_addition_to(extractor):
    assert (
        _total(
            extractor, "Jets struck a camp, killing mercenaries. Unknown number of fatalities coded as 10."
        )
        == 10
    )
    text = "Two soldiers were killed. Unknown fatalities coded at 3, in addition to 2 known fatalities."
    assert _total(extractor, text) == 5


def test_a_double_pipe_breaks_the_paragraph_and_keeps_offsets(extractor):
    text = "Two drivers were injured in the crash.||In a separate incident, a hiker died of exposure."
    out = extractor.extract(text)
    assert (out["totals"]["killed"], out["totals"]["injured"]) == (1, 2)
    for f in out["figures"]:
        assert text[f["start"] : f["end"]] in f["sentence"]


def test_shot_and_one_killed_with_its_own_subject_is_not_all_killed(extractor):
    assert _toll(extractor, "Police said four people were shot and one person killed outside the bar.") == (
        1,
        3,
    )
    assert _total(extractor, "A man was shot and killed on Elm Street.") == 1


def test_hurt_in_a_quote_is_a_feeling(extractor):
    for text in (
        '"There are no words to describe a child being hurt in this manner," said a neighbour.',
        "\"He's still a kid who is hurting, so don't hate him,\" his mother said.",
    ):
        assert not _total(extractor, text, "injured"), text
    assert _total(extractor, "Two people were hurt in the crash, police said.", "injured") == 2


def test_the_whole_of_one_of_five_is_not_the_dead(extractor):
    assert _toll(extractor, "Police say one of five people shot outside the lounge has died.") == (1, 4)
    assert _total(extractor, "Two of the four men were killed.") == 2
    assert _total(extractor, "He was one of three people killed and 27 wounded that night.") == 3


def test_bringing_the_number_of_fatalities_to_n_is_a_toll(extractor):
    assert _total(extractor, "A third victim has died, bringing the number of fatalities to three.") == 3
    assert _total(extractor, "The blast brought the number of injured to 40.", "injured") == 40


def test_a_name_the_model_mistakes_for_a_place_in_a_list_of_victims_is_a_person(extractor):
    text = "The gunman fired at the car, killing Jacinta Walker, 18, and Aveion Bolden, 20, police said."
    assert _total(extractor, text) == 2


def test_an_age_bound_is_not_a_count(extractor):
    text = "Four men and five women, all younger than 45, were injured and taken to hospitals."
    assert _total(extractor, text, "injured") == 9


def test_one_of_them_takes_its_group_from_the_sentence_before(extractor):
    text = (
        "Two men who ambushed a patrol near the river fled to the town. One of them was shot dead by "
        "police and the other was arrested."
    )
    result = extractor.extract(text)
    assert result["totals"]["killed"] in (None, 0) and result["perpetrators"] == {"killed": 1}


def test_a_pronoun_for_the_attacker_is_the_attacker(extractor):
    text = (
        "Five people were stabbed at the market. The attacker was chased by police who shot him, and he "
        "was pronounced dead at the scene."
    )
    result = extractor.extract(text)
    assert result["totals"]["injured"] == 5 and result["perpetrators"] == {"killed": 1}


def test_the_one_an_attacker_kills_is_his_victim(extractor):
    result = extractor.extract("A terrorist stabbed a student near the square and killed her.")
    assert result["totals"]["killed"] == 1 and result["perpetrators"] == {}


def test_one_of_them_inside_the_attackers_own_clause_is_a_victim(extractor):
    text = "Gunmen ambushed an army truck on the road, killing 1 of them and injuring 3 others."
    result = extractor.extract(text)
    assert (result["totals"]["killed"], result["totals"]["injured"]) == (1, 3)


def test_an_attackers_death_is_not_one_of_the_hit(extractor):
    text = (
        "Two militants stormed the hotel, stabbing four guests. One of the attackers was shot dead and "
        "the other was wounded by guards."
    )
    assert _total(extractor, text, "injured") == 4


def test_a_number_the_parser_cuts_loose_from_its_verb_still_counts(extractor):
    assert _toll(extractor, "A roadside bomb kills 35 and injures 27") == (35, 27)


def test_an_act_named_by_a_noun_counts_its_victims(extractor):
    text = "The knife attack resulted in the death of 2 people and the wounding of 5 others."
    assert _toll(extractor, text) == (2, 5)


def test_one_of_whom_is_a_part_of_the_group_before_it(extractor):
    assert (
        _total(extractor, "Four other officers were wounded, 1 of whom was seriously injured.", "injured")
        == 4
    )


def test_among_them_names_a_part_of_the_group_before_it(extractor):
    text = "An airstrike on a market killed 23 civilians, among them eight children."
    assert _total(extractor, text) == 23


def test_a_single_victim_of_a_gapped_clause_is_counted(extractor):
    _assert_tolls(
        extractor,
        {
            "A teenager was killed and his father wounded when a stray bullet hit their car.": (1, 1),
            "A soldier was killed and a civilian injured in the blast.": (1, 1),
        },
    )


def test_two_of_them_died_is_the_toll_of_a_group_that_was_hit(extractor):
    text = "Five people were shot outside the club. Two of them died. A man was later found dead nearby."
    assert _total(extractor, text) == 2


def test_neither_of_two_was_hurt(extractor):
    assert _total(extractor, "Neither the driver or the other passenger was injured.", "injured") == 0


def test_the_last_one_is_not_a_person(extractor):
    assert _total(extractor, "His number was the last one in a dead man's phone.") in (None, 0)


def test_a_report_taken_back_is_no_death(extractor):
    text = (
        "Five people were wounded at the club. Early reports said one person had died in the shooting, "
        "but that proved to be incorrect, officials said."
    )
    assert _toll(extractor, text) == (None, 5)


def test_people_treated_for_injuries_are_not_the_dead(extractor):
    text = (
        "A passenger was killed in the crash. Both drivers were transported to a hospital for treatment "
        "of injuries."
    )
    assert _toll(extractor, text) == (1, 2)


def test_the_driver_of_a_car_that_was_the_bomb_is_the_bomber(extractor):
    text = "A car rammed through the gates of the embassy and exploded, killing the driver and injuring 3 guards."
    result = extractor.extract(text)
    assert result["totals"]["killed"] in (None, 0) and result["perpetrators"] == {"killed": 1}


def test_the_driver_killed_in_a_crash_is_a_victim(extractor):
    for text in (
        "A truck crashed into a bus on the highway, killing the driver.",
        "A car exploded after the crash, killing the driver.",
    ):
        assert _total(extractor, text) == 1, text


def test_doctors_who_could_not_save_her_tell_of_her_death(extractor):
    text = "A man accidentally shot a girl. She was taken to the hospital, but doctors were not able to save her."
    assert _toll(extractor, text) == (1, None)


def test_a_death_from_a_month_and_year_gone_is_background(extractor):
    text = (
        "It brought back memories from February 2005 when her husband was murdered at a nightclub. "
        "Police said no one was killed in the shooting on Sunday."
    )
    assert _total(extractor, text) == 0


def test_a_broadcasters_number_is_not_a_count(extractor):
    for title in (
        "FOX 46 Charlotte - Man accidentally shoots 16-year-old girl",
        "Teen shot downtown - 19 Action News",
    ):
        assert _totals(extractor, "Police are investigating.", title)["injured"] == 1, title


def test_a_phone_number_and_a_number_of_shots_are_not_victims(extractor):
    text = (
        "The girl's mother was able to call 911. The man is believed to have shot about 10 times at the "
        "car, killing two people."
    )
    assert _toll(extractor, text) == (2, None)
    text = (
        "A boy was shot in the arm. Police received three emergency calls, the last for a person shot, "
        "and two reports of gunfire."
    )
    assert _toll(extractor, text) == (None, 1)


def test_an_age_set_off_after_the_other_is_an_age(extractor):
    text = (
        "Two men were shot near the bar. One, 21, is in critical condition. The other, 20, is in fair "
        "condition."
    )
    assert _total(extractor, text, "injured") == 2


def test_a_title_case_headline_is_read_in_sentence_case(extractor):
    for title, kind, count in (
        ("Gunman Shoots 4 People Outside Restaurant", "injured", 4),
        ("7 Hurt In Galt After Drive-By Shooting", "injured", 7),
        ("Eight Shot In Overnight Melee", "injured", 8),
    ):
        assert _totals(extractor, "Police are investigating.", title)[kind] == count, title


def test_a_bare_number_takes_the_casualty_word_right_after_it(extractor):
    for title, killed, injured in (
        ("1 Killed, 3 Hurt In Taunton Shooting", 1, 3),
        ("Shooting Leaves 9 Hurt, 1 Dead: Police", 1, 9),
    ):
        assert _toll(extractor, "Police are investigating.", title) == (killed, injured), title


def test_a_list_hung_on_its_first_item_shares_its_role(extractor):
    text = "A bomb exploded in a van and killed a suspected bomber, a soldier, 4 police and 4 civilians."
    result = extractor.extract(text)
    assert result["totals"]["killed"] == 9


def test_a_name_joined_to_a_person_is_a_person(extractor):
    text = "A bomber targeted the convoy of Ashraf Noor. Noor and his guard were killed."
    assert _total(extractor, text) == 2


def test_a_person_a_bullet_struck_was_hit(extractor):
    assert (
        _total(extractor, "A stray bullet went through the window and hit a woman in the leg.", "injured")
        == 1
    )
    assert (
        _total(extractor, "He was cleaning the pistol when it went off, striking his nephew.", "injured") == 1
    )
    assert _total(extractor, "The clerk fired a shot, striking the robber in the arm.", "injured") == 1


def test_one_a_bullet_struck_who_then_died_is_not_also_injured(extractor):
    text = "The rifle discharged, striking the boy in the chest. The boy was pronounced dead at the scene."
    assert _totals(extractor, text)["injured"] in (0, None)
    assert _total(extractor, "The storm hit the harbour town overnight.", "injured") is None


def test_a_wound_said_not_to_be_fatal_is_no_death(extractor):
    text = "The toddler was taken to the clinic after being shot. Officers do not believe the wound will be fatal."
    assert _total(extractor, text, "injured") == 1
    # with a typographic apostrophe
    text = (
        "The baby was taken to the hospital after being shot. Police didn’t believe the wound would be fatal."
    )
    assert _toll(extractor, text) == (None, 1)


def test_a_surname_tagged_as_a_person_once_stays_a_person(extractor):
    text = "Deputies say Marisol Quintanar was holding the revolver when it fired. Quintanar suffered a hand injury."
    assert _total(extractor, text, "injured") == 1


def test_a_coordinated_verb_without_a_subject_tells_of_the_first_subject(extractor):
    assert _total(extractor, "The little boy is fine and only suffered minor injuries.", "injured") == 1
    text = "The girl was found unharmed and was taken to the hospital as a precaution."
    assert _total(extractor, text, "injured") is None


def test_a_person_with_a_gunshot_wound_was_hit(extractor):
    assert _total(extractor, "A man arrived at the clinic with a gunshot wound to the leg.", "injured") == 1
    text = "Officers found a woman with a gunshot wound. She was pronounced dead at the scene."
    assert _totals(extractor, text)["injured"] in (0, None)
    assert _total(extractor, "Officers found a man with fatal gunshot wounds in the alley.") == 1


def test_the_shooting_of_people_names_those_hit(extractor):
    assert (
        _total(
            extractor, "Detectives are looking into the shooting of three people near the pier.", "injured"
        )
        == 3
    )
    assert _total(extractor, "A man was charged in the shooting of a cashier and a guard.", "injured") == 2
    assert _total(extractor, "Detectives are looking into the fatal shooting of two brothers.") == 2


def test_gunshot_victims_are_those_hit(extractor):
    text = "Two men were pronounced dead at the clinic. Two other gunshot victims arrived by car."
    assert _totals(extractor, text)["injured"] == 2
    text = "Deputies found four people suffering from gunshot wounds. One of them died at the hospital."
    assert (_totals(extractor, text)["killed"], _totals(extractor, text)["injured"]) == (1, 3)


def test_a_patient_in_a_coma_is_hurt(extractor):
    assert (
        _total(extractor, "A teenager remains in a medically induced coma after the robbery.", "injured") == 1
    )


def test_hostages_killed_are_dead_and_hostages_taken_are_kidnapped(extractor):
    assert _totals(extractor, "The gunmen executed 9 hostages on the second day.")["killed"] == 9
    assert _totals(extractor, "The gunmen took 9 hostages at the depot.")["kidnapped"] == 9


def test_one_who_started_shooting_is_the_shooter(extractor):
    assert _totals(extractor, "A man started shooting at passengers on the platform.")["injured"] is None


def test_a_list_of_single_victims_hung_by_apposition_counts_each(extractor):
    assert _total(extractor, "The blast killed a mayor, a teacher and a shopkeeper.") == 3
    assert _total(extractor, "Police said Ahmed, a driver, was killed.") == 1


def test_one_of_a_people_is_a_person(extractor):
    assert _total(extractor, "A Kenyan was killed by gunfire near the border post.") == 1


def test_the_deadliest_since_a_year_is_this_event(extractor):
    text = "The bombing killed at least 31 people, the deadliest attack in the city since 2014."
    assert _total(extractor, text) == 31


def test_a_detention_center_cares_for_no_wounds(extractor):
    assert _total(extractor, "The suspect was taken to the juvenile detention center.", "injured") is None
    assert _total(extractor, "The cashier was taken to the medical center.", "injured") == 1


def test_one_of_five_people_shot_is_one_dead_of_five_hit(extractor):
    assert _toll(extractor, "One of five people shot on Friday has died.") == (1, 4)


def test_the_number_that_shot_someone_is_the_shooter(extractor):
    assert _totals(extractor, "One man shot two others outside the bowling alley.")["injured"] == 2
    # the headline's object is a place, not someone shot
    assert _totals(extractor, "Rescuers came quickly.", "Three People Shot in Cedar Falls")["injured"] == 3


def test_the_other_one_shot_is_other_than_the_shooter(extractor):
    text = "Investigators say one brother accidentally shot the other. The boy died at the hospital."
    assert _toll(extractor, text) == (1, None)
    text = "A Lakeside man is charged with shooting another man in the chest. The victim died on Sunday."
    assert _totals(extractor, text)["injured"] is None


def test_the_other_of_two_victims_is_one_more(extractor):
    assert _toll(extractor, "The gunman killed one clerk and wounded another.") == (1, 1)


def test_persons_joined_by_or_are_one_person(extractor):
    text = "Police asked whether the girl shot herself or a cousin shot her. The child died on Monday."
    assert _toll(extractor, text) == (1, None)


def test_suspects_in_a_death_are_not_its_dead(extractor):
    text = "Three suspects in the shooting death of a cashier appeared in court on Friday."
    assert _total(extractor, text) == 1


def test_the_death_of_named_persons_counts_each(extractor):
    text = "A Lakeside man was charged in the deaths of Maria Lopez and James Carter on Monday."
    assert _total(extractor, text) == 2


def test_an_attempted_murder_kills_no_one(extractor):
    text = "He was charged with the attempted murder of a police officer."
    assert _total(extractor, text) is None


def test_the_apposition_of_a_name_is_who_that_person_was(extractor):
    text = "He was wanted in the death of Luis Ortega, a coworker and longtime friend."
    assert _total(extractor, text) == 1


def test_a_warrant_executed_is_no_one_killed(extractor):
    assert _total(extractor, "Detectives executed a search warrant at the house.") is None


def test_an_event_months_before_this_one_is_background(extractor):
    text = "The shooting came two months after a cashier was killed at the same corner."
    assert _total(extractor, text) is None
    text = "He died two days after he was shot outside the store."
    assert _total(extractor, text) == 1


def test_the_deaths_a_protest_is_about_are_not_its_toll(extractor):
    text = "Hundreds of residents marched on Sunday after soldiers shot dead a farmer near the market."
    assert _total(extractor, text) is None
    assert _total(extractor, "The protest was triggered by the death of a prisoner in custody.") is None
    text = "Students protested in the capital over the killing of a classmate by the police."
    (f,) = _figs(extractor, text, kind="killed")
    assert f["count"] == 1  # listed as what was said, not counted as the protest's


def test_the_deaths_at_a_protest_are_its_toll(extractor):
    assert _total(extractor, "Three protesters were killed when police fired on the march.") == 3
    assert _total(extractor, "Two people were killed in a rally where police fired live rounds.") == 2
    assert _total(extractor, "A mob beat a man to death after accusing him of theft.") == 1


def test_people_killed_or_injured_are_of_no_known_kind(extractor):
    assert _totals(extractor, "Four people were wounded or killed in the attack.")["injured"] is None
    assert _totals(extractor, "The storm killed or injured 40 people.")["killed"] is None
    text = "3 militants were killed, injured or captured in the operation."
    assert _total(extractor, text) is None
    assert _total(extractor, "Two people were killed and three were injured.", "injured") == 3


def test_a_victim_named_as_hurt_and_as_dead_is_one_of_the_dead(extractor):
    text = (
        "Deputies said Kyle Berrigan, 17, was killed by a gunshot at a farm near the river. "
        "Berrigan was the only person injured."
    )
    assert _toll(extractor, text) == (1, None)
    text = "Nadia Ferreira was shot in the chest. Ferreira died at the hospital. Tomas Ruiz was injured."
    assert _totals(extractor, text)["injured"] == 1
    # one family name is not one person
    text = "Paul Lindqvist was found dead in the house. His son, Oskar Lindqvist, 9, was found wounded."
    assert _toll(extractor, text) == (1, 1)


def test_a_named_victim_who_also_died_is_one_more(extractor):
    text = "Medics declared Dana Whitcombe dead at the scene. Her brother Elias also died of his injuries."
    assert _total(extractor, text) == 2
    # without "also", a second name may be the first victim again or someone from another case
    text = "Medics declared Dana Whitcombe dead at the scene. Police said Whitcombe died instantly."
    assert _total(extractor, text) == 1


def test_plural_deaths_of_single_persons_are_each_of_them(extractor):
    assert _total(extractor, "A teen was charged in the deaths of a baby and a man.") == 2
    totals = _totals(
        extractor, "Police made an arrest on Friday.", "Teen Charged in Shooting Deaths of Baby, Man"
    )
    assert totals["killed"] == 2
    assert _total(extractor, "He was charged in the murder of a woman and the assault of a man.") == 1


def test_links_to_other_stories_are_page_furniture(extractor):
    text = (
        "A man was shot dead outside a bakery on Elm Street on Friday, police said.\n\n"
        "MORE FROM CHANNEL 9\n\n"
        "+ 2 dead, 3 wounded in Riverside shooting\n\n"
        "• Four hurt as bus overturns on highway\n\n"
        "Related Coverage Six injured in warehouse fire\n\n"
        "Fire in Dover takes 2 lives | 0:38\n\n"
        "Police have not named the victim."
    )
    assert _toll(extractor, text) == (1, None)
    # a bulleted sentence of the story itself still counts
    text = "Police gave these details:\n\n• Two officers were injured in the struggle."
    assert _total(extractor, text, "injured") == 2


def test_the_incident_after_a_sentence_of_background_is_that_earlier_event(extractor):
    text = (
        "A woman was shot dead on Main Street on Sunday. "
        "In March 2019, the suspect opened fire on a crowd at a wedding. "
        "Six people were wounded in the incident."
    )
    assert _toll(extractor, text) == (1, None)
    text = "Two men were shot on Main Street on Sunday. One man died in the incident."
    assert _toll(extractor, text) == (1, 1)


def test_sentences_that_go_on_from_background_are_background(extractor):
    text = (
        "A teacher was shot dead at the school on Monday. "
        "The paper looked at each mass shooting since Aug. 1, 1966. "
        "Since then, there have been 127 mass shootings and 130 shooters. "
        "Of the shooters, only three were female and 73 died at the scene."
    )
    assert _toll(extractor, text)[0] == 1


def test_a_similar_event_and_what_befell_in_that_case_are_background(extractor):
    text = (
        "A man stabbed a student to death outside the library on Friday. "
        "Neighbours asked why a woman was charged with murder in a similar stabbing in Leeds. "
        "In that case, a 16-year-old was killed and a 13-year-old injured in a dispute over a stolen bicycle."
    )
    assert _toll(extractor, text) == (1, None)


def test_a_year_that_dates_a_noun_is_no_background(extractor):
    text = (
        "Gunmen attacked the air base, killing seven soldiers, including a sergeant who won a medal "
        "at the championships held in 1995."
    )
    assert _total(extractor, text) == 7
    # a clause that tells harm of its own is still another event
    text = "The gun was bought at the shop that sold the rifle used in the 2009 shooting that killed 13."
    assert _total(extractor, text) is None


def test_a_list_of_ages_counts_the_persons(extractor):
    text = "Investigators said the man shot and killed his sons, ages 3 and 4, at the farmhouse."
    assert _total(extractor, text) == 2
    assert _total(extractor, "Her daughters, aged 5, 7 and 9, were killed in the fire.") == 3


def test_some_of_the_hurt_who_died_are_killed_however_parsed(extractor):
    assert _toll(extractor, "Police said that 1 of 4 young children injured has died.") == (1, 4)
    assert _total(extractor, "Two of the 5 soldiers wounded later died in hospital.") == 2
    assert _total(extractor, "None of the wounded have died.") is None


def test_an_unborn_child_is_not_counted_among_the_dead(extractor):
    assert _total(extractor, "An ambush at a cookout killed five adults and an unborn child.") == 5
    assert _total(extractor, "He was charged in the death of a mother and her unborn child.") == 1


def test_groups_of_one_sentence_that_outgrow_the_toll_are_a_later_toll(extractor):
    text = (
        "Gunmen killed 11 people in the village on Monday. "
        "The toll rose by Friday with 11 farmers and 130 herders dead, the government said."
    )
    assert _total(extractor, text) == 141
    # parts within the toll stay parts of it
    text = "At least 120 people were killed, including 7 civilians and 12 soldiers."
    assert _total(extractor, text) == 120


def test_a_number_that_names_a_place_is_no_count(extractor):
    text = "He kicked open the door of apartment 304, where he shot and killed two residents."
    assert _total(extractor, text) == 2


def test_an_earlier_event_named_with_its_date_is_background(extractor):
    text = (
        "The shooting came days after a verdict in the July 19, 2012, Aurora, Colorado, theater shooting "
        "that killed 12 and injured 70."
    )
    assert _toll(extractor, text) == (None, None)
    # the event itself told with its date is not
    assert _total(extractor, "On 26 August 2021, a suicide bombing near the gate killed 183 people.") == 183


def test_a_corrected_count_replaces_the_larger_one_told_before(extractor):
    _assert_tolls(
        extractor,
        {
            "Police had originally said that seven people were shot, but amended that number to four.": (
                None,
                4,
            ),
            "Officials initially said 12 people were killed. The death toll was later revised down to 9.": (
                9,
                None,
            ),
            "Authorities first said five people died in the blast, but later lowered the toll to three.": (
                3,
                None,
            ),
            "Two people were shot. Police later corrected the number of people shot to three.": (None, 3),
            "Four people were hurt. The number of injured was revised to 6 on Monday.": (None, 6),
            # a count of something else corrects no toll
            "Two people were killed. The number of ambulances was reduced to 3.": (2, None),
            "Two people were killed. The damage estimate was revised to 3 million.": (2, None),
            "Two people were killed. He corrected the reporter to say three.": (2, None),
        },
    )


def test_a_toll_that_changed_from_one_number_to_another_is_the_later_one(extractor):
    (f,) = _figs(extractor, "By nightfall the toll had risen from 14 to 23 dead.", kind="killed")
    assert (f["count"], f["qualifier"]) == (23, "exact")
    _assert_tolls(
        extractor,
        {
            "The death toll climbed from six to nine on Friday.": (9, None),
            "The number of wounded jumped from 40 to at least 55.": (None, 55),
            "At least 64 villagers have died, up from 31 a day earlier.": (64, None),
            "Eleven miners were killed. Officials later revised the toll down from 11 to 8.": (8, None),
            # a range told "from … to" is still a range
            "Anywhere from 4 to 7 guards were wounded in the raid.": (None, 4),
        },
    )


def test_a_count_told_as_reported_before_yields_to_the_current_one(extractor):
    _assert_tolls(
        extractor,
        {
            "Authorities said earlier that four agents were injured. Three agents were injured in the shootout.": (
                None,
                3,
            ),
            "Initial reports said eight people were shot. Six people were wounded and one man died.": (1, 6),
            # told alone, it is still the count the article gives
            "As we first reported in July, two children and their father were found dead in a car.": (
                3,
                None,
            ),
            # "as we first reported" says who told it first, not that the count changed
            "As we first reported, two men were killed on Elm Street. One man was killed instantly.": (
                2,
                None,
            ),
        },
    )


def test_a_headline_count_gives_way_to_a_correction_in_the_body(extractor):
    text = "Police said seven people were shot but later amended the figure to four."
    assert _toll(extractor, text, "Seven shot at block party") == (None, 4)


def test_a_shooter_who_killed_himself_is_not_among_those_he_hit(extractor):
    text = (
        "A ten-year-old girl was shot and killed on Monday. The sheriff says the man shot the girl and a "
        "woman as they ran out the door, then fatally shot himself."
    )
    assert _toll(extractor, text, "Man accused in murder-suicide") == (2, 1)


def test_those_killed_along_with_a_group_add_to_it(extractor):
    _assert_tolls(
        extractor,
        {
            "Three soldiers were killed along with two civilians.": (5, None),
            "The blast killed four policemen, along with two children.": (6, None),
            "Three soldiers were killed. Police arrived along with two ambulances.": (3, None),
        },
    )


def test_victims_told_as_struck_by_gunfire_in_a_clause_are_hit(extractor):
    _assert_tolls(
        extractor,
        {
            "When officers arrived, they found four victims who had been struck by gunfire.": (None, 4),
            # hit, not hurt: the dead among them are not the injured
            "Police found four teenagers who were struck by gunfire. One of them, a 17-year-old, died.": (
                1,
                3,
            ),
            # a car that struck a fence hurt no one
            "Police found the car that had struck a fence.": (None, None),
            "Three men and a woman, as well as the infant, were hit in the gunfire.": (None, 5),
            "A bystander was hit in the crossfire.": (None, 1),
            "The car was hit in the gunfire.": (None, None),
        },
    )


def test_a_subject_the_parser_hangs_on_its_auxiliary_keeps_its_verb(extractor):
    _assert_tolls(
        extractor,
        {
            "His brother and his mother were both injured.": (None, 2),
            # "sustained gunshot wounds" is hit, so the dead are not among the injured
            "Four people had sustained gunshot wounds. One of the men died at the hospital.": (1, 3),
        },
    )


def test_the_children_of_a_mother_of_two_are_no_victims(extractor):
    text = "Seven people were hurt. A mother of two, 21-year-old Dana Quill, died at the scene."
    assert _toll(extractor, text)[0] == 1


def test_one_group_named_two_ways_is_counted_once(extractor):
    _assert_tolls(
        extractor,
        {
            "Two teens were shot and killed in the alley. Police say both teenagers died at the scene.": (
                2,
                None,
            ),
            "Three children were killed in the fire. The three kids were siblings.": (3, None),
        },
    )
    text = "Police found 2 teens dead in the alley. Two teenagers have been shot and killed in the city."
    assert _toll(extractor, text)[0] == 2


def test_an_event_told_by_its_month_last_year_or_weeks_before_is_background(extractor):
    text = (
        "A shooting outside the club left two teens dead. The city was the scene of another shooting last "
        "October, when one person was killed. The shooting came six weeks after a gunman killed 49 people "
        "at a nightclub."
    )
    assert _toll(extractor, text)[0] == 2


def test_a_year_the_headline_names_is_the_articles_own_event(extractor):
    title = "Three charged in 2014 West Side shooting that left teen dead"
    text = (
        "Three men were charged on Friday in a July 2014 shooting on the West Side that left a 13-year-old "
        "boy dead and six other people wounded."
    )
    assert _toll(extractor, text, title) == (1, 6)
    # without the headline the year still dates another event
    assert _toll(extractor, text) == (None, None)


def test_a_headline_year_after_which_the_event_came_is_still_background(extractor):
    title = "Four men shot on Elm Street; one was wounded after 2015 mass shooting"
    text = (
        "Four men were shot on Elm Street on Wednesday and all are expected to recover. "
        "One of them was also hurt in the 2015 Elm Street shooting, when three people were shot dead."
    )
    assert _toll(extractor, text, title)[0] is None
    title = "Suspect shot 3 others in 2015, police say"
    assert _toll(extractor, "In 2015 he shot three men in a bar.", title) == (None, None)


def test_a_death_told_only_as_background_takes_no_one_from_the_shot(extractor):
    text = (
        "A 5-year-old girl was in serious condition after accidentally shooting herself on Tuesday. "
        "A study found that 141 children died in unintentional shootings in 2015."
    )
    assert _toll(extractor, text) == (None, 1)


def test_ages_set_off_after_a_name_are_no_counts(extractor):
    text = "Marcus Delane, 25, of Baton Rouge, died in the shooting, while nine others were wounded."
    assert _totals(extractor, text)["killed"] == 1
    text = "The two other victims – Edgar Solis, 16, and Mara Quint, 13 – died at the scene."
    assert _total(extractor, text) == 2
    text = "Pictured: Dana Lowell (left), 37, and her son were also murdered."
    assert 37 not in [f["count"] for f in _figs(extractor, text)]
    text = "Officials said that Dennis Rowe, 66 and Gina Rowe, 64 were found dead inside the home."
    assert _total(extractor, text) == 2


def test_a_decade_of_age_and_an_age_range_are_no_counts(extractor):
    text = "One woman in her 20's died at the scene and three women in their early 30s were hurt."
    assert _toll(extractor, text) == (1, 3)
    assert _total(extractor, "Four other males, between the ages of 16-18 were also injured.", "injured") == 4


def test_killings_hoped_for_are_not_done(extractor):
    assert _total(extractor, "Police said the young man likely hoped to kill hundreds.") is None


def test_people_sent_to_hospital_are_hurt(extractor):
    assert _total(extractor, "The shooting sent five people to the hospital.", "injured") == 5
    text = "One of the victims in the shooting that sent five people to the hospital has died."
    assert _toll(extractor, text) == (1, 5)
    assert _total(extractor, "Police took 12 people to the station.", "injured") is None


def test_lives_are_counted_in_the_plural(extractor):
    assert _total(extractor, "The singer will open 21 Life of Pablo pop-up shops this weekend.") is None
    assert _total(extractor, "The attack cost 21 lives.") == 21
    assert _total(extractor, "One life was lost in the crash.") == 1


def test_a_life_claimed_is_a_death(extractor):
    text = "Police say a stray bullet has claimed the life of a three-year-old girl on Friday night."
    assert _total(extractor, text) == 1


def test_a_name_with_an_age_is_a_person(extractor):
    text = "Pulliam was arrested after 19-year-old Mekko Stumblingbear was found dead in a home."
    assert _total(extractor, text) == 1


def test_a_named_person_who_died_is_dead(extractor):
    text = "The school said that Zoruan Otto Harris, who died Saturday, was a recent graduate."
    assert _total(extractor, text) == 1


def test_a_person_fatally_shot_with_no_one_else_hit_is_the_one_hit(extractor):
    assert _total(extractor, "Police identified the man fatally shot on Monday.") == 1
    text = "Police have identified the teenager fatally shot May 4 on the first block of Elm Avenue."
    assert _total(extractor, text) == 1
    # who fires at something hits no one by that
    assert _total(extractor, "The officer fatally shot at the car.") is None
    assert _total(extractor, "The officer fatally shot the suspect.") == 1


def test_a_verb_joined_to_a_passive_without_its_auxiliary_is_passive(extractor):
    assert _toll(extractor, "A man was killed and at least six others shot at a house on Elm Street.") == (
        1,
        6,
    )
    assert _total(extractor, "Two men were shot and killed.") == 2
    assert _toll(extractor, "A man was arrested and two officers shot him.") == (None, 1)


def test_more_people_hit_are_besides_the_dead(extractor):
    text = "Two people were killed and seven more people shot when somebody sprayed rounds at a complex."
    assert _toll(extractor, text) == (2, 7)


def test_a_groups_initials_after_a_number_are_no_unit(extractor):
    assert (
        _total(extractor, "On 8 May 2020, 1 TMF fighter was shot and killed by snipers near the river.") == 1
    )
    assert _total(extractor, "The army fired 82mm mortars at the village.") is None
    assert _total(extractor, "The convoy stopped 5 KM from the border.") is None


def test_a_number_lost_among_names_counts_the_person_noun_after_them(extractor):
    text = (
        "The army launched artillery bombardments on Boko Haram/IS positions in Buk (Damboa LGA, Borno). "
        "56 BH/IS fighters were killed."
    )
    assert _total(extractor, text) == 56


def test_a_side_named_before_a_casualty_noun_is_a_victim_group(extractor):
    text = "Militiamen clashed with the army in the village, resulting in 2 rebel and 1 military fatality."
    assert _total(extractor, text) == 3
    assert _total(extractor, "The clash resulted in 3 militant and 2 civilian fatalities.") == 5
    text = "The attack caused 12 civilian deaths, the monitor said. 12 people died."
    assert _total(extractor, text) == 12


def test_a_quantity_of_persons_is_a_count(extractor):
    text = "The attack left 3 TMF fighters (including the director of the council) dead and 6 others injured."
    assert _toll(extractor, text) == (3, 6)
    assert _total(extractor, "The blast destroyed 5 tons of grain.") is None


def test_a_bare_number_in_a_parallel_clause_is_more_of_the_group(extractor):
    text = (
        "Militants attacked the base, where 6 fighters were killed by direct fire and 3 were killed by IEDs."
    )
    assert _total(extractor, text) == 9
    assert _total(extractor, "Five soldiers were killed on Monday and 3 were killed on Tuesday.") == 8
    assert _toll(extractor, "Five soldiers were killed and 3 were wounded.") == (5, 3)


def test_corpses_are_the_dead(extractor):
    text = "The corpses of around thirty suspected militants were discovered in the area."
    assert _total(extractor, text) == 30


def test_shooting_some_and_killing_one_of_them_kills_one(extractor):
    text = "The 17-year-old is charged with shooting four people and killing one of them."
    assert _toll(extractor, text) == (1, 3)
    assert _total(extractor, "The gunman shot and killed two people.") == 2


def test_a_dateline_is_not_who_shot_himself(extractor):
    text = (
        "MYRTLE BEACH, SC (WMBF) – An 18-year-old man shot himself in the chest while getting out of a "
        "car, and later died at a nearby hospital."
    )
    assert _total(extractor, text) == 1


def test_a_reflexive_joined_to_the_victim_is_the_killer_dead_too(extractor):
    assert _total(extractor, "A man shot and killed his wife and then himself.") == 2
    assert _total(extractor, "A man killed his wife and then himself.") == 2
    assert _total(extractor, "The gunman killed three people and himself.") == 4


def test_a_parenthesis_at_the_start_of_a_sentence_is_read_without_error(extractor):
    # the caption walk must not run past the sentence start (doc[-1] would be the last token)
    assert _total(extractor, "(left), 37, was killed.") == 37


def test_a_single_victim_of_a_separate_incident_is_another_person(extractor):
    text = (
        "A passenger was killed in the crash. "
        "In a separate incident, a student hiking in the snow died of exposure."
    )
    assert _total(extractor, text) == 2
    assert _total(extractor, "A man was shot dead on Elm Street. Police said the man was 30.") == 1


def test_a_toll_told_one_by_one_counts_each(extractor):
    text = "The medical examiner reported cold exposure fatalities, one in Ames and one in Boone."
    assert _total(extractor, text) == 2
    text = "There were three deaths, one in Ames, one in Boone and one in Nevada."
    assert _total(extractor, text) == 3


def test_a_counted_noun_with_its_own_casualty_clause_counts_inside_an_of_phrase(extractor):
    cases = {
        "The sheriff released the names of the four people who were murdered in their home.": 4,
        "The families of the three men killed on Elm Street met on Sunday.": 3,
        # a bare number has no clause of its own: the five are his children
        "A father of five who lived on Elm Street was killed.": 1,
    }
    for text, killed in cases.items():
        assert _total(extractor, text) == killed, text


def test_a_name_that_dies_is_a_person_whatever_the_model_tags_it(extractor):
    assert _total(extractor, "Cole died early Saturday morning after a game of Russian roulette.") == 1


def test_a_list_of_names_is_the_same_people_as_the_toll_told_elsewhere(extractor):
    text = (
        "Police released the names of three men slain at a barbershop. "
        "The examiner says Joe Williams, 29-year-old Bryan Dale and Kevin Perry died of gunshot wounds."
    )
    assert _total(extractor, text) == 3


def test_a_headline_that_names_a_killing_tells_of_at_least_one_death(extractor):
    body = "Police arrested the man on Tuesday."
    for title in (
        "Elm City man, 18, charged in shooting death",
        "Witness recalls details of fatal Elm City shooting",
        "Family says co-workers were playing when homicide victim was shot",
        "Shooter in fatal hunting accident identified",
        "3 charged in Elm City killings linked to robbery",
        "Elm City homicides",
    ):
        figures = _figs(extractor, body, title=title, kind="killed")
        assert [(f["count"], f["qualifier"]) for f in figures] == [(1, "at_least")], title


def test_a_headline_killing_adds_nothing_to_a_toll_or_an_attempt(extractor):
    assert _totals(extractor, "Three people were killed.", title="Fatal shooting in Elm City")["killed"] == 3
    title = "Man charged with attempted murder in Elm City"
    assert _totals(extractor, "A woman was shot in the arm.", title=title)["killed"] is None
    title = "Coroner says the death was not a homicide"
    assert _totals(extractor, "Police arrested the man on Tuesday.", title=title)["killed"] is None


def test_a_headline_victim_shot_comma_killed_is_killed(extractor):
    assert _toll(extractor, "He was 17.", title="Teenager shot, killed in Elm City identified") == (1, None)
    # a numbered group too, whether the parser makes "shot" a verb or a noun
    assert _toll(extractor, "Police are investigating.", title="Two young girls shot, killed by father") == (
        2,
        None,
    )
    assert _toll(extractor, "Police are investigating.", title="2 shot, killed in Elm City") == (2, None)
    assert _toll(extractor, "Police are investigating.", title="3 shot, 1 killed in Elm City") == (1, 2)


def test_a_named_victim_who_was_pronounced_dead_is_killed(extractor):
    text = (
        "A girl who was shot in a park on Monday has been identified as Tara Smith. "
        "Police had a hard time identifying Smith, who was pronounced dead at the hospital."
    )
    assert _toll(extractor, text) == (1, None)


def test_a_headline_victim_found_fatally_shot_or_shot_to_death_is_killed(extractor):
    for title in (
        "Family grieving after 17-year-old boy found fatally shot in garage",
        "Teen shot to death at Elm Court",
    ):
        assert _toll(extractor, "He was 17.", title=title) == (1, None), title


def test_a_list_that_goes_on_from_a_victims_name_counts_each_person(extractor):
    text = "Police say the man fatally shot his fiancee, Jane Roe, 34, and their 2-year-old son, John Roe, at home."
    assert _total(extractor, text) == 2
    assert _total(extractor, "The gunman killed a driver, Ali Hassan, and wounded two others.") == 1


def test_counted_people_with_wounds_are_hit_and_with_fatal_wounds_are_dead(extractor):
    text = "Police said five other victims showed up at the hospital with gunshot wounds."
    assert _total(extractor, text, "injured") == 5
    assert _total(extractor, "Three men arrived at the hospital with fatal gunshot wounds.") == 3


def test_a_bound_on_dozens_reads_the_people_counted(extractor):
    figures = _figs(
        extractor, "A rocket landed in the hall, injuring over two dozen civilians.", kind="injured"
    )
    assert [(f["count"], f["qualifier"], f["victims"]) for f in figures] == [(24, "more_than", "civilians")]
    assert _total(extractor, "A teen was injured in a shooting around six o'clock.", "injured") == 1


def test_people_driven_from_their_homes_are_displaced(extractor):
    for text, count in {
        "Fighting has forced 15,000 people to flee their homes.": 15000,
        "More than 15,000 people fled the fighting, the agency said.": 15000,
        "About 5,000 residents were forced from their homes.": 5000,
        "Some 12,000 people fled into neighbouring Uganda.": 12000,
        "More than 300 herders fled to nearby villages.": 300,
    }.items():
        assert _total(extractor, text, "displaced") == count, text


def test_one_who_fled_or_suspects_who_fled_the_scene_are_not_displaced(extractor):
    for text in (
        "Two men fled the scene in a silver car.",
        "Three suspects fled the area before police arrived.",
        "Two men fled the home after the shooting.",
        "After the stabbing, Doe took one of the trucks and fled to nearby Orange.",
        "Police said 40 people were forced from the building during the fire.",
    ):
        assert not _total(extractor, text, "displaced"), text


def test_an_outbreaks_cases_are_affected(extractor):
    assert _total(extractor, "The cholera outbreak has sickened more than 3,000 people.", "affected") == 3000
    assert _total(extractor, "At least 450 people have been infected since March.", "affected") == 450


def _kinds(extractor, text):
    return {k: v for k, v in _totals(extractor, text).items() if v}


def test_verbs_that_share_their_victims_each_count_them(extractor):
    assert _kinds(extractor, "Gunmen abducted and killed three aid workers in the region.") == {
        "killed": 3,
        "kidnapped": 3,
    }
    assert _kinds(extractor, "Three aid workers were abducted and killed.") == {"killed": 3, "kidnapped": 3}
    assert _kinds(extractor, "Insurgents wounded and kidnapped dozens of villagers.") == {
        "injured": 24,
        "kidnapped": 24,
    }
    assert _kinds(extractor, "Police arrested and charged 12 men.") == {"arrested": 12}
    assert _kinds(extractor, "An aid worker was abducted and killed near the border.") == {
        "killed": 1,
        "kidnapped": 1,
    }
    assert _kinds(extractor, "One man died and the other one was injured and arrested.") == {
        "killed": 1,
        "injured": 1,
        "arrested": 1,
    }


def test_verbs_that_share_victims_but_not_their_fate_do_not_double_them(extractor):
    assert _kinds(extractor, "Two men were shot and killed.") == {"killed": 2}
    assert _kinds(extractor, "Eight people were injured and evacuated to a hospital.") == {"injured": 8}
    # the dead and the hurt counted together: no part of it is known to be either
    for text in (
        "The blast killed and wounded dozens of people.",
        "A gunman fired on a bus, killing and injuring four.",
    ):
        assert not _kinds(extractor, text), text
    # a later verb with victims of its own shares nothing with the first
    text = "Militants attacked a post, killing 71 soldiers, wounding and kidnapping dozens of others."
    assert _kinds(extractor, text) == {"killed": 71, "injured": 24, "kidnapped": 24}
    text = (
        "A bomber blew himself up near a police convoy, killing at least 15 people, including 13 policemen "
        "and 1 soldier killed and wounding another 25, including 18 policemen and 6 civilians."
    )
    assert _kinds(extractor, text) == {"killed": 15, "injured": 25}
    text = "Police took two men into custody, but neither has been formally arrested."
    assert not _totals(extractor, text)["arrested"]


def test_the_dead_or_the_wounded_named_by_who_they_were_are_counted(extractor):
    for text, kind, toll in (
        ("Among the dead were four children, police said.", "killed", 4),
        ("The dead included two police officers.", "killed", 2),
        ("Among the wounded are three journalists.", "injured", 3),
        # and as a part where a toll is told
        ("Eleven people were killed in the bombing. Among the dead were four children.", "killed", 11),
    ):
        assert _total(extractor, text, kind) == toll, text


def test_the_last_of_a_listed_part_is_a_part_too(extractor):
    for text, kind, toll in (
        ("Police said four officers were wounded, including two deputies and a sergeant.", "injured", 4),
        ("Nine people were killed, including two children and a teacher from the village.", "killed", 9),
    ):
        assert _total(extractor, text, kind) == toll, text


def test_people_unaccounted_for_are_missing(extractor):
    assert _total(extractor, "Rescuers said 4 crew members are still unaccounted for.", "missing") == 4


def test_lives_claimed_are_the_dead(extractor):
    assert _total(extractor, "The flash flood claims 37 lives in the valley.") == 37


def test_a_new_victim_also_hurt_is_one_more_besides_those_told_before(extractor):
    for text, toll in (
        ("A girl was wounded in the shooting on Friday. A woman was also wounded, police said.", 2),
        ("A boy was seriously wounded in a shooting that also injured a woman on Tuesday night.", 2),
        ("A man was shot in the leg near the park. A woman was also shot in the arm.", 2),
        ("Carl Jones was shot in the wrist, and a 40-year-old woman was also wounded.", 2),
        # one told already, named again
        ("A woman was shot in the arm. The woman was also shot in the leg.", 1),
        ("The mother was hurt in the attack. The girl's mother was also shot, police said.", 1),
    ):
        assert _total(extractor, text, "injured") == toll, text
    # besides the dead, not the hurt
    text = "A teenager was shot in the chest. He died at the hospital. A man was also shot and is expected to recover."
    assert _toll(extractor, text) == (1, 1)


def test_a_single_victim_listed_with_a_counted_group_counts_with_it(extractor):
    for text, toll in (
        ("Police say four adults and a 3-year-old were shot on the east side on Monday.", 5),
        ("One officer was killed, two others and a woman injured in the attack.", 3),
        ("He and two other people are in stable condition at the hospital.", 3),
        ("The blast wounded four people and a fifth person was hurt by flying glass.", 5),
    ):
        assert _total(extractor, text, "injured") == toll, text
    assert _total(extractor, "Police said he and his two sons were found dead in the truck.") == 3


def test_both_as_a_subject_is_two_people(extractor):
    text = "Officers found a man and a woman near the car. Both were injured and are still in the hospital."
    assert _total(extractor, text, "injured") == 2
    assert _kinds(extractor, "One of the men was injured and both were arrested.") == {
        "injured": 1,
        "arrested": 2,
    }
    # the two told before, not two more
    assert (
        _total(extractor, "Two men were shot on Main Street. Both were taken to the hospital.", "injured")
        == 2
    )


def test_a_victim_told_by_place_says_at_least_that_many_were_hit(extractor):
    text = (
        "Officers found four victims who had been struck by gunfire. A fifth victim who was struck by gunfire "
        "was found later at a hospital."
    )
    assert _total(extractor, text, "injured") == 5
    assert (
        _total(extractor, "Police now say an 8th teen was injured in the weekend shooting.", "injured") == 8
    )
    # the dead are among them
    assert _toll(extractor, "Two people were killed. A third person was injured in the leg.") == (2, 1)
    # a place only possible, a place of something else, and a second that may follow no victim
    for text in (
        "There may be a fourth gunshot victim who has yet to come forward.",
        "The 3rd grade girl who was grazed by the bullet is resting at home.",
        "An officer fired his weapon, injuring a second officer.",
    ):
        assert _total(extractor, text, "injured") == 1, text


def test_others_are_besides_the_hurt_counted_before_them_in_their_sentence(extractor):
    text = (
        "One person was killed in the shooting at the club. One person was injured in a fight during the "
        "shooting, and the conditions of the five others who were shot are not known."
    )
    assert _toll(extractor, text) == (1, 6)
    text = "One man was in critical condition; the three others had minor injuries."
    assert _total(extractor, text, "injured") == 4
    # "the other victim" is one of the set told
    text = (
        "Four people from the home were injured, with three of the victims going to a local hospital and the "
        "other victim being taken to a hospital in Dallas."
    )
    assert _total(extractor, text, "injured") == 4


def test_lanes_of_traffic_are_not_victims(extractor):
    text = (
        "The gunman shot a man outside a law firm, crossed five lanes of traffic and shot three more people."
    )
    assert _total(extractor, text, "injured") == 3


def test_what_befell_a_group_is_not_its_name(extractor):
    text = (
        "A man was killed and five other men were injured. At least one of the five injured people "
        "has been released from the hospital."
    )
    assert _toll(extractor, text) == (1, 5)
    figs = _figs(extractor, "Police said the four wounded officers were taken to a hospital.", kind="injured")
    assert [f["victims"] for f in figs] == ["officers"]


def test_a_tally_of_many_incidents_is_background(extractor):
    _assert_tolls(
        extractor,
        {
            "A 9-year-old girl was killed in the shooting. At least 12 people have been killed and 50 wounded "
            "in the city since Friday.": (1, None),
            "A man was wounded on Elm Street. Police said 30 people were shot across the city over the "
            "weekend.": (None, 1),
            "A man was wounded on Elm Street. Thirty people were shot citywide over the weekend.": (None, 1),
            "A teenager was fatally shot on Monday. He was one of four people killed and 20 wounded over a "
            "ten-hour stretch.": (1, None),
            "Two men were wounded on Oak Street. Nine people were shot in five separate shootings "
            "overnight.": (None, 2),
        },
    )


def test_an_incident_told_hours_or_days_beside_another_tells_another_event(extractor):
    _assert_tolls(
        extractor,
        {
            "An officer was wounded on Sunday. The attack came hours before two deputies were shot dead in "
            "another state.": (None, 1),
            "A deputy was injured in the exchange. The shooting follows recent attacks on police in which "
            "eight officers died.": (None, 1),
            "A deputy was injured in the exchange. The incident came just over a week after three guards "
            "were killed at a depot.": (None, 1),
            # what came after the shooting tells the shooting itself
            "The arrest came two days after three people were shot outside a bar.": (None, 3),
        },
    )


def test_deaths_over_the_past_weeks_or_couple_of_years_are_background(extractor):
    _assert_tolls(
        extractor,
        {
            "Four people were hurt in the shooting. The quarrel between the families has cost three lives "
            "in the past couple of years.": (None, 4),
            "Three people were hurt Friday. Five people have been killed in the county in the past two "
            "weeks.": (None, 3),
        },
    )


def test_an_event_named_by_its_date_is_background_wherever_the_date_hangs(extractor):
    text = (
        "Two people were wounded on Saturday. The gunman used a rifle bought at a pawn shop in the March 4, "
        "2010, Dayton mall shooting that killed five people."
    )
    assert _toll(extractor, text) == (None, 2)


def test_the_harm_a_shooting_paid_back_is_another_event(extractor):
    _assert_tolls(
        extractor,
        {
            "A toddler was wounded on Monday. Detectives are looking into whether the attack was "
            "retaliation for the killing of a man on Sunday.": (None, 1),
            "A man was wounded. Police said the gunman wanted revenge for the death of his brother, who was "
            "shot last week.": (None, 1),
            "Two men were killed in retaliation for an earlier shooting that wounded three people.": (
                2,
                None,
            ),
            # the reprisal itself is this event
            "Two men were killed in what police called a revenge attack.": (2, None),
        },
    )


def test_a_list_of_videos_led_by_their_running_times_is_page_furniture(extractor):
    text = (
        "A man was wounded outside a bakery on Elm Street on Friday, police said.\n\n"
        "2:03 Storm topples oak tree onto house Pause\n\n"
        "1:52 Three dead in highway crash\n\n"
        "Police have not named the victim."
    )
    assert _toll(extractor, text) == (None, 1)
    # a timeline told by the clock is the story itself
    text = "10:03 PM - officers arrived\n\n10:17 PM - two officers were shot by the suspect"
    assert _total(extractor, text, "injured") == 2


def test_wounds_counted_are_not_people(extractor):
    text = (
        "Five women were hurt in the attack. A 30-year-old with two gunshot wounds to her arm was taken "
        "to a clinic."
    )
    assert _toll(extractor, text) == (None, 5)
    assert _toll(extractor, "3 dead, 2 wounded in shooting") == (3, 2)


def test_people_who_werent_hurt_are_not_counted(extractor):
    text = "A gunman shot a clerk at the store. Two shoppers who weren't hurt waited outside."
    assert _total(extractor, text, "injured") == 1
    text = "Police said the officer wasn’t hurt. The suspect was wounded."
    assert _total(extractor, text, "injured") == 1


def test_a_later_predicate_with_a_subject_of_its_own_tells_that_subjects_fate(extractor):
    _assert_tolls(
        extractor,
        {
            "Some 150 guests were at the wedding and three of them were shot after an argument.": (None, 3),
            "About 300 people were at the concert and six of them were injured in the stampede.": (None, 6),
        },
    )
    # the attackers' deaths are theirs, and the explosions are no victims
    assert _totals(extractor, "In the 3 explosions, 2 attackers were also killed.")["killed"] is None


def test_an_age_after_one_of_a_group_is_an_age(extractor):
    text = "One of the intruders, 41, was wounded in the hip and taken to a hospital."
    assert _total(extractor, text, "injured") == 1


def test_a_tally_between_two_days_or_of_another_stretch_is_background(extractor):
    _assert_tolls(
        extractor,
        {
            "A man was wounded on Elm Street. Police said 15 people were shot in the city between Saturday "
            "night and Monday morning.": (None, 1),
            "A man was wounded on Elm Street. In another violent stretch, six people were killed and eight "
            "others were hurt on Monday.": (None, 1),
        },
    )


def test_the_deaths_a_protest_held_or_staged_is_about_are_not_its_toll(extractor):
    for text in (
        "Farmers held a protest march outside the court, seeking justice for a herder who was killed by "
        "armed men.",
        "Villagers staged a rally on Monday for a teacher who was killed by police.",
    ):
        assert _total(extractor, text) is None, text
    text = "Villagers held a protest on Monday; police fired on them and killed two protesters."
    assert _total(extractor, text) == 2


def test_a_death_from_illness_is_no_casualty(extractor):
    _assert_tolls(
        extractor,
        {
            "His father succumbed to cancer in May.": (None, None),
            "Her uncle died naturally after a long illness.": (None, None),
            "Her grandfather died of natural causes.": (None, None),
            "Two people died from their injuries.": (2, None),
        },
    )


def test_a_toll_of_several_shootings_is_a_tally_but_several_attacks_may_be_one_event(extractor):
    text = "A man was wounded on Elm Street. Three men were wounded in two shootings on Labor Day."
    assert _toll(extractor, text) == (None, 1)
    assert _toll(extractor, "Two men were killed in two attacks on the village.") == (2, None)


def test_whom_a_gathering_was_held_for_died_before_the_harm_at_it(extractor):
    _assert_tolls(
        extractor,
        {
            "Three people were wounded at a vigil on Tuesday. The vigil remembered a waiter who was killed in "
            "a robbery.": (None, 3),
            "A girl was wounded at a memorial for a young man. Friends had come together to mourn the death "
            "of a cousin who was killed the week before.": (None, 1),
            # with no harm at the gathering, whom it mourns is the article's own dead
            "Neighbors mourned a waiter who was shot and killed on Tuesday.": (1, None),
        },
    )


def test_a_pronoun_hurt_that_stands_for_the_dead_one_is_the_dead_one(extractor):
    _assert_tolls(
        extractor,
        {
            "A 16-year-old died on Sunday after a hunting accident. The teenager was cleaning a rifle in a "
            "barn when he was wounded. The teen died at a hospital.": (1, None),
            "A man was killed on Elm Street. A woman was wounded when she was hit by a stray bullet.": (1, 1),
            "A teen was killed on Elm Street. Another teen said he was hurt when he fell.": (1, 1),
        },
    )


def test_a_toll_told_again_group_by_group_is_the_same_people(extractor):
    for text, toll in (
        ("Six villagers were killed in the attack. Police said four men and two women died.", 6),
        (
            "Eight relatives were shot dead in the raid. The victims, seven adults and a teenage boy, were found.",
            8,
        ),
        # people said to be besides those told before are more
        ("Three soldiers and two policemen were killed. Five civilians also died.", 10),
    ):
        assert _total(extractor, text) == toll, text


def test_babies_and_infants_are_one_group(extractor):
    text = "Two babies were killed in the crash. Two infants were killed in the crash, police said."
    assert _total(extractor, text) == 2


def test_one_of_a_set_is_a_single_victim_not_the_whole_toll(extractor):
    for text, toll in (
        ("Five police officers died that night. Smith was one of the four city officers to die.", 5),
        ("Three soldiers were killed in the ambush. One of the soldiers killed was a captain.", 3),
        ("Five soldiers were killed. The army said Lee, one of its sergeants, was also killed.", 5),
    ):
        assert _total(extractor, text) == toll, text


def test_people_counted_with_their_fate_before_them_are_people(extractor):
    for text in (
        "A guard was killed and five other men were hurt. The five injured people were taken to a hospital.",
        "A bomb killed two soldiers and wounded five civilians. The five wounded people were flown to the capital.",
    ):
        assert _total(extractor, text, "injured") == 5, text


def test_one_of_another_role_also_killed_is_besides_the_counted_groups(extractor):
    for text, toll in (
        ("Gunmen attacked a base, killing 7 soldiers. A civilian was also killed in the attack.", 8),
        ("Four guards were killed at the gate. Before the raid, the gunman also killed a farmer nearby.", 5),
        # a name, one of the group's own kind, or anyone beside a count of people may be one of them
        ("Three officers were shot dead. Police said Sergeant John Lee was also killed.", 3),
        ("Two people were killed in the shooting. A woman was also killed, police said.", 2),
    ):
        assert _total(extractor, text) == toll, text


def test_one_of_the_hurt_or_the_survivors_who_died_later_is_one_more_dead(extractor):
    text = "Three people died and three others were hurt. One of the injured died of his wounds a week later."
    assert _toll(extractor, text) == (4, 2)
    text = "Gunmen killed five aid workers. One of the survivors was later abducted and murdered."
    assert _total(extractor, text) == 6
    # a headline sums up the story as it stood when last told, the later death included
    title = "Gunfire kills man, wounds two in Oak Park"
    text = "A man and two women were shot on Sunday. One of the wounded has died, police said."
    assert _toll(extractor, text, title)[0] == 1


def test_a_list_of_single_victims_before_another_verb_counts_each(extractor):
    text = "A bombing in the east killed a lawmaker, his driver and a guard and injured 5 other people."
    assert _toll(extractor, text) == (3, 5)
    # a clause of its own after the comma is no part of the list
    assert (
        _total(extractor, "The gunman killed a guard, police and soldiers returned fire and wounded him.")
        == 1
    )


def test_names_listed_with_their_ages_count_each(extractor):
    for text, toll in (
        ("Officials said that Harold Baines, 66 and Martha Baines, 64 were found dead inside a home.", 2),
        (
            "He was charged in the deaths of Walter Lee Baxter, 23, William Ortiz, 32, and Bruce Allen Lane, 31.",
            3,
        ),
        # one death is one person, whatever follows the age
        (
            "Ron Lopez, 58, faces a manslaughter charge in the death of John McLean, 53, Sgt. Rick Hernandez said.",
            1,
        ),
    ):
        assert _total(extractor, text) == toll, text


def test_a_name_the_model_tags_as_a_person_elsewhere_is_a_person_in_a_list(extractor):
    for text, toll in (
        (
            "Officials say 36-year-old Peter Lowry, 5-year-old Sam Lowry and Ada Lowry, who was 2, were found dead.",
            3,
        ),
        ("Police said Kim Hale and Ada Hale were shot dead.", 2),
    ):
        assert _total(extractor, text) == toll, text


def test_people_named_in_one_list_beyond_the_toll_told_are_a_later_toll(extractor):
    text = (
        "Police arrested a man over a drive-by shooting that left one dead and three injured. "
        "Police named him as the suspect in the shooting that killed Maria Gonzalez, 21, and Davion Johnson, 22."
    )
    assert _total(extractor, text) == 2


def test_local_office_holders_and_aides_are_people(extractor):
    for text, toll in (
        ("In a village, the body of a former alderman was found near the market.", 1),
        ("An explosion at the rally killed a senator, his aide and a policeman.", 3),
    ):
        assert _total(extractor, text) == toll, text


def test_one_attacked_and_beaten_to_death_is_killed(extractor):
    for text, toll in (
        ("On 5 May, a village headman was attacked and beaten to death by a mob.", 1),
        ("A man was robbed and stabbed to death near the market.", 1),
    ):
        assert _toll(extractor, text) == (toll, None), text


def test_single_victims_killed_along_with_others_are_besides_them(extractor):
    for text, toll in (
        ("Three soldiers were killed, along with a civilian and a police officer.", 5),
        ("A man was killed along with his wife.", 2),
        ("Gunmen killed a teacher along with two students.", 3),
        ("Three people were killed along with a police officer.", 4),
        # one told with a fate or deed of his own, and a toll of another clause, are no part of it
        ("A teacher and his son were found dead on Sunday along with the wounded relative who shot them.", 2),
        (
            "The attack killed 85 soldiers along with 50 civilians, while other sources said 300 people died.",
            300,
        ),
    ):
        assert _total(extractor, text) == toll, text


def test_victims_of_an_act_the_attacker_did_next_add_to_those_of_the_act_before(extractor):
    for text, toll in (
        ("A gunman opened fire in a bar, killing 3 customers. He then drove off and shot a cyclist dead.", 4),
        ("The man rammed a bus stop, killing 2, before stabbing a guard to death at the station.", 3),
        (
            "Four soldiers and a nurse were killed in the blast. Two hours later a second bomber blew himself up,"
            " killing himself and a soldier who tried to stop him.",
            6,
        ),
        ("He robbed a shop, killing the cashier. He then stormed a cafe, where 3 diners were killed.", 4),
        ("The man shot his neighbour dead, then drove to a church and killed a priest.", 2),
    ):
        assert _total(extractor, text) == toll, text


def test_victims_told_again_after_a_toll_are_not_added_to_it(extractor):
    for text, toll in (
        # the story of the acts told after their toll, and the victims of the act before told again
        (
            "Three people were killed on Sunday. The gunman shot a man outside, then went in and shot a woman dead.",
            3,
        ),
        (
            "A sheriff said two guards were killed. The inmate grabbed a gun and then shot and killed the two guards.",
            2,
        ),
        # one hit before who then died, and the deeds of others
        ("A man was shot and later died at the hospital.", 1),
        ("A bomber killed 5 people at a market. Soldiers later shot two men dead near the scene.", 5),
        (
            "A car bomb killed 5 people in the north. A car bomb then hit a checkpoint and killed 2 soldiers.",
            5,
        ),
        # what had been done, told back
        (
            "The gunman killed a guard. Hours later, when police stormed the house, he had killed six people.",
            6,
        ),
        # restatements of one victim
        ("Two people were killed in the shooting. The victim, a 31-year-old man, was shot in the back.", 2),
        ("One woman was killed. Police named her as Jane Doe, who was then found dead in her car.", 1),
    ):
        assert _total(extractor, text) == toll, text
