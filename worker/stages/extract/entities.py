"""Named entities with canonical names, ISO 3166 countries, and the event's main place."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import pycountry
from spacy.tokens import Doc

LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}

# Hand-written alias folding for actors that news names many ways.
ALIASES = {
    "is": "Islamic State",
    "isis": "Islamic State",
    "isil": "Islamic State",
    "daesh": "Islamic State",
    "daish": "Islamic State",
    "islamic state": "Islamic State",
    "islamic state group": "Islamic State",
    "islamic state of iraq and syria": "Islamic State",
    "islamic state of iraq and the levant": "Islamic State",
    "sdf": "Syrian Democratic Forces",
    "syrian democratic forces": "Syrian Democratic Forces",
    "ypg": "People's Protection Units",
    "people's protection units": "People's Protection Units",
    "hts": "Hayat Tahrir al-Sham",
    "hayat tahrir al-sham": "Hayat Tahrir al-Sham",
    "sohr": "Syrian Observatory for Human Rights",
    "syrian observatory for human rights": "Syrian Observatory for Human Rights",
    "the observatory": "Syrian Observatory for Human Rights",
    "al-shabaab": "Al-Shabaab",
    "al shabaab": "Al-Shabaab",
    "al-shabab": "Al-Shabaab",
    "boko haram": "Boko Haram",
    "iswap": "Islamic State West Africa Province",
    "aqap": "Al-Qaeda in the Arabian Peninsula",
    "al-qaeda": "Al-Qaeda",
    "al qaeda": "Al-Qaeda",
    "al-qaida": "Al-Qaeda",
    "taliban": "Taliban",
    "the taliban": "Taliban",
    "houthis": "Houthis",
    "houthi": "Houthis",
    "ansar allah": "Houthis",
    "pkk": "Kurdistan Workers' Party",
    "un": "United Nations",
    "u.n.": "United Nations",
    "the united nations": "United Nations",
    "nato": "NATO",
    "fbi": "FBI",
    "the fbi": "FBI",
    "us": "United States",
    "u.s.": "United States",
    "usa": "United States",
    "the us": "United States",
    "the u.s.": "United States",
    "america": "United States",
    "the united states": "United States",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "the uk": "United Kingdom",
    "drc": "Congo, The Democratic Republic of the",
    "dr congo": "Congo, The Democratic Republic of the",
}
# Country names pycountry does not resolve on its own, and demonyms that name one country.
COUNTRY_NAMES = {
    "united states": "US",
    "united kingdom": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "russia": "RU",
    "iran": "IR",
    "syria": "SY",
    "south korea": "KR",
    "north korea": "KP",
    "laos": "LA",
    "vietnam": "VN",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "taiwan": "TW",
    "moldova": "MD",
    "palestine": "PS",
    "gaza": "PS",
    "west bank": "PS",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "congo": "CG",
    "drc": "CD",
    "dr congo": "CD",
    "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD",
    "congo, the democratic republic of the": "CD",
    "burma": "MM",
    "czech republic": "CZ",
    "turkey": "TR",
    "kosovo": "XK",
    "macedonia": "MK",
    "swaziland": "SZ",
    "cape verde": "CV",
    "east timor": "TL",
    "micronesia": "FM",
    "the philippines": "PH",
    "the netherlands": "NL",
    "holland": "NL",
}
DEMONYMS = {
    "syrian": "SY",
    "iraqi": "IQ",
    "afghan": "AF",
    "pakistani": "PK",
    "indian": "IN",
    "nigerian": "NG",
    "somali": "SO",
    "yemeni": "YE",
    "libyan": "LY",
    "malian": "ML",
    "burkinabe": "BF",
    "nigerien": "NE",
    "cameroonian": "CM",
    "congolese": "CD",
    "sudanese": "SD",
    "ethiopian": "ET",
    "kenyan": "KE",
    "ugandan": "UG",
    "mozambican": "MZ",
    "egyptian": "EG",
    "israeli": "IL",
    "palestinian": "PS",
    "lebanese": "LB",
    "turkish": "TR",
    "iranian": "IR",
    "saudi": "SA",
    "russian": "RU",
    "ukrainian": "UA",
    "american": "US",
    "british": "GB",
    "french": "FR",
    "german": "DE",
    "chinese": "CN",
    "mexican": "MX",
    "colombian": "CO",
    "brazilian": "BR",
    "venezuelan": "VE",
    "filipino": "PH",
    "philippine": "PH",
    "burmese": "MM",
    "myanmar": "MM",
    "bangladeshi": "BD",
    "thai": "TH",
    "indonesian": "ID",
    "algerian": "DZ",
    "tunisian": "TN",
    "moroccan": "MA",
    "south sudanese": "SS",
    "central african": "CF",
    "chadian": "TD",
    "burundian": "BI",
    "rwandan": "RW",
    "zimbabwean": "ZW",
    "south african": "ZA",
    "japanese": "JP",
    "korean": None,
    "kurdish": None,
}


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """ISO 3166 alpha-2 code for a country name, alias or demonym; None when it is not a country."""
    key = re.sub(r"\s+", " ", name.strip().lower())
    key = ALIASES.get(key, key).lower() if key in ALIASES else key
    if key in COUNTRY_NAMES:
        return COUNTRY_NAMES[key]
    if key in DEMONYMS:
        return DEMONYMS[key]
    if key.endswith("s") and key[:-1] in DEMONYMS:
        return DEMONYMS[key[:-1]]
    if len(key) < 4:
        return None
    try:
        found = pycountry.countries.lookup(key)
    except LookupError:
        return None
    return found.alpha_2


@lru_cache(maxsize=512)
def country_name(code: str) -> str | None:
    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        return "Kosovo" if code == "XK" else None
    return getattr(c, "common_name", None) or c.name


def canonical(text: str, label: str) -> str:
    t = re.sub(r"\s+", " ", text.strip())
    t = re.sub(r"^(?:the)\s+", "", t, flags=re.I) if label in ("ORG", "GPE", "FAC", "LOC") else t
    t = re.sub(r"['’]s$", "", t)
    key = t.lower()
    if key in ALIASES:
        return ALIASES[key]
    if key.endswith(" group") and key[: -len(" group")] in ALIASES:
        return ALIASES[key[: -len(" group")]]
    if label == "GPE":
        code = country_code(key)
        if code:
            return country_name(code) or t
    return t


def entities(doc: Doc) -> list[dict]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        text = ent.text.strip()
        if not text or len(text) > 80:
            continue
        canon = canonical(text, ent.label_)
        country = country_code(text) if ent.label_ in ("GPE", "NORP", "LOC") else None
        if country is None and ent.label_ == "GPE":
            country = country_code(canon)
        out.append(
            {
                "text": text,
                "label": ent.label_,
                "start": ent.start_char,
                "end": ent.start_char + len(text),
                "canonical": canon,
                "country": country,
            }
        )
    return out


def main_place(ents: list[dict], title_end: int = 0) -> dict:
    """The country named most (headline mentions count double), and the first sub-national place."""
    votes: Counter[str] = Counter()
    for e in ents:
        if e["country"] and e["label"] in ("GPE", "LOC"):
            votes[e["country"]] += 2 if e["start"] < title_end else 1
        elif e["country"] and e["label"] == "NORP":
            votes[e["country"]] += 0.5
    country = votes.most_common(1)[0][0] if votes else None
    city = region = None
    for e in ents:
        if e["label"] in ("GPE", "LOC", "FAC") and not e["country"]:
            if e["label"] == "GPE" and city is None:
                city = e["canonical"]
            elif e["label"] == "LOC" and region is None:
                region = e["canonical"]
        if city and region:
            break
    return {
        "country": country,
        "country_name": country_name(country) if country else None,
        "region": region,
        "city": city,
    }
