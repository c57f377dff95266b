"""Make the Data Docs index readable offline, from the PII-free summary only.

GX's index page builds its table with jQuery and bootstrap-table loaded from CDNs; on an
offline machine (or in headless CI) the page is empty. We insert a static section, with inline
styles and no scripts, listing each suite's outcome, a link to its validation page and the
failed expectations with their counts and row keys.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["add_offline_summary", "render_summary_html"]

_MARK_START = "<!-- thaiid-offline-summary -->"
_MARK_END = "<!-- /thaiid-offline-summary -->"

_STYLE = """
.thaiid-summary{font-family:system-ui,'Noto Sans Thai',sans-serif;margin:16px 48px;color:#222}
.thaiid-summary h1{font-size:22px;margin:8px 0}
.thaiid-summary h2{font-size:17px;margin:18px 0 6px}
.thaiid-summary table{border-collapse:collapse;margin:6px 0 10px;font-size:14px}
.thaiid-summary th,.thaiid-summary td{border:1px solid #ccc;padding:4px 8px;text-align:left}
.thaiid-summary th{background:#f1f3f5}
.thaiid-summary .ok{color:#176d2c;font-weight:600}
.thaiid-summary .bad{color:#b3261e;font-weight:600}
.thaiid-summary .muted{color:#666;font-size:13px}
"""


def _status(ok: bool) -> str:
    return '<span class="ok">passed</span>' if ok else '<span class="bad">FAILED</span>'


def _row_key(r: Mapping[str, Any]) -> str:
    return " / ".join(f"{k}={v}" for k, v in r.items())


def render_summary_html(summary: Mapping[str, Any], links: Mapping[str, str]) -> str:
    """The static summary section; `links` maps suite name → relative validation page."""
    e = html.escape
    parts = [
        _MARK_START,
        f"<style>{_STYLE}</style>",
        '<section class="thaiid-summary" id="thaiid-summary">',
        f"<h1>thaiid check: {_status(bool(summary.get('success')))}</h1>",
        '<p class="muted">Rows are named by their row key (source, page); '
        "no card values appear in this report.</p>",
        "<table><tr><th>Suite</th><th>Status</th><th>Expectations</th><th>Passed</th>"
        "<th>Failed</th><th>Errored</th><th>Details</th></tr>",
    ]
    for s in summary.get("suites", []):
        link = links.get(s["suite"])
        details = f'<a href="{e(link)}">validation page</a>' if link else ""
        parts.append(
            f"<tr><td>{e(str(s['suite']))}</td><td>{_status(s['success'])}</td>"
            f"<td>{s['evaluated']}</td><td>{s['successful']}</td><td>{s['unsuccessful']}</td>"
            f"<td>{s['errored']}</td><td>{details}</td></tr>"
        )
    parts.append("</table>")
    for s in summary.get("suites", []):
        failed = [x for x in s["expectations"] if not x["success"]]
        if not failed:
            continue
        parts.append(f"<h2>{e(str(s['suite']))}: failed expectations</h2>")
        parts.append(
            "<table><tr><th>Expectation</th><th>Check</th><th>Unexpected</th><th>%</th>"
            "<th>Rows (source / page)</th></tr>"
        )
        for x in failed:
            pct = x.get("unexpected_percent")
            pct_s = f"{pct:.1f}" if isinstance(pct, int | float) else ""
            count = "error: check did not run" if x["error"] else (x.get("unexpected_count") or "")
            rows = "<br>".join(e(_row_key(r)) for r in x["unexpected_rows"][:10])
            parts.append(
                f"<tr><td>{e(x.get('description') or '')}</td><td>{e(x['label'])}</td>"
                f"<td>{e(str(count))}</td><td>{pct_s}</td>"
                f"<td>{rows}</td></tr>"
            )
        parts.append("</table>")
    parts += ["</section>", _MARK_END]
    return "\n".join(parts)


def _validation_links(site: Path, run_results: Mapping[Any, Any]) -> dict[str, str]:
    links: dict[str, str] = {}
    for identifier, vr in run_results.items():
        name = vr.suite_name
        parts = [str(p) for p in identifier.to_tuple()] if hasattr(identifier, "to_tuple") else []
        for page in sorted((site / "validations" / name).rglob("*.html")):
            rel = page.relative_to(site).as_posix()
            if all(p in rel for p in parts[1:]):
                links[name] = rel
    return links


def add_offline_summary(index: Path, summary: Mapping[str, Any], run_results: Any) -> None:
    """Insert (or replace) the static summary right after `<body>` in GX's index page."""
    page = index.read_text(encoding="utf-8")
    page = re.sub(re.escape(_MARK_START) + ".*?" + re.escape(_MARK_END), "", page, flags=re.DOTALL)
    block = render_summary_html(summary, _validation_links(index.parent, run_results))
    page, n = re.subn(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + block, page, count=1)
    if n == 0:
        page = block + page
    index.write_text(page, encoding="utf-8")
