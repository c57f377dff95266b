"""HuaweiBackend against a local replay of seed 002's examples, with the IAM token flow."""

from __future__ import annotations

import asyncio
import base64
import logging
import time

import pytest

from thaiid_ops.clients import HuaweiBackend, make_backend
from thaiid_ops.errors import Unauthorized

PROJECT = "0123456789abcdef0123456789abcdef"
FRONT = base64.b64encode(b"front").decode()
BACK = base64.b64encode(b"back").decode()
OTHER = base64.b64encode(b"tiny").decode()


def iam_backend(replay, **kw) -> HuaweiBackend:
    params = {
        "iam_endpoint": replay.url,
        "username": replay.username,
        "password": replay.password,
        "domain_name": replay.domain,
        "region": "ap-southeast-2",
        "backoff_base": 0.01,
        **kw,
    }
    return make_backend("huawei", endpoint=replay.url, project_id=PROJECT, **params)


def value(page: dict, key: str):
    return page[key].get("value")


def test_front_example_is_normalised_into_aigen_v3(huawei_replay) -> None:
    b = iam_backend(huawei_replay)
    body = b.extract(FRONT, {"return_gender": True, "include_sensitive": True})
    assert body["status"] == "success" and body["error"] == []
    (page,) = body["data"]
    assert value(page, "id_number") == "1103702071811"
    assert page["id_number"]["confidence"] == 0.9999
    assert value(page, "title_name_surname_th") == "นาย ตัวอย่าง บัตรประชาชน"
    assert (value(page, "title_th"), value(page, "name_th"), value(page, "surname_th")) == (
        "นาย",
        "ตัวอย่าง",
        "บัตรประชาชน",
    )
    assert page["name_th"]["confidence"] == 0.9994
    assert value(page, "title_name_en") == "Mr. Tuayang"
    assert (value(page, "title_en"), value(page, "name_en")) == ("Mr.", "Tuayang")
    assert value(page, "surname_en") == "Budprachachon"
    assert value(page, "dob_th") == "5 ก.พ. 2493" and value(page, "dob_en") == "5 Feb. 1950"
    assert value(page, "doi_en") == "4 Mar. 2011" and page["doi_en"]["confidence"] == 1.0
    assert value(page, "doe_th") == "22 ก.พ. 2561" and page["doe_en"]["confidence"] == 0.61
    assert value(page, "religion") == "พุทธ" and page["religion"]["confidence"] == 0.686
    assert value(page, "address_full") == "17/1 หมู่ที่ 9 ต.หัวไผ่ อ.เมืองอ่างทอง จ.อ่างทอง"
    assert value(page, "address_province") == "จ.อ่างทอง"
    assert value(page, "address_district") == "อ.เมืองอ่างทอง"
    assert value(page, "address_sub_district") == "ต.หัวไผ่"
    assert value(page, "serial_number") == "1234-05-01011234"
    assert value(page, "side") == "front" and value(page, "card_type") == "normal"
    assert page["portrait_location"]["bboxes"] == [[[576, 237], [741, 237], [739, 430], [574, 431]]]
    assert page["option"]["gender"]["value"] == "male"
    assert page["laser_number"] == {}
    # the request carried seed 002's flags
    assert huawei_replay.last_request["return_portrait_location"] is True
    assert huawei_replay.last_request["return_text_location"] is True


def test_options_shape_the_result_as_the_engine_does(huawei_replay) -> None:
    b = iam_backend(huawei_replay)
    page = b.extract(FRONT, {"return_datetime_iso": True, "do_field_validation": True})["data"][0]
    assert page["dob_en"]["iso"] == "1950-02-05"
    assert page["religion"] == {}  # sensitive: off unless asked for, as in the engine
    assert all(page[k].get("confidence", 0) >= 0 for k in page if k != "option")


def test_back_example(huawei_replay) -> None:
    b = iam_backend(huawei_replay)
    page = b.extract(BACK, {"include_sensitive": True, "side": "back"})["data"][0]
    assert value(page, "side") == "back"
    assert value(page, "laser_number") == "JT0-1234567-89"
    assert page["laser_number"]["confidence"] == 0.9994
    assert page["id_number"] == {}
    assert huawei_replay.last_request["side"] == "back"


def test_error_example_maps_to_a_coded_400(huawei_replay) -> None:
    body = iam_backend(huawei_replay).extract(OTHER)
    assert body == {
        "status": "error",
        "error": [
            {
                "object": "error",
                "code": "400",
                "message": "Huawei AIS.0103: The image size does not meet the requirements.",
            },
            {"object": "error", "code": "400", "message": "Bad request"},
        ],
        "data": [{}],
    }


def test_iam_token_is_cached_and_refreshed(huawei_replay) -> None:
    b = iam_backend(huawei_replay)
    for _ in range(3):
        b.extract(FRONT)
    assert b.token_fetches == 1 and len(huawei_replay.issued) == 1

    huawei_replay.revoked.add(huawei_replay.issued[0])  # the next call gets a 401 once
    assert b.extract(FRONT)["status"] == "success"
    assert b.token_fetches == 2

    huawei_replay.ttl_s = 1.0  # a short-lived token is refreshed before it expires
    b2 = iam_backend(huawei_replay)
    b2.extract(FRONT)
    time.sleep(1.0)
    b2.extract(FRONT)
    assert b2.token_fetches == 2


def test_async_batch_fetches_one_token(huawei_replay) -> None:
    b = iam_backend(huawei_replay, max_in_flight=4)
    images = [FRONT, BACK, OTHER] * 4
    out = asyncio.run(b.extract_many(images))
    assert [r["status"] for r in out] == ["success", "success", "error"] * 4
    assert b.token_fetches == 1


def test_wrong_password_and_static_token(huawei_replay) -> None:
    bad = iam_backend(huawei_replay, password="wrong")
    with pytest.raises(Unauthorized):
        bad.extract(FRONT)
    static = HuaweiBackend(huawei_replay.url, PROJECT, token="not-issued", max_retries=0)
    with pytest.raises(Unauthorized):
        static.extract(FRONT)
    assert static.token_fetches == 0


def test_secrets_stay_out_of_logs_and_reprs(huawei_replay, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    b = iam_backend(huawei_replay)
    b.extract(FRONT)
    asyncio.run(b.extract_many([FRONT, OTHER]))
    token = huawei_replay.issued[0]
    for text in (caplog.text, repr(b), str(vars(b).get("url"))):
        assert huawei_replay.password not in text
        assert token not in text
