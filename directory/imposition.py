"""Saddle-stitch imposition: the booklet's pages on A4 landscape print sheets.

Each side of a sheet carries two pages, left and right of the fold. Printed
duplex (flip on the short edge), stacked, folded and stapled, the sheets give
the booklet in reading order. The page count is padded with blank pages to a
multiple of four. The blanks go just before the last page, so that the back
cover stays on the outside of the booklet (`keep_back_cover=False` puts them
at the very end instead).

Each page is placed by its trim box (the finished page; WeasyPrint sets it
when the booklet has a bleed), so bleed and crop marks are cut away: the
sheet is folded, not trimmed per page. A page goes onto the sheet as a Form
XObject whose bounding box is that trim box (which clips it), its content
stream copied unparsed: pypdf's merge_page would parse and rewrite every
stream, which takes minutes for a booklet. A page that does not fit its half
of the sheet (the A4 `large` variant) is scaled down to fit, keeping its
proportions; every page sits against the fold and is centred vertically.
Links (annotations) and tags are not carried over: the sheets are for the
printer.
"""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
)

from .validation import Invalid

POINTS_PER_MM = 72 / 25.4
SHEET_WIDTH = 297 * POINTS_PER_MM  # A4 landscape
SHEET_HEIGHT = 210 * POINTS_PER_MM


class ImpositionError(Invalid):
    """A PDF that cannot be imposed; the message is Danish."""


def padded_sequence(page_count: int, keep_back_cover: bool = True) -> list[int | None]:
    """The booklet's pages in reading order (0-based indices), None for each blank added.

    The length is the page count rounded up to a multiple of four.
    """
    if page_count < 0:
        raise ValueError("page_count must not be negative")
    pages: list[int | None] = list(range(page_count))
    blanks: list[int | None] = [None] * (-page_count % 4)
    if keep_back_cover and page_count >= 2:
        return pages[:-1] + blanks + pages[-1:]
    return pages + blanks


def booklet_order(
    page_count: int, keep_back_cover: bool = True
) -> list[tuple[int | None, int | None]]:
    """(left, right) page indices (0-based, None = blank) for each side of each sheet.

    Sides come in printing order: sheet 1 outside, sheet 1 inside, sheet 2
    outside, ... For 8 pages: [(7, 0), (1, 6), (5, 2), (3, 4)], that is
    pages 8|1 and 2|7 on the first sheet, 6|3 and 4|5 on the second.
    """
    sequence = padded_sequence(page_count, keep_back_cover)
    last = len(sequence) - 1
    sides = []
    for side in range(len(sequence) // 2):
        # outside of a sheet: back half on the left; inside: front half on the left
        left, right = (last - side, side) if side % 2 == 0 else (side, last - side)
        sides.append((sequence[left], sequence[right]))
    return sides


def impose(pdf_bytes: bytes, keep_back_cover: bool = True) -> bytes:
    """A PDF of A4 landscape print sheets holding the pages of `pdf_bytes` in booklet order."""
    reader = _read(pdf_bytes)
    writer = PdfWriter()
    for left, right in booklet_order(len(reader.pages), keep_back_cover):
        sheet = writer.add_blank_page(SHEET_WIDTH, SHEET_HEIGHT)
        forms, drawing = DictionaryObject(), []
        for slot, index in enumerate((left, right)):
            if index is not None:
                name = NameObject(f"/Page{index + 1}")
                form, box = page_as_form(reader.pages[index])
                forms[name] = writer._add_object(form.clone(writer))
                drawing.append(b"q %s cm %s Do Q" % (_placement(box, slot), name.encode()))
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): forms})
        sheet.replace_contents(stream(b"\n".join(drawing)))
    if "/OutputIntents" in reader.root_object:  # the print variant's CMYK profile
        intents = reader.root_object["/OutputIntents"].clone(writer)
        writer.root_object[NameObject("/OutputIntents")] = intents
    if reader.metadata and reader.metadata.title:
        writer.add_metadata({"/Title": reader.metadata.title})
    # pypdf (7.1) copies a stream afresh each time an array refers to it, e.g. the ICC
    # profile in every [/ICCBased …] colour space: 100 MB for a 116-page booklet without this
    writer.compress_identical_objects()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _read(pdf_bytes: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(pdf_bytes))
        page_count = len(reader.pages)
    except (PdfReadError, ValueError, TypeError, KeyError):
        raise ImpositionError(
            "PDF-filen kan ikke læses, så den kan ikke lægges op til tryk."
        ) from None
    if not page_count:
        raise ImpositionError("PDF-filen har ingen sider.")
    return reader


def page_as_form(page) -> tuple[StreamObject, tuple[float, float, float, float]]:
    """The page as a Form XObject clipped to its trim box, and that box."""
    if page.rotation:
        page.transfer_rotation_to_content()
    trim = page.trimbox  # the cropbox, or the mediabox, when the page has no trim box
    box = (float(trim.left), float(trim.bottom), float(trim.right), float(trim.top))
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else ArrayObject()
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    form = stream(b"\n".join(part.get_object().get_data() for part in streams))
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in box),  # clips bleed and marks
        # the reference itself, not the resolved dictionary: cloning a resolved dictionary
        # makes pypdf copy shared objects (the 290 KB ICC profile) once per use
        NameObject("/Resources"): page.raw_get("/Resources") if "/Resources" in page
        else DictionaryObject(),
    })  # fmt: skip
    if "/Group" in page:  # transparency group: blending as on the page
        form[NameObject("/Group")] = page["/Group"]
    return form, box


def stream(data: bytes) -> StreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream.flate_encode()


def _placement(box, slot: int) -> bytes:
    """The `cm` operands putting a page box in the left (slot 0) or right (slot 1) half."""
    left, bottom, right, top = box
    half = SHEET_WIDTH / 2
    scale = min(half / (right - left), SHEET_HEIGHT / (top - bottom))
    width, height = (right - left) * scale, (top - bottom) * scale
    x = half - width if slot == 0 else half  # against the fold
    y = (SHEET_HEIGHT - height) / 2
    values = (scale, 0, 0, scale, x - left * scale, y - bottom * scale)
    return " ".join(f"{v:.6f}".rstrip("0").rstrip(".") for v in values).encode()
