"""Suite loading fails loudly where GX's own loader silently drops expectations."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from thaiid_ops.quality import SuiteLoadError, load_suite
from thaiid_ops.quality.suites import BUNDLED_SUITES, read_suite, suite_path

UNKNOWN = {"type": "expect_column_values_to_be_frobnicated", "kwargs": {"column": "id_number"}}
CHECKSUM = {
    "type": "expect_column_values_to_have_valid_thai_id_checksum",
    "kwargs": {"column": "id_number"},
}


@pytest.mark.parametrize("name", BUNDLED_SUITES)
def test_bundled_suites_load_every_expectation(name: str) -> None:
    data = read_suite(name)
    suite = load_suite(name)
    assert suite.name == name
    assert len(suite.expectations) == len(data["expectations"]) > 0
    assert [e.expectation_type for e in suite.expectations] == [
        e["type"] for e in data["expectations"]
    ]


def test_gx_alone_drops_an_unknown_expectation_silently(caplog: pytest.LogCaptureFixture) -> None:
    """The trap this module guards against (if GX starts raising, our guard still holds)."""
    import great_expectations as gx

    with caplog.at_level(logging.CRITICAL, logger="great_expectations"):
        suite = gx.ExpectationSuite(name="gx_default", expectations=[CHECKSUM, UNKNOWN])
    assert len(suite.expectations) == 1


@pytest.mark.parametrize(
    ("bad", "needle"),
    [
        (UNKNOWN, "expect_column_values_to_be_frobnicated"),
        (
            {
                "type": "expect_thai_card_dates_to_pass_rule",
                "kwargs": {"column_list": ["dob_th", "doi_th", "doe_th"], "rule": "no_such_rule"},
            },
            "expect_thai_card_dates_to_pass_rule",
        ),
        ({"type": "expect_column_values_to_have_valid_thai_id_checksum", "kwargs": {}}, "#1"),
        ({"kwargs": {"column": "id_number"}}, "#1 None"),
    ],
)
def test_load_suite_raises_on_any_unbuildable_expectation(
    bad: dict, needle: str, tmp_path: Path
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"name": "broken", "expectations": [CHECKSUM, bad]}))
    with pytest.raises(SuiteLoadError) as info:
        load_suite(path)
    assert needle in str(info.value)
    assert "'broken'" in str(info.value)


def test_suite_lookup_errors_are_clear(tmp_path: Path) -> None:
    assert suite_path("front").name == "thaiid_front.json"
    with pytest.raises(SuiteLoadError, match="unknown suite"):
        suite_path("frnt")
    with pytest.raises(SuiteLoadError, match="not found"):
        suite_path(tmp_path / "missing.json")
    (tmp_path / "notasuite.json").write_text("[1, 2]")
    with pytest.raises(SuiteLoadError, match="not a GX suite"):
        load_suite(tmp_path / "notasuite.json")


def test_package_and_cli_parser_do_not_import_gx() -> None:
    code = (
        "import sys, argparse, thaiid_ops, thaiid_ops.quality\n"
        "from thaiid_ops.quality.cli import add_arguments\n"
        "add_arguments(argparse.ArgumentParser())\n"
        "assert 'great_expectations' not in sys.modules, 'GX imported'\n"
        "from thaiid_ops.quality import SuiteLoadError\n"
        "assert 'great_expectations' not in sys.modules, 'GX imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_bundled_suites_are_package_data(tmp_path: Path) -> None:
    """The suites ship inside the wheel: a pip-installed package finds them."""
    import zipfile

    root = Path(__file__).resolve().parents[2]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(root)],
        check=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("thaiid_ops-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in BUNDLED_SUITES:
        assert f"thaiid_ops/quality/expectations/{name}.json" in names
    assert "thaiid_ops/engine/models/thai_crnn.onnx" in names
    assert "thaiid_ops/engine/models/thai_crnn_int8.onnx" in names
