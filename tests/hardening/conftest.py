import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Nine personas per test: a cheap hasher keeps the matrices quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _cheap_pdfs(monkeypatch):
    """Templates still render; WeasyPrint's layout (a second or more each) is skipped:
    these tests post hundreds of times, and PDFs have their own tests per app."""
    from weasyprint import HTML

    monkeypatch.setattr(HTML, "write_pdf", lambda self, *a, **k: b"%PDF-1.7 test")
