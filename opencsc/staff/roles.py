"""The roles every authority starts with. Administrators may change them afterwards; this only
creates the ones that are missing (the migration, the seeder and the tests call it)."""

from typing import Any

from opencsc.staff.models import Role as StaffRole

# code, name, scope, sees sensitive notes, manages team, runs returns, records casework, administers, may break glass
DEFAULT_ROLES = [
    ("social_worker", "Social worker", "allocated_or_team", True, False, False, True, False, True),
    ("senior_practitioner", "Senior practitioner", "allocated_or_team", True, False, False, True, False, True),
    ("team_manager", "Team manager", "managed_teams", True, True, False, True, False, True),
    ("front_door", "Front door (MASH) worker", "front_door", True, False, False, True, False, True),
    ("iro", "Independent reviewing officer / CP chair", "chaired", True, False, False, True, False, True),
    ("business_support", "Business support", "allocated_or_team", False, False, False, True, False, True),
    ("family_help_practitioner", "Family Help lead practitioner", "allocated_or_team", True, False, False, True, False, True),
    ("data_analyst", "Data analyst", "none", True, False, True, False, False, True),
    ("system_administrator", "System administrator", "none", False, False, False, False, True, False),
]

# Who edits the wording of letter templates: the named roles (each edit is a new version).
LETTER_TEMPLATE_EDITORS = ("team_manager", "business_support")


def ensure_default_roles(Role: Any = None) -> None:
    """``Role``: the model to fill (a migration passes its historical one)."""
    Role = Role or StaffRole
    # A migration's historical Role may come from before the letter templates (staff 0002 sets them there).
    has_letters = any(f.name == "edits_letter_templates" for f in Role._meta.get_fields())
    for code, name, scope, sensitive, manages, returns, casework, administers, glass in DEFAULT_ROLES:
        letters = {"edits_letter_templates": code in LETTER_TEMPLATE_EDITORS} if has_letters else {}
        Role.objects.get_or_create(code=code, defaults=dict(
            name=name, scope=scope, sees_sensitive_notes=sensitive, manages_team=manages, runs_returns=returns,
            records_casework=casework, administers=administers, may_break_glass=glass, **letters))
