"""What an import did (or, on a dry run, would do)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...core.report import Report


@dataclass
class ImportResult:
    report: Report
    mode: str
    dry_run: bool = False
    submission_id: int | None = None
    staged: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    rejected: int = 0
    # replace-area: what is deleted (or would be, in a dry run); the area's assets kept because only a
    # rejected row names them; rejected rows without an identifier to trust, and what they hold back
    deleted_ids: list[str] = field(default_factory=list)
    kept_rejected: int = 0
    unidentified: int = 0
    withheld: int = 0
    conflicts: list[str] = field(default_factory=list)
    changed_fields: dict[str, int] = field(default_factory=dict)
    changed_samples: list[tuple[str, list[str]]] = field(default_factory=list)
    # a dry run asked for its plan: each record it would change (plan.PlannedChange), for a layer
    planned: list = field(default_factory=list, repr=False)

    @property
    def new(self) -> int:
        return self.inserted

    @property
    def outcome(self) -> str:
        if self.dry_run:
            return "dry_run"
        return "partially_accepted" if self.rejected else "accepted"

    def counts(self) -> dict[str, int]:
        return {
            "staged": self.staged,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "kept_rejected": self.kept_rejected,
            "deletion_withheld": self.withheld,
            "rejected": self.rejected,
            "conflicts": len(self.conflicts),
        }
