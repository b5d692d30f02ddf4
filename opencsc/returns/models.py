"""Runs of a return (built in the background) and the findings each run found.

The record is the source of every fact; these tables keep what a run produced — the file offered
for download and the findings — so analysts can see data quality change over time.
"""

from django.conf import settings
from django.db import models

from opencsc.people.models import Person


class ReturnRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Building"
        DONE = "done", "Ready"
        REFUSED = "refused", "Did not pass the schema"
        FAILED = "failed", "Failed"

    return_name = models.CharField(max_length=10, default="cin")
    year = models.PositiveSmallIntegerField(help_text="the year the collection ends")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="percent")
    stage = models.CharField(max_length=200, blank=True)
    children = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    queries = models.PositiveIntegerField(default=0)
    schema_problems = models.JSONField(default=list, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    message = models.TextField(blank=True)
    # Marked by the analyst once this file went to DfE: DfE compares next year's return with the
    # latest file it was sent for a year, so OpenCSC's rules that compare years read this one.
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["-requested_at"]

    @property
    def can_be_submitted(self) -> bool:
        """A return DfE collects (not Annex A), built, with its file, not yet marked."""
        return self.return_name in ("cin", "903") and self.status == self.Status.DONE and bool(self.content) \
            and self.submitted_at is None

    NAMES = {"cin": "Children in Need census", "903": "SSDA903 (children looked after)", "annexa": "Ofsted Annex A"}
    FILES = {"cin": ("application/xml", "cin_census_{year}.xml", "the census file (XML)"),
             "903": ("application/zip", "ssda903_{year}.zip", "the SSDA903 CSV set and XML (zip)"),
             "annexa": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "annex_a_{year}.xlsx",
                        "the Annex A workbook (lists 1 to 11)")}

    @property
    def title(self) -> str:
        if self.return_name == "annexa":
            return f"Ofsted Annex A as at {self.annex_a_date:%-d %B %Y}"
        return f"{self.NAMES.get(self.return_name, self.return_name)} {self.year_label}"

    @property
    def annex_a_date(self):
        """Annex A is as at 31 March of the year chosen, or today if that is still to come."""
        from datetime import date

        from django.utils import timezone

        return min(date(self.year, 3, 31), timezone.localdate(self.requested_at) if self.requested_at else timezone.localdate())

    @property
    def download_label(self) -> str:
        return self.FILES.get(self.return_name, self.FILES["cin"])[2]

    @property
    def year_label(self) -> str:
        return f"{self.year - 1}/{str(self.year)[2:]}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED, self.Status.FAILED)


class RunFinding(models.Model):
    """One finding of one run: the child, the rule, and the team that can fix it."""

    run = models.ForeignKey(ReturnRun, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=10)
    is_query = models.BooleanField(default=False)
    la_child_id = models.CharField(max_length=40, blank=True)
    child = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    team = models.ForeignKey("staff.Team", null=True, on_delete=models.SET_NULL, related_name="+")
    message = models.CharField(max_length=500)
    where = models.CharField(max_length=300, blank=True)
    no_change_needed = models.BooleanField(default=False, help_text="DfE's validator reports it, but the record is right "
                                                                    "(the reason is in 'where')")
    not_yet_due = models.BooleanField(default=False, help_text="the year is in progress and this falls due only at its end "
                                                               "(returns/year_end.py; the reason is in 'where')")

    class Meta:
        indexes = [models.Index(fields=["run", "code"])]


class QueryReason(models.Model):
    """Why a query stands: a return's query that is right as recorded, with the reason given by whoever may
    fix the child's record. The census files have no field for it: the analyst gives it in DfE's collection
    system (the reasons page lists them). Every reason is kept; the latest for a child and rule is shown."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="query_reasons")
    return_name = models.CharField(max_length=10, help_text="cin or 903")
    year = models.PositiveSmallIntegerField(help_text="the collection year, named by the year it ends")
    code = models.CharField(max_length=10, help_text="the DfE rule code of the query")
    reason = models.TextField()
    given_by = models.ForeignKey("staff.Professional", null=True, on_delete=models.SET_NULL, related_name="+")
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_at", "-pk"]
        indexes = [models.Index(fields=["return_name", "year", "code"])]


class OfstedProviderList(models.Model):
    """One load of Ofsted's provider lists (the latest is the one the SSDA903 rules use)."""

    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    files = models.CharField(max_length=500)
    providers = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-loaded_at", "-pk"]


class OfstedProvider(models.Model):
    """A provider on Ofsted's lists, by URN (DfE's provider_info: URN, PLACE_CODES, PROVIDER_CODES,
    REG_END, POSTCODE and the LA inferred from the postcode)."""

    provider_list = models.ForeignKey(OfstedProviderList, on_delete=models.CASCADE, related_name="entries")
    urn = models.CharField(max_length=20)
    la_name = models.CharField(max_length=100, blank=True, help_text="as written in Ofsted's file")
    place_codes = models.CharField(max_length=100, blank=True, help_text="comma-separated placement codes")
    provider_codes = models.CharField(max_length=100, blank=True, help_text="comma-separated PLACE_PROVIDER codes")
    reg_end = models.DateField(null=True, blank=True, help_text="deregistration or closure date")
    postcode = models.CharField(max_length=10, blank=True, help_text="upper case, no spaces")
    source = models.CharField(max_length=30)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider_list", "urn"], name="one_entry_per_urn_per_list")]


class ChildFindings(models.Model):
    """A child's findings under the returns' rules as their record shows them (the CIN census panel and,
    for a child in care or a care leaver, the SSDA903 panel), kept so a record page does not rebuild the
    child's returns and run the rules on every view (decision 018). A read model, not the record.

    A step that writes the child gives ``changed`` a new token; the background worker recomputes the
    findings and stores them only if ``changed`` still holds the token it read (compare and set), so a
    change made while it computed is never hidden. The page uses the row only while ``kept`` equals
    ``changed`` and it was computed today, for this collection year, by the rules now deployed."""

    child = models.OneToOneField(Person, on_delete=models.CASCADE, primary_key=True, related_name="+")
    changed = models.UUIDField()
    kept = models.UUIDField(null=True)
    panels = models.JSONField(null=True)
    year = models.PositiveSmallIntegerField(null=True)
    version = models.CharField(max_length=16, blank=True)
    as_of = models.DateTimeField(null=True, help_text="when the findings were computed (shown on the page)")
