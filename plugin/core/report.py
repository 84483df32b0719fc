"""The validation report: findings, counts, and the forms a person reads."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .messages import text
from .rules import ERROR, RULES, WARNING, message

REPORT_FORMAT_VERSION = "1"
_RULE_ORDER = {rule: index for index, rule in enumerate(RULES)}


@dataclass
class Finding:
    rule: str
    severity: str
    feature: int | None  # 1-based feature number; None for a finding about the whole file
    component_id: str | None = None
    field: str | None = None  # the standard's field name
    value: Any = None
    detail: Any = None  # a value, or {"zh": …, "en": …}
    column: str | None = None  # the delivery's own column name, as the contractor sees it
    label: dict[str, str] | None = None  # the field's title {"zh": …, "en": …}

    def message(self, lang: str = "zh") -> str:
        shown = None if self.value is None else _short(self.value)
        named = self.column or _in(self.label, lang) or self.field
        return message(self.rule, lang, field=named, value=shown, detail=_in(self.detail, lang))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)  # deep: a caller may change what it gets
        data["message_zh"] = self.message("zh")
        data["message_en"] = self.message("en")
        return data


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))


def _in(text: Any, lang: str) -> Any:
    return text.get(lang) if isinstance(text, dict) else text


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Report:
    source: str
    layer: str | None
    family: str
    profile: str
    standard_version: str
    crs: str | None = None
    mapping: str | None = None
    feature_count: int = 0
    findings: list[Finding] = field(default_factory=list)
    identifiers: dict[str, int] = field(default_factory=dict, repr=False)  # id -> first feature number
    # per field naming an asset of another family (x-references: a light's cabinet_id): each well-formed value
    # named, with the features (number, identifier) naming it; core/references.py checks they exist
    references: dict[str, dict[str, list[tuple[int, str | None]]]] = field(default_factory=dict, repr=False)
    # a light's circuit (issue 17 follow-up): each feature naming a circuit as (number, identifier, its cabinet or
    # None, the circuit); a cabinet layer's circuit counts by cabinet. core/references.py checks one against the other
    circuits: list[tuple[int, str | None, str | None, str]] = field(default_factory=list, repr=False)
    circuit_counts: dict[str, int] = field(default_factory=dict, repr=False)
    engine: str = field(default="reference", repr=False, compare=False)  # "fast" when fastpath.py produced it; not in the JSON

    def add(self, rule: str, feature: int | None, **details: Any) -> None:
        self.findings.append(Finding(rule, RULES[rule].severity, feature, **details))

    def sort(self) -> None:
        """One order whatever produced the findings: the file first, then by feature, then as the rules are listed."""
        self.findings.sort(key=lambda f: (f.feature or 0, _RULE_ORDER[f.rule]))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def has_file_errors(self) -> bool:
        return any(f.feature is None for f in self.errors)

    @property
    def invalid_features(self) -> set[int]:
        return {f.feature for f in self.errors if f.feature is not None}

    @property
    def valid_count(self) -> int:
        if self.has_file_errors:
            return 0
        return self.feature_count - len(self.invalid_features)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def counts_by_rule(self) -> dict[str, int]:
        return dict(sorted(Counter(f.rule for f in self.findings).items()))

    def to_dict(self) -> dict[str, Any]:
        return {**self.to_dict_without_findings(), "findings": [f.to_dict() for f in self.findings]}

    def write_json(self, path: str | Path) -> None:
        """The report as to_dict() gives it, written one finding at a time: the same text as dumping
        to_dict() whole, without ever holding every finding's dictionary and the whole text at once."""
        with Path(path).open("w", encoding="utf-8") as out:
            for piece in self.json_pieces():
                out.write(piece)

    def json_pieces(self) -> Iterator[str]:
        head = self.to_dict_without_findings()
        if not self.findings:
            yield json.dumps({**head, "findings": []}, ensure_ascii=False, indent=2)
            return
        encoder = json.JSONEncoder(ensure_ascii=False, indent=2)
        opening = encoder.encode({**head, "findings": [None]})
        yield opening[: opening.rindex("null")]  # up to where the first finding goes, indented as dumps would
        for index, finding in enumerate(self.findings):
            # the finding's entries as to_dict gives them, only not copied (they are written, not kept)
            data = {name: getattr(finding, name) for name in _FINDING_FIELDS}
            data["message_zh"] = finding.message("zh")
            data["message_en"] = finding.message("en")
            text = encoder.encode(data).replace("\n", "\n    ")
            yield (",\n    " if index else "") + text
        yield "\n  ]\n}"

    def to_dict_without_findings(self) -> dict[str, Any]:
        return {
            "report_format": REPORT_FORMAT_VERSION,
            "source": self.source,
            "layer": self.layer,
            "family": self.family,
            "profile": self.profile,
            "standard_version": self.standard_version,
            "crs": self.crs,
            "mapping": self.mapping,
            "summary": {
                "features": self.feature_count,
                "valid_features": self.valid_count,
                "invalid_features": self.feature_count - self.valid_count,
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "by_rule": self.counts_by_rule(),
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """The report to_dict wrote (a submission keeps it), to render again; the summary is recounted."""
        kept = {name: data.get(name) for name in ("source", "layer", "family", "profile", "standard_version", "crs", "mapping")}
        report = cls(**kept, feature_count=(data.get("summary") or {}).get("features", 0))
        finding_fields = set(Finding.__dataclass_fields__)
        for finding in data.get("findings", []):
            if finding.get("rule") in RULES:
                report.findings.append(Finding(**{k: v for k, v in finding.items() if k in finding_fields}))
        return report

    def summary_text(self, lang: str = "zh", max_findings: int = 10) -> str:
        verdict = text("report.verdict.passed" if self.is_valid else "report.verdict.failed", lang)
        lines = [
            text("report.summary.title", lang, verdict=verdict, source=self.source),
            "  "
            + text(
                "report.summary.facts",
                lang,
                standard_version=self.standard_version,
                profile=self.profile,
                family=self.family,
                crs=self.crs,
            ),
            "  "
            + text(
                "report.summary.counts",
                lang,
                features=self.feature_count,
                valid=self.valid_count,
                invalid=self.feature_count - self.valid_count,
                errors=len(self.errors),
                warnings=len(self.warnings),
            ),
        ]
        counts = self.counts_by_rule()
        if counts:
            lines.append("  " + text("report.summary.by_rule", lang))
            width = max(len(rule) for rule in counts)
            for rule, count in counts.items():
                lines.append(f"    {rule:<{width}}  {count:>6}  {severity_label(RULES[rule].severity, lang)}")
        shown = self.findings[:max_findings]
        if shown:
            lines.append("  " + text("report.summary.first_findings", lang, count=len(shown)))
            for finding in shown:
                where = (
                    text("report.where.feature", lang, feature=finding.feature)
                    if finding.feature is not None
                    else text("report.where.file", lang)
                )
                ident = f" [{finding.component_id}]" if finding.component_id else ""
                lines.append(f"    {where}{ident} {finding.rule}: {finding.message(lang)}")
        return "\n".join(lines)


def severity_label(severity: str, lang: str) -> str:
    """错误/警告 in Chinese, error/warning in English."""
    return text(f"report.severity.{severity}", lang)
