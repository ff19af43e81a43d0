"""Named entities with canonical names, ISO 3166 countries and the event's main place."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}

# A small hand-written alias table: the names wire copy uses for groups that matter to monitoring.
ALIASES = {
    "is": "Islamic State", "isis": "Islamic State", "isil": "Islamic State", "daesh": "Islamic State",
    "islamic state group": "Islamic State", "islamic state": "Islamic State", "the islamic state": "Islamic State",
    "islamic state of iraq and the levant": "Islamic State", "islamic state of iraq and syria": "Islamic State",
    "sdf": "Syrian Democratic Forces", "syrian democratic forces": "Syrian Democratic Forces",
    "ypg": "People's Protection Units", "pkk": "Kurdistan Workers' Party",
    "sohr": "Syrian Observatory for Human Rights", "the observatory": "Syrian Observatory for Human Rights",
    "syrian observatory for human rights": "Syrian Observatory for Human Rights",
    "al-shabaab": "Al-Shabaab", "al shabaab": "Al-Shabaab", "al-shabab": "Al-Shabaab", "shabaab": "Al-Shabaab",
    "boko haram": "Boko Haram", "iswap": "Islamic State West Africa Province", "jnim": "JNIM",
    "taliban": "Taliban", "the taliban": "Taliban", "hts": "Hayat Tahrir al-Sham",
    "houthis": "Houthis", "houthi": "Houthis", "ansar allah": "Houthis",
    "un": "United Nations", "u.n.": "United Nations", "the united nations": "United Nations",
    "nato": "NATO", "who": "World Health Organization", "fbi": "FBI", "icrc": "ICRC",
    "us": "United States", "u.s.": "United States", "usa": "United States", "america": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom", "great britain": "United Kingdom",
    "drc": "Democratic Republic of the Congo", "dr congo": "Democratic Republic of the Congo",
    "uae": "United Arab Emirates", "russia": "Russia", "iran": "Iran", "syria": "Syria",
}  # fmt: skip
_COUNTRY_OVERRIDES = {
    "united states": "US", "united kingdom": "GB", "russia": "RU", "iran": "IR", "syria": "SY",
    "south korea": "KR", "north korea": "KP", "vietnam": "VN", "laos": "LA", "bolivia": "BO",
    "venezuela": "VE", "tanzania": "TZ", "democratic republic of the congo": "CD", "congo": "CG",
    "ivory coast": "CI", "cote d'ivoire": "CI", "palestine": "PS", "gaza": "PS", "west bank": "PS",
    "turkey": "TR", "czech republic": "CZ", "moldova": "MD", "taiwan": "TW", "burma": "MM",
    "kosovo": "XK", "england": "GB", "scotland": "GB", "wales": "GB",
}  # fmt: skip
DEMONYMS = {
    "syrian": "SY", "iraqi": "IQ", "afghan": "AF", "pakistani": "PK", "indian": "IN", "nigerian": "NG",
    "somali": "SO", "yemeni": "YE", "libyan": "LY", "malian": "ML", "burkinabe": "BF", "american": "US",
    "british": "GB", "french": "FR", "german": "DE", "russian": "RU", "ukrainian": "UA", "turkish": "TR",
    "israeli": "IL", "palestinian": "PS", "lebanese": "LB", "iranian": "IR", "egyptian": "EG",
    "sudanese": "SD", "ethiopian": "ET", "kenyan": "KE", "congolese": "CD", "cameroonian": "CM",
    "mexican": "MX", "colombian": "CO", "brazilian": "BR", "venezuelan": "VE", "filipino": "PH",
    "indonesian": "ID", "chinese": "CN", "japanese": "JP", "bangladeshi": "BD", "burmese": "MM",
    "myanmar": "MM", "saudi": "SA", "jordanian": "JO", "mozambican": "MZ", "nigerien": "NE", "chadian": "TD",
    "south sudanese": "SS", "algerian": "DZ", "tunisian": "TN", "moroccan": "MA", "thai": "TH",
}  # fmt: skip


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """ISO 3166 alpha-2 code of a country name or demonym, None when it is not a country."""
    key = name.strip().lower().removeprefix("the ")
    if key in DEMONYMS:
        return DEMONYMS[key]
    canon = ALIASES.get(key, name).lower()
    if canon in _COUNTRY_OVERRIDES:
        return _COUNTRY_OVERRIDES[canon]
    if len(key) < 4:
        return None
    import pycountry

    for attr in ("name", "common_name", "official_name"):
        for c in pycountry.countries:
            if getattr(c, attr, "").lower() == canon:
                return c.alpha_2
    return None


def canonical(text: str, label: str) -> str:
    key = " ".join(text.split()).strip().lower()
    if key in ALIASES:
        return ALIASES[key]
    if key.startswith("the ") and key[4:] in ALIASES:
        return ALIASES[key[4:]]
    stripped = text.strip()
    if label in ("ORG", "GPE", "LOC", "FAC") and stripped.lower().startswith("the "):
        stripped = stripped[4:]
    return " ".join(stripped.split()).replace("’s", "").removesuffix("'s")


def entities(doc: Any) -> list[dict]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in LABELS or not ent.text.strip():
            continue
        canon = canonical(ent.text, ent.label_)
        country = country_code(canon) if ent.label_ in ("GPE", "NORP", "LOC") else None
        out.append(
            {
                "text": ent.text,
                "label": ent.label_,
                "start": ent.start_char,
                "end": ent.end_char,
                "canonical": canon,
                "country": country,
            }
        )
    return out


def main_place(ents: list[dict], title_end: int = 0) -> dict:
    """The country mentioned most (title mentions count double), with the first sub-national place."""
    votes: Counter[str] = Counter()
    names: dict[str, str] = {}
    for e in ents:
        if e["label"] in ("GPE", "LOC") and e["country"]:
            weight = 2 if e["start"] < title_end else 1
            votes[e["country"]] += weight
            names.setdefault(e["country"], e["canonical"])
        elif e["label"] == "NORP" and e["country"]:
            votes[e["country"]] += 0.5
    country = votes.most_common(1)[0][0] if votes else None
    city = region = None
    for e in ents:
        if e["label"] == "GPE" and not e["country"] and city is None:
            city = e["canonical"]
        elif e["label"] == "LOC" and not e["country"] and region is None:
            region = e["canonical"]
    name = names.get(country) if country else None
    if country and not name:
        name = _country_name(country)
    return {"country": country, "country_name": name, "region": region, "city": city}


def _country_name(code: str) -> str | None:
    import pycountry

    c = pycountry.countries.get(alpha_2=code)
    return getattr(c, "common_name", None) or getattr(c, "name", None) if c else None
