from worker.stages.extract.core import Extractor
from worker.stages.extract.places import canonical, country_code, main_place


def test_it_folds_the_names_of_one_group() -> None:
    names = ("IS", "ISIS", "ISIL", "Daesh", "Islamic State group", "the Islamic State")
    assert {canonical(n, "ORG") for n in names} == {"Islamic State"}
    assert canonical("SDF", "ORG") == "Syrian Democratic Forces"


def test_it_maps_countries_and_demonyms_to_iso_codes() -> None:
    assert [country_code(n) for n in ("Syria", "Syrian", "U.S.", "Britain", "Kenya", "Qamishli")] == [
        "SY", "SY", "US", "GB", "KE", None,
    ]  # fmt: skip


def test_the_main_place_is_the_country_named_most_with_a_city() -> None:
    ents = [
        {"label": "GPE", "country": None, "canonical": "Kismayo", "start": 30},
        {"label": "GPE", "country": "SO", "canonical": "Somalia", "start": 50},
        {"label": "GPE", "country": "KE", "canonical": "Kenya", "start": 90},
        {"label": "GPE", "country": "SO", "canonical": "Somalia", "start": 120},
    ]
    assert main_place(ents) == {"country": "SO", "country_name": "Somalia", "region": None, "city": "Kismayo"}


def test_entities_carry_offsets_into_the_analysed_document() -> None:
    ex = Extractor()
    title, text = "Clashes in Iraq", "ISIS fighters attacked a checkpoint near Mosul, Iraqi officials said."
    doc = title + "\n\n" + text
    result = ex.extract(text, title)
    for e in result["entities"]:
        assert doc[e["start"] : e["end"]] == e["text"]
    assert result["place"]["country"] == "IQ"
