"""Validators shared by every intake form."""

import datetime
import re

from django.core.exceptions import ValidationError

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def id_check_digit(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_id_number(value: str) -> None:
    """18-character resident ID (GB 11643): region, birth date, check digit."""
    value = normalize_id_number(value)
    if not _ID_RE.match(value):
        raise ValidationError("身份证号应为18位：17位数字加1位数字或X。", code="format")
    try:
        born = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError("身份证号中的出生日期无效。", code="birth") from None
    if born.year < 1900 or born > datetime.date.today():
        raise ValidationError("身份证号中的出生日期无效。", code="birth")
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError("身份证号校验位不正确，请核对。", code="checksum")


def mask_id_number(value: str) -> str:
    """110105********1234 — the first six and last four characters only."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


_PHONE_RE = re.compile(r"^[0-9+\-() ]{5,20}$")


def validate_phone(value: str) -> None:
    if value and not _PHONE_RE.match(value):
        raise ValidationError("电话号码格式不正确：只能包含数字、空格、+、-和括号。")


ALLOWED_UPLOADS = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),
}
_PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
_BAD_TYPE = "文件类型不支持：只能上传 PDF、JPEG、PNG 或 WebP 文件。"


def sniff_type(head: bytes) -> str | None:
    for content_type, magics in ALLOWED_UPLOADS.items():
        if any(head.startswith(m) for m in magics):
            if content_type == "image/webp" and head[8:12] != b"WEBP":
                continue
            return content_type
    return None


def _check_pdf(upload) -> None:
    """The whole file must parse as a PDF with at least one page: a file that only
    starts with %PDF- (and then holds HTML, say) is refused."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(upload)
        if reader.is_encrypted or len(reader.pages) < 1:
            raise ValueError("no readable page")
        reader.pages[0].mediabox  # noqa: B018  (reads the first page's object)
    except Exception:  # pypdf raises many types on a broken file
        raise ValidationError("文件不是有效的 PDF（内容无法解析），未保存。") from None


def _check_image(upload, content_type: str) -> None:
    """Pillow checks the structure (verify), then decodes every pixel (load)."""
    from PIL import Image

    try:
        with Image.open(upload) as image:
            if image.format != _PIL_FORMATS[content_type]:
                raise ValueError(image.format)
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except Exception:  # Pillow raises many types (and DecompressionBombError)
        raise ValidationError("图片文件已损坏或不是有效的图片，未保存。") from None


def validate_upload(upload, max_bytes: int | None = None) -> str:
    """Accept PDF, JPEG, PNG or WebP by their whole content, not their name: the first
    bytes choose the type, then pypdf or Pillow must read the entire file.

    Returns the detected content type.
    """
    from django.conf import settings

    max_bytes = max_bytes or settings.ATTACHMENT_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            f"文件过大：每个文件不能超过 {max_bytes // (1024 * 1024)} MB。")
    upload.seek(0)
    content_type = sniff_type(upload.read(16))
    upload.seek(0)
    if content_type is None:
        raise ValidationError(_BAD_TYPE)
    try:
        if content_type == "application/pdf":
            _check_pdf(upload)
        else:
            _check_image(upload, content_type)
    finally:
        upload.seek(0)
    return content_type
