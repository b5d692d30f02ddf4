"""An authorisation points at what it authorises by a foreign key of its kind, constrained to exactly
that one; requests made when it was a bare id keep what they pointed at, both ways."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from opencsc.casework import services as cw
from opencsc.casework.models import Authorisation, Referral

BEFORE = [("casework", "0014_contact_urgency")]


def _migrate(targets):
    return MigrationExecutor(connection).migrate(targets).apps


@pytest.mark.django_db(transaction=True)
def test_requests_made_with_a_bare_id_point_at_their_referral_after_the_migration_and_back_before_it():
    head = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    try:
        Person, OldReferral, OldAuthorisation = (old.get_model(*n) for n in (("people", "Person"), ("casework", "Referral"),
                                                                            ("casework", "Authorisation")))
        child = Person.objects.create(first_name="Ada", last_name="Moss", date_of_birth="2015-05-05")
        referral = OldReferral.objects.create(child=child, referral_date="2026-10-01")
        OldAuthorisation.objects.create(child=child, kind="case_closure", object_id=referral.pk, summary="Close the case",
                                        requested_at=timezone.now())
        OldAuthorisation.objects.create(child=child, kind="assessment", object_id=999999, summary="Gone", requested_at=timezone.now())
    finally:
        _migrate(head)
    (request,) = Authorisation.objects.all()  # the one naming nothing that exists is gone
    assert request.referral_id == Referral.objects.get().pk and request.subject == Referral.objects.get()
    back = _migrate(BEFORE)
    try:
        assert back.get_model("casework", "Authorisation").objects.get().object_id == Referral.objects.get().pk
    finally:
        _migrate(head)


@pytest.mark.django_db
def test_a_request_names_exactly_the_one_thing_its_kind_authorises(my_child, worker, world):
    referral = cw.open_referral(my_child, referral_date=date(2026, 10, 1), source="6", primary_need="N1")
    request = cw.request_authorisation(my_child, Authorisation.Kind.CASE_CLOSURE, referral, summary="Close", requested_by=worker)
    assert request.referral == referral and request.subject == referral and request.subject_id == referral.pk
    assert request.contact_id is None and request.assessment_id is None
    contact = cw.record_contact(my_child, received_at=timezone.now(), source="6", reason="abuse_neglect", consent="given", details="x")
    with pytest.raises(IntegrityError), transaction.atomic():  # a closure that also names a contact: refused by the database
        Authorisation.objects.filter(pk=request.pk).update(contact=contact)
