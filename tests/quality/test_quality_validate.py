"""End-to-end validation of real Parquet files with the bundled suites (real GX, no mocks)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq
import pytest
from quality_data import ALSO_FLAGGED, DEFECTS, TODAY, _cd, clean_cards, flat_rows

from thaiid_ops import schema
from thaiid_ops.quality import summarize, validate
from thaiid_ops.thai.dates import format_en_date, format_thai_date

PII_COLUMNS = (
    "id_number",
    "title_name_surname_th",
    "title_name_en",
    "surname_en",
    "name_th",
    "surname_th",
    "name_en",
    *schema.DATE_FIELDS,
    "address_full",
    "laser_number",
    "serial_number",
)
_NOT_PII = {"LIFELONG", "ตลอดชีพ", "นาย", "Mr.", TODAY.isoformat(), "1900-01-01"}


def _pii_values(parquet: Path) -> set[str]:
    """Every raw personal value in the file, as stored and as printed/ISO dates."""
    values: set[str] = set()
    for row in pq.read_table(parquet).to_pylist():
        for col in PII_COLUMNS:
            if row.get(col):
                values.add(row[col])
        for col in ("dob", "doi", "doe"):
            if row.get(col):
                values.add(row[col].isoformat())
    return values - _NOT_PII


def _flagged_by_source(summary: dict[str, Any]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for suite in summary["suites"]:
        for x in suite["expectations"]:
            for r in x["unexpected_rows"]:
                out.setdefault(r["source"], set()).add(x["label"])
    return out


def test_clean_set_passes_every_suite(clean_result: Any) -> None:
    summary = summarize(clean_result)
    failed = [
        (s["suite"], x["label"])
        for s in summary["suites"]
        for x in s["expectations"]
        if not x["success"]
    ]
    assert failed == []
    assert clean_result.success is True
    assert [s["suite"] for s in summary["suites"]] == [
        "thaiid_front",
        "thaiid_back",
        "thaiid_pipeline_health",
    ]
    # The custom expectations really looked at the rows (none skipped as all-null).
    front = {x["label"]: x for x in summary["suites"][0]["expectations"]}
    checksum = front["expect_column_values_to_have_valid_thai_id_checksum:id_number"]
    assert checksum["element_count"] == len(clean_cards()) * 2  # front + back rows
    assert checksum["unexpected_count"] == 0


def test_each_seeded_defect_is_caught_by_its_expectation(defects_result: Any) -> None:
    summary = summarize(defects_result)
    assert defects_result.success is False
    flagged = _flagged_by_source(summary)
    for name, (_breaker, label) in DEFECTS.items():
        side = "back" if "laser" in name else "front"
        got = flagged.get(f"{name}_{side}.jpg", set())
        assert got == {label} | ALSO_FLAGGED.get(name, set()), name
    # No clean row is flagged by anything.
    assert all(src.startswith("defect_") for src in flagged), sorted(flagged)
    assert not any(s["errored"] for s in summary["suites"])


def test_results_identify_rows_by_key_and_carry_no_pii(
    defects_result: Any, defects_parquet: Path
) -> None:
    summary = summarize(defects_result)
    rows = [r for s in summary["suites"] for x in s["expectations"] for r in x["unexpected_rows"]]
    assert rows and all(set(r) == {"source", "page"} for r in rows)
    blob = json.dumps(defects_result.describe_dict(), ensure_ascii=False, default=str)
    blob += json.dumps(summary, ensure_ascii=False, default=str)
    leaked = sorted(v for v in _pii_values(defects_parquet) if v in blob)
    assert leaked == []


def test_report_exists_and_holds_no_raw_values(
    defects_result: Any, report_dir: Path, defects_parquet: Path
) -> None:
    index = report_dir / "index.html"
    assert index.is_file()
    pages = sorted(p.relative_to(report_dir).as_posix() for p in report_dir.rglob("*.html"))
    assert "expectations/thaiid_front.html" in pages
    assert sum(p.startswith("validations/thaiid_front/") for p in pages) == 1
    html = index.read_text(encoding="utf-8")
    assert "thaiid check: " in html and "defect_checksum_front.jpg" in html
    # Grep every file of the report for every raw value of the data.
    blob = b"\n".join(p.read_bytes() for p in report_dir.rglob("*") if p.is_file())
    values = _pii_values(defects_parquet)
    ids = {v for v in values if v.isdigit() and len(v) == 13}
    assert len(ids) >= 10
    leaked = sorted(v for v in values if v.encode() in blob)
    assert leaked == []


def test_polars_frames_keep_date_bounds_working() -> None:
    """The `to_pandas()` trap: Polars dates as datetime64 must still be range-checked."""
    cards = clean_cards(seed=5, n=4)
    future = cards[0]

    future.dob = _cd(dt.date(2030, 1, 2))
    frame = schema.frame(flat_rows(cards, back=False))
    assert frame.schema["dob"] == pl.Date
    suite = {
        "name": "dates_only",
        "expectations": [
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {
                    "column": "dob",
                    "min_value": {"$PARAMETER": "min_date"},
                    "max_value": {"$PARAMETER": "today"},
                },
            }
        ],
    }
    broken = {
        "name": "missing_column",
        "expectations": [
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "no_such"}}
        ],
    }
    for data in (frame, frame.to_pandas()):
        summary = summarize(validate(data, suite=[suite, broken], today=TODAY))
        dates, missing = summary["suites"]
        (x,) = dates["expectations"]
        assert x["error"] is False
        assert x["unexpected_rows"] == [{"source": f"{future.source}_front.jpg", "page": 1}]
        # An expectation that could not run is reported as an error, never as a pass.
        assert missing["success"] is False and missing["errored"] == 1


def test_format_helpers_match_printed_forms() -> None:
    """The fixtures print dates exactly as the thai/ helpers (guards the PII grep's coverage)."""
    card = clean_cards(n=4)[0]
    front = card.front_response()["data"][0]
    assert front["dob_th"]["value"] == format_thai_date(card.dob)
    assert front["dob_en"]["value"] == format_en_date(card.dob)


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--suite", "health", "--json"], 0),
        (["--suite", "front", "--suite", "back", "--report", "{tmp}/dq"], 1),
        (["--suite", "no_such_suite"], 2),
    ],
)
def test_cli_exit_codes(
    argv: list[str],
    code: int,
    defects_parquet: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from thaiid_ops.cli import main

    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    rc = main(["check", str(defects_parquet), "--today", TODAY.isoformat(), *argv])
    out, err = capsys.readouterr()
    assert rc == code, (out, err)
    if "--json" in argv:
        summary = json.loads(out)
        assert summary["success"] is True
        assert [s["suite"] for s in summary["suites"]] == ["thaiid_pipeline_health"]
    if code == 1:
        assert "FAILED" in out and "defect_laser_back.jpg#1" in out
        assert (tmp_path / "dq" / "index.html").is_file() and "Data Docs:" in out
        leaked = sorted(v for v in _pii_values(defects_parquet) if v in out)
        assert leaked == []
    if code == 2:
        assert "unknown suite" in err


def test_confidence_threshold_is_a_suite_parameter(clean_parquet: Path) -> None:
    """Fields are read at 0.97: a 0.99 threshold fails exactly the confidence checks."""
    result = validate(
        clean_parquet, suite="front", today=TODAY, parameters={"min_confidence": 0.99}
    )
    (front,) = summarize(result)["suites"]
    failed = sorted(x["columns"][0] for x in front["expectations"] if not x["success"])
    assert failed == sorted(
        f"{f}_confidence"
        for f in (
            "id_number",
            "title_name_surname_th",
            "dob_th",
            "doi_th",
            "doe_th",
            "address_full",
        )
    )
    assert front["errored"] == 0
