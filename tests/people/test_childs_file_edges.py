"""The child's file when given wrong or odd input: each refusal says what is wrong; nothing half-saved."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opencsc import versions
from opencsc.access.subject_access import gather
from opencsc.people import selectors
from opencsc.people import services as people
from opencsc.people.genogram import listed
from opencsc.people.models import DetailChange, Person
from opencsc.recording import uploads
from opencsc.recording.documents import add_document, template_problems
from opencsc.staff.models import RoleCode
from tests.conftest import make_worker
from tests.security.ole import compound_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("values,kind,extra,message", [
    ({"school": "X"}, "guess", {}, "corrects a mistake"),
    ({"school": "X"}, "correction", {"reason": " "}, "Say why"),
    ({}, "correction", {}, "Nothing was changed"),
    ({"school": "X"}, "from_date", {}, "Enter the date the change took effect"),
    ({"school": "X"}, "from_date", {"effective_from": date.today() + timedelta(days=3)}, "today or in the past"),
    ({"nhs_number": "1234567890"}, "correction", {}, "valid NHS number"),
    ({"ethnicity": "ZZZZ"}, "correction", {}, "Choose an ethnicity"),
])
def test_a_details_change_that_cannot_be_saved_says_why_and_saves_nothing(child, values, kind, extra, message):
    with pytest.raises(ValidationError) as refused:
        people.change_details(child, values, kind=kind, **({"reason": "Checked"} | extra))
    assert message in str(refused.value)
    assert not DetailChange.objects.exists()


def test_disabilities_and_a_boolean_are_kept_in_the_history_as_words(child):
    people.change_details(child, {"interpreter_needed": True}, kind="correction", reason="Family asked", disabilities=["AUT", "COMM"])
    history = {c.field: (c.old_value, c.new_value, c.field_label) for c in DetailChange.objects.all()}
    assert history["interpreter_needed"] == ("", "yes", "Interpreter needed")
    assert history["disabilities"][1] == "AUT, COMM" and history["disabilities"][2] == "Disabilities"
    assert sorted(child.disabilities.values_list("code", flat=True)) == ["AUT", "COMM"]


def test_relationships_refuse_what_cannot_be(child):
    mum = people.create_person(kind="adult", first_name="Mo", last_name="Ther", sex="F")
    with pytest.raises(ValidationError, match="own relative"):
        people.link_relative(child, child, "sibling")
    with pytest.raises(ValidationError, match="Choose who they are"):
        people.link_relative(child, mum, "aunt_by_marriage")
    with pytest.raises(ValidationError, match="basis"):
        people.link_relative(child, mum, "mother", parental_responsibility=True)
    link = people.link_relative(child, mum, "mother", parental_responsibility=True, pr_basis="birth", pr_start_date=date(2015, 3, 14),
                                start_date=date(2015, 3, 14))
    with pytest.raises(ValidationError, match="already recorded"):
        people.link_relative(child, mum, "mother")
    with pytest.raises(ValidationError, match="cannot end before it began"):
        people.change_relationship(link, parental_responsibility=True, pr_end_date=date(2014, 1, 1), lives_with=False)
    with pytest.raises(ValidationError, match="cannot end before it began"):
        people.change_relationship(link, parental_responsibility=True, lives_with=False, end_date=date(2014, 1, 1))
    people.change_relationship(link, parental_responsibility=True, lives_with=False, end_date=date(2024, 1, 1))
    assert mum.relationships.get(relative=child).end_date == date(2024, 1, 1)  # the other way ends too
    members = selectors.family_members(child, date(2025, 1, 1))
    assert members[0].ended and "ended" not in members[0].label


def test_addresses_and_professionals_refuse_dates_out_of_order(child):
    address = people.add_address(child, line_1="1 Road", postcode="LS1 1AA", start_date=date(2020, 1, 1))
    with pytest.raises(ValidationError, match="on or after the date they moved in"):
        people.end_address(address, date(2019, 1, 1))
    with pytest.raises(ValidationError, match="must start after the current one"):
        people.add_address(child, line_1="2 Road", postcode="LS1 1AB", start_date=date(2020, 1, 1))
    pro = people.add_professional_around(child, name="Pat", agency="School", role="Teacher", start_date=date(2024, 9, 1))
    with pytest.raises(ValidationError, match="on or after the date they started"):
        people.end_professional_around(pro, date(2024, 1, 1))


def test_the_relationship_page_ends_a_relationship_and_refuses_a_stale_form(signed_in, my_child):
    dad = people.create_person(kind="adult", first_name="Dan", last_name="Hart", sex="M")
    link = people.link_relative(my_child, dad, "father", parental_responsibility=True, pr_basis="agreement")
    url = reverse("people:relationship-edit", args=[my_child.pk, link.pk])
    assert "Dan Hart" in signed_in.get(url).content.decode()
    opened = versions.token(link)
    ended = signed_in.post(url, {"parental_responsibility": "on", "pr_basis": "agreement", "version": opened,
                                 "end_date-day": "1", "end_date-month": "1", "end_date-year": "2026"})
    assert ended.status_code == 302
    stale = signed_in.post(url, {"parental_responsibility": "on", "pr_basis": "agreement", "version": opened})
    assert "saved by someone else" in stale.content.decode()
    link.refresh_from_db()
    assert link.end_date == date(2026, 1, 1)
    missing_basis = signed_in.post(url, {"parental_responsibility": "on", "version": versions.token(link)})
    assert "Choose the basis" in missing_basis.content.decode()


def test_the_forms_say_what_is_missing(signed_in, my_child):
    new = signed_in.post(reverse("people:relationship-new", args=[my_child.pk]), {"relationship": "father", "parental_responsibility": "on"})
    page = new.content.decode()
    assert "Enter the last name, or the local ID" in page and "Choose the basis" in page
    unknown = signed_in.post(reverse("people:relationship-new", args=[my_child.pk]), {"relationship": "father", "existing": "C9999999"})
    assert "No one has that local ID" in unknown.content.decode()
    child_without_dob = signed_in.post(reverse("people:relationship-new", args=[my_child.pk]), {
        "relationship": "sibling", "last_name": "Zed", "is_child": "on", "confirmed_not_duplicate": "on"})
    assert "Enter the child" in child_without_dob.content.decode()
    assert signed_in.get(reverse("people:child-details", args=[my_child.pk])).status_code == 200
    assert signed_in.get(reverse("people:professional-new", args=[my_child.pk])).status_code == 200
    added = signed_in.post(reverse("people:professional-new", args=[my_child.pk]), {"name": "Dr Who", "agency": "GP", "role": "GP"})
    assert added.status_code == 302 and my_child.professionals_around.get().name == "Dr Who"


PDF = b"%PDF-1.4\n%%EOF"


def ole(*streams: str) -> bytes:
    """A compound file with these streams at its root (a real structure: uploads are judged by it)."""
    return compound_file({name: b"x" for name in streams})


@pytest.mark.parametrize("data,expected", [
    (b"RIFF\x10\0\0\0WEBPVP8 ", "image/webp"), (ole("WordDocument"), "application/msword"),
    (ole("__properties_version1.0", "__substg1.0_0037001F"), "application/vnd.ms-outlook"),
])
def test_other_accepted_kinds(data, expected):
    assert uploads.sniff(data).content_type == expected


@pytest.mark.parametrize("data,why", [
    (ole("WordDocument", "Macros"), "macros"), (ole("Workbook"), "not accepted"),
    (b"From: a@b.example\r\nSubject: x\r\nX-Padding: " + b"a" * 250 + b"\r\n\r\n<html><script>x</script></html>", "web page"),
    (b"PK\x03\x04 broken zip", "damaged"),
])
def test_other_refusals(data, why):
    with pytest.raises(ValidationError, match=why):
        uploads.sniff(data)


def test_a_zip_that_is_not_a_word_document_and_an_oversized_file_are_refused(settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
    with pytest.raises(ValidationError, match="not a Word document"):
        uploads.sniff(buffer.getvalue())
    settings.DOCUMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="larger than"):
        uploads.sniff(PDF + b"x" * 20)


def test_a_document_kind_must_be_known_and_a_template_may_not_use_unknown_fields(child):
    with pytest.raises(ValidationError, match="what kind"):
        add_document(child, data=PDF, original_name="x.pdf", title="X", kind="mystery", date=date(2026, 1, 1))
    assert template_problems("Dear {addressee_name}") == []
    assert template_problems("{password}") == ["{password} is not a merge field"]


def test_subject_access_lists_the_file_and_marks_what_may_need_withholding(child):
    worker = make_worker("sam.other", RoleCode.SOCIAL_WORKER)
    people.change_details(child, {"last_name": "Smith"}, kind="from_date", effective_from=date(2025, 1, 1), reason="Deed poll", by=worker)
    people.add_professional_around(child, name="Pat", agency="School", role="Teacher", contact="pat@school.example")
    mum = people.create_person(kind="adult", first_name="Mo", last_name="Ther", sex="F")
    people.link_relative(child, mum, "mother", parental_responsibility=True, pr_basis="birth", pr_start_date=date(2015, 3, 14))
    add_document(child, data=PDF, original_name="x.pdf", title="Report", kind="report", date=date(2026, 1, 1), sensitive=True,
                 addressee=mum, sent_how="post", sent_on=date(2026, 1, 2))
    record = gather(Person.objects.get(pk=child.pk), worker.user)
    change = record["detail_changes"][0]
    assert change["old_value"]["value"] == "Smith-Jones" and change["old_value"]["ground"] == "serious_harm"
    assert record["professionals_around"][0]["contact"]["ground"] == "third_party"
    document = record["documents"][0]
    assert document["content"]["ground"] == "serious_harm" and document["addressee"]["ground"] == "third_party"
    assert record["relationships"][0]["pr_basis"] == "Birth mother"


def test_the_genogram_in_words_names_no_restricted_relative(child):
    mum = people.create_person(kind="adult", first_name="Mo", last_name="Ther", sex="F")
    people.link_relative(child, mum, "mother")
    tree = selectors.family_tree(child, date(2026, 1, 1))
    words = listed(child, tree, {child.pk}, date(2026, 1, 1), hidden=frozenset({mum.pk}))
    mum_row = next(w for w in words if w["person"] == mum)
    assert mum_row["hidden"] and mum_row["generation"] == "Parents and partners"
    assert next(w for w in words if w["person"] == child)["parents"] == ["a restricted record"]
