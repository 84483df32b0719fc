"""Rules that look at several fields of one feature. Limits come from the city profile."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from .standard import Family, Profile
from .strict_formats import is_date_time

ENDED_STATUSES = ("removed", "abandoned")  # 移除、废弃: the change date says when
# a bridge's component groups (the profile's bci_weights) and the fields of their BCI
BCI_COMPONENTS = {"deck": "bci_deck", "superstructure": "bci_superstructure", "substructure": "bci_substructure"}
# a check of one feature's properties, reporting through add(rule, **details)
Check = Callable[[dict[str, Any], Any], None]
# The steps of a historical case (standard 1.1 work_order record) in the order a case goes through
# them; a deferral and its resumption, a refusal and a cancellation are checked against the report only.
CASE_STEPS = (
    "reported_at", "accepted_at", "registered_at", "dispatched_at", "first_handled_at", "reworked_at",
    "handled_at", "verified_at", "closed_at", "rated_at",
)  # fmt: skip
CASE_SIDE_STEPS = ("refused_at", "cancelled_at", "deferred_at", "resumed_at", "replied_at")
# The other steps a platform exports (standard 1.1, issue 15): a return (回退) between the first dispatch and
# the re-dispatch, a supervision and an urging (督办/催办) of an open case, on-the-spot handling (即知即办)
CASE_RETURN_STEPS = ("returned_at", "redispatched_at")
CASE_SUPERVISION_STEPS = ("supervised_at", "urged_at")
# what finishes a case: nothing is supervised, urged or returned at or after it
CASE_FINISHED_STEPS = ("closed_at", "cancelled_at", "refused_at", "on_the_spot_at")
# the handling a return comes before: the re-dispatch precedes each of them
CASE_AFTER_RETURN = ("first_handled_at", "reworked_at", "handled_at", "verified_at", "closed_at")
# the lists that go item by item with a case's earlier returns (revisions 0032, 0033), as many items each: the
# rule a different count breaks, and whether the list is due with every earlier return (else only when given)
EARLIER_RETURN_LISTS = {
    "earlier_redispatched_at": ("crossfield.case_earlier_returns_unpaired", True),
    "earlier_returned_units": ("crossfield.case_earlier_returns_unpaired", False),
    "earlier_return_reasons": ("crossfield.case_earlier_return_reasons_unpaired", False),
}
# the steps of the flow an on-the-spot case never goes through (it is handled and closed when reported)
CASE_NOT_ON_THE_SPOT = (
    "registered_at", "dispatched_at", "first_handled_at", "reworked_at", "handled_at", "verified_at", "closed_at",
    "refused_at", "cancelled_at", "deferred_at", "resumed_at", *CASE_RETURN_STEPS,
)  # fmt: skip
# the step time a case's final status cannot be without
CASE_STATUS_STEP = {
    "accepted": "accepted_at", "registered": "registered_at", "dispatched": "dispatched_at",
    "handled": "handled_at", "verified": "verified_at", "closed": "closed_at", "refused": "refused_at",
    "cancelled": "cancelled_at", "deferred": "deferred_at",
}  # fmt: skip


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def _day_of(value: Any, zone: ZoneInfo) -> dt.date | None:
    """The day of a date-time in the city's time zone (a survey at 23:30 UTC may be tomorrow there)."""
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(zone).date() if moment.tzinfo else moment.date()


def grade_for(value: float, cut_offs: list[dict[str, Any]]) -> str | None:
    """The grade whose lower bound the index reaches; cut-offs are listed best grade first.

    A bound is ``min`` (the grade starts at it) or ``above`` (it starts just above it): survey
    ratings such as ASTM D6433's give a boundary value to the lower grade.
    """
    for entry in cut_offs:
        if value >= entry["min"] if "min" in entry else value > entry["above"]:
            return entry["grade"]
    return None


def old_tree_grade(age: int, grades: list[dict[str, Any]]) -> str:
    for entry in sorted(grades, key=lambda g: -g["min_age"]):
        if age >= entry["min_age"]:
            return entry["grade"]
    return "none"


class CrossFieldChecks:
    def __init__(self, profile: Profile, family: Family, today: dt.date | None = None):
        self.profile = profile
        self.zone = ZoneInfo(profile.body.get("timezone", "UTC"))
        self.today = today or dt.datetime.now(self.zone).date()
        names = set(family.field_names)
        self.date_fields = [spec.name for spec in family.fields if spec.format == "date"]
        self.date_time_fields = [spec.name for spec in family.fields if spec.format == "date-time"]
        # each check with the fields it reads, in groups whose values it judges apart: its findings for a
        # feature depend on nothing else (the fast path asks it once per distinct combination of a group)
        each_date = [(name,) for name in (*self.date_fields, *self.date_time_fields)]
        self.rules: list[tuple[Check, list[tuple[str, ...]]]] = [(self._future_dates, each_date)]
        if {"initial_date", "change_date"} <= names:
            self._rule(self._change_before_initial, "initial_date", "change_date")
        if {"status", "change_date"} <= names:
            self._rule(self._status_without_date, "status", "change_date")
        if {"protection_grade", "age_years"} <= names and "old_tree_grades" in profile.body:
            self._rule(self._protection_grade, "protection_grade", "age_years")
        if {"bci", "bci_grade"} <= names and "condition_grades" in profile.body:
            self._rule(self._bci_grade, "bci", "bci_grade")
        if {"pci", "condition_grade"} <= names and "condition_grades" in profile.body:
            self._rule(self._pci_grade, "pci", "condition_grade")
        if {"case_no", *CASE_STEPS, *CASE_SIDE_STEPS} <= names:  # a historical case (standard 1.1)
            self._rule(self._case_steps_in_order, *CASE_STEPS, *CASE_SIDE_STEPS)
            self._rule(self._case_closed_after_registered, "registered_at", "closed_at")
            self._rule(self._case_status_with_its_step, "status", *CASE_STATUS_STEP.values(), "on_the_spot_at")
        if {"case_no", "on_the_spot_at", *CASE_RETURN_STEPS, *CASE_SUPERVISION_STEPS} <= names:  # the other steps
            self._rule(self._case_return_in_order, "dispatched_at", *CASE_RETURN_STEPS, *CASE_AFTER_RETURN,
                       "cancelled_at", "refused_at")  # fmt: skip
            self._rule(self._case_supervised_while_open, "reported_at", *CASE_SUPERVISION_STEPS, *CASE_FINISHED_STEPS)
            self._rule(self._case_on_the_spot_alone, "status", "reported_at", "accepted_at", *CASE_NOT_ON_THE_SPOT,
                       "on_the_spot_at")  # fmt: skip
            self.reply_required = tuple(family.field("source").schema.get("x-reply-required", ()))
            self._rule(self._case_replied_after_close, "source", "replied_at", "closed_at", "on_the_spot_at")
        # the lists of a step taken several times (standard 1.1, revision 0032): each names the field of the latest
        self.earlier_steps = {spec.name: spec for spec in family.fields if spec.schema.get("x-earlier-of")}
        if self.earlier_steps:
            self._rule(self._case_step_lists, *self.earlier_steps, *CASE_RETURN_STEPS, *CASE_SUPERVISION_STEPS,
                       "reported_at", "dispatched_at", *CASE_FINISHED_STEPS)  # fmt: skip
        if {"bci", *BCI_COMPONENTS.values()} <= names and "bci_weights" in profile.body.get("condition_grades", {}):
            self._rule(self._bci_components, "bci", *BCI_COMPONENTS.values())
        # an inspection record's fields of one kind (standard 1.1's x-kinds: a tree survey's vigour)
        self.kind_fields = {spec.name: spec.kinds for spec in family.fields if spec.kinds}
        if "kind" in names and self.kind_fields:
            self.known_kinds = frozenset(family.field("kind").schema.get("enum", ()))  # another is the code list's finding
            self._rule(self._field_of_other_kind, "kind", *self.kind_fields)

    def _rule(self, check: Check, *fields: str) -> None:
        self.rules.append((check, [fields]))

    @property
    def checks(self) -> list[Check]:
        return [check for check, _ in self.rules]

    def check(self, properties: dict[str, Any], add: Any) -> None:
        for check in self.checks:
            check(properties, add)

    def _future_dates(self, properties: dict[str, Any], add: Any) -> None:
        for name in self.date_fields:
            day = _date(properties.get(name))
            if day is not None and day > self.today:
                add("crossfield.future_date", field=name, value=properties[name])
        for name in self.date_time_fields:
            day = _day_of(properties.get(name), self.zone)
            if day is not None and day > self.today:
                add("crossfield.future_date", field=name, value=properties[name])

    def _change_before_initial(self, properties: dict[str, Any], add: Any) -> None:
        initial, change = _date(properties.get("initial_date")), _date(properties.get("change_date"))
        if initial and change and change < initial:
            add(
                "crossfield.change_before_initial",
                field="change_date",
                value=properties["change_date"],
                detail=properties["initial_date"],
            )

    def _status_without_date(self, properties: dict[str, Any], add: Any) -> None:
        if properties.get("status") in ENDED_STATUSES and not properties.get("change_date"):
            add("crossfield.status_without_date", field="change_date", value=properties["status"])

    def _protection_grade(self, properties: dict[str, Any], add: Any) -> None:
        grade, age = properties.get("protection_grade"), properties.get("age_years")
        if grade in (None, "famous") or not isinstance(age, int) or isinstance(age, bool):
            return
        if old_tree_grade(age, self.profile.body["old_tree_grades"]) != grade:
            add("crossfield.protection_grade_age", field="protection_grade", value=grade, detail=age)

    def _index_grade(self, properties: dict[str, Any], add: Any, index: str, grade_field: str, rule: str) -> None:
        value, grade = properties.get(index), properties.get(grade_field)
        cut_offs = self.profile.body["condition_grades"][index]
        # a grade that is no grade at all is the code list's finding, not a disagreement with the index
        if grade not in {entry["grade"] for entry in cut_offs} or not isinstance(value, int | float) or isinstance(value, bool):
            return
        expected = grade_for(value, cut_offs)
        if expected is not None and expected != grade:
            add(rule, field=grade_field, value=grade, detail=value)

    def _bci_grade(self, properties: dict[str, Any], add: Any) -> None:
        self._index_grade(properties, add, "bci", "bci_grade", "crossfield.bci_grade")

    def _pci_grade(self, properties: dict[str, Any], add: Any) -> None:
        self._index_grade(properties, add, "pci", "condition_grade", "crossfield.pci_grade")

    def _bci_components(self, properties: dict[str, Any], add: Any) -> None:
        weights = self.profile.body["condition_grades"]["bci_weights"]
        bci = properties.get("bci")
        parts = {group: properties.get(name) for group, name in BCI_COMPONENTS.items()}
        numbers = [bci, *parts.values()]
        if not all(isinstance(value, int | float) and not isinstance(value, bool) for value in numbers):
            return
        combined = sum(weights[group] * value for group, value in parts.items())
        if abs(combined - bci) > weights["tolerance"]:
            add("crossfield.bci_components", field="bci", value=bci, detail=round(combined, 1))

    def _field_of_other_kind(self, properties: dict[str, Any], add: Any) -> None:
        """A value in a field of another kind of inspection (a PCI on a tree survey): kept, but said."""
        kind = properties.get("kind")
        if kind not in self.known_kinds:
            return
        for name, kinds in self.kind_fields.items():
            if kind not in kinds and properties.get(name) not in (None, ""):
                add("crossfield.field_of_other_kind", field=name, value=properties[name], detail=kind)

    def _case_steps_in_order(self, properties: dict[str, Any], add: Any) -> None:
        """Each step at or after the one before it; a side step (refusal, deferral, reply…) after the report."""
        previous: tuple[str, dt.datetime] | None = None
        for name in CASE_STEPS:
            moment = _moment(properties.get(name))
            if moment is None:
                continue
            if previous is not None and moment < previous[1] and name != "closed_at":  # closed: its own rule
                add("crossfield.case_steps_out_of_order", field=name, value=properties[name], detail=properties[previous[0]])
            previous = (name, moment)
        reported = _moment(properties.get("reported_at"))
        for name in CASE_SIDE_STEPS:
            moment = _moment(properties.get(name))
            if moment is not None and reported is not None and moment < reported:
                add("crossfield.case_steps_out_of_order", field=name, value=properties[name], detail=properties["reported_at"])
        deferred, resumed = _moment(properties.get("deferred_at")), _moment(properties.get("resumed_at"))
        if resumed is not None and (deferred is None or resumed < deferred):
            add("crossfield.case_steps_out_of_order", field="resumed_at", value=properties["resumed_at"],
                detail=properties.get("deferred_at"))  # fmt: skip

    def _case_closed_after_registered(self, properties: dict[str, Any], add: Any) -> None:
        closed = _moment(properties.get("closed_at"))
        if closed is None:
            return
        registered = _moment(properties.get("registered_at"))
        if registered is None or closed < registered:
            add("crossfield.case_closed_before_registered", field="closed_at", value=properties["closed_at"],
                detail=properties.get("registered_at"))  # fmt: skip
        else:
            earlier = [
                name
                for name in CASE_STEPS[: CASE_STEPS.index("closed_at")]
                if (m := _moment(properties.get(name))) and m > closed
            ]
            for name in earlier:
                add(
                    "crossfield.case_steps_out_of_order",
                    field="closed_at",
                    value=properties["closed_at"],
                    detail=properties[name],
                )

    def _case_status_with_its_step(self, properties: dict[str, Any], add: Any) -> None:
        step = CASE_STATUS_STEP.get(properties.get("status"))
        if step == "closed_at" and _moment(properties.get("on_the_spot_at")) is not None:
            return  # closed on the spot: the on-the-spot time is its closure
        if step is not None and _moment(properties.get(step)) is None:
            add("crossfield.case_status_without_step", field=step, value=properties["status"])

    def _case_return_in_order(self, properties: dict[str, Any], add: Any) -> None:
        """A return (回退) comes after the first dispatch and before the re-dispatch, which comes before any handling;
        a case that went on after its return was dispatched again; nothing is returned once cancelled or refused."""
        returned, again = _moment(properties.get("returned_at")), _moment(properties.get("redispatched_at"))
        if returned is None and again is None:
            return
        if returned is None:  # a re-dispatch without the return it follows
            add("crossfield.case_return_out_of_order", field="redispatched_at", value=properties["redispatched_at"], detail="")
            return
        dispatched = _moment(properties.get("dispatched_at"))
        if dispatched is None or returned < dispatched:
            add("crossfield.case_return_out_of_order", field="returned_at", value=properties["returned_at"],
                detail=properties.get("dispatched_at"))  # fmt: skip
        if again is not None and again <= returned:
            add("crossfield.case_return_out_of_order", field="redispatched_at", value=properties["redispatched_at"],
                detail=properties["returned_at"])  # fmt: skip
        for name in (*CASE_AFTER_RETURN, "cancelled_at", "refused_at"):
            moment = _moment(properties.get(name))
            cancelled = name in ("cancelled_at", "refused_at")
            if moment is None or (cancelled and moment > returned):
                continue
            if cancelled or moment <= returned or again is None or moment < again:
                add("crossfield.case_return_out_of_order", field="returned_at", value=properties["returned_at"],
                    detail=properties[name])  # fmt: skip

    def _case_supervised_while_open(self, properties: dict[str, Any], add: Any) -> None:
        """督办/催办 is of an open case: after its report, before it is closed, cancelled or refused."""
        reported = _moment(properties.get("reported_at"))
        for name in CASE_SUPERVISION_STEPS:
            moment = _moment(properties.get(name))
            if moment is None:
                continue
            if reported is not None and moment < reported:
                add("crossfield.case_supervised_when_finished", field=name, value=properties[name],
                    detail=properties["reported_at"])  # fmt: skip
            for finished in CASE_FINISHED_STEPS:
                end = _moment(properties.get(finished))
                if end is not None and moment >= end:
                    add("crossfield.case_supervised_when_finished", field=name, value=properties[name],
                        detail=properties[finished])  # fmt: skip

    def _case_on_the_spot_alone(self, properties: dict[str, Any], add: Any) -> None:
        """即知即办: the case is closed on the spot from its report (or acceptance), so it holds no later step of the
        flow, and its status is closed."""
        spot = _moment(properties.get("on_the_spot_at"))
        if spot is None:
            return
        for name in CASE_NOT_ON_THE_SPOT:
            if properties.get(name) not in (None, ""):
                add("crossfield.case_on_the_spot_with_flow_steps", field=name, value=properties[name],
                    detail=properties["on_the_spot_at"])  # fmt: skip
        for name in ("reported_at", "accepted_at"):
            moment = _moment(properties.get(name))
            if moment is not None and spot < moment:
                add("crossfield.case_steps_out_of_order", field="on_the_spot_at", value=properties["on_the_spot_at"],
                    detail=properties[name])  # fmt: skip
        if properties.get("status") not in (None, "closed"):
            add("crossfield.case_on_the_spot_with_flow_steps", field="status", value=properties["status"],
                detail=properties["on_the_spot_at"])  # fmt: skip

    def _case_step_lists(self, properties: dict[str, Any], add: Any) -> None:
        """The earlier supervisions, urgings and returns of a case taken through them several times: each item a
        date-time with its offset, in order and before the latest (which its own field holds); each supervision and
        urging while the case was open; each earlier return followed by its re-dispatch before the next return."""
        items = {name: self._list_items(properties, name, add) for name in self.earlier_steps}
        for name, moments in items.items():
            if moments is None:
                continue
            latest_field = self.earlier_steps[name].schema["x-earlier-of"]
            if self.earlier_steps[name].format_of_items == "date-time":
                self._earlier_before_latest(properties, name, moments, latest_field, add)
                for value, moment in moments:
                    day = moment.astimezone(self.zone).date()
                    if day > self.today:
                        add("crossfield.future_date", field=name, value=value)
            if latest_field in CASE_SUPERVISION_STEPS:
                self._earlier_while_open(properties, name, moments, add)
        self._earlier_returns_paired(properties, items, add)

    def _list_items(self, properties: dict[str, Any], name: str, add: Any) -> list[tuple[str, Any]] | None:
        """The items of one list field (None when empty or not a text): date-times parsed, or the texts as they are;
        an item that is no date-time with its offset is a finding (and left out)."""
        value = properties.get(name)
        if not isinstance(value, str) or not value.strip():
            return None
        spec = self.earlier_steps[name]
        parts = [part.strip() for part in value.split(spec.list_separator)]
        if spec.format_of_items != "date-time":
            return [(part, part) for part in parts]
        moments = []
        for number, part in enumerate(parts, start=1):
            moment = _moment(part) if is_date_time(part) else None
            if moment is None:
                add("crossfield.case_step_list_malformed", field=name, value=part, detail=number)
            else:
                moments.append((part, moment))
        return moments

    @staticmethod
    def _earlier_before_latest(
        properties: dict[str, Any], name: str, moments: list[tuple[str, dt.datetime]], latest_field: str, add: Any
    ) -> None:
        """Each earlier time at or before the next one, the last at or before the latest, which must be given."""
        if not moments:
            return  # every item malformed: already said
        latest = _moment(properties.get(latest_field))
        following = [*moments[1:], (properties.get(latest_field) or "", latest)]
        for (value, moment), (next_value, next_moment) in zip(moments, following, strict=True):
            if next_moment is None or moment > next_moment:
                add("crossfield.case_earlier_steps_out_of_order", field=name, value=value, detail=next_value)

    @staticmethod
    def _earlier_while_open(properties: dict[str, Any], name: str, moments: list[tuple[str, dt.datetime]], add: Any) -> None:
        reported = _moment(properties.get("reported_at"))
        ends = [(finished, end) for finished in CASE_FINISHED_STEPS if (end := _moment(properties.get(finished)))]
        for value, moment in moments:
            if reported is not None and moment < reported:
                add("crossfield.case_supervised_when_finished", field=name, value=value, detail=properties["reported_at"])
            for finished, end in ends:
                if moment >= end:
                    add("crossfield.case_supervised_when_finished", field=name, value=value, detail=properties[finished])

    def _count(self, properties: dict[str, Any], name: str) -> int:
        value = properties.get(name)
        return len(value.split(self.earlier_steps[name].list_separator)) if isinstance(value, str) and value.strip() else 0

    def _earlier_returns_paired(self, properties: dict[str, Any], items: dict[str, Any], add: Any) -> None:
        """Every earlier return was followed by a re-dispatch (as many, and the units and reasons, if given, as many),
        and the chain runs first dispatch < return < re-dispatch < next return … < the latest return."""
        if not {"earlier_returned_at", *EARLIER_RETURN_LISTS} <= set(self.earlier_steps):
            return
        returns_given = self._count(properties, "earlier_returned_at")
        for name, (rule, required) in EARLIER_RETURN_LISTS.items():
            given = self._count(properties, name)
            if given != returns_given and (given or required):
                add(rule, field=name, value=given, detail=returns_given)
        returns, redispatches = items["earlier_returned_at"] or [], items["earlier_redispatched_at"] or []
        if not returns or len(returns) != returns_given or len(redispatches) != returns_given:
            return  # nothing to chain, or a malformed item or count already said
        chain = [(properties.get("dispatched_at"), _moment(properties.get("dispatched_at")))]
        for returned, again in zip(returns, redispatches, strict=True):
            chain += [("earlier_returned_at", *returned), ("earlier_redispatched_at", *again)]
        chain.append(("returned_at", properties.get("returned_at"), _moment(properties.get("returned_at"))))
        for before, (name, value, moment) in pairwise(chain):
            before_value, before_moment = before[-2:]
            if moment is not None and (before_moment is None or moment <= before_moment):
                add("crossfield.case_return_out_of_order", field=name, value=value, detail=before_value)

    def _case_replied_after_close(self, properties: dict[str, Any], add: Any) -> None:
        """A citizen's case is answered before it closes (the live flow refuses the close without it); the
        platform's history is kept as it was, with a warning."""
        if properties.get("source") not in self.reply_required:
            return
        replied = _moment(properties.get("replied_at"))
        closed = _moment(properties.get("closed_at")) or _moment(properties.get("on_the_spot_at"))
        if replied is not None and closed is not None and replied > closed:
            add("crossfield.case_replied_after_close", field="replied_at", value=properties["replied_at"],
                detail=properties.get("closed_at") or properties.get("on_the_spot_at"))  # fmt: skip


def _moment(value: Any) -> dt.datetime | None:
    """A date-time with its offset, as an aware datetime; anything else (the schema's finding) None."""
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None
