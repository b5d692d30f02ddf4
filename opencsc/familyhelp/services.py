"""Every write about Family Help, each in its own transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from opencsc.casework import dates
from opencsc.casework import services as cw
from opencsc.codes.lists import AllocationKind
from opencsc.people.models import Person
from opencsc.staff.models import CASE_HOLDING_ROLES, FAMILY_HELP_LEADS, Professional, Team
from opencsc.staff.stepping import records
from opencsc.staff.steps import StepKey

from .models import FamilyGroupNote, FamilyHelpEpisode


@records(StepKey.FAMILY_HELP)
@transaction.atomic
def start_episode(children: list[Person], *, start_date: date, reason: str, lead: Professional, supervisor: Professional,
                  team: Team | None = None, by: Professional | None = None) -> FamilyHelpEpisode:
    """Family Help for these children, led by ``lead`` (allocated to each child as their lead
    practitioner) and supervised by a registered social worker."""
    if not children:
        raise ValidationError({"children": "Choose the children the help is for"})
    if lead.role_id not in FAMILY_HELP_LEADS:
        raise ValidationError({"lead": f"{lead.name} is {lead.role.name.lower()}: a Family Help lead practitioner or a social "
                                       "worker leads the help"})
    if supervisor.role_id not in CASE_HOLDING_ROLES:
        raise ValidationError({"supervisor": f"{supervisor.name} is not a registered social worker: choose one to supervise"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the family needs help"})
    dates.not_future("start_date", start_date, "The date the help started")
    if FamilyHelpEpisode.objects.filter(children__in=children, end_date__isnull=True).exists():
        raise ValidationError({"children": "One of these children already has Family Help: add to that episode"})
    episode = FamilyHelpEpisode.objects.create(start_date=start_date, reason=reason.strip(), lead_practitioner=lead,
                                               supervising_social_worker=supervisor, team=team or lead.team, recorded_by=by)
    episode.children.set(children)
    for child in children:
        cw.allocate(child, worker=lead, team=team or lead.team, start_date=start_date, kind=AllocationKind.LEAD_PRACTITIONER)
    return episode


@records(StepKey.FAMILY_HELP)
@transaction.atomic
def add_group_note(episode: FamilyHelpEpisode, *, date: date, subject: str, text: str,
                   author: Professional | None = None) -> FamilyGroupNote:
    dates.not_future("date", date, "The note's date")
    if not (text or "").strip():
        raise ValidationError({"text": "Write the note"})
    return FamilyGroupNote.objects.create(episode=episode, date=date, subject=subject.strip() or "Family note", text=text.strip(),
                                          author=author)


@records(StepKey.FAMILY_HELP)
@transaction.atomic
def end_episode(episode: FamilyHelpEpisode, *, end_date: date, reason: str) -> FamilyHelpEpisode:
    dates.not_before("end_date", end_date, episode.start_date, "The help cannot end before it started")
    dates.not_future("end_date", end_date, "The date the help ended")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the help is ending"})
    episode.end_date, episode.end_reason = end_date, reason.strip()
    episode.save(update_fields=["end_date", "end_reason"])
    FamilyHelpEpisode.objects.filter(pk=episode.pk).update(version=F("version") + 1)
    for child in episode.children.all():
        cw.end_allocations(child, end_date=end_date, kind=AllocationKind.LEAD_PRACTITIONER)
    return episode
