"""assetreg_app.case_allowed_actions (db/app/65_cases.sql): what the cases panel offers a login is exactly what
case_transition accepts from that login, at every stage. Each login tries every action on a case at every
stage (each try rolled back), so an action offered but refused, or accepted but not offered, fails here."""

from __future__ import annotations

import psycopg2
import psycopg2.extras
import pytest
from asset_registry.storage.connection import connection
from asset_registry.storage.workorders import ACTIONS, allowed_actions, links_changeable

from tests.db.test_workorders import PATHS, PAYLOAD, new_case, walk

ROLES = ("assetreg_crew", "assetreg_editor", "assetreg_viewer")


@pytest.fixture
def case_at_each_stage(registry):
    """A case at every stage of the flow, made by the superuser: stage → (case id, version)."""
    cases = {}
    with connection(registry) as conn:
        for stage, path in PATHS.items():
            case_id, version = new_case(conn)
            cases[stage] = (case_id, walk(conn, case_id, version, path))
    return cases


def accepted(conn, case_id: int, version: int, action: str) -> bool:
    """Whether case_transition accepts the action from this login; undone either way."""
    with conn.cursor() as cur:
        cur.execute("SAVEPOINT try_action")
        try:
            cur.execute(
                "SELECT assetreg_app.case_transition(%s, %s, %s, %s, %s::jsonb)",
                (case_id, version, action, "理由 / reason", psycopg2.extras.Json(PAYLOAD)),
            )
            return True
        except psycopg2.Error as refused:
            # a refusal of the flow (stage or role) or EXECUTE not granted (the viewer), nothing else
            assert refused.pgcode in ("AR004", "AR005", "42501"), refused
            return False
        finally:
            cur.execute("ROLLBACK TO SAVEPOINT try_action")


@pytest.mark.parametrize("role", ROLES)
def test_allowed_actions_are_exactly_the_accepted_ones(case_at_each_stage, login_as, role):
    login = login_as(role)
    offered_somewhere = set()
    with connection(login) as conn:
        for stage, (case_id, version) in case_at_each_stage.items():
            offered = {allowed.action for allowed in allowed_actions(conn, case_id)}
            accepts = {action for action in ACTIONS if accepted(conn, case_id, version, action)}
            assert offered == accepts, (role, stage)
            offered_somewhere |= offered
            conn.rollback()
    # the crew handles and returns what was wrongly sent to it, the editor runs the whole flow, the viewer nothing
    expected = {"assetreg_crew": {"start", "handle", "return"}, "assetreg_editor": set(ACTIONS), "assetreg_viewer": set()}
    assert offered_somewhere == expected[role]


def test_allowed_actions_name_where_they_lead(case_at_each_stage, login_as):
    editor = login_as("assetreg_editor")
    with connection(editor) as conn:
        deferred_id, _ = case_at_each_stage["deferred"]
        assert [(a.action, a.to_status, a.needs_reason) for a in allowed_actions(conn, deferred_id)] == [
            ("resume", "registered", False),
            ("cancel", "cancelled", True),
        ]
        assert allowed_actions(conn, 999_999_999) == []


def test_links_changeable_follows_the_role_and_the_stage(case_at_each_stage, login_as):
    editor, crew = login_as("assetreg_editor"), login_as("assetreg_crew")
    open_id, _ = case_at_each_stage["dispatched"]
    closed_id, _ = case_at_each_stage["closed"]
    with connection(editor) as conn:
        assert links_changeable(conn, open_id) and not links_changeable(conn, closed_id)
    with connection(crew) as conn:
        assert not links_changeable(conn, open_id)
