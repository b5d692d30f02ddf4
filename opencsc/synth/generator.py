"""The synthetic local authority.

Builds teams, workers, families and their journeys through children's social care over several
years up to ``as_of``, writing only through the services the forms use. National flow rates are
held with ``Quota`` so a few hundred children already show them:

* about a third of contacts become referrals;
* about a third of referrals lead to a section 47 enquiry;
* about 40% of section 47 enquiries lead to an initial conference, about 85% of those to a plan;
* about a fifth of referrals are re-referrals within 12 months of the previous one.

Deterministic for a given seed and ``as_of`` date on an empty database.
"""

from __future__ import annotations

import csv
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from html import escape
from pathlib import Path

import pyotp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from faker import Faker

from opencsc.access.models import TwoFactorDevice
from opencsc.access.services import break_glass, restrict
from opencsc.anniversaries import birthday
from opencsc.casework import models as m
from opencsc.casework import services as cw
from opencsc.casework import steps
from opencsc.casework.models import AdoptionJourney, Allocation, Authorisation, Contact, LegalStatus, PeriodOfCare, Referral
from opencsc.casework.services import SignOff
from opencsc.casework.timescales import add_working_days
from opencsc.codes import lists
from opencsc.codes.lists import AllocationKind
from opencsc.familyhelp import services as family_help
from opencsc.meetings import services as meeting_services
from opencsc.meetings import steps as meeting_steps
from opencsc.meetings.models import Recommendation
from opencsc.people import services as people
from opencsc.people.identifiers import nhs_number_check_digit, upn_check_letter
from opencsc.people.models import Address, Person
from opencsc.proceedings import services as court
from opencsc.recording.documents import add_document, addressees, current_templates, fill, letter_problems, merge_values, produce_letter
from opencsc.recording.services import add_case_note
from opencsc.staff.models import Professional, Team
from opencsc.staff.models import RoleCode as Role
from opencsc.staff.roles import ensure_default_roles
from opencsc.staff.stepping import acting_as, leave_read_models_to_the_worker, step
from opencsc.staff.steps import SystemActor

from .practice import PracticeWriter
from .quota import Quota

# A one-page PDF (blank): documents on synthetic records are placeholders, never real content.
SYNTHETIC_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
                 b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def possible_birth(age_days: int, siblings: list[int], oldest: int) -> int:
    """An age (in days) at least 300 days from each sibling's, or a twin's (the same age), without a new
    draw: the drawn age if it fits, else the nearest that does within 0..oldest, else a twin of the nearest."""
    def fits(age):
        return all(abs(s - age) >= 300 for s in siblings)

    if fits(age_days):
        return age_days
    candidates = {0, oldest} | {s + 300 for s in siblings} | {s - 300 for s in siblings}
    fitting = [a for a in candidates if 0 <= a <= oldest and fits(a)]
    if fitting:
        return min(fitting, key=lambda a: (abs(a - age_days), a))
    return min(siblings, key=lambda s: abs(s - age_days))  # no room: twins

DATA_DIR = Path(__file__).parent / "data"
YEARS_OF_HISTORY = 6

RATES = {
    "contact_to_referral": 1 / 3,
    "referral_to_s47": 1 / 3,
    "s47_to_icpc": 0.40,
    "icpc_to_plan": 0.85,
    "rereferral_12_months": 0.20,
}

TEAMS = [
    ("Front Door (MASH)", "front door"),
    ("Assessment Team North", "assessment"),
    ("Assessment Team South", "assessment"),
    ("Safeguarding Team 1", "child protection"),
    ("Safeguarding Team 2", "child protection"),
    ("Children in Care Team", "looked after"),
    ("Leaving Care Team", "care leavers"),
    ("Disabled Children's Team", "disabled children"),
    ("Adoption Team", "adoption"),
    ("Independent Reviewing Service", "reviewing"),
]

SERVICE_ROLES = {"front door": Role.FRONT_DOOR, "reviewing": Role.IRO}

DEMO_PASSWORD = "demo-password-2026"
DEMO_USERS = [
    ("social.worker", "Social worker", Role.SOCIAL_WORKER, "Safeguarding Team 1"),
    ("senior.practitioner", "Senior practitioner", Role.SENIOR_PRACTITIONER, "Safeguarding Team 1"),
    ("team.manager", "Team manager", Role.TEAM_MANAGER, "Safeguarding Team 1"),
    ("front.door", "Front door (MASH) worker", Role.FRONT_DOOR, "Front Door (MASH)"),
    ("front.door.manager", "Front door (MASH) manager", Role.TEAM_MANAGER, "Front Door (MASH)"),
    ("iro.chair", "Independent reviewing officer", Role.IRO, "Independent Reviewing Service"),
    ("business.support", "Business support officer", Role.BUSINESS_SUPPORT, "Safeguarding Team 1"),
    ("family.help", "Family Help practitioner", Role.FAMILY_HELP_PRACTITIONER, "Family Help Team"),
    ("data.analyst", "Data analyst", Role.DATA_ANALYST, None),
    ("system.admin", "System administrator", Role.SYSTEM_ADMINISTRATOR, None),
    ("second.admin", "Second system administrator (approves what the first asks)", Role.SYSTEM_ADMINISTRATOR, None),
]

REFERRAL_SOURCES = [("6", 29), ("2A", 18), ("3A", 3), ("3B", 4), ("3E", 3), ("3D", 3), ("1A", 5), ("1B", 2),
                    ("1C", 1), ("1D", 1), ("4", 2), ("5A", 3), ("5B", 3), ("5C", 3), ("5D", 6), ("7", 3),
                    ("8", 6), ("9", 2), ("10", 3)]
PRIMARY_NEEDS = [("N1", 55), ("N2", 8), ("N3", 6), ("N4", 9), ("N5", 12), ("N6", 3), ("N7", 1), ("N8", 6)]
CATEGORIES = [("NEG", 50), ("EMO", 36), ("PHY", 7), ("SAB", 4), ("MUL", 3)]
ETHNICITIES = [("WBRI", 86), ("WOTH", 3), ("MWBC", 1), ("MWAS", 1), ("MOTH", 1), ("APKN", 2), ("ABAN", 1),
               ("AIND", 1), ("BAFR", 1), ("CHNE", 1), ("OOTH", 1), ("NOBT", 1)]
UASC_ETHNICITIES = [("OOTH", 40), ("BAFR", 30), ("AOTH", 30)]
CONTACT_REASONS = {"N1": "abuse_neglect", "N2": "child_disability", "N3": "parental_mental_health",
                   "N4": "family_stress", "N5": "domestic_abuse", "N6": "child_behaviour", "N7": "housing",
                   "N8": "other"}
FACTORS = ["3B", "4B", "2B", "1B", "16A", "17A", "3A", "4A", "5B", "6B", "10A", "11A", "14A", "15A", "24A",
           "18C", "19C", "7A", "20"]
NOTE_SUBJECTS = {
    "visit": ["Home visit", "Visit to the child at school", "Unannounced visit", "Visit with the family"],
    "phone": ["Call with mother", "Call from school", "Call with health visitor", "Call with police"],
    "meeting": ["Core group meeting", "Professionals meeting", "Team around the family meeting"],
    "direct_work": ["Three houses work with the child", "Life story work", "Wishes and feelings session"],
    "management": ["Management oversight", "Supervision discussion"],
    "multi_agency": ["Police notification", "Update from school", "Health update"],
}


def weighted(rng: random.Random, pairs):
    codes, weights = zip(*pairs, strict=False)
    return rng.choices(codes, weights)[0]


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """That time of that day, or now if it has not come yet (a contact cannot be received in the future)."""
    return min(timezone.make_aware(datetime.combine(day, time(hour, minute))), timezone.now())


def load_postcodes():
    with open(DATA_DIR / "postcodes.csv") as f:
        return list(csv.DictReader(f))


def year_end(day: date) -> date:
    """The 31 March that ends the collection year ``day`` falls in."""
    return date(day.year + (day.month > 3), 3, 31)


def year_start(day: date) -> date:
    """The 1 April that begins the collection year ``day`` falls in."""
    return date(year_end(day).year - 1, 4, 1)


@dataclass
class Stats:
    children: int = 0
    adults: int = 0
    contacts: int = 0
    referrals: int = 0
    families: int = 0
    extra: dict = field(default_factory=dict)


class AuthorityGenerator:
    def __init__(self, children: int, seed: int, as_of: date | None = None, progress=None, people_only: int = 0):
        self.target = children
        # People only (for search benchmarks): families of ``people_only`` people, with no casework.
        self.people_only = people_only
        self.seed = seed
        self.as_of = as_of or timezone.localdate()
        self.start = self.as_of - timedelta(days=365 * YEARS_OF_HISTORY)
        self.rng = random.Random(seed)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        # The child's file (second fathers, moves, professionals, documents) draws from its own generator,
        # so adding it left every return-shaping draw above as it was.
        self.extra = random.Random(seed * 7919 + 1)
        self.fake_extra = Faker("en_GB")
        self.fake_extra.seed_instance(seed * 7919 + 1)
        self.practice = PracticeWriter(seed, self.as_of)
        self._pre_for_care: object = None
        self.progress = progress or (lambda done, total: None)
        # Contacts and re-referrals are topped up to their rates directly (top_up_contacts, maybe_rerefer).
        self.quota = {name: Quota(RATES[name], self.rng) for name in ("referral_to_s47", "s47_to_icpc", "icpc_to_plan")}
        self.stats = Stats()
        self.nhs_serial = 0
        self.upn_serial = 0
        postcodes = load_postcodes()
        ons = settings.AUTHORITY["ons_code"]
        self.home_postcodes = [p["postcode"] for p in postcodes if p["ons_la_code"] == ons] or [
            p["postcode"] for p in postcodes
        ]
        self.other_postcodes = [p["postcode"] for p in postcodes if p["ons_la_code"] != ons] or self.home_postcodes
        self.la_number = settings.AUTHORITY["la_number"]

    # ---- set-up ----------------------------------------------------------------------------

    def run(self) -> Stats:
        # The seed is a system actor with its own row in the role × step table; each family is one step.
        # Its read models (the chronology's rows, the findings) are left to the background worker's next pass.
        with acting_as(label=f"seed {self.seed}", system=SystemActor.SEED), leave_read_models_to_the_worker():
            with step(detail="synthetic authority's teams and adopters made"):
                self.make_teams()
                self.make_adopters()
            if self.people_only:
                while self.stats.children + self.stats.adults < self.people_only:
                    with step(detail="synthetic family made"):
                        self.make_family()
                    self.progress(min(self.stats.children + self.stats.adults, self.people_only), self.people_only)
                return self.stats
            while self.stats.children < self.target:
                with step(detail="synthetic family made"):
                    self.make_family()
                self.progress(min(self.stats.children, self.target), self.target)
        return self.stats

    def make_teams(self):
        ensure_default_roles()
        per_team = max(3, min(12, self.target // 120))
        self.teams: dict = {}
        self.workers = {}
        for name, service in TEAMS:
            team, _ = Team.objects.get_or_create(name=name, defaults={"service": service})
            self.teams[service] = self.teams.get(service, []) + [team]
            members = []
            for i in range(per_team):
                role = Role.TEAM_MANAGER if i == 0 else SERVICE_ROLES.get(service, Role.SOCIAL_WORKER)
                members.append(Professional.objects.create(
                    name=self.fake.name(), team=team, role_id=role,
                    sw_england_number=f"SW{self.rng.randint(10000, 999999)}",
                    job_title="Team manager" if i == 0 else "Social worker",
                ))
            self.workers[team.pk] = members

    def make_adopters(self):

        self.households = []
        for i in range(max(3, self.target // 100)):
            couple = self.rng.random() < 0.8
            approved = self.start + timedelta(days=self.rng.randint(100, 365 * YEARS_OF_HISTORY - 200))
            sexes = weighted(self.rng, [("MF", 80), ("FF", 10), ("MM", 10)]) if couple else \
                weighted(self.rng, [("F1", 80), ("M1", 20)])
            # The couple's legal status must fit their sexes (rules 520, 522, 523).
            if not couple:
                status = "L0"
            elif sexes == "MF":
                status = weighted(self.rng, [("L11", 80), ("L3", 15), ("L2", 5)])
            else:
                status = weighted(self.rng, [("L12", 50), ("L2", 30), ("L4", 20)])
            details = dict(
                number_of_adopters=2 if couple else 1,
                sex_of_adopters=sexes, legal_status=status,
                enquiry_date=approved - timedelta(days=240), stage_1_start=approved - timedelta(days=200),
                stage_1_end=approved - timedelta(days=140), stage_2_start=approved - timedelta(days=130),
                stage_2_end=approved - timedelta(days=10), application_date=approved - timedelta(days=130),
                approval_date=approved, fostering_for_adoption=self.rng.random() < 0.2,
            )
            surname = self.fake.last_name()
            adopters = [self.person(kind="adult", last_name=surname, dob=approved - timedelta(days=365 * self.rng.randint(28, 50)))
                        for _ in range(details["number_of_adopters"])]
            self.households.append(cw.record_adopter_household(family_identifier=f"AF{i + 1:04d}", adopters=adopters, **details))

    # ---- people ------------------------------------------------------------------------------

    def next_nhs_number(self) -> str:
        # 999 numbers are reserved for testing and are never issued to real people.
        while True:
            self.nhs_serial += 1
            body = f"999{(self.seed * 7919 + self.nhs_serial) % 1_000_000:06d}"
            check = nhs_number_check_digit(body)
            if check is not None:
                return body + str(check)

    def next_upn(self) -> str:
        self.upn_serial += 1
        body = f"{self.la_number}{(self.seed * 104729 + self.upn_serial) % 10**9:09d}"
        return upn_check_letter(body) + body

    def person(self, *, kind="child", sex=None, last_name=None, dob=None, edd=None, ethnicity=None, **extra):
        sex = sex or self.rng.choice("MF")
        first = "" if edd and not dob else (self.fake.first_name_male() if sex == "M" else self.fake.first_name_female())
        fields = dict(kind=kind, first_name=first, last_name=last_name or self.fake.last_name(), sex=sex,
                      date_of_birth=dob, expected_date_of_birth=edd,
                      ethnicity=ethnicity or weighted(self.rng, ETHNICITIES))
        if kind == "child":
            fields["nhs_number"] = self.next_nhs_number() if dob else ""
            age = (self.as_of - dob).days / 365.25 if dob else 0
            if age >= 4.5 and self.rng.random() < 0.93:
                fields["upn"] = self.next_upn()
            else:
                fields["upn_unknown_reason"] = "UN1" if age < 4.5 else weighted(self.rng, [("UN2", 1), ("UN4", 2), ("UN5", 1)])
            disabilities = ["NONE"]
            if dob and self.rng.random() < 0.07:
                disabilities = self.rng.sample(["LD", "COMM", "AUT", "BEH", "MOB", "HEAR", "VIS", "CON", "PC", "INC", "HAND", "DDA"],
                                               self.rng.randint(1, 2))
            fields["disabilities"] = [] if not dob else disabilities
            fields["gender_identity"] = {"M": "01", "F": "02"}.get(sex, "09") if dob and age > 12 else ""
        else:
            fields["nhs_number"] = self.next_nhs_number()
        fields.update(extra)
        person = people.create_person(**fields)
        if kind == "child":
            self.stats.children += 1
        else:
            self.stats.adults += 1
        return person

    def supervisors(self) -> list:
        """Social workers who may supervise a Family Help practitioner (no draw from the return-shaping stream)."""
        return [w for members in self.workers.values() for w in members if w.role_id == Role.SOCIAL_WORKER]

    def worker(self, service: str):
        team = self.rng.choice(self.teams[service])
        members = self.workers[team.pk]
        return team, self.rng.choice(members[1:] or members)

    # ---- families ----------------------------------------------------------------------------

    def make_family(self):
        self.stats.families += 1
        kind = weighted(self.rng, [("uasc", 3), ("teen_in_care", 5), ("infant_in_care", 4), ("usual", 88)])
        if self.people_only:
            kind = "usual"
        if kind == "uasc":
            return self.make_uasc()
        window = (self.as_of - self.start).days - 3
        if kind != "usual":  # care stories need time to play out: start them in the first half
            window //= 2
        first_contact = self.start + timedelta(days=self.rng.randint(0, window))
        surname = self.fake.last_name()
        postcode = self.rng.choice(self.home_postcodes)
        years = self.rng.randint(19, 42)
        if kind == "teen_in_care":  # her child is 13 to 16: she is 15 to 41 at the birth (16 or under rarely)
            years += 12
        mother = self.person(kind="adult", sex="F", last_name=surname,
                             dob=first_contact - timedelta(days=365 * years + self.rng.randint(0, 364)))
        ethnicity = mother.ethnicity
        father = None
        if self.rng.random() < 0.55:
            father = self.person(kind="adult", sex="M", last_name=surname if self.rng.random() < 0.6 else None,
                                 dob=mother.date_of_birth - timedelta(days=self.rng.randint(-1500, 3000)), ethnicity=ethnicity)
        home = dict(line_1=f"{self.rng.randint(1, 180)} {self.fake.street_name()}", town="Synthshire", postcode=postcode)
        people.add_address(mother, start_date=mother.date_of_birth + timedelta(days=365 * 18), **home)
        children = []
        n_children = 1 if kind != "usual" else weighted(self.rng, [(1, 35), (2, 30), (3, 20), (4, 10), (5, 5)])
        mother_age = (first_contact - mother.date_of_birth).days
        ages: list[int] = []
        for _ in range(n_children):
            oldest = min(17 * 365 + 300, max(30, mother_age - 17 * 365))
            age_days = self.rng.randint(0, oldest)
            if kind == "teen_in_care":
                age_days = self.rng.randint(13 * 365, 16 * 365)
            elif kind == "infant_in_care":
                age_days = self.rng.randint(10, 500)
            age_days = possible_birth(age_days, ages, oldest)
            ages.append(age_days)
            dob = first_contact - timedelta(days=age_days)
            child_surname = surname if self.rng.random() < 0.85 else self.fake.last_name()
            if father and father.last_name != surname and self.rng.random() < 0.3:
                child_surname = f"{surname}-{father.last_name}"  # a double-barrelled surname
            children.append(self.person(last_name=child_surname, dob=dob, ethnicity=ethnicity))
        if kind == "usual" and self.rng.random() < 0.12:  # a pregnancy the front door hears about
            edd = first_contact + timedelta(days=self.rng.randint(30, 150))
            # Born at least 300 days after the youngest (the birth may come 14 days early; a pregnancy is
            # heard of at most 250 days before it is due).
            youngest_born = first_contact - timedelta(days=min(ages)) if ages else None
            if youngest_born and (edd - timedelta(days=14) - youngest_born).days < 300:
                edd = min(youngest_born + timedelta(days=314), first_contact + timedelta(days=250))
        else:
            edd, youngest_born = None, None
        if edd and not (youngest_born and (edd - timedelta(days=14) - youngest_born).days < 300):  # else: too soon, no pregnancy
            unborn = self.person(last_name=surname, dob=None, edd=edd, sex="U", ethnicity=ethnicity)
            born = edd + timedelta(days=self.rng.randint(-14, 10))
            if born <= self.as_of:
                sex = self.rng.choice("MF")
                people.record_birth(unborn, born, sex, first_name=self.fake.first_name_male() if sex == "M" else self.fake.first_name_female(),
                                    disabilities=["NONE"])
                if (self.as_of - born).days / 365.25 >= 4.5:  # at school by now: a UPN replaces UN1 (rule 209)
                    people.give_upn(unborn, self.next_upn())
            children.append(unborn)
        # Sometimes the youngest children have another father: they are half-siblings of the others.
        second_father = None
        if father and len(children) >= 2 and self.extra.random() < 0.25:
            second_father = self.extra_person(sex="M", last_name=self.fake_extra.last_name(),
                                              dob=mother.date_of_birth - timedelta(days=self.extra.randint(-1000, 2500)), ethnicity=ethnicity)
        fathers = {}
        for i, child in enumerate(children):
            people.add_address(child, start_date=child.date_of_birth or first_contact, **home)
            people.add_relationship(child, mother, "mother", parental_responsibility=True, lives_with=True, reciprocal="child",
                                    pr_basis="birth", pr_start_date=child.date_of_birth)
            if father:
                his = second_father if second_father and i == len(children) - 1 else father
                fathers[child.pk] = his
                pr = self.rng.random() < 0.8
                people.add_relationship(child, his, "father", parental_responsibility=pr,
                                        lives_with=self.rng.random() < 0.5, reciprocal="child",
                                        pr_basis="marriage_or_registration" if pr else "",
                                        pr_start_date=child.date_of_birth if pr else None)
        for i, a in enumerate(children):  # every sibling to every other, whole or half
            for b in children[i + 1:]:
                kind_of = "sibling" if fathers.get(a.pk) is fathers.get(b.pk) else "half_sibling"
                people.add_relationship(a, b, kind_of, lives_with=True, reciprocal=kind_of)
        if second_father and father is not None:  # a second father only where there was a first
            people.add_relationship(mother, father, "former_partner", reciprocal="former_partner")
        self.household_and_moves(mother, children, first_contact)
        self.around_the_children(children)
        if self.rng.random() < 0.06:
            people.add_alert(mother, kind="marac", start_date=first_contact, note="MARAC case; see domestic abuse notes")
        if father and self.rng.random() < 0.05:
            people.add_alert(father, kind="risk_to_staff", start_date=first_contact, note="Do not visit alone")
        if ethnicity in ("WOTH", "APKN", "ABAN", "OOTH", "BAFR", "CHNE") and self.rng.random() < 0.4:
            people.add_alert(mother, kind="interpreter", start_date=first_contact, note="Interpreter needed")

        if self.people_only:
            return
        family = Family(children=children, mother=mother, father=father, route=kind)
        if kind == "usual" and self.rng.random() < 0.22:  # contacts only: advice, signposting or early help
            self.contact_only(family, first_contact)
        else:
            self.referral_round(family, first_contact, previous_referral=None)
        self.top_up_contacts(family)
        self.documents_for(children, first_contact)

    # ---- the child's file: households, moves, professionals, documents and letters ---------------------

    def extra_person(self, *, sex, last_name, dob, ethnicity):
        first = self.fake_extra.first_name_male() if sex == "M" else self.fake_extra.first_name_female()
        person = people.create_person(kind="adult", first_name=first, last_name=last_name, sex=sex, date_of_birth=dob, ethnicity=ethnicity)
        self.stats.adults += 1
        return person

    def household_and_moves(self, mother, children, first_contact):
        """Mother and children share a household; one family in five moves (a few to a confidential address)."""
        together = [mother, *children]
        people.share_household(together, uuid.UUID(int=self.extra.getrandbits(128)))
        latest = max(a.start_date for a in Address.objects.filter(person__in=together, end_date__isnull=True))
        if self.extra.random() < 0.2 and (self.as_of - latest).days > 60:
            moved = latest + timedelta(days=self.extra.randint(30, (self.as_of - latest).days - 1))
            confidential = self.extra.random() < 0.15
            people.move_household(together, line_1=f"{self.extra.randint(1, 180)} {self.fake_extra.street_name()}", town="Synthshire",
                                  postcode=self.extra.choice(self.home_postcodes), start_date=moved, confidential=confidential)
            if confidential:
                people.add_alert(mother, kind="confidential_address", start_date=moved, note="Fled domestic abuse: do not share the address")

    def around_the_children(self, children):
        for child in children:
            if not child.date_of_birth:
                continue
            age = (self.as_of - child.date_of_birth).days / 365.25
            school = f"Synthshire {self.fake_extra.last_name()} {'Primary School' if age < 11 else 'Academy'}" if 4 <= age < 16 else ""
            people.record_around_the_child(child, gp_practice=f"{self.fake_extra.last_name()} Medical Practice", school=school,
                                           first_language="English" if self.extra.random() < 0.9 else "Polish")
            if age < 5:
                people.add_professional_around(child, name=self.fake_extra.name(), agency="Synthshire Health Visiting", role="Health visitor",
                                               contact="0113 496 0000")
            elif school:
                people.add_professional_around(child, name=self.fake_extra.name(), agency=school, role="Designated safeguarding lead",
                                               contact="dsl@school.example")

    def documents_for(self, children, first_contact):
        """A report on some children's records, and for a few a letter to each parent with parental responsibility."""
        for child in children:
            if self.extra.random() < 0.06:
                add_document(child, data=SYNTHETIC_PDF, original_name="report.pdf", kind="report",
                             title=self.extra.choice(["School report", "Health visitor report", "Police notification"]),
                             date=min(first_contact + timedelta(days=self.extra.randint(0, 60)), self.as_of))
        if children and self.extra.random() < 0.01:
            child = children[0]
            template = current_templates()["contact_outcome"]
            for to in addressees(child, self.as_of):
                values = merge_values(child, to, self.as_of)
                text, subject = fill(template.body, values), fill(template.subject, values)
                if not letter_problems(child, to, f"{subject}\n{text}", self.as_of):
                    produce_letter(child, to, template, text=text, subject=subject, today=self.as_of, sent_how="post",
                                   html=f"<h1>{escape(subject)}</h1><p>{escape(text)}</p>")

    def make_uasc(self):
        arrival = self.start + timedelta(days=self.rng.randint(0, (self.as_of - self.start).days - 3))
        dob = arrival - timedelta(days=self.rng.randint(14 * 365, 17 * 365 + 200))
        child = self.person(sex="M" if self.rng.random() < 0.9 else "F", dob=dob,
                            ethnicity=weighted(self.rng, UASC_ETHNICITIES), upn_unknown_reason="UN2")
        people.add_alert(child, kind="interpreter", start_date=arrival, note="Interpreter needed")
        family = Family(children=[child], mother=None, father=None, uasc=True, route="uasc")
        self.referral_round(family, arrival, previous_referral=None, source="7", need="N8")
        self.top_up_contacts(family)

    # ---- contacts ------------------------------------------------------------------------------

    def decision_day(self, day):
        decided = day if self.rng.random() < 0.85 else add_working_days(day, self.rng.choice([1, 1, 2, 3]))
        return min(decided, self.as_of)

    def contact(self, child, day, *, source, reason, outcome, decider=None, decided=None):
        decided = decided or self.decision_day(day)
        contact = cw.record_contact(
            child, received_at=at(day, self.rng.randint(8, 17), self.rng.choice([0, 15, 30, 45])), source=source,
            reason=reason, consent=weighted(self.rng, [("given", 70), ("not_sought", 20), ("refused", 10)]),
            consent_not_sought_reason="Seeking consent would place the child at risk of harm",
            details="Synthetic contact text.", referrer_name=self.fake.name(),
            referrer_confidential=self.rng.random() < 0.05, recorded_by=decider,
        )
        self.stats.contacts += 1
        if outcome is None:
            return contact, None
        referral = steps.decide_a_contact(contact, outcome=outcome, decided_at=at(decided, 18), by=decider,
                                          signed_off=self.signed_off(decider.team_id, decided))
        return contact, referral

    def holding_team(self, child, day: date) -> int:
        """The team holding the child that day (the front door's while none does): its manager signs off."""
        team_id = (Allocation.objects.filter(child=child, kind=AllocationKind.SOCIAL_WORKER, start_date__lte=day)
                   .order_by("-start_date", "-pk").values_list("team_id", flat=True).first())
        return team_id if team_id in self.workers else self.teams["front door"][0].pk

    def signed_off(self, team_id: int, day: date) -> SignOff:
        """What the forms send to a manager was signed off by the team's manager that day."""
        return SignOff(self.workers[team_id][0], day)

    def contact_only(self, family: Family, day: date):
        for child in family.living(day):
            outcome = weighted(self.rng, [("advice", 35), ("early_help", 30), ("signpost", 15), ("nfa", 20)])
            team, worker = self.worker("front door")
            self.contact(child, day, source=weighted(self.rng, REFERRAL_SOURCES), reason="family_stress",
                         outcome=outcome, decider=worker)
            if outcome == "early_help":
                end = day + timedelta(days=self.rng.randint(60, 300))
                cw.record_early_help(child, start_date=day, lead_organisation="Synthshire Family Hub",
                                     assessment_start=min(day + timedelta(days=7), self.as_of),
                                     assessment_completed=min(day + timedelta(days=35), self.as_of) if day + timedelta(days=35) <= self.as_of else None,
                                     end_date=end if end <= self.as_of else None,
                                     outcome="needs_met" if end <= self.as_of else "")

    def top_up_contacts(self, family: Family):
        """Contacts that went no further, so that about a third of contacts become referrals."""
        team, worker = self.worker("front door")
        target = self.stats.referrals / RATES["contact_to_referral"]
        while self.stats.contacts < target - self.rng.random() * 2:
            child = self.rng.choice(family.children)
            earliest = child.date_of_birth or child.expected_date_of_birth - timedelta(days=120)
            earliest = max(earliest, self.start)
            if earliest >= self.as_of:
                return
            day = earliest + timedelta(days=self.rng.randint(0, (self.as_of - earliest).days))
            self.contact(child, day, source=weighted(self.rng, REFERRAL_SOURCES),
                         reason=self.rng.choice(["family_stress", "child_behaviour", "housing", "other"]),
                         outcome=weighted(self.rng, [("advice", 50), ("signpost", 20), ("nfa", 30)]), decider=worker)

    # ---- the journey -----------------------------------------------------------------------------

    def referral_round(self, family: Family, day: date, previous_referral: date | None, source=None, need=None):
        """One referral of a family's children, stage by stage: the contact and referral, the assessment (with a
        section 47 enquiry and conference when there is one), then a plan, care or closing, and perhaps a
        re-referral. Each stage draws from the generator in the order it did before the split."""
        # A child whose case is still open (in care, on a plan) is not referred again: one open
        # episode per child (CIN rules 8815, 8820).
        open_cases = set(Referral.objects.filter(child__in=family.children, closure_date__isnull=True)
                         .values_list("child_id", flat=True))
        children = [c for c in family.living(day) if c.pk not in open_cases]
        if not children:
            return
        referrals, need, a_team = self._refer(family, children, day, previous_referral, source, need)
        ref_date = referrals[0].referral_date
        weight = len(children)
        in_care_story = family.route in ("uasc", "teen_in_care", "infant_in_care") and previous_referral is None
        s47 = self.quota["referral_to_s47"].draw(weight) if family.route != "uasc" else False
        if family.route == "uasc":
            self.quota["referral_to_s47"].cases += weight
        if not s47 and not in_care_story and self.rng.random() < 0.07:  # referral, no further action
            for referral in referrals:
                closed = min(ref_date + timedelta(days=self.rng.randint(0, 3)), self.as_of)
                steps.close_a_case(referral, closure_date=closed, reason="RC7", nfa=True, by=None,
                                   signed_off=self.signed_off(a_team.pk, closed))
            self.end_allocations(children, ref_date)
            return self.maybe_rerefer(family, ref_date, ref_date)

        for referral in referrals:
            cw.set_primary_need(referral, need)
        assessment_start = min(ref_date + timedelta(days=self.rng.choice([0, 0, 1, 2, 3, 5])), self.as_of)
        assessments = [cw.start_assessment(r, start_date=assessment_start) for r in referrals]
        if s47:
            enquiry = self._section47(children, referrals, ref_date, weight, in_care_story, a_team)
            if enquiry is None:
                return  # the conference has not happened yet: the enquiry is still open
            outcome_plan, end_of_episode, cp_plans = enquiry
        elif in_care_story:
            outcome_plan, end_of_episode, cp_plans = "lac", ref_date, []
        else:
            outcome_plan, end_of_episode, cp_plans = weighted(self.rng, [("cin", 33), (None, 67)]), ref_date, []
        auth_day = self._authorise_assessments(family, assessments, ref_date, assessment_start, outcome_plan, s47, a_team)
        if auth_day is None:
            return  # assessment still in progress today: the episode stays open
        end_of_episode = max(end_of_episode, auth_day)
        self._after_assessment(family, children, referrals, ref_date, auth_day, end_of_episode, outcome_plan, cp_plans, s47)

    def _refer(self, family, children, day, previous_referral, source, need):
        """The contacts, decided as referrals by the front door, and the children allocated for assessment."""
        source = source or weighted(self.rng, REFERRAL_SOURCES)
        need = need or weighted(self.rng, PRIMARY_NEEDS)
        team, front_door = self.worker("front door")
        reason = "pre_birth" if all(c.is_unborn_on(day) for c in children) else CONTACT_REASONS.get(need, "other")
        referrals = []
        decided = self.decision_day(day)
        for child in children:
            _, referral = self.contact(child, day, source=source, reason=reason, outcome="referral", decider=front_door,
                                       decided=decided)
            referrals.append(referral)
            self.stats.referrals += 1
        if previous_referral and (day - previous_referral).days < 365:
            self.stats.extra["rereferrals"] = self.stats.extra.get("rereferrals", 0) + len(children)
        ref_date = referrals[0].referral_date
        a_team, a_worker = self.worker("assessment")
        for child in children:
            cw.allocate(child, worker=a_worker, team=a_team, start_date=ref_date, reason="FCONTA")
            self.note(child, ref_date, "multi_agency", "Referral received", significant=True, author=front_door)
        return referrals, need, a_team

    def _section47(self, children, referrals, ref_date, weight, in_care_story, a_team):
        """The strategy discussion and enquiry, and the initial conference when there is one. Returns (what
        follows: "cp", "cin", "lac" or None; the episode's last event; the plans made), or None while the
        conference has not happened yet."""
        cp_plans: list = []
        strategy_day = min(ref_date + timedelta(days=self.rng.choice([0, 0, 1, 1, 2, 4])), self.as_of)
        discussions = [meeting_steps.hold_strategy_discussion(r, held_on=strategy_day, section47_agreed=True, by=None,
                                                              **self.practice.strategy_discussion(strategy_day))
                       for r in referrals]
        for action in Recommendation.objects.filter(meeting__in=[d.meeting for d in discussions], due_on__lte=self.as_of):
            meeting_services.complete_recommendation(action, done_on=action.due_on, note="Done: the child was seen.")
        enquiries = [h.enquiry for h in discussions if h.enquiry is not None]  # each agreed an enquiry
        for child in children:
            self.note(child, strategy_day, "meeting", "Strategy discussion: section 47 agreed", significant=True)
        icpc = self.quota["s47_to_icpc"].draw(weight)
        if not icpc:
            s47_end = min(strategy_day + timedelta(days=self.rng.randint(5, 25)), self.as_of)
            for e in enquiries:
                outcome = self.rng.choice(["nfa", "continue_cin"])
                steps.record_section47_outcome(e, end_date=s47_end, outcome=outcome, by=None,
                                               signed_off=self.signed_off(a_team.pk, s47_end),
                                               **self.practice.section47_findings(e, outcome, ended=s47_end))
            outcome_plan = "cin" if self.rng.random() < 0.3 else None
            return ("lac" if in_care_story else outcome_plan), s47_end, cp_plans
        icpc_day = add_working_days(strategy_day, weighted(self.rng, [(8, 2), (10, 3), (12, 3), (14, 3), (15, 2), (18, 1), (22, 1)]))
        if icpc_day > self.as_of:  # the conference has not happened yet: enquiry still open
            self.quota["s47_to_icpc"].hits -= weight  # so later enquiries make up the rate
            return None
        plan = self.quota["icpc_to_plan"].draw(weight)
        chair = self.worker("reviewing")[1]
        for r, e in zip(referrals, enquiries, strict=False):
            steps.record_section47_outcome(e, end_date=icpc_day, outcome="icpc", by=None,
                                           signed_off=self.signed_off(a_team.pk, icpc_day),
                                           **self.practice.section47_findings(e, "icpc", ended=icpc_day))
            held = meeting_steps.hold_conference(r, held_on=icpc_day, outcome="plan" if plan else "no_plan", chair=chair,
                                                 enquiry=e, category=weighted(self.rng, CATEGORIES) if plan else "", by=None,
                                                 **self.practice.initial_conference(icpc_day, makes_plan=plan))
            if held.plan is not None:
                cp_plans.append(held.plan)
        for child in children:
            self.note(child, icpc_day, "meeting", "Initial child protection conference", significant=True)
        outcome_plan = "cp" if plan else ("cin" if self.rng.random() < 0.6 else None)
        if in_care_story and not plan:
            outcome_plan = "lac"
        return outcome_plan, icpc_day, cp_plans

    def _authorise_assessments(self, family, assessments, ref_date, assessment_start, outcome_plan, s47, a_team):
        """The assessment is authorised within (mostly) 45 working days of the referral; None while it is not yet."""
        auth_day = add_working_days(ref_date, weighted(self.rng, [(15, 2), (25, 3), (35, 4), (44, 3), (50, 1), (60, 1)]))
        auth_day = max(auth_day, assessment_start)
        if auth_day > self.as_of:
            return None
        factors = self.rng.sample(FACTORS, self.rng.randint(1, 3)) if outcome_plan or s47 else ["21"]
        if family.uasc:
            factors = ["9A"]
        outcome = {"cp": "strategy", "cin": "cin_plan", "lac": "looked_after"}.get(
            outcome_plan or "", "strategy" if s47 else self.rng.choice(["nfa", "early_help"]))
        manager = self.workers[a_team.pk][0]
        for a in assessments:
            cw.authorise_assessment(a, authorised_date=auth_day, factors=factors, outcome=outcome,
                                    child_seen=True, child_seen_date=assessment_start + timedelta(days=2),
                                    authorised_by=manager)
            cw.request_authorisation(a.child, cw.Kind.ASSESSMENT, a, requested_by=None, signed_off=SignOff(manager, auth_day),
                                     summary=f"Assessment (its outcome: {lists.ASSESSMENT_OUTCOME.label(outcome).lower()})")
        self.practice.assessment_text(assessments)
        return auth_day

    def _after_assessment(self, family, children, referrals, ref_date, auth_day, end_of_episode, outcome_plan, cp_plans, s47):
        """A child in need plan, the child protection plans, care, or closing the episode (and perhaps a re-referral)."""
        if outcome_plan == "cin" and not cp_plans:
            start = auth_day
            cin_plans = [cw.start_cin_plan(r, start_date=start) for r in referrals]
            months = self.rng.randint(3, 18)
            end = start + timedelta(days=30 * months)
            self.practice.cin_plan(cin_plans, start, end)
            self.practice.family_help(children, start, end if end <= self.as_of else None, self.supervisors())
            self.visits(children, start, min(end, self.as_of), every_days=28, kind="cin")
            if end > self.as_of:
                if self.rng.random() < 0.04:
                    self.looked_after(family, children, referrals, start + timedelta(days=self.rng.randint(20, 120)),
                                      cin_plans=cin_plans)
                return
            if self.rng.random() < 0.05:
                return self.looked_after(family, children, referrals, start + timedelta(days=self.rng.randint(20, 120)),
                                         cin_plans=cin_plans)
            for p in cin_plans:
                cw.end_plan(p, end_date=end)
            end_of_episode = end
            reason = "RC7"
        elif cp_plans:
            end_of_episode, reason = self.run_cp_plans(family, children, referrals, cp_plans)
            if end_of_episode is None:
                return
        elif outcome_plan == "lac":
            return self.looked_after(family, children, referrals, auth_day if not family.uasc else ref_date)
        else:
            reason = "RC8" if not s47 and self.rng.random() < 0.7 else ("RC9" if not s47 else "RC7")

        close_day = min(end_of_episode + timedelta(days=self.rng.randint(0, 14)), self.as_of)
        for r in referrals:
            steps.close_a_case(r, closure_date=close_day, reason=reason, by=None,
                               signed_off=self.signed_off(self.holding_team(r.child, close_day), close_day))
        self.end_allocations(children, close_day)
        self.maybe_rerefer(family, ref_date, close_day)

    def run_cp_plans(self, family, children, referrals, plans):
        """Reviews, visits and the end of the plans; may lead into care. Returns (end day, reason)."""
        start = plans[0].start_date
        cp_team, cp_worker = self.worker("child protection")
        for child in children:
            cw.allocate(child, worker=cp_worker, team=cp_team, start_date=start, reason="TSPROC")
        duration = weighted(self.rng, [(95, 2), (200, 3), (300, 3), (450, 2), (700, 1)])
        end = start + timedelta(days=duration)
        core_group = add_working_days(start, self.rng.choice([5, 8, 10, 10, 12]))
        for plan in plans:
            if core_group <= self.as_of:
                cw.record_core_group(plan, date=core_group)
        review = start + timedelta(days=self.rng.randint(80, 92))
        chair = self.worker("reviewing")[1]
        while review < min(end, self.as_of):
            for r, plan in zip(referrals, plans, strict=False):
                steps.record_conference(r, date=review, outcome="continue", plan=plan, chair=chair, by=None)
            review += timedelta(days=self.rng.randint(150, 182))
        self.practice.cp_plan(plans)
        self.visits(children, start, min(end, self.as_of), every_days=14, kind="cp", worker=cp_worker)
        go_into_care = self.rng.random() < (0.9 if family.route == "infant_in_care" else 0.22)
        if go_into_care:
            lac_day = start + timedelta(days=self.rng.randint(20, min(duration, 300)))
            if lac_day <= self.as_of:
                for plan in plans:
                    cw.end_plan(plan, end_date=lac_day)
                self._pre_for_care = self.practice.pre_proceedings(children, start, lac_day, issue=True)
                self.looked_after(family, children, referrals, lac_day)
                return None, None
        if end > self.as_of:
            if (self.as_of - start).days > 90 and self.practice.rng.random() < 0.3:  # in pre-proceedings now, undecided
                self.practice.pre_proceedings(children, start, self.as_of + timedelta(days=self.practice.rng.randint(20, 80)),
                                              issue=False)
            return None, None
        if duration > 250 and self.practice.rng.random() < 0.1:  # pre-proceedings that stepped down
            self.practice.pre_proceedings(children, start, end - timedelta(days=20), issue=False)
        if self.rng.random() < 0.1:
            for plan in plans:
                cw.change_category(plan, weighted(self.rng, CATEGORIES))
        for r, plan in zip(referrals, plans, strict=False):
            steps.record_conference(r, date=end, outcome="end", plan=plan, chair=chair, by=None)
        for child in children:
            self.note(child, end, "meeting", "Review conference: plan ended", significant=True)
        if self.rng.random() < 0.5:  # stepped down to a child in need plan
            cin_end = end + timedelta(days=self.rng.randint(60, 240))
            plans_cin = [cw.start_cin_plan(r, start_date=end) for r in referrals]
            if cin_end > self.as_of:
                return None, None
            for p in plans_cin:
                cw.end_plan(p, end_date=cin_end)
            return cin_end, "RC7"
        return end, "RC7"

    def looked_after(self, family, children, referrals, day, cin_plans=()):
        """Children come into care: legal status, placements, reviews, health, and how care ends."""
        if day > self.as_of:
            return
        for p in cin_plans:
            if p.end_date is None:
                cw.end_plan(p, end_date=day)
        lac_team, lac_worker = self.worker("looked after")
        iro = self.worker("reviewing")[1]
        for child, referral in zip(children, referrals, strict=False):
            if child.is_unborn_on(day):
                continue
            age = child.age_on(day)
            if age is None or age >= 18:
                continue
            route = weighted(self.rng, [("s20", 45), ("ico", 40), ("police", 15)]) if not family.uasc else "s20"
            if family.route == "infant_in_care":
                route = "ico"
            adoption_route = route == "ico" and age < 3 and self.rng.random() < (0.8 if family.route == "infant_in_care" else 0.5)
            first_status = {"s20": "V2", "ico": "C1", "police": "L1"}[route]
            placement = self.placement_for(age, first=True)
            need = referral.primary_need if referral.primary_need in {f"N{i}" for i in range(1, 9)} else "N1"
            period = steps.record_becoming_looked_after(child, start_date=day, legal_status=first_status, category_of_need=need,
                                                        placement=placement, referral=referral, by=None,
                                                        signed_off=self.signed_off(lac_team.pk, day))
            cw.allocate(child, worker=lac_worker, team=lac_team, start_date=day, reason="TSPROC")
            cw.allocate(child, worker=iro, team=iro.team, start_date=day, kind=AllocationKind.IRO)
            self.note(child, day, "visit", "Became looked after", significant=True, author=lac_worker)
            if family.uasc:
                dob = child.date_of_birth
                cw.record("uasc", child, start_date=day,
                          end_date=birthday(dob, 18)
                          if date(dob.year + 18, dob.month, 28) <= self.as_of else None)
            cw.record("previous_permanence", child, kind="Z1")
            if route == "police":
                cw.record_legal_order(child, kind="police_protection", start_date=day, end_date=day + timedelta(days=2))
                if day + timedelta(days=2) <= self.as_of:
                    cw.change_legal_status(period, date=day + timedelta(days=2), code="V2")
            if route == "ico":
                cw.record_legal_order(child, kind="interim_care", start_date=day)
            self.care_story(child, period, day, route, adoption_route, lac_worker, iro)
        in_court = [c for c in children if m.LegalOrder.objects.filter(child=c, kind="interim_care", start_date=day).exists()]
        self.practice.proceedings(in_court, self._pre_for_care, day)
        self._pre_for_care = None
        self.practice.liberty(children)
        self.practice.kinship(children)
        self.practice.care_plans(children)

    def placement_for(self, age, first=False):
        if age is not None and age >= 16 and self.rng.random() < 0.4:
            code = "K3" if self.as_of.year >= 2024 else "H5"
        elif age is not None and age >= 12 and self.rng.random() < 0.25:
            code = "K2"
        else:
            code = weighted(self.rng, [("U6", 50), ("U4", 12), ("U3", 18), ("U1", 5), ("P1", 3 if not first else 0)])
        provider = {"U1": "PR1", "U3": "PR1", "P1": "PR0", "K2": "PR4", "K3": "PR4"}.get(code) or weighted(
            self.rng, [("PR1", 60), ("PR4", 35), ("PR5", 5)])
        out_of_area = self.rng.random() < 0.3
        urn = f"SC{self.rng.randint(100000, 999999)}" if code in ("K2", "K3") else ""
        # Supported accommodation (K3) is in the authority's own area (rule 241 ties its URN to the LA).
        postcode = self.rng.choice(self.other_postcodes if out_of_area and code != "K3" else self.home_postcodes)
        carer = f"CARER{self.rng.randint(1, 400):04d}"
        if code.startswith("U"):  # fostering: the URN of the fostering service (the LA's own, or an agency's)
            urn = self.fostering_urn(provider, carer)
        return dict(placement_type=code, provider=provider, postcode=postcode, urn=urn, carer_reference=carer,
                    carer_name=self.fake.name(), intended_until_18=code in ("U1", "U4"))

    @staticmethod
    def legal_status_on(period, day) -> str:

        current = LegalStatus.objects.filter(period=period, start_date__lte=day).order_by("-start_date", "-pk").first()
        return current.code if current else ""

    def fostering_urn(self, provider: str, carer: str) -> str:
        """The LA's fostering service, or one of a few independent agencies (chosen by carer, so a
        carer always belongs to the same service); no extra random draws, so seeds stay stable."""
        if provider == "PR1":
            return f"SC{100000 + int(self.la_number) * 7:06d}"
        return f"SC{500000 + int(carer[5:]) % 8 * 1111:06d}"

    def care_story(self, child, period, day, route, adoption_route, worker, iro):
        """A period of care from ``day``, stage by stage (each draws from the generator in the same order as
        before the split, so a seed gives the same authority)."""
        eighteenth = birthday(child.date_of_birth, 18)
        planned_end = min(day + timedelta(days=self._care_length(child, day, route, adoption_route)), eighteenth)
        horizon = min(planned_end, self.as_of)
        self._looked_after_reviews(child, period, day, horizon, iro)
        self.visits([child], day, horizon, every_days=42, kind="cla", worker=worker)
        self._health_checks(child, day, horizon)
        self._missing_episodes(child, day, horizon)
        cw.record("permanence_plan", child, date=min(add_working_days(day, 40), horizon),
                  plan="adoption" if adoption_route else weighted(self.rng, [("return_home", 40), ("long_term_fostering", 30),
                                                                           ("sgo_cao", 15), ("residential", 5), ("supported_living", 10)]))
        self._placement_moves(child, period, day, horizon, adoption_route, worker)
        if route == "ico" and self._court_route(child, period, day, horizon, eighteenth, adoption_route, worker, iro):
            return
        self._end_of_care(child, period, planned_end, eighteenth, worker)

    def _care_length(self, child, day, route, adoption_route) -> int:
        """How long the period is planned to last, in days (adolescents under section 20 often stay until 18)."""
        if adoption_route:
            return self.rng.randint(420, 800)
        if route == "s20" and child.age_on(day) >= 13:
            return weighted(self.rng, [(200, 2), (800, 2), (3000, 5)])
        if route == "s20":
            return weighted(self.rng, [(60, 3), (200, 3), (500, 2), (1500, 2)])
        return weighted(self.rng, [(300, 2), (700, 3), (1500, 3), (3000, 2)])

    def _looked_after_reviews(self, child, period, day, horizon, iro):
        """Reviews: 20 working days, then 3 months, then every 6 months."""
        review = add_working_days(day, self.rng.choice([15, 18, 20, 20, 22]))
        gap = 91
        while review <= horizon:
            age = child.age_on(review)
            cw.record("review", child, period=period, date=review, chair=iro,
                      participation="PN0" if age < 4 else weighted(self.rng, [("PN1", 50), ("PN3", 10), ("PN5", 15), ("PN6", 15), ("PN7", 10)]))
            review += timedelta(days=gap)
            gap = 182

    def _health_checks(self, child, day, horizon):
        """The initial health assessment, then yearly health, dental, immunisation and SDQ."""
        iha = add_working_days(day, self.rng.choice([10, 15, 20, 25]))
        if iha <= horizon:
            cw.record("health_assessment", child, date=iha, kind="initial")
        check = iha + timedelta(days=365)
        # Looked after 12 months by a 31 March: that year's return wants an SDQ (rule 186), so the first
        # yearly check is brought forward into that collection year when the anniversary of the IHA is later.
        first_due = year_end(day + timedelta(days=365)) - timedelta(days=14)
        if first_due < check:
            check = max(first_due, iha + timedelta(days=90))
        while check <= horizon:
            cw.record("health_assessment", child, date=check, kind="review")
            cw.record("dental_check", child, date=min(check + timedelta(days=self.rng.randint(-60, 30)), self.as_of))
            cw.record("immunisation", child, date=check, up_to_date=self.rng.random() < 0.9)
            age = child.age_on(check)
            if 4 <= age <= 16:
                if self.rng.random() < 0.85:
                    cw.record("sdq", child, date=check, score=self.rng.randint(4, 30))
                else:
                    cw.record("sdq", child, date=check, reason_not_completed=self.rng.choice(["SDQ2", "SDQ4", "SDQ5"]))
            elif (age == 17 and child.age_on(year_start(check)) < 17) or (age == 3 and child.age_on(year_end(check)) >= 4):
                # Turning 4 or 17 this collection year: the return still asks why there is no SDQ (197B, 188).
                cw.record("sdq", child, date=check, reason_not_completed="SDQ1")
            check += timedelta(days=365)

    def _missing_episodes(self, child, day, horizon):
        """A quarter of children looked after from 12 go missing or away, one to four times."""
        if child.age_on(day) >= 12 and self.rng.random() < 0.25:
            for _ in range(self.rng.randint(1, 4)):
                start = day + timedelta(days=self.rng.randint(5, max(6, (horizon - day).days)))
                if start >= horizon:
                    continue
                back = start + timedelta(days=self.rng.choice([0, 1, 1, 2, 3]))
                offered = self.rng.random() < 0.9
                cw.record("missing", child, kind=weighted(self.rng, [("M", 70), ("A", 30)]), start_date=start,
                          end_date=back if back <= self.as_of else None, return_interview_offered=offered,
                          return_interview_accepted=offered and self.rng.random() < 0.6,
                          return_interview_date=back + timedelta(days=2) if offered and back + timedelta(days=2) <= self.as_of else None)

    def _placement_moves(self, child, period, day, horizon, adoption_route, worker):
        """None to three moves (none on the adoption route), each with its reason and a visit after."""
        moves = 0 if adoption_route else weighted(self.rng, [(0, 50), (1, 30), (2, 13), (3, 7)])
        move_day = day
        for _ in range(moves):
            move_day = move_day + timedelta(days=self.rng.randint(30, 300))
            if move_day >= horizon:
                break
            reason = weighted(self.rng, [("CARPL", 40), ("CREQB", 20), ("CREQO", 15), ("CHILD", 10), ("STAND", 5), ("OTHER", 10)])
            placement = self.placement_for(child.age_on(move_day))
            if placement["placement_type"] == "P1" and self.legal_status_on(period, move_day) in ("V2", "V3", "V4"):
                # Placement with parents needs a care order: under section 20 the child goes to foster carers (378).
                placement.update(placement_type="U6", provider="PR1",
                                 urn=self.fostering_urn("PR1", placement["carer_reference"]))
            cw.move_placement(period, date=move_day, reason_changed=reason, **placement)
            self.note(child, move_day, "visit", "Placement move", significant=True, author=worker)
            cw.record("visit", child, date=min(move_day + timedelta(days=self.rng.randint(1, 6)), self.as_of), kind="cla",
                      seen=True, seen_alone=child.age_on(move_day) >= 5, worker=worker)

    def _court_route(self, child, period, day, horizon, eighteenth, adoption_route, worker, iro) -> bool:
        """An interim care order becomes a full care order; on the adoption route the story goes on there
        (True: the period's story is told)."""
        final = day + timedelta(days=self.rng.randint(150, 200))
        if final > horizon:
            return False
        cw.change_legal_status(period, date=final, code="C2")
        cw.record_legal_order(child, kind="care", start_date=final)
        if not adoption_route:
            return False
        if not self.adoption(child, period, final, worker, horizon):
            # The adoption stalled: the child stays looked after, with reviews and checks.
            self.continue_care(child, period, horizon, min(eighteenth, self.as_of), worker, iro)
        return True

    def _end_of_care(self, child, period, planned_end, eighteenth, worker):
        """Still looked after, 18, or ceased for a reason (home, SGO, CAO...), closing what was open."""
        if planned_end > self.as_of:
            return self.maybe_care_leaver(child, period, eighteenth, worker, still_looked_after=True)
        if planned_end == eighteenth:
            cw.cease_looked_after(period, date=eighteenth, reason=weighted(self.rng, [("E17", 30), ("E5", 40), ("E6", 20), ("E8", 10)]))
            self.close_open_referrals(child, eighteenth, "RC7")
            return self.maybe_care_leaver(child, period, eighteenth, worker, still_looked_after=False)
        reason = weighted(self.rng, [("E4A", 60), ("E4B", 10), ("E45", 8), ("E47", 8), ("E41", 6), ("E13", 4), ("E8", 4)])
        cw.cease_looked_after(period, date=planned_end, reason=reason)
        if reason in ("E45", "E47"):
            cw.record_legal_order(child, kind="sgo", start_date=planned_end)
        if reason == "E41":
            cw.record_legal_order(child, kind="cao", start_date=planned_end)
        self.note(child, planned_end, "management", "Ceased to be looked after", significant=True, author=worker)
        self.end_allocations([child], planned_end)
        self.close_open_referrals(child, planned_end, {"E45": "RC4", "E47": "RC4", "E41": "RC3"}.get(reason, "RC7"))

    def continue_care(self, child, period, after, until, worker, iro):
        """Reviews, visits and annual health checks from ``after`` to ``until``, carrying on each cadence."""
        if until <= after:
            return
        last_review = m.LookedAfterReview.objects.filter(child=child, period=period).order_by("-date").first()
        review = (last_review.date if last_review else after) + timedelta(days=182)
        while review <= until:
            cw.record("review", child, period=period, date=review, chair=iro,
                      participation="PN0" if child.age_on(review) < 4 else "PN1")
            review += timedelta(days=182)
        self.visits([child], after, until, every_days=42, kind="cla", worker=worker)
        last_check = m.HealthAssessment.objects.filter(child=child).order_by("-date").first()
        check = (last_check.date if last_check else after) + timedelta(days=365)
        while check <= until:
            cw.record("health_assessment", child, date=check, kind="review")
            cw.record("dental_check", child, date=check)
            cw.record("immunisation", child, date=check, up_to_date=True)
            age = child.age_on(check)
            if 4 <= age <= 16:
                cw.record("sdq", child, date=check, score=self.rng.randint(4, 30))
            elif (age == 17 and child.age_on(year_start(check)) < 17) or (age == 3 and child.age_on(year_end(check)) >= 4):
                cw.record("sdq", child, date=check, reason_not_completed="SDQ1")
            check += timedelta(days=365)

    def adoption(self, child, period, care_order_day, worker, horizon) -> bool:
        """The adoption route after the care order; False when it has not ended in adoption by ``as_of``."""
        adm = care_order_day + timedelta(days=self.rng.randint(-30, 20))
        if adm > self.as_of:
            return False
        journey = cw.record("adoption", child, should_be_placed_date=adm)
        placement_order = adm + timedelta(days=self.rng.randint(40, 120))
        if placement_order > self.as_of:
            return False
        cw.change_legal_status(period, date=placement_order, code="E1")
        cw.record_legal_order(child, kind="placement", start_date=placement_order)
        if self.rng.random() < 0.08:  # decision reversed
            reversed_day = placement_order + timedelta(days=self.rng.randint(60, 200))
            if reversed_day <= self.as_of:
                cw.record_adoption_milestones(journey, decision_reversed_date=reversed_day, reason_reversed="RD3")
                revoked = reversed_day + timedelta(days=28)  # the court revokes the placement order
                if revoked <= self.as_of:
                    cw.change_legal_status(period, date=revoked, code="C2")
            return False
        match = placement_order + timedelta(days=self.rng.randint(30, 200))
        if match > self.as_of:
            return False
        household = self.rng.choice(self.households)
        placed = match + timedelta(days=self.rng.randint(7, 40))
        cw.record_adoption_milestones(journey, matched_date=match, household=household)
        if placed > self.as_of:
            return False
        cw.move_placement(period, date=placed, reason_changed="CARPL", placement_type="A6", provider="PR1",
                          urn=lists.URN_NOT_OFSTED_REGISTERED,
                          postcode=self.rng.choice(self.home_postcodes), carer_reference=household.family_identifier,
                          carer_name=f"Adopters {household.family_identifier}")
        cw.record_adoption_milestones(journey, placed_date=placed)
        self.note(child, placed, "visit", "Placed for adoption", significant=True, author=worker)
        order = placed + timedelta(days=self.rng.randint(120, 300))
        if order > self.as_of:
            return False
        cw.record_adoption_milestones(journey, adoption_order_date=order)
        cw.record_legal_order(child, kind="adoption", start_date=order)
        cw.cease_looked_after(period, date=order, reason=weighted(self.rng, [("E11", 70), ("E12", 30)]))
        self.note(child, order, "management", "Adoption order made", significant=True, author=worker)
        self.end_allocations([child], order)
        self.close_open_referrals(child, order, "RC1")
        return True

    def maybe_care_leaver(self, child, period, eighteenth, worker, still_looked_after):
        """Needs assessment at 16, pathway plans, personal adviser and OC3 contacts after 18."""
        dob = child.date_of_birth
        sixteenth = date(dob.year + 16, eighteenth.month, eighteenth.day)
        if sixteenth < period.start_date or sixteenth > self.as_of:
            return
        cw.record("needs_assessment", child, date=min(sixteenth + timedelta(days=self.rng.randint(20, 85)), self.as_of))
        plan_day = sixteenth + timedelta(days=90)
        first = True
        while plan_day <= min(self.as_of, eighteenth + timedelta(days=365 * 3)):
            cw.record("pathway_plan", child, date=plan_day, is_review=not first)
            first = False
            plan_day += timedelta(days=self.rng.randint(150, 182))
        if still_looked_after or eighteenth > self.as_of:
            return
        lc_team, adviser = self.worker("care leavers")
        cw.allocate(child, worker=adviser, team=lc_team, start_date=eighteenth, kind=AllocationKind.PERSONAL_ADVISER)
        for age in range(18, 22):
            day = birthday(dob, age) + timedelta(days=self.rng.randint(-30, 30))
            if day > self.as_of:
                break
            in_touch = weighted(self.rng, [("YES", 88), ("NO", 6), ("REFU", 3), ("NREQ", 3)])
            if in_touch == "YES":
                activity = weighted(self.rng, [("F2", 25), ("F5", 20), ("F1", 8), ("F4", 7), ("P5", 8), ("G5", 20), ("G4", 6), ("G6", 6)])
                accommodation = weighted(self.rng, [("U1", 25), ("D1", 20), ("B1", 15), ("Z1", 10), ("E1", 10), ("T1", 5),
                                                    ("K1", 5), ("S2", 3), ("X2", 2), ("V2", 5)])
            else:  # not in touch: activity and accommodation are "not applicable", never blank (rule 153)
                activity, accommodation = "0", "0"
            cw.record("care_leaver_contact", child, date=day, in_touch=in_touch, activity=activity, accommodation=accommodation)

    # ---- helpers ---------------------------------------------------------------------------------

    def visits(self, children, start, end, every_days, kind, worker=None):
        day = start + timedelta(days=self.rng.randint(2, 7))
        while day <= end:
            made = {}
            for child in children:
                if child.is_unborn_on(day):
                    continue
                seen = self.rng.random() < 0.95
                seen_alone = (child.age_on(day) or 0) >= 5 and self.rng.random() < 0.7
                made[child.pk] = cw.record("visit", child, date=day, kind=kind, seen=seen, seen_alone=seen_alone, worker=worker,
                                           **self.practice.visit_detail(kind, seen, child.age_on(day)))
            if self.rng.random() < 0.3:
                for child in children:
                    self.note(child, day, "visit", self.rng.choice(NOTE_SUBJECTS["visit"]), author=worker, visit=made.get(child.pk))
            day += timedelta(days=every_days + self.rng.randint(-3, 6))

    def note(self, child, day, note_type, subject, significant=False, author=None, visit=None):
        if day > self.as_of:
            return
        add_case_note(child, author=author, date=day, note_type=note_type, subject=subject,
                      text=f"{subject}. Synthetic case note written by the generator; no real person is described.",
                      significant=significant, visit=visit)

    def end_allocations(self, children, day):
        for child in children:
            cw.end_allocations(child, end_date=day)

    def close_open_referrals(self, child, day, reason):

        for referral in Referral.objects.filter(child=child, closure_date__isnull=True):
            steps.close_a_case(referral, closure_date=day, reason=reason, by=None,
                               signed_off=self.signed_off(self.holding_team(child, day), day))

    def maybe_rerefer(self, family, referral_day, closed_day):
        """Bring the family back: within 12 months of the last referral for about a fifth of referrals."""
        quota_now = self.stats.extra.get("rereferrals", 0) / max(1, self.stats.referrals)
        latest = referral_day + timedelta(days=340)
        if quota_now < RATES["rereferral_12_months"] and closed_day + timedelta(days=14) < min(latest, self.as_of):
            day = closed_day + timedelta(days=self.rng.randint(14, (min(latest, self.as_of) - closed_day).days))
            return self.referral_round(family, day, previous_referral=referral_day)
        if self.rng.random() < 0.08:  # back after more than a year, and after the case closed
            day = max(referral_day + timedelta(days=self.rng.randint(380, 900)),
                      closed_day + timedelta(days=self.rng.randint(14, 120)))
            if day <= self.as_of:
                return self.referral_round(family, day, previous_referral=referral_day)


@dataclass
class Family:
    children: list
    mother: object
    father: object
    uasc: bool = False
    route: str = "usual"  # usual, uasc, teen_in_care, infant_in_care

    def living(self, day):
        """Children who exist (born, or known about before birth) and are under 18 on ``day``."""
        out = []
        for child in self.children:
            if child.is_unborn_on(day):
                if child.expected_date_of_birth - day <= timedelta(days=200):
                    out.append(child)
            elif child.date_of_birth and child.date_of_birth <= day and child.age_on(day) < 18:
                out.append(child)
        return out


def create_demo_users():
    """One sign-in per role, with the password printed by ``make demo``, and the work each finds."""
    with acting_as(label="seed: demo sign-ins", system=SystemActor.SEED), step(detail="demo sign-ins' work made"):
        return _create_demo_users()


def _create_demo_users():
    User = get_user_model()
    ensure_default_roles()
    created = []
    for username, label, role, team_name in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD)
        team = Team.objects.get_or_create(name=team_name, defaults={"service": "family help"})[0] if team_name else None
        professional = Professional.objects.create(user=user, name=f"{label} (demo)", team=team, role_id=role,
                                                   job_title=label, sw_england_number="SW000001")
        # Demo sign-ins are enrolled for two-factor; in demo mode they use the documented code.
        TwoFactorDevice.objects.create(user=user, secret=pyotp.random_base32(), confirmed_at=timezone.now())
        if role == Role.SOCIAL_WORKER:
            give_caseload(professional)
            take_one_family_to_court(professional)
        if role == Role.FAMILY_HELP_PRACTITIONER:
            lead_family_help(professional)
        if role == Role.IRO:
            give_reviews_to_chair(professional)
        if role == Role.TEAM_MANAGER:
            restrict_some_adoptions(named=[user])
            leave_referrals_waiting()
        created.append(username)
    if created:
        return_a_decision_to_the_front_door()
        leave_contacts_waiting()
        ask_for_break_glass()
    return created


def give_reviews_to_chair(iro, size: int = 6):
    """Make the demo IRO the allocated IRO of some looked-after children and book each one's next review
    in the coming weeks, so the IRO's My work shows what they will chair."""

    today = timezone.localdate()
    periods = PeriodOfCare.objects.filter(end_date__isnull=True, start_date__lt=today).select_related("child")[:size]
    for n, period in enumerate(periods):
        cw.allocate(period.child, worker=iro, team=None, start_date=today, kind=AllocationKind.IRO)
        cw.book_meeting(period.child, kind="lac_review", starts_at=timezone.make_aware(datetime.combine(today + timedelta(days=2 + 3 * n), time(10))),
                        venue=["At the foster home", "Civic Centre, room 2", "Video call (link sent to invitees)"][n % 3], chair=iro,
                        invitees="The child\nCarer\nSocial worker\nParents")


def return_a_decision_to_the_front_door():
    """A contact the demo front door decided, returned by the demo front door manager (who decides the front
    door's decisions) with a comment: the front door's first screen shows it to act on."""

    door = Professional.objects.filter(user__username="front.door").first()
    manager = Professional.objects.filter(user__username="front.door.manager").first()
    held = Allocation.objects.filter(end_date__isnull=True).values("child_id")
    child = (Person.objects.filter(kind="child", date_of_birth__isnull=False, date_of_death__isnull=True).exclude(pk__in=held)
             .order_by("pk").first())
    if not (door and manager and child):
        return
    waiting = cw.record_contact(child, received_at=timezone.now() - timedelta(hours=2), source="2A", reason="other", consent="given",
                                details="The school rang: the child said there is not enough food at home.",
                                referrer_name="Ms Head", referrer_organisation="Synthshire Primary School")
    steps.decide_a_contact(waiting, outcome="nfa", decided_at=timezone.now(), by=door, need_level="1",
                           rationale="Advice given to the caller; no further action.")
    asked = Authorisation.objects.get(contact=waiting, decision="")
    cw.return_for_changes(asked, by=manager, comment="The school raised this twice this term: check with them before closing.")


WAITING_CONTACTS = [  # (source, reason, referrer, what was said, urgency as the front door worker set it)
    ("2A", "abuse_neglect", "Ms Okoro, Synthshire Primary School", "Came to school with a cut lip and would not say how.", "same_day"),
    ("5D", "domestic_abuse", "PC Reid, Synthshire Police", "Police called to the home overnight: shouting reported by neighbours.",
     "24_hours"),
    ("1C", "parental_mental_health", "Dr Shah, Northgate Surgery", "Mother told her GP she cannot cope and is not sleeping.",
     "standard"),
]


def leave_contacts_waiting():
    """This morning's contacts, still to be decided: the front door's first screen."""
    held = Allocation.objects.filter(end_date__isnull=True).values("child_id")
    decided_today = Person.objects.filter(pk__in=Contact.objects.filter(received_at__date=timezone.localdate()).values("child_id"))
    under_18 = timezone.localdate().replace(year=timezone.localdate().year - 17, month=1, day=1)  # children, never adults
    door = Professional.objects.filter(user__username="front.door").first()
    children = (Person.objects.filter(kind="child", date_of_birth__gte=under_18, date_of_death__isnull=True).exclude(pk__in=held)
                .exclude(pk__in=decided_today).order_by("-pk")[:len(WAITING_CONTACTS)])
    for n, (child, (source, reason, referrer, said, urgency)) in enumerate(zip(children, WAITING_CONTACTS, strict=False)):
        name, organisation = referrer.split(", ")
        cw.record_contact(child, received_at=timezone.now() - timedelta(minutes=20 + 25 * n), source=source, reason=reason,
                          consent="given", details=said, referrer_name=name, referrer_organisation=organisation,
                          urgency=urgency, recorded_by=door)


def ask_for_break_glass():
    """The demo analyst opened a team child's record through break-glass: the team manager has it to review."""

    analyst = get_user_model().objects.filter(username="data.analyst").first()
    team = Team.objects.filter(name="Safeguarding Team 1").first()
    held = Allocation.objects.filter(team=team, kind=AllocationKind.SOCIAL_WORKER, end_date__isnull=True).select_related("child").first()
    if analyst and held:
        break_glass(analyst, held.child, "Checking a data quality query on this record for the CIN census")


def restrict_some_adoptions(named, size: int = 3):
    """Adopted children's records are restricted (to the demo team manager, with the adoption team
    to ask), as authorities restrict them in practice."""

    adoption_team = Team.objects.filter(name="Adoption Team").first()
    for journey in AdoptionJourney.objects.filter(adoption_order_date__isnull=False).select_related("child")[:size]:
        restrict(journey.child, reason="adopted: the birth family must not find the adoptive placement",
                 named_users=named, ask_team=adoption_team)


def leave_referrals_waiting(size: int = 4):
    """Children whose earlier cases closed are referred again this morning and accepted by the front
    door, with no team yet: the team manager's "Referrals waiting for a team" list."""

    today = timezone.localdate()
    front_door = Professional.objects.filter(team__name__icontains="front door").first()
    managers = Professional.objects.filter(team__name__icontains="front door", role__manages_team=True)
    manager = (managers.exclude(pk=front_door.pk) if front_door else managers).first()
    held = Allocation.objects.filter(kind=AllocationKind.SOCIAL_WORKER, end_date__isnull=True).values("child_id")
    open_cases = Referral.objects.filter(closure_date__isnull=True).values("child_id")
    closed = (Referral.objects.filter(closure_date__lt=today, child__date_of_birth__gt=today - timedelta(days=365 * 15))
              .exclude(child_id__in=held).exclude(child_id__in=open_cases).select_related("child").order_by("-closure_date"))
    chosen: list = []
    for referral in closed:
        if referral.child_id not in {c.pk for c in chosen} and not referral.child.date_of_death:
            chosen.append(referral.child)
        if len(chosen) == size:
            break
    for n, child in enumerate(chosen):
        received = timezone.now() - timedelta(minutes=60 + 10 * n)
        contact = cw.record_contact(child, received_at=received, source=["5A", "3A", "2B", "1A"][n % 4],
                                    reason="other", consent="given")
        steps.decide_a_contact(contact, outcome="referral", decided_at=received + timedelta(minutes=5), by=front_door,
                               primary_need="N1", signed_off=SignOff(manager, today) if manager else None)


def take_one_family_to_court(professional):
    """One of the demo worker's children is in care proceedings: pre-proceedings with a family group
    meeting accepted and held, the application five weeks ago, a hearing ahead: week 26 on My work."""
    today = timezone.localdate()
    held = Allocation.objects.filter(worker=professional, kind=AllocationKind.SOCIAL_WORKER, end_date__isnull=True).values("child_id")
    open_cases = Referral.objects.filter(closure_date__isnull=True).values("child_id")
    child = Person.objects.filter(pk__in=held).filter(pk__in=open_cases).exclude(pre_proceedings__isnull=False).order_by("pk").first()
    if child is None:
        return
    pre = court.start_pre_proceedings([child], legal_planning_date=today - timedelta(days=120),
                                      decision="Demo: neglect continues despite the child protection plan; start pre-proceedings.")
    court.send_letter_before_proceedings(pre, sent_on=today - timedelta(days=115), fgdm_offered=True)
    for parent in court.parents_of(pre):
        court.record_parent_response(pre, parent, accepted=True, responded_on=today - timedelta(days=110))
    if pre.responses.exists():
        court.record_fgdm_held(pre, held_on=today - timedelta(days=95))
    for days in (100, 70):
        court.record_meeting(pre, date=today - timedelta(days=days))
    court.decide_step(pre, on=today - timedelta(days=40), outcome="issue")
    proceedings = court.apply_to_court(pre, [child], application_date=today - timedelta(days=35), court="Family Court at Synthshire",
                                       case_number="SY26C001", by=professional)
    court.send_issue_letter(pre, sent_on=today - timedelta(days=34))
    court.record_hearing(proceedings, date=today - timedelta(days=20), kind="first", outcome="Directions for a parenting assessment")
    court.record_hearing(proceedings, date=today + timedelta(days=21), kind="cmh")


def lead_family_help(professional):
    """The demo Family Help practitioner leads two brothers' or sisters' help, with family notes."""
    today = timezone.localdate()
    supervisor = Professional.objects.filter(user__username="social.worker").first() or Professional.objects.filter(
        role_id=Role.SOCIAL_WORKER).first()
    for plan in m.CINPlan.objects.filter(end_date__isnull=True).select_related("child").order_by("pk"):
        child = plan.child
        if child.family_help_episodes.exists() or supervisor is None:
            continue
        episode = family_help.start_episode([child], start_date=today - timedelta(days=40), reason="Demo: routines and school attendance.",
                                            lead=professional, supervisor=supervisor)
        family_help.add_group_note(episode, date=today - timedelta(days=7), subject="Family session",
                                   text="Demo: agreed a morning routine chart with the family.", author=professional)
        return


def give_caseload(professional, size: int = 12):
    """Reallocate some open cases to a demo worker (through the allocation service, kept as history),
    so that "My work" shows a real caseload."""

    today = timezone.localdate()
    open_cases = (Allocation.objects.filter(kind=AllocationKind.SOCIAL_WORKER, end_date__isnull=True, start_date__lte=today)
                  .select_related("child").order_by("-start_date")[:size])
    for allocation in list(open_cases):
        cw.allocate(allocation.child, worker=professional, team=professional.team, start_date=today, reason="MANAGE")
