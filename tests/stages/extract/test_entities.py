from worker.stages.extract.entities import canonical, country_code


def test_it_folds_aliases_of_one_group():
    assert {canonical(n, "ORG") for n in ("ISIS", "ISIL", "Daesh", "Islamic State group", "IS")} == {
        "Islamic State"
    }
    assert canonical("SDF", "ORG") == "Syrian Democratic Forces"


def test_it_maps_countries_and_demonyms_to_iso_codes():
    assert country_code("Syria") == "SY"
    assert country_code("Syrian") == "SY"
    assert country_code("U.S.") == "US"
    assert country_code("Britain") == "GB"
    assert country_code("Hasakeh") is None


def test_it_returns_entities_with_offsets_and_the_main_place(extractor):
    text = "Fighters of ISIS attacked a checkpoint near Mosul in Iraq on Friday, Iraqi officials said."
    result = extractor.extract(text)
    by_text = {e["text"]: e for e in result["entities"]}
    mosul = by_text["Mosul"]
    assert text[mosul["start"] : mosul["end"]] == "Mosul"
    assert by_text["Iraq"]["country"] == "IQ"
    assert result["place"]["country"] == "IQ"
    assert result["place"]["city"] == "Mosul"
    assert any(e["canonical"] == "Islamic State" for e in result["entities"])
