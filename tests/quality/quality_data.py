"""Synthetic flat rows for the quality tests, written as real Parquet files.

Imported by name (`import quality_data`): conftest.py puts this folder on sys.path.

Cards are built with the thai/ helpers (check digits, printed dates, expiry rule, gazetteer
addresses) as AIGEN v3 responses, flattened by `thaiid_ops.rows.flatten` and written with
the sink's Arrow schema. Every value is synthetic.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from thaiid_ops import rows, schema
from thaiid_ops.thai.address import random_address
from thaiid_ops.thai.dates import CardDate, format_en_date, format_thai_date
from thaiid_ops.thai.id_number import PROVINCE_CODES, check_digit
from thaiid_ops.thai.validity import LAW_CHANGE, expected_expiry

#: The day the tests validate on (fixed, so results do not move with the calendar).
TODAY = dt.date(2026, 6, 1)

_NAMES_TH = ("สมชาย", "สมหญิง", "มานี", "ปิติ", "ชูใจ", "วีระ", "สุดา", "ประเสริฐ")
_NAMES_EN = ("Somchai", "Somying", "Manee", "Piti", "Chujai", "Weera", "Suda", "Prasert")
_SURNAMES_TH = ("ใจดี", "รักเรียน", "มีสุข", "ทองคำ", "ศรีสุข", "บุญมา")
_SURNAMES_EN = ("JAIDEE", "RAKRIAN", "MEESUK", "THONGKHAM", "SRISUK", "BOONMA")


@dataclasses.dataclass
class Card:
    """One synthetic card's printed values (both sides)."""

    source: str
    id_number: str
    card_type: str
    name_th: str
    name_en: str
    surname_en: str
    dob: CardDate
    doi: CardDate
    doe: CardDate
    address: str
    laser: str
    serial: str
    doi_en_override: str | None = None

    def front_response(self) -> dict[str, Any]:
        page = schema.empty_page()
        c = 0.97
        doi_en = self.doi_en_override or format_en_date(self.doi)
        values = {
            "id_number": self.id_number,
            "title_name_surname_th": f"นาย {self.name_th}",
            "title_name_en": f"Mr. {self.name_en}",
            "surname_en": self.surname_en,
            "dob_th": format_thai_date(self.dob),
            "dob_en": format_en_date(self.dob),
            "doi_th": format_thai_date(self.doi),
            "doi_en": doi_en,
            "doe_th": format_thai_date(self.doe),
            "doe_en": format_en_date(self.doe),
            "address_full": self.address,
            "title_th": "นาย",
            "title_en": "Mr.",
            "serial_number": self.serial,
            "side": "front",
            "card_type": self.card_type,
        }
        for k, v in values.items():
            page[k] = schema.field(v, c)
        first, _, last = self.name_th.partition(" ")
        page["name_th"] = schema.field(first, c)
        page["surname_th"] = schema.field(last, c)
        return {"status": "success", "error": [], "data": [page]}

    def back_response(self) -> dict[str, Any]:
        page = schema.empty_page()
        page["laser_number"] = schema.field(self.laser, 0.95)
        page["side"] = schema.field("back", 1.0)
        return {"status": "success", "error": [], "data": [page]}


def _cd(d: dt.date) -> CardDate:
    return CardDate(d.year, d.month, d.day)


def _rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))


def make_id(rng: random.Random, first: str = "1", province: str | None = None) -> str:
    prov = province or rng.choice(sorted(PROVINCE_CODES))
    body = first + prov + "".join(str(rng.randrange(10)) for _ in range(9))
    return body + check_digit(body)


def fitting_first_digit(rng: random.Random, dob: CardDate) -> str:
    """A normal card's first ID digit that the birth date allows (1, 2 from 1984; 3 by May
    1984; 5 and 8 any time)."""
    return rng.choice("1258" if dob.year >= 1985 else "3458")


def make_card(rng: random.Random, source: str, kind: str = "adult") -> Card:
    """A card whose values pass every rule in the bundled suites."""
    if kind == "lifelong":
        doi = _rand_date(rng, dt.date(2012, 1, 1), dt.date(2025, 12, 31))
        dob = _rand_date(rng, dt.date(doi.year - 85, 1, 1), dt.date(doi.year - 72, 1, 1))
        doe = CardDate(lifelong=True)
    else:
        old = kind == "old_rule"
        lo, hi = (dt.date(2005, 7, 10), dt.date(2011, 6, 30)) if old else (LAW_CHANGE, TODAY)
        doi = _rand_date(rng, lo, hi - dt.timedelta(days=1))
        oldest, youngest = (12, 8) if kind == "child" else (65, 20)
        dob = _rand_date(rng, dt.date(doi.year - oldest, 1, 1), dt.date(doi.year - youngest, 1, 1))
        doe = _cd(expected_expiry(dob, doi))
    card_type = "pink" if kind == "pink" else "normal"
    first = rng.choice("67") if card_type == "pink" else fitting_first_digit(rng, _cd(dob))
    i = rng.randrange(len(_NAMES_TH))
    j = rng.randrange(len(_SURNAMES_TH))
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
    digits = "".join(str(rng.randrange(10)) for _ in range(10))
    serial = "".join(str(rng.randrange(10)) for _ in range(14))
    return Card(
        source=source,
        id_number=make_id(rng, first),
        card_type=card_type,
        name_th=f"{_NAMES_TH[i]} {_SURNAMES_TH[j]}",
        name_en=_NAMES_EN[i],
        surname_en=_SURNAMES_EN[j],
        dob=_cd(dob),
        doi=_cd(doi),
        doe=doe,
        address=random_address(rng).printed(),
        laser=f"{letters}{digits[0]}-{digits[1:8]}-{digits[8:]}",
        serial=f"{serial[:4]}-{serial[4:6]}-{serial[6:]}",
    )


def flat_rows(cards: list[Card], back: bool = True) -> list[dict[str, Any]]:
    """Flatten each card's front (and back) response as the sink would."""
    out: list[dict[str, Any]] = []
    for card in cards:
        out += rows.flatten(
            card.front_response(), f"{card.source}_front.jpg", include_sensitive=True
        )
        if back:
            out += rows.flatten(
                card.back_response(), f"{card.source}_back.jpg", include_sensitive=True
            )
    return out


def write_parquet(path: Path, flat: list[dict[str, Any]]) -> Path:
    """Write rows with the sink's Arrow schema (Contract 2)."""
    table = pa.Table.from_pylist(flat, schema=schema.flat_arrow_schema())
    pq.write_table(table, path)
    return path


def clean_cards(seed: int = 7, n: int = 24) -> list[Card]:
    rng = random.Random(seed)
    kinds = ["adult"] * (n - 4) + ["lifelong", "pink", "child", "old_rule"]
    return [make_card(rng, f"clean_{i:03d}", kind) for i, kind in enumerate(kinds)]


def _shift_year(d: CardDate, years: int) -> CardDate:
    return CardDate(d.year + years, d.month, d.day)


#: Seeded defects: source → (how to break a clean card, the expectation label that must flag it).
DEFECTS: dict[str, tuple[Callable[[Card, random.Random], Card], str]] = {
    "defect_checksum": (
        lambda c, r: dataclasses.replace(
            c, id_number=c.id_number[:12] + str((int(c.id_number[12]) + 1) % 10)
        ),
        "expect_column_values_to_have_valid_thai_id_checksum:id_number",
    ),
    "defect_expiry_before_issue": (
        lambda c, r: dataclasses.replace(c, doe=_shift_year(c.doi, -1)),
        "expect_column_pair_values_a_to_be_greater_than_b:doe,doi",
    ),
    "defect_th_en_year": (
        lambda c, r: dataclasses.replace(c, doi_en_override=format_en_date(_shift_year(c.doi, 1))),
        "expect_thai_and_english_dates_to_agree:doi_th,doi_en",
    ),
    "defect_five_year_old": (
        lambda c, r: dataclasses.replace(
            c,
            dob=_shift_year(c.doi, -5),
            doe=_cd(expected_expiry(_shift_year(c.doi, -5).to_date(), c.doi.to_date())),
        ),
        "expect_thai_card_dates_to_pass_rule:dob_th,doi_th,doe_th:min_age",
    ),
    "defect_id_birth": (
        lambda c, r: dataclasses.replace(
            c, id_number=make_id(r, "3" if c.dob.year >= 1985 else "1")
        ),
        "expect_thai_id_to_allow_birth_date:id_number,dob_en",
    ),
    "defect_laser": (
        lambda c, r: dataclasses.replace(c, laser="J1O-12345-678"),
        "expect_column_values_to_be_valid_laser_codes:laser_number",
    ),
    "defect_province_code": (
        lambda c, r: dataclasses.replace(
            c, id_number=make_id(r, fitting_first_digit(r, c.dob), province="99")
        ),
        "expect_column_values_to_have_known_thai_id_province:id_number",
    ),
    "defect_province_address": (
        lambda c, r: dataclasses.replace(c, address="12 หมู่ที่ 3 ต.ซซซซซ อ.ฮฮฮฮฮ จ.ฬฬฬฬฬฬ"),
        "expect_column_values_to_resolve_in_thai_gazetteer:address_full",
    ),
}

#: Extra labels a defect may legitimately also trip (one broken fact breaks several rules).
ALSO_FLAGGED: dict[str, set[str]] = {
    "defect_expiry_before_issue": {
        "expect_thai_card_dates_to_pass_rule:dob_th,doi_th,doe_th:expiry_rule",
    },
}


def defect_cards(seed: int = 11) -> list[Card]:
    rng = random.Random(seed)
    out = []
    for name, (breaker, _label) in DEFECTS.items():
        out.append(breaker(make_card(rng, name), rng))
    return out
