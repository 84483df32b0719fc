"""The summary of an import for a person, in one language: shared by `assetreg import` and the Processing
algorithm, so both say the same."""

from __future__ import annotations

from typing import Any


def describe_import(result: Any, lang: str) -> str:
    """What an import did (or, on a dry run, would do), for a person: the CLI prints it, Processing logs it."""
    zh = lang == "zh"
    counts = result.counts()
    if result.dry_run:
        lines = [
            f"试运行（未写入），提交 {result.submission_id}："
            if zh
            else f"Dry run (nothing written), submission {result.submission_id}:",
            (
                f"  新增 {result.inserted}，变更 {result.updated}，未变 {result.unchanged}，删除 {result.deleted}，"
                f"冲突 {counts['conflicts']}，不合格 {result.rejected}"
                if zh
                else f"  new {result.inserted}, changed {result.updated}, unchanged {result.unchanged}, "
                f"deleted {result.deleted}, conflicting {counts['conflicts']}, rejected {result.rejected}"
            ),
        ]
        if result.changed_fields:
            fields = ", ".join(f"{name} ×{count}" for name, count in result.changed_fields.items())
            lines.append(("  变更的字段：" if zh else "  fields that change: ") + fields)
        for component_id, fields in result.changed_samples:
            lines.append(f"    {component_id}: {', '.join(fields)}")
        if result.conflicts:
            lines.append(("  冲突：" if zh else "  conflicts: ") + ", ".join(result.conflicts[:10]))
        if result.deleted_ids:
            lines.append(("  将删除：" if zh else "  would delete: ") + ", ".join(result.deleted_ids))
        return "\n".join(lines + _deletion_notes(result, zh))
    if zh:
        done = (
            f"已导入（提交 {result.submission_id}）：新增 {result.inserted}，更新 {result.updated}，未变 {result.unchanged}，"
            f"删除 {result.deleted}，不合格未导入 {result.rejected}。"
        )
    else:
        done = (
            f"Imported (submission {result.submission_id}): {result.inserted} new, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.deleted} deleted, {result.rejected} invalid not imported."
        )
    return "\n".join([done, *_deletion_notes(result, zh)])


def _deletion_notes(result: Any, zh: bool) -> list[str]:
    """What replace-area kept although the delivery did not bring it valid, and why."""
    notes = []
    if result.kept_rejected:
        notes.append(
            f"  保留 {result.kept_rejected} 个部件：交付中有它们的要素，但不合格（修正后重新提交）。"
            if zh
            else f"  {result.kept_rejected} kept: the delivery has their features, but rejected (fix and resubmit)."
        )
    if result.unidentified:
        notes.append(
            f"  有 {result.unidentified} 个不合格要素的标识码无法确认，可能是范围内任何一个部件，因此未删除任何部件"
            f"（范围内有 {result.withheld} 个部件不在交付中）。修正标识码后重新提交。"
            if zh
            else f"  {result.unidentified} rejected feature(s) have no identifier to trust and might be any asset of the "
            f"area, so nothing was deleted ({result.withheld} assets of the area are not in the delivery). Fix the "
            "identifiers and resubmit."
        )
    return notes
