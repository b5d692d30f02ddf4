"""Counts in messages read as English: "1 error", never "1 errors"."""

from opencsc.plain_english import counted


def test_counts_are_said_in_plain_english():
    assert (counted(1, "error"), counted(2, "error"), counted(1, "query", "queries"), counted(1200, "child", "children")) == (
        "1 error", "2 errors", "1 query", "1,200 children")
