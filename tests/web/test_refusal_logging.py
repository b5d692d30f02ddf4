"""A refusal is logged as one line (the audit log says who and why), never with a stack trace."""

import logging

from django.urls import reverse

from opencsc.web.log_filters import RefusalsOnOneLine


def test_a_refused_page_is_logged_without_a_traceback(signed_in, child, caplog):
    # the configured console handler carries the filter
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RefusalsOnOneLine) for f in h.filters))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = signed_in.get(reverse("web:child-record", args=[child.pk]))
    assert response.status_code == 403
    record = next(r for r in caplog.records if r.name == "django.request")
    assert RefusalsOnOneLine().filter(record) and record.exc_info is None
    assert "\n" not in handler.format(record)
