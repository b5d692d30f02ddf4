"""Form messages in plain English, naming the field."""

from opencsc.recording.forms import CaseNoteForm


def test_a_subject_too_long_says_how_long_it_may_be_not_djangos_default():
    form = CaseNoteForm({"date-day": "1", "date-month": "1", "date-year": "2025", "note_type": "visit", "subject": "x" * 201,
                         "text": "Seen."})
    assert not form.is_valid()
    assert form.errors["subject"] == ["Subject must be 200 characters or fewer (it has 201)"]
    assert "Ensure this value" not in str(form.errors)
