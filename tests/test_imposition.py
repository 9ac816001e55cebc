import io
import random
import re
from functools import cache

import pdfplumber
import pypdfium2
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)
from weasyprint import HTML

from directory import imposition

A4_LANDSCAPE = (841.89, 595.28)  # points


@pytest.mark.parametrize(
    ("pages", "keep_back_cover", "order"),
    [
        (1, True, [(None, 0), (None, None)]),
        (2, True, [(1, 0), (None, None)]),
        (2, False, [(None, 0), (1, None)]),
        (4, True, [(3, 0), (1, 2)]),
        (5, True, [(4, 0), (1, None), (None, 2), (3, None)]),
        (5, False, [(None, 0), (1, None), (None, 2), (3, 4)]),
        (8, True, [(7, 0), (1, 6), (5, 2), (3, 4)]),
        (12, True, [(11, 0), (1, 10), (9, 2), (3, 8), (7, 4), (5, 6)]),
    ],
)
def test_booklet_order(pages, keep_back_cover, order):
    assert imposition.booklet_order(pages, keep_back_cover) == order


@pytest.mark.parametrize("pages", range(1, 42))
def test_every_page_appears_once_and_facing_positions_add_up(pages):
    sides = imposition.booklet_order(pages)
    padded = imposition.padded_sequence(pages)
    assert len(padded) % 4 == 0 and pages <= len(padded) < pages + 4
    assert len(sides) == len(padded) // 2
    placed = [page for side in sides for page in side if page is not None]
    assert sorted(placed) == list(range(pages))
    position = {page: i for i, page in enumerate(padded) if page is not None}
    for left, right in sides:
        if left is not None and right is not None:  # a sheet side's two pages face outwards
            assert position[left] + position[right] == len(padded) - 1


@pytest.mark.parametrize(
    ("pages", "keep_back_cover", "sequence"),
    [
        (0, True, []),
        (3, True, [0, 1, None, 2]),
        (3, False, [0, 1, 2, None]),
        (6, True, [0, 1, 2, 3, 4, None, None, 5]),
        (8, True, list(range(8))),
    ],
)
def test_blank_pages_go_before_the_back_cover(pages, keep_back_cover, sequence):
    assert imposition.padded_sequence(pages, keep_back_cover) == sequence


def test_a_negative_page_count_is_refused():
    with pytest.raises(ValueError):
        imposition.booklet_order(-1)


@cache
def numbered_pdf(pages: int, page_css: str = "size: A5; margin: 15mm") -> bytes:
    """A PDF whose page i (1-based) says 'Side i'."""
    html = (
        f"<style>@page {{ {page_css} }} p {{ font-size: 24pt; break-after: page }}</style>"
        + "".join(f"<p>Side {i}</p>" for i in range(1, pages + 1))
    )
    return HTML(string=html).write_pdf()


def halves(imposed: bytes) -> list[tuple[int | None, int | None]]:
    """For each sheet side, the page index (0-based) read from its left and right half."""
    sides = []
    with pdfplumber.open(io.BytesIO(imposed)) as pdf:
        for page in pdf.pages:
            assert (page.width, page.height) == pytest.approx(A4_LANDSCAPE, abs=0.01)
            middle = page.width / 2
            left = page.crop((0, 0, middle, page.height)).extract_text()
            right = page.crop((middle, 0, page.width, page.height)).extract_text()
            sides.append((page_index(left), page_index(right)))
    return sides


def page_index(text: str) -> int | None:
    if not text.strip():
        return None
    (number,) = re.findall(r"Side (\d+)", text)
    return int(number) - 1


@pytest.mark.parametrize("pages", [1, 2, 4, 7, 8, 13])
def test_imposed_sheets_hold_the_pages_in_booklet_order(pages):
    imposed = imposition.impose(numbered_pdf(pages))
    assert len(PdfReader(io.BytesIO(imposed)).pages) * 2 % 4 == 0
    assert halves(imposed) == imposition.booklet_order(pages)


def test_blank_pages_can_go_at_the_end_instead():
    imposed = imposition.impose(numbered_pdf(7), keep_back_cover=False)
    assert halves(imposed) == imposition.booklet_order(7, keep_back_cover=False)
    assert halves(imposed)[0] == (None, 0)


def colour_at(imposed: bytes, sheet: int, x_mm: float, y_mm: float) -> tuple[int, int, int]:
    dots_per_mm = 300 / 25.4
    document = pypdfium2.PdfDocument(imposed)
    try:
        image = document[sheet].render(scale=300 / 72).to_pil().convert("RGB")
    finally:
        document.close()
    return image.getpixel((round(x_mm * dots_per_mm), round(y_mm * dots_per_mm)))


RED = (255, 0, 0)
WHITE = (255, 255, 255)


def test_bleed_and_crop_marks_are_trimmed_off():
    bleeding = numbered_pdf(4, "size: A5; margin: 15mm; bleed: 3mm; marks: crop; background: red")
    source = PdfReader(io.BytesIO(bleeding)).pages[0]
    assert float(source.mediabox.width) > float(source.trimbox.width)  # the bleed is there
    imposed = imposition.impose(bleeding)
    # A5 is 148 mm wide, each half 148.5 mm: the trimmed page leaves 0.5 mm white outside
    assert colour_at(imposed, 0, 0.2, 105) == WHITE
    assert colour_at(imposed, 0, 1.0, 105) == RED
    assert colour_at(imposed, 0, 148.3, 105) == RED  # against the fold
    assert colour_at(imposed, 0, 296.8, 105) == WHITE
    assert halves(imposed) == imposition.booklet_order(4)


def test_larger_pages_are_scaled_to_fit_their_half():
    imposed = imposition.impose(numbered_pdf(4, "size: A4; margin: 20mm; background: red"))
    # A4 scaled by 1/√2 is 148.5 × 210 mm: the halves are filled edge to edge
    assert colour_at(imposed, 0, 0.2, 1) == RED
    assert colour_at(imposed, 0, 296.8, 209) == RED
    with pdfplumber.open(io.BytesIO(imposed)) as pdf:
        sizes = {round(char["size"], 1) for char in pdf.pages[0].chars}
    assert sizes == {round(24 / 2**0.5, 1)}
    assert halves(imposed) == imposition.booklet_order(4)


def test_an_unreadable_pdf_is_refused_with_a_danish_message():
    with pytest.raises(imposition.ImpositionError, match="kan ikke læses"):
        imposition.impose(b"this is not a PDF")


def test_a_pdf_without_pages_is_refused():
    empty = io.BytesIO()
    PdfWriter().write(empty)
    with pytest.raises(imposition.ImpositionError, match="ingen sider"):
        imposition.impose(empty.getvalue())


def pdf_sharing_a_colour_profile(pages: int, profile_bytes: int) -> bytes:
    """Pages whose colour spaces all point to one ICC profile, as WeasyPrint's print PDFs do."""
    writer = PdfWriter()
    profile = DecodedStreamObject()
    profile.set_data(random.Random(0).randbytes(profile_bytes))  # incompressible
    profile[NameObject("/N")] = NumberObject(4)
    reference = writer._add_object(profile)
    for _ in range(pages):
        page = writer.add_blank_page(420, 595)
        colour_space = ArrayObject([NameObject("/ICCBased"), reference])
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/ColorSpace"): DictionaryObject({NameObject("/CS0"): colour_space})}
        )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_objects_shared_by_the_pages_are_written_once():
    source = pdf_sharing_a_colour_profile(pages=12, profile_bytes=100_000)
    imposed = imposition.impose(source)
    assert len(imposed) < 1.2 * len(source)
