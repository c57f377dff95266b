"""Ground truth in the exact AIGEN v3 response shape, with boxes in final image pixels."""

from __future__ import annotations

from typing import Any

import numpy as np

from thaiid_ops import schema

from .conditions import Capture, apply_h, card_quad
from .render import CardRender
from .spec import CardSpec


def box_quad(H: np.ndarray, box) -> list[list[int]]:
    """An axis-aligned card box → its 4-point quad (clockwise from top-left) in image pixels."""
    x0, y0, x1, y1 = box
    (a, b, c), (d, e, f), (g, h, i) = H.tolist()
    out = []
    for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1)):
        w = g * x + h * y + i
        out.append([round((a * x + b * y + c) / w), round((d * x + e * y + f) / w)])
    return out


def page_truth(spec: CardSpec, render: CardRender, cap: Capture) -> dict[str, Any]:
    """One `data` entry: every printed field with value, bboxes, bboxes_norm and confidence 1.0."""
    size = cap.image.size
    page = schema.empty_page()

    def put(name: str, value: Any, item_field: str | None = None) -> None:
        boxes = render.value_boxes(item_field) if item_field else []
        quads = [box_quad(cap.H, b) for b in boxes] or None
        page[name] = schema.field(value, 1.0, quads, size if quads else None)

    page["side"] = schema.field(render.side, 1.0)
    page["card_type"] = schema.field(spec.card_type, 1.0)
    page["option"]["signed"] = schema.field(cap.signed, 1.0)  # type: ignore[arg-type]
    if render.side == "back":
        put("laser_number", spec.laser_number, "laser_number")
        return page

    put("id_number", spec.id_number, "id_number")
    put("title_name_surname_th", spec.name_line_th, "title_name_surname_th")
    put("title_name_en", spec.name_line_en, "title_name_en")
    put("surname_en", spec.surname_en, "surname_en")
    for which in ("dob", "doi", "doe"):
        put(f"{which}_th", spec.date_th(which), f"{which}_th")
        put(f"{which}_en", spec.date_en(which), f"{which}_en")
    put("religion", spec.religion, "religion")
    lines = render.address_lines
    put("address_1", lines[0], "address_1")
    if len(lines) > 1:
        put("address_2", lines[1], "address_2")
    full = [box_quad(cap.H, b) for n in ("address_1", "address_2") for b in render.value_boxes(n)]
    page["address_full"] = schema.field(" ".join(lines), 1.0, full, size)
    a = spec.address
    page["address_house_building_number"] = schema.field(a.house_number, 1.0)
    page["address_street_address"] = schema.field(a.street, 1.0)
    page["address_sub_district"] = schema.field(a.sub_district_label(), 1.0)
    page["address_district"] = schema.field(a.district_label(), 1.0)
    page["address_province"] = schema.field(a.province_label(), 1.0)
    page["address_postcode"] = schema.field(a.postcode, 1.0)
    page["title_th"] = schema.field(spec.title_th, 1.0)
    page["name_th"] = schema.field(spec.name_th, 1.0)
    page["surname_th"] = schema.field(spec.surname_th, 1.0)
    page["title_en"] = schema.field(spec.title_en, 1.0)
    page["name_en"] = schema.field(spec.name_en, 1.0)
    put("serial_number", spec.serial_number, "serial_number")
    if render.portrait_box is not None:
        quad = box_quad(cap.H, render.portrait_box)
        page["portrait_location"] = schema.field(quad, 1.0, [quad], size)  # type: ignore[arg-type]
    return page


def page_meta(render: CardRender, cap: Capture) -> dict[str, Any]:
    """Generator facts for one page: card and portrait quads, font, signed, every printed line."""
    quad = [[round(float(x)), round(float(y))] for x, y in apply_h(cap.H, card_quad())]
    return {
        "side": render.side,
        "font": render.font,
        "image_size": list(cap.image.size),
        "card_quad": quad,
        "portrait_quad": box_quad(cap.H, render.portrait_box) if render.portrait_box else None,
        "signed": cap.signed,
        "homography": [[round(float(v), 6) for v in row] for row in cap.H],
        "lines": [
            {"field": it.field, "kind": it.kind, "text": it.text, "quad": box_quad(cap.H, it.box)}
            for it in render.items
        ],
        **cap.extra,
    }


def quad_iou(a, b) -> float:
    """IoU of two convex 4-point quads in page pixels (a returned box against the truth)."""
    import cv2

    pa = np.asarray(a, np.float32).reshape(-1, 2)
    pb = np.asarray(b, np.float32).reshape(-1, 2)
    inter, _ = cv2.intersectConvexConvex(pa, pb)
    union = cv2.contourArea(pa) + cv2.contourArea(pb) - inter
    return float(inter / union) if union > 0 else 0.0
