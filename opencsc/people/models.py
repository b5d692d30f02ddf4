"""People in the record: children (including unborn), parents, carers and wider family."""

from datetime import date

from django.db import models

from opencsc.anniversaries import age_on
from opencsc.codes import lists
from opencsc.staff.stepping import RecordModel


class Person(RecordModel):
    """A child or an adult known to the service.

    DfE fields: LAchildID / CHILD (``la_child_id``), UPN, FormerUPN, UPNunknown,
    PersonBirthDate / DOB, ExpectedPersonBirthDate, Sex / SEX, Ethnicity / ETHNIC, PersonDeathDate.
    """

    class Kind(models.TextChoices):
        CHILD = "child", "Child or young person"
        ADULT = "adult", "Adult"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CHILD)
    first_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True, help_text="what the person likes to be called")
    # Lower-case, accent-free, punctuation-free copy of every name, for forgiving search.
    search_names = models.CharField(max_length=500, blank=True, db_index=True, editable=False)
    # Sound-alike codes of every name (Soundex), so a misspelt name still finds the person.
    search_keys = models.CharField(max_length=200, blank=True, editable=False)

    sex = models.CharField(max_length=2, blank=True, choices=lists.SEX.model_choices(), help_text="legal sex")
    gender_identity = models.CharField(max_length=2, blank=True, choices=lists.GENDER_IDENTITY.model_choices())
    ethnicity = models.CharField(max_length=4, blank=True)
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    expected_date_of_birth = models.DateField(null=True, blank=True, help_text="for an unborn child")
    date_of_death = models.DateField(null=True, blank=True)

    la_child_id = models.CharField(
        "local child ID", max_length=20, unique=True, null=True, blank=True, help_text="LAchildID / CHILD"
    )
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    upn = models.CharField("UPN", max_length=13, blank=True, db_index=True)
    former_upn = models.CharField("former UPN", max_length=13, blank=True)
    upn_unknown_reason = models.CharField(max_length=3, blank=True, help_text="UPNunknown: UN1–UN7")
    nhs_number_verified = models.BooleanField("NHS number verified", default=False,
                                              help_text="checked against the NHS Personal Demographics Service")

    other_names = models.CharField("other names known by", max_length=300, blank=True)
    first_language = models.CharField(max_length=60, blank=True)
    interpreter_needed = models.BooleanField(null=True, blank=True)
    religion = models.CharField(max_length=12, blank=True, choices=lists.RELIGION.model_choices())
    immigration_status = models.CharField(max_length=16, blank=True, choices=lists.IMMIGRATION_STATUS.model_choices())
    gp_practice = models.CharField("GP practice", max_length=200, blank=True)
    school = models.CharField("school or setting", max_length=200, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    # Moves on every save, so a details form opened before any other change refuses to overwrite it.
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        name = " ".join(p for p in [self.first_name, self.last_name] if p)
        if self.is_unborn and not self.first_name:
            return f"Unborn child of {self.last_name}" if self.last_name else "Unborn child"
        # Imported census records carry no names: say so rather than show nothing.
        return name or f"Name not recorded ({self.la_child_id or 'no ID'})"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    def is_unborn_on(self, day: date) -> bool:
        return self.expected_date_of_birth is not None and (self.date_of_birth is None or self.date_of_birth > day)

    def age_on(self, day: date) -> int | None:
        return age_on(self.date_of_birth, day)


class Disability(RecordModel):
    """One disability code for a person (CIN ``Disability``, repeatable)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4)
    # An imported return that lists a code more than once: kept as given, so re-export gives it back,
    # and raised as a finding for the source system's data owner.
    times_given = models.PositiveSmallIntegerField(default=1, help_text="how many times an imported return listed it")

    class Meta:
        unique_together = [("person", "code")]


class Address(RecordModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, help_text="SSDA903 HOME_POST for a child")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    confidential = models.BooleanField(default=False)
    # People who live together share a household id on their addresses (a household is who lives there).
    household = models.UUIDField(null=True, blank=True, db_index=True)
    # The child whose record it was recorded from: a confidential address of an adult shows only to those
    # who may open that child (a link to another child never brings it along). None for a child's own
    # address, and for addresses recorded before this was kept (then every child linked to the person decides).
    recorded_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="addresses_recorded")

    class Meta:
        ordering = ["-start_date"]

    def is_current(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date > day)

    @property
    def one_line(self) -> str:
        return ", ".join(p for p in [self.line_1, self.line_2, self.town, self.postcode] if p)

    @property
    def postcode_district(self) -> str:
        return self.postcode.split(" ")[0] if self.postcode else ""


class Relationship(RecordModel):
    """``relative`` is ``person``'s <relationship> (e.g. relative is the person's mother)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_as_relative")
    relationship = models.CharField(max_length=30, choices=lists.RELATIONSHIP.model_choices())
    parental_responsibility = models.BooleanField(default=False)
    lives_with = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    # Parental responsibility: its basis and dates (an adoption order ends a birth parent's).
    pr_basis = models.CharField("basis of parental responsibility", max_length=30, blank=True,
                                choices=lists.PARENTAL_RESPONSIBILITY_BASIS.model_choices())
    pr_start_date = models.DateField(null=True, blank=True)
    pr_end_date = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Who recorded the link, and when: a link is a fact about a family, never a ground to open anyone's
    # record (the front door's family ground ignores the links it added itself).
    recorded_by = models.ForeignKey("staff.Professional", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True, auto_now_add=True)

    class Meta:
        unique_together = [("person", "relative", "relationship")]

    def has_pr_on(self, day: date) -> bool:
        return self.parental_responsibility and (self.pr_start_date is None or self.pr_start_date <= day) and (
            self.pr_end_date is None or self.pr_end_date > day)

    def is_current(self, day: date) -> bool:
        return self.end_date is None or self.end_date > day


def field_label(name: str) -> str:
    """A person's field as the forms and the history name it ("date of birth", "UPN")."""
    field = Person._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


class AddressDateCorrection(RecordModel):
    """A correction of when someone lived at an address: the dates as they were, as they are now, who
    corrected them and why (the history is kept; a return reads the corrected dates)."""

    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="date_corrections")
    old_start_date = models.DateField()
    old_end_date = models.DateField(null=True, blank=True)
    new_start_date = models.DateField()
    new_end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300)
    corrected_by = models.ForeignKey("staff.Professional", null=True, blank=True, on_delete=models.SET_NULL)
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-corrected_at", "-pk"]


class DetailChange(RecordModel):
    """One change to a person's details: who, when, why and what it was before.

    A correction replaces the value for every date (the old one was always wrong); a change from a
    date keeps the old value for the days before ``effective_from``, so a return reads the value as
    at its own reference date (``selectors.details_as_at``).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="detail_changes")
    field = models.CharField(max_length=40)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    kind = models.CharField(max_length=12, choices=lists.DETAIL_CHANGE_KIND.model_choices())
    effective_from = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300)
    changed_by = models.ForeignKey("staff.Professional", null=True, blank=True, on_delete=models.SET_NULL)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    @property
    def field_label(self) -> str:
        if self.field == "disabilities":
            return "Disabilities"
        return field_label(self.field)


class ProfessionalAroundChild(RecordModel):
    """Someone from another agency working with the child (health visitor, teacher, GP, police, CAMHS)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="professionals_around")
    name = models.CharField(max_length=120)
    agency = models.CharField(max_length=120)
    role = models.CharField(max_length=120)
    contact = models.CharField("phone or email", max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["agency", "name"]


class Alert(RecordModel):
    """A warning shown on every page about the person, while it is current."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=30, choices=lists.ALERT.model_choices())
    note = models.CharField(max_length=300, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["start_date"]

    def is_current(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)
