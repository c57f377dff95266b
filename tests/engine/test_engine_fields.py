"""Field repairs of the engine: Thai name split, address markers, religion snap, and the
whole-front read on clean factory cards (religion, address lines, Thai name)."""

from __future__ import annotations

import pytest

import thaiid_ops
from thaiid_ops.engine import pipeline as P
from thaiid_ops.synth import generate


def test_thai_name_title_snapped_from_english_title() -> None:
    # "นุส." is a misread "น.ส."; the English "Miss" allows only น.ส. / ด.ญ.
    assert P._split_thai_name("นุส. อัตติยา แสงสิงห์", "Miss") == ("น.ส.", "อัตติยา", "แสงสิงห์")


def test_thai_name_junk_tokens_and_split_surname() -> None:
    got = P._split_thai_name(". นาง ชยาภรณ์ เต็ม สิริธนรัฐ", "Mrs.")
    assert got == ("นาง", "ชยาภรณ์", "เต็มสิริธนรัฐ")
    assert P._split_thai_name("ี. ,", "Mr.")[1] is None


def test_address_marker_repairs() -> None:
    assert P._repair_address("ต.ป่าแฝก อ แม่ใจ จ.ุพะเยา") == "ต.ป่าแฝก อ.แม่ใจ จ.พะเยา"
    assert P._repair_address("ต.นาขา อ.หลังสวน") == "ต.นาขา อ.หลังสวน"


@pytest.mark.parametrize(
    ("text", "want"),
    [("พุทธ", "พุทธ"), ("พทธ", "พุทธ"), ("อดดาม", "อิสลาม"), ("ศาสนาพุทธ", "พุทธ"), ("xyz", None)],
)
def test_religion_snap(text: str, want: str | None) -> None:
    assert P._snap_religion(text) == want


@pytest.fixture(scope="module")
def fronts():
    return generate(3, 555, conditions=["clean"], side="front")


def test_clean_fronts_religion_address_and_id(fronts) -> None:
    keys = ("id_number", "religion", "address_2", "address_province", "address_district")
    hits = total = 0
    for s in fronts:
        res = thaiid_ops.extract(s.image, include_sensitive=True)
        assert res["status"] == "success"
        page, truth = res["data"][0], s.truth["data"][0]
        assert page["id_number"]["value"] == truth["id_number"]["value"]
        for k in keys:
            total += 1
            hits += page[k].get("value") == truth[k]["value"]
    assert hits >= total - 1, f"{hits}/{total}"
