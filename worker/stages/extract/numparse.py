"""Number phrases in running text: digits, number words, scales and vague amounts.

Works on spaCy tokens so offsets stay exact. Vague amounts get a documented lower bound with the
qualifier `at_least`: "dozens" -> 24, "scores" -> 40, "hundreds" -> 200, "thousands" -> 2000,
"tens of thousands" -> 20000, "millions" -> 2000000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12}
# Plural scales with no number before them are vague amounts: a lower bound, not a count.
VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2_000_000, "tens": 20}
SINGLES = {"a": 1, "an": 1, "one": 1, "another": 1, "both": 2, "couple": 2, "pair": 2, "several": 3}

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")
_WORDS = set(UNITS) | set(TENS) | set(SCALES)


@dataclass
class NumberMention:
    start: int  # token index (inclusive)
    end: int  # token index (exclusive)
    value: int
    vague: bool = False


def is_number_token(tok: Any) -> bool:
    low = tok.lower_
    if low in _WORDS or low in VAGUE:
        return True
    if _DIGITS.match(low):
        return True
    # spaCy keeps "twenty-one" or "1.2m" as one token in some contexts
    return bool("-" in low and all(p in UNITS or p in TENS for p in low.split("-") if p))


def word_value(words: list[str]) -> int | None:
    """Value of a sequence of number words/digits ("two", "hundred", "and", "five"), None if not a number."""
    total = current = 0
    seen = False
    for w in words:
        w = w.lower().replace(",", "")
        if w in ("and", "-", "a", "an"):
            if w in ("a", "an"):
                current = max(current, 1)
            continue
        if "-" in w and w not in SCALES:
            parts = [p for p in w.split("-") if p]
            v = word_value(parts)
            if v is None:
                return None
            current += v
            seen = True
        elif _DIGITS.match(w):
            num = float(w)
            current += num
            seen = True
        elif w in UNITS:
            current += UNITS[w]
            seen = True
        elif w in TENS:
            current += TENS[w]
            seen = True
        elif w in SCALES:
            scale = SCALES[w]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    if not seen:
        return None
    return int(round(total + current))


def find_numbers(tokens: Any) -> list[NumberMention]:
    """Number mentions in a token sequence (a sentence span), longest first match, in order."""
    out: list[NumberMention] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        low = tok.lower_
        # "tens of thousands", "hundreds of thousands"
        if low in VAGUE:
            j = i + 1
            value = VAGUE[low]
            if j + 1 < n and tokens[j].lower_ == "of" and tokens[j + 1].lower_ in ("thousands", "millions"):
                value = VAGUE[low] * (1000 if tokens[j + 1].lower_ == "thousands" else 1_000_000)
                j += 2
            out.append(NumberMention(tokens[i].i, tokens[j - 1].i + 1, value, vague=True))
            i = j
            continue
        if not is_number_token(tok) and not (
            low in ("a", "an") and i + 1 < n and tokens[i + 1].lower_ in ("dozen", "hundred", "thousand")
        ):
            i += 1
            continue
        j = i + 1
        words = [tok.text]
        while j < n:
            t = tokens[j]
            if is_number_token(t) and t.lower_ not in VAGUE:
                # "3 5" are two numbers; only join words and scales
                if _DIGITS.match(t.lower_) and _DIGITS.match(words[-1].lower()) and words[-1] != "-":
                    break
                words.append(t.text)
                j += 1
            elif t.text == "-" and j + 1 < n and tokens[j + 1].lower_ in UNITS and words[-1].lower() in TENS:
                words.append("-")
                j += 1
            elif (
                t.lower_ == "and"
                and j + 1 < n
                and words[-1].lower() in ("hundred", "thousand")
                and (tokens[j + 1].lower_ in UNITS or tokens[j + 1].lower_ in TENS)
            ):
                words.append("and")
                j += 1
            else:
                break
        value = word_value(words)
        if value is not None and not (
            len(words) == 1 and words[0].lower() in SCALES and words[0].lower() != "dozen"
        ):
            out.append(NumberMention(tokens[i].i, tokens[j - 1].i + 1, value))
        elif value is not None and words[0].lower() == "dozen":
            out.append(NumberMention(tokens[i].i, tokens[j - 1].i + 1, 12))
        i = j
    return out
