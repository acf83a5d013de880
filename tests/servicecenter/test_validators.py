import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from servicecenter.validators import (
    id_check_digit,
    mask_id_number,
    validate_id_number,
    validate_upload,
)
from tests.files import PDF


def test_id_number_with_correct_check_digit_is_valid():
    # the published GB 11643 example
    validate_id_number("11010519491231002X")
    assert id_check_digit("11010519491231002") == "X"


@pytest.mark.parametrize("value,message", [
    ("110105194912310021", "校验位"),
    ("11010519491331002X", "出生日期"),
    ("1101051949123100", "18位"),
    ("11010519491231002Y", "18位"),
])
def test_id_number_errors_are_explained_in_chinese(value, message):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(value)
    assert message in exc.value.messages[0]


def test_id_number_lowercase_x_is_accepted():
    validate_id_number("11010519491231002x")


def test_mask_keeps_first_six_and_last_four():
    assert mask_id_number("110105194912311234") == "110105********1234"
    assert mask_id_number("") == ""


def test_upload_checked_by_content_not_name():
    fake = SimpleUploadedFile("scan.jpg", b"just text pretending",
                              content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        validate_upload(fake)
    assert "文件类型不支持" in exc.value.messages[0]
    real = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    assert validate_upload(real) == "application/pdf"


def test_upload_over_limit_is_refused(settings):
    big = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 2048)
    with pytest.raises(ValidationError) as exc:
        validate_upload(big, max_bytes=1024)
    assert "文件过大" in exc.value.messages[0]
