"""Ofsted's provider lists, read as DfE's SSDA903 validator reads them, for the rules that check a
placement's URN (219, 221, 224, 227, 228, 229, 1008).

Ofsted publishes two workbooks: the Children's Homes list (a "Provider information" sheet, or the
older "Settings and Inspection Info" + "Address Details" pair) and the Social Care Providers list
(current providers on the first sheet, closed ones on the second). Some authorities are sent one
combined list instead (one sheet, or "Providers" + "SA providers"). Each gives, per URN: the
placement codes, the provider codes, the deregistration date, the setting's postcode and LA. The
columns and their meaning follow DfE's ``lac_validator/ingress.py``; the LA the rules compare is the
upper-tier LA of the setting's postcode (as DfE infers it), not the name typed in the file.

A list that cannot be read is refused whole with the reason and nothing changes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from opencsc import safe_zip
from opencsc.returns.formats.safe_xml import Refused

MAX_UNPACKED = 200 * 1024 * 1024  # Ofsted's lists are a few MB; anything far larger is not one of them

CH_COLUMNS = ["URN", "Local Authority", "Provider Code", "Provider Placement Code", "Closed Date", "Setting Postcode"]
SCP_COLUMNS = ["URN", "Local authority", "Placement code", "Placement provider code", "Deregistration date",
               "Setting postcode"]
COMBINED_COLUMNS = ["urn", "local authority", "placement code", "placement provider code", "deregistration date",
                    "setting address postcode"]


@dataclass
class Provider:
    """One URN on Ofsted's lists (DfE's provider_info row)."""

    urn: str
    la_name: str
    place_codes: str  # as in the file, comma-separated ("K2" or "U1,U2")
    provider_codes: str  # comma-separated (PR1,PR2); the children's homes list writes PR1/PR2
    reg_end: date | None
    postcode: str  # upper case, no spaces
    source: str
    line: int = 0


@dataclass
class ProviderLists:
    providers: list[Provider]
    files: list[str]
    duplicates: list[str]  # URNs listed more than once (the first is kept)
    dry_run: bool = False
    kind = "providers"  # the import page's report table says "List", not "Child"

    @property
    def rows(self) -> list[dict]:
        """One report row per list the providers came from (the import page's table)."""
        counts: dict[str, list[int]] = {}
        for p in self.providers:
            open_closed = counts.setdefault(p.source, [0, 0])
            open_closed[p.reg_end is not None] += 1
        return [{"child": source, "action": f"{sum(n)} providers", "detail": f"{n[1]} closed or deregistered",
                 "findings": ""} for source, n in counts.items()] + (
            [{"child": "URNs listed twice", "action": str(len(self.duplicates)), "detail": ", ".join(self.duplicates[:20]),
              "findings": "the first entry is kept"}] if self.duplicates else [])

    def summary(self) -> str:
        return (f"{len(self.providers)} providers from {', '.join(self.files)}"
                + (f"; {len(self.duplicates)} URNs listed twice (first kept)" if self.duplicates else ""))


def _open(name: str, data: bytes):
    """The workbook, after checking it is a workbook and carries no DOCTYPE or entity declarations."""
    from openpyxl import load_workbook

    try:
        archive = safe_zip.open_checked(data, MAX_UNPACKED)  # counts the bytes each part really inflates to
    except safe_zip.NotAZip:
        raise Refused(f"{name} is not an Excel workbook (.xlsx): save Ofsted's list as .xlsx and load it again.") from None
    except safe_zip.TooLarge:
        raise Refused(f"{name} unpacks to more than {MAX_UNPACKED // 2**20} MB: it is not one of Ofsted's provider lists.") from None
    for part in archive.infolist():
        if part.filename.endswith(".xml") or part.filename.endswith(".rels"):
            head = archive.read(part).upper()
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise Refused(f"{name} declares a DOCTYPE or entities ({part.filename}); such files are refused unread.")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise Refused(f"{name} could not be read as a workbook ({type(exc).__name__}).") from None


def _rows(name: str, sheet, wanted: list[str], *, lower=False, rename=None) -> list[tuple[int, dict]]:
    """The sheet's rows as {wanted column: value}, with their spreadsheet line; refused if a column is missing."""
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    names = [(str(h).strip().lower() if lower else str(h).strip()) if h is not None else "" for h in header]
    for old, new in (rename or {}).items():
        names = [new if n == old else n for n in names]
    missing = [c for c in wanted if c not in names]
    if missing:
        raise Refused(f"{name}, sheet \"{sheet.title}\": these columns are missing: {', '.join(missing)}.",
                      [f"columns found: {', '.join(n for n in names if n)}"])
    at = {c: names.index(c) for c in wanted}
    out = []
    for line, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        out.append((line, {c: (values[i] if i < len(values) else None) for c, i in at.items()}))
    return out


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value, where: str, problems: list[str]) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    problems.append(f"{where}: the date '{text}' cannot be read (use dd/mm/yyyy)")
    return None


def _providers(name, rows, columns, source, problems, *, slash_to_comma=False) -> list[Provider]:
    urn, la, place, provider, end, post = columns
    out = []
    for line, row in rows:
        if not _text(row[urn]):
            continue  # DfE's reader drops rows without a URN
        codes = _text(row[provider])
        for label, value, longest in (("URN", _text(row[urn]), 20), ("placement codes", _text(row[place]), 100),
                                      ("provider codes", codes, 100), ("postcode", _text(row[post]).replace(" ", ""), 10)):
            if len(value) > longest:
                problems.append(f"{name} line {line}: the {label} '{value[:40]}' is longer than {longest} characters")
        out.append(Provider(
            urn=_text(row[urn]), la_name=_text(row[la]), place_codes=_text(row[place]),
            provider_codes=codes.replace("/", ",") if slash_to_comma else codes,
            reg_end=_date(row[end], f"{name} line {line}", problems),
            postcode=_text(row[post]).replace(" ", "").upper(), source=source, line=line))
    return out


def _kind(workbook) -> str:
    sheets = set(workbook.sheetnames)
    if "Provider information" in sheets or {"Settings and Inspection Info", "Address Details"} <= sheets:
        return "CH"
    if {s.lower() for s in sheets} == {"providers", "sa providers"}:
        return "combined"
    first = workbook[workbook.sheetnames[0]]
    header = {str(h).strip() for h in next(first.iter_rows(values_only=True, max_row=1), ()) if h is not None}
    if len(sheets) == 1 and {c.lower() for c in header} >= set(COMBINED_COLUMNS):
        return "combined"
    return "SCP"


def _children_homes(name, workbook, problems) -> list[Provider]:
    if "Provider information" in workbook.sheetnames:
        rows = _rows(name, workbook["Provider information"], CH_COLUMNS, rename={"Setting Address Postcode": "Setting Postcode"})
    else:
        settings_rows = _rows(name, workbook["Settings and Inspection Info"], CH_COLUMNS[:-1])
        postcodes = {_text(r["URN"]): r["Setting Postcode"] for _, r in _rows(
            name, workbook["Address Details"], ["URN", "Setting Postcode"], rename={"Setting Address Postcode": "Setting Postcode"})}
        # DfE joins the two sheets on URN (inner): a home with no address row is not on its list.
        rows = [(line, {**r, "Setting Postcode": postcodes[_text(r["URN"])]}) for line, r in settings_rows
                if _text(r["URN"]) in postcodes]
    return _providers(name, rows, CH_COLUMNS, "CH List", problems, slash_to_comma=True)


def _social_care_providers(name, workbook, problems) -> list[Provider]:
    if len(workbook.sheetnames) < 2:
        raise Refused(f"{name}: the Social Care Providers list has two sheets (current providers, then closed ones); "
                      f"this workbook has {len(workbook.sheetnames)}.")
    current = _rows(name, workbook[workbook.sheetnames[0]], [c for c in SCP_COLUMNS if c != "Deregistration date"])
    closed = _rows(name, workbook[workbook.sheetnames[1]], SCP_COLUMNS)
    current = [(line, {**r, "Deregistration date": None}) for line, r in current]
    return _providers(name, current + closed, SCP_COLUMNS, "SCP List", problems)


def _combined(name, workbook, problems) -> list[Provider]:
    sheets = [workbook[s] for s in workbook.sheetnames]
    rows = _rows(name, sheets[0], COMBINED_COLUMNS, lower=True)
    if len(sheets) == 2:
        # Supported accommodation (the "SA providers" sheet): placement K3, provider PR4 unless given.
        sa = _rows(name, sheets[1], ["urn", "provider local authority", "closed date", "setting address postcode"], lower=True)
        rows += [(line, {"urn": r["urn"], "local authority": r["provider local authority"], "placement code": "K3",
                         "placement provider code": r.get("placement provider code") or "PR4",
                         "deregistration date": r["closed date"], "setting address postcode": r["setting address postcode"]})
                 for line, r in sa]
    return _providers(name, rows, COMBINED_COLUMNS, "Combined SCPCH List", problems, slash_to_comma=True)


def read_provider_lists(files: list[tuple[str, bytes]]) -> ProviderLists:
    """Ofsted's Children's Homes and Social Care Providers lists (or one combined list), read whole."""
    if not files:
        raise Refused("Choose Ofsted's Children's Homes list and Social Care Providers list (.xlsx).")
    by_kind: dict[str, list] = {}
    for name, data in files:
        workbook = _open(name, data)
        by_kind.setdefault(_kind(workbook), []).append((name, workbook))
    if any(len(v) > 1 for v in by_kind.values()):
        raise Refused("Two files of the same kind were given: "
                      + "; ".join(f"{k}: {', '.join(n for n, _ in v)}" for k, v in by_kind.items() if len(v) > 1))
    problems: list[str] = []
    if "combined" in by_kind and len(by_kind) == 1:
        name, workbook = by_kind["combined"][0]
        providers = _combined(name, workbook, problems)
    elif set(by_kind) == {"CH", "SCP"}:
        (ch_name, ch), (scp_name, scp) = by_kind["CH"][0], by_kind["SCP"][0]
        providers = _children_homes(ch_name, ch, problems) + _social_care_providers(scp_name, scp, problems)
    else:
        given = ", ".join(f"{n} ({k})" for k, v in by_kind.items() for n, _ in v)
        raise Refused("Load both of Ofsted's lists together: the Children's Homes list and the Social Care Providers "
                      f"list (or one combined list). Given: {given}.")
    if problems:
        raise Refused(f"{len(problems)} values cannot be read; nothing was changed.", problems)
    kept, duplicates = {}, []
    for provider in providers:
        if provider.urn in kept:
            duplicates.append(provider.urn)
        else:
            kept[provider.urn] = provider
    return ProviderLists(list(kept.values()), [name for name, _ in files], duplicates)
