"""The printed catalogue as a PDF: a frozen edition laid out by WeasyPrint.

The booklet is rendered from the site's own Jinja partials (an activity is
templates/_activity.html on the site and in print) with print CSS
(static/css/print.css): @page rules and running headers from string-set. The
front matter, the sections with the map, and the back matter are laid out
separately (render_booklet), so the page numbers in the table of contents,
the indexes and the map legend are written in as text. Variants:

- print: A5 with 3 mm bleed and crop marks, PDF/X-4, every colour in CMYK
  against the FOGRA39 output intent (static/icc/), padded to a multiple of
  four pages so the back cover is the last page of a saddle-stitched booklet;
- web: A5, tagged PDF/UA-1 for download and screen readers;
- large: A4 with large type, tagged, for readers with poor sight.

Nothing is fetched from the network: the only resources are the shipped
fonts and profile (file URLs inside static/) and data: URIs.
"""

import base64
import contextlib
import functools
import logging
import re
import threading
from pathlib import Path
from typing import NamedTuple

import segno
from flask import current_app, render_template, request, url_for

from . import editions
from .vocabulary import WEEKDAYS

STATIC_DIR = Path(__file__).resolve().parent / "static"
PRINT_CSS = STATIC_DIR / "css" / "print.css"
CMYK_PROFILE = STATIC_DIR / "icc" / "FOGRA39L.icc"
BLEED_MM = 3
PAGE_SIZES_MM = {"A5": (148, 210), "A4": (210, 297)}
FONT_FAMILY = "Atkinson Hyperlegible"


class Variant(NamedTuple):
    name: str
    label: str
    page: str  # a CSS page size
    bleed: bool
    pdf_variant: str  # WeasyPrint's pdf_variant
    large: bool = False

    @property
    def cmyk(self) -> bool:
        return self.pdf_variant.startswith("pdf/x")


VARIANTS = {
    "print": Variant("print", "Til trykkeriet (PDF/X-4, A5 med beskæring)", "A5", True, "pdf/x-4"),
    "web": Variant("web", "Til download (PDF/UA, A5)", "A5", False, "pdf/ua-1"),
    "large": Variant("large", "Stor skrift (A4)", "A4", False, "pdf/ua-1", large=True),
}


class BookletError(Exception):
    """The booklet cannot be built; the message is Danish."""


def variant_for(name: str) -> Variant:
    try:
        return VARIANTS[name]
    except KeyError:
        raise BookletError(f"Ukendt udgave '{name}': vælg {', '.join(VARIANTS)}.") from None


# Colours for print ------------------------------------------------------------

_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_RGB = re.compile(r"rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)")
_NAMED = {"black": (0, 0, 0), "white": (255, 255, 255)}


def cmyk(red: int, green: int, blue: int) -> str:
    """A naive RGB -> device-cmyk() conversion; grey becomes pure black ink (K).

    The print shop's RIP interprets DeviceCMYK with the FOGRA39 output
    intent; exact brand colours would be given in CMYK in print.css.
    """
    r, g, b = red / 255, green / 255, blue / 255
    k = 1 - max(r, g, b)
    if k >= 1:
        return "device-cmyk(0 0 0 1)"
    c, m, y = ((1 - x - k) / (1 - k) for x in (r, g, b))
    return f"device-cmyk({c:.3g} {m:.3g} {y:.3g} {k:.3g})"


def _hex_to_cmyk(match) -> str:
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return cmyk(*(int(digits[i : i + 2], 16) for i in (0, 2, 4)))


def to_cmyk(text: str) -> str:
    """Every #rgb, #rrggbb, rgb(…), black and white in CSS or SVG text as device-cmyk()."""
    text = _HEX.sub(_hex_to_cmyk, text)
    text = _RGB.sub(lambda m: cmyk(*(int(v) for v in m.groups())), text)
    for name, rgb in _NAMED.items():
        text = re.sub(rf'(?<=["\s:]){name}(?=["\s;])', cmyk(*rgb), text)
    return text


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


# Content ------------------------------------------------------------------


def entry_url(entry: dict) -> str:
    """The entry's page on the public site (requires a public request context)."""
    return url_for("public.association", slug=entry["slug"], _external=True)


def qr_svg(url: str, variant: Variant) -> str:
    """A vector QR code for `url`: the SVG segno writes, in CMYK for print."""
    svg = _qr_svg(url)
    return to_cmyk(svg) if variant.cmyk else svg


@functools.lru_cache(maxsize=4096)
def _qr_svg(url: str) -> str:
    """Cached: choosing the best of eight masks makes a code cost about 6 ms, and an
    app process builds the same codes for every variant and every rebuild."""
    svg = segno.make(url, error="m").svg_inline(dark="#000", border=0, omitsize=True)
    # segno draws the modules as strokes; without fill="none" the SVG default fill
    # (black, in RGB) would be set as well.
    return svg.replace("<path ", '<path fill="none" ', 1)


_NOT_KEYWORD = re.compile(r"[\d(+]|^u\d", re.IGNORECASE)


def keyword(title: str) -> str:
    """The activity an entry's activity title names: 'Fodbold U10' -> 'Fodbold'.

    The title up to its first word with a digit or a parenthesis (ages, teams,
    places in brackets), so 'Pigefodbold 9-11 år' and 'Pigefodbold 12-14 år'
    share one line in the index.
    """
    words = []
    for word in title.split():
        if _NOT_KEYWORD.search(word):
            break
        words.append(word)
    text = " ".join(words).strip(" -–,.:;")
    return text[:1].upper() + text[1:] if text else ""


def a_to_z(entries: list[dict]) -> list[tuple[str, list[dict]]]:
    """[(letter, entries)] in Danish alphabetical order."""
    groups: dict[str, list[dict]] = {}
    for entry in sorted(entries, key=lambda e: editions.danish_sort_key(e["name"])):
        name = entry["name"].strip()
        letter = "Å" if name[:2].casefold() == "aa" else name[:1].upper()
        groups.setdefault(letter if letter.isalpha() else "#", []).append(entry)
    return list(groups.items())


def keyword_index(entries: list[dict]) -> list[tuple[str, list[dict]]]:
    """[(keyword, entries)] from activity titles and the entries' categories."""
    found: dict[str, dict[int, dict]] = {}
    for entry in entries:
        words = [keyword(a["title"]) for a in entry["activities"]]
        words += [c["label"] for c in entry["categories"]]
        for word in filter(None, words):
            found.setdefault(word, {})[entry["number"]] = entry
    return [
        (word, [found[word][n] for n in sorted(found[word])])
        for word in sorted(found, key=editions.danish_sort_key)
    ]


def weekday_index(entries: list[dict]) -> list[tuple[str, list[tuple[str, dict]]]]:
    """[(weekday, [(first start time that day, entry)])] Monday to Sunday."""
    days = []
    for day, name in enumerate(WEEKDAYS):
        starts: dict[int, tuple[str, dict]] = {}
        for entry in entries:
            times = [a.get("start_time") or "" for a in entry["activities"]
                     if day in (a.get("weekdays") or [])]  # fmt: skip
            if times:
                starts[entry["number"]] = (min(times, key=lambda t: (t == "", t)), entry)
        listed = sorted(starts.values(), key=lambda s: (s[0] == "", s[0], s[1]["number"]))
        if listed:
            days.append((name.capitalize(), listed))
    return days


def map_size_mm(variant: Variant) -> tuple[float, float]:
    """The map's box: the page less its margins and the heading."""
    width, height = PAGE_SIZES_MM[variant.page]
    return width - 20, height - 38


def map_image(entries: list[dict], variant: Variant, boundary=None) -> str:
    """The numbered map as vector SVG (printmap) in a data: URI; numbers in the booklet's font."""
    from . import printmap

    points = [
        {"number": e["number"], "lat": e["point"][0], "lon": e["point"][1]}
        for e in entries
        if e.get("point")
    ]
    svg = printmap.numbered_map_svg(
        points, *map_size_mm(variant), boundary=boundary, font_family=FONT_FAMILY
    )
    # As an image, not inline: inline SVG would be styled (and warned about) as HTML.
    return svg_data_uri(to_cmyk(svg) if variant.cmyk else svg)


def cover_image(edition: dict, variant: Variant) -> str:
    if not edition.get("cover_image"):
        return ""
    data = base64.b64encode(edition["cover_image"]).decode()
    return f"data:{edition['cover_image_type']};base64,{data}"


def office() -> dict:
    config = current_app.config
    return {
        key.removeprefix("OFFICE_").lower(): config.get(key, "")
        for key in ("OFFICE_NAME", "OFFICE_ADDRESS", "OFFICE_PHONE", "OFFICE_EMAIL",
                    "OFFICE_WEBSITE")  # fmt: skip
    }


def booklet_context(edition: dict, variant: Variant, boundary=None) -> dict:
    entries = edition["entries"]
    by_section: dict[str, list[dict]] = {}
    for entry in entries:
        entry["url"] = entry_url(entry)
        entry["qr"] = svg_data_uri(qr_svg(entry["url"], variant))
        by_section.setdefault(entry["section"], []).append(entry)
    sections = [
        {**section, "entries": by_section[section["slug"]]}
        for section in edition["sections"]
        if section["slug"] in by_section
    ]
    site_url = url_for("public.index", _external=True)
    return {
        "edition": edition, "variant": variant, "sections": sections,
        "on_map": [e for e in entries if e.get("point")],
        "not_on_map": [e for e in entries if not e.get("point")],
        "map_image": map_image(entries, variant, boundary),
        "cover_image": cover_image(edition, variant),
        "a_to_z": a_to_z(entries), "keywords": keyword_index(entries),
        "weekdays": weekday_index(entries), "office": office(), "site_url": site_url,
        "site_qr": svg_data_uri(qr_svg(site_url, variant)),
    }  # fmt: skip


@contextlib.contextmanager
def public_request_context():
    """url_for(..., _external=True) gives the public site's addresses (PUBLIC_URL)."""
    base = current_app.config["PUBLIC_URL"].rstrip("/") + "/"
    with current_app.test_request_context("/", base_url=base):
        yield


PARTS = ("front", "body", "back")
PAGE_PLACEHOLDER = "000"  # as wide as a real page number, for the first layout of the contents


def booklet_html(edition: dict, variant: Variant, boundary=None) -> str:
    """The whole booklet as one HTML document, its page references as placeholders."""
    with public_request_context():
        return part_html(booklet_context(edition, variant, boundary), PARTS)


def part_html(context: dict, parts=PARTS, pages=None, skip_page=False) -> str:
    """Some of the booklet's parts (front matter, sections and map, back matter) as HTML.

    `pages` maps anchors (nr-4, afsnit-sport, kort, register-navne …) to page
    numbers, written into the contents and indexes; `skip_page` starts with a
    page to be dropped, so the first real page is a left-hand one.
    Runs inside public_request_context().
    """
    pages = pages or {}
    return render_template(
        "print/booklet.html", **context, parts=parts, skip_page=skip_page,
        page_of=lambda anchor: pages.get(anchor, PAGE_PLACEHOLDER),
    )  # fmt: skip


# Rendering ----------------------------------------------------------------


def variant_css(variant: Variant, bleed: bool) -> str:
    """The page size, bleed, colour profile and type size of one variant."""
    css = [f"@page {{ size: {variant.page}; }}"]
    if bleed:
        css.append(f"@page {{ bleed: {BLEED_MM}mm; marks: crop; }}")
    if variant.cmyk:
        css.append(
            f"@color-profile device-cmyk {{ src: url({CMYK_PROFILE.as_uri()}); "
            "components: c, m, y, k; }"
        )
    if variant.large:
        css.append(":root { font-size: 15pt; } .entry-qr { width: 24mm; }")
    return "\n".join(css)


def _fetcher():
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Only data: URIs and files inside static/; anything else stops the build."""

        def fetch(self, url, headers=None):
            if url.startswith("file:") and not url.startswith(STATIC_DIR.as_uri() + "/"):
                raise ValueError(f"not a shipped file: {url}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


def stylesheets(variant: Variant, bleed: bool, font_config, color_profiles) -> list:
    from weasyprint import CSS

    css = PRINT_CSS.read_text(encoding="utf-8") + "\n" + variant_css(variant, bleed)
    if variant.cmyk:
        css = to_cmyk(css)
    return [CSS(string=css, base_url=PRINT_CSS.as_uri(), url_fetcher=_fetcher(),
                font_config=font_config, color_profiles=color_profiles)]  # fmt: skip


class _LayoutProgress(logging.Handler):
    """Turns WeasyPrint's "Creating layout - Page N" messages into a percentage.

    The booklet is laid out in parts (render_booklet), each counting its pages
    from 1, so the pages laid out are counted rather than read from the message.
    """

    PAGE = re.compile(r"Page \d+")

    def __init__(self, report, expected_pages: int, start: int, end: int):
        super().__init__(logging.INFO)
        self.report, self.expected = report, max(expected_pages, 1)
        self.start, self.end = start, end
        self.thread = threading.get_ident()
        self.pages = 0

    def emit(self, record):
        if record.thread != self.thread:  # another build in another thread
            return
        if self.PAGE.search(record.getMessage()):
            self.pages += 1
            share = min(self.pages / self.expected, 1)
            self.report(self.start + int((self.end - self.start) * share), "Sætter siderne")


@contextlib.contextmanager
def layout_progress(report, expected_pages: int, start: int = 20, end: int = 85):
    if report is None:
        yield
        return
    from weasyprint import PROGRESS_LOGGER

    handler = _LayoutProgress(report, expected_pages, start, end)
    old_level, old_propagate = PROGRESS_LOGGER.level, PROGRESS_LOGGER.propagate
    PROGRESS_LOGGER.addHandler(handler)
    # INFO is needed to see the pages; the messages are not for the app's log.
    PROGRESS_LOGGER.setLevel(logging.INFO)
    PROGRESS_LOGGER.propagate = False
    try:
        yield
    finally:
        PROGRESS_LOGGER.removeHandler(handler)
        PROGRESS_LOGGER.setLevel(old_level)
        PROGRESS_LOGGER.propagate = old_propagate


class Resources(NamedTuple):
    """What the parts of one booklet share: fonts, colour profiles and style sheets."""

    font_config: object
    color_profiles: dict
    sheets: list


def resources(variant: Variant, bleed: bool) -> Resources:
    from weasyprint.text.fonts import FontConfiguration

    font_config, color_profiles = FontConfiguration(), {}
    sheets = stylesheets(variant, bleed, font_config, color_profiles)
    return Resources(font_config, color_profiles, sheets)


def render_document(html: str, variant: Variant, bleed: bool, base_url: str, *,
                    shared: Resources | None = None, first_page: int = 1):  # fmt: skip
    """Lay out the HTML as WeasyPrint's Document (which keeps its fonts and profiles).

    `first_page` is the number the first page shows (counter(page)).
    """
    from weasyprint import CSS, HTML

    shared = shared or resources(variant, bleed)
    sheets = shared.sheets
    if first_page != 1:
        sheets = [*sheets, CSS(string=f"@page :first {{ counter-reset: page {first_page} }}")]
    return HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).render(
        stylesheets=sheets, font_config=shared.font_config,
        color_profiles=shared.color_profiles, pdf_variant=variant.pdf_variant,
        output_intent="device-cmyk" if variant.cmyk else None,
    )  # fmt: skip


def render_part(context, parts, first_page: int, pages: dict, variant: Variant, bleed: bool,
                base_url: str, shared: Resources):  # fmt: skip
    """(document, its pages) for some parts, numbered from `first_page`.

    A part that starts on an even (left-hand) page is laid out after a page
    that is dropped again, so :left and :right pages stay right.
    """
    skip = first_page % 2 == 0
    with public_request_context():
        html = part_html(context, parts, pages, skip)
    document = render_document(html, variant, bleed, base_url, shared=shared,
                               first_page=first_page - skip)  # fmt: skip
    return document, document.pages[1:] if skip else document.pages


def anchor_pages(pages, first_page: int) -> dict[str, int]:
    return {anchor: first_page + i for i, page in enumerate(pages) for anchor in page.anchors}


def render_booklet(context: dict, variant: Variant, bleed: bool, base_url: str):
    """The booklet laid out part by part, with literal page numbers in contents and indexes.

    CSS target-counter() would do this in one document, but WeasyPrint then
    lays the indexes out two or three times over. Here: the front matter with
    placeholders (to count its pages), the sections and map, the back matter
    (legend, indexes) with the entries' pages, then the front matter again.
    """
    shared = resources(variant, bleed)
    front_pages, pages = None, {}
    _, front = render_part(context, ("front",), 1, pages, variant, bleed, base_url, shared)
    for _ in range(3):  # the contents' length could change with real numbers: redo then
        start = len(front) + 1
        _, body = render_part(context, ("body",), start, {}, variant, bleed, base_url, shared)
        pages = anchor_pages(body, start)
        start += len(body)
        _, back = render_part(context, ("back",), start, pages, variant, bleed, base_url,
                              shared)  # fmt: skip
        pages |= anchor_pages(back, start)
        document, front_pages = render_part(context, ("front",), 1, pages, variant, bleed,
                                            base_url, shared)  # fmt: skip
        if len(front_pages) == len(front):
            break
        front = front_pages
    return document.copy([*front_pages, *body, *back])


def pad_to_four(document, variant: Variant, bleed: bool, base_url: str):
    """Blank pages before the back cover, so the page count is a multiple of four.

    A saddle-stitched booklet has four pages per sheet; padding here (rather
    than at the end, as imposition would) keeps the back cover on the back.
    """
    missing = -len(document.pages) % 4
    if not missing:
        return document
    filler = render_document(
        '<html lang="da"><body><div class="filler"></div></body></html>', variant, bleed,
        base_url,
    )  # fmt: skip
    pages = document.pages[:-1] + filler.pages[:1] * missing + document.pages[-1:]
    return document.copy(pages)


def build_pdf(db, year, variant_name: str = "web", *, bleed: bool | None = None,
              imposed: bool = False, progress=None) -> bytes:
    """The edition's booklet as PDF bytes; runs inside an application context.

    `progress(percent, message)` is called as the build goes on; `imposed`
    returns A4 landscape saddle-stitch sheets instead of single pages.
    """
    report = progress or (lambda percent, message: None)
    variant = variant_for(variant_name)
    bleed = variant.bleed if bleed is None else bleed
    report(5, "Henter udgaven")
    edition = editions.get_edition(db, year)
    report(10, "Tegner kort og QR-koder")
    from . import printmap

    with public_request_context():
        context = booklet_context(edition, variant, printmap.home_boundary(db))
    report(20, "Sætter siderne")
    base_url = current_app.config["PUBLIC_URL"].rstrip("/") + "/"
    with layout_progress(progress, expected_pages=len(edition["entries"]) // 3 + 12):
        document = render_booklet(context, variant, bleed, base_url)
    if variant.name == "print" or imposed:
        document = pad_to_four(document, variant, bleed, base_url)
    report(88, "Skriver PDF")
    pdf = document.write_pdf(pdf_variant=variant.pdf_variant)
    if imposed:
        from . import imposition

        report(95, "Lægger siderne på ark")
        pdf = imposition.impose(pdf)
    report(100, "Færdig")
    return pdf


def proof_pdf(report: dict) -> bytes:
    """The proof report as an A4 PDF for checking on paper (inside a request context)."""
    html = render_template("print/proof_pdf.html", report=report)
    variant = Variant("proof", "Korrektur", "A4", False, "pdf/ua-1")
    document = render_document(html, variant, False, request.url_root)
    return document.write_pdf(pdf_variant=variant.pdf_variant)
