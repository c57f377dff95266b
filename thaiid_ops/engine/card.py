"""Find the card on a page and rectify it to the canonical size.

Candidates come from edges (Canny → contour → convex hull → `approxPolyN` to 4 corners)
and from a brightness threshold; a card-only scan (the card's edges are the image's edges)
gets the whole image as a candidate. A card whose outline a hand breaks is framed from four
straight edges (`edge_line_quads`), which the caller asks for only when the candidates fail.
Candidates are only proposals: the caller verifies a rectified card by its text lines
before trusting it, so the wrong pixels are never read silently. The homography is kept
so boxes map back to original pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

CARD_W, CARD_H = 1000, 630  # ISO/IEC 7810 ID-1 aspect (85.60 × 53.98 mm)
CARD_ASPECT = CARD_W / CARD_H
WORK_SIDE = 800
MIN_AREA_FRACTION = 0.04  # an A4 photocopy at 200 dpi: card ≈ 40% of the page width


# cv2's code for each clockwise quarter turn (the pixels np.rot90(image, -k) gives).
_TURNS = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}


@dataclass
class Rectified:
    """A card warped to CARD_W × CARD_H; `to_page` maps card pixels → page pixels."""

    image: np.ndarray  # BGR, CARD_H × CARD_W
    to_page: np.ndarray  # 3×3 homography, card → original page
    quad: np.ndarray  # 4×2 corners on the page (TL, TR, BR, BL of the upright card)
    source: str  # "contour" | "threshold" | "full"

    def map_points(self, pts: np.ndarray) -> np.ndarray:
        """Card-pixel points (N×2) → original page pixels (N×2)."""
        p = np.asarray(pts, np.float64).reshape(-1, 1, 2)
        return cv2.perspectiveTransform(p, self.to_page).reshape(-1, 2)

    def rotated(self, quarter_turns: int) -> Rectified:
        """The same card turned by 90° × `quarter_turns` clockwise (content-wise)."""
        k = quarter_turns % 4
        if k == 0:
            return self
        img = cv2.rotate(self.image, _TURNS[k])  # numpy's rot90 copy took ~5 ms a turn
        sh, sw = self.image.shape[:2]
        # New pixel (x', y') ← old pixel, for a clockwise turn of the content.
        if k == 1:
            new_to_old = np.array([[0, 1, 0], [-1, 0, sh - 1], [0, 0, 1]], np.float64)
        elif k == 2:
            new_to_old = np.array([[-1, 0, sw - 1], [0, -1, sh - 1], [0, 0, 1]], np.float64)
        else:
            new_to_old = np.array([[0, -1, sw - 1], [1, 0, 0], [0, 0, 1]], np.float64)
        quad = np.roll(self.quad, -k, axis=0)
        return Rectified(img, self.to_page @ new_to_old, quad, self.source)

    def resized(self, w: int, h: int) -> Rectified:
        sh, sw = self.image.shape[:2]
        img = cv2.resize(self.image, (w, h), interpolation=cv2.INTER_AREA)
        scale = np.diag([sw / w, sh / h, 1.0])
        return Rectified(img, self.to_page @ scale, self.quad, self.source)


def card_shaped(w: float, h: float) -> bool:
    """Sides within 4% of the card's aspect, either way up."""
    return abs(max(w, h) / max(1.0, min(w, h)) / CARD_ASPECT - 1.0) <= 0.04


def order_quad(q: np.ndarray) -> np.ndarray:
    """Order 4 points TL, TR, BR, BL (clockwise from the top-left in image space)."""
    q = np.asarray(q, np.float32).reshape(4, 2)
    c = q.mean(axis=0)
    ang = np.arctan2(q[:, 1] - c[1], q[:, 0] - c[0])
    q = q[np.argsort(ang)]  # clockwise in image coordinates (y down), starting near -pi
    start = int(np.argmin(q.sum(axis=1)))
    return np.roll(q, -start, axis=0)


# A card under ≤ 10% perspective keeps its corners within a few degrees of square (the
# synth factory's perspective captures: under 5°); a fit with a corner far off it took a
# shadow or a print edge for a side.
SKEW_LIMIT = 25.0


def _skew(q: np.ndarray) -> float:
    """The largest departure of the quad's corner angles from 90°, in degrees."""
    worst = 0.0
    for i in range(4):
        a, b = q[i - 1] - q[i], q[(i + 1) % 4] - q[i]
        cos = float(np.dot(a, b) / max(np.linalg.norm(a) * np.linalg.norm(b), 1e-6))
        worst = max(worst, abs(float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))) - 90.0))
    return worst


def _quad_ok(q: np.ndarray, area_img: float) -> bool:
    if not cv2.isContourConvex(q.astype(np.float32).reshape(-1, 1, 2)):
        return False
    area = cv2.contourArea(q.astype(np.float32))
    if area < MIN_AREA_FRACTION * area_img:
        return False
    sides = np.linalg.norm(q - np.roll(q, -1, axis=0), axis=1)
    if sides.min() < 20:
        return False
    long_side = (sides[0] + sides[2]) / 2
    short_side = (sides[1] + sides[3]) / 2
    ratio = max(long_side, short_side) / max(1.0, min(long_side, short_side))
    # ≤ 10% perspective, plus slack for rounded corners and a loose contour.
    if not 1.3 <= ratio <= 1.95 or _skew(q) > SKEW_LIMIT:
        return False
    # Opposite sides of a card under ≤ 10% perspective stay within ~30% of each other.
    return (
        sides[0] / sides[2] < 1.35
        and sides[2] / sides[0] < 1.35
        and (sides[1] / sides[3] < 1.35 and sides[3] / sides[1] < 1.35)
    )


def _fit_quad(contour: np.ndarray) -> np.ndarray | None:
    hull = cv2.convexHull(contour)
    if len(hull) < 4:
        return None
    try:
        q = cv2.approxPolyN(hull, 4, epsilon_percentage=-1.0, ensure_convex=True)
    except (cv2.error, AttributeError):
        peri = cv2.arcLength(hull, True)
        q = cv2.approxPolyDP(hull, 0.02 * peri, True)
        if len(q) != 4:
            rect = cv2.minAreaRect(hull)
            q = cv2.boxPoints(rect)
    q = np.asarray(q, np.float32).reshape(-1, 2)
    if len(q) != 4:
        return None
    return order_quad(q)


def _outside(q: np.ndarray, w: int, h: int) -> float:
    """How far the quad's corners reach past the image, as a fraction of its long side."""
    reach = max(0.0, -q[:, 0].min(), -q[:, 1].min(), q[:, 0].max() - w + 1, q[:, 1].max() - h + 1)
    return float(reach) / max(w, h)


def _overreaches(q: np.ndarray, others: list[np.ndarray], w: int, h: int) -> bool:
    """A quad whose fitted corners leave the image while a quad inside it does not: the
    corner fit took the card together with the ground beside it (wood grain, a shadow)."""
    if _outside(q, w, h) <= 0.01:
        return False
    poly = q.astype(np.float32).reshape(-1, 1, 2)
    return any(
        o is not q
        and _outside(o, w, h) <= 0.01
        and cv2.pointPolygonTest(poly, tuple(map(float, o.mean(axis=0))), False) > 0
        for o in others
    )


def card_candidates(bgr: np.ndarray, *, ground: bool = False) -> list[tuple[np.ndarray, str]]:
    """Candidate card quads in page pixels, best first, with how each was found.

    `ground=True`: only the last resort's, what differs from a plain ground's colour, for
    a card whose edge and tint are both too close to the ground for the usual masks (a
    pale pink back on light grey); they frame a card less tightly than the others."""
    h, w = bgr.shape[:2]
    small, scale = _work_image(bgr)
    sh, sw = small.shape[:2]
    area_img = float(sh * sw)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    blur = cv2.GaussianBlur(gray, (5, 5), 0)
    found: list[tuple[float, np.ndarray, str]] = []
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))

    def consider(mask: np.ndarray, how: str) -> None:
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for c in sorted(contours, key=cv2.contourArea, reverse=True)[:4]:
            if cv2.contourArea(cv2.convexHull(c)) < MIN_AREA_FRACTION * area_img:
                break
            q = _fit_quad(c)
            if q is None or not _quad_ok(q, area_img):
                continue
            # Reject quads that hug the image border on all sides: that is the full frame.
            margin = 3
            touches = sum(
                bool(t)
                for t in (
                    (q[:, 0] < margin).any(),
                    (q[:, 1] < margin).any(),
                    (q[:, 0] > sw - 1 - margin).any(),
                    (q[:, 1] > sh - 1 - margin).any(),
                )
            )
            if touches >= 3:
                continue
            found.append((cv2.contourArea(q), q, how))

    if ground:
        mask = _off_ground(small)
        if mask is not None:
            consider(mask, "ground")
        found.sort(key=lambda t: -t[0])
        return [(q / scale, how) for _, q, how in found[:1]]
    for lo, hi in ((30, 90), (10, 40)):
        edges = cv2.Canny(blur, lo, hi)
        edges = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, kernel, iterations=2)
        consider(edges, "contour")
    _, th = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    for mask in (th, 255 - th):
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel, iterations=2)
        consider(mask, "threshold")
    # The tinted stock (light blue or pink) on a colourless ground, where the edge is too
    # soft for Canny and the brightness too close for Otsu.
    sat = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2HSV)[:, :, 1], (9, 9), 0)
    if float(np.percentile(sat, 95)) - float(np.percentile(sat, 5)) > 20:
        _, mask = cv2.threshold(sat, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel, iterations=3)
        consider(mask, "tint")

    found.sort(key=lambda t: -t[0])
    quads = [q for _, q, _ in found]
    found.sort(key=lambda t: _overreaches(t[1], quads, sw, sh))
    full = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]]) * scale
    found.append((0.0, full, "full"))
    out: list[tuple[np.ndarray, str]] = []
    for _, q, how in found:
        qp = q / scale
        if not repeats(qp, [o for o, _ in out], max(h, w)):
            out.append((qp, how))
    return out[:4]


def repeats(quad: np.ndarray, others: list[np.ndarray], page_side: int) -> bool:
    """The quad (page pixels) has every corner within 2% of the page's long side of one of
    `others`: the same frame, not worth reading twice."""
    return any(np.abs(quad - o).max() < 0.02 * page_side for o in others)


def _work_image(bgr: np.ndarray) -> tuple[np.ndarray, float]:
    """The page shrunk to WORK_SIDE at most, and the scale it was shrunk by."""
    h, w = bgr.shape[:2]
    scale = min(1.0, WORK_SIDE / max(h, w))
    small = cv2.resize(bgr, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    return small, scale


@dataclass
class _EdgeLine:
    angle: float  # radians in [0, pi)
    point: np.ndarray
    direction: np.ndarray


def _edge_lines(edges: np.ndarray, most: int = 14) -> list[_EdgeLine]:
    """The longest straight edges: Hough segments merged when they lie on one line."""
    segs = cv2.HoughLinesP(
        edges,
        1,
        np.pi / 360,
        threshold=40,
        minLineLength=round(0.08 * max(edges.shape)),
        maxLineGap=6,
    )
    if segs is None:
        return []
    segs = segs.reshape(-1, 4).astype(np.float64)
    lengths = np.hypot(segs[:, 2] - segs[:, 0], segs[:, 3] - segs[:, 1])
    groups: list[tuple[float, float, list[int]]] = []  # angle, offset, member segments
    for k in np.argsort(-lengths):
        x0, y0, x1, y1 = segs[k]
        angle = float(np.arctan2(y1 - y0, x1 - x0) % np.pi)
        for g_angle, offset, members in groups:
            nx, ny = -np.sin(g_angle), np.cos(g_angle)
            if (
                _angle_gap(angle, g_angle) < np.radians(3)
                and abs(nx * x0 + ny * y0 - offset) < 5
                and abs(nx * x1 + ny * y1 - offset) < 5
            ):
                members.append(k)
                break
        else:
            groups.append((angle, -np.sin(angle) * x0 + np.cos(angle) * y0, [k]))
    groups.sort(key=lambda g: -lengths[g[2]].sum())
    out = []
    for _, _, members in groups[:most]:
        ends = segs[members].reshape(-1, 2).astype(np.float32)
        vx, vy, px, py = cv2.fitLine(ends, cv2.DIST_L2, 0, 0.01, 0.01).ravel()
        out.append(
            _EdgeLine(float(np.arctan2(vy, vx) % np.pi), np.array([px, py]), np.array([vx, vy]))
        )
    return out


def _angle_gap(a: float, b: float) -> float:
    d = abs(a - b)
    return min(d, np.pi - d)


def _crossing(a: _EdgeLine, b: _EdgeLine) -> np.ndarray | None:
    m = np.array([[a.direction[0], -b.direction[0]], [a.direction[1], -b.direction[1]]])
    if abs(np.linalg.det(m)) < 1e-6:
        return None
    t = np.linalg.solve(m, b.point - a.point)
    return a.point + t[0] * a.direction


def _edge_cover(near_edge: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """The share of the segment a → b that runs along an edge (0 when it leaves the image)."""
    h, w = near_edge.shape
    n = max(8, int(np.hypot(*(b - a)) / 3))
    pts = np.round(a + np.linspace(0.02, 0.98, n)[:, None] * (b - a)).astype(int)
    inside = (pts[:, 0] >= 0) & (pts[:, 0] < w) & (pts[:, 1] >= 0) & (pts[:, 1] < h)
    if inside.sum() < 0.9 * n:
        return 0.0
    pts = pts[inside]
    return float((near_edge[pts[:, 1], pts[:, 0]] > 0).mean())


def edge_line_quads(bgr: np.ndarray) -> list[np.ndarray]:
    """Card quads (page pixels, best first) built from four straight edges, for a card
    whose outline is broken: a thumb over one side, a palm merged with its contour. Each
    side must run along an edge for most of its length; among the quads at least half the
    largest's area, the best-covered wins."""
    small, scale = _work_image(bgr)
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (5, 5), 0)
    area_img = float(small.shape[0] * small.shape[1])
    for lo, hi in ((30, 90), (10, 40)):  # a soft edge (pink stock on grey) needs the low pair
        edges = cv2.Canny(gray, lo, hi)
        lines = _edge_lines(edges)
        near_edge = cv2.dilate(edges, np.ones((5, 5), np.uint8))
        pairs = [
            (a, b)
            for i, a in enumerate(lines)
            for b in lines[i + 1 :]
            if _angle_gap(a.angle, b.angle) < np.radians(8)
        ]
        found: list[tuple[float, float, np.ndarray]] = []
        for i, (a, b) in enumerate(pairs):
            for c, d in pairs[i + 1 :]:
                # (About square: so the two pairs share no line.)
                if abs(_angle_gap(a.angle, c.angle) - np.pi / 2) > np.radians(20):
                    continue
                corners = [_crossing(a, c), _crossing(c, b), _crossing(b, d), _crossing(d, a)]
                if any(p is None for p in corners):
                    continue
                q = order_quad(np.float32(corners))
                if not _quad_ok(q, area_img):
                    continue
                cover = [_edge_cover(near_edge, q[k], q[(k + 1) % 4]) for k in range(4)]
                if min(cover) < 0.35 or np.mean(cover) < 0.6:
                    continue
                found.append((round(float(np.mean(cover)), 2), cv2.contourArea(q), q))
        if found:
            big = max(area for _, area, _ in found)
            found = [t for t in found if t[1] >= 0.5 * big]
            found.sort(key=lambda t: (-t[0], -t[1]))
            return [q / scale for _, _, q in found]
    return []


def _off_ground(small: np.ndarray, band: int = 8) -> np.ndarray | None:
    """A mask of the pixels whose colour is off the image border's, where the border is
    one plain colour (a table, a scanner lid); None on a textured or busy ground."""
    lab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB).astype(np.float32)
    edges = (lab[:band], lab[-band:], lab[:, :band], lab[:, -band:])
    border = np.concatenate([e.reshape(-1, 3) for e in edges])
    centre = np.median(border, axis=0)
    spread = float(np.percentile(np.linalg.norm(border - centre, axis=1), 90))
    if spread > 8.0:
        return None
    dist = cv2.GaussianBlur(np.linalg.norm(lab - centre, axis=2), (5, 5), 0)
    mask = ((dist > max(6.0, 2.0 * spread)) * 255).astype(np.uint8)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel, iterations=3)
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel, iterations=2)


def rectify(bgr: np.ndarray, quad: np.ndarray, source: str = "contour") -> Rectified:
    """Warp the quad to a landscape CARD_W × CARD_H card (portrait quads are turned)."""
    q = order_quad(quad)
    top = np.linalg.norm(q[1] - q[0])
    left = np.linalg.norm(q[3] - q[0])
    if left > top:  # portrait on the page: start from the bottom-left corner instead
        q = np.roll(q, 1, axis=0)
    dst = np.float32([[0, 0], [CARD_W - 1, 0], [CARD_W - 1, CARD_H - 1], [0, CARD_H - 1]])
    m = cv2.getPerspectiveTransform(q.astype(np.float32), dst)
    img = cv2.warpPerspective(
        bgr, m, (CARD_W, CARD_H), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE
    )
    return Rectified(img, np.linalg.inv(m), q, source)


def stock_tint(card: np.ndarray, read: bool = False) -> tuple[str | None, float]:
    """The card stock's colour on a rectified card: ("pink" | "normal" | None, confidence).

    The national card is printed on light-blue stock, the pink card on pink stock. Only
    light, tinted background pixels vote (text, photo, grey print, a hand holding the card
    and the chip are left out); a grey photocopy or a colourless scan gives None.
    `read`: the frame is a card already read (its text found), so where warm, dim light
    leaves too few such pixels, every light, tinted pixel votes, less surely.
    """
    small = cv2.resize(card, (200, 126), interpolation=cv2.INTER_AREA).astype(np.float32)
    b, g, r = small[..., 0], small[..., 1], small[..., 2]
    hi = small.max(axis=2)
    sat = (hi - small.min(axis=2)) / np.maximum(hi, 1.0)
    # Both stocks hold at least as much blue as green (light blue; pink leans to magenta):
    # skin, the gold chip and orange clothes (green over blue) do not vote.
    light = (hi > 0.55 * np.percentile(hi, 95)) & (sat > 0.06)
    bg = light & (b >= g - 0.04 * hi)
    sure = 1.0
    if bg.mean() < 0.15:
        # Warm, dim light pulls blue below green on both stocks (pink then looks like skin:
        # only on a card already read, where such pixels fill most of it, do they vote).
        if not read or light.mean() < 0.5:
            return None, 0.0
        bg, sure = light, 0.6
    # Red against green: light blue holds less red than green, pink and its lavender shades
    # more (red against blue nearly ties on lavender, and warm light shifts it).
    tilt = float(np.median((r - g)[bg]) / np.median(hi[bg]))  # blue stock < 0 < pink stock
    if abs(tilt) < 0.015:
        return None, 0.0
    return ("pink" if tilt > 0 else "normal"), sure * float(min(1.0, abs(tilt) / 0.08))
