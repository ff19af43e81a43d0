"""Number parsing for casualty counts: digits, English number words, multipliers and vague amounts."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

# Vague amounts become a documented lower bound: "dozens" means at least two dozen, "hundreds" at least
# two hundred. The qualifier says it is a bound, so an alert never presents it as an exact toll.
VAGUE = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2_000,
    "tens of thousands": 20_000,
    "hundreds of thousands": 200_000,
    "millions": 2_000_000,
}

# Pronoun-like words that stand for a known small number of people.
SMALL_GROUPS = {"both": 2, "a pair of": 2, "a couple of": 2, "a dozen": 12, "a handful of": 3}

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")


def word_value(word: str) -> int | None:
    """Value of a single number word or digit string ("seven", "twenty-one", "1,200"), else None."""
    w = word.lower().strip()
    if _DIGITS.match(w):
        return int(float(w.replace(",", "")))
    if w in UNITS:
        return UNITS[w]
    if w in TENS:
        return TENS[w]
    if "-" in w:
        a, _, b = w.partition("-")
        if a in TENS and b in UNITS and 0 < UNITS[b] < 10:
            return TENS[a] + UNITS[b]
    return None


def parse_number(words: list[str]) -> int | None:
    """Value of a run of number words: ["1.2", "million"], ["two", "dozen"], ["three", "hundred", "and", "five"].

    Returns None when the run is not a number at all.
    """
    words = [w.lower() for w in words if w.strip()]
    if not words:
        return None
    phrase = " ".join(words)
    if phrase in VAGUE:
        return VAGUE[phrase]
    if phrase in SMALL_GROUPS:
        return SMALL_GROUPS[phrase]
    total = 0
    current: float | None = None
    for w in words:
        if w == "and":
            continue
        if w == "a" and current is None:
            current = 1
            continue
        if w in ("dozen", "dozens"):
            current = (current or 1) * 12
            continue
        if w in MULTIPLIERS:
            mult = MULTIPLIERS[w]
            if current is None:
                current = 1
            if mult >= 1000:
                total += current * mult
                current = None
            else:
                current *= mult
            continue
        if re.match(r"^\d+\.\d+$", w):
            value: float | None = float(w)
        else:
            value = word_value(w)
        if value is None:
            return None
        current = value if current is None else current + value
    result = total + (current or 0)
    return int(round(result))
