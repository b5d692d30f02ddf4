"""Per-child access: restrictions, break-glass grants, two-factor devices and the record of who looked at what.

The organisation these rest on (roles, teams, professionals) is ``opencsc.staff``; what a role lets
someone see is decided in one place, ``opencsc.access.policy``.
"""

from django.conf import settings
from django.db import models

from opencsc.staff.models import Professional, Role, Team

from .secrets import decrypt, encrypt


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


class EncryptedSecretField(models.CharField):
    """A short secret kept encrypted in its column (Fernet, keyed by ``OPENCSC_TOTP_KEY``): a copy
    of the database alone does not give anyone the two-factor secrets."""

    def from_db_value(self, value, expression, connection):

        return decrypt(value) if value else value

    def get_prep_value(self, value):

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

    Append-only, written without a lock: each entry's ``entry_hash`` is a keyed hash (the key is not in
    the database) of its content, and its order is its id. A sealer in the background worker gathers the
    entries written since it last ran into a numbered batch (``AuditBatch``), chained to the batch
    before and anchored outside the database, so editing, deleting, reordering or truncating sealed
    entries is detected by ``manage.py verify_audit`` (decision 016). Entries written before batches
    (``sequence`` set) each chained to the one before, under one lock; they are verified that way.
    """

    sequence = models.PositiveBigIntegerField(unique=True, null=True, editable=False)  # entries chained one by one, before batches
    batch = models.PositiveBigIntegerField(null=True, blank=True, editable=False, db_index=True,
                                           help_text="the sealed batch it is in; none while it waits for the sealer")
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
        ordering = ["-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):  # an insert with its id given is still an insert
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted.")


class AuditHead(models.Model):
    """One row, locked by the sealer (never by a page) so two sealers never fork the batches. ``sequence``
    and ``entry_hash`` are where the one-by-one chain of the first entries ended."""

    sequence = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, blank=True)


class AuditBatch(models.Model):
    """A sealed batch of audit entries: which entries (``entries`` of them, ids ``first_id``–``last_id``,
    not necessarily every id between), a hash over their ids and hashes in id order (``root``), the head of
    the batch before (``previous``), and this batch's head: a keyed hash of all of it (``head``)."""

    number = models.PositiveBigIntegerField(unique=True)
    sealed_at = models.DateTimeField()
    entries = models.PositiveIntegerField()
    first_id = models.PositiveBigIntegerField()
    last_id = models.PositiveBigIntegerField()
    root = models.CharField(max_length=64)
    previous = models.CharField(max_length=64)
    head = models.CharField(max_length=64)

    class Meta:
        ordering = ["number"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("A sealed batch cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("A sealed batch cannot be deleted.")


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
    managed teams; a team made the front door; an account switched back on, or given a password while it
    has no two-factor), made by an administrator at /admin/ and waiting for a second administrator. No
    administrator approves a change to their own access, or their own request."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a second administrator"
        APPROVED = "approved", "Approved and applied"
        REJECTED = "rejected", "Rejected"

    professional = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.CASCADE, related_name="access_changes")
    role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.CASCADE, related_name="access_changes")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="access_changes")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="access_changes")
    changes = models.JSONField(help_text="field: new value (a password only as its hash)")
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
