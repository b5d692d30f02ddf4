"""Imports run in the background: the files as uploaded, the run's progress and its report."""

from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    """One import of a CIN census file, an SSDA903 set or Ofsted's provider lists, run by the worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        REFUSED = "refused", "Refused: nothing was changed"
        FAILED = "failed", "Failed: nothing was changed"

    KINDS = {"cin": "CIN census", "903": "SSDA903", "ofsted": "Ofsted provider lists"}

    kind = models.CharField(max_length=10)
    dry_run = models.BooleanField(default=False)
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="SSDA903: the collection year as the person "
                                                                          "gave it (else read from the set's dates)")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="percent")
    stage = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True, help_text="why the file was refused, line by line")
    rows = models.JSONField(default=list, blank=True, help_text="the report: one row per child (or list)")

    class Meta:
        ordering = ["-requested_at"]

    @property
    def label(self) -> str:
        return self.KINDS.get(self.kind, self.kind)

    @property
    def file_names(self) -> str:
        return ", ".join(f.name for f in self.files.all())

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED, self.Status.FAILED)

    @property
    def finished_label(self) -> str:
        return "Checked (a dry run: nothing was written)" if self.dry_run and self.status == self.Status.DONE \
            else self.get_status_display()


class ImportFile(models.Model):
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)
    content = models.BinaryField()


class ImportPart(models.Model):
    """The children of an import that a team holds (or one restricted record): written only when
    that team's manager (or the restricted record's named people) approves, in one transaction."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for approval"
        APPROVED = "approved", "Approved and written"
        REJECTED = "rejected", "Not written (rejected)"

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="parts")
    team = models.ForeignKey("staff.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    restricted_person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    children = models.JSONField(default=list, help_text="LA child IDs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    rows = models.JSONField(default=list, blank=True, help_text="what approving it changed")

    @property
    def holder(self) -> str:
        if self.restricted_person_id:
            return f"the people named on restricted record {self.children[0] if self.children else ''}"
        return self.team.name if self.team else "a team"
