"""The Thai name checked against its printed English romanisation (consonant skeletons)."""

from __future__ import annotations

from thaiid_ops.thai import romanization as R


def test_latin_skeleton_keeps_consonants_once() -> None:
    assert R.latin_skeleton("Phatthanan") == "phthn"
    assert R.latin_skeleton("Naphon") == "nphn"
    # Spellings RTGS writes otherwise count as RTGS.
    assert R.latin_skeleton("Jiraphon") == R.latin_skeleton("Chiraphon")
    assert R.latin_skeleton("Vorawit") == R.latin_skeleton("Worawit")


def test_the_right_spelling_agrees_best_with_the_english_line() -> None:
    assert R.agreement("นภนต์", "Naphon") == 100
    assert R.agreement("นกนต์", "Naphon") < 70  # ภ read as ก: "k" is not "ph"
    assert R.agreement("ภัทรวรรณ", "Phatnwan") > R.agreement("กัทรวรรณ", "Phatnwan")
    # Vowels do not count: romanisation systems differ mostly there.
    assert R.agreement("สมชาย", "Somchai") == R.agreement("สมชาย", "Somchay") == 100


def test_the_whole_spelling_tells_apart_readings_whose_consonants_tie() -> None:
    assert R.agreement("ชียวิทย์", "Chaiwit") == R.agreement("ชัยวิทย์", "Chaiwit")
    assert R.spelled_agreement("ชัยวิทย์", "Chaiwit") == 100
    assert R.spelled_agreement("ชียวิทย์", "Chaiwit") < 90
    assert R.spelled_agreement("ฐานะ", "Thana") > R.spelled_agreement("ฐนะ", "Thana")
    assert R.spelled_agreement(None, "Thana") == R.spelled_agreement("ฐานะ", "") == 0


def test_a_missing_side_agrees_with_nothing() -> None:
    assert R.agreement(None, "Naphon") == 0
    assert R.agreement("นภนต์", "") == 0


def test_spelling_distance_counts_the_letters_a_reading_is_off() -> None:
    assert R.spelling_distance("ศิริมุสิกะ", "Sirimusika") == 0
    assert R.spelling_distance("ศิริมสิกะ", "Sirimusika") == 1  # ุ lost
    assert R.spelling_distance("ชาตา", "Chada") == 1  # ด read ต


def test_ru_letter_agrees_with_the_ri_cards_print() -> None:
    # royin writes ฤ "rue" ("ฤทธิ์" rueot); cards print "Rit", "Chairit": both agree.
    for thai, english in (("ฤทธิ์", "Rit"), ("ฤทธิ์", "Rueot"), ("ชัยฤทธิ์", "Chairit")):
        assert R.spelling_distance(thai, english) == 0
        assert R.spelled_agreement(thai, english) == 100
    assert R.agreement("ภูวฤทธิ์", "Phuwarit") > R.agreement("ภูวกทธิ์", "Phuwarit")
    assert R.romanizations("สมชาย") == (R.romanized("สมชาย"),)


def test_card_spellings_off_rtgs_agree() -> None:
    # "ee", "oo" and "orn" are how many cards spell ี, ู/ุ and -ร (RTGS "i", "u", "on").
    for thai, english in (("ทองดี", "Thongdee"), ("บุญมา", "Boonma"), ("วีระ", "Weera")):
        assert R.spelling_distance(thai, english) == 0
    assert R.spelling_distance("ทองดึ", "Thongdee") > 0
    assert R.spelling_distance("พรชัย", "Pornchai") < R.spelling_distance("พรชัย", "Porrnchai")
