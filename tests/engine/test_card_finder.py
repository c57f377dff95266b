"""The card finder's candidates on captures where the card's edge is soft."""

from __future__ import annotations

import cv2
import numpy as np

from thaiid_ops.engine.card import card_candidates, edge_line_quads, order_quad


def test_tinted_card_on_grey_ground_with_soft_edges_is_found() -> None:
    # A light-blue card turned 30 degrees on a light-grey ground of the same brightness,
    # edges blurred: neither Canny nor Otsu on brightness sees its outline.
    img = np.full((900, 1000, 3), (218, 218, 218), np.uint8)
    rect = ((500, 450), (640, 404), 30.0)
    corners = cv2.boxPoints(rect).astype(np.int32)
    cv2.fillConvexPoly(img, corners, (245, 222, 200))  # BGR: the same grey level
    img = cv2.GaussianBlur(img, (31, 31), 0)
    noise = np.random.default_rng(0).normal(0, 6, img.shape[:2])[..., None]
    img = np.clip(img + noise, 0, 255).astype(np.uint8)
    cands = card_candidates(img)
    tinted = [q for q, how in cands if how == "tint"]
    assert tinted, [how for _, how in cands]
    err = np.abs(order_quad(tinted[0]) - order_quad(corners.astype(np.float32))).max()
    assert err < 15


def test_grey_capture_has_no_tint_candidate() -> None:
    img = np.full((600, 800, 3), 200, np.uint8)
    cv2.rectangle(img, (150, 150), (650, 465), (235, 235, 235), -1)
    assert all(how != "tint" for _, how in card_candidates(img))


def test_askew_frame_is_straightened_along_the_text() -> None:
    import random

    from thaiid_ops.engine import pipeline as P
    from thaiid_ops.engine.card import CARD_H, CARD_W, rectify
    from thaiid_ops.synth import random_spec, render_card

    r = random.Random("askew:1")
    spec = random_spec(r)
    card = np.asarray(render_card(spec, "front", rng=r).image.convert("RGB"))[:, :, ::-1]
    page = cv2.copyMakeBorder(card, 120, 120, 120, 120, cv2.BORDER_CONSTANT, value=(90, 60, 40))
    # A frame turned 3 degrees off the card (as a soft edge or the text-line frame gives).
    frame = ((120 + CARD_W / 2, 120 + CARD_H / 2), (CARD_W * 1.02, CARD_H * 1.02), 3.0)
    quad = order_quad(cv2.boxPoints(frame).astype(np.float32))
    res = P.read_card(rectify(page, quad, "text"))
    assert res is not None and res.side == "front"
    assert abs(P._text_tilt(res.lines)) > P._TILT
    again = P._straightened(page, res, True)
    assert again is not res and abs(P._text_tilt(again.lines)) < 1.0
    assert again.fields["id_number"].value == spec.id_number
    assert len(again.fields) >= len(res.fields)


def test_faint_back_on_a_white_page_is_framed_from_its_laser_code() -> None:
    import random

    from thaiid_ops.engine import ocr
    from thaiid_ops.engine import pipeline as P
    from thaiid_ops.synth import random_spec, render_card

    r = random.Random("faint-back:0")
    spec = random_spec(r)
    card = np.asarray(render_card(spec, "back", rng=r).image.convert("L"), np.float32)
    faint = (255 - 0.55 * (255 - card)).astype(np.uint8)  # a light photocopy, no edge
    page = np.full((1650, 1170), 255, np.uint8)
    page[300 : 300 + faint.shape[0], 120 : 120 + faint.shape[1]] = faint
    page = cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)
    quads, _ = ocr.detector().detect(page, 1280)
    res = P._back_by_laser(page, quads)
    assert res is not None and res.side == "back"
    assert res.fields["laser_number"].value == spec.laser_number
    # The frame lies round the card: its corner near the card's on the page.
    assert np.abs(res.rect.quad[0] - (120, 300)).max() < 60


def test_corner_fit_past_the_image_yields_to_the_card_inside_it() -> None:
    # A perspective photo on wood grain (synth seed 1212, card 28): one edge contour takes
    # the grain beside the card, and its four-corner fit reaches 15% past the image (and
    # is far off square). The card's own contour, inside it, comes first.
    from thaiid_ops.engine.card import _overreaches
    from thaiid_ops.synth import samples_at

    [sample] = samples_at(28, 1212, side="front")
    img = cv2.imdecode(np.frombuffer(sample.image, np.uint8), cv2.IMREAD_COLOR)
    truth = np.array(sample.truth["meta"]["card_quad"], np.float32)
    cands = card_candidates(img)
    assert np.abs(order_quad(cands[0][0]) - order_quad(truth)).max() < 0.02 * img.shape[1]
    # A square-cornered fit past the image, round one inside it, yields to it.
    inner = np.float32([[200, 150], [600, 150], [600, 400], [200, 400]])
    outer = np.float32([[100, 100], [900, 100], [900, 600], [100, 600]])
    assert _overreaches(outer, [outer, inner], 800, 500)
    assert not _overreaches(inner, [outer, inner], 800, 500)
    assert not _overreaches(outer, [outer], 800, 500)  # nothing inside it to prefer


def test_pale_back_on_a_plain_ground_is_found_by_its_colour_off_the_ground() -> None:
    # A pink card's back turned 35 degrees on light grey (synth seed 1212, card 91): its
    # edge is too soft for Canny, its brightness too close for Otsu and its tint too pale
    # for the tint mask; it differs from the plain ground all the same.
    import thaiid_ops
    from thaiid_ops.synth import samples_at

    [sample] = samples_at(91, 1212, side="back")
    img = cv2.imdecode(np.frombuffer(sample.image, np.uint8), cv2.IMREAD_COLOR)
    truth = order_quad(np.array(sample.truth["meta"]["card_quad"], np.float32))
    assert [how for _, how in card_candidates(img)] == ["full"]
    [(quad, how)] = card_candidates(img, ground=True)
    assert how == "ground"
    # The cream end of the stock is within a few Lab units of the ground: a corner may
    # come out short, and the reader still finds the laser code.
    assert np.abs(order_quad(quad) - truth).max() < 0.07 * img.shape[1]
    page = thaiid_ops.extract(sample.image, include_sensitive=True)["data"][0]
    assert page["side"]["value"] == "back"
    want = sample.truth["data"][0]["laser_number"]["value"]
    assert page["laser_number"]["value"] == want


def test_frame_holding_the_card_with_its_ground_yields_to_the_card_itself() -> None:
    # A blurred photo on wood grain (synth seed 1212, card 94): the first contour takes the
    # grain's band with the card inside it, and the front still reads its ID and names there;
    # the print starting well inside the frame's top-left corner sends it on to the card's
    # own contour, where the address rows are not one blur.
    import thaiid_ops
    from thaiid_ops.synth import samples_at

    [sample] = samples_at(94, 1212, side="front")
    page = thaiid_ops.extract(sample.image)["data"][0]
    want = sample.truth["data"][0]
    for key in ("address_province", "address_district", "address_sub_district", "surname_th"):
        assert page[key]["value"] == want[key]["value"], key


def test_front_read_without_its_dates_tries_the_next_frame() -> None:
    # A heavily blurred photo (synth seed 1212, card 22): the edge contour's frame reads the
    # ID and the names but neither date nor a placed address; the tint frame, a few pixels
    # off it, reads the birth date and places the address. (The blurred day itself the
    # float CRNN read and its int8 copy does not: month and year are the frame's test.)
    import thaiid_ops
    from thaiid_ops.synth import samples_at

    [sample] = samples_at(22, 1212, side="front")
    page = thaiid_ops.extract(sample.image)["data"][0]
    want = sample.truth["data"][0]
    for key in ("address_province", "address_district"):
        assert page[key]["value"] == want[key]["value"], key
    for key in ("dob_th", "dob_en"):
        month_year = want[key]["value"].split(" ", 1)[1]
        assert page[key]["value"] is not None and page[key]["value"].endswith(month_year), key


def test_fit_with_a_corner_far_off_square_is_no_card() -> None:
    from thaiid_ops.engine.card import SKEW_LIMIT, _skew

    card = np.float32([[0, 0], [856, 0], [856, 540], [0, 540]])
    assert _skew(card) < 1.0
    # A photocopy's print edge taken for a side (synth seed 3131, card 8): 50° off square.
    assert _skew(np.float32([[613, 830], [1210, 847], [1037, 1125], [613, 1268]])) > SKEW_LIMIT


def test_photocopy_whose_edge_fit_is_skewed_is_framed_by_its_text() -> None:
    # A photocopy on an A4 page (synth seed 3131, photocopy conditions, card 8): the only
    # edge contour's four-corner fit cuts across the card; with it refused, the card is
    # framed from its text lines and read whole.
    import thaiid_ops
    from thaiid_ops.synth import samples_at

    conds = ["photocopy", "photocopy_signed"]
    [sample] = samples_at(8, 3131, conditions=conds, side="front")
    page = thaiid_ops.extract(sample.image)["data"][0]
    want = sample.truth["data"][0]
    for key in ("title_name_surname_th", "surname_en", "address_full", "doe_en", "dob_th"):
        assert page[key]["value"] == want[key]["value"], key


def test_incomplete_read_from_an_edge_fit_yields_to_the_text_frame() -> None:
    # A photocopy (synth seed 3131, photocopy conditions, card 36): the only edge fit has
    # a corner 15° off square and its read loses the expiry line; the frame the page's text
    # lines give reads it.
    import thaiid_ops
    from thaiid_ops.synth import samples_at

    conds = ["photocopy", "photocopy_signed"]
    [sample] = samples_at(36, 3131, conditions=conds, side="front")
    page = thaiid_ops.extract(sample.image)["data"][0]
    want = sample.truth["data"][0]
    for key in ("doe_en", "doe_th", "doi_en", "dob_en"):
        assert page[key]["value"] == want[key]["value"], key


def test_card_under_a_thumb_is_framed_by_its_four_straight_edges() -> None:
    # A card held in a hand (synth seed 4242, card 3, both sides): the palm joins the
    # card's outline and the thumb breaks its left side, so no contour or threshold fit is
    # a card. Its four edges still run straight for most of their length.
    from thaiid_ops.synth import samples_at

    for sample in samples_at(3, 4242, conditions="in_hand"):
        img = cv2.imdecode(np.frombuffer(sample.image, np.uint8), cv2.IMREAD_COLOR)
        truth = order_quad(np.array(sample.truth["meta"]["card_quad"], np.float32))
        assert [how for _, how in card_candidates(img)] == ["full"], sample.name
        quads = edge_line_quads(img)
        assert quads, sample.name
        assert np.abs(order_quad(quads[0]) - truth).max() < 0.01 * img.shape[1], sample.name


def test_no_edge_quad_where_no_four_edges_make_a_card() -> None:
    ground = np.random.default_rng(1).normal(128, 20, (600, 800, 3))
    img = np.clip(ground, 0, 255).astype(np.uint8)
    # Straight edges, but no card: a square photo (too square) and a thin strip.
    cv2.rectangle(img, (100, 100), (400, 400), (240, 240, 240), -1)
    cv2.rectangle(img, (450, 100), (780, 160), (30, 30, 30), -1)
    assert edge_line_quads(img) == []


def test_card_in_hand_is_read_in_its_edge_frame() -> None:
    import thaiid_ops
    from thaiid_ops.engine import pipeline as P
    from thaiid_ops.synth import samples_at

    [sample] = samples_at(3, 4242, conditions="in_hand", side="front")
    img = cv2.imdecode(np.frombuffer(sample.image, np.uint8), cv2.IMREAD_COLOR)
    res = P.find_and_read(img)
    assert res is not None and res.side == "front" and res.rect.source == "lines"
    page = thaiid_ops.extract(sample.image)["data"][0]
    want = sample.truth["data"][0]
    for key in ("id_number", "name_th", "surname_th", "dob_en", "address_province"):
        assert page[key]["value"] == want[key]["value"], key


def test_quarter_turns_turn_the_pixels_and_the_page_mapping_alike() -> None:
    from thaiid_ops.engine.card import Rectified

    rng = np.random.default_rng(5)
    img = rng.integers(0, 255, (63, 100, 3), dtype=np.uint8)
    quad = np.float32([[0, 0], [99, 0], [99, 62], [0, 62]])
    rect = Rectified(img, np.eye(3), quad, "contour")
    for k in range(-1, 5):
        turned = rect.rotated(k)
        assert np.array_equal(turned.image, np.rot90(img, -k))
        assert turned.image.flags.c_contiguous
        # A turned pixel maps back onto the page pixel it came from.
        gx, gy = turned.map_points(np.float64([[11, 7]]))[0]
        assert tuple(turned.image[7, 11]) == tuple(img[round(gy), round(gx)])
    assert rect.rotated(0) is rect
