"""Benchmark: the pages' ceiling under load, on a real server as `make demo` runs it.

    .venv/bin/python bench/load.py [--children 10000] [--reuse] [--users 20,60,120,200,300] [--seconds 40]

Seeds (or with --reuse keeps) its own SQLite database (load.sqlite3 under OPENCSC_BENCH_DIR), or uses
DATABASE_URL; starts gunicorn with 2 sync workers on loopback and the background worker (`manage.py
worker`, which seals the audit trail), in demo mode so every virtual user signs in through the sign-in and
two-factor pages with the demo code. Each user then loops: think 0.5–1.5 s, then a record page it may open
(50%), a search (30%) or My work (20%). The number of users rises level by level until throughput stops
rising (less than 5% more pages a second than the level before) or the list ends. For each level: pages a
second, median and p95 time per page, errors, and the load generator's own CPU (it shares the 2 cores
with the server, so it is reported, not hidden). Prints a Markdown block for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import ROOT, bench_dir, bring_read_models_up_to_date, percentile

ROLES = ["social.worker", "team.manager", "senior.practitioner", "iro.chair", "business.support"]
MIX = [("record", 0.5), ("search", 0.3), ("my work", 0.2)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(args) -> tuple[dict[str, list[int]], list[str], dict[str, str]]:
    """Seed if needed; which children each role opens, search words, and the server's environment."""
    env = {**os.environ, "OPENCSC_DEMO": "1", "OPENCSC_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    if "DATABASE_URL" not in os.environ:
        db = bench_dir() / "load.sqlite3"
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["OPENCSC_DEMO"] = "1"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from opencsc.access.policy import decide_many
    from opencsc.people.models import Person

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not Person.objects.exists():
        started = time.perf_counter()
        call_command("seed", children=args.children, seed=1, demo_users=True, stdout=open(os.devnull, "w"))
        print(f"seeded {args.children} children in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(bring_read_models_up_to_date(), file=sys.stderr)
    ids = list(Person.objects.filter(kind="child").values_list("pk", flat=True))
    opens = {}
    for username in ROLES:
        decisions = decide_many(get_user_model().objects.get(username=username), ids)
        opens[username] = [pk for pk in ids if decisions[pk].allowed]  # may be none in a tiny authority
    assert any(opens.values()), "no role opens any child's record"
    words = list(Person.objects.filter(kind="child").values_list("last_name", flat=True)[:2000])
    from django.db import connections

    connections.close_all()
    return opens, words, env


class Server:
    def __init__(self, env: dict[str, str], port: int):
        python = str(ROOT / ".venv" / "bin" / "python")
        self.web = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "opencsc.wsgi", "--bind", f"127.0.0.1:{port}",
                                     "--workers", "2", "--log-level", "warning"], cwd=ROOT, env=env)
        self.worker = subprocess.Popen([python, "manage.py", "worker", "--interval", "1"], cwd=ROOT, env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{port}"
        import requests

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/sign-in/", timeout=10).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or its first answer is slow
                time.sleep(0.5)
        self.stop()
        raise SystemExit("the server did not start")

    def cpu_seconds(self) -> float:
        """CPU used so far by gunicorn's master and workers (from /proc)."""
        total = 0.0
        pids = [self.web.pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(self.web.pid)], capture_output=True,
                                                                text=True).stdout.split()]
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except (FileNotFoundError, IndexError):
                pass
        return total

    def stop(self) -> None:
        for process in (self.worker, self.web):
            process.send_signal(signal.SIGTERM)
        for process in (self.worker, self.web):
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


def signed_in(url: str, username: str):
    import requests

    session = requests.Session()
    page = session.get(f"{url}/sign-in/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(f"{url}/sign-in/", data={"csrfmiddlewaretoken": token, "username": username,
                                                    "password": "demo-password-2026"}, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', answer.text).group(1)
    done = session.post(f"{url}/two-factor/", data={"csrfmiddlewaretoken": token, "code": "246810", "next": "/"}, timeout=30)
    assert done.status_code == 200 and "Sign out" in done.text, f"{username} could not sign in ({done.status_code})"
    return session


def run_level(server: Server, users: int, seconds: float, opens: dict[str, list[int]], words: list[str]) -> dict:
    url = server.url
    sessions = [signed_in(url, ROLES[n % len(ROLES)]) for n in range(users)]  # signing in (Argon2) is not measured
    results: list[tuple[float, float, bool]] = []  # (finished at, seconds, ok)
    lock = threading.Lock()
    start = time.monotonic() + 2.0  # everyone starts thinking together
    stop_at = start + seconds

    def user(n: int) -> None:
        rng = random.Random(n)
        session, role = sessions[n], ROLES[n % len(ROLES)]
        time.sleep(max(0.0, start - time.monotonic()) + rng.uniform(0, 1.5))
        while time.monotonic() < stop_at:
            pick = rng.random()
            if pick < MIX[0][1] and opens[role]:
                path = f"/children/{rng.choice(opens[role])}/"
            elif pick < MIX[0][1] + MIX[1][1]:
                path = f"/?q={rng.choice(words)}"
            else:
                path = "/my-work/"
            began = time.monotonic()
            try:
                ok = session.get(f"{url}{path}", timeout=60).status_code == 200
            except Exception:  # noqa: BLE001 - counted as an error, the level goes on
                ok = False
            ended = time.monotonic()
            with lock:
                results.append((ended, ended - began, ok))
            time.sleep(rng.uniform(0.5, 1.5))

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    cpu_before, server_before, wall_before = time.process_time(), server.cpu_seconds(), time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    wall = time.monotonic() - wall_before
    window = [r for r in results if start + 5 <= r[0] <= stop_at]  # the first 5 s warm up
    span = stop_at - (start + 5)
    times = [r[1] * 1000 for r in window]
    return {"users": users, "pages_s": len(window) / span, "median": statistics.median(times) if times else 0,
            "p95": percentile(times, 95) if times else 0, "errors": sum(1 for r in window if not r[2]), "pages": len(window),
            "generator_cpu": (time.process_time() - cpu_before) / wall, "server_cpu": (server.cpu_seconds() - server_before) / wall}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--users", default="20,60,120,200,300")
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--label", default="", help="what is measured (a commit), for the table")
    args = parser.parse_args()
    opens, words, env = prepare(args)
    server = Server(env, free_port())
    rows = []
    try:
        for users in (int(u) for u in args.users.split(",")):
            row = run_level(server, users, args.seconds, opens, words)
            rows.append(row)
            print(f"{users} users: {row['pages_s']:.1f} pages/s, p95 {row['p95']:.0f} ms, {row['errors']} errors", file=sys.stderr)
            if len(rows) > 1 and row["pages_s"] < rows[-2]["pages_s"] * 1.05 and users > 60:
                break  # throughput stopped rising: that is the ceiling
    finally:
        server.stop()
    database = os.environ["DATABASE_URL"].split(":")[0]
    print(f"### Load: {args.children} children, {database}{', ' + args.label if args.label else ''}\n")
    print(f"Command: `.venv/bin/python bench/load.py --children {args.children} --users {args.users} --seconds {args.seconds:g}`\n")
    print("| users | pages/s | median | p95 | errors | server CPU (of 2 cores) | load generator CPU |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['users']} | {r['pages_s']:.1f} | {r['median']:.0f} ms | {r['p95']:.0f} ms | {r['errors']} of {r['pages']} | "
              f"{r['server_cpu']:.2f} | {r['generator_cpu']:.2f} |")
    print(f"\nCeiling: {max(r['pages_s'] for r in rows):.1f} pages/s.")


if __name__ == "__main__":
    main()
