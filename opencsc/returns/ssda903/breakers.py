"""A generated SSDA903 set that breaks the rules: for the agreement test with DfE's validator.

A small clean set (five children covering episodes with moves, adoption, UASC, a care leaver,
missing episodes, reviews, OC2 and social worker episodes) is copied many times under new child IDs,
and each copy is changed in one to four random ways: a code swapped for another (valid, retired or
nonsense), a date moved, made unreadable or blanked, a value blanked, a row duplicated or dropped.
Deterministic for a seed, and shares no code with the rules it is used to test.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from opencsc.codes.lists import URN_NOT_OFSTED_REGISTERED as URN_NOT_REGISTERED

from .export import TABLES

YEAR = 2026

CLEAN = {
    "Header": [
        "B2001,M,10/03/2012,WBRI,A805000315369,,", "B2002,F,22/09/2008,BAFR,UN2,0,", "B2003,F,01/02/2011,MWBA,UN3,1,02/01/2026",
        "B2004,M,30/07/2008,WBRI,B805000315505,,", "B2005,F,14/04/2023,WBRI,UN4,0,",
    ],
    "Episodes": [
        "B2001,01/05/2025,S,C1,N1,U6,PR1,12/08/2025,X1,,TS24 9RP,TS26 8NH,SC105635",
        "B2001,12/08/2025,L,C2,N1,U6,PR1,03/11/2025,X1,CARPL,TS24 9RP,TS26 8NH,SC105635",
        "B2001,03/11/2025,P,C2,N1,U3,PR1,,,,TS24 9RP,TS25 1AB,SC105635",
        "B2002,10/06/2025,S,V2,N8,K3,PR4,,,,,TS24 7BW,SC507777",
        "B2003,15/01/2024,T,C2,N2,U4,PR1,,,,TS25 5EG,TS26 0QU,SC105635",
        "B2004,02/02/2025,S,V2,N2,Z11,,12/06/2025,E4A,,TS23 1AA,TS23 1AB,",
        "B2005,20/11/2024,T,E1,N1,A5,PR1,19/02/2026,E12,,TS24 8AA,TS24 8AB," + URN_NOT_REGISTERED,
    ],
    "Reviews": ["B2001,10/03/2012,29/05/2025,PN1", "B2001,10/03/2012,28/08/2025,PN3", "B2003,01/02/2011,10/07/2025,PN1",
                "B2003,01/02/2011,09/01/2026,PN6", "B2005,14/04/2023,05/05/2025,PN0"],
    "UASC": ["B2002,F,22/09/2008,22/09/2026"],
    "OC2": ["B2003,01/02/2011,18,,0,,1,1,1,0,,"],
    "OC3": ["B2004,30/07/2008,YES,F2,U1"],
    "AD1": ["B2005,14/04/2023,01/07/2024,01/10/2024,1,2,FF,L12"],
    "PlacedAdoption": ["B2005,14/04/2023,01/07/2024,,"],
    "PrevPerm": ["B2001,10/03/2012,Z1,,", "B2002,22/09/2008,Z1,,"],
    "Missing": ["B2001,10/03/2012,M,03/09/2025,04/09/2025", "B2001,10/03/2012,A,28/03/2026,"],
    "SWEpisodes": [
        "B2001,10/03/2012,SW100002,01/05/2025,,TSPROC",
        "B2002,22/09/2008,SW100002,10/06/2025,,TSPROC", "B2003,01/02/2011,SW100003,01/01/2024,20/09/2025,TSPROC",
        "B2003,01/02/2011,XX100004,20/09/2025,,CHCHAN", "B2004,30/07/2008,SW100001,02/02/2025,,TSPROC",
        "B2005,14/04/2023,SW100003,01/06/2024,,TSPROC",
    ],
}

# Last year's return for the same children (2024/25): episodes open at 31 March 2025, B2003 not yet a mother.
CLEAN_LAST = {
    "Header": ["B2003,F,01/02/2011,MWBA,UN3,0,", "B2004,M,30/07/2008,WBRI,B805000315505,,", "B2005,F,14/04/2023,WBRI,UN4,0,"],
    "Episodes": [
        "B2003,15/01/2024,T,C2,N2,U4,PR1,,,,TS25 5EG,TS26 0QU,SC105635",
        "B2004,02/02/2025,S,V2,N2,Z11,,,,,TS23 1AA,TS23 1AB,",
        "B2005,20/11/2024,T,E1,N1,A5,PR1,,,,TS24 8AA,TS24 8AB," + URN_NOT_REGISTERED,
    ],
    "Reviews": ["B2003,01/02/2011,10/07/2024,PN1"],
    "UASC": [], "OC2": ["B2003,01/02/2011,15,,0,,1,1,1,0,,"], "OC3": [], "AD1": [],
    "PlacedAdoption": ["B2005,14/04/2023,01/07/2024,,"],
    "PrevPerm": ["B2004,30/07/2008,Z1,,"],
    "Missing": ["B2003,01/02/2011,M,01/03/2025,02/03/2025"],
    "SWEpisodes": ["B2003,01/02/2011,SW100003,01/01/2024,,TSPROC", "B2004,30/07/2008,SW100001,02/02/2025,,TSPROC",
                   "B2005,14/04/2023,SW100003,01/06/2024,,TSPROC"],
}

# Codes on no DfE list (a mistyped code a legacy file may carry), for the pool below.
NOT_A_CODE = "QQQQ"

# Values a column may be changed to: valid codes of every kind, retired ones, and nonsense.
POOL = {
    "SEX": ["M", "F", "U", "1", "2", "X"],
    "ETHNIC": ["WBRI", "MOTH", "REFU", "NOBT", NOT_A_CODE, ""],
    "UPN": ["UN1", "UN4", "UN5", "UN7", "A805000315369", "I80500031536A", "ABC", "", "B805000315505"],
    "MOTHER": ["0", "1", "", "2"],
    "RNE": ["S", "L", "P", "T", "B", "U", "X", ""],
    "LS": ["C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3", "X9", ""],
    "CIN": ["N1", "N4", "N8", "N9", "N0", ""],
    "PLACE": ["A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1",
              "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1", "Z11", "Z14", "Q9", ""],
    "PLACE_PROVIDER": ["PR0", "PR1", "PR2", "PR3", "PR4", "PR5", "PR9", ""],
    "REC": ["X1", "E11", "E12", "E2", "E3", "E4A", "E41", "E45", "E46", "E5", "E6", "E7", "E8", "E15", "E17", "E1", "X2", ""],
    "REASON_PLACE_CHANGE": ["CARPL", "CLOSE", "CUSTOD", "OTHER", NOT_A_CODE + "Q", ""],
    "HOME_POST": ["TS24 9RP", "TS26 8NH", "ZZ9 9ZZ", ""],
    "PL_POST": ["TS24 9RP", "TS26 8NH", "TS24 8AB", ""],
    "URN": ["SC105635", URN_NOT_REGISTERED, "SC507777", "1234567", ""],
    "REVIEW_CODE": ["PN0", "PN1", "PN4", "PN7", "PN8", ""],
    "SDQ_SCORE": ["0", "18", "40", "41", "X", ""],
    "SDQ_REASON": ["SDQ1", "SDQ2", "SDQ5", "SDQ9", ""],
    "CONVICTED": ["0", "1", "", "2"], "HEALTH_CHECK": ["0", "1", "", "3"], "IMMUNISATIONS": ["0", "1", ""],
    "TEETH_CHECK": ["0", "1", ""], "HEALTH_ASSESSMENT": ["0", "1", ""], "SUBSTANCE_MISUSE": ["0", "1", ""],
    "INTERVENTION_RECEIVED": ["0", "1", ""], "INTERVENTION_OFFERED": ["0", "1", ""],
    "IN_TOUCH": ["YES", "NO", "DIED", "REFU", "NREQ", "RHOM", "MAYBE", ""],
    "ACTIV": ["F1", "F2", "G6", "0", "Z9", ""], "ACCOM": ["B1", "U1", "Z1", "Z2", "T", "0", "Q1", ""],
    "FOSTER_CARE": ["0", "1", "2", ""], "NB_ADOPTR": ["1", "2", "3", ""],
    "SEX_ADOPTR": ["M1", "F1", "MM", "FF", "MF", "XY", ""], "LS_ADOPTR": ["L0", "L11", "L12", "L2", "L3", "L4", "L9", ""],
    "REASON_PLACED_CEASED": ["RD1", "RD4", "RD9", ""],
    "PREV_PERM": ["P1", "P2", "P3", "P4", "Z1", "Z9", ""], "LA_PERM": ["805", "WAL", "123", ""],
    "DATE_PERM": ["01/06/2012", "ZZ/06/2012", "ZZ/ZZ/2012", "ZZ/ZZ/ZZZZ", "31/02/2012", "01/06/2026", ""],
    "MISSING": ["M", "A", "X", ""],
    "SW_ID": ["SW100001", "XX100004", "AB1234", "SW1", ""],
    "SW_REASON": ["MANAGE", "FCONTA", "TSPROC", "OTHERS", "BADREA", ""],
}
DATES = {"DOB", "MC_DOB", "DECOM", "DEC", "REVIEW", "DUC", "DATE_INT", "DATE_MATCH", "DATE_PLACED", "DATE_PLACED_CEASED",
         "MIS_START", "MIS_END", "SW_DECOM", "SW_DEC"}


def clean_tables(last: bool = False) -> dict[str, list[dict]]:
    return {table: [dict(zip(TABLES[table], line.split(","), strict=True)) for line in lines]
            for table, lines in (CLEAN_LAST if last else CLEAN).items()}


def _move(text: str, rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.1:
        return ""
    if choice < 0.18:
        return rng.choice(["31/02/2025", "2025-06-01", "1/13/2025"])
    try:
        day = date(int(text[6:10]), int(text[3:5]), int(text[0:2]))
    except ValueError:
        day = date(2025, 6, 1)
    day += timedelta(days=rng.choice([-3650, -800, -400, -120, -30, -7, -2, -1, 1, 2, 5, 20, 60, 200, 400, 6000]))
    return f"{day:%d/%m/%Y}"


WEIGHTS = {"Episodes": 12, "Header": 4, "OC2": 3, "OC3": 2, "AD1": 2, "PlacedAdoption": 2, "Missing": 2, "Reviews": 2,
           "SWEpisodes": 3, "UASC": 1, "PrevPerm": 1}


def _mutate(tables: dict[str, list[dict]], rng: random.Random):
    kind = rng.random()
    present = [t for t, rows in tables.items() if rows] or ["Header"]
    table = rng.choices(present, weights=[WEIGHTS.get(t, 1) for t in present])[0]
    rows = tables[table]
    if not rows:
        return
    if kind < 0.07:
        if table != "UASC":  # a UASC row twice is added once, at the end (see every_rule_set)
            rows.append(dict(rng.choice(rows)))
        return
    if kind < 0.14:
        rows.remove(rng.choice(rows))
        return
    row = rng.choice(rows)
    column = rng.choice([c for c in TABLES[table] if c not in ("CHILD",)])
    if column in DATES and kind < 0.3:
        row[column] = rng.choice([row[c] for c in TABLES[table] if c in DATES])  # the same day as another date
    elif column in DATES:
        row[column] = _move(row[column], rng)
    elif column in POOL:
        row[column] = rng.choice(POOL[column])
    else:
        row[column] = ""


def every_rule_set(copies: int = 100, seed: int = 903, tag: str = "") -> tuple[dict, dict]:
    """The clean set, and ``copies`` changed copies of it under new child IDs; with last year's."""
    rng = random.Random(seed)
    out: dict[str, list[dict]] = {table: [] for table in TABLES}
    out_last: dict[str, list[dict]] = {table: [] for table in TABLES}
    for n in range(copies + 1):
        tables, last = clean_tables(), clean_tables(last=True)
        if n:
            for _ in range(rng.choice([1, 2, 2, 3, 4, 5])):
                _mutate(tables if rng.random() < 0.75 else last, rng)
        for target, source in ((out, tables), (out_last, last)):
            for table, rows in source.items():
                for row in rows:
                    target[table].append({**row, "CHILD": f"{row['CHILD']}{tag}" if n == 0 else f"{row['CHILD']}{tag}N{n}"})
    # DfE's reader sets the header's UASC flag by position after a merge, so a child twice in the UASC
    # table shifts the flags of every child after it. The one child given twice comes last.
    twice = clean_tables()
    for table in ("Header", "Episodes", "UASC", "UASC"):
        out[table] += [{**row, "CHILD": f"B2002{tag}TWICE"} for row in twice[table] if row["CHILD"] == "B2002"]
    return out, out_last


def _row(tables, table, child, n=0):
    return [r for r in tables[table] if r["CHILD"] == child][n]


def _set(tables, table, child, n=0, **values):
    _row(tables, table, child, n).update(values)


def _add(tables, table, child, values: str):
    tables[table].append({"CHILD": child, **dict(zip(TABLES[table][1:], values.split(","), strict=True))})


# Changes that break one rule each, for the rules random changes seldom reach (rule code: change).
SCENARIOS = {
    "1014": lambda t: (_set(t, "Episodes", "B2002", DECOM="10/06/2024", DEC="01/03/2025", REC="E8"),
                       _add(t, "OC3", "B2002", "22/09/2008,YES,F2,U1")),
    "134": lambda t: _add(t, "AD1", "B2004", "30/07/2008,01/07/2024,01/10/2024,1,2,FF,L12"),
    "157": lambda t: _set(t, "OC2", "B2003", SDQ_SCORE="", SDQ_REASON="SDQ1"),
    "158": lambda t: _set(t, "OC2", "B2003", SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="1", INTERVENTION_OFFERED="0"),
    "159": lambda t: _set(t, "OC2", "B2003", SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0", INTERVENTION_OFFERED=""),
    "197B": lambda t: (_set(t, "OC2", "B2003", DOB="10/10/2008", SDQ_SCORE="", SDQ_REASON=""),
                       _set(t, "Header", "B2003", DOB="10/10/2008")),
    "215": lambda t: _add(t, "OC3", "B2003", "01/02/2011,YES,F2,U1"),
    "336": lambda t: (_set(t, "Episodes", "B2005", PLACE="K2", PLACE_PROVIDER="PR4", DEC="01/01/2025", REC="X1",
                           URN="SC105635"),
                      _add(t, "Episodes", "B2005", "01/01/2025,P,E1,N1,A4,PR1,19/02/2026,E12,,TS24 8AA,TS24 8AB," + URN_NOT_REGISTERED)),
    "353": lambda t: _set(t, "Episodes", "B2003", DECOM="01/01/1990"),
    "373": lambda t: _set(t, "Episodes", "B2005", PLACE="S1"),
    "377": lambda t: [_set(t, "Episodes", "B2001", n, PLACE="T3") for n in range(3)],
    "382": lambda t: _set(t, "Episodes", "B2001", LS="V3", PLACE="T1"),
    "407": lambda t: (_set(t, "Header", "B2004", DOB="01/01/2007"), _set(t, "Episodes", "B2004", REC="E45")),
    "426": lambda t: (_set(t, "Episodes", "B2001", 0, LS="V3"), _set(t, "Episodes", "B2001", 1, LS="V4")),
    "446": lambda t: _set(t, "Episodes", "B2005", DECOM="20/11/2004"),
    "518": lambda t: _set(t, "AD1", "B2005", LS_ADOPTR="L4", SEX_ADOPTR="MF"),
    "519": lambda t: _set(t, "AD1", "B2005", LS_ADOPTR="L2", SEX_ADOPTR="M1"),
    "528": lambda t: _set(t, "Episodes", "B2002", PLACE="P1", PLACE_PROVIDER="PR2"),
    "531": lambda t: _set(t, "Episodes", "B2002", PLACE="P1", PLACE_PROVIDER="PR5"),
    "544": lambda t: _set(t, "OC2", "B2003", CONVICTED="1", IMMUNISATIONS=""),
    "547": lambda t: _set(t, "OC2", "B2003", HEALTH_CHECK="1", TEETH_CHECK=""),
    "563": lambda t: _set(t, "PlacedAdoption", "B2005", DATE_PLACED="", DATE_PLACED_CEASED="01/06/2025",
                          REASON_PLACED_CEASED="RD1"),
    "580": lambda t: (_set(t, "Header", "B2002", DOB="01/12/2007"), _set(t, "UASC", "B2002", DOB="01/12/2007"),
                      _set(t, "Episodes", "B2002", DEC="01/12/2025", REC="E4A"),
                      _add(t, "Missing", "B2002", "01/12/2007,M,20/11/2025,01/12/2025")),
    "582": lambda t: _set(t, "AD1", "B2005", DATE_MATCH="19/02/2026"),
    "628": lambda t: (t.__setitem__("Episodes", [r for r in t["Episodes"] if r["CHILD"] != "B2004"]),
                      _set(t, "Header", "B2004", MOTHER="0")),
    "635": lambda t: _set(t, "PrevPerm", "B2001", PREV_PERM="", LA_PERM="805"),
    "SW11bSTG2": lambda t: _set(t, "SWEpisodes", "B2002", SW_DEC="28/03/2026"),
    "243": lambda t: _set(t, "Episodes", "B2002", PL_POST="CF10 1AA"),
    "454": lambda t: _set(t, "Episodes", "B2001", 2, PL_POST="ZE1 0AA", HOME_POST="TR18 4AA"),
}


def _drop(tables, table, child):
    tables[table][:] = [r for r in tables[table] if r["CHILD"] != child]


SCENARIOS.update({
    "1011": lambda t: _set(t, "Episodes", "B2004", REC="E3"),
    "1015": lambda t: _set(t, "Episodes", "B2001", 2, PLACE="K2", PLACE_PROVIDER="PR1", PL_POST="TS4 2PE"),
    "189": lambda t: (_set(t, "Header", "B2003", DOB="01/01/2008"), _set(t, "OC2", "B2003", DOB="01/01/2008")),
    "210": lambda t: (_set(t, "Header", "B2001", UPN="UN4"), _set(t, "Episodes", "B2001", 2, DECOM="25/03/2026")),
    "231": lambda t: _set(t, "Header", "B2002", DOB="01/01/2020"),
    "301": lambda t: _set(t, "Header", "B2005", DOB="01/06/2026"),
    "351": lambda t: _set(t, "Header", "B2004", DOB="01/01/1995"),
    "358": lambda t: _set(t, "Episodes", "B2005", LS="J2"),
    "374": lambda t: _set(t, "Episodes", "B2001", 0, PLACE="P3"),
    "386": lambda t: _set(t, "Header", "B2005", DOB="01/01/2007"),
    "530": lambda t: _set(t, "Episodes", "B2002", PLACE="P1", PLACE_PROVIDER="PR4"),
    "558": lambda t: (_set(t, "PlacedAdoption", "B2005", DATE_PLACED_CEASED="01/08/2024", REASON_PLACED_CEASED="RD1"),
                      _add(t, "PlacedAdoption", "B2005", "14/04/2023,01/09/2024,01/10/2024,RD1")),
})

# Changes to both years, for the rules that compare them (rule code: change(this year, last year)).
# Ofsted's provider lists for the clean set's URNs (the authority's fostering service, a supported
# accommodation provider) and a children's home that closed in the year, so the URN rules run on every
# set: random changes to PLACE, PLACE_PROVIDER, URN and PL_POST break 219, 221, 224 and 1008.
def providers():
    from opencsc.synth.ofsted_lists import ListedProvider

    return [
        ListedProvider("SC105635", "Hartlepool", ["U1", "U2", "U3", "U4", "U5", "U6"], ["PR1"], "TS268NH"),
        ListedProvider("SC507777", "Hartlepool", ["K3"], ["PR4"], "TS247BW"),
        ListedProvider("SC600001", "Middlesbrough", ["K2"], ["PR4", "PR5"], "TS42PE", reg_end=date(2025, 10, 1),
                       children_home=True),
    ]


SCENARIOS.update({
    # Placed in the children's home after it closed (227), and still there at 31 March (228).
    "227": lambda t: _set(t, "Episodes", "B2001", 2, PLACE="K2", PLACE_PROVIDER="PR4", URN="SC600001", PL_POST="TS4 2PE"),
    # The authority's own service recorded as another authority's (PR2): its postcode is in the authority.
    "229": lambda t: _set(t, "Episodes", "B2001", 0, PLACE_PROVIDER="PR2"),
})

SCENARIOS_WITH_LAST = {
    "1002": lambda t, last: (_drop(t, "Episodes", "B2004"), _drop(last, "Episodes", "B2004")),
    "205A": lambda t, last: (_drop(t, "Header", "B2002"), _add(last, "Header", "B2002", "F,22/09/2008,BAFR,UN2,0,"),
                             _add(last, "UASC", "B2002", "F,22/09/2008,22/09/2026")),
    "205B": lambda t, last: (_add(last, "Header", "B2002", "F,22/09/2008,BAFR,UN2,0,"),
                             _add(last, "UASC", "B2002", "F,22/09/2008,01/01/2026")),
    "205D": lambda t, last: _add(last, "Header", "B2002", "F,22/09/2008,BAFR,UN2,0,"),
    "348": lambda t, last: _add(last, "OC3", "B2004", "30/07/2008,DIED,0,0"),
    "576": lambda t, last: _add(last, "Missing", "B2001", "10/03/2012,M,01/03/2025,"),
}


def scenario_set(tag: str = "T") -> tuple[dict, dict]:
    """One copy of the clean set per scenario, each child ID naming the rule it breaks; with last year's."""
    out: dict[str, list[dict]] = {table: [] for table in TABLES}
    out_last: dict[str, list[dict]] = {table: [] for table in TABLES}
    changes = {**{code: (lambda t, last, change=change: change(t)) for code, change in SCENARIOS.items()},
               **SCENARIOS_WITH_LAST}
    for code, change in changes.items():
        tables, last = clean_tables(), clean_tables(last=True)
        change(tables, last)
        for target, source in ((out, tables), (out_last, last)):
            for table, rows in source.items():
                target[table] += [{**row, "CHILD": f"{row['CHILD']}{tag}{code}"} for row in rows]
    return out, out_last


def every_rule_sets(sets: int = 30, copies: int = 100, seed: int = 903) -> list[tuple[dict, dict]]:
    """Several sets, so that a rule DfE's validator cannot run on one (a value it cannot read stops
    the whole rule) still runs on the others."""
    return [scenario_set()] + [every_rule_set(copies, seed + n, f"S{n}") for n in range(sets)]


def csv_files(tables: dict[str, list[dict]]) -> dict[str, str]:
    import csv
    import io

    from .export import FILE_NAMES

    files = {}
    for table, columns in TABLES.items():
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(tables.get(table, []))
        files[f"{FILE_NAMES[table]}.csv"] = out.getvalue()
    return files


def xml_set() -> bytes:
    """The XML form, where the header's UASC flag is given rather than derived: one child with a flag
    that is neither 0 nor 1 (105), one not UASC but with a date UASC ceased (303)."""
    from lxml import etree

    from ..cin.census import CollectionYear
    from .export import Return903

    tables = clean_tables()
    tables["UASC"].append({"CHILD": "B2001", "SEX": "M", "DOB": "10/03/2012", "DUC": "01/01/2026"})
    root = etree.fromstring(Return903(CollectionYear(YEAR), tables).xml())
    for child in root.iterfind("CHILD"):
        child_id = child.findtext("HEADER/CHILDID")
        if child_id == "B2001":
            child.find("HEADER/UASC").text = "0"  # DUC given, flag 0
        if child_id == "B2003":
            child.find("HEADER/UASC").text = "2"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
