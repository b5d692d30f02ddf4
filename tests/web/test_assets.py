"""The design system's fonts and icons, asked for at /assets/ by its stylesheets, and the favicon, reach everyone."""

from django.test import Client


def test_the_stylesheets_fonts_are_sent_to_the_static_copies_without_signing_in(db):
    response = Client().get("/assets/fonts/bold-b542beb274-v2.woff2")
    assert response.status_code == 301 and response["Location"].endswith("vendor/govuk/assets/fonts/bold-b542beb274-v2.woff2")
    assert Client().get("/favicon.ico")["Location"].endswith("favicon.ico")


def test_an_asset_that_does_not_exist_or_climbs_out_is_not_found(db):
    assert Client().get("/assets/fonts/nothing.woff2").status_code == 404
    assert Client().get("/assets/../settings.py").status_code == 404
