import pytest
import spacy

from worker.stages.extract.numparse import find_numbers, word_value

nlp = spacy.blank("en")


def values(text: str) -> list[int]:
    return [m.value for m in find_numbers(nlp(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("seven", [7]),
        ("1,200 people", [1200]),
        ("twenty-one", [21]),
        ("two dozen", [24]),
        ("a dozen", [12]),
        ("1.2 million", [1_200_000]),
        ("two hundred and five", [205]),
        ("dozens of", [24]),
        ("hundreds of", [200]),
        ("tens of thousands", [20_000]),
    ],
)
def test_it_reads_digits_words_scales_and_vague_amounts(text: str, expected: list[int]) -> None:
    assert values(text) == expected


def test_it_keeps_two_adjacent_numbers_apart() -> None:
    assert values("killed 3 5 times") == [3, 5]


def test_vague_amounts_are_marked_as_lower_bounds() -> None:
    (m,) = find_numbers(nlp("dozens of villagers"))
    assert m.vague


def test_word_value_rejects_words_that_are_not_numbers() -> None:
    assert word_value(["seven", "dwarfs"]) is None
