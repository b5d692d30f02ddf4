"""SSDA903 episodes, derived from what workers record — never typed.

A period of care holds legal statuses and placements, each with its own dates. A new episode
starts whenever either changes: on each date a legal status or a placement starts. For each episode:

* RNE (reason for new episode): S at the start of the period; otherwise L (legal status only),
  P (placement and carer), T (placement, same carer), B (legal status and placement with a new
  carer) or U (legal status and placement, same carer).
* DEC is the next episode's start; REC is X1 (care continues) inside the period, and the period's
  reason ended on its last episode (blank while open).
* REASON_PLACE_CHANGE is given on an episode that ends because the placement changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from opencsc.casework.models import LegalStatus, PeriodOfCare, Placement


@dataclass(frozen=True)
class Episode:
    child_id: int
    decom: date
    rne: str
    ls: str
    cin: str
    place: str
    place_provider: str
    pl_post: str
    urn: str
    dec: date | None
    rec: str
    reason_place_change: str
    carer: str


def _in_force(rows, day):
    """The row (legal status or placement) in force on ``day``: started on or before it, not yet ended."""
    current = [r for r in rows if r.start_date <= day and (r.end_date is None or r.end_date > day)]
    return max(current, key=lambda r: r.start_date) if current else None


def derive(period, statuses, placements) -> list[Episode]:
    """The episodes of one period of care."""
    end = period.end_date
    changes = sorted({period.start_date} | {r.start_date for r in [*statuses, *placements]
                                            if r.start_date >= period.start_date and (end is None or r.start_date < end)})
    episodes: list[Episode] = []
    previous_status = previous_placement = None
    for i, start in enumerate(changes):
        status = _in_force(statuses, start)
        placement = _in_force(placements, start)
        if i == 0:
            rne = period.first_episode_reason or "S"
        else:
            ls_changed = status is not None and previous_status is not None and status.code != previous_status.code
            new_placement = placement is not None and placement.start_date == start and placement is not previous_placement
            same_carer = bool(new_placement and previous_placement and placement.carer_reference
                              and placement.carer_reference == previous_placement.carer_reference)
            if not ls_changed and not new_placement:
                continue  # a recorded row that changes nothing the return reports
            if ls_changed and new_placement:
                rne = "U" if same_carer else "B"
            elif ls_changed:
                rne = "L"
            else:
                rne = "T" if same_carer else "P"
        episodes.append(Episode(
            child_id=period.child_id, decom=start, rne=rne, ls=status.code if status else "",
            cin=period.category_of_need, place=placement.placement_type if placement else "",
            place_provider=placement.provider if placement else "", pl_post=placement.postcode if placement else "",
            urn=placement.urn if placement else "", dec=None, rec="", reason_place_change="",
            carer=placement.carer_reference if placement else ""))
        previous_status, previous_placement = status, placement

    finished = []
    for i, episode in enumerate(episodes):
        if i + 1 < len(episodes):
            following = episodes[i + 1]
            placement_ended = following.rne in ("P", "T", "B", "U")
            ended = _in_force(placements, episode.decom)
            finished.append(_replace(episode, dec=following.decom, rec="X1",
                                     reason_place_change=(ended.reason_changed if placement_ended and ended else "")))
        else:
            finished.append(_replace(episode, dec=end, rec=period.reason_ended if end else ""))
    return finished


def _replace(episode: Episode, **changes) -> Episode:
    from dataclasses import replace

    return replace(episode, **changes)


def episodes_for(child_ids) -> dict[int, list[Episode]]:
    """Every child's episodes, in one query per table."""
    from collections import defaultdict


    # Plain rows with the fields ``derive`` reads (named tuples: no model instances for thousands of rows).
    statuses, placements = defaultdict(list), defaultdict(list)
    for status in LegalStatus.objects.filter(child_id__in=child_ids).order_by("pk").values_list(
            "period_id", "code", "start_date", "end_date", named=True):
        statuses[status.period_id].append(status)
    for placement in Placement.objects.filter(child_id__in=child_ids).order_by("pk").values_list(
            "period_id", "start_date", "end_date", "placement_type", "provider", "postcode", "urn", "carer_reference",
            "reason_changed", named=True):
        placements[placement.period_id].append(placement)
    result = defaultdict(list)
    for period in PeriodOfCare.objects.filter(child_id__in=child_ids).order_by("start_date").values_list(
            "pk", "child_id", "start_date", "end_date", "category_of_need", "reason_ended", "first_episode_reason", named=True):
        result[period.child_id].extend(derive(period, statuses[period.pk], placements[period.pk]))
    return dict(result)
