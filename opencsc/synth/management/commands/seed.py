import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opencsc.people.models import Person
from opencsc.plain_english import counted
from opencsc.synth.generator import DEMO_PASSWORD, DEMO_USERS, AuthorityGenerator, create_demo_users


class Command(BaseCommand):
    help = "Build a synthetic local authority through the same services the forms use."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--people-only", type=int, default=0, metavar="N",
                            help="only families of about N people, no casework (for search benchmarks)")
        parser.add_argument("--as-of", type=date.fromisoformat, default=None,
                            help="the 'today' of the synthetic history (YYYY-MM-DD); default today")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the database already has people")
        parser.add_argument("--demo-users", action="store_true", help="also create one demo sign-in per role")
        parser.add_argument("--ofsted-lists", action="store_true",
                            help="also load synthetic Ofsted provider lists agreeing with the seeded placements "
                                 "(so the SSDA903 URN rules run), if none is loaded")
        parser.add_argument("--sent-returns", action="store_true",
                            help="also build the last finished year's CIN census and SSDA903 and mark them as sent to "
                                 "DfE (so this year's SSDA903 compares with last year's as sent), if none is marked")

    def handle(self, *args, **options):
        from opencsc.access.actor import acting_as
        from opencsc.access.audit import seal_all
        from opencsc.staff.steps import SystemActor

        with acting_as(label=f"seed {options['seed']}", system=SystemActor.SEED):  # audited from the start
            self.seed(**options)
        seal_all()  # the seed's audit entries sealed now, so verify_audit passes before a worker first runs

    def seed(self, *args, children, seed, as_of, if_empty, demo_users, people_only=0, ofsted_lists=False,
             sent_returns=False, **options):
        if Person.objects.exists():
            if not if_empty:
                raise CommandError("The database already holds people; seed an empty database (or use --if-empty).")
            self.stdout.write("The database already holds a synthetic authority; not seeding again.")
        else:
            started = time.perf_counter()
            last = [0]

            def progress(done, total):
                step = max(1, total // 10)
                if done // step > last[0] // step or done == total:
                    self.stdout.write(f"  {done}/{total} {'people' if people_only else 'children'} ({time.perf_counter() - started:.0f}s)")
                last[0] = done

            self.stdout.write(f"Seeding {people_only or children} synthetic {'people' if people_only else 'children'} (seed {seed})...")
            stats = AuthorityGenerator(children, seed, as_of, progress=progress, people_only=people_only).run()
            elapsed = time.perf_counter() - started
            self.stdout.write(self.style.SUCCESS(
                f"Seeded {stats.children} children, {stats.adults} adults, {stats.contacts} contacts, "
                f"{stats.referrals} referrals in {elapsed:.1f}s"))
        if ofsted_lists:
            self.load_ofsted_lists()
        if demo_users:
            create_demo_users()
            self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
            for username, label, _, team in DEMO_USERS:
                self.stdout.write(f"  {username:<20} {label}{', ' + team if team else ''}")
            self.stdout.write(f"Two-factor code for the demo sign-ins (demo mode only): {settings.DEMO_TWO_FACTOR_CODE}")
        if sent_returns:
            self.send_last_years_returns(as_of or date.today())

    def send_last_years_returns(self, today):
        """What an authority has done by the autumn: last year's returns built, sent to DfE and marked so."""
        from django.contrib.auth import get_user_model

        from opencsc.returns import services
        from opencsc.returns.formats.years import current_year
        from opencsc.returns.models import ReturnRun

        year = current_year(today) - 1  # the last collection year that has ended
        if ReturnRun.objects.filter(year=year, submitted_at__isnull=False).exists():
            return
        analyst = get_user_model().objects.filter(username="data.analyst").first()
        for name in ("cin", "903"):
            run = ReturnRun.objects.create(return_name=name, year=year, requested_by=analyst)
            services.run_return(run.pk)
            run.refresh_from_db()
            if run.status == ReturnRun.Status.DONE:
                run = services.mark_submitted(run.pk, user=analyst)
            self.stdout.write(f"Built the {run.title}: {run.get_status_display().lower()}, {counted(run.errors, 'error')}, "
                              f"{'marked as sent to DfE' if run.submitted_at else 'not marked as sent'}")

    def load_ofsted_lists(self):
        from opencsc.exchange.ofsted_providers import read_provider_lists
        from opencsc.returns.models import OfstedProviderList
        from opencsc.returns.services import load_provider_lists
        from opencsc.synth.ofsted_lists import from_record, workbooks

        if OfstedProviderList.objects.exists():
            return
        # Written out and read back as Ofsted's workbooks, so the demo's list went through the real reader.
        lists = read_provider_lists(list(workbooks(from_record()).items()))
        load_provider_lists(lists)
        self.stdout.write(f"Loaded synthetic Ofsted provider lists: {lists.summary()}")
