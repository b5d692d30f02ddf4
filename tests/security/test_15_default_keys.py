"""Item 15: the service refuses to start outside demo mode with the public default keys."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'opencsc.settings'); import opencsc.wsgi"



def start(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OPENCSC_")} | env
    return subprocess.run([sys.executable, "-c", START], cwd=ROOT, env=environment, capture_output=True, text=True)


def test_the_service_refuses_to_start_with_the_default_keys_outside_demo_mode():
    refused = start()
    assert refused.returncode != 0 and "OPENCSC_SECRET_KEY" in refused.stderr
    assert start(OPENCSC_DEMO="1").returncode == 0
    assert start(OPENCSC_SECRET_KEY="s" * 50, OPENCSC_AUDIT_KEY="a" * 50, OPENCSC_TOTP_KEY="t" * 50).returncode == 0
