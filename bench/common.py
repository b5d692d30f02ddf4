"""What the benchmarks share: where their databases live, percentiles, and signing in as a person does.

``OPENCSC_BENCH_DIR`` (default var/bench) holds each benchmark's own SQLite database, so a smoke run
(`make bench-smoke`, in CI) never touches a real benchmark database or the test database.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.settings")


def bench_dir() -> Path:
    path = Path(os.environ.get("OPENCSC_BENCH_DIR") or ROOT / "var" / "bench")
    path.mkdir(parents=True, exist_ok=True)
    return path


def use_sqlite(name: str) -> Path:
    """Point Django at this benchmark's own SQLite file (before django.setup())."""
    db = bench_dir() / name
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    return db


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def sign_in(username: str, password: str):
    """A test client signed in through the pages, as a person does: the password, then the current
    code from their authenticator (the device's secret), with two-factor required."""
    import pyotp
    from django.test import Client

    from opencsc.access.models import TwoFactorDevice

    client = Client()
    response = client.post("/sign-in/", {"username": username, "password": password})
    assert response.status_code == 302, f"{username}: the sign-in page answered {response.status_code}"
    device = TwoFactorDevice.objects.get(user__username=username)
    response = client.post("/two-factor/", {"code": pyotp.TOTP(device.secret).now()})
    assert response.status_code == 302, f"{username}: the two-factor page answered {response.status_code}"
    assert client.get("/my-work/").status_code == 200, f"{username} is not signed in"
    return client


def bring_read_models_up_to_date() -> str:
    """What the background worker keeps (decisions 017-019: the chronology's rows, each child's findings and
    due work), brought up to date before the clock starts, so a benchmark measures the steady state and not
    the worker catching up. Returns what it did, for the report."""
    import time

    from opencsc.casework import due_kept
    from opencsc.recording.chronology import rebuild
    from opencsc.returns.child_findings import refresh_stale

    started = time.perf_counter()
    rebuilt, due, found = rebuild(only_stale=True), due_kept.rebuild(only_stale=True), 0
    while (more := refresh_stale(limit=500)):
        found += more
    return (f"read models: {rebuilt} chronologies, {found} children's findings, {due} children's due work in "
            f"{time.perf_counter() - started:.0f} s")
