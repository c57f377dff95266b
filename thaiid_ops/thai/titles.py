"""Name titles (คำนำหน้านาม) in Thai and English, name splitting and gender from title."""

from __future__ import annotations

import re
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from .text import clip

__all__ = [
    "TITLES",
    "Title",
    "en_title_for",
    "gender_from_title",
    "printed_case",
    "snap_title_en",
    "snap_title_th",
    "split_en_name",
    "split_thai_name",
]


class Title(NamedTuple):
    """One title: card abbreviation, full Thai form, English form on the card, gender."""

    thai_abbr: str
    thai_full: str
    english: str
    gender: str  # "male" | "female" | "unknown"


# Royal titles apply to men and women alike, and ranks replace นาย/นาง, so both are "unknown".
TITLES: tuple[Title, ...] = (
    Title("นาย", "นาย", "Mr.", "male"),
    Title("นาง", "นาง", "Mrs.", "female"),
    Title("น.ส.", "นางสาว", "Miss", "female"),
    Title("ด.ช.", "เด็กชาย", "Master", "male"),
    Title("ด.ญ.", "เด็กหญิง", "Miss", "female"),
    Title("ม.จ.", "หม่อมเจ้า", "M.C.", "unknown"),
    Title("ม.ร.ว.", "หม่อมราชวงศ์", "M.R.", "unknown"),
    Title("ม.ล.", "หม่อมหลวง", "M.L.", "unknown"),
    Title("ว่าที่ ร.ต.", "ว่าที่ร้อยตรี", "Acting Sub Lt.", "unknown"),
    Title("พล.อ.", "พลเอก", "Gen.", "unknown"),
    Title("พ.อ.", "พันเอก", "Col.", "unknown"),
    Title("พ.ต.", "พันตรี", "Maj.", "unknown"),
    Title("ร.อ.", "ร้อยเอก", "Capt.", "unknown"),
    Title("ร.ต.", "ร้อยตรี", "Sub Lt.", "unknown"),
    Title("จ.ส.อ.", "จ่าสิบเอก", "M.Sgt.", "unknown"),
    Title("ส.อ.", "สิบเอก", "Sgt.", "unknown"),
    Title("พล.ต.อ.", "พลตำรวจเอก", "Pol.Gen.", "unknown"),
    Title("พ.ต.อ.", "พันตำรวจเอก", "Pol.Col.", "unknown"),
    Title("พ.ต.ท.", "พันตำรวจโท", "Pol.Lt.Col.", "unknown"),
    Title("พ.ต.ต.", "พันตำรวจตรี", "Pol.Maj.", "unknown"),
    Title("ร.ต.อ.", "ร้อยตำรวจเอก", "Pol.Capt.", "unknown"),
    Title("ร.ต.ท.", "ร้อยตำรวจโท", "Pol.Lt.", "unknown"),
    Title("ร.ต.ต.", "ร้อยตำรวจตรี", "Pol.Sub Lt.", "unknown"),
    Title("ด.ต.", "ดาบตำรวจ", "Pol.Sen.Sgt.Maj.", "unknown"),
    Title("จ.ส.ต.", "จ่าสิบตำรวจ", "Pol.Sgt.Maj.", "unknown"),
    Title("พระ", "พระภิกษุ", "Phra", "unknown"),
)

_EN_GENDER = {
    "mr": "male", "master": "male", "mrs": "female", "miss": "female", "ms": "female",
}  # fmt: skip


def _key(s: str) -> str:
    return re.sub(r"[\s.]", "", s).lower()


# Thai forms, keyed without dots or spaces, mapped to (printed form, Title).
_TH_FORMS: dict[str, tuple[str, Title]] = {}
for _t in TITLES:
    _TH_FORMS.setdefault(_key(_t.thai_full), (_t.thai_full, _t))
    _TH_FORMS.setdefault(_key(_t.thai_abbr), (_t.thai_abbr, _t))
# A title followed by the name: try the longest form first, dots and spaces optional.
_TH_PREFIX = [
    (re.compile(r"\s?\.?\s?".join(re.escape(ch) for ch in key) + r"\.?\s*"), form, t)
    for key, (form, t) in sorted(_TH_FORMS.items(), key=lambda kv: -len(kv[0]))
]
# Titles that are ordinary Thai words and may not be glued to a name without a space.
_NEEDS_SPACE = {"พระ"}


def _en_key(s: str) -> str:
    return re.sub(r"\s", "", s).lower().rstrip(".")


_EN_FORMS: dict[str, str] = {}
for _t in (*TITLES, Title("", "", "Ms.", "female")):
    _EN_FORMS.setdefault(_en_key(_t.english), _t.english)


def _en_form_pattern(key: str) -> str:
    """A title key as text may print it: a space or none after each inner dot and between
    the words ("Acting Sub Lt.", "Pol. Lt. Col.")."""
    form = _EN_FORMS[key].rstrip(".")
    return r"\s*".join(re.escape(word) for word in re.split(r"(?<=\.)\s*|\s+", form))


# Exact spellings first (longest first), trailing dot optional; "Mr" never eats "Mrs".
_EN_PREFIX = re.compile(
    r"^\s*("
    + "|".join(_en_form_pattern(k) for k in sorted(_EN_FORMS, key=len, reverse=True))
    + r")(?:\.?(?:\s+|$)|\.(?=[A-Za-z]))",  # "Mr. Somchai", "Mr Somchai", "Mr.Somchai"
    re.IGNORECASE,
)


def _closest(key: str, table: dict[str, str]) -> list[str]:
    """The keys closest to `key` within a small edit distance (several where they tie)."""
    best: list[str] = []
    best_d = max(1, len(key) // 4) + 1
    for k in table:
        d = Levenshtein.distance(key, k, score_cutoff=best_d)
        if d < best_d:
            best, best_d = [k], d
        elif d == best_d and best:
            best.append(k)
    return best


def _nearest(key: str, table: dict[str, str]) -> str | None:
    """The unique closest key within a small edit distance, else ``None``."""
    best = _closest(key, table)
    return best[0] if len(best) == 1 else None


def split_thai_name(text: str) -> tuple[str | None, str | None, str | None]:
    """Split ``"น.ส. มาลี ใจดี"`` (or ``"นางสาวมาลี ใจดี"``) into (title, first name, surname).

    The title is returned in its canonical printed spelling; parts that are missing are ``None``.
    """
    s = clip(text, 512)
    if not s:
        return None, None, None
    title: str | None = None
    rest = s
    for pattern, form, _t in _TH_PREFIX:
        m = pattern.match(s)
        if not m:
            continue
        tail = s[m.end() :]
        if form in _NEEDS_SPACE and not m.group(0).endswith(" "):
            continue
        if not tail.strip():
            title, rest = form, ""
            break
        title, rest = form, tail
        break
    parts = rest.split()
    first = parts[0] if parts else None
    surname = " ".join(parts[1:]) or None
    return title, first, surname


def split_en_name(text: str) -> tuple[str | None, str | None]:
    """Split the English "Name" line (``"Mr. Somchai"``) into (title, first name)."""
    s = clip(text, 512)
    if not s:
        return None, None
    s = re.sub(r"^name\s*[:.]?\s+", "", s, flags=re.IGNORECASE)
    m = _EN_PREFIX.match(s)
    if not m:
        return None, s or None
    title = _EN_FORMS.get(_en_key(m.group(1)))
    first = s[m.end() :].strip() or None
    return title, first


def printed_case(name: str) -> str:
    """An English name as the card prints it: capitalised, and never a capital right after
    a small letter ("ChansIrisakun" is "Chansirisakun"; "mr.kluai"'s name is "Kluai")."""
    name = _INNER_CAPITAL.sub(lambda m: m.group(0).lower(), name)
    return name[:1].upper() + name[1:]


_INNER_CAPITAL = re.compile(r"(?<=[a-z])[A-Z]")


def snap_title_th(text: str) -> str | None:
    """Snap OCR text to a known Thai title's printed form (exact, then fuzzy); ``None`` if unsure."""
    k = _key(clip(text, 64))
    if not k:
        return None
    if k in _TH_FORMS:
        return _TH_FORMS[k][0]
    hit = _nearest(k, {key: v[0] for key, v in _TH_FORMS.items()})
    return _TH_FORMS[hit][0] if hit else None


def snap_title_en(text: str) -> str | None:
    """Snap OCR text to a known English title (``Mr.``, ``Mrs.``, ``Miss`` …); ``None`` if unsure."""
    k = _en_key(clip(text, 64))
    if not k:
        return None
    if k in _EN_FORMS:
        return _EN_FORMS[k]
    hit = _nearest(k.replace(".", ""), _EN_DOTLESS)
    return _EN_DOTLESS[hit] if hit else None


def en_titles_near(text: str) -> tuple[str, ...]:
    """The printed English titles one edit from `text` where plain snapping finds them
    tied ("Mirs": Mrs. and Miss; "Mis": Miss and Mrs., Ms. being printed as either);
    empty where `text` snaps to one title or is no title's misreading."""
    k = _en_key(clip(text, 64)).replace(".", "")
    tied = _closest(k, _EN_DOTLESS) if len(k) >= 3 else []  # "Mo": five titles one edit off
    if len(tied) < 2:
        return ()
    return tuple(dict.fromkeys(p for key in tied for p in printed_en_for(_EN_DOTLESS[key])))


# Without their dots "Mr." and "M.R." spell alike: the common title (listed first) keeps
# the spelling, and a misread "Mir" is Mr., not the rare royal title.
_EN_DOTLESS: dict[str, str] = {}
for _key_en, _form in _EN_FORMS.items():
    _EN_DOTLESS.setdefault(_key_en.replace(".", ""), _form)


def printed_en_for(title_en: str) -> tuple[str, ...]:
    """The English titles a card prints that `title_en` may stand for: itself where cards
    print it, else the printed ones of its gender ("Ms." → Mrs., Miss)."""
    if any(t.english == title_en for t in TITLES):
        return (title_en,)
    gender = _gender_en(title_en)
    return tuple(dict.fromkeys(t.english for t in TITLES if t.gender == gender))


def en_title_for(title_th: str) -> str | None:
    """The English title printed for a Thai title (``น.ส.`` → ``Miss``), or ``None``."""
    k = _key(clip(title_th, 64)) if isinstance(title_th, str) else ""
    hit = _TH_FORMS.get(k)
    return hit[1].english if hit else None


def en_title_near(text: str, title_th: str) -> str | None:
    """The English title `title_th` prints (``น.ส.`` → ``Miss``) when `text` is at most one
    edit from it (``Mis``: Miss, Ms. and Mrs. tie for plain snapping), else ``None``."""
    expected = en_title_for(title_th)
    if expected is None:
        return None
    key = _en_key(clip(text, 64)).strip(".,-")
    return expected if Levenshtein.distance(key, _en_key(expected)) <= 1 else None


def _gender_th(title_th: str | None) -> str | None:
    if not title_th:
        return None
    hit = _TH_FORMS.get(_key(clip(title_th, 64)))
    return hit[1].gender if hit else "unknown"


def _gender_en(title_en: str | None) -> str | None:
    if not title_en:
        return None
    return _EN_GENDER.get(_en_key(clip(title_en, 64)), "unknown")


def gender_from_title(title_th: str | None = None, title_en: str | None = None) -> str:
    """``"male"``, ``"female"`` or ``"unknown"`` (ranks, royal titles, unknown titles, or the
    Thai and English titles disagreeing)."""
    th = _gender_th(title_th) if isinstance(title_th, str) else None
    en = _gender_en(title_en) if isinstance(title_en, str) else None
    known = {g for g in (th, en) if g is not None}
    if "unknown" in known or len(known) != 1:
        return "unknown"
    return known.pop()
