"""The child's file: details corrected or changed from a date, addresses, family through shared parents, the genogram."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.access.models import RecordAccess
from opencsc.casework import services as cw
from opencsc.people import selectors
from opencsc.people import services as people
from opencsc.people.genogram import draw
from opencsc.people.models import DetailChange, Person
from opencsc.returns.cin import census
from opencsc.returns.formats.years import CollectionYear
from opencsc.staff.models import Notification, RoleCode, Team
from tests.conftest import allocate_to, make_worker, valid_upn

pytestmark = pytest.mark.django_db


def details_post(child, **changes):
    data = {"kind": "correction", "reason": "Birth certificate seen", "first_name": child.first_name, "last_name": child.last_name,
            "sex": child.sex, "ethnicity": child.ethnicity, "upn": child.upn, "nhs_number": child.nhs_number,
            "date_of_birth-day": child.date_of_birth.day, "date_of_birth-month": child.date_of_birth.month,
            "date_of_birth-year": child.date_of_birth.year, "version": people.lock_person(child, False) and None}
    from opencsc import versions
    data["version"] = versions.token(Person.objects.get(pk=child.pk))
    return data | changes


def test_a_correction_replaces_the_value_for_every_date_and_keeps_the_old_one_in_the_history(signed_in, my_child, worker):
    response = signed_in.post(reverse("people:child-details", args=[my_child.pk]), details_post(my_child, ethnicity="WIRI"))
    assert response.status_code == 302
    my_child.refresh_from_db()
    assert my_child.ethnicity == "WIRI"
    change = DetailChange.objects.get(person=my_child)
    assert (change.field, change.old_value, change.new_value, change.kind, change.changed_by) == ("ethnicity", "WBRI", "WIRI", "correction", worker)
    assert selectors.details_as_at([my_child.pk], date(2020, 1, 1)) == {}  # a correction rewrites every date
    page = signed_in.get(reverse("people:child-details", args=[my_child.pk])).content.decode()
    assert "Birth certificate seen" in page and "WBRI" in page


def test_a_change_from_a_date_is_read_by_a_return_about_an_earlier_date_as_it_was(my_child, worker):
    cw.open_referral(my_child, referral_date=date(2024, 5, 1), source="1A")
    old_upn = my_child.upn
    new_upn = valid_upn("805123456790")
    people.change_details(my_child, {"upn": new_upn}, kind="from_date", effective_from=date(2025, 6, 1), reason="New school", by=worker)
    my_child.refresh_from_db()
    assert my_child.upn == new_upn
    xml_2025 = census.child_census_xml(my_child, 2025).decode()  # 2024/25: reference date 31 March 2025
    xml_2026 = census.child_census_xml(my_child, 2026).decode()
    assert f"<UPN>{old_upn}</UPN>" in xml_2025 and f"<UPN>{new_upn}</UPN>" in xml_2026
    assert CollectionYear(2025).end < date(2025, 6, 1)


def test_a_date_of_birth_can_only_be_corrected_not_changed_from_a_date(my_child, worker):
    with pytest.raises(ValidationError) as refused:
        people.change_details(my_child, {"date_of_birth": date(2015, 3, 15)}, kind="from_date", effective_from=date(2025, 1, 1),
                              reason="x", by=worker)
    assert "can only be corrected" in str(refused.value)


def test_an_adopted_child_is_not_given_a_new_name_on_the_pre_adoption_record(signed_in, my_child):
    period = cw.become_looked_after(my_child, start_date=date(2020, 1, 1), legal_status="C2", category_of_need="N1",
                                    placement={"placement_type": "A4", "postcode": "LS1 1AA"})
    cw.cease_looked_after(period, date=date(2022, 1, 1), reason="E11")
    response = signed_in.post(reverse("people:child-details", args=[my_child.pk]),
                              details_post(my_child, kind="from_date", last_name="Newname", **{
                                  "effective_from-day": "2", "effective_from-month": "1", "effective_from-year": "2022"}))
    page = response.content.decode()
    assert response.status_code == 200 and "belongs on a new record" in page
    my_child.refresh_from_db()
    assert my_child.last_name == "Smith-Jones"


def test_details_opened_before_someone_else_saved_are_not_saved_over_theirs(signed_in, my_child, worker):
    opened = details_post(my_child, first_name="Amy")
    people.change_details(my_child, {"school": "Oakfield Primary"}, kind="correction", reason="School told us", by=worker)
    response = signed_in.post(reverse("people:child-details", args=[my_child.pk]), opened)
    assert response.status_code == 200 and "saved by someone else" in response.content.decode()
    my_child.refresh_from_db()
    assert my_child.first_name == "Amelia" and my_child.school == "Oakfield Primary"


def family():
    """A mother with three children by two fathers, and a grandmother."""
    mum = people.create_person(kind="adult", first_name="Dana", last_name="Reed", sex="F", date_of_birth=date(1990, 2, 2))
    dad1 = people.create_person(kind="adult", first_name="Luke", last_name="Reed", sex="M", date_of_birth=date(1988, 5, 5))
    dad2 = people.create_person(kind="adult", first_name="Omar", last_name="Hale", sex="M", date_of_birth=date(1987, 7, 7))
    nan = people.create_person(kind="adult", first_name="Rose", last_name="Reed", sex="F", date_of_birth=date(1965, 1, 1),
                               date_of_death=date(2023, 4, 4))
    kids = [people.create_person(first_name=n, last_name="Reed", sex=s, date_of_birth=d) for n, s, d in
            (("Ava", "F", date(2012, 1, 1)), ("Ben", "M", date(2014, 6, 1)), ("Cal", "M", date(2018, 3, 3)))]
    for kid in kids:
        people.link_relative(kid, mum, "mother", parental_responsibility=True, pr_basis="birth")
    people.link_relative(kids[0], dad1, "father", parental_responsibility=True, pr_basis="marriage_or_registration")
    people.link_relative(kids[1], dad1, "father")
    people.link_relative(kids[2], dad2, "father")
    people.link_relative(mum, nan, "mother")
    people.link_relative(mum, dad1, "former_partner")
    return mum, dad1, dad2, nan, kids


def test_every_sibling_is_listed_through_the_shared_parent_whole_or_half(worker):
    mum, dad1, dad2, nan, (ava, ben, cal) = family()
    members = {m.person.pk: m.label for m in selectors.family_members(ava)}
    assert members[ben.pk].startswith("Sibling") and members[cal.pk].startswith("Half-sibling")
    assert selectors.family_members(cal)[0].person  # and the other way
    assert {m.person.pk for m in selectors.family_members(cal)} >= {ava.pk, ben.pk, mum.pk, dad2.pk}


def test_the_genogram_draws_a_half_sibling_from_the_parent_they_share(worker):
    mum, dad1, dad2, nan, (ava, ben, cal) = family()
    tree = selectors.family_tree(ava, date(2026, 1, 1))
    svg = draw(ava, tree, {ava.pk, mum.pk}, date(2026, 1, 1))
    assert f'data-child="{cal.pk}"' in svg
    cal_line = next(part for part in svg.split("<") if f'data-child="{cal.pk}"' in part)
    assert str(mum.pk) in cal_line and str(dad1.pk) not in cal_line.split("data-child-of=")[1].split('"')[1]
    assert 'data-separated="1"' in svg  # mum and Luke separated
    assert 'data-deceased="1"' in svg and f'data-person="{nan.pk}"' in svg  # three generations, the grandmother has died
    assert "data-household" in svg


def test_linking_a_child_another_team_holds_tells_that_team_and_audits_both_records(signed_in, my_child, worker):
    other_team = Team.objects.create(name="Children in Care 1", service="children in care")
    manager = make_worker("olive.manager", RoleCode.TEAM_MANAGER, other_team)
    theirs = people.create_person(first_name="Zak", last_name="Smith-Jones", sex="M", date_of_birth=date(2013, 1, 1))
    allocate_to(theirs, make_worker("oscar.worker", RoleCode.SOCIAL_WORKER, other_team))
    response = signed_in.post(reverse("people:relationship-new", args=[my_child.pk]),
                              {"relationship": "half_sibling", "existing": theirs.la_child_id})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=manager, text__contains=theirs.la_child_id).exists()
    assert RecordAccess.objects.filter(person=theirs, action="change").exists()
    assert RecordAccess.objects.filter(person=my_child, action="change").exists()
    assert signed_in.get(reverse("web:child-record", args=[theirs.pk])).status_code == 403  # the link gave no access
    page = signed_in.get(reverse("web:child-record", args=[my_child.pk])).content.decode()
    assert "Zak Smith-Jones" in page


def test_a_new_relative_with_a_name_already_known_is_offered_the_known_person_first(signed_in, my_child):
    people.create_person(kind="adult", first_name="Karen", last_name="Smith-Jones", sex="F")
    response = signed_in.post(reverse("people:relationship-new", args=[my_child.pk]),
                              {"relationship": "mother", "first_name": "Karen", "last_name": "Smith-Jones"})
    karen = Person.objects.get(last_name="Smith-Jones", kind="adult")
    assert response.status_code == 200 and "already known have a similar name" in response.content.decode()
    assert f"P{karen.pk}" in response.content.decode()
    assert Person.objects.filter(last_name="Smith-Jones", kind="adult").count() == 1
    linked = signed_in.post(reverse("people:relationship-new", args=[my_child.pk]), {"relationship": "mother", "existing": f"P{karen.pk}"})
    assert linked.status_code == 302 and my_child.relationships.get(relationship="mother").relative == karen
    response = signed_in.post(reverse("people:relationship-new", args=[my_child.pk]),
                              {"relationship": "aunt_uncle", "first_name": "Karen", "last_name": "Smith-Jones", "confirmed_not_duplicate": "on"})
    assert response.status_code == 302 and Person.objects.filter(last_name="Smith-Jones", kind="adult").count() == 2


def test_the_record_page_costs_the_same_however_big_the_family_and_its_history(signed_in, my_child):
    def grow(n):
        for i in range(n):
            sib = people.create_person(first_name=f"Sib{n}{i}", last_name="Smith-Jones", date_of_birth=date(2010 + i, 1, 1))
            people.link_relative(my_child, sib, "sibling")
            cw.open_referral(sib, referral_date=date(2024, 1, 1 + i), source="1A")
            people.add_address(my_child, line_1=f"{n}{i} Road", postcode="LS1 1AA", start_date=date(2016 + n + i, 1, 1))
            people.add_professional_around(my_child, name=f"Pro {n}{i}", agency="School", role="Teacher")
    grow(1)
    signed_in.get(reverse("web:child-record", args=[my_child.pk]))
    with CaptureQueriesContext(connection) as few:
        signed_in.get(reverse("web:child-record", args=[my_child.pk]))
    grow(4)
    with CaptureQueriesContext(connection) as more:
        page = signed_in.get(reverse("web:child-record", args=[my_child.pk])).content.decode()
    assert "Sib43" in page and "43 Road" in page and "Pro 43" in page
    assert len(few) == len(more), [q["sql"][:120] for q in more.captured_queries]


def test_a_confidential_address_is_not_shown_in_search_to_someone_who_may_not_open_the_record(client, my_child, worker):
    people.add_address(my_child, line_1="7 Refuge Row", postcode="LS6 2QQ", start_date=date(2026, 1, 1), confidential=True)
    client.force_login(make_worker("sid.stranger", RoleCode.SOCIAL_WORKER).user)
    page = client.get(reverse("people:home"), {"q": "Amelia Smith-Jones"}).content.decode()
    assert "Amelia" in page and "LS6" not in page
    client.force_login(worker.user)
    assert "LS6" in client.get(reverse("people:home"), {"q": "Amelia Smith-Jones"}).content.decode()


def test_a_relatives_new_address_is_theirs_and_ends_their_last(signed_in, my_child):
    dad = people.create_person(kind="adult", first_name="Dan", last_name="Hart", sex="M")
    people.add_address(dad, line_1="1 Old Road", postcode="LS9 8AA", start_date=date(2020, 1, 1))
    link = people.link_relative(my_child, dad, "father", parental_responsibility=True, pr_basis="agreement")
    response = signed_in.post(reverse("people:relative-address", args=[my_child.pk, link.pk]), {
        "line_1": "2 New Road", "postcode": "ls9 8ab", "start_date-day": "1", "start_date-month": "6", "start_date-year": "2026"})
    assert response.status_code == 302
    current = [a for a in dad.addresses.all() if a.end_date is None]
    assert [a.line_1 for a in current] == ["2 New Road"] and current[0].postcode == "LS9 8AB"
    assert not my_child.addresses.exists()


def test_a_contact_about_a_new_child_takes_where_they_live(signed_in):
    response = signed_in.post(reverse("casework:contact-new"), {
        "first_name": "Noah", "last_name": "Pricewell", "date_of_birth-day": "1", "date_of_birth-month": "6",
        "date_of_birth-year": "2018", "sex": "M", "received_date-day": "2", "received_date-month": "2",
        "received_date-year": "2025", "received_time": "09:15", "source": "2A", "reason": "abuse_neglect",
        "consent": "given", "address_line_1": "5 Quay Street", "address_postcode": "ts24 0aa", "match": "new"})
    assert response.status_code == 302
    address = Person.objects.get(last_name="Pricewell").addresses.get()
    assert (address.line_1, address.postcode, address.start_date) == ("5 Quay Street", "TS24 0AA", date(2025, 2, 2))


def test_a_professional_who_stops_working_with_the_child_leaves_the_record_but_not_the_history(signed_in, my_child):
    teacher = people.add_professional_around(my_child, name="Pat Teacher", agency="Oakfield Primary", role="Class teacher")
    from opencsc import versions
    response = signed_in.post(reverse("people:professional-end", args=[my_child.pk, teacher.pk]), {
        "end_date-day": "1", "end_date-month": "9", "end_date-year": "2026", "version": versions.token(teacher)})
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.end_date == date(2026, 9, 1)
    page = signed_in.get(reverse("web:child-record", args=[my_child.pk])).content.decode()
    assert 'data-testid="professionals"' not in page and "Oakfield Primary)" not in page.split("Professionals around")[1][:300]


def test_an_adoption_order_ends_the_birth_parents_parental_responsibility_and_their_letters(my_child):
    mum = people.create_person(kind="adult", first_name="Mia", last_name="Hart", sex="F")
    people.link_relative(my_child, mum, "mother", parental_responsibility=True, pr_basis="birth")
    period = cw.become_looked_after(my_child, start_date=date(2020, 1, 1), legal_status="C2", category_of_need="N1",
                                    placement={"placement_type": "A4", "postcode": "LS1 1AA"})
    from opencsc.recording.documents import addressees
    assert [a.person for a in addressees(my_child, date(2021, 1, 1))] == [mum]
    cw.cease_looked_after(period, date=date(2022, 1, 1), reason="E11")
    link = my_child.relationships.get(relative=mum)
    assert link.pr_end_date == date(2022, 1, 1) and not link.has_pr_on(date(2022, 1, 2))
    assert addressees(my_child, date(2022, 1, 2)) == []  # no letter goes to a birth parent after adoption
