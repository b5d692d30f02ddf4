"""Teams, workers and the record of who looked at what.

Roles here are the ones the foundation needs; the full role model, restricted records and the
hash-chained audit log arrive with the access issue and build on ``RecordAccess``.
"""

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    FRONT_DOOR = "front_door", "Front door (MASH) worker"


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
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.SOCIAL_WORKER)
    sw_england_number = models.CharField(
        max_length=12, blank=True, help_text="Social Work England registration (SSDA903 SW_ID starts 'SW')"
    )
    job_title = models.CharField(max_length=120, blank=True)
    organisation = models.CharField(max_length=200, blank=True, help_text="for partner professionals")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class RecordAccess(models.Model):
    """One look at (or change to) a child's record: who, what, when, from where.

    Append-only and chained: each entry's ``entry_hash`` is a keyed hash (the key is not in the
    database) of its content and the previous entry's hash, so editing, deleting, reordering or
    truncating entries is detected by ``manage.py verify_audit``.
    """

    sequence = models.PositiveBigIntegerField(unique=True, null=True, editable=False)
    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, blank=True)
    person = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    person_ref = models.CharField(max_length=40, blank=True, help_text="the person's local ID, kept if the record goes")
    action = models.CharField(max_length=30)  # view, search, create, change, download, import
    detail = models.CharField(max_length=300, blank=True)
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
