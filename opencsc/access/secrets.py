"""Encryption of secrets kept in the database (two-factor secrets), with their own key.

The key is ``OPENCSC_TOTP_KEY`` (neither the secret key nor the audit key), stretched to a Fernet
key; Fernet authenticates as well as encrypts, so a tampered value fails to decrypt.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet
from django.conf import settings


@cache
def _fernet(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"opencsc-totp:{key}".encode()).digest()))


def encrypt(plain: str) -> str:
    return _fernet(settings.TOTP_KEY).encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(settings.TOTP_KEY).decrypt(token.encode()).decode()
