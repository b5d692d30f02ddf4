"""Build the committed search-quality query set from a seeded authority.

It shares no code with the search (nothing from opencsc.people.search, selectors or nicknames): it
reads the seeded children and writes what a worker might type for each, in five categories, with
the child it should find. Its own nickname table is written here, from common English usage.

    DATABASE_URL=... .venv/bin/python bench/search_quality/make_queries.py [--per-category 200]
"""

import argparse
import csv
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.settings")

import django  # noqa: E402

django.setup()

from opencsc.people.models import Person  # noqa: E402

OUT = Path(__file__).resolve().parent / "queries.csv"

# Formal name -> what people call them (written for this benchmark, independently of the search).
NICKNAMES = {
    "William": ["Will", "Bill", "Billy", "Liam"], "Elizabeth": ["Liz", "Beth", "Lizzie", "Betty"],
    "Robert": ["Rob", "Bob", "Bobby"], "Thomas": ["Tom", "Tommy"], "James": ["Jim", "Jimmy", "Jamie"],
    "Alexander": ["Alex", "Xander"], "Alexandra": ["Alex", "Sasha"], "Margaret": ["Maggie", "Peggy", "Meg"],
    "Katherine": ["Kate", "Katie", "Kathy"], "Catherine": ["Kate", "Cathy", "Cat"], "Jessica": ["Jess", "Jessie"],
    "Samuel": ["Sam", "Sammy"], "Samantha": ["Sam", "Sammy"], "Daniel": ["Dan", "Danny"], "Joseph": ["Joe", "Joey"],
    "Benjamin": ["Ben", "Benny"], "Matthew": ["Matt"], "Christopher": ["Chris"], "Oliver": ["Ollie"],
    "Charlotte": ["Charlie", "Lottie"], "Rebecca": ["Becky", "Becca"], "Victoria": ["Vicky", "Tori"],
    "Michael": ["Mike", "Mikey"], "Anthony": ["Tony"], "Edward": ["Ed", "Eddie", "Ted"], "Jonathan": ["Jon", "Jonny"],
    "Nicholas": ["Nick", "Nicky"], "Abigail": ["Abbie", "Abby"], "Amelia": ["Millie", "Amy"], "Isabella": ["Bella", "Izzy"],
    "Isabelle": ["Izzy", "Belle"], "Eleanor": ["Ellie", "Nell"], "Harriet": ["Hattie"], "Henry": ["Harry", "Hal"],
    "Frederick": ["Fred", "Freddie"], "Theodore": ["Theo", "Ted"], "Zachary": ["Zach", "Zak"], "Joshua": ["Josh"],
    "Jacob": ["Jake"], "Andrew": ["Andy", "Drew"], "Stephen": ["Steve"], "Steven": ["Steve"], "Richard": ["Rich", "Rick", "Dick"],
    "Patricia": ["Pat", "Trish"], "Susan": ["Sue", "Suzy"], "Jennifer": ["Jen", "Jenny"], "Deborah": ["Debbie", "Deb"],
    "Gemma": ["Gem"], "Emily": ["Em", "Emmy"], "Emma": ["Em"], "Olivia": ["Liv", "Livvy"], "Sophie": ["Soph"],
    "Sophia": ["Sophie"], "Madison": ["Maddie"], "Madeleine": ["Maddie"], "Natalie": ["Nat"], "Nathan": ["Nate"],
    "Nathaniel": ["Nate", "Nat"], "Gabriel": ["Gabe"], "Gabriella": ["Gabby"], "Lucy": ["Lu"], "Louise": ["Lou"],
    "Louis": ["Lou"], "Timothy": ["Tim", "Timmy"], "Phillip": ["Phil"], "Philip": ["Phil"], "Peter": ["Pete"],
    "David": ["Dave", "Davey"], "Charles": ["Charlie", "Chas"], "Leonard": ["Leo", "Len"], "Frances": ["Fran", "Frankie"],
    "Francesca": ["Fran", "Frankie"], "Josephine": ["Jo", "Josie"], "Joanne": ["Jo"], "Kimberley": ["Kim"],
    "Lauren": ["Laurie"], "Megan": ["Meg"], "Mohammed": ["Mo"], "Muhammad": ["Mo"], "Ronald": ["Ron", "Ronnie"],
    "Ryan": ["Ry"], "Toby": ["Tobes"], "Tobias": ["Toby"], "Sebastian": ["Seb"], "Maximilian": ["Max"], "Maxwell": ["Max"],
    "Dominic": ["Dom"], "Georgina": ["Georgie"], "Georgia": ["Georgie"], "George": ["Georgie"], "Harrison": ["Harry"],
    "Archibald": ["Archie"], "Evelyn": ["Evie"], "Eva": ["Evie"], "Florence": ["Flo", "Florrie"], "Imogen": ["Immy"],
    "Jasmine": ["Jas", "Jazz"], "Kayleigh": ["Kay"], "Kieran": ["Kez"], "Leah": ["Lee"], "Molly": ["Moll"],
    "Rosemary": ["Rosie"], "Rose": ["Rosie"], "Sarah": ["Sally"], "Vincent": ["Vince"], "Terence": ["Terry"],
}
VOWELS = "aeiou"


def typo(word: str, rng: random.Random) -> str:
    """One slip of the keyboard after the first letter: a letter dropped, two swapped, a vowel
    changed or a letter doubled."""
    if len(word) < 4:
        return word + word[-1]
    i = rng.randint(1, len(word) - 2)
    kind = rng.choice(["drop", "swap", "vowel", "double"])
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "vowel":
        spots = [j for j in range(1, len(word)) if word[j].lower() in VOWELS]
        if spots:
            j = rng.choice(spots)
            return word[:j] + rng.choice([v for v in VOWELS if v != word[j].lower()]) + word[j + 1:]
    return word[:i] + word[i] + word[i:]


def dob_hint(dob, rng, full_share=0.5):
    return f"{dob:%d/%m/%Y}" if rng.random() < full_share else str(dob.year)


def build(per_category: int, seed: int):
    rng = random.Random(seed)
    children = list(Person.objects.filter(kind="child", date_of_birth__isnull=False).exclude(first_name="")
                    .order_by("la_child_id").values("la_child_id", "first_name", "last_name", "date_of_birth"))
    rows = []

    def add(category, query, child):
        rows.append({"category": category, "query": query, "la_child_id": child["la_child_id"],
                     "intended": f"{child['first_name']} {child['last_name']} {child['date_of_birth']:%d/%m/%Y}"})

    for child in rng.sample(children, per_category):
        first, last = child["first_name"], child["last_name"]
        if rng.random() < 0.7:
            last = "-".join(typo(part, rng) if i == 0 else part for i, part in enumerate(last.split("-")))
        else:
            first = typo(first, rng)
        add("typos", f"{first} {last} {dob_hint(child['date_of_birth'], rng)}", child)

    named = [c for c in children if c["first_name"] in NICKNAMES]
    for child in rng.sample(named, min(per_category, len(named))):
        add("nicknames", f"{rng.choice(NICKNAMES[child['first_name']])} {child['last_name']} "
                         f"{dob_hint(child['date_of_birth'], rng)}", child)

    for child in rng.sample(children, per_category):
        add("transposed", f"{child['last_name']} {child['first_name']} {dob_hint(child['date_of_birth'], rng)}", child)

    barrelled = [c for c in children if "-" in c["last_name"]]
    for child in rng.sample(barrelled, min(per_category, len(barrelled))):
        halves = child["last_name"].split("-")
        shape = rng.choice(["first half", "second half", "spaced", "reversed"])
        surname = {"first half": halves[0], "second half": halves[-1], "spaced": " ".join(halves),
                   "reversed": "-".join(reversed(halves))}[shape]
        add("double_barrelled", f"{child['first_name']} {surname} {dob_hint(child['date_of_birth'], rng)}", child)

    for child in rng.sample(children, per_category):
        dob = child["date_of_birth"]
        hint = f"{dob:%m/%Y}" if rng.random() < 0.6 else str(dob.year)
        add("partial_dob", f"{child['first_name']} {child['last_name']} {hint}", child)
    return rows


def slip(word: str, rng: random.Random) -> str:
    """A letter dropped or two swapped after the first letter (what the second walk typed: "Thorton")."""
    if len(word) < 4:
        return word
    i = rng.randint(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def adult_key(person) -> str:
    born = f"{person['date_of_birth']:%d/%m/%Y}" if person["date_of_birth"] else "unknown"
    return f"{person['first_name']} {person['last_name']} {born}"


def build_second_walk(per_category: int, seed: int):
    """The misses of the second walk (issue 25, item 8): a name with a slip and no date of birth, and
    parents found by name (as typed, or with a slip). An adult row's ``la_child_id`` is empty; its
    ``intended`` (first, last, date of birth) is what the search must return."""
    rng = random.Random(seed + 25)
    children = list(Person.objects.filter(kind="child", date_of_birth__isnull=False).exclude(first_name="")
                    .order_by("la_child_id").values("la_child_id", "first_name", "last_name", "date_of_birth"))
    adults = list(Person.objects.filter(kind="adult").exclude(first_name="").exclude(last_name="")
                  .order_by("pk").values("first_name", "last_name", "date_of_birth"))
    rows = []
    for child in rng.sample(children, per_category):
        last = "-".join(slip(part, rng) if i == 0 else part for i, part in enumerate(child["last_name"].split("-")))
        rows.append({"category": "slip_no_dob", "query": f"{child['first_name']} {last}", "la_child_id": child["la_child_id"],
                     "intended": f"{child['first_name']} {child['last_name']} {child['date_of_birth']:%d/%m/%Y}"})
    for adult in rng.sample(adults, per_category):
        last = slip(adult["last_name"], rng) if rng.random() < 0.5 else adult["last_name"]
        rows.append({"category": "adults", "query": f"{adult['first_name']} {last}", "la_child_id": "",
                     "intended": adult_key(adult)})
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-category", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=OUT, help="another file, e.g. for a held-out set")
    parser.add_argument("--second-walk", action="store_true",
                        help="append the second walk's two categories to --out, leaving the rows already there")
    args = parser.parse_args()
    fields = ["category", "query", "la_child_id", "intended"]
    if args.second_walk:
        kept = [r for r in csv.DictReader(args.out.open()) if r["category"] not in ("slip_no_dob", "adults")]
        rows = kept + build_second_walk(args.per_category, args.seed)
    else:
        rows = build(args.per_category, args.seed)
    with args.out.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} queries written to {args.out}")


if __name__ == "__main__":
    main()
