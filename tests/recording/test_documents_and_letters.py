"""Documents checked by their content and opened only through the gate; letters to each person with
parental responsibility, at their own address and no one else's."""

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from opencsc.access.models import RecordAccess
from opencsc.people import services as people
from opencsc.recording import documents, uploads
from opencsc.recording import services as recording_services
from opencsc.recording.models import Document, LetterTemplateVersion
from opencsc.staff.models import RoleCode
from tests.conftest import make_worker

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def docx(*extra_parts, content_types=b"<Types/>"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("word/document.xml", b"<w:document/>")
        for name, data in extra_parts:
            z.writestr(name, data)
    return buffer.getvalue()


def upload(client, child, data, name, **fields):
    return client.post(reverse("recording:document-new", args=[child.pk]), {
        "file": SimpleUploadedFile(name, data), "title": fields.get("title", "School report"), "kind": fields.get("kind", "report"),
        "date-day": "1", "date-month": "11", "date-year": "2026", **({"sensitive": "on"} if fields.get("sensitive") else {})})


@pytest.mark.parametrize("data,kind", [(PDF, "application/pdf"), (docx(), uploads.DOCX.content_type), (b"\x89PNG\r\n\x1a\n....", "image/png"),
                                       (b"From: a@b.example\r\nSubject: hi\r\nDate: x\r\n\r\nHello", "message/rfc822")])
def test_accepted_kinds_are_known_by_their_bytes(data, kind):
    assert uploads.sniff(data).content_type == kind


@pytest.mark.parametrize("data,why", [
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "web page or SVG"),
    (b"<!DOCTYPE html><html><body>hi</body></html>", "web page or SVG"),
    (docx(("word/vbaProject.bin", b"macro")), "macros"),
    (docx(content_types=b"<Types><Override ContentType='application/vnd.ms-word.document.macroEnabled.main+xml'/></Types>"), "macro-enabled"),
    (b"MZ\x90\x00 an executable", "not a kind"),
    (b"", "empty"),
])
def test_dangerous_or_unknown_files_are_refused_with_the_reason(data, why):
    with pytest.raises(ValidationError) as refused:
        uploads.sniff(data)
    assert why in str(refused.value)


def test_a_zip_that_unpacks_past_the_limit_is_refused_whatever_its_headers_say(settings):
    settings.DOCUMENT_MAX_UNPACKED_BYTES = 1 << 20
    bomb = docx(("word/media/big.bin", b"\0" * (3 << 20)))
    assert len(bomb) < 64 << 10
    with pytest.raises(ValidationError, match="unpacks to more than"):
        uploads.sniff(bomb)


def test_a_document_is_stored_outside_the_database_with_its_digest_and_served_only_as_an_attachment(signed_in, my_child, worker, team):
    response = upload(signed_in, my_child, PDF, "report.html")  # the name does not decide: the bytes are a PDF
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == "application/pdf" and len(document.sha256) == 64 and document.file.name.endswith(".pdf")
    assert "report" not in document.file.name and my_child.la_child_id not in document.file.name
    manager = make_worker("tess.manager", RoleCode.TEAM_MANAGER, team)
    other = Client()
    other.force_login(manager.user)
    opened = other.get(reverse("recording:document-open", args=[my_child.pk, document.pk]))
    assert opened.status_code == 200 and b"".join(opened.streaming_content if opened.streaming else [opened.content]) == PDF
    assert opened["Content-Disposition"].startswith("attachment;") and opened["X-Content-Type-Options"] == "nosniff"
    assert RecordAccess.objects.filter(user=manager.user, person=my_child, action="download").exists()
    record = signed_in.get(reverse("web:child-record", args=[my_child.pk])).content.decode()
    assert "School report" in record and "Document: School report" in record  # listed, and in the chronology


def test_a_role_that_may_not_open_the_record_or_the_document_is_refused(signed_in, my_child, worker, team):
    upload(signed_in, my_child, PDF, "r.pdf", title="Police disclosure", sensitive=True)
    document = Document.objects.get()
    stranger = make_worker("sid.stranger", RoleCode.SOCIAL_WORKER)
    support = make_worker("bea.support", RoleCode.BUSINESS_SUPPORT, team)  # sees the team's children, not sensitive documents
    for who in (stranger, support):
        client = Client()
        client.force_login(who.user)
        response = client.get(reverse("recording:document-open", args=[my_child.pk, document.pk]))
        assert response.status_code == 403 and PDF not in response.content
    assert RecordAccess.objects.filter(user=support.user, action="refused").exists()


def test_a_tampered_file_is_not_served(signed_in, my_child):
    upload(signed_in, my_child, PDF, "r.pdf")
    document = Document.objects.get()
    with document.file.open("wb") as f:
        f.write(b"%PDF-1.4 something else")
    assert signed_in.get(reverse("recording:document-open", args=[my_child.pk, document.pk])).status_code == 410


def family_with_a_confidential_mother(child):
    mum = people.create_person(kind="adult", first_name="Mia", last_name="Hart", sex="F")
    dad = people.create_person(kind="adult", first_name="Dan", last_name="Hart", sex="M")
    people.add_address(mum, line_1="7 Refuge Row", town="Leeds", postcode="LS6 2QQ", start_date=date(2026, 1, 1), confidential=True)
    people.add_address(dad, line_1="12 Open Street", town="Leeds", postcode="LS9 8AA", start_date=date(2025, 1, 1))
    people.link_relative(child, mum, "mother", parental_responsibility=True, pr_basis="birth")
    people.link_relative(child, dad, "father", parental_responsibility=True, pr_basis="marriage_or_registration")
    return mum, dad


def test_an_icpc_invitation_goes_to_each_parent_at_their_own_address_and_never_carries_the_other_confidential_one(signed_in, my_child):
    mum, dad = family_with_a_confidential_mother(my_child)
    page = signed_in.get(reverse("recording:letters", args=[my_child.pk]) + "?template=icpc_invitation").content.decode()
    dads = page[page.index(f'data-testid="letter-to-{dad.pk}"'):]
    dads = dads[:dads.index("</section>")]
    mums = page[page.index(f'data-testid="letter-to-{mum.pk}"'):]
    mums = mums[:mums.index("</section>")]
    assert "12 Open Street" in dads and "7 Refuge Row" not in dads and "LS6 2QQ" not in dads
    assert "7 Refuge Row" in mums and "LS6 2QQ" in mums
    template = LetterTemplateVersion.objects.get(key="icpc_invitation")
    index = [a.person.pk for a in documents.addressees(my_child, date.today())].index(dad.pk)
    body = "Dear Dan,\n\nMia now lives at 7 Refuge Row."
    refused = signed_in.post(reverse("recording:letters", args=[my_child.pk]), {
        "template": "icpc_invitation", "addressee": dad.pk, f"to{index}-subject": "Conference", f"to{index}-text": body,
        f"to{index}-sent_how": "post"})
    assert refused.status_code == 200 and "confidential address" in refused.content.decode()
    assert not Document.objects.exists()
    sent = signed_in.post(reverse("recording:letters", args=[my_child.pk]), {
        "template": "icpc_invitation", "addressee": dad.pk, f"to{index}-subject": "Conference", f"to{index}-text": "Dear Dan,\n\nPlease come.",
        f"to{index}-sent_how": "post"})
    assert sent.status_code == 302
    letter = Document.objects.get()
    assert (letter.kind, letter.addressee, letter.letter_template, letter.sent_how, letter.content_type) == (
        "letter", dad, template, "post", "application/pdf")
    assert documents.read_document(letter).startswith(b"%PDF")


def test_a_template_edit_is_a_new_version_and_template_code_is_refused(client, team):
    manager = make_worker("tess.manager", RoleCode.TEAM_MANAGER, team)
    client.force_login(manager.user)
    url = reverse("recording:letter-template-edit", args=["no_further_action"])
    client.get(url)
    bad = client.post(url, {"version": 1, "subject": "NFA", "body": "Dear {addressee_name}, {% load x %} {secret}"})
    assert bad.status_code == 200 and "not a merge field" in bad.content.decode() and "no template code" in bad.content.decode()
    good = client.post(url, {"version": 1, "subject": "NFA", "body": "Dear {addressee_name}, no further action for {child_name}."})
    assert good.status_code == 302
    stale = client.post(url, {"version": 1, "subject": "NFA", "body": "Dear {addressee_name}."})
    assert stale.status_code == 200 and "since you opened it" in stale.content.decode()
    assert list(LetterTemplateVersion.objects.filter(key="no_further_action").values_list("version", flat=True)) == [2, 1]
    worker = make_worker("sam.other", RoleCode.SOCIAL_WORKER, team)
    client.force_login(worker.user)
    assert client.get(url).status_code == 403  # a named role edits templates


def test_a_document_restricted_to_named_people_opens_only_for_them_and_its_uploader(signed_in, my_child, worker, team):
    upload(signed_in, my_child, PDF, "r.pdf", title="Adoption medical")
    document = Document.objects.get()
    named = make_worker("nora.named", RoleCode.TEAM_MANAGER, team)
    other = make_worker("tess.manager", RoleCode.TEAM_MANAGER, team)
    document.restricted_to.add(named.user, other.user)  # two named: still one document, not two rows
    colleague = make_worker("cal.colleague", RoleCode.SOCIAL_WORKER, team)
    for who, expected in ((named, 200), (worker, 200), (colleague, 403)):
        client = Client()
        client.force_login(who.user)
        assert client.get(reverse("recording:document-open", args=[my_child.pk, document.pk])).status_code == expected, who
        page = client.get(reverse("web:child-record", args=[my_child.pk])).content.decode()
        assert (page.count("Adoption medical") >= 2) if expected == 200 else "Adoption medical" not in page  # listed, and in the chronology


def test_the_uploader_restricts_a_document_and_a_stale_form_is_refused(signed_in, my_child, worker, team):
    upload(signed_in, my_child, PDF, "r.pdf", title="Disclosure")
    document = Document.objects.get()
    manager = make_worker("tess.manager", RoleCode.TEAM_MANAGER, team)
    colleague = make_worker("cal.colleague", RoleCode.SOCIAL_WORKER, team)
    url = reverse("recording:document-restrict", args=[my_child.pk, document.pk])
    opened = recording_services.restriction_state(document)
    assert signed_in.post(url, {"named": [manager.user.pk], "version": opened}).status_code == 302
    assert set(document.restricted_to.all()) == {manager.user}
    stale = signed_in.post(url, {"named": [], "version": opened})
    assert stale.status_code == 200 and "saved by someone else" in stale.content.decode()
    client = Client()
    client.force_login(colleague.user)
    assert client.get(reverse("recording:document-open", args=[my_child.pk, document.pk])).status_code == 403
    assert client.get(url).status_code == 403  # not the uploader, not a manager
