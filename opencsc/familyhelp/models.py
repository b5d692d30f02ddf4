"""A Family Help episode for a family's children, and the notes written once for all of them."""

from django.db import models

from opencsc.people.models import Person
from opencsc.staff.models import Professional, Team
from opencsc.staff.stepping import RecordModel


class FamilyHelpEpisode(RecordModel):
    """Help for a family under the local Family Help model (targeted early help and s17 child in need
    work together). Whether a child in it counts in the CIN census depends on a referral: decision 013."""

    children = models.ManyToManyField(Person, related_name="family_help_episodes")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.TextField("why the family needs help")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lead_practitioner = models.ForeignKey(Professional, null=True, on_delete=models.SET_NULL, related_name="families_led")
    supervising_social_worker = models.ForeignKey(Professional, null=True, on_delete=models.SET_NULL, related_name="families_supervised",
                                                  help_text="a registered social worker overseeing the lead practitioner")
    end_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-start_date"]


class FamilyGroupNote(RecordModel):
    """A note written once for the family: it appears on each child's chronology."""

    episode = models.ForeignKey(FamilyHelpEpisode, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField()
    subject = models.CharField(max_length=200)
    text = models.TextField()
    author = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
