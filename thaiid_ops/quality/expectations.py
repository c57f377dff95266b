"""Custom Great Expectations expectations for Thai ID card rows.

Importing this module registers every expectation with GX. GX silently drops an expectation
whose class was never imported, so suites are only loaded through
:func:`thaiid_ops.quality.suites.load_suite`, which imports this module first and fails loudly.

Each expectation only asks a rule in :mod:`thaiid_ops.thai`; no rule is re-implemented here.
All of them run on the pandas engine (the flat rows are read from Parquet into pandas).
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
from collections.abc import Callable
from typing import Any, Literal, Union

import pandas as pd
from great_expectations.core.suite_parameters import SuiteParameterDict
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import (
    ColumnMapExpectation,
    ColumnPairMapExpectation,
    MulticolumnMapExpectation,
)
from great_expectations.expectations.metrics.map_metric_provider import (
    ColumnMapMetricProvider,
    ColumnPairMapMetricProvider,
    MulticolumnMapMetricProvider,
    column_condition_partial,
    column_pair_condition_partial,
)
from great_expectations.expectations.metrics.map_metric_provider.multicolumn_condition_partial import (
    multicolumn_condition_partial,
)

from thaiid_ops.thai import address as _address
from thaiid_ops.thai import dates as _dates
from thaiid_ops.thai import id_number as _id_number
from thaiid_ops.thai.dates import CardDate, dates_agree
from thaiid_ops.thai.laser import is_valid_laser
from thaiid_ops.thai.serial import is_valid_serial
from thaiid_ops.thai.validity import check_dates

__all__ = [
    "CARD_DATE_RULES",
    "EXPECTATION_TYPES",
    "ExpectColumnValuesToBeEnglishCardDates",
    "ExpectColumnValuesToBeThaiCardDates",
    "ExpectColumnValuesToBeValidLaserCodes",
    "ExpectColumnValuesToBeValidSerialNumbers",
    "ExpectColumnValuesToHaveKnownThaiIdProvince",
    "ExpectColumnValuesToHaveValidThaiIdChecksum",
    "ExpectColumnValuesToResolveInThaiGazetteer",
    "ExpectThaiAndEnglishDatesToAgree",
    "ExpectThaiCardDatesToPassRule",
    "ExpectThaiIdFirstDigitToMatchCardType",
    "ExpectThaiIdToAllowBirthDate",
    "clear_caches",
]

#: The rule names of :func:`thaiid_ops.thai.validity.check_dates`.
CARD_DATE_RULES: tuple[str, ...] = (
    "dob_range",
    "doi_after_dob",
    "doi_not_future",
    "min_age",
    "expiry_rule",
    "lifelong_age",
    "doe_after_doi",
)
CardDateRule = Literal[
    "dob_range",
    "doi_after_dob",
    "doi_not_future",
    "min_age",
    "expiry_rule",
    "lifelong_age",
    "doe_after_doi",
]


# ---------------------------------------------------------------- cached rules
# A suite asks the same rule about the same cell several times (a date is parsed by its
# parse, agreement and rule expectations). The caches live for one `validate` call:
# `clear_caches()` empties them so no card value stays in memory afterwards.

parse_thai_date = functools.lru_cache(maxsize=1 << 16)(_dates.parse_thai_date)
parse_en_date = functools.lru_cache(maxsize=1 << 16)(_dates.parse_en_date)
validate_id = functools.lru_cache(maxsize=1 << 16)(_id_number.validate_id)
parse_address = functools.lru_cache(maxsize=1 << 14)(_address.parse_address)
_CACHED = (parse_thai_date, parse_en_date, validate_id, parse_address)


def clear_caches() -> None:
    """Forget every cached rule answer (and so every card value seen)."""
    for fn in _CACHED:
        fn.cache_clear()


# ---------------------------------------------------------------- cell helpers


def _missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


def _text(v: Any) -> str | None:
    return None if _missing(v) or not isinstance(v, str) else v


def _card_date(v: Any) -> CardDate | None:
    """A cell as a CardDate: a typed date, or text in the Thai or the English printed form."""
    if _missing(v):
        return None
    if isinstance(v, _dt.datetime | pd.Timestamp):
        v = v.date()
    if isinstance(v, _dt.date):
        return CardDate.of(v)
    if isinstance(v, str):
        for parse in (parse_thai_date, parse_en_date):
            p = parse(v)
            if p.status != "invalid":
                return p.value
    return None


def _as_date(v: Any) -> _dt.date | None:
    if _missing(v):
        return None
    if isinstance(v, _dt.datetime | pd.Timestamp):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    if isinstance(v, str):
        try:
            return _dt.date.fromisoformat(v[:10])
        except ValueError:
            return None
    return None


def _map(column: pd.Series, fn: Callable[[Any], bool]) -> pd.Series:
    return pd.Series([bool(fn(v)) for v in column], index=column.index, dtype=bool)


def _pair_map(a: pd.Series, b: pd.Series, rule: Callable[[Any, Any], bool]) -> pd.Series:
    return pd.Series([rule(x, y) for x, y in zip(a, b, strict=True)], index=a.index, dtype=bool)


# ---------------------------------------------------------------- row predicates (thai/ rules)


def _id_checksum_ok(v: Any) -> bool:
    s = _text(v)
    return s is not None and validate_id(s).checksum_ok


def _id_province_ok(v: Any) -> bool:
    s = _text(v)
    return s is None or "province" not in validate_id(s).reasons


def _id_first_digit_ok(number: Any, card_type: Any) -> bool:
    s = _text(number)
    if s is None:
        return True  # nothing to judge; completeness is a not-null expectation's job
    return "first_digit" not in validate_id(s, _text(card_type)).reasons


def _birth_fits_id(number: Any, dob: Any) -> bool:
    s, born = _text(number), _card_date(dob)
    if s is None or born is None:
        return True  # completeness is a not-null expectation's job
    return _id_number.sound_id_allows_birth(s, born)


def _date_ok(parse: Callable[[str], Any], allow_partial: bool, allow_lifelong: bool) -> Any:
    allowed = {"valid"} | ({"partial"} if allow_partial else set())
    allowed |= {"lifelong"} if allow_lifelong else set()

    def ok(v: Any) -> bool:
        s = _text(v)
        return s is not None and parse(s).status in allowed

    return ok


def _dates_agree(th: Any, en: Any) -> bool:
    a, b = _text(th), _text(en)
    if a is None or b is None:
        return True
    pa, pb = parse_thai_date(a), parse_en_date(b)
    if pa.value is None or pb.value is None:
        return True  # an unreadable date is the parse expectation's failure, not this one's
    return dates_agree(pa.value, pb.value)


def _card_dates_pass(rule: str, today: _dt.date | None) -> Callable[..., bool]:
    def ok(dob: Any, doi: Any, doe: Any, *rest: Any) -> bool:
        lifelong = bool(rest[0]) if rest and not _missing(rest[0]) else False
        doe_d = CardDate(lifelong=True) if lifelong else _card_date(doe)
        verdict = check_dates(_card_date(dob), _card_date(doi), doe_d, today=today)
        return rule not in verdict.failures

    return ok


def _address_resolves(v: Any) -> bool:
    s = _text(v)
    return s is not None and parse_address(s).resolved


# ---------------------------------------------------------------- metric providers


class ColumnValuesThaiIdChecksum(ColumnMapMetricProvider):
    condition_metric_name = "column_values.thaiid_id_checksum"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> pd.Series:
        return _map(column, _id_checksum_ok)


class ColumnValuesThaiIdProvince(ColumnMapMetricProvider):
    condition_metric_name = "column_values.thaiid_id_province"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> pd.Series:
        return _map(column, _id_province_ok)


class ColumnValuesThaiDate(ColumnMapMetricProvider):
    condition_metric_name = "column_values.thaiid_thai_date"
    condition_value_keys = ("allow_partial", "allow_lifelong")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(
        cls, column: pd.Series, allow_partial: bool = True, allow_lifelong: bool = False, **kw: Any
    ) -> pd.Series:
        return _map(column, _date_ok(parse_thai_date, allow_partial, allow_lifelong))


class ColumnValuesEnglishDate(ColumnMapMetricProvider):
    condition_metric_name = "column_values.thaiid_english_date"
    condition_value_keys = ("allow_partial", "allow_lifelong")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(
        cls, column: pd.Series, allow_partial: bool = True, allow_lifelong: bool = False, **kw: Any
    ) -> pd.Series:
        return _map(column, _date_ok(parse_en_date, allow_partial, allow_lifelong))


class ColumnValuesLaserCode(ColumnMapMetricProvider):
    condition_metric_name = "column_values.thaiid_laser_code"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> pd.Series:
        return _map(column, lambda v: _text(v) is not None and is_valid_laser(v))


class ColumnValuesSerialNumber(ColumnMapMetricProvider):
    condition_metric_name = "column_values.thaiid_serial_number"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> pd.Series:
        return _map(column, lambda v: _text(v) is not None and is_valid_serial(v))


class ColumnValuesGazetteer(ColumnMapMetricProvider):
    condition_metric_name = "column_values.thaiid_gazetteer"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> pd.Series:
        return _map(column, _address_resolves)


class ColumnPairThaiIdFirstDigit(ColumnPairMapMetricProvider):
    condition_metric_name = "column_pair_values.thaiid_first_digit"
    condition_domain_keys = (
        "batch_id",
        "table",
        "column_A",
        "column_B",
        "row_condition",
        "condition_parser",
        "ignore_row_if",
    )

    @column_pair_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_A: pd.Series, column_B: pd.Series, **kwargs: Any) -> pd.Series:
        return _pair_map(column_A, column_B, _id_first_digit_ok)


class ColumnPairThaiIdBirth(ColumnPairMapMetricProvider):
    condition_metric_name = "column_pair_values.thaiid_id_birth"
    condition_domain_keys = ColumnPairThaiIdFirstDigit.condition_domain_keys

    @column_pair_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_A: pd.Series, column_B: pd.Series, **kwargs: Any) -> pd.Series:
        return _pair_map(column_A, column_B, _birth_fits_id)


class ColumnPairThaiEnglishDates(ColumnPairMapMetricProvider):
    condition_metric_name = "column_pair_values.thaiid_dates_agree"
    condition_domain_keys = ColumnPairThaiIdFirstDigit.condition_domain_keys

    @column_pair_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_A: pd.Series, column_B: pd.Series, **kwargs: Any) -> pd.Series:
        return _pair_map(column_A, column_B, _dates_agree)


class MulticolumnCardDatesRule(MulticolumnMapMetricProvider):
    condition_metric_name = "multicolumn_values.thaiid_card_dates"
    condition_domain_keys = (
        "batch_id",
        "table",
        "column_list",
        "row_condition",
        "condition_parser",
        "ignore_row_if",
    )
    condition_value_keys = ("rule", "today")

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(
        cls, column_list: pd.DataFrame, rule: str = "", today: Any = None, **kwargs: Any
    ) -> pd.Series:
        ok = _card_dates_pass(rule, _as_date(today))
        rows = [ok(*row) for row in column_list.itertuples(index=False, name=None)]
        return pd.Series(rows, index=column_list.index, dtype=bool)


# ---------------------------------------------------------------- expectations


class ExpectColumnValuesToHaveValidThaiIdChecksum(ColumnMapExpectation):
    """Expect 13-digit Thai ID numbers whose check digit is right (python-stdnum's mod 11)."""

    map_metric = "column_values.thaiid_id_checksum"
    success_keys = ("mostly",)
    description: str | None = "ID numbers have 13 digits and a valid check digit"


class ExpectColumnValuesToHaveKnownThaiIdProvince(ColumnMapExpectation):
    """Expect digits 2–3 of Thai ID numbers to be a real DOPA province code."""

    map_metric = "column_values.thaiid_id_province"
    success_keys = ("mostly",)
    description: str | None = "ID numbers carry a known province code (digits 2–3)"


class ExpectThaiIdFirstDigitToMatchCardType(ColumnPairMapExpectation):
    """Expect the ID's first digit to fit the card type (column_A: ID, column_B: card type)."""

    map_metric = "column_pair_values.thaiid_first_digit"
    ignore_row_if: Literal["both_values_are_missing", "either_value_is_missing", "neither"] = (
        "both_values_are_missing"
    )
    success_keys = ("column_A", "column_B", "ignore_row_if", "mostly")
    args_keys = ("column_A", "column_B")
    description: str | None = "The ID's first digit fits the card type (normal or pink)"


class ExpectThaiIdToAllowBirthDate(ColumnPairMapExpectation):
    """Expect the ID's first digit to allow the birth date (column_A: ID, column_B: date of
    birth, typed or printed): 1 and 2 were given from 1 Jan 1984, 3 to people registered by
    31 May 1984."""

    map_metric = "column_pair_values.thaiid_id_birth"
    ignore_row_if: Literal["both_values_are_missing", "either_value_is_missing", "neither"] = (
        "either_value_is_missing"
    )
    success_keys = ("column_A", "column_B", "ignore_row_if", "mostly")
    args_keys = ("column_A", "column_B")
    description: str | None = "The ID's first digit allows the birth date (1, 2 from 1984)"


class ExpectColumnValuesToBeThaiCardDates(ColumnMapExpectation):
    """Expect dates printed in the Thai form (``14 ก.พ. 2531``) to parse."""

    map_metric = "column_values.thaiid_thai_date"
    allow_partial: bool = True
    allow_lifelong: bool = False
    success_keys = ("mostly", "allow_partial", "allow_lifelong")
    description: str | None = "Thai dates parse (day, Thai month, Buddhist-Era year)"


class ExpectColumnValuesToBeEnglishCardDates(ColumnMapExpectation):
    """Expect dates printed in the English form (``14 Feb. 1988``) to parse."""

    map_metric = "column_values.thaiid_english_date"
    allow_partial: bool = True
    allow_lifelong: bool = False
    success_keys = ("mostly", "allow_partial", "allow_lifelong")
    description: str | None = "English dates parse (day, month, Christian-era year)"


class ExpectThaiAndEnglishDatesToAgree(ColumnPairMapExpectation):
    """Expect the Thai and English lines of a date to agree (BE − 543 = CE, same day and month)."""

    map_metric = "column_pair_values.thaiid_dates_agree"
    ignore_row_if: Literal["both_values_are_missing", "either_value_is_missing", "neither"] = (
        "either_value_is_missing"
    )
    success_keys = ("column_A", "column_B", "ignore_row_if", "mostly")
    args_keys = ("column_A", "column_B")
    description: str | None = "Thai and English dates agree (BE − 543 = CE)"


class ExpectThaiCardDatesToPassRule(MulticolumnMapExpectation):
    """Expect a card's dates to pass one rule of ``thai.validity.check_dates``.

    ``column_list`` is ``[dob, doi, doe]`` (typed dates or printed text, Thai or English), with
    an optional fourth boolean lifelong column. ``today`` is usually ``{"$PARAMETER": "today"}``.
    """

    map_metric = "multicolumn_values.thaiid_card_dates"
    rule: CardDateRule
    today: Union[_dt.date, SuiteParameterDict, None] = None  # noqa: UP007 (pydantic v1)
    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = (
        "all_values_are_missing"
    )
    success_keys = ("column_list", "ignore_row_if", "mostly", "rule", "today")
    args_keys = ("column_list",)
    description: str | None = "Card dates pass the DOPA validity rules"


class ExpectColumnValuesToBeValidLaserCodes(ColumnMapExpectation):
    """Expect back-side laser codes in the printed form ``JT0-1234567-89``."""

    map_metric = "column_values.thaiid_laser_code"
    success_keys = ("mostly",)
    description: str | None = "Laser codes look like JT0-1234567-89"


class ExpectColumnValuesToBeValidSerialNumbers(ColumnMapExpectation):
    """Expect the under-photo serial in the printed form ``1234-05-01011234``."""

    map_metric = "column_values.thaiid_serial_number"
    success_keys = ("mostly",)
    description: str | None = "Serial numbers look like 1234-05-01011234"


class ExpectColumnValuesToResolveInThaiGazetteer(ColumnMapExpectation):
    """Expect addresses whose sub-district, district and province resolve in the gazetteer."""

    map_metric = "column_values.thaiid_gazetteer"
    success_keys = ("mostly",)
    description: str | None = "Addresses resolve in the DOPA gazetteer (geothai)"


#: snake_case type → class, for every expectation this module registers.
EXPECTATION_TYPES: dict[str, type] = {
    cls.expectation_type: cls
    for cls in (
        ExpectColumnValuesToHaveValidThaiIdChecksum,
        ExpectColumnValuesToHaveKnownThaiIdProvince,
        ExpectThaiIdFirstDigitToMatchCardType,
        ExpectThaiIdToAllowBirthDate,
        ExpectColumnValuesToBeThaiCardDates,
        ExpectColumnValuesToBeEnglishCardDates,
        ExpectThaiAndEnglishDatesToAgree,
        ExpectThaiCardDatesToPassRule,
        ExpectColumnValuesToBeValidLaserCodes,
        ExpectColumnValuesToBeValidSerialNumbers,
        ExpectColumnValuesToResolveInThaiGazetteer,
    )
}
