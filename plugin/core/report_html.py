"""The validation report as one self-contained HTML page a contractor can open.

Summary, counts per rule, and every finding in a table that sorts by any column
and filters by text, severity and rule: no network, no external files.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from .messages import both
from .report import Report
from .rules import RULES

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 1.5rem; color: #1f2933; }}
h1 {{ font-size: 1.4rem; margin-bottom: .2rem; }}
.verdict {{ display: inline-block; padding: .15rem .6rem; border-radius: .3rem; color: #fff; font-weight: bold; }}
.pass {{ background: #2e7d32; }} .fail {{ background: #c62828; }}
dl {{ display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }}
dt {{ color: #52606d; }} dd {{ margin: 0; }}
table {{ border-collapse: collapse; width: 100%; margin: .8rem 0; font-size: .9rem; }}
th, td {{ border: 1px solid #d9e2ec; padding: .3rem .5rem; text-align: left; vertical-align: top; }}
th {{ background: #f0f4f8; cursor: pointer; user-select: none; white-space: nowrap; }}
th.sorted-asc::after {{ content: " ▲"; }} th.sorted-desc::after {{ content: " ▼"; }}
tr.error td:first-child {{ border-left: 4px solid #c62828; }} tr.warning td:first-child {{ border-left: 4px solid #f9a825; }}
.controls {{ display: flex; gap: .8rem; flex-wrap: wrap; align-items: center; }}
.controls input, .controls select {{ padding: .3rem; font-size: .9rem; }}
.count {{ color: #52606d; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p><span class="verdict {verdict_class}">{verdict}</span></p>
<dl>{facts}</dl>
<h2>{t[counts_per_rule]}</h2>
<table id="rules"><thead><tr><th>{t[rule]}</th><th>{t[severity]}</th><th>{t[count]}</th><th>{t[meaning]}</th></tr></thead>
<tbody>{rule_rows}</tbody></table>
<h2>{t[findings]}</h2>
<div class="controls">
<input id="search" type="search" placeholder="{t[search]}">
<select id="severity"><option value="">{t[all_severities]}</option><option value="error">{t[error]}</option>
<option value="warning">{t[warning]}</option></select>
<select id="rule"><option value="">{t[all_rules]}</option>{rule_options}</select>
<select id="lang"><option value="zh">{t[language_zh]}</option><option value="en">{t[language_en]}</option></select>
<span class="count" id="shown"></span>
</div>
<table id="findings"><thead><tr>
<th data-key="feature" data-type="number">{t[feature]}</th><th data-key="component_id">{t[identifier]}</th>
<th data-key="rule">{t[rule]}</th><th data-key="severity">{t[severity]}</th><th data-key="field">{t[field]}</th>
<th data-key="value">{t[value]}</th><th data-key="message">{t[message]}</th></tr></thead><tbody></tbody></table>
<script id="data" type="application/json">{data}</script>
<script>
(function () {{
  const findings = JSON.parse(document.getElementById("data").textContent);
  const body = document.querySelector("#findings tbody");
  const search = document.getElementById("search"), severity = document.getElementById("severity");
  const rule = document.getElementById("rule"), lang = document.getElementById("lang");
  let sortKey = "feature", sortDir = 1;
  function cell(row, key) {{
    if (key === "message") return row["message_" + lang.value];
    if (key === "field") return row.column || row.field || "";
    const value = row[key];
    return value === null || value === undefined ? "" : value;
  }}
  function render() {{
    const text = search.value.trim().toLowerCase();
    const rows = findings.filter(f => (!severity.value || f.severity === severity.value)
      && (!rule.value || f.rule === rule.value)
      && (!text || JSON.stringify(f).toLowerCase().includes(text)));
    rows.sort((a, b) => {{
      const x = cell(a, sortKey), y = cell(b, sortKey);
      if (typeof x === "number" || typeof y === "number") return ((x === "" ? -1 : x) - (y === "" ? -1 : y)) * sortDir;
      return String(x).localeCompare(String(y), "zh") * sortDir;
    }});
    body.replaceChildren(...rows.slice(0, {shown_rows}).map(f => {{
      const tr = document.createElement("tr");
      tr.className = f.severity;
      for (const key of ["feature", "component_id", "rule", "severity", "field", "value", "message"]) {{
        const td = document.createElement("td");
        td.textContent = key === "feature" && f.feature === null ? {js_file} : String(cell(f, key));
        tr.appendChild(td);
      }}
      return tr;
    }}));
    document.getElementById("shown").textContent =
      rows.length + " / " + findings.length + (rows.length > {shown_rows} ? {js_first_rows} : "");
  }}
  document.querySelectorAll("#findings th").forEach(th => th.addEventListener("click", () => {{
    const key = th.dataset.key;
    sortDir = key === sortKey ? -sortDir : 1;
    sortKey = key;
    document.querySelectorAll("#findings th").forEach(h => h.classList.remove("sorted-asc", "sorted-desc"));
    th.classList.add(sortDir > 0 ? "sorted-asc" : "sorted-desc");
    render();
  }}));
  [search, severity, rule, lang].forEach(control => control.addEventListener("input", render));
  render();
}})();
</script>
</body>
</html>
"""


def _bilingual(msg_id: str, separator: str = " ", **params: object) -> str:
    """The page shows its labels in both languages, Chinese first: "文件 File"."""
    texts = both(msg_id, **params)
    return f"{texts['zh']}{separator}{texts['en']}"


_LABELS = ("rule", "severity", "count", "meaning", "search", "all_severities", "all_rules")
_COLUMNS = ("feature", "identifier", "field", "value", "message")
_HEADINGS = ("counts_per_rule", "findings")
SHOWN_ROWS = 5000  # the findings table shows at most this many rows at once


def _labels() -> dict[str, str]:
    """The page's fixed texts by placeholder name, HTML-escaped."""
    labels = {name: _bilingual(f"report.html.{name}") for name in (*_LABELS, *_COLUMNS)}
    labels |= {name: _bilingual(f"report.html.{name}", " · ") for name in _HEADINGS}
    labels |= {severity: _bilingual(f"report.severity.{severity}") for severity in ("error", "warning")}
    labels |= {f"language_{lang}": name for lang, name in both("core.language_name").items()}
    return {name: html.escape(label) for name, label in labels.items()}


def _js_string(text: str) -> str:
    """A JavaScript string literal of ``text`` that can sit in the page's <script> block."""
    return script_safe_json(json.dumps(text, ensure_ascii=False))


def render_html(report: Report) -> str:
    summary = report.to_dict()["summary"]
    facts = [
        ("file", report.source),
        ("layer", report.layer or ""),
        ("family", report.family),
        ("standard", report.standard_version),
        ("profile", report.profile),
        ("crs", report.crs or "—"),
        ("mapping", report.mapping or "—"),
        ("features", summary["features"]),
        ("valid", summary["valid_features"]),
        ("invalid", summary["invalid_features"]),
        ("errors", summary["errors"]),
        ("warnings", summary["warnings"]),
    ]
    rule_rows = "".join(
        f'<tr class="{RULES[rule].severity}"><td>{html.escape(rule)}</td><td>{RULES[rule].severity}</td>'
        f"<td>{count}</td><td>{html.escape(RULES[rule].zh)}<br>{html.escape(RULES[rule].en)}</td></tr>"
        for rule, count in summary["by_rule"].items()
    )
    data = json.dumps([f.to_dict() for f in report.findings], ensure_ascii=False, default=str)
    verdict = _bilingual("report.verdict.passed" if report.is_valid else "report.verdict.failed")
    return _PAGE.format(
        t=_labels(),
        js_file=_js_string(_bilingual("report.where.file")),
        js_first_rows=_js_string(" (" + _bilingual("report.html.first_rows", count=SHOWN_ROWS) + ")"),
        shown_rows=SHOWN_ROWS,
        title=html.escape(_bilingual("report.html.title") + f" · {Path(report.source).name}"),
        verdict=html.escape(verdict),
        verdict_class="pass" if report.is_valid else "fail",
        facts="".join(
            f"<dt>{html.escape(_bilingual(f'report.fact.{name}'))}</dt><dd>{html.escape(str(value))}</dd>"
            for name, value in facts
        ),
        rule_rows=rule_rows,
        rule_options="".join(f'<option value="{html.escape(r)}">{html.escape(r)}</option>' for r in summary["by_rule"]),
        data=script_safe_json(data),
    )


# In a <script> block the HTML tokenizer, not JSON, decides where the block ends: "</script" ends it and
# "<!--<script>" makes the parser skip the real end. With no "<", ">" or "&" left, the data cannot start
# any tag, comment or character reference; each is still the same character to JSON.parse.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_safe_json(text: str) -> str:
    """JSON text that holds the same data and can sit inside a <script> block of an HTML page."""
    return text.translate(_SCRIPT_SAFE)


def write_html(report: Report, path: str | Path) -> None:
    Path(path).write_text(render_html(report), encoding="utf-8")
