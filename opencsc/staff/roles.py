"""The roles every authority starts with. Administrators may change them afterwards; this only
creates the ones that are missing (the migration, the seeder and the tests call it)."""

from opencsc.staff.models import Role as StaffRole

# code, name, scope, sees sensitive notes, manages team, runs returns, records casework, administers, may break glass
DEFAULT_ROLES = [
    ("social_worker", "Social worker", "allocated_or_team", True, False, False, True, False, True),
    ("senior_practitioner", "Senior practitioner", "allocated_or_team", True, False, False, True, False, True),
    ("team_manager", "Team manager", "managed_teams", True, True, False, True, False, True),
    ("front_door", "Front door (MASH) worker", "front_door", True, False, False, True, False, True),
    ("iro", "Independent reviewing officer / CP chair", "chaired", True, False, False, True, False, True),
    ("business_support", "Business support", "allocated_or_team", False, False, False, True, False, True),
    ("data_analyst", "Data analyst", "none", True, False, True, False, False, True),
    ("system_administrator", "System administrator", "none", False, False, False, False, True, False),
]


def ensure_default_roles(Role=None):
    """``Role``: the model to fill (a migration passes its historical one)."""
    Role = Role or StaffRole
    for code, name, scope, sensitive, manages, returns, casework, administers, glass in DEFAULT_ROLES:
        Role.objects.get_or_create(code=code, defaults=dict(
            name=name, scope=scope, sees_sensitive_notes=sensitive, manages_team=manages, runs_returns=returns,
            records_casework=casework, administers=administers, may_break_glass=glass))
