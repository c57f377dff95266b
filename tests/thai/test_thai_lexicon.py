"""Dictionary spelling of open-vocabulary words (street and soi names)."""

from __future__ import annotations

import pytest

from thaiid_ops.thai.lexicon import respellings, segments, spelling_cost


@pytest.mark.parametrize(
    ("misread", "word"),
    [
        ("ร์วมใจ", "ร่วมใจ"),  # a tone mark read as a thanthakhat
        ("ราชดคำเนิน", "ราชดำเนิน"),  # a letter doubled
        ("ประชาร่ำมใจ", "ประชาร่วมใจ"),
        ("งามวงศ์ว่าน", "งามวงศ์วาน"),  # a tone mark added
        ("พระรวม", "พระราม"),
    ],
)
def test_a_misread_costs_more_words_and_its_word_is_among_the_respellings(misread, word) -> None:
    assert spelling_cost(word) < spelling_cost(misread)
    assert word in respellings(misread)
    assert all(spelling_cost(c) < spelling_cost(misread) for c in respellings(misread))


def test_a_word_spelt_with_one_dictionary_word_is_left_alone() -> None:
    assert spelling_cost("รามคำแหง") == 1
    assert respellings("รามคำแหง") == ()


def test_segments_are_the_fewest_dictionary_words() -> None:
    assert "".join(segments("ประชาอุทิศ")) == "ประชาอุทิศ"
    assert len(segments("ประชาอุทิศ")) == 2
    assert spelling_cost("ประชาอุทิศ") == 2


def test_a_hyphen_costs_nothing_and_stays() -> None:
    assert spelling_cost("บางนา-ตราด") == spelling_cost("บางนาตราด") == 2
    assert respellings("บางนา-ตราค") and all("-" in c for c in respellings("บางนา-ตราค"))
    assert "บางนา-ตราด" in respellings("บางนา-ตราค")
