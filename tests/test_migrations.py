"""Every model change has its migration: a fresh database is built from them, so a missing one
breaks `make demo` on the next machine."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit as missing:
        pytest.fail(f"Models changed without a migration (run makemigrations): {out.getvalue()}")
        raise missing
