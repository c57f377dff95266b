"""Card addresses: split the printed line and resolve it against the geothai gazetteer.

The card prints ``<house no.> [หมู่ที่ N] [ซ.…] [ถ.…] ต.<tambon> อ.<amphoe> จ.<province>``, or in
Bangkok ``… แขวง<khwaeng> เขต<khet> กรุงเทพมหานคร``; no postcode. Resolution scores every
(sub-district, district, province) triple of the gazetteer at once, so a name with an OCR
error snaps to the entry that is consistent with the other two names, not to the nearest
name on its own. Indexes are built once per process (a fraction of a second) and cached.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache

import geothai
import numpy as np
from geothai.abolished import abolished_areas
from rapidfuzz import fuzz, process

from .text import clip, thai_digits_to_ascii

__all__ = [
    "BANGKOK",
    "PROVINCES",
    "Address",
    "house_number_repairs",
    "house_number_shape",
    "parse_address",
    "random_address",
    "resolve_parts",
    "street_shape",
]

BANGKOK = "กรุงเทพมหานคร"
_BANGKOK_CODE = "10"

#: Thai province names, in DOPA code order.
PROVINCES: tuple[str, ...] = tuple(p.name_th for p in geothai.provinces())

_PROVINCE_ALIASES = {"กทม": _BANGKOK_CODE, "กรุงเทพ": _BANGKOK_CODE, "กรุงเทพฯ": _BANGKOK_CODE}


@dataclass
class Address:
    """An address as printed on the card; names carry no prefix (``หัวไผ่``, not ``ต.หัวไผ่``).

    ``resolved`` is True when (sub-district, district, province) is one gazetteer entry;
    ``score`` (0–100) is how closely the text matched it. ``postcode`` is set only when that
    sub-district has a single postcode. ``abolished`` marks a sub-district DOPA has since
    abolished (old cards still print it); its code is then the abolished one.
    """

    house_number: str | None = None
    street: str | None = None
    sub_district: str | None = None
    district: str | None = None
    province: str | None = None
    postcode: str | None = None
    bangkok: bool = False
    resolved: bool = False
    score: float = 0.0
    sub_district_code: str | None = None
    abolished: bool = False

    def __repr__(self) -> str:  # addresses are personal data: keep them out of logs
        return f"Address(resolved={self.resolved}, bangkok={self.bangkok}, score={self.score:.1f})"

    def sub_district_label(self) -> str | None:
        """``ต.หัวไผ่``, or ``แขวงคลองเตย`` in Bangkok."""
        if not self.sub_district:
            return None
        return ("แขวง" if self.bangkok else "ต.") + self.sub_district

    def district_label(self) -> str | None:
        """``อ.เมืองอ่างทอง``, or ``เขตคลองเตย`` in Bangkok."""
        if not self.district:
            return None
        return ("เขต" if self.bangkok else "อ.") + self.district

    def province_label(self) -> str | None:
        """``จ.อ่างทอง``, or ``กรุงเทพมหานคร`` (no prefix) for Bangkok."""
        if not self.province:
            return None
        return self.province if self.bangkok else "จ." + self.province

    def fields(self) -> dict[str, str | None]:
        """The address parts keyed by their AIGEN v3 field names (None where unknown)."""
        return {
            "address_house_building_number": self.house_number,
            "address_street_address": self.street,
            "address_sub_district": self.sub_district_label(),
            "address_district": self.district_label(),
            "address_province": self.province_label(),
            "address_postcode": self.postcode,
        }

    def printed(self) -> str:
        """The one-line printed form: ``17/1 หมู่ที่ 9 ต.หัวไผ่ อ.เมืองอ่างทอง จ.อ่างทอง``."""
        parts = [
            self.house_number,
            self.street,
            self.sub_district_label(),
            self.district_label(),
            self.province_label(),
        ]
        return " ".join(p for p in parts if p)


# --- Gazetteer index ------------------------------------------------------------------------


def _key(s: str) -> str:
    """Comparison form of a name: no spaces, dots or zero-width characters."""
    return re.sub(r"[\s.\u200b]", "", s)


def _district_name(name_th: str, province_code: str) -> str:
    # geothai spells Bangkok districts with their "เขต" prefix; the card prefix is ours to add.
    if province_code == _BANGKOK_CODE and name_th.startswith("เขต"):
        return name_th[3:]
    return name_th


@dataclass(frozen=True)
class _Index:
    prov_codes: tuple[str, ...]
    prov_names: tuple[str, ...]
    prov_keys: tuple[str, ...]
    dist_codes: tuple[str, ...]
    dist_names: tuple[str, ...]
    dist_keys: tuple[str, ...]
    dist_prov: np.ndarray  # district index -> province index
    dist_capital: np.ndarray  # True for the capital district (XX01) outside Bangkok
    sub_codes: tuple[str, ...]
    sub_names: tuple[str, ...]
    sub_keys: tuple[str, ...]
    sub_dist: np.ndarray  # sub-district index -> district index
    sub_prov: np.ndarray  # sub-district index -> province index
    sub_postcodes: tuple[tuple[str, ...], ...]
    exact: dict[tuple[str, str, str], int]  # (sub key, district key, province key) -> sub index
    subs_of_prov: tuple[np.ndarray, ...]
    subs_of_dist: tuple[np.ndarray, ...]
    # sub key -> (abolished code, name, district index, province index, successor postcodes)
    abolished: dict[str, tuple[tuple[str, str, int, int, frozenset[str]], ...]]


@cache
def _index() -> _Index:
    provs = geothai.provinces()
    prov_pos = {p.code: i for i, p in enumerate(provs)}
    dists = [d for p in provs for d in geothai.districts(p.code)]
    dist_pos = {d.code: i for i, d in enumerate(dists)}
    subs = [s for d in dists for s in geothai.subdistricts(d.code)]
    dist_names = tuple(_district_name(d.name_th, d.province_code) for d in dists)
    sub_dist = np.array([dist_pos[s.district_code] for s in subs], dtype=np.int32)
    sub_prov = np.array([prov_pos[s.province_code] for s in subs], dtype=np.int32)
    sub_keys = tuple(_key(s.name_th) for s in subs)
    dist_keys = tuple(_key(n) for n in dist_names)
    prov_keys = tuple(_key(p.name_th) for p in provs)
    exact = {
        (sub_keys[i], dist_keys[sub_dist[i]], prov_keys[sub_prov[i]]): i for i in range(len(subs))
    }
    return _Index(
        prov_codes=tuple(p.code for p in provs),
        prov_names=tuple(p.name_th for p in provs),
        prov_keys=prov_keys,
        dist_codes=tuple(d.code for d in dists),
        dist_names=dist_names,
        dist_keys=dist_keys,
        dist_prov=np.array([prov_pos[d.province_code] for d in dists], dtype=np.int32),
        dist_capital=np.array(
            [d.code.endswith("01") and d.province_code != _BANGKOK_CODE for d in dists]
        ),
        sub_codes=tuple(s.code for s in subs),
        sub_names=tuple(s.name_th for s in subs),
        sub_keys=sub_keys,
        sub_dist=sub_dist,
        sub_prov=sub_prov,
        sub_postcodes=tuple(tuple(s.postal_codes) for s in subs),
        exact=exact,
        abolished=_abolished_index(dist_pos, prov_pos),
        subs_of_prov=tuple(np.flatnonzero(sub_prov == i) for i in range(len(provs))),
        subs_of_dist=tuple(np.flatnonzero(sub_dist == i) for i in range(len(dists))),
    )


def _abolished_index(
    dist_pos: dict[str, int], prov_pos: dict[str, int]
) -> dict[str, tuple[tuple[str, str, int, int, frozenset[str]], ...]]:
    out: dict[str, list[tuple[str, str, int, int, frozenset[str]]]] = {}
    for a in abolished_areas():
        d = dist_pos.get(a.code[:4])
        if a.level != "subdistrict" or d is None:
            continue  # its district is gone too: nothing current to attach it to
        posts = frozenset(
            pc
            for code in a.successors
            if (sd := geothai.subdistrict(code))
            for pc in sd.postal_codes
        )
        out.setdefault(_key(a.name_th), []).append(
            (a.code, a.name_th, d, prov_pos[a.code[:2]], posts)
        )
    return {k: tuple(v) for k, v in out.items()}


def _address_for(ix: _Index, i: int, score: float) -> Address:
    d = int(ix.sub_dist[i])
    p = int(ix.sub_prov[i])
    pcs = ix.sub_postcodes[i]
    return Address(
        sub_district=ix.sub_names[i],
        district=ix.dist_names[d],
        province=ix.prov_names[p],
        postcode=pcs[0] if len(pcs) == 1 else None,
        bangkok=ix.prov_codes[p] == _BANGKOK_CODE,
        resolved=True,
        score=round(float(score), 1),
        sub_district_code=ix.sub_codes[i],
    )


def _province_scores(ix: _Index, key: str) -> np.ndarray:
    scores = process.cdist([key], ix.prov_keys, scorer=fuzz.ratio, dtype=np.float32)[0]
    alias = _PROVINCE_ALIASES.get(key)
    if alias is not None:
        scores[ix.prov_codes.index(alias)] = 100.0
    return scores


def _district_scores(ix: _Index, key: str) -> np.ndarray:
    scores = process.cdist([key], ix.dist_keys, scorer=fuzz.ratio, dtype=np.float32)[0]
    if key in ("เมือง", "อเมือง"):
        scores[ix.dist_capital] = 100.0
    return scores


# A given name must reach this similarity to be accepted; the best triple must beat the
# runner-up by _MARGIN (sum of the three 0–100 scores) to count as unambiguous.
_MIN_PART = 60.0
_MIN_MEAN = 78.0
_MARGIN = 6.0
_WEAK_PART = 40.0


def resolve_parts(
    sub_district: str | None, district: str | None, province: str | None
) -> Address | None:
    """Resolve names (with or without ``ต.``/``อ.``/``จ.``/``แขวง``/``เขต`` prefixes) to one
    gazetteer entry, tolerating OCR errors; ``None`` if no entry fits clearly. Never raises."""
    try:
        return _resolve(sub_district, district, province)
    except Exception:
        return None


_NAME_PREFIX = re.compile(r"^(?:จังหวัด|อำเภอ|ตำบล|แขวง|เขต|กิ่งอำเภอ|[จอต]\s?\.)\s*")


def _part_key(s: str | None) -> str:
    if not isinstance(s, str):
        return ""
    s = clip(s, 128)
    return _key(_NAME_PREFIX.sub("", s))


def _resolve(
    sub_district: str | None, district: str | None, province: str | None
) -> Address | None:
    ix = _index()
    sk, dk, pk = _part_key(sub_district), _part_key(district), _part_key(province)
    if not sk:
        return None
    if pk in _PROVINCE_ALIASES:
        pk = ix.prov_keys[ix.prov_codes.index(_PROVINCE_ALIASES[pk])]
    hit = ix.exact.get((sk, dk, pk))
    if hit is not None:
        return _address_for(ix, hit, 100.0)

    given = [True, bool(dk), bool(pk)]
    p_scores = _province_scores(ix, pk) if pk else np.zeros(len(ix.prov_keys), np.float32)
    d_scores = _district_scores(ix, dk) if dk else np.zeros(len(ix.dist_keys), np.float32)

    # Narrow the sub-district search to a confidently named province or district first; fall
    # back to the whole country when that finds nothing clear.
    narrowed: list[np.ndarray] = []
    if pk and p_scores.max() >= 90:
        narrowed.append(
            np.concatenate([ix.subs_of_prov[i] for i in np.flatnonzero(p_scores >= 90)])
        )
    if dk and d_scores.max() >= 90:
        narrowed.append(
            np.concatenate([ix.subs_of_dist[i] for i in np.flatnonzero(d_scores >= 90)])
        )
    old = _abolished_match(ix, sk, d_scores, p_scores, given)
    if old is not None:
        return old
    for cand in [*narrowed, None]:
        found = _best(ix, _ranked(ix, sk, cand, d_scores, p_scores, given), given)
        if found is not None:
            return found
    return None


def _abolished_match(
    ix: _Index,
    sk: str,
    d_scores: np.ndarray,
    p_scores: np.ndarray,
    given: list[bool],
) -> Address | None:
    """An old card may print a sub-district DOPA abolished since (e.g. แขวงบางนา, 2022).

    Only an exact name is taken, and only when no current sub-district in the named area
    has that name; otherwise fuzzy matching would snap it to a neighbour's new name.
    """
    entries = ix.abolished.get(sk)
    if not entries or (not given[1] and not given[2]):
        return None
    if given[1]:
        area = [i for d in np.flatnonzero(d_scores >= 90) for i in ix.subs_of_dist[d]]
    else:
        area = [i for p in np.flatnonzero(p_scores >= 90) for i in ix.subs_of_prov[p]]
    if any(ix.sub_keys[i] == sk for i in area):
        return None
    fits = [
        e
        for e in entries
        if (not given[1] or d_scores[e[2]] >= 90) and (not given[2] or p_scores[e[3]] >= 90)
    ]
    if len(fits) != 1:
        return None
    code, name, d, p, posts = fits[0]
    parts = [100.0, *([d_scores[d]] if given[1] else []), *([p_scores[p]] if given[2] else [])]
    return Address(
        sub_district=name,
        district=ix.dist_names[d],
        province=ix.prov_names[p],
        postcode=next(iter(posts)) if len(posts) == 1 else None,
        bangkok=ix.prov_codes[p] == _BANGKOK_CODE,
        resolved=True,
        score=round(float(sum(parts) / len(parts)), 1),
        sub_district_code=code,
        abolished=True,
    )


def _ranked(
    ix: _Index,
    sk: str,
    cand: np.ndarray | None,
    d_scores: np.ndarray,
    p_scores: np.ndarray,
    given: list[bool],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Entries (indices), their part scores and totals, best first."""
    idx = np.arange(len(ix.sub_keys)) if cand is None else np.unique(cand)
    keys = [ix.sub_keys[i] for i in idx] if cand is not None else ix.sub_keys
    s = process.cdist([sk], keys, scorer=fuzz.ratio, dtype=np.float32)[0]
    d = d_scores[ix.sub_dist[idx]]
    p = p_scores[ix.sub_prov[idx]]
    total = s + (d if given[1] else 0) + (p if given[2] else 0)
    order = np.argsort(-total, kind="stable")
    return idx, s, d, p, total, order


def _best(ix: _Index, ranked: tuple[np.ndarray, ...], given: list[bool]) -> Address | None:
    """The top entry of `_ranked` when it fits clearly enough to be taken alone."""
    idx, s, d, p, total, order = ranked
    top = int(order[0])
    n_given = sum(given)
    parts = sorted([s[top], *([d[top]] if given[1] else []), *([p[top]] if given[2] else [])])
    margin = total[top] - total[int(order[1])] if len(order) > 1 else 100.0
    if parts[0] >= _MIN_PART and total[top] / n_given >= _MIN_MEAN and margin >= _MARGIN:
        pass
    elif not (
        # One short name badly read ("อ.พฏ" for "อ.พล") while the other two match exactly
        # and pin the entry down on their own.
        n_given == 3 and parts[1] >= 95 and parts[0] >= _WEAK_PART and margin >= 2 * _MARGIN
    ):
        return None
    return _address_for(ix, int(idx[top]), total[top] / n_given)


def near_entries(text: str, k: int = 4) -> list[Address]:
    """For a printed address no entry fits clearly: the `k` entries that fit it best
    (each part at least `_WEAK_PART` similar, the mean at least `_MIN_MEAN`), with the
    house and street as read, for another judge (the pixels) to choose among. Never raises."""
    try:
        s = thai_digits_to_ascii(clip(text, 1024))
        cands = _candidates(s)
        if not cands:
            return []
        head_end, sub, dist, prov, _ = cands[0]
        ix = _index()
        sk, dk, pk = _part_key(sub), _part_key(dist), _part_key(prov)
        if not sk or not dk:
            return []
        given = [True, True, bool(pk)]
        p_scores = _province_scores(ix, pk) if pk else np.zeros(len(ix.prov_keys), np.float32)
        idx, ss, d, p, total, order = _ranked(
            ix, sk, None, _district_scores(ix, dk), p_scores, given
        )
        house, street = _split_head(s[:head_end])
        out = []
        for o in order[:k]:
            parts = [ss[o], d[o], *([p[o]] if pk else [])]
            if min(parts) < _WEAK_PART or total[o] / len(parts) < _MIN_MEAN:
                break
            found = _address_for(ix, int(idx[o]), total[o] / len(parts))
            found.house_number, found.street = house, street
            out.append(found)
        return out
    except Exception:
        return []


_AREA_SCORE = 62.0
_NAMED_SCORE = 85.0


def named_provinces(text: str) -> set[str]:
    """The provinces (``ประจวบคีรีขันธ์``) that a word of `text` spells nearly exactly, with
    or without its marker; empty when none. Never raises."""
    try:
        ix = _index()
        out: set[str] = set()
        for w in thai_digits_to_ascii(clip(text, 1024)).split():
            k = _part_key(w)
            if len(k) >= 3:
                hits = np.flatnonzero(_province_scores(ix, k) >= _NAMED_SCORE)
                out.update(ix.prov_names[i] for i in hits)
        return out
    except Exception:
        return set()


def area_entries(text: str) -> list[Address]:
    """For a printed address whose sub-district and district names OCR garbled past
    `near_entries`: every entry of the province, and of any district, that a word of the
    text names clearly, with the house and street as read, for the pixels to choose among.
    Empty when the text names no area or has no sub-district or district marker to end
    the house and street at. Never raises."""
    try:
        s = thai_digits_to_ascii(clip(text, 1024))
        marks = [m for m in _marks(s) if m.kind != "bkk"]
        if not marks:
            return []
        ix = _index()
        pool: list[np.ndarray] = []
        for w in s[marks[0].start :].split():
            k = _part_key(w)
            if len(k) < 3:
                continue
            p = _province_scores(ix, k)
            pool += [ix.subs_of_prov[i] for i in np.flatnonzero(p >= _AREA_SCORE)]
            # (Not `_district_scores`: its bare "เมือง" names every capital district.)
            d = process.cdist([k], ix.dist_keys, scorer=fuzz.ratio, dtype=np.float32)[0]
            pool += [ix.subs_of_dist[i] for i in np.flatnonzero(d >= _AREA_SCORE)]
        if not pool:
            return []
        house, street = _split_head(s[: marks[0].start])
        out = []
        for i in np.unique(np.concatenate(pool)):
            found = _address_for(ix, int(i), 0.0)
            found.house_number, found.street = house, street
            out.append(found)
        return out
    except Exception:
        return []


# --- Splitting the printed line ---------------------------------------------------------------

_MARK = re.compile(
    r"(?P<sm>ตำบล|แขวง|ต\s?[.,])|(?P<dm>กิ่งอำเภอ|อำเภอ|เขต|อ\s?[.,])|(?P<pm>จังหวัด|จ\s?[.,])"
    r"|(?P<bkk>กรุงเทพมหานคร|กรุงเทพฯ|กรุงเทพ|กทม\.?)"
)
_POSTCODE = re.compile(r"\s*\b\d{5}\s*$")
_LOST_MARK = re.compile(r"^[ก-ฮ]\s?[.,]\s*")  # a sub-district marker misread as another letter
_LABEL = re.compile(r"^(?:ที่อยู่|Address)\s*[:.]?\s*", re.IGNORECASE)
_HOUSE = re.compile(r"^(?:บ้านเลขที่|เลขที่)?\s*(?P<h>\d+(?:\s?/\s?\d+)?(?:\s?[ก-ฮ](?=\s))?)\s*")
# A village number prints without leading zeros ("หมู่ที่ 07" is a misread).
_MOO = re.compile(r"(?:หมู่ที่|หมู่|ม\.)\s*0*(\d+)")
_ROAD_AS_SUB = re.compile(r"(?:(?<=\s)|^)ต\.(?=[\u0e01-\u0e2e\u0e40-\u0e44])")
_MAX_TRIES = 12


@dataclass(frozen=True)
class _Mark:
    kind: str  # "sm" | "dm" | "pm" | "bkk"
    start: int
    end: int
    spaced: bool  # starts the text or follows a space or digit, as printed


def _marks(s: str) -> list[_Mark]:
    out = []
    for m in _MARK.finditer(s):
        kind = m.lastgroup or ""
        spaced = m.start() == 0 or s[m.start() - 1].isspace() or s[m.start() - 1].isdigit()
        out.append(_Mark(kind, m.start(), m.end(), spaced))
    return out


_PRINTED = re.compile(r"[\u0e01-\u0e2e0-9]")  # a word the card prints: a Thai letter or a digit
_LONE_LETTER = re.compile(r"[\u0e01-\u0e2e]")


def _split_head(head: str) -> tuple[str | None, str | None]:
    head = _LABEL.sub("", head.strip())
    if not head:
        return None, None
    m = _HOUSE.match(head)
    house = None
    if m:
        house = re.sub(r"\s", "", m.group("h"))
        head = head[m.end() :]
    # No street, soi or moo is a lone letter (one after the number is the house's, above).
    head = " ".join(w for w in head.split() if _PRINTED.search(w) and not _LONE_LETTER.fullmatch(w))
    street = _MOO.sub(lambda mm: f"หมู่ที่ {mm.group(1)}", head).strip() or None
    if street:  # no sub-district marker before the sub-district: a road's ถ. misread
        street = _ROAD_AS_SUB.sub("ถ.", street)
    return house, street


# A house number ("12", "99/105", "1234/5"): no leading zero, at most four digits before a slash.
_HOUSE_SHAPE = re.compile(r"[1-9]\d{0,3}(?:/[1-9]\d{0,3})?")


def house_number_shape(number: str) -> bool:
    """True when `number` is shaped like a printed house number: it never starts with a
    zero, and a slash-less one has at most four digits (a five-digit one lost its slash)."""
    return _HOUSE_SHAPE.fullmatch(number) is not None


# Words near "หมู่ที่" that are not it ("ผมู่ที", "พมู่กี", "หมู่"); "หมู่บ้าน" (an estate) is its own.
_MOO_NEAR = re.compile(r"[หผพ]?ม[ูุ]?[่้]?(?:ท|ที|กี|ติ)[่้]?|หมู่?")


def street_shape(street: str) -> bool:
    """True when the part printed between the house number and the sub-district is shaped
    as cards print it: every "หมู่ที่" with its number after it, no word that is "หมู่ที่"
    misread, and no bare number at its head (a number is the house's, or follows a marker
    or a soi's or road's name)."""
    words = street.split()
    if words and words[0].isdigit():
        return False
    for i, w in enumerate(words):
        if w == "หมู่ที่":
            if i + 1 == len(words) or not words[i + 1].isdigit():
                return False
        elif w != "หมู่บ้าน" and _MOO_NEAR.fullmatch(w):
            return False
    return True


def house_number_repairs(number: str) -> list[str]:
    """Well-shaped house numbers one misread away from a misshapen `number` of digits and
    slashes: a leading zero replaced or dropped ("077" → "977", "77"), a lost slash put
    back or a slash read as a digit ("73972" → "739/72", "797767" → "797/67"), one or two
    digits too many before the slash (a blurred "ที่อยู่" read as digits glued to it:
    "40471/198" → "471/198")."""
    if house_number_shape(number) or not re.fullmatch(r"[\d/]+", number):
        return []
    cands: list[str] = []
    if number.startswith("0"):
        cands += [d + number[1:] for d in "123456789"] + [number[1:]]
    if "/" not in number:
        cands += [number[:i] + "/" + number[i:] for i in range(1, len(number))]
        cands += [number[:i] + "/" + number[i + 1 :] for i in range(1, len(number) - 1)]
    elif len(number.partition("/")[0]) > 4:
        cands += [number[i:] for i in (1, 2)]
    return [c for c in dict.fromkeys(cands) if house_number_shape(c)]


def parse_address(text: str) -> Address:
    """Split and resolve a printed address (one or both card lines joined). Never raises.

    When no gazetteer entry fits, the split names are kept with ``resolved=False``; text with
    no recognisable address gives an empty, unresolved :class:`Address`.
    """
    try:
        return _parse(text)
    except Exception:
        return Address()


def _candidates(s: str) -> list[tuple[int, str, str, str | None, bool]]:
    """(head end, sub, district, province, Bangkok form) splits, the most likely first."""
    marks = _marks(s)
    out: list[tuple[int, int, str, str, str | None, bool]] = []  # (rank, head end, ...)
    for j, dm in enumerate(marks):
        if dm.kind != "dm":
            continue
        # The province: the first province marker (or Bangkok) after the district marker.
        pm = next((m for m in marks[j + 1 :] if m.kind in ("pm", "bkk")), None)
        dist_end = pm.start if pm else len(s)
        dist = s[dm.end : dist_end].strip()
        prov: str | None
        if pm is None:
            prov = None
        elif pm.kind == "bkk":
            prov = BANGKOK
        else:
            prov = _POSTCODE.sub("", s[pm.end :]).strip()
        splits = [(dist, prov)]
        if pm is None:
            dist = _POSTCODE.sub("", dist)
            words = dist.split()
            splits = [(dist, None)]
            if len(words) >= 2:  # "อ.เมืองอ่างทอง อ่างทอง": the province without its marker
                splits.insert(0, (" ".join(words[:-1]), words[-1]))
        subs = [m for m in marks[:j] if m.kind == "sm"]
        for sm in reversed(subs):
            bkk = s[sm.start : sm.end] == "แขวง" or s[dm.start : dm.end] == "เขต"
            rank = 0 if (sm.spaced and dm.spaced) else 1
            sub = s[sm.end : dm.start]
            for dist_txt, prov_txt in splits:
                out.append((rank, sm.start, sub, dist_txt, prov_txt, bkk))
                if len(sub.split()) > 1:  # junk read after the name (names have no spaces)
                    out.append((rank + 1, sm.start, sub.split()[0], dist_txt, prov_txt, bkk))
        # No sub-district marker found: take the word before the district marker.
        before = s[: dm.start].split()
        if before:
            sub = _LOST_MARK.sub("", before[-1])
            head_end = s.rfind(before[-1], 0, dm.start)
            for dist_txt, prov_txt in splits:
                out.append((2, head_end, sub, dist_txt, prov_txt, s[dm.start : dm.end] == "เขต"))
    out.sort(key=lambda c: c[0])
    seen: set[tuple[str, str, str | None]] = set()
    unique = []
    for c in out:
        k = (_key(c[2]), _key(c[3]), _key(c[4]) if c[4] else None)
        if k not in seen:
            seen.add(k)
            unique.append(c[1:])
    return unique[:_MAX_TRIES]


def _parse(text: str) -> Address:
    s = thai_digits_to_ascii(clip(text, 1024))
    if not s:
        return Address()
    cands = _candidates(s)
    for head_end, sub, dist, prov, _bkk in cands:
        found = resolve_parts(sub, dist, prov)
        if found is not None:
            found.house_number, found.street = _split_head(s[:head_end])
            return found
    # No usable markers (OCR lost the dots): try the last three words as the three names.
    words = _POSTCODE.sub("", s).split()
    if len(words) >= 3:
        found = resolve_parts(words[-3], words[-2], words[-1])
        if found is not None:
            found.house_number, found.street = _split_head(" ".join(words[:-3]))
            return found
    if cands:
        head_end, sub, dist, prov, bkk = cands[0]
        house, street = _split_head(s[:head_end])
        return Address(
            house_number=house,
            street=street,
            sub_district=_part_key(sub) or None,
            district=_part_key(dist) or None,
            province=_part_key(prov) or None,
            bangkok=bkk,
        )
    return Address()


# --- Synthetic addresses ----------------------------------------------------------------------

_ROADS = (
    "สุขุมวิท", "พหลโยธิน", "เพชรเกษม", "มิตรภาพ", "รามคำแหง", "ลาดพร้าว", "เจริญกรุง",
    "พระราม 2", "งามวงศ์วาน", "ประชาราษฎร์", "ราชดำเนิน", "นิมมานเหมินท์", "ศรีนครินทร์",
    "แจ้งวัฒนะ", "บางนา-ตราด", "ประชาอุทิศ", "เทศบาล 1", "สายเอเชีย",
)  # fmt: skip
_SOIS = ("วัดใหม่", "ร่วมใจ", "สุขสันต์", "เจริญสุข", "ประชาร่วมใจ", "ศรีเจริญ", "มิตรไมตรี")


def random_address(rng: random.Random) -> Address:
    """A plausible card address on a real (sub-district, district, province) triple, with a
    random house number, หมู่ที่, ซอย and ถนน; for the synthetic card factory."""
    ix = _index()
    i = rng.randrange(len(ix.sub_codes))
    addr = _address_for(ix, i, 100.0)
    house = str(rng.randint(1, 999))
    if rng.random() < 0.45:
        house += f"/{rng.randint(1, 199)}"
    street: list[str] = []
    if not addr.bangkok and rng.random() < 0.8:
        street.append(f"หมู่ที่ {rng.randint(1, 20)}")
    if rng.random() < (0.6 if addr.bangkok else 0.2):
        base = rng.choice((*_ROADS, *_SOIS))
        street.append(f"ซ.{base} {rng.randint(1, 120)}" if rng.random() < 0.5 else f"ซ.{base}")
    if rng.random() < (0.6 if addr.bangkok else 0.25):
        street.append(f"ถ.{rng.choice(_ROADS)}")
    addr.house_number = house
    addr.street = " ".join(street) or None
    return addr
