"""SSDA903 episodes are cut from recorded legal statuses and placements, with the right RNE and REC."""

from datetime import date

import pytest

from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.returns.ssda903.episodes import episodes_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def child():
    return people.create_person(first_name="Ava", last_name="Khan", date_of_birth=date(2012, 6, 1))


def placement(kind="U6", carer="C1", **extra):
    return {"placement_type": kind, "provider": "PR1", "carer_reference": carer, "postcode": "TS24 7AA", **extra}


def rows(child):
    return [(e.decom, e.rne, e.ls, e.place, e.dec, e.rec, e.reason_place_change) for e in episodes_for([child.pk])[child.pk]]


def test_coming_into_care_starts_an_episode_with_s_and_an_open_end(child):
    cw.become_looked_after(child, start_date=date(2024, 1, 10), legal_status="V2", category_of_need="N1", placement=placement())
    assert rows(child) == [(date(2024, 1, 10), "S", "V2", "U6", None, "", "")]


def test_a_move_to_new_carers_is_p_and_the_old_episode_carries_the_reason(child):
    period = cw.become_looked_after(child, start_date=date(2024, 1, 10), legal_status="V2", category_of_need="N1",
                                    placement=placement())
    cw.move_placement(period, date=date(2024, 3, 1), reason_changed="CREQB", **placement("U4", "C2"))
    assert rows(child) == [
        (date(2024, 1, 10), "S", "V2", "U6", date(2024, 3, 1), "X1", "CREQB"),
        (date(2024, 3, 1), "P", "V2", "U4", None, "", ""),
    ]


def test_a_change_of_placement_with_the_same_carer_is_t(child):
    period = cw.become_looked_after(child, start_date=date(2024, 1, 10), legal_status="C2", category_of_need="N1",
                                    placement=placement("U6", "C1"))
    cw.move_placement(period, date=date(2024, 5, 1), reason_changed="PLACE", **placement("U4", "C1"))  # now long-term
    assert [r[1] for r in rows(child)] == ["S", "T"]


def test_a_change_of_legal_status_alone_is_l_with_no_placement_reason(child):
    period = cw.become_looked_after(child, start_date=date(2024, 1, 10), legal_status="C1", category_of_need="N1",
                                    placement=placement())
    cw.change_legal_status(period, date=date(2024, 7, 1), code="C2")
    assert rows(child) == [
        (date(2024, 1, 10), "S", "C1", "U6", date(2024, 7, 1), "X1", ""),
        (date(2024, 7, 1), "L", "C2", "U6", None, "", ""),
    ]


def test_legal_status_and_placement_changing_the_same_day_is_b_or_u(child):
    period = cw.become_looked_after(child, start_date=date(2023, 1, 10), legal_status="C2", category_of_need="N1",
                                    placement=placement("U6", "C1"))
    cw.change_legal_status(period, date=date(2023, 9, 1), code="E1")
    cw.move_placement(period, date=date(2023, 9, 1), reason_changed="CARPL", **placement("A5", "C1"))  # same carers adopt
    cw.change_legal_status(period, date=date(2024, 2, 1), code="C2")
    cw.move_placement(period, date=date(2024, 2, 1), reason_changed="CARPL", **placement("U4", "C9"))
    assert [r[1] for r in rows(child)] == ["S", "U", "B"]


def test_leaving_care_closes_the_last_episode_with_the_reason_care_ended(child):
    period = cw.become_looked_after(child, start_date=date(2024, 1, 10), legal_status="V2", category_of_need="N4",
                                    placement=placement())
    cw.move_placement(period, date=date(2024, 3, 1), reason_changed="CHILD", **placement("U6", "C2"))
    cw.cease_looked_after(period, date=date(2024, 6, 30), reason="E4A")
    assert rows(child)[-1] == (date(2024, 3, 1), "P", "V2", "U6", date(2024, 6, 30), "E4A", "")
    assert rows(child)[0][5] == "X1"


def test_a_second_period_of_care_starts_with_s_again(child):
    first = cw.become_looked_after(child, start_date=date(2022, 1, 10), legal_status="V2", category_of_need="N4",
                                   placement=placement())
    cw.cease_looked_after(first, date=date(2022, 2, 10), reason="E4A")
    cw.become_looked_after(child, start_date=date(2023, 5, 1), legal_status="C1", category_of_need="N1",
                           placement=placement("U6", "C7"))
    assert [(r[1], r[5]) for r in rows(child)] == [("S", "E4A"), ("S", "")]


def test_recording_the_same_legal_status_again_does_not_cut_an_episode(child):
    period = cw.become_looked_after(child, start_date=date(2024, 1, 10), legal_status="C2", category_of_need="N1",
                                   placement=placement())
    cw.change_legal_status(period, date=date(2024, 4, 1), code="C2")  # e.g. a renewed order, same status
    assert [r[1] for r in rows(child)] == ["S"]
