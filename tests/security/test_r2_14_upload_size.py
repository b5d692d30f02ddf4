"""Second attack report, item 14: an upload over the document limit is refused on its declared length,
before anything is read (a 400 MB upload grew the worker by 360 MB)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_upload_declared_over_the_limit_is_refused_before_it_is_read(signed_in, my_child, settings):
    url = reverse("recording:document-new", args=[my_child.pk])
    response = signed_in.post(url, {"title": "Huge"}, CONTENT_LENGTH=str(400 << 20))
    assert response.status_code == 413
    assert f"{settings.DOCUMENT_MAX_BYTES >> 20} MB" in response.content.decode()
