"""Cells written to CSV or Excel for people to open: values from imported files must not run as
formulas (CSV/formula injection), so text starting with = + - @ (or a tab/return) is quoted."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row):
    return [safe_cell(value) for value in row]
