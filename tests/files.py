"""Real files for upload tests: the upload check reads the whole file (pypdf, Pillow),
so a PNG signature followed by junk is no longer a PNG."""

import io


def png_bytes(size=(4, 3), color=(200, 30, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf_bytes(pages=1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PNG = png_bytes()
JPEG = jpeg_bytes()
PDF = pdf_bytes()
