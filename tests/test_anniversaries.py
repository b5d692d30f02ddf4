"""One leap-day convention for statutory ages (decision 010), and DfE's reading kept apart."""

from datetime import date

from opencsc.anniversaries import add_months, age_on, birthday
from opencsc.returns.dfe_dates import dfe_add_years


def test_a_child_born_on_29_february_is_18_on_28_february_of_a_common_year():
    born = date(2008, 2, 29)
    assert birthday(born, 18) == date(2026, 2, 28)
    assert age_on(born, date(2026, 2, 27)) == 17
    assert age_on(born, date(2026, 2, 28)) == 18
    assert birthday(born, 16) == date(2024, 2, 29)  # a leap year has the day itself


def test_months_on_from_the_31st_end_on_the_last_day_of_a_shorter_month():
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 3, 31), -6) == date(2025, 9, 30)


def test_an_age_is_completed_years_and_none_without_a_date_of_birth():
    assert age_on(date(2010, 6, 15), date(2026, 6, 14)) == 15
    assert age_on(date(2010, 6, 15), date(2026, 6, 15)) == 16
    assert age_on(None, date(2026, 6, 15)) is None


def test_dfe_reads_29_february_as_28_february_too_so_the_two_agree_today():
    for years in (1, 4, 16, 18, -25):
        assert dfe_add_years(date(2008, 2, 29), years) == birthday(date(2008, 2, 29), years)
    assert dfe_add_years(date(2026, 3, 31), -25) == date(2001, 3, 31)

