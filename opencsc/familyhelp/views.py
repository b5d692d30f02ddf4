"""The family's Family Help page (from any of its children's records), starting and ending the help,
and group notes written once for every child."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from opencsc.access.gate import client_ip, open_child
from opencsc.access.policy import can_read
from opencsc.access.relatives import split_group, tell_holding_teams_of_a_group_step
from opencsc.people.selectors import child_and_siblings
from opencsc.staff.models import Professional
from opencsc.staff.steps import StepKey
from opencsc.web.step_pages import child_for_step, step_page

from . import forms as f
from . import services
from .models import FamilyHelpEpisode
from .selectors import counts_as_child_in_need, current_episode


def steps_offered(child, referral, period):
    return [("Family Help", reverse("familyhelp:family-help", args=[child.pk]), StepKey.FAMILY_HELP)] if period is None else []




def family_help(request, pk):
    child = open_child(request, pk, "Family Help")
    episode = current_episode(child)
    children = list(episode.children.all()) if episode else []
    return render(request, "familyhelp/family_help.html", {
        "child": child, "episode": episode,
        # The family page names each child; it links to the records this reader may open.
        "children": [(c, can_read(request.user, c), episode is not None and counts_as_child_in_need(episode, c)) for c in children],
    })


def family_help_start(request, pk):
    child = child_for_step(request, pk, "Start Family Help", StepKey.FAMILY_HELP)
    # Only the children this user may work on are offered; a sibling held by another team is named with
    # that team (whose manager is told), a restricted one not at all. A link is never a key.
    group, others = split_group(request.user, child_and_siblings(child, timezone.localdate()))

    def save(data, me):
        chosen = [c for c in group if c.pk in data["children"]]
        lead, supervisor = Professional.objects.get(pk=data["lead"]), Professional.objects.get(pk=data["supervisor"])
        services.start_episode(chosen, start_date=data["start_date"], reason=data["reason"], lead=lead, supervisor=supervisor, by=me)
        tell_holding_teams_of_a_group_step(request.user, child, others, "Family Help", client_ip(request))
        return f"Family Help started for {', '.join(c.first_name for c in chosen)}, led by {lead.name}"

    return step_page(request, child, form_class=f.StartForm, key="family-help-start", title="Start Family Help", button="Start",
                     save=save, form_kwargs={"siblings": group}, initial={"start_date": timezone.localdate(), "children": [c.pk for c in group]},
                     extra={"next": reverse("familyhelp:family-help", args=[child.pk]), "held_elsewhere": others})


def family_help_note(request, pk):
    child = child_for_step(request, pk, "A note for the whole family", StepKey.FAMILY_HELP)
    episode = current_episode(child)
    if episode is None or episode.end_date:
        messages.info(request, "There is no Family Help under way for this family")
        return redirect("familyhelp:family-help", pk=child.pk)

    def save(data, me):
        services.add_group_note(episode, date=data["date"], subject=data["subject"], text=data["text"], author=me)
        return f"Note saved on the records of {', '.join(c.first_name for c in episode.children.all())}"

    return step_page(request, child, form_class=f.GroupNoteForm, key=f"family-note-{episode.pk}", title="A note for the whole family",
                     button="Save the note", save=save, initial={"date": timezone.localdate()},
                     extra={"next": reverse("familyhelp:family-help", args=[child.pk])})


def family_help_end(request, pk):
    child = child_for_step(request, pk, "End Family Help", StepKey.FAMILY_HELP)
    episode = current_episode(child)
    if episode is None or episode.end_date:
        messages.info(request, "There is no Family Help under way for this family")
        return redirect("familyhelp:family-help", pk=child.pk)

    def save(data, me):
        services.end_episode(episode, end_date=data["end_date"], reason=data["reason"])
        return "Family Help ended"

    return step_page(request, child, form_class=f.EndForm, key=f"family-help-end-{episode.pk}", title="End Family Help", button="End",
                     save=save, initial={"end_date": timezone.localdate()}, extra={"next": reverse("familyhelp:family-help", args=[child.pk])},
                     edits=lambda lock: (FamilyHelpEpisode.objects.select_for_update() if lock else FamilyHelpEpisode.objects)
                     .get(pk=episode.pk))
