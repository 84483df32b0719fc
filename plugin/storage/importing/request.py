"""What to import and how: one frozen request, checked when it is made."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...core.errors import InputError, RefusedError
from ...core.mapping import MappingProfile
from ...core.messages import listing
from ...core.standard import Profile, Standard
from ...core.versions import differing_fields

MODES = ("insert", "update", "upsert", "replace-area")
# Records the registry holds besides assets; each is only ever added (a record is what was found then).
IMPORTABLE_RECORDS = ("inspection", "work_order")


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
    plan: bool = False  # a dry run lists each record it would change (result.planned), not only counts

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise InputError("import.unknown_mode", mode=self.mode, choices=", ".join(MODES))
        if (self.mode == "replace-area") != (self.area is not None):
            raise InputError("import.area_needs_replace_area")
        self.check_class(self.family_name)

    def check_class(self, class_name: str | None) -> None:
        """A record class is imported only when the registry holds such records, and only added; a class
        goes into a registry that follows another version of the standard only where the two agree."""
        standard = self.standard
        if class_name is None or class_name not in standard.delivery_classes:
            return
        self._check_version(class_name)
        if class_name in standard.families:
            return
        if class_name not in IMPORTABLE_RECORDS:
            raise InputError("import.record_not_importable", name=class_name)
        if self.mode != "insert":
            raise InputError("import.record_only_added", mode=self.mode)

    def _check_version(self, class_name: str) -> None:
        registry = self.profile.standard_version
        if self.standard.version == registry:
            return
        differing = differing_fields(self.standard, Standard(registry), class_name)
        if differing:
            raise RefusedError(
                "import.version_mismatch",
                delivery=self.standard.version,
                registry=registry,
                family=self.standard.delivery_class(class_name).named(),
                fields=listing(differing),
            )


def importable_classes(standard: Standard) -> tuple[str, ...]:
    return (*standard.families, *(name for name in IMPORTABLE_RECORDS if name in standard.delivery_classes))
