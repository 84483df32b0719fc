"""The summary of an import for a person, in one language: shared by `assetreg import` and the Processing
algorithm, so both say the same."""

from __future__ import annotations

from typing import Any

from ..core.messages import text


def describe_import(result: Any, lang: str) -> str:
    """What an import did (or, on a dry run, would do), for a person: the CLI prints it, Processing logs it."""
    counts = result.counts()
    if result.dry_run:
        lines = [
            text("import.summary.dry_run", lang, submission=result.submission_id),
            text(
                "import.summary.dry_run_counts",
                lang,
                inserted=result.inserted,
                updated=result.updated,
                unchanged=result.unchanged,
                deleted=result.deleted,
                conflicts=counts["conflicts"],
                rejected=result.rejected,
            ),
        ]
        if result.changed_fields:
            fields = ", ".join(f"{name} ×{count}" for name, count in result.changed_fields.items())
            lines.append(text("import.summary.changed_fields", lang, fields=fields))
        for component_id, fields in result.changed_samples:
            lines.append(f"    {component_id}: {', '.join(fields)}")
        if result.conflicts:
            lines.append(text("import.summary.conflicts", lang, ids=", ".join(result.conflicts[:10])))
        if result.deleted_ids:
            lines.append(text("import.summary.would_delete", lang, ids=", ".join(result.deleted_ids)))
        return "\n".join(lines + _deletion_notes(result, lang))
    done = text(
        "import.summary.done",
        lang,
        submission=result.submission_id,
        inserted=result.inserted,
        updated=result.updated,
        unchanged=result.unchanged,
        deleted=result.deleted,
        rejected=result.rejected,
    )
    return "\n".join([done, *_deletion_notes(result, lang)])


def _deletion_notes(result: Any, lang: str) -> list[str]:
    """What replace-area kept although the delivery did not bring it valid, and why."""
    notes = []
    if result.kept_rejected:
        notes.append(text("import.summary.kept_rejected", lang, count=result.kept_rejected))
    if result.unidentified:
        notes.append(text("import.summary.unidentified", lang, unidentified=result.unidentified, withheld=result.withheld))
    return notes
