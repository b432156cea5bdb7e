"""Evaluation reports: Markdown and self-contained HTML with one SVG chart per metric, plus JSON.

Charts are SVG written here (no plotting library, no CDN): one horizontal bar chart per
metric, a bar per backend for the whole set, each kind, language and persona. The Markdown
links the same charts as files under ``charts/``; the HTML inlines them. Tables add the
breakdown per tag and, when the run asked for it, the dev and test splits side by side.
A split withheld by ``runner.withhold`` counts in every table but its questions are not listed.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from evaluation.dataset import KINDS, LANGS, PERSONAS

CHARTED = [
    ("hit@1", "Retrieval hit@1"), ("hit@5", "Retrieval hit@5"), ("mrr", "Retrieval MRR@10"),
    ("correct", "Answer correctness"), ("citations_valid", "Citation validity"),
    ("citation_precision", "Citation precision"), ("groundedness", "Groundedness"),
    ("refusal_ok", "Refusal accuracy"), ("not_reported_ok", "Not-reported accuracy"), ("language_ok", "Language match"),
]
COLOURS = ["#2f6f9f", "#d07a2a", "#4d9a5b", "#8a5aa8"]


def _fmt(v, digits: int = 3) -> str:
    if v is None:
        return "–"
    return f"{v:.{digits}f}" if isinstance(v, float) else str(v)


def _rows(result: dict) -> list[tuple[str, dict]]:
    """Overall, then each kind and each language present, as (label, summary)."""
    rows = [("all", result["overall"])]
    rows += [(k, result["by_kind"][k]) for k in KINDS if k in result["by_kind"]]
    rows += [(f"lang={lang}", result["by_lang"][lang]) for lang in LANGS if lang in result["by_lang"]]
    by_persona = result.get("by_persona", {})
    rows += [(f"persona={p}", by_persona[p]) for p in PERSONAS if p in by_persona]
    return rows


def svg_bars(title: str, labels: list[str], series: dict[str, list], vmax: float = 1.0, unit: str = "") -> str:
    """A horizontal grouped bar chart (one group per label, one bar per series); None = no bar."""
    bar, gap, left, width = 11, 9, 120, 300
    n = max(1, len(series))
    height = 34 + len(labels) * (n * bar + gap) + 14 * n
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 70}" height="{height}" font-family="sans-serif" font-size="11">',
        f'<text x="4" y="16" font-size="13" font-weight="bold">{html.escape(title)}</text>',
    ]
    y = 28
    for i, label in enumerate(labels):
        out.append(f'<text x="{left - 6}" y="{y + n * bar / 2 + 4}" text-anchor="end">{html.escape(label)}</text>')
        for j, (name, values) in enumerate(series.items()):
            v = values[i]
            if v is not None:
                w = 0 if vmax <= 0 else max(1, min(width, v / vmax * width))
                out.append(f'<rect x="{left}" y="{y + j * bar}" width="{w:.1f}" height="{bar - 2}" fill="{COLOURS[j % len(COLOURS)]}"/>')
                out.append(f'<text x="{left + w + 4:.1f}" y="{y + j * bar + bar - 3}">{v:.2f}{unit}</text>')
        y += n * bar + gap
    out.append(f'<line x1="{left}" y1="26" x2="{left}" y2="{y - gap}" stroke="#999"/>')
    for j, name in enumerate(series):
        out.append(f'<rect x="{left}" y="{y + 14 * j}" width="10" height="10" fill="{COLOURS[j % len(COLOURS)]}"/>')
        out.append(f'<text x="{left + 14}" y="{y + 14 * j + 9}">{html.escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def charts(results: dict[str, dict]) -> dict[str, str]:
    """File stem -> SVG, one per metric plus one for latency."""
    first = next(iter(results.values()))
    labels = [label for label, _ in _rows(first)]
    out = {}
    for key, title in CHARTED:
        series = {b: [dict(_rows(r)).get(label, {}).get(key) for label in labels] for b, r in results.items()}
        stem = key.replace("@", "").replace("_", "-")
        out[stem] = svg_bars(title, labels, series)
    lat_labels = ["total p50", "total p95", "first token p50", "first token p95"]
    keys = ["latency_p50_s", "latency_p95_s", "first_token_p50_s", "first_token_p95_s"]
    series = {b: [r["overall"].get(k) for k in keys] for b, r in results.items()}
    vmax = max([v for vals in series.values() for v in vals if v is not None] + [0.001])
    out["latency"] = svg_bars("Latency (s)", lat_labels, series, vmax=vmax, unit=" s")
    return out


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


SUMMARY_COLS = ["n", "hit@1", "hit@5", "mrr", "correct", "citations_valid", "citation_precision", "groundedness", "grounded",
                "refusal_ok", "false_refusals", "ooc_refused", "not_reported_ok", "premise_ok", "language_ok",
                "latency_p50_s", "latency_p95_s", "first_token_p50_s", "first_token_p95_s"]
TAG_COLS = ["n", "correct", "refusal_ok", "hit@5", "language_ok"]
SPLIT_ROWS = ["n", "correct", "refusal_ok", "false_refusals", "ooc_refused", "ooc_answered", "premise_ok", "not_reported_ok",
              "hit@1", "hit@5", "mrr", "grounded", "language_ok"]


def persona_line(result: dict) -> str:
    """Correctness per persona on one line ("partner 0.567 (n=30), sme …")."""
    by = result.get("by_persona", {})
    return ", ".join(f"{p} {_fmt(by[p]['correct'])} (n={by[p]['n']})" for p in PERSONAS if p in by)


def split_table(result: dict) -> str:
    """The dev and test splits side by side: overall metrics, then correctness per persona and per kind."""
    splits = result["by_split"]
    names = [k for k in ("dev", "test") if splits[k]["overall"]["n"]]
    rows = [[c] + [_fmt(splits[k]["overall"].get(c)) for k in names] for c in SPLIT_ROWS]
    for key, label, order in (("by_persona", "persona", PERSONAS), ("by_kind", "kind", KINDS)):
        for value in order:
            cells = [splits[k][key].get(value) for k in names]
            if any(cells):
                rows.append([f"correct, {label}={value}"] + [f"{_fmt(c['correct'])} (n={c['n']})" if c else "–" for c in cells])
    return _table(["metric"] + names, rows)


def markdown(results: dict[str, dict], meta: dict, chart_dir: str | None = "charts") -> str:
    """The report as Markdown; ``chart_dir=None`` leaves the chart links out (the HTML inlines them)."""
    parts = ["# IMAGINE assistant — evaluation report", ""]
    parts += [f"- {k}: {v}" for k, v in meta.items()]
    parts += ["", "Metric definitions: `evaluation/README.md`. Values are means over the questions a metric applies to.", ""]
    parts += ["## Summary per backend", ""]
    parts.append(_table(["backend"] + SUMMARY_COLS, [[b] + [_fmt(r["overall"].get(c)) for c in SUMMARY_COLS] for b, r in results.items()]))
    parts += [""] + [f"- {b}: correct by persona: {persona_line(r) or '–'}" for b, r in results.items()]
    for b, r in results.items():
        if "by_split" in r:
            parts += ["", f"## {b}: dev and test side by side", "", split_table(r)]
        parts += ["", f"## {b}: by kind, language and persona", ""]
        cols = [c for c in SUMMARY_COLS if c not in ("first_token_p50_s", "first_token_p95_s")]
        parts.append(_table(["group"] + cols, [[label] + [_fmt(s.get(c)) for c in cols] for label, s in _rows(r)]))
        tags = {k: v for k, v in r.get("by_tag", {}).items() if k != "-"}
        if tags:
            parts += ["", f"## {b}: by tag", ""]
            if r.get("withheld", {}).get("questions"):
                parts += [f"Without the {r['withheld']['split']} split (a tag is too few questions to stay an aggregate).", ""]
            parts.append(_table(["tag"] + TAG_COLS, [[k] + [_fmt(v.get(c)) for c in TAG_COLS] for k, v in tags.items()]))
        parts += ["", f"By route: " + ", ".join(f"{k} {v['n']}" for k, v in r["by_route"].items()), ""]
    if chart_dir:
        parts += ["## Charts", ""]
        parts += [f"![{stem}]({chart_dir}/{stem}.svg)" for stem in charts(results)]
    for b, r in results.items():
        failing = [(s, rec) for s, rec in zip(r["scores"], r["records"]) if s["problems"]]
        parts += ["", f"## {b}: questions with problems ({len(failing)} of {len(r['scores'])})", ""]
        if r.get("withheld", {}).get("questions"):
            w = r["withheld"]
            parts += [f"The {w['questions']} question(s) of the {w['split']} split count in the tables above but are not listed.", ""]
        for s, rec in failing:
            answer = " ".join(rec["answer"].split())
            parts.append(f"- **{s['id']}** ({s['kind']}, {s['lang']}, route {s['route'] or '-'}) — {' → '.join(rec['turns'])}")
            parts.append(f"  - problems: {'; '.join(s['problems'])}")
            parts.append(f"  - answer: {answer[:300]}{'…' if len(answer) > 300 else ''}")
    return "\n".join(parts) + "\n"


def html_page(results: dict[str, dict], meta: dict) -> str:
    """The same content as the Markdown, self-contained, with the charts inline."""
    md = markdown(results, meta, chart_dir=None)
    items = "".join(f"<li>{html.escape(f'{k}: {v}')}</li>" for k, v in meta.items())
    body = [f"<h1>IMAGINE assistant — evaluation report</h1><ul>{items}</ul>"]
    body.append("<h2>Summary per backend</h2><table border=1 cellpadding=3 style='border-collapse:collapse;font-size:12px'>")
    body.append("<tr><th>backend</th>" + "".join(f"<th>{html.escape(c)}</th>" for c in SUMMARY_COLS) + "</tr>")
    for b, r in results.items():
        body.append(f"<tr><td>{html.escape(b)}</td>" + "".join(f"<td>{_fmt(r['overall'].get(c))}</td>" for c in SUMMARY_COLS) + "</tr>")
    body.append("</table><h2>Charts</h2><div style='display:flex;flex-wrap:wrap;gap:16px'>")
    body += [f"<div>{svg}</div>" for svg in charts(results).values()]
    body.append("</div><h2>Details</h2><pre style='white-space:pre-wrap;font-size:12px'>")
    body.append(html.escape(md) + "</pre>")
    return "<!doctype html><html><head><meta charset='utf-8'><title>IMAGINE evaluation</title></head><body style='font-family:sans-serif'>" + "".join(body) + "</body></html>"


def write_report(results: dict[str, dict], out_dir: Path | str, meta: dict | None = None) -> dict[str, Path]:
    """Write report.md (+ charts/*.svg), report.html and results.json into ``out_dir``."""
    out = Path(out_dir)
    (out / "charts").mkdir(parents=True, exist_ok=True)
    meta = dict(meta or {})
    for stem, svg in charts(results).items():
        (out / "charts" / f"{stem}.svg").write_text(svg, encoding="utf-8")
    paths = {"markdown": out / "report.md", "html": out / "report.html", "json": out / "results.json"}
    paths["markdown"].write_text(markdown(results, meta), encoding="utf-8")
    paths["html"].write_text(html_page(results, meta), encoding="utf-8")
    paths["json"].write_text(json.dumps({"meta": meta, "backends": results}, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return paths
