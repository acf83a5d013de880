import base64
import io

import pytest


# A real 40×20 PNG with a stroke, as the signature pad sends it.
def _png_data_url() -> str:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (40, 20), (255, 255, 255, 0))
    ImageDraw.Draw(image).line((2, 10, 38, 12), fill=(0, 0, 0, 255), width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@pytest.fixture
def signature_png():
    return _png_data_url()


@pytest.fixture
def party(db):
    from tests.factories import PartyFactory

    return PartyFactory(name="伊吾县第一中学", phone="09940000001")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Nine personas per test: a cheap hasher keeps the matrix quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
