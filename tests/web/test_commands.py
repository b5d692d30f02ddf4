from io import StringIO

from django.core.management import call_command


def test_authority_prints_name_la_number_and_ons_code(settings):
    settings.AUTHORITY = {"name": "Testshire (synthetic)", "la_number": "805", "ons_code": "E06000001"}
    out = StringIO()
    call_command("authority", stdout=out)
    assert out.getvalue().splitlines() == ["name: Testshire (synthetic)", "la_number: 805", "ons_code: E06000001"]
