import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import files
from tests.factories import UserFactory
from tests.repairs.factories import RepairOrderFactory, VendorFactory

PNG = files.PNG  # a real PNG: uploads are read whole


def png_upload(name="photo.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def signature_data_url():
    import base64

    return "data:image/png;base64," + base64.b64encode(PNG).decode()


@pytest.fixture
def make_order(clerk, engineer):
    def make(state="received", **kwargs):
        kwargs.setdefault("received_by", clerk)
        if state not in ("new", "received"):
            kwargs.setdefault("engineer", engineer)
        return RepairOrderFactory(state=state, **kwargs)

    return make


@pytest.fixture
def vendor(db):
    return VendorFactory(name="联想授权维修站")


@pytest.fixture
def other_vendor(db):
    return VendorFactory(name="哈密电脑维修中心")


__all__ = ["png_upload", "signature_data_url", "io", "UserFactory"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # personas are created per test; the real hasher costs seconds each on 2 cores
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
