"""Provider registration and ThaiIDOcrHook over env connections (URI and JSON forms)."""

from __future__ import annotations

import importlib
import json
import socket
from importlib.metadata import entry_points

import pytest


def _entry_point_info() -> dict:
    (ep,) = [e for e in entry_points(group="apache_airflow_provider") if "thaiid" in e.value]
    return ep.load()()


def test_provider_info_loads_through_the_entry_point_and_passes_airflows_schema():
    import jsonschema
    from airflow.providers_manager import ProvidersManager

    info = _entry_point_info()
    schema_path = __import__("airflow").__path__[0] + "/provider_info.schema.json"
    with open(schema_path) as fh:
        jsonschema.validate(info, json.load(fh))
    (conn,) = info["connection-types"]
    assert conn["connection-type"] == "thaiid"
    assert conn["conn-fields"]["backend"]["schema"]["enum"] == ["local", "aigen", "huawei"]
    assert "hidden-fields" in conn["ui-field-behaviour"]
    module, _, name = conn["hook-class-name"].rpartition(".")
    hook_cls = getattr(importlib.import_module(module), name)
    assert hook_cls.conn_type == "thaiid"
    for key in ("hooks", "operators"):
        for module in info[key][0]["python-modules"]:
            importlib.import_module(module)

    pm = ProvidersManager()
    assert "thaiid-ops" in pm.providers
    assert pm.hooks["thaiid"].hook_class_name == conn["hook-class-name"]


def _hook(monkeypatch, conn_id: str, value: str):
    from thaiid_ops.airflow.hooks.thaiid import ThaiIDOcrHook

    monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", value)
    return ThaiIDOcrHook(thaiid_conn_id=conn_id)


def test_hook_builds_all_three_backends_from_env_connections(monkeypatch):
    from thaiid_ops.clients import AigenBackend, HuaweiBackend, LocalBackend

    local = _hook(monkeypatch, "t_local", '{"conn_type": "thaiid", "extra": {"backend": "local"}}')
    assert isinstance(local.get_conn(), LocalBackend)

    aigen_json = _hook(
        monkeypatch,
        "t_aigen_json",
        json.dumps(
            {
                "conn_type": "thaiid",
                "host": "http://127.0.0.1:8000",
                "password": "key-json-123456",
                "extra": {"backend": "aigen", "timeout": 7, "options": {"return_gender": True}},
            }
        ),
    )
    backend = aigen_json.get_conn()
    assert isinstance(backend, AigenBackend)
    assert backend.base_url == "http://127.0.0.1:8000"
    assert backend.timeout == 7.0
    assert aigen_json.default_options == {"return_gender": True}

    aigen_uri = _hook(
        monkeypatch,
        "t_aigen_uri",
        "thaiid://:key%2Furi-123456@api.example.com:8443/https?backend=aigen&timeout=12"
        "&options=%7B%22do_field_validation%22%3A+true%7D",
    )
    assert aigen_uri.spec.params == {
        "timeout": 12.0,
        "base_url": "https://api.example.com:8443",
        "api_key": "key/uri-123456",
    }
    assert isinstance(aigen_uri.get_conn(), AigenBackend)
    assert aigen_uri.default_options == {"do_field_validation": True}

    huawei = _hook(
        monkeypatch,
        "t_huawei",
        json.dumps(
            {
                "conn_type": "thaiid",
                "host": "ocr.ap-southeast-2.myhuaweicloud.com",
                "login": "iam-user",
                "password": "iam-pass-123456",
                "extra": {"backend": "huawei", "project_id": "p123", "region": "ap-southeast-2"},
            }
        ),
    )
    hw = huawei.get_conn()
    assert isinstance(hw, HuaweiBackend)
    assert hw.url == "https://ocr.ap-southeast-2.myhuaweicloud.com/v2/p123/ocr/thailand-id-card"
    assert huawei.spec.params["domain_name"] == "iam-user"

    huawei_uri = _hook(
        monkeypatch,
        "t_huawei_uri",
        "thaiid://ocr.example.com/https?backend=huawei&project_id=p9&token=tok-abcdef",
    )
    assert huawei_uri.spec.params["token"] == "tok-abcdef"
    assert isinstance(huawei_uri.get_conn(), HuaweiBackend)

    for hook in (aigen_json, aigen_uri, huawei, huawei_uri):  # secrets never in a repr
        text = repr(hook.spec)
        assert "123456" not in text and "abcdef" not in text


def test_missing_fields_are_named_without_values(monkeypatch):
    from thaiid_ops.airflow.hooks.thaiid import ConnectionConfigError

    cases = {
        "t_bad_kind": ('{"conn_type": "thaiid", "extra": {"backend": "azure"}}', "backend"),
        "t_no_host": ('{"conn_type": "thaiid", "extra": {"backend": "aigen"}}', "host"),
        "t_no_project": (
            '{"conn_type": "thaiid", "host": "h", "extra": {"backend": "huawei", "token": "t"}}',
            "project_id",
        ),
        "t_no_creds": (
            '{"conn_type": "thaiid", "host": "h", "extra": {"backend": "huawei", "project_id": "p"}}',
            "token",
        ),
    }
    for conn_id, (value, needle) in cases.items():
        with pytest.raises(ConnectionConfigError, match=needle):
            _ = _hook(monkeypatch, conn_id, value).spec


def test_missing_default_connection_means_local_but_other_ids_must_exist(monkeypatch):
    from airflow.sdk.exceptions import AirflowNotFoundException

    from thaiid_ops.airflow.hooks.thaiid import ThaiIDOcrHook

    monkeypatch.delenv("AIRFLOW_CONN_THAIID_DEFAULT", raising=False)
    assert ThaiIDOcrHook().spec.kind == "local"
    with pytest.raises(AirflowNotFoundException):
        _ = ThaiIDOcrHook(thaiid_conn_id="t_not_defined_anywhere").spec


def test_test_connection_local_engine_answers_and_closed_port_fails(monkeypatch):
    ok, message = _hook(monkeypatch, "t_probe_local", '{"conn_type": "thaiid"}').test_connection()
    assert ok, message
    assert message.startswith("local backend answered")

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    hook = _hook(
        monkeypatch,
        "t_probe_closed",
        json.dumps(
            {
                "conn_type": "thaiid",
                "host": f"http://127.0.0.1:{port}",
                "password": "closed-key-987654",
                "extra": {"backend": "aigen", "timeout": 2, "max_retries": 0},
            }
        ),
    )
    ok, message = hook.test_connection()
    assert not ok
    assert message.startswith("aigen backend failed")
    assert "987654" not in message


def test_test_connection_against_a_real_thaiid_serve(monkeypatch):
    """`thaiid serve` speaks AIGEN v3 and Huawei: both connection kinds reach it."""
    from thaiid_ops.service.app import create_app
    from thaiid_ops.service.server import serve_in_thread

    key = "serve-key-24680"
    with serve_in_thread(create_app(api_keys=[key])) as base_url:
        for conn_id, password, expect in (
            ("t_serve_ok", key, True),
            ("t_serve_bad", "wrong-key-13579", False),
        ):
            aigen = {
                "conn_type": "thaiid",
                "host": base_url,
                "password": password,
                "extra": {"backend": "aigen", "max_retries": 0},
            }
            ok, message = _hook(monkeypatch, conn_id, json.dumps(aigen)).test_connection()
            assert ok is expect, message
            assert password not in message
        huawei = {
            "conn_type": "thaiid",
            "host": base_url,
            "extra": {"backend": "huawei", "project_id": "p1", "token": key, "max_retries": 0},
        }
        ok, message = _hook(monkeypatch, "t_serve_huawei", json.dumps(huawei)).test_connection()
        assert ok, message
