"""Fixtures for the security tests."""

from tests.security.family import family  # noqa: F401 - a fixture for the second attack report's tests
