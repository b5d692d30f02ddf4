"""Role, Team, Professional and Notification moved from ``access`` to ``staff`` without moving a row."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from opencsc.casework.models import Allocation
from opencsc.staff.models import Notification, Professional
from opencsc.staff.roles import ensure_default_roles

BEFORE_THE_MOVE = [("staff", None)]  # unapplies staff 0001 and the state-only moves that depend on it


def _migrate(targets):
    executor = MigrationExecutor(connection)
    return executor.migrate(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_database_seeded_before_the_move_keeps_its_teams_workers_and_allocations():
    executor = MigrationExecutor(connection)
    head = executor.loader.graph.leaf_nodes()
    old = _migrate(BEFORE_THE_MOVE)
    try:
        assert "staff" not in {m._meta.app_label for m in old.get_models()}
        Team, OldProfessional, Role = (old.get_model("access", n) for n in ("Team", "Professional", "Role"))
        OldNotification = old.get_model("access", "Notification")
        User = old.get_model("auth", "User")
        Person = old.get_model("people", "Person")
        OldAllocation = old.get_model("casework", "Allocation")
        ensure_default_roles(Role)  # a transactional test before this one may have flushed them
        team = Team.objects.create(name="Assessment East", service="assessment")
        other = Team.objects.create(name="Child protection North")
        user = User.objects.create(username="moved.worker")
        worker = OldProfessional.objects.create(user=user, name="Moved Worker", team=team, role=Role.objects.get(code="team_manager"))
        worker.teams_managed.add(other)
        OldNotification.objects.create(recipient=worker, text="A break-glass to review")
        child = Person.objects.create(first_name="Test", last_name="Child", date_of_birth="2015-05-05")
        OldAllocation.objects.create(child=child, worker=worker, team=team, recorded_by=worker, start_date="2026-04-01")
    finally:
        _migrate(head)

    moved = Professional.objects.get(name="Moved Worker")
    assert moved.user.username == "moved.worker"
    assert moved.team.name == "Assessment East" and moved.role.code == "team_manager"
    assert [t.name for t in moved.teams_managed.all()] == ["Child protection North"]
    assert Notification.objects.get(recipient=moved).text == "A break-glass to review"
    assert Allocation.objects.get(worker=moved).team == moved.team
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM access_professional WHERE name = %s", ["Moved Worker"])
        assert cursor.fetchone()[0] == 1, "the row stayed in its table"
