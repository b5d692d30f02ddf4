"""Benchmark: the CPU each kind of page costs, in one process, and where a record page's time goes.

    .venv/bin/python bench/page_cpu.py --db /path/to/load.sqlite3 [--profile] [--compare-live]

Reads an already seeded SQLite database (for example `bench/load.py`'s), signs in each role with Django's test
client, and opens record pages it may open, searches and My work, reporting the median CPU (this process
only, `time.process_time`) and SQL statements of each. With --profile, cProfile over ten record pages.
First brings every read model up to date, as the background worker would. With --compare-live, then
measures the record pages again with the read models forgotten (in a transaction rolled back after):
the chronology and the findings built on every view, as before decisions 017 and 018.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import time

from common import bring_read_models_up_to_date  # the repository on the path and the settings module

ROLES = ["social.worker", "team.manager", "business.support"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--compare-live", action="store_true", help="also the record page with no read model kept")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"
    os.environ.setdefault("OPENCSC_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from opencsc.access.policy import decide_many
    from opencsc.people.models import Person

    settings.TWO_FACTOR_REQUIRED = False  # signed in directly: the sign-in pages are not what is measured
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a database seeded by an older checkout gains the newer read models' tables
    from django.db import transaction

    from opencsc.casework import due_kept
    from opencsc.recording.models import ChronologyKept
    from opencsc.returns.models import ChildFindings

    print(bring_read_models_up_to_date() + "\n")
    ids = list(Person.objects.filter(kind="child").values_list("pk", flat=True))
    words = list(Person.objects.filter(kind="child").values_list("last_name", flat=True)[:200])
    rng = random.Random(3)
    print("| role | page | CPU median | CPU max | statements (median) |\n|---|---|---|---|---|")
    for username in ROLES:
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        decisions = decide_many(user, ids)
        opens = [pk for pk in ids if decisions[pk].allowed] or ids[:1]
        for label, paths in [("record", [f"/children/{rng.choice(opens)}/" for _ in range(15)]),
                             ("search", [f"/?q={rng.choice(words)}" for _ in range(15)]), ("my work", ["/my-work/"] * 8)]:
            times, statements = [], []
            for path in paths:
                with CaptureQueriesContext(connection) as queries:
                    started = time.process_time()
                    response = client.get(path)
                    times.append((time.process_time() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
                statements.append(len(queries))
            print(f"| {username} | {label} | {statistics.median(times):.0f} ms | {max(times):.0f} ms | {statistics.median(statements):.0f} |")
        if args.compare_live:
            with transaction.atomic():
                ChronologyKept.objects.all().delete()
                ChildFindings.objects.all().delete()
                due_kept.DueWorkKept.objects.all().delete()
                times, statements = [], []
                for pk in [rng.choice(opens) for _ in range(15)]:
                    with CaptureQueriesContext(connection) as queries:
                        started = time.process_time()
                        response = client.get(f"/children/{pk}/")
                        times.append((time.process_time() - started) * 1000)
                    statements.append(len(queries))
                transaction.set_rollback(True)
            print(f"| {username} | record, nothing kept | {statistics.median(times):.0f} ms | {max(times):.0f} ms | "
                  f"{statistics.median(statements):.0f} |")
    if args.profile:
        user = get_user_model().objects.get(username="social.worker")
        client = Client()
        client.force_login(user)
        decisions = decide_many(user, ids)
        sample = [pk for pk in ids if decisions[pk].allowed][:10]
        for pk in sample:
            client.get(f"/children/{pk}/")
        profile = cProfile.Profile()
        profile.enable()
        for pk in sample:
            client.get(f"/children/{pk}/")
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
        stats.print_stats(40)
        stats.print_stats("opencsc", 60)
        print(out.getvalue())


if __name__ == "__main__":
    main()
