"""What one synthetic card says: `CardSpec`, and `random_spec` to draw a realistic one.

Every rule comes from `thaiid_ops.thai` (check digit, date formats, the expiry rule, titles,
religion weights, the geothai gazetteer); this module only draws values.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass, field, replace

from thaiid_ops.thai import address as th_address
from thaiid_ops.thai import dates as th_dates
from thaiid_ops.thai import id_number as th_id
from thaiid_ops.thai import religion as th_religion
from thaiid_ops.thai import validity as th_validity
from thaiid_ops.thai.dates import CardDate

# Generation is pinned to a fixed "today" so output depends on the seed only.
REFERENCE_DATE = dt.date(2025, 6, 1)

CARD_KINDS = ("adult", "child", "senior_lifelong", "pink")
_KIND_WEIGHTS = (0.72, 0.12, 0.08, 0.08)

# (Thai abbreviation, English) by gender and age group, as the card prints them.
_ADULT_MALE = ("นาย", "Mr.")
_ADULT_FEMALE = (("นาง", "Mrs."), ("น.ส.", "Miss"))
_CHILD = {"male": ("ด.ช.", "Master"), "female": ("ด.ญ.", "Miss")}
_ROYAL = (("ม.ร.ว.", "M.R."), ("ม.ล.", "M.L."))

_LASER_PREFIXES = ("JT", "ME", "AA", "JC", "ID", "JE", "MF", "JB", "AB", "ND", "KC", "JD")
_OFFICER_TITLES = ("นาย", "นาง", "น.ส.")


@dataclass(frozen=True)
class CardSpec:
    """Every value one card prints. Build one by hand to render chosen (even defective) values.

    `address` is a `thaiid_ops.thai.address.Address`; dates are `CardDate`s (`doe` may be
    lifelong). `card_type` is "normal" or "pink".
    """

    id_number: str
    title_th: str
    name_th: str
    surname_th: str
    title_en: str
    name_en: str
    surname_en: str
    dob: CardDate
    doi: CardDate
    doe: CardDate
    religion: str
    address: th_address.Address
    serial_number: str
    laser_number: str
    officer_name: str
    card_type: str = "normal"
    gender: str = "unknown"
    kind: str = "adult"
    extra: dict = field(default_factory=dict, compare=False)

    def __repr__(self) -> str:  # personal data stays out of reprs and logs
        return f"CardSpec(<{self.card_type}/{self.kind}>)"

    def with_values(self, **changes: object) -> CardSpec:
        """A copy with some values replaced (e.g. a wrong check digit for quality tests)."""
        return replace(self, **changes)

    # ---- printed forms (exactly what the card shows)
    @property
    def name_line_th(self) -> str:
        return f"{self.title_th} {self.name_th} {self.surname_th}"

    @property
    def name_line_en(self) -> str:
        return f"{self.title_en} {self.name_en}"

    @property
    def id_printed(self) -> str:
        return th_id.format_id(self.id_number)

    def date_th(self, which: str) -> str:
        return th_dates.format_thai_date(getattr(self, which))

    def date_en(self, which: str) -> str:
        return th_dates.format_en_date(getattr(self, which))

    def address_tokens(self) -> list[str]:
        """The printed address as wrap units: house number, street part, then the area labels."""
        a = self.address
        toks = [a.house_number or "", a.street or ""]
        toks += [a.sub_district_label(), a.district_label(), a.province_label()]
        return [t for t in toks if t]


# --------------------------------------------------------------------------- names


def _clean_roman(s: str) -> str | None:
    if not s or not s.isascii() or not s.isalpha():
        return None
    return s[:1].upper() + s[1:].lower()


@functools.cache
def _name_pools() -> dict[str, tuple[tuple[str, str], ...]]:
    """Thai names from pythainlp's offline corpora with their RTGS (royin) romanisation.

    Names whose romanisation is not plain letters, or is implausibly short, are dropped.
    """
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names
    from pythainlp.transliterate import romanize

    pools: dict[str, tuple[tuple[str, str], ...]] = {}
    rng = random.Random(20240611)
    for key, words in (
        ("male", thai_male_names()),
        ("female", thai_female_names()),
        ("family", thai_family_names()),
    ):
        words = sorted(w for w in words if 2 <= len(w) <= 18)
        sample = rng.sample(words, min(len(words), 1500))
        out = []
        for w in sample:
            r = _clean_roman(romanize(w, engine="royin"))
            if r and len(r) >= max(3, len(w) * 0.6):
                out.append((w, r))
        pools[key] = tuple(out)
    return pools


def _pick_name(rng: random.Random, pool: str) -> tuple[str, str]:
    names = _name_pools()[pool]
    return names[rng.randrange(len(names))]


# --------------------------------------------------------------------------- numbers


def random_id(rng: random.Random, card_type: str = "normal", dob: dt.date | None = None) -> str:
    """A checksum-valid 13-digit ID; first digit fits the card type and birth year."""
    if card_type == "pink":
        first = rng.choice("67")
    elif dob is not None and dob.year >= 1984:
        first = rng.choices("12", weights=(0.9, 0.1))[0]
    else:
        first = rng.choices("3458", weights=(0.8, 0.08, 0.08, 0.04))[0]
    province = rng.choice(sorted(th_id.PROVINCE_CODES))
    body = first + province + f"{rng.randint(1, 20):02d}" + f"{rng.randrange(10**7):07d}"
    return body + th_id.check_digit(body)


def random_serial(rng: random.Random, id_number: str | None = None) -> str:
    """The under-photo `NNNN-NN-NNNNNNNN` number (office, station, request serial)."""
    office = (id_number[1:3] if id_number else f"{rng.randint(10, 96):02d}") + (
        f"{rng.randint(1, 30):02d}"
    )
    return f"{office}-{rng.randint(1, 12):02d}-{rng.randrange(10**8):08d}"


def random_laser(rng: random.Random) -> str:
    """A back-side laser code in the printed `JT0-1234567-89` form."""
    pre = rng.choice(_LASER_PREFIXES)
    return f"{pre}{rng.randint(0, 9)}-{rng.randrange(10**7):07d}-{rng.randrange(100):02d}"


# --------------------------------------------------------------------------- dates


def _rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def _add_years(d: dt.date, years: int) -> dt.date:
    return th_validity.birthday_in(d, d.year + years)


def random_dates(rng: random.Random, kind: str) -> tuple[CardDate, CardDate, CardDate]:
    """(dob, doi, doe) that obey `thai.validity.check_dates` for this kind of card."""
    today = REFERENCE_DATE
    for _ in range(100):
        if kind == "child":
            doi = _rand_date(
                rng, max(th_validity.LAW_CHANGE, today - dt.timedelta(days=6 * 365)), today
            )
            dob = _rand_date(rng, _add_years(doi, -14), _add_years(doi, -7))
        elif kind == "senior_lifelong":
            doi = _rand_date(rng, dt.date(2006, 1, 1), today)
            dob = _rand_date(
                rng, max(dt.date(1920, 1, 1), _add_years(doi, -95)), _add_years(doi, -71)
            )
        else:
            old_rule = rng.random() < 0.1
            lo = (
                th_validity.SMART_CARD_FROM
                if old_rule
                else max(th_validity.LAW_CHANGE, _add_years(today, -9))
            )
            hi = th_validity.LAW_CHANGE - dt.timedelta(days=1) if old_rule else today
            doi = _rand_date(rng, lo, hi)
            min_age = 15 if doi < th_validity.LAW_CHANGE else 16
            dob = _rand_date(rng, _add_years(doi, -69), _add_years(doi, -min_age))
        if kind == "senior_lifelong":
            doe = CardDate(lifelong=True)
        else:
            doe = CardDate.of(th_validity.expected_expiry(dob, doi))
        triple = (CardDate.of(dob), CardDate.of(doi), doe)
        if th_validity.check_dates(*triple, today=today).valid:
            return triple
    raise RuntimeError("could not draw valid card dates")  # pragma: no cover


# --------------------------------------------------------------------------- the card


def random_spec(rng: random.Random, kind: str | None = None) -> CardSpec:
    """Draw a realistic card: valid ID, consistent dates, real address, weighted religion."""
    kind = kind or rng.choices(CARD_KINDS, weights=_KIND_WEIGHTS)[0]
    gender = rng.choice(("male", "female"))
    dob, doi, doe = random_dates(rng, kind)
    card_type = "pink" if kind == "pink" else "normal"
    first_th, first_en = _pick_name(rng, gender)
    last_th, last_en = _pick_name(rng, "family")
    if kind == "child":
        title_th, title_en = _CHILD[gender]
    elif gender == "male":
        title_th, title_en = _ROYAL[0] if rng.random() < 0.01 else _ADULT_MALE
    else:
        title_th, title_en = rng.choice(_ADULT_FEMALE)
    dob_date = dob.to_date()
    id_number = random_id(rng, card_type, dob_date)
    words, weights = zip(*th_religion.RELIGIONS, strict=True)
    religion = rng.choices(words, weights=weights)[0]
    officer_first, _ = _pick_name(rng, rng.choice(("male", "female")))
    officer_last, _ = _pick_name(rng, "family")
    officer = f"{rng.choice(_OFFICER_TITLES)}{officer_first} {officer_last}"
    return CardSpec(
        id_number=id_number,
        title_th=title_th,
        name_th=first_th,
        surname_th=last_th,
        title_en=title_en,
        name_en=first_en,
        surname_en=last_en,
        dob=dob,
        doi=doi,
        doe=doe,
        religion=religion,
        address=th_address.random_address(rng),
        serial_number=random_serial(rng, id_number),
        laser_number=random_laser(rng),
        officer_name=officer,
        card_type=card_type,
        gender=gender,
        kind=kind,
    )
