import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Nine personas per test: a cheap hasher keeps the matrices quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
