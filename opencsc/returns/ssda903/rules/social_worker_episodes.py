"""SSDA903 rules on social worker episodes (SW_ID, SW_DECOM, SW_DEC, SW_REASON), in DfE code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/ssda903/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from datetime import date, timedelta

from opencsc.codes import lists

from .common import NoChangeNeeded, le, lt, not_within_a_week, rows_where, rule, sw_sorted, valid_date, years

# Social worker episodes.


@rule("SW02STG1", "SWEpisodes", ["SW_ID"], "Social worker ID does not begin with the characters 'SW' or 'XX'.")
def social_worker_id_not_sw_or_xx(child, s):
    return rows_where(child, "SWEpisodes", lambda r: r["SW_ID"][:2] not in ("SW", "XX") or len(r["SW_ID"]) < 4)


valid_date("SW04STG1", "SWEpisodes", "SW_DECOM", "Date social worker episode began is not a valid date..")


valid_date("SW05STG1", "SWEpisodes", "SW_DEC", "Date social worker episode began is not a valid date.")


@rule("SW06STG2", "SWEpisodes", ["SW_DECOM"], "Social worker episode data should be within the social worker data reporting year.")
def social_worker_episode_outside_the_period(child, s):
    return rows_where(child, "SWEpisodes", lambda r: lt(s.end, r.day("SW_DECOM")))


@rule("SW07STG2", "SWEpisodes", ["SW_DEC"], "Social worker episode end date should be on or after the start of the social "
      "worker reporting period, and should be on or before the collection end date.")
def social_worker_episode_ended_outside_the_period(child, s):
    earliest = s.start - years(1)
    return rows_where(child, "SWEpisodes", lambda r: r.day("SW_DEC") is not None and
                      (r.day("SW_DEC") < earliest or r.day("SW_DEC") > s.end))


@rule("SW08STG2", "SWEpisodes", ["SW_DEC"], "A new social worker episode has started, but the previous episode has not ended.")
def social_worker_episode_starts_while_the_previous_is_open(child, s):
    rows = sorted(child.table("SWEpisodes"), key=lambda r: (r.day("SW_DECOM") is None, r.day("SW_DECOM") or date.min))
    return [r for r in rows[:-1] if r.day("SW_DEC") is None and r.day("SW_DECOM") is not None]


@rule("SW09STG2", "SWEpisodes", ["SW_DEC"], "Social worker episode appears to have lasted for less than 24 hours.", query=True)
def social_worker_episode_shorter_than_a_day(child, s):
    return rows_where(child, "SWEpisodes", lambda r: r.loose("SW_DEC") and r.loose("SW_DECOM")
                      and (r.loose("SW_DEC") - r.loose("SW_DECOM")).days < 3)


@rule("SW10STG2", "SWEpisodes", ["SW_DECOM"], "A new social worker episode has started before the end date of the previous "
      "social worker episode.")
def social_worker_episode_starts_before_the_previous_ends(child, s):
    rows = sw_sorted(child)
    return [r for prev, r in zip(rows, rows[1:], strict=False) if r["SW_REASON"] != "FCONTA" and not_within_a_week(r, prev)]


@rule("SW10aSTG2", "SWEpisodes", ["SW_DECOM"], "A new social worker episode has started and it is not within +/- 7 days of a "
      "previous episode.")
def social_worker_episode_gap_over_7_days(child, s):
    rows = sw_sorted(child)
    return [r for prev, r in zip(rows, rows[1:], strict=False) if r["SW_REASON"] != "FCONTA" and not_within_a_week(r, prev)]


@rule("SW10bSTG2", "SWEpisodes", ["SW_DECOM"], "A new social worker episode has started with a reason of first contact "
      "before the previous episode has ended.")
def first_contact_reason_while_the_previous_is_open(child, s):
    rows = sw_sorted(child)
    return [r for prev, r in zip(rows, rows[1:], strict=False) if r["SW_REASON"] == "FCONTA"
            and le(r.day("SW_DECOM"), prev.day("SW_DEC"))]


@rule("SW11bSTG2", "SWEpisodes", ["SW_DEC"], "Social worker episode has ended before 31 March and no subsequent social worker "
      "episode has been provided.")
def social_worker_episodes_stop_before_31_march(child, s):
    window = (s.end - timedelta(days=5), s.end)
    rows = sorted(child.table("SWEpisodes"), key=lambda r: (r.day("SW_DECOM") is None, r.day("SW_DECOM") or date.min))

    def in_window(day):
        return day is not None and window[0] <= day <= window[1]
    for prev, r in zip(rows, rows[1:], strict=False):
        if in_window(prev.day("SW_DEC")) and r.day("SW_DECOM") is None:
            yield r
        if lt(prev.day("SW_DECOM"), r.day("SW_DEC")) and in_window(r.day("SW_DEC")):
            yield r
    if len(rows) == 1 and in_window(rows[0].day("SW_DEC")):
        yield rows[0]


@rule("SW12STG2", ["SWEpisodes", "Episodes"], ["SW_DECOM"], "If a child is looked after on 31 March then all social worker "
      "episodes for the full previous year should be reported, even those whilst they were not looked after")
def social_worker_history_missing_for_a_child_in_care(child, s):
    # As DfE's implementation reads it: every (episode, worker episode) pair is checked, so a worker episode
    # that began before care started is reported against the episode that started care (rules-exceptions.md).
    # An open episode runs to 31 March: as shipped, DfE's tool sees it so (rule 365 fills it in first);
    # run on its own, the rule would report every open episode that did not start care.
    earliest = s.start - years(1)
    workers = child.table("SWEpisodes") or [None]
    for e in child.table("Episodes"):
        dec = e.day("DEC") or (s.end if not e["DEC"] else None)
        if not ((dec is not None and earliest <= dec <= s.end) or dec is None):
            continue
        if e["LS"] in ("V3", "V4") or not (e["RNE"] == "S" or e["REC"] != "X1"):
            continue
        failing = []
        for w in workers:
            start = w.day("SW_DECOM") if w is not None else None
            before_end = le(start, dec) and e["REC"] != "X1"
            after_start = le(e.day("DECOM"), start) and e["RNE"] == "S"
            if not before_end and not after_start:
                failing.append(start)
        if failing and all(lt(start, e.day("DECOM")) for start in failing):
            yield NoChangeNeeded(e, "DfE's validator reports the social worker history from before care, which this "
                                    "return must include (SW12's own guidance; decision 007): no change is needed")
        elif failing:
            yield e


@rule("SW13STG1", "SWEpisodes", ["SW_REASON"], "The reason for social worker change is not valid.")
def social_worker_change_reason_invalid(child, s):
    return rows_where(child, "SWEpisodes", lambda r: (r["SW_REASON"] and not lists.SW_REASON.valid_in(r["SW_REASON"], s.year))
                      or (not r["SW_REASON"] and le(date(2023, 4, 1), r.day("SW_DECOM"))))


@rule("SW17STG2", "SWEpisodes", ["SW_DEC"], "There is no social worker episode open at 31 March")
def no_social_worker_at_31_march(child, s):
    rows = [r for r in child.table("SWEpisodes") if r.loose("SW_DECOM")]
    if rows:
        latest = max(rows, key=lambda r: r.loose("SW_DECOM"))
        if latest["SW_DEC"]:
            yield latest


@rule("SW18STG2", "SWEpisodes", ["SW_DEC"], "The end date of the social worker episode is before the start date")
def social_worker_episode_ended_before_it_started(child, s):
    return rows_where(child, "SWEpisodes", lambda r: r.loose("SW_DEC") and r.loose("SW_DECOM")
                      and r.loose("SW_DEC") <= r.loose("SW_DECOM"))


@rule("SW19STG2", "SWEpisodes", ["SW_DECOM"], "There are 2 social worker episodes for the child starting on the same date.")
def two_social_worker_episodes_start_the_same_day(child, s):
    seen = set()
    for r in child.table("SWEpisodes"):
        if r["SW_DECOM"] in seen:
            yield r
        seen.add(r["SW_DECOM"])
