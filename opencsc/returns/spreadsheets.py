"""Cells written to CSV or Excel for people to open: values from imported files must not run as
formulas (CSV/formula injection), so text starting with = + - @ (or a tab/return) is quoted.

Files a machine reads (DfE returns, extracts, bundles) are never altered: there, a value starting
so in a field that cannot start so is reported (``formula_values``) and stops the file."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row):
    return [safe_cell(value) for value in row]


def formula_values(tables: dict[str, list[dict]], describe=lambda table, row, column: "") -> list[str]:
    """Each value of a machine-read file that a spreadsheet would run, named for whoever fixes it.
    No field of a DfE return starts with these signs (codes, dates, IDs, postcodes), so any is a fault."""
    found = []
    for table, rows in tables.items():
        for row in rows:
            for column, value in row.items():
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    found.append(f"{table} {column} '{value[:40]}' starts with '{value[0]}', which a spreadsheet would run as a "
                                 f"formula{describe(table, row, column)}: correct it in the record; the file is not written until then")
    return found
