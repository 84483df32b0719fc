"""The ways of promoting a validated delivery into the registry, each saying when it applies.

A promotion asks each strategy in turn (STRATEGIES, first match wins); the chosen one compares the
delivery with the registry (refusing what may not happen), and promotes it unless it is a dry run.
Staging the rows is shared: a strategy that needs the staging table asks for it (Promotion.stage).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ...core.messages import Message, msg
from .. import case_history, inspections
from . import compare, firstload, locate, plan, staging
from .request import ImportRequest
from .result import ImportResult
from .rows import RowStream
from .staging import StagingTarget

# what an import says while it runs: each face shows the message in the language it speaks
Notify = Callable[[Message], None]


def say(notify: Notify, msg_id: str) -> None:
    notify(msg(msg_id))


@dataclass
class Promotion:
    """One delivery being promoted, inside the import's transaction."""

    cur: Any
    request: ImportRequest
    target: StagingTarget
    stream: RowStream
    result: ImportResult
    notify: Notify
    source_srid: int | None = None  # once staged
    first_load: Any = None  # firstload's prepared rows, when a first load applies

    def stage(self) -> int:
        """COPY the valid features into the staging table (once); return their source SRID."""
        if self.source_srid is None:
            say(self.notify, "import.progress.staging")
            staging.stage_rows(self.cur, self.target, self.stream.rows)
            self.result.staged, self.source_srid = self.stream.written()
        return self.source_srid

    @property
    def registry_srid(self) -> int:
        return self.request.profile.registry_srid


class Strategy(Protocol):
    def applies(self, p: Promotion) -> bool: ...

    def compare(self, p: Promotion) -> None: ...

    def promote(self, p: Promotion) -> None: ...


class FirstLoad:
    """A large insert of plain points in the registry CRS into an empty family (no dry run), when the fast
    row writer vouches for every row: one COPY straight into the family table, located beforehand."""

    def applies(self, p: Promotion) -> bool:
        # deciding prepares the rows (the client's work is the test); they are kept for promote
        p.first_load = firstload.prepared_rows(p.cur, p.target, p.request, p.result)
        return p.first_load is not None

    def compare(self, p: Promotion) -> None:
        pass  # an empty family: nothing to compare with

    def promote(self, p: Promotion) -> None:
        firstload.load(p.cur, p.target, p.first_load, p.result, p.registry_srid)


class CaseHistory:
    """Historical cases (work_order records): staged typed as the case table, loaded through the case flow,
    which rebuilds their events; a case already registered from the same record stays as it is."""

    def applies(self, p: Promotion) -> bool:
        return p.target.family.name == case_history.CASE_TABLE

    def compare(self, p: Promotion) -> None:
        request, result = p.request, p.result
        say(p.notify, "import.progress.staging")
        case_history.stage_rows(p.cur, p.target.family, p.stream.rows)
        result.staged, p.source_srid = p.stream.written()
        case_history.to_registry_crs(p.cur, p.source_srid, p.registry_srid)
        unknown = case_history.unknown_components(p.cur, request.standard, result.report)
        result.rejected = len(result.report.invalid_features)
        if not result.dry_run:
            case_history.refuse_unknown(unknown, request.accept_valid)
        remaining, registered, filled = case_history.counts(p.cur)
        result.unchanged = registered - filled
        result.inserted = remaining - registered if result.dry_run else 0
        result.updated = filled if result.dry_run else 0

    def promote(self, p: Promotion) -> None:
        say(p.notify, "import.progress.loading_cases")
        p.result.inserted, p.result.unchanged, p.result.updated = case_history.load(p.cur)


class Records:
    """Records (inspections): only ever added, each resolved to its asset, whose condition then follows."""

    def applies(self, p: Promotion) -> bool:
        return p.target.family.is_record

    def compare(self, p: Promotion) -> None:
        request = p.request
        compare.compare_records(
            p.cur, request.standard, p.target.family, request.profile, p.stage(), p.result, request.accept_valid
        )

    def promote(self, p: Promotion) -> None:
        family, request = p.target.family, p.request
        # the condition first: "a later inspection" then means one registered before this delivery
        p.result.updated = inspections.update_condition(p.cur, request.standard, family, request.profile.body["timezone"])
        p.result.inserted = inspections.insert(p.cur, family)


class DirectInsert:
    """An insert (no dry run) none of whose components is registered: from staging into the family table."""

    def applies(self, p: Promotion) -> bool:
        if p.result.mode != "insert" or p.result.dry_run:
            return False
        p.stage()
        return compare.inserts_directly(p.cur, p.target, p.result)

    def compare(self, p: Promotion) -> None:
        pass  # every staged row is new

    def promote(self, p: Promotion) -> None:
        compare.insert_staged(p.cur, p.target, p.result, p.stage(), p.registry_srid)


class Comparison:
    """Every other delivery (update, upsert, replace-area, an insert meeting registered assets, any dry run):
    the staged rows prepared and classified against the registry, conflicts and unconfirmed deletions
    refused, then merged set-based."""

    def applies(self, p: Promotion) -> bool:
        return True

    def compare(self, p: Promotion) -> None:
        request, result = p.request, p.result
        staging.prepare_staged(p.cur, p.target, p.stage(), p.registry_srid, result.staged)
        area_geom = compare.area_geometry(p.cur, request.area, p.registry_srid) if request.area else None
        compare.classify(p.cur, p.target, result, area_geom)
        if result.dry_run and request.plan:
            plan.plan_compared(p.cur, p.target, result)
            result.planned += plan.plan_rejected(request.path, result.report, request.mapping, p.registry_srid)
        locate.registry_findings(p.cur, p.target.family, result.report)
        compare.refuse_conflicts(result)
        compare.refuse_unconfirmed_deletion(result, request.confirm_delete)

    def promote(self, p: Promotion) -> None:
        compare.merge(p.cur, p.target, p.result)


STRATEGIES: tuple[Strategy, ...] = (FirstLoad(), CaseHistory(), Records(), DirectInsert(), Comparison())


def choose(p: Promotion) -> Strategy:
    return next(strategy for strategy in STRATEGIES if strategy.applies(p))
