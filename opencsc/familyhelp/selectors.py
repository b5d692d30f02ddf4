"""Reads about Family Help that the record, the family page and the chronology share."""

from __future__ import annotations

from collections.abc import Iterator

from opencsc.casework.models import Referral
from opencsc.people.models import Person
from opencsc.recording.chronology import Event, shared_with

from .models import FamilyHelpEpisode


def current_episode(child: Person) -> FamilyHelpEpisode | None:
    return (FamilyHelpEpisode.objects.filter(children=child).select_related("lead_practitioner__role", "supervising_social_worker", "team")
            .prefetch_related("children", "notes__author").order_by("end_date", "-start_date").first())


def counts_as_child_in_need(episode: FamilyHelpEpisode, child: Person) -> bool:
    """Decision 013: a child in Family Help counts in the CIN census only with a referral (a CIN
    episode) during the help; without one, the help is early help (Annex A list 2)."""
    end = episode.end_date
    referrals = Referral.objects.filter(child=child, referral_date__lte=end) if end else Referral.objects.filter(child=child)
    return referrals.exclude(closure_date__lt=episode.start_date).exists()


def family_help_events(child_ids: list[int]) -> Iterator[Event]:
    """The chronology: the episode's start and end, and every group note, on each child's record."""
    episodes = FamilyHelpEpisode.objects.select_related("lead_practitioner").prefetch_related("notes__author")
    for child_id, episode in shared_with(episodes, child_ids):
        yield Event(episode.start_date, "family_help", "Family Help started",
                    f"Lead practitioner: {getattr(episode.lead_practitioner, 'name', 'not recorded')}. {episode.reason}", significant=True,
                    child_id=child_id)
        if episode.end_date:
            yield Event(episode.end_date, "family_help", "Family Help ended", episode.end_reason, significant=True, child_id=child_id)
        for note in sorted(episode.notes.all(), key=lambda n: n.pk):
            yield Event(note.date, "family_help", f"Family note: {note.subject}", note.text, by=note.author.name if note.author else "",
                        child_id=child_id)
