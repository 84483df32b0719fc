"""The validation report as HTML a contractor can open: no network, no external sites.

Up to INLINE_FINDINGS findings, one self-contained page: summary, counts per rule, and every finding
in a table that sorts by any column and filters by text, severity and rule. Beyond that the page would
grow with the findings (18 MB for 50,000) and so would the memory writing it: the main page then holds
the summary and the counts per rule, each rule linking to its findings in static pages of PAGE_ROWS
rows (a folder beside the page, <name>_findings/), written one page at a time.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from .messages import both
from .report import Report
from .rules import RULES

_STYLE = """\
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 1.5rem; color: #1f2933; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; }
.verdict { display: inline-block; padding: .15rem .6rem; border-radius: .3rem; color: #fff; font-weight: bold; }
.pass { background: #2e7d32; } .fail { background: #c62828; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
dt { color: #52606d; } dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .8rem 0; font-size: .9rem; }
th, td { border: 1px solid #d9e2ec; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f4f8; cursor: pointer; user-select: none; white-space: nowrap; }
th.sorted-asc::after { content: " ▲"; } th.sorted-desc::after { content: " ▼"; }
tr.error td:first-child { border-left: 4px solid #c62828; } tr.warning td:first-child { border-left: 4px solid #f9a825; }
.controls { display: flex; gap: .8rem; flex-wrap: wrap; align-items: center; }
.controls input, .controls select { padding: .3rem; font-size: .9rem; }
.count { color: #52606d; }
"""

_FINDINGS_SECTION = """<h2>{t[findings]}</h2>
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
"""

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{style}</style>
</head>
<body>
<h1>{title}</h1>
<p><span class="verdict {verdict_class}">{verdict}</span></p>
<dl>{facts}</dl>
<h2>{t[counts_per_rule]}</h2>
<table id="rules"><thead><tr><th>{t[rule]}</th><th>{t[severity]}</th><th>{t[count]}</th><th>{t[meaning]}</th></tr></thead>
<tbody>{rule_rows}</tbody></table>
{findings_section}</body>
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
INLINE_FINDINGS = 2000  # up to this many findings, one page holds them all; beyond, pages per rule
PAGE_ROWS = 500  # the findings of a rule page


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


def render_html(report: Report, pages: dict[str, str] | None = None) -> str:
    """The main page; pages: for a paged report, each rule's first page (its link) instead of the findings table."""
    summary = report.to_dict_without_findings()["summary"]
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
        f'<tr class="{RULES[rule].severity}"><td>{_rule_cell(rule, pages)}</td><td>{RULES[rule].severity}</td>'
        f"<td>{count}</td><td>{html.escape(RULES[rule].zh)}<br>{html.escape(RULES[rule].en)}</td></tr>"
        for rule, count in summary["by_rule"].items()
    )
    verdict = _bilingual("report.verdict.passed" if report.is_valid else "report.verdict.failed")
    labels = _labels()
    if pages is None:
        data = json.dumps([f.to_dict() for f in report.findings], ensure_ascii=False, default=str)
        findings_section = _FINDINGS_SECTION.format(
            t=labels,
            js_file=_js_string(_bilingual("report.where.file")),
            js_first_rows=_js_string(" (" + _bilingual("report.html.first_rows", count=SHOWN_ROWS) + ")"),
            shown_rows=SHOWN_ROWS,
            rule_options="".join(f'<option value="{html.escape(r)}">{html.escape(r)}</option>' for r in summary["by_rule"]),
            data=script_safe_json(data),
        )
    else:
        note = _bilingual("deliveries.report.paged", "<br>", count=len(report.findings), rows=PAGE_ROWS)
        findings_section = f"<h2>{labels['findings']}</h2>\n<p>{html.escape(note).replace('&lt;br&gt;', '<br>')}</p>\n"
    return _PAGE.format(
        t=labels,
        findings_section=findings_section,
        style=_STYLE,
        title=html.escape(_bilingual("report.html.title") + f" · {Path(report.source).name}"),
        verdict=html.escape(verdict),
        verdict_class="pass" if report.is_valid else "fail",
        facts="".join(
            f"<dt>{html.escape(_bilingual(f'report.fact.{name}'))}</dt><dd>{html.escape(str(value))}</dd>"
            for name, value in facts
        ),
        rule_rows=rule_rows,
    )


def _rule_cell(rule: str, pages: dict[str, str] | None) -> str:
    if pages is None or rule not in pages:
        return html.escape(rule)
    return f'<a href="{html.escape(pages[rule])}">{html.escape(rule)}</a>'


# In a <script> block the HTML tokenizer, not JSON, decides where the block ends: "</script" ends it and
# "<!--<script>" makes the parser skip the real end. With no "<", ">" or "&" left, the data cannot start
# any tag, comment or character reference; each is still the same character to JSON.parse.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_safe_json(text: str) -> str:
    """JSON text that holds the same data and can sit inside a <script> block of an HTML page."""
    return text.translate(_SCRIPT_SAFE)


def write_html(report: Report, path: str | Path) -> None:
    """The report's page; beyond INLINE_FINDINGS findings also its pages per rule, in <name>_findings/."""
    path = Path(path)
    if len(report.findings) <= INLINE_FINDINGS:
        path.write_text(render_html(report), encoding="utf-8")
        return
    folder = path.with_name(f"{path.stem}_findings")
    folder.mkdir(exist_ok=True)
    by_rule: dict[str, list[int]] = {}
    for index, finding in enumerate(report.findings):
        by_rule.setdefault(finding.rule, []).append(index)
    pages = {}
    for rule, indexes in by_rule.items():
        pages[rule] = f"{folder.name}/{_page_name(rule, 1)}"
        count = -(-len(indexes) // PAGE_ROWS)
        for number in range(1, count + 1):
            chunk = [report.findings[i] for i in indexes[(number - 1) * PAGE_ROWS : number * PAGE_ROWS]]
            page = _rule_page(report, rule, chunk, number, count, len(indexes), path.name)
            (folder / _page_name(rule, number)).write_text(page, encoding="utf-8")
    path.write_text(render_html(report, pages), encoding="utf-8")


def _page_name(rule: str, number: int) -> str:
    return f"{rule}-{number}.html"


def _rule_page(report: Report, rule: str, findings: list[Any], number: int, count: int, total: int, main: str) -> str:
    """One page of a rule's findings: a static table (no script), with the way back and to the next pages."""
    labels = _labels()
    where_file = _bilingual("report.where.file")
    links = [f'<a href="../{html.escape(main)}">{html.escape(_bilingual("deliveries.report.back"))}</a>']
    if number > 1:
        links.append(f'<a href="{_page_name(rule, number - 1)}">{html.escape(_bilingual("deliveries.report.previous"))}</a>')
    links.append(html.escape(_bilingual("deliveries.report.page", page=number, pages=count, count=total)))
    if number < count:
        links.append(f'<a href="{_page_name(rule, number + 1)}">{html.escape(_bilingual("deliveries.report.next"))}</a>')
    rows = "".join(
        f'<tr class="{f.severity}"><td>{where_file if f.feature is None else f.feature}</td>'
        f"<td>{html.escape(f.component_id or '')}</td><td>{html.escape(str(f.column or f.field or ''))}</td>"
        f"<td>{html.escape('' if f.value is None else str(f.value))}</td>"
        f"<td>{html.escape(f.message('zh'))}<br>{html.escape(f.message('en'))}</td></tr>"
        for f in findings
    )
    head = "".join(f"<th>{labels[name]}</th>" for name in ("feature", "identifier", "field", "value", "message"))
    title = html.escape(f"{rule} · {_bilingual('report.html.title')} · {Path(report.source).name}")
    nav = " | ".join(links)
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
        f"<p>{html.escape(RULES[rule].zh)}<br>{html.escape(RULES[rule].en)}</p>\n<p>{nav}</p>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>\n<p>{nav}</p>\n</body>\n</html>\n"
    )
