"""OpenCSC settings.

Everything an operator changes comes from the environment:
  DATABASE_URL     default: SQLite file var/opencsc.sqlite3 (WAL mode, busy timeout)
  OPENCSC_DEBUG    "1" for development only; off by default, as in production
  OPENCSC_SECRET_KEY, OPENCSC_AUDIT_KEY, OPENCSC_TOTP_KEY   required outside demo mode (the service refuses to start)
  OPENCSC_DEMO     "1" when running the demo (enables the documented demo sign-ins)
  OPENCSC_AUTHORITY_NAME / _LA_NUMBER / _ONS_CODE   the configured local authority
"""

import json
import os
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("OPENCSC_VAR_DIR", BASE_DIR / "var"))

DEBUG = os.environ.get("OPENCSC_DEBUG") == "1"
DEMO_MODE = os.environ.get("OPENCSC_DEMO") == "1"
SECRET_KEY = os.environ.get("OPENCSC_SECRET_KEY", "insecure-development-key-change-me-in-production")
# The audit chain's key: never stored in the database (a copied database cannot be re-chained).
AUDIT_KEY = os.environ.get("OPENCSC_AUDIT_KEY", "insecure-development-audit-key-change-me")
# The key that encrypts two-factor secrets at rest: neither the secret key nor the audit key, so one
# leaked key gives no one the others' powers.
TOTP_KEY = os.environ.get("OPENCSC_TOTP_KEY", "insecure-development-totp-key-change-me")
# Every role signs in with a password and a TOTP code. In demo mode only, the demo sign-ins may
# use this documented code instead of an authenticator app.
TWO_FACTOR_REQUIRED = True
DEMO_TWO_FACTOR_CODE = "246810"
# The demo sign-ins (made by `seed --demo-users`; the generator's DEMO_USERS must name the same).
DEMO_USERNAMES = ("social.worker", "senior.practitioner", "team.manager", "front.door", "front.door.manager", "iro.chair",
                  "business.support", "family.help", "data.analyst", "system.admin", "second.admin")
# Who decides an authorisation that no team's manager can (no manager, or the only one asked for it): the
# usernames of, say, the service manager. Which post does this is each authority's own choice (NOT
# ESTABLISHED nationally), so it is a setting; empty means every manager sees such a request.
AUTHORISATION_FALLBACK_USERNAMES = tuple(u.strip() for u in os.environ.get("OPENCSC_AUTHORISATION_FALLBACK", "").split(",") if u.strip())
# Whether senior practitioners may authorise (deputising for their team manager) under the authority's
# scheme of delegation: each authority's own choice (NOT ESTABLISHED nationally), off unless set. They
# always see their team page, read-only (second walk, item 10).
SENIOR_PRACTITIONERS_AUTHORISE = os.environ.get("OPENCSC_SENIOR_PRACTITIONERS_AUTHORISE") == "1"
# How long break-glass access lasts before it must be asked for again.
BREAK_GLASS_HOURS = int(os.environ.get("OPENCSC_BREAK_GLASS_HOURS", "4"))
# A write of the record outside a step (staff.stepping) raises instead of being audited on its own:
# on in the test suite, so a second write path is found there; off in production, where it is still audited.
STEPS_STRICT = os.environ.get("OPENCSC_STEPS_STRICT", "") == "1"
ALLOWED_HOSTS = os.environ.get("OPENCSC_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

# The configured authority. The demo uses Hartlepool's DfE LA number and ONS code, so that
# postcode and distance rules in the returns behave as they would for a real authority, under a
# display name that cannot be mistaken for a real council.
AUTHORITY = {
    "name": os.environ.get("OPENCSC_AUTHORITY_NAME", "Synthshire Borough Council (synthetic)"),
    "la_number": os.environ.get("OPENCSC_AUTHORITY_LA_NUMBER", "805"),
    "ons_code": os.environ.get("OPENCSC_AUTHORITY_ONS_CODE", "E06000001"),
}

# Teams (by their service) whose managers take referrals the front door has accepted: their managers
# see the "Referrals waiting for a team" list. Other teams receive children by transfer.
REFERRAL_TAKING_SERVICES = ["assessment", "child protection", "disabled children"]

INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig",  # no autodiscovery: only what access/admin.py registers
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "opencsc.codes",
    "opencsc.staff",
    "opencsc.access",
    "opencsc.people",
    "opencsc.casework",
    "opencsc.recording",
    "opencsc.proceedings",
    "opencsc.plans",
    "opencsc.meetings",
    "opencsc.familyhelp",
    "opencsc.synth",
    "opencsc.returns",
    "opencsc.exchange",
    "opencsc.web",
]

MIDDLEWARE = [
    "opencsc.web.middleware.UploadSizeLimitMiddleware",  # before anything reads the body
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "opencsc.web.middleware.SessionKeptAliveMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before CSRF's check: a request after the session ended is told it is signed out (autosave reads it),
    # not refused as a forgery.
    "opencsc.web.middleware.LoginRequiredMiddleware",
    "opencsc.web.middleware.NoStoreMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "opencsc.access.actor.ActorMiddleware",
    "opencsc.web.middleware.TwoFactorRequiredMiddleware",
    "opencsc.web.middleware.PasswordChangeRequiredMiddleware",
]

ROOT_URLCONF = "opencsc.urls"
WSGI_APPLICATION = "opencsc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opencsc.web.context_processors.service",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{VAR_DIR / 'opencsc.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer writes; the busy timeout makes a second writer
    # wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(VAR_DIR / "test.sqlite3")

# The audit chain's head is anchored outside the database, one anchor per database (in production,
# point this at storage the database's administrators cannot rewrite).
# The background worker seals audit entries every few seconds; entries left unsealed longer than this make
# verify_audit fail (decision 016).
AUDIT_SEAL_WITHIN_SECONDS = int(os.environ.get("OPENCSC_AUDIT_SEAL_WITHIN_SECONDS", "600"))
AUDIT_ANCHOR = os.environ.get(
    "OPENCSC_AUDIT_ANCHOR", str(VAR_DIR / f"audit-anchor-{Path(str(DATABASES['default']['NAME'])).name}"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Long jobs (building returns) run off the request in the database queue; `manage.py db_worker`
# runs them (make demo starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Passwords through Django's model backend; "may this user open this child?" through the access policy.
AUTHENTICATION_BACKENDS = ["opencsc.access.backends.SignInBackend", "opencsc.access.backends.RecordAccessBackend"]
# Wrong passwords slow the username (growing waits) and, past a high count, the address
# (opencsc.access.sign_in). The client address comes from this request header only if an operator
# names it (the header the authority's own reverse proxy sets, e.g. HTTP_X_FORWARDED_FOR).
CLIENT_ADDRESS_HEADER = os.environ.get("OPENCSC_CLIENT_ADDRESS_HEADER", "")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # reads older hashes, re-hashed at next sign-in
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "people:home"
LOGOUT_REDIRECT_URL = "web:login"
# Signed out after 30 minutes without activity (typing counts: drafts autosave), and when the browser
# closes. Drafts survive the sign-out (decision 003).
SESSION_COOKIE_AGE = int(os.environ.get("OPENCSC_SESSION_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = False  # saved when it changes, and once a minute to move its end on (SessionKeptAliveMiddleware)
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Served over TLS (behind the authority's proxy): secure cookies and HSTS.
TLS = os.environ.get("OPENCSC_TLS") == "1"
if TLS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# Content-Security-Policy: only this site's own scripts; no inline scripts; no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # GOV.UK components set a few inline styles
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
CSRF_FAILURE_VIEW = "opencsc.web.views.csrf_failure"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_on_one_line": {"()": "opencsc.web.log_filters.RefusalsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals_on_one_line"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Documents on a child's record: stored outside the database through Django's storage API ("documents";
# local disk by default, OPENCSC_DOCUMENTS_DIR to move it).
DOCUMENTS_DIR = Path(os.environ.get("OPENCSC_DOCUMENTS_DIR", VAR_DIR / "documents"))
STORAGES["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                         "OPTIONS": {"location": str(DOCUMENTS_DIR), "base_url": None}}
if os.environ.get("OPENCSC_DOCUMENTS_S3_BUCKET"):
    # An S3-compatible store (django-storages); credentials from the usual AWS_* environment variables.
    STORAGES["documents"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ["OPENCSC_DOCUMENTS_S3_BUCKET"],
        "endpoint_url": os.environ.get("OPENCSC_DOCUMENTS_S3_ENDPOINT") or None,
        "region_name": os.environ.get("OPENCSC_DOCUMENTS_S3_REGION", "eu-west-2"),
        "default_acl": None, "file_overwrite": False, "querystring_auth": True,
        "object_parameters": {"ServerSideEncryption": "AES256"}}}
DOCUMENT_MAX_BYTES = int(os.environ.get("OPENCSC_DOCUMENT_MAX_MB", "20")) << 20
DOCUMENT_MAX_UNPACKED_BYTES = int(os.environ.get("OPENCSC_DOCUMENT_MAX_UNPACKED_MB", "100")) << 20

# The levels of need of the authority's threshold document ("continuum of need"). NOT ESTABLISHED for
# any one authority: these four are a common shape, named as placeholders; set the authority's own.
THRESHOLD_LEVELS: list = json.loads(os.environ["OPENCSC_THRESHOLD_LEVELS"]) if os.environ.get("OPENCSC_THRESHOLD_LEVELS") else [
    ("1", "Level 1: universal (needs met by universal services)"),
    ("2", "Level 2: early help (additional needs)"),
    ("3", "Level 3: targeted (complex needs: child in need)"),
    ("4", "Level 4: specialist (acute needs: child protection or care)"),
]

# How soon the front door must act on a contact, most urgent first: the authority's own levels (its front
# door procedures). NOT ESTABLISHED for any one authority: these three (same day, 24 hours, standard) are the
# issue's named default. The first level is flagged red on the queue; the last is the standard.
CONTACT_URGENCY_LEVELS: list = json.loads(os.environ["OPENCSC_CONTACT_URGENCY_LEVELS"]) if os.environ.get("OPENCSC_CONTACT_URGENCY_LEVELS") else [
    ("same_day", "Same day: act now"),
    ("24_hours", "Within 24 hours"),
    ("standard", "Standard: decide within one working day"),
]

# When a meeting is quorate: the agencies that must attend and how many agencies at least. The
# authority's own rule (its safeguarding partnership's procedures): these defaults are a common shape
# (a conference: children's social care and at least two other agencies; a strategy discussion: social
# care, police and health, as Working Together 2023 expects), NOT ESTABLISHED for any one authority.
MEETING_QUORUM: dict = json.loads(os.environ["OPENCSC_MEETING_QUORUM"]) if os.environ.get("OPENCSC_MEETING_QUORUM") else {
    "strategy": {"required": ["social_care", "police", "health"], "agencies_at_least": 3},
    "initial_conference": {"required": ["social_care"], "agencies_at_least": 3},
    "review_conference": {"required": ["social_care"], "agencies_at_least": 3},
}

# PPOutcome (CIN census 2026/27, code set CS131): DfE's codes are A, B and C, but what each means is NOT
# ESTABLISHED. The authority maps its own pre-proceedings outcomes (PRE_PROCEEDINGS_OUTCOME) to them, e.g.
# {"issue": "A", "step_down": "B"}; until it does, PPOutcome is left out and each affected child has a finding.
PP_OUTCOME_CODES: dict = json.loads(os.environ["OPENCSC_PP_OUTCOME_CODES"]) if os.environ.get("OPENCSC_PP_OUTCOME_CODES") else {}
