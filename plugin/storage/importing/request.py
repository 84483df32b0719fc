"""What to import and how: one frozen request, checked when it is made."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...core.errors import InputError
from ...core.mapping import MappingProfile
from ...core.standard import Profile, Standard

MODES = ("insert", "update", "upsert", "replace-area")
# Records the registry holds besides assets; each is only ever added (a record is what was found then).
IMPORTABLE_RECORDS = ("inspection",)


@dataclass(frozen=True)
class Area:
    """Where a replace-area import applies: an admin area or grid code, or a polygon (WKT with its EPSG)."""

    code: str | None = None
    wkt: str | None = None
    srid: int | None = None

    def describe(self) -> str:
        return self.code or "polygon"


@dataclass(frozen=True)
class ImportRequest:
    """One delivery to validate and import: the file, the registry, the class, and how to promote it.

    confirm_delete: whether replace-area may delete assets; when False and the delivery would delete
    any, the import is refused naming them (the Processing algorithm asks for the confirmation).
    """

    dsn: str
    path: str | Path
    standard: Standard
    profile: Profile
    family_name: str | None = None
    layer: str | None = None
    mode: str = "insert"
    accept_valid: bool = False
    mapping: MappingProfile | None = None
    dry_run: bool = False
    area: Area | None = None
    confirm_delete: bool = True

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            choices = ", ".join(MODES)
            raise InputError(
                f"未知的导入方式：{self.mode}", f"Unknown import mode: {self.mode}", f"可选：{choices}", f"One of: {choices}"
            )
        if (self.mode == "replace-area") != (self.area is not None):
            raise InputError(
                "--mode replace-area 需要 --area（且只有它需要）。",
                "--mode replace-area needs --area (and only it takes one).",
            )
        self.check_class(self.family_name)

    def check_class(self, class_name: str | None) -> None:
        """A record class is imported only when the registry holds such records, and only added."""
        standard = self.standard
        if class_name is None or class_name in standard.families or class_name not in standard.delivery_classes:
            return
        if class_name not in IMPORTABLE_RECORDS:
            raise InputError(
                f"“{class_name}”是记录而不是部件，登记库不导入这类记录。",
                f"'{class_name}' is a record, not an asset family; the registry does not import this kind of record.",
                "可以先用 assetreg validate 检查它。",
                "You can check it with `assetreg validate`.",
            )
        if self.mode != "insert":
            raise InputError(
                f"记录只能新增（--mode insert），不能用 --mode {self.mode}：一条巡查记录是当时发现的情况，不会被后来的交付改写。",
                f"Records are only added (--mode insert), not with --mode {self.mode}: an inspection record is what was "
                "found then, and a later delivery does not rewrite it.",
            )


def importable_classes(standard: Standard) -> tuple[str, ...]:
    return (*standard.families, *(name for name in IMPORTABLE_RECORDS if name in standard.delivery_classes))
