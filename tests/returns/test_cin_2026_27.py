"""The CIN census 2026/27: a PreProceedingsandFGDM block on each CIN episode, built from pre-proceedings
recorded once for brothers and sisters, valid under OpenCSC's derived schema; PPOutcome only through the
authority's mapping."""

from datetime import date

import pytest
from lxml import etree

from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.proceedings import services as plo
from opencsc.returns.cin import census
from opencsc.returns.formats.years import CollectionYear

pytestmark = pytest.mark.django_db

ORDER = ["PPStartDate", "LBPSentDate", "FGDMMeetingOffer", "FGDMMeetingFac", "InitialPPMeetingDate", "ReviewMeetingsCount",
         "StepDecisionDate", "PPOutcome", "CourtAppDate", "LetterInitCPDate"]


@pytest.fixture
def siblings():
    mum = people.create_person(kind="adult", first_name="Jan", last_name="Oak", sex="F")
    kids = []
    for first, born in (("Ivy", date(2016, 3, 3)), ("Ash", date(2019, 4, 4))):
        kid = people.create_person(first_name=first, last_name="Oak", date_of_birth=born, sex="F", ethnicity="WBRI",
                                   disabilities=["NONE"])
        people.link_relative(kid, mum, "mother", parental_responsibility=True, pr_basis="birth")
        cw.open_referral(kid, referral_date=date(2026, 1, 5), source="6", primary_need="N1")
        kids.append(kid)
    pre = plo.start_pre_proceedings(kids, legal_planning_date=date(2026, 5, 4), decision="Start pre-proceedings.")
    plo.send_letter_before_proceedings(pre, sent_on=date(2026, 5, 8), fgdm_offered=True)
    plo.record_parent_response(pre, mum, accepted=True, responded_on=date(2026, 5, 15))
    plo.record_fgdm_held(pre, held_on=date(2026, 6, 1))
    for day in (date(2026, 5, 20), date(2026, 7, 1), date(2026, 8, 12)):
        plo.record_meeting(pre, date=day)
    plo.decide_step(pre, on=date(2026, 9, 1), outcome="issue")
    plo.apply_to_court(pre, kids, application_date=date(2026, 9, 3), court="Family Court")
    plo.send_issue_letter(pre, sent_on=date(2026, 9, 4))
    return kids


def blocks(xml, child):
    root = etree.fromstring(xml)
    found = [c for c in root.iter("Child") if c.findtext("ChildIdentifiers/LAchildID") == child.la_child_id][0]
    return found.findall("CINdetails/PreProceedingsandFGDM")


def test_each_sibling_reports_the_block_in_the_handbooks_order_and_it_validates(siblings):
    xml, _ = census.build(CollectionYear(2027))
    for kid in siblings:
        (block,) = blocks(xml, kid)
        assert [e.tag for e in block] == [t for t in ORDER if t != "PPOutcome"]  # no mapping set: no PPOutcome
        assert block.findtext("PPStartDate") == "2026-05-04" and block.findtext("ReviewMeetingsCount") == "2"
        assert block.findtext("FGDMMeetingOffer") == "true" and block.findtext("FGDMMeetingFac") == "true"
        assert block.findtext("CourtAppDate") == "2026-09-03" and block.findtext("LetterInitCPDate") == "2026-09-04"
    assert census.schema_problems(xml, 2027) == []
    assert b"OpenCSC's own derivation" in xml


def test_pp_outcome_is_written_only_through_the_authoritys_mapping(siblings, settings):
    settings.PP_OUTCOME_CODES = {"issue": "A"}
    xml, _ = census.build(CollectionYear(2027))
    assert blocks(xml, siblings[0])[0].findtext("PPOutcome") == "A"
    assert census.schema_problems(xml, 2027) == []


def test_earlier_years_have_no_block(siblings):
    xml, _ = census.build(CollectionYear(2026))
    assert b"PreProceedingsandFGDM" not in xml and b"own derivation" not in xml


def test_a_child_whose_outcome_is_not_mapped_is_told_so_on_their_record(siblings, settings, client, worker):
    from django.urls import reverse

    from tests.conftest import allocate_to

    allocate_to(siblings[0], worker)
    client.force_login(worker.user)
    page = client.get(reverse("web:child-record", args=[siblings[0].pk])).content.decode()
    assert "PPOutcome is left out" in page and "Decision to issue care proceedings" in page
    settings.PP_OUTCOME_CODES = {"issue": "A"}
    assert "PPOutcome is left out" not in client.get(reverse("web:child-record", args=[siblings[0].pk])).content.decode()
