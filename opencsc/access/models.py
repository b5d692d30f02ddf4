"""Teams, workers, roles, restrictions, break-glass grants and the record of who looked at what.

Roles are data (an administrator assigns them and can adjust what each may do); what a role lets
someone see is decided in one place, ``opencsc.access.policy``.
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
    DATA_ANALYST = "data_analyst", "Data analyst"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"


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

    class Meta:
        ordering = ["name"]
        constraints = [
            # Whoever administers the service never sees case content: no case scope, no break-glass.
            models.CheckConstraint(condition=models.Q(administers=False) | (models.Q(scope="none") & models.Q(may_break_glass=False)),
                                   name="administrators_see_no_case_content"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.administers and (self.scope != Scope.NONE or self.may_break_glass):
            raise ValidationError("A role that administers the service sees no case content: its scope must be "
                                  "'No child's record' and it cannot use break-glass.")


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    service = models.CharField(max_length=60, blank=True, help_text="e.g. front door, assessment, child protection")

    class Meta:
        ordering = ["name"]

    def __str__(self):
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
        ordering = ["name"]

    def __str__(self):
        return self.name


class RecordRestriction(models.Model):
    """A record only the named people may open (adoption, a child of a staff member, a high-profile
    case). Break-glass does not open it. Restricted children still count in returns and aggregates."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="restriction")
    reason = models.CharField(max_length=200)
    named = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="restricted_records_named")
    ask_team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 help_text="who others are told to ask")
    created_at = models.DateTimeField(auto_now_add=True)


class BreakGlassGrant(models.Model):
    """Time-limited access to a record someone does not otherwise see, asked for with a reason.
    The child's team manager is told, and may review it and revoke it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="break_glass_grants")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="break_glass_grants")
    reason = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-granted_at"]

    def is_active(self, now) -> bool:
        return self.revoked_at is None and self.granted_at <= now < self.expires_at


class Notification(models.Model):
    """Something a worker needs to know (e.g. someone used break-glass on their team's child)."""

    recipient = models.ForeignKey(Professional, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class EncryptedSecretField(models.CharField):
    """A short secret kept encrypted in its column (Fernet, keyed by ``OPENCSC_TOTP_KEY``): a copy
    of the database alone does not give anyone the two-factor secrets."""

    def from_db_value(self, value, expression, connection):
        from .secrets import decrypt

        return decrypt(value) if value else value

    def get_prep_value(self, value):
        from .secrets import encrypt

        value = super().get_prep_value(value)
        return encrypt(value) if value else value


class TwoFactorDevice(models.Model):
    """A TOTP authenticator (RFC 6238) enrolled by a user; required for every role.

    Wrong codes are counted per user (not per browser or session): from the third in a row each try
    waits 2^(n-2) seconds, and ten in a row lock two-factor until a manager or ``reset_two_factor
    --unlock`` frees it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor")
    secret = EncryptedSecretField(max_length=255)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0, help_text="a code is accepted once")
    failures = models.PositiveIntegerField(default=0, help_text="wrong codes in a row")
    last_failure_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)


class RecordAccess(models.Model):
    """One look at (or change to) a child's record: who, what, when, from where.

    Append-only and chained: each entry's ``entry_hash`` is a keyed hash (the key is not in the
    database) of its content and the previous entry's hash, so editing, deleting, reordering or
    truncating entries is detected by ``manage.py verify_audit``.
    """

    sequence = models.PositiveBigIntegerField(unique=True, null=True, editable=False)
    at = models.DateTimeField(db_index=True)
    # The ids are part of each entry's hash, so they must never change: no constraint, nothing done
    # on delete (a deleted record's entries keep its id and ``person_ref``).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, db_constraint=False,
                             related_name="+")
    username = models.CharField(max_length=150, blank=True)
    person = models.ForeignKey("people.Person", null=True, on_delete=models.DO_NOTHING, db_constraint=False,
                               related_name="+")
    person_ref = models.CharField(max_length=40, blank=True, help_text="the person's local ID, kept if the record goes")
    action = models.CharField(max_length=30)  # view, search, create, change, download, import
    detail = models.CharField(max_length=300, blank=True)
    why = models.CharField(max_length=200, blank=True, help_text="the grounds for access, or for refusing it")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    entry_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-sequence"]

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_chain", False):
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted.")


class AuditHead(models.Model):
    """The end of the audit chain: one row, locked by each writer so the chain never forks."""

    sequence = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, blank=True)


class AddressRelease(models.Model):
    """A confidential address released for a subject access export by its reviewer, with the
    agreement of a manager of the child's allocated team (withheld until then)."""

    address = models.OneToOneField("people.Address", on_delete=models.CASCADE, related_name="release")
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(auto_now_add=True)


class SignInThrottle(models.Model):
    """Wrong passwords counted by username (``user:<name>``) and by address (``addr:<ip>``), which
    make further tries wait (``opencsc.access.sign_in``)."""

    key = models.CharField(max_length=210, unique=True)
    failures = models.PositiveIntegerField(default=0)
    first_failure_at = models.DateTimeField()
    last_failure_at = models.DateTimeField(null=True, blank=True)


class AccessChange(models.Model):
    """A change that widens someone's access (a role's scope or capabilities; a person's role, team or
    managed teams), made by an administrator at /admin/ and waiting for a second administrator. No
    administrator approves a change to their own access, or their own request."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a second administrator"
        APPROVED = "approved", "Approved and applied"
        REJECTED = "rejected", "Rejected"

    professional = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.CASCADE, related_name="access_changes")
    role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.CASCADE, related_name="access_changes")
    changes = models.JSONField(help_text="field: new value")
    summary = models.CharField(max_length=300)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return self.summary


class PasswordMustChange(models.Model):
    """A password an administrator set (or a new account's first): its owner must change it at their
    next sign-in, before anything else."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_must_change")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)
