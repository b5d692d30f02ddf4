"""The organisation: roles, teams and professionals, and the notifications they receive.

Every record app needs these (who is allocated, who recorded what), so they sit below the record;
per-child access (restrictions, break-glass, the audit chain) is ``opencsc.access``. The tables keep
their first names (``access_*``): they were moved here without moving a row (staff migration 0001).
"""

from django.conf import settings
from django.db import models


class RoleCode(models.TextChoices):
    """The roles every authority starts with (rows of ``Role``, made by a migration)."""

    SOCIAL_WORKER = "social_worker", "Social worker"
    SENIOR_PRACTITIONER = "senior_practitioner", "Senior practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    FRONT_DOOR = "front_door", "Front door (MASH) worker"
    IRO = "iro", "Independent reviewing officer / CP chair"
    BUSINESS_SUPPORT = "business_support", "Business support"
    FAMILY_HELP_PRACTITIONER = "family_help_practitioner", "Family Help lead practitioner"
    DATA_ANALYST = "data_analyst", "Data analyst"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"


# Who may hold a case (be allocated a child) and record its statutory steps. A team manager may hold a
# case awaiting allocation; business support add administrative notes, documents and letters.
CASE_HOLDING_ROLES = (RoleCode.SOCIAL_WORKER, RoleCode.SENIOR_PRACTITIONER, RoleCode.TEAM_MANAGER)
NO_STATUTORY_STEPS = (RoleCode.BUSINESS_SUPPORT,)
# Roles that deputise for a team manager: the team page, read-only, and authorising only where the authority's
# scheme of delegation allows (settings.SENIOR_PRACTITIONERS_AUTHORISE; second walk, item 10).
DEPUTISING_ROLES = (RoleCode.SENIOR_PRACTITIONER,)
# Section 47 enquiries and child protection plans are led by registered social workers (the lead child
# protection practitioner); a Family Help lead practitioner need not be one (Working Together 2023).
NO_CHILD_PROTECTION_STEPS = (RoleCode.BUSINESS_SUPPORT, RoleCode.FAMILY_HELP_PRACTITIONER)
# Who may lead a family's Family Help: a Family Help practitioner or any case-holding social worker.
FAMILY_HELP_LEADS = (RoleCode.FAMILY_HELP_PRACTITIONER, *CASE_HOLDING_ROLES)


class Scope(models.TextChoices):
    """Which children's records a role opens without break-glass."""

    ALLOCATED_OR_TEAM = "allocated_or_team", "Children allocated to them or their team"
    MANAGED_TEAMS = "managed_teams", "Their teams' children"
    FRONT_DOOR = "front_door", "Children with an open contact or a referral awaiting allocation, and their families"
    CHAIRED = "chaired", "Children whose conferences or reviews they chair"
    NONE = "none", "No child's record (break-glass only)"


class Role(models.Model):
    """A role as data: what it sees and what it may do. Assigned to workers by an administrator."""

    code = models.CharField(max_length=30, primary_key=True)
    name = models.CharField(max_length=80, unique=True)
    scope = models.CharField(max_length=30, choices=Scope.choices)
    sees_sensitive_notes = models.BooleanField(default=True, help_text="case notes marked sensitive")
    manages_team = models.BooleanField(default=False, help_text="team page, reallocation, break-glass review, who looked")
    runs_returns = models.BooleanField(default=False, help_text="returns, data quality and aggregate pages")
    records_casework = models.BooleanField(default=True, help_text="contacts, case notes and other case forms")
    administers = models.BooleanField(default=False, help_text="users, roles and configuration (no case content)")
    may_break_glass = models.BooleanField(default=True)
    edits_letter_templates = models.BooleanField(default=False, help_text="edits the wording of letter templates (a new version each time)")

    class Meta:
        db_table = "access_role"
        ordering = ["name"]
        constraints = [
            # Whoever administers the service never sees case content: no case scope, no break-glass.
            models.CheckConstraint(condition=models.Q(administers=False) | (models.Q(scope="none") & models.Q(may_break_glass=False)),
                                   name="administrators_see_no_case_content"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.administers and (self.scope != Scope.NONE or self.may_break_glass):
            raise ValidationError("A role that administers the service sees no case content: its scope must be "
                                  "'No child's record' and it cannot use break-glass.")


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    service = models.CharField(max_length=60, blank=True, help_text="e.g. front door, assessment, child protection")

    class Meta:
        db_table = "access_team"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Professional(models.Model):
    """A worker of the authority (social worker, manager, front door worker), or a partner
    professional named in the record. ``user`` is set for people who sign in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="professional"
    )
    name = models.CharField(max_length=200)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, db_column="role", default=RoleCode.SOCIAL_WORKER,
                             related_name="holders")
    teams_managed = models.ManyToManyField(Team, blank=True, related_name="managers",
                                           help_text="teams managed besides their own")
    sw_england_number = models.CharField(
        max_length=12, blank=True, help_text="Social Work England registration (SSDA903 SW_ID starts 'SW')"
    )
    job_title = models.CharField(max_length=120, blank=True)
    organisation = models.CharField(max_length=200, blank=True, help_text="for partner professionals")

    class Meta:
        db_table = "access_professional"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """Something a worker needs to know (e.g. someone used break-glass on their team's child). ``kind``
    tells notifications apart (never their text or link)."""

    class Kind(models.TextChoices):
        CONTACT_DECISION = "contact_decision", "A contact waits for a decision"
        AUTHORISATION_REQUESTED = "authorisation_requested", "A decision waits for your authorisation"
        AUTHORISATION_DECIDED = "authorisation_decided", "A decision you asked for was made"
        CHILD_DECIDED = "child_decided", "A decision about your child was made"
        MEETING_BOOKED = "meeting_booked", "A meeting you chair was booked, moved or cancelled"
        BREAK_GLASS = "break_glass", "Break-glass was used on your team's child"
        ACCESS_CHANGE = "access_change", "An access change waits for a second administrator"
        FAMILY_LINK = "family_link", "Your team's child was linked to another child's family"
        SIBLING_STEP = "sibling_step", "A step was started for a sibling of your team's child"
        TWO_FACTOR_LOCKED = "two_factor_locked", "A worker's two-factor sign-in is locked"
        SIGN_IN_WAIT = "sign_in_wait", "Wrong passwords made a sign-in wait"
        IMPORT_PART = "import_part", "Part of an import waits for you"

    recipient = models.ForeignKey(Professional, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices, blank=True)
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "access_notification"
        ordering = ["-created_at"]
