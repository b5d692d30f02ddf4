"""The child's genogram, drawn on the server as SVG from the recorded relationships.

Three generations (grandparents, parents and their partners, the child and their siblings),
standard symbols (square male, circle female, diamond sex unknown; a cross for someone who has
died; a double outline for the child), a line between partners (two strokes across it when they
have separated), half-siblings drawn from the parent they share, and a dashed outline around the
child's household. Addresses are never drawn: a confidential one cannot leak from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

from opencsc.codes import lists

from .models import Person, Relationship

SLOT, ROW, SIZE, TOP, LEFT = 120, 140, 40, 30, 30


@dataclass
class Drawn:
    person: Person
    generation: int
    x: float = 0
    label: str = ""
    in_household: bool = False
    parents: set = field(default_factory=set)
    row: int = 0  # the generation counted from the oldest drawn (no empty band where no grandparent is known)

    @property
    def y(self) -> float:
        return TOP + self.row * ROW


def layout(child: Person, tree: dict, household: set[int], today: date) -> dict[int, Drawn]:
    """Each person drawn, with their generation and place along the row."""
    people, parents_of = tree["people"], tree["parents_of"]
    mine = sorted(parents_of.get(child.pk, set()), key=lambda pk: (people[pk].sex != "F", pk))
    siblings = tree["siblings"]
    gen1: list[int] = list(mine)
    for sibling in sorted(siblings, key=lambda pk: (people[pk].date_of_birth or date.min, pk)):
        for parent in sorted(parents_of.get(sibling, set()) - set(gen1)):
            shares_first = bool(mine) and mine[0] in parents_of.get(sibling, set())
            if shares_first and len(mine) > 1:
                gen1.insert(0, parent)  # the other parent of a half-sibling through the mother sits beside her
            else:
                gen1.append(parent)
    for r in tree["links"]:  # partners of the parents, past and present
        if r.relationship in lists.PARTNERS:
            for a, b in ((r.person_id, r.relative_id), (r.relative_id, r.person_id)):
                if a in gen1 and b not in gen1 and people[b].kind == Person.Kind.ADULT:
                    gen1.insert(gen1.index(a) + (1 if gen1.index(a) >= len(gen1) / 2 else 0), b)
    drawn: dict[int, Drawn] = {}
    for i, pk in enumerate(gen1):
        drawn[pk] = Drawn(people[pk], 1, LEFT + i * SLOT)
    # The child and siblings, ordered under their parents.
    gen2 = [child.pk] + [pk for pk in siblings if pk in people]

    def under(pk: int) -> tuple[float, date, int]:
        xs = [drawn[p].x for p in parents_of.get(pk, set()) if p in drawn]
        return (sum(xs) / len(xs) if xs else 0, people[pk].date_of_birth or date.min, pk)

    gen2.sort(key=under)
    width = max(len(gen1), len(gen2))
    offset2 = (width - len(gen2)) * SLOT / 2
    for i, pk in enumerate(gen2):
        drawn[pk] = Drawn(people[pk], 2, LEFT + offset2 + i * SLOT, parents=parents_of.get(pk, set()) & set(gen1))
    # Grandparents above the parent they belong to.
    gen0 = []
    for parent in gen1:
        for gp in sorted(parents_of.get(parent, set()), key=lambda pk: (people[pk].sex != "F", pk)):
            if gp not in drawn and gp not in gen0:
                gen0.append(gp)
    for i, pk in enumerate(gen0):
        drawn[pk] = Drawn(people[pk], 0, LEFT + i * SLOT)
    for pk in gen1:
        drawn[pk].parents = parents_of.get(pk, set()) & set(gen0)
    oldest = min(d.generation for d in drawn.values())
    for pk, d in drawn.items():
        d.row = d.generation - oldest
        d.in_household = pk in household
        d.label = "This child" if pk == child.pk else _label(child, pk, tree)
    return drawn


def _label(child: Person, pk: int, tree: dict[str, Any]) -> str:
    if pk in tree["siblings"]:
        return lists.RELATIONSHIP.label(tree["siblings"][pk])
    for r in tree["links"]:
        if r.person_id == child.pk and r.relative_id == pk:
            return r.get_relationship_display()
    parents = tree["parents_of"].get(child.pk, set())
    if pk in {gp for p in parents for gp in tree["parents_of"].get(p, set())}:
        return "Grandparent"
    return "Partner of a parent"


def for_viewer(child: Person, tree: dict, hidden: frozenset) -> dict:
    """The family as this viewer may see it drawn. A restricted relative (``hidden``) keeps only their place
    beside the child: no parents, partners or children of theirs are drawn (their adopters would be).
    Adoptive parents never appear on a birth relative's genogram: an adoption link is drawn only on the
    adopted child's own genogram."""
    def keep(r: Relationship) -> bool:
        if (r.person_id in hidden or r.relative_id in hidden) and child.pk not in (r.person_id, r.relative_id):
            return False
        adoptive = r.relationship == "adopter" or r.pr_basis == "adoption_order"
        return not (adoptive and r.person_id != child.pk)

    links = [r for r in tree["links"] if keep(r)]
    parents_of: dict = {}
    for r in links:
        if r.relationship in lists.PARENTS:
            parents_of.setdefault(r.person_id, set()).add(r.relative_id)
    siblings = dict(tree["siblings"])
    reached = {child.pk, *siblings} | {pk for r in links for pk in (r.person_id, r.relative_id)}
    return {"people": {pk: p for pk, p in tree["people"].items() if pk in reached}, "links": links, "siblings": siblings,
            "parents_of": parents_of}


def _symbol(d: Drawn, subject: bool, hidden: bool = False) -> str:
    x, y, s = d.x, d.y, SIZE
    sex = "" if hidden else d.person.sex  # a placeholder: not even the sex of a restricted record
    style = 'fill="#fff" stroke="#0b0c0c" stroke-width="2"'
    if sex == "M":
        shapes = [f'<rect x="{x}" y="{y}" width="{s}" height="{s}" {style}/>']
        if subject:
            shapes.append(f'<rect x="{x - 4}" y="{y - 4}" width="{s + 8}" height="{s + 8}" fill="none" stroke="#0b0c0c" stroke-width="2"/>')
    elif sex == "F":
        shapes = [f'<circle cx="{x + s / 2}" cy="{y + s / 2}" r="{s / 2}" {style}/>']
        if subject:
            shapes.append(f'<circle cx="{x + s / 2}" cy="{y + s / 2}" r="{s / 2 + 4}" fill="none" stroke="#0b0c0c" stroke-width="2"/>')
    else:
        points = f"{x + s / 2},{y} {x + s},{y + s / 2} {x + s / 2},{y + s} {x},{y + s / 2}"
        shapes = [f'<polygon points="{points}" {style}/>']
        if subject:
            shapes.append(f'<polygon points="{x + s / 2},{y - 5} {x + s + 5},{y + s / 2} {x + s / 2},{y + s + 5} {x - 5},{y + s / 2}" '
                          'fill="none" stroke="#0b0c0c" stroke-width="2"/>')
    if d.person.date_of_death and not hidden:
        shapes.append(f'<path d="M{x} {y}L{x + s} {y + s}M{x + s} {y}L{x} {y + s}" stroke="#0b0c0c" stroke-width="2" data-deceased="1"/>')
    name = "Restricted record" if hidden else escape(d.person.first_name or d.person.full_name)
    born = f"b. {d.person.date_of_birth.year}" if d.person.date_of_birth and not hidden else ""
    shapes.append(f'<text x="{x + s / 2}" y="{y + s + 16}" text-anchor="middle" font-size="12">{name}</text>')
    if born:
        shapes.append(f'<text x="{x + s / 2}" y="{y + s + 30}" text-anchor="middle" font-size="11" fill="#505a5f">{born}</text>')
    return f'<g data-person="{d.person.pk}" data-sex="{escape(sex or "U")}">' + "".join(shapes) + "</g>"


def draw(child: Person, tree: dict, household: set[int], today: date, hidden: frozenset = frozenset()) -> str:
    """The genogram as an SVG element (every name escaped), as this viewer may see it (``for_viewer``)."""
    tree = for_viewer(child, tree, hidden)
    household = household - hidden
    drawn = layout(child, tree, household, today)
    lines = []
    couples: dict[frozenset, str] = {}
    for r in tree["links"]:
        if r.relationship in lists.PARTNERS and r.person_id in drawn and r.relative_id in drawn:
            separated = r.relationship == "former_partner" or (r.end_date is not None and r.end_date <= today)
            couples[frozenset((r.person_id, r.relative_id))] = "separated" if separated else "together"
    for d in drawn.values():  # parents of a child in common are a couple, even if no partnership is recorded
        if len(d.parents) == 2:
            couples.setdefault(frozenset(d.parents), "parents")
    mid = SIZE / 2
    for pair, state in couples.items():
        a, b = sorted((drawn[p] for p in pair), key=lambda d: d.x)
        if a.generation != b.generation:
            continue
        y = a.y + mid
        lines.append(f'<line x1="{a.x + SIZE}" y1="{y}" x2="{b.x}" y2="{y}" stroke="#0b0c0c" stroke-width="2" data-couple="{state}"/>')
        if state == "separated":
            cx = a.x + SIZE + (b.x - a.x - SIZE) * 0.3  # off the middle, where the children's line drops
            lines.append(f'<path d="M{cx - 8} {y + 8}L{cx - 2} {y - 8}M{cx + 2} {y + 8}L{cx + 8} {y - 8}" stroke="#0b0c0c" stroke-width="2" '
                         'data-separated="1"/>')
    for d in drawn.values():  # each child down from their parents' line (or from their one known parent)
        parents = [drawn[p] for p in d.parents if p in drawn]
        if not parents:
            continue
        if len(parents) == 2:
            a, b = sorted(parents, key=lambda p: p.x)
            px, py = (a.x + SIZE + b.x) / 2, a.y + mid
        else:
            px, py = parents[0].x + mid, parents[0].y + SIZE
        bar = d.y - 25
        lines.append(f'<path d="M{px} {py}V{bar}H{d.x + mid}V{d.y}" fill="none" stroke="#0b0c0c" stroke-width="1.5" '
                     f'data-child-of="{"-".join(str(p.person.pk) for p in parents)}" data-child="{d.person.pk}"/>')
    # The household: a dashed outline around each person who lives with the child (a box around them all
    # would take in whoever is drawn between them).
    inside = [d for d in drawn.values() if d.in_household]
    household_box = ""
    if len(inside) > 1:
        household_box = (f'<g data-household="{" ".join(str(d.person.pk) for d in inside)}" fill="none" stroke="#1d70b8" '
                         'stroke-width="2" stroke-dasharray="5 3">'
                         + "".join(f'<rect x="{d.x - 12}" y="{d.y - 12}" width="{SIZE + 24}" height="{SIZE + 50}" rx="10"/>' for d in inside)
                         + "</g>")
    symbols = [_symbol(d, d.person.pk == child.pk, d.person.pk in hidden) for d in drawn.values()]
    width = max([d.x for d in drawn.values()] + [0]) + SIZE + 2 * LEFT
    height = max([d.y for d in drawn.values()] + [0]) + SIZE + 60
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="genogram-title" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" class="app-genogram"><title id="genogram-title">Genogram of '
            f'{escape(child.full_name)}: the list beside it says the same in words</title>'
            + household_box + "".join(lines) + "".join(symbols) + "</svg>")


def listed(child: Person, tree: dict, household: set[int], today: date, hidden: frozenset = frozenset()) -> list[dict]:
    """The genogram in words, for a screen reader or a printout, in the same order as drawn (and as little
    of a restricted relative)."""
    tree = for_viewer(child, tree, hidden)
    household = household - hidden
    drawn = layout(child, tree, household, today)
    out = []
    for d in sorted(drawn.values(), key=lambda d: (d.generation, d.x)):
        p = d.person
        secret = p.pk in hidden
        out.append({"person": p, "hidden": secret, "label": d.label, "generation": ["Grandparents", "Parents and partners", "Children"][d.generation],
                    "born": None if secret else p.date_of_birth, "died": None if secret else p.date_of_death, "in_household": d.in_household,
                    "parents": ["a restricted record" if q in hidden else drawn[q].person.full_name for q in d.parents if q in drawn]})
    return out
