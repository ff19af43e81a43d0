import pytest

from worker.stages.extract.numbers import parse_number, word_value


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["1,200"], 1200),
        (["seven"], 7),
        (["twenty-one"], 21),
        (["two", "dozen"], 24),
        (["a", "dozen"], 12),
        (["1.2", "million"], 1_200_000),
        (["three", "hundred", "and", "five"], 305),
        (["dozens"], 24),
        (["hundreds"], 200),
    ],
)
def test_it_reads_digits_words_multipliers_and_vague_amounts(words, value):
    assert parse_number(words) == value


def test_it_refuses_words_that_are_not_numbers():
    assert parse_number(["several", "people"]) is None
    assert word_value("seventh") is None
