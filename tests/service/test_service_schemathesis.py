"""Property-based tests from our own OpenAPI spec (schemathesis) against the real server.

Driven through hypothesis directly: schemathesis' pytest plugin does not run on pytest 9.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_no_server_error_and_responses_match_the_spec(server_url: str, api_key: str) -> None:
    schema = schemathesis.openapi.from_url(server_url + "/openapi.json")
    headers = {"x-aigen-key": api_key, "X-Auth-Token": api_key}
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) == 3
    calls = []
    for op in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if mode is GenerationMode.NEGATIVE and op.method.upper() == "GET":
                continue

            @given(case=op.as_strategy(generation_mode=mode))
            @settings(
                max_examples=30,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case) -> None:
                response = case.call_and_validate(headers=headers, checks=CHECKS, timeout=60)
                calls.append(response.status_code)

            run()
    assert calls and all(code < 500 for code in calls)
