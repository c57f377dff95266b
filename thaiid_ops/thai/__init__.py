"""Pure Thai domain rules: ID number, dates, validity, titles, religion, address, laser, serial.

No I/O and no imports from the rest of the project; every parser returns ``None`` or an
"invalid" result on bad input instead of raising.
"""

from .address import BANGKOK, PROVINCES, Address, parse_address, random_address, resolve_parts
from .dates import (
    EN_MONTHS,
    THAI_MONTHS,
    CardDate,
    DateParse,
    dates_agree,
    format_en_date,
    format_iso,
    format_thai_date,
    parse_en_date,
    parse_thai_date,
)
from .id_number import (
    PROVINCE_CODES,
    IdVerdict,
    card_type_for_id,
    check_digit,
    format_id,
    is_valid_id,
    mask_id,
    parse_id,
    validate_id,
)
from .laser import is_valid_laser, normalize_laser
from .religion import RELIGIONS, snap_religion
from .serial import is_valid_serial, normalize_serial
from .text import normalize_text, thai_digits_to_ascii
from .titles import (
    TITLES,
    Title,
    en_title_for,
    en_title_near,
    gender_from_title,
    snap_title_en,
    snap_title_th,
    split_en_name,
    split_thai_name,
)
from .validity import (
    LAW_CHANGE,
    ValidityVerdict,
    age_on,
    check_dates,
    expected_expiry,
)

__all__ = [
    "BANGKOK",
    "EN_MONTHS",
    "LAW_CHANGE",
    "PROVINCES",
    "PROVINCE_CODES",
    "RELIGIONS",
    "THAI_MONTHS",
    "TITLES",
    "Address",
    "CardDate",
    "DateParse",
    "IdVerdict",
    "Title",
    "ValidityVerdict",
    "age_on",
    "card_type_for_id",
    "check_dates",
    "check_digit",
    "dates_agree",
    "en_title_for",
    "en_title_near",
    "expected_expiry",
    "format_en_date",
    "format_id",
    "format_iso",
    "format_thai_date",
    "gender_from_title",
    "is_valid_id",
    "is_valid_laser",
    "is_valid_serial",
    "mask_id",
    "normalize_laser",
    "normalize_serial",
    "normalize_text",
    "parse_address",
    "parse_en_date",
    "parse_id",
    "parse_thai_date",
    "random_address",
    "resolve_parts",
    "snap_religion",
    "snap_title_en",
    "snap_title_th",
    "split_en_name",
    "split_thai_name",
    "thai_digits_to_ascii",
    "validate_id",
]
