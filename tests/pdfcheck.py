"""What every PDF test checks about fonts: the CJK font is embedded (pdffonts)."""

CJK_FONT_NAMES = ("WenQuanYi", "CJK")


def cjk_embedded(pdffonts_output: str) -> bool:
    """True when a CJK font is listed with 'yes' in the emb column."""
    return any(any(n in line for n in CJK_FONT_NAMES) and " yes " in line
               for line in pdffonts_output.splitlines())


def pdf_text(content: bytes) -> str:
    """The text of a rendered PDF (poppler's pdftotext, reading standard input)."""
    import subprocess

    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True,
                          check=True).stdout.decode()
