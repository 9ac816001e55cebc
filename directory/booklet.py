"""The printed catalogue as a PDF: a frozen edition laid out by WeasyPrint.

The booklet is rendered from Jinja templates (templates/print/) with print
CSS (static/css/print.css): @page rules and running headers from string-set.
It is laid out in pieces by several processes (booklet_parallel), so the
page numbers in the table of contents, the indexes and the map legend are
written in as text once the entries' pages are known. Variants:

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
import io
import re
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
QR_MASK = 2  # see _qr_svg


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

    @property
    def links(self) -> bool:
        """Links inside the PDF: for reading on screen, not for the print shop."""
        return not self.cmyk


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
    """The short address that leads to the entry's page (requires a public request context)."""
    return url_for("printing.short_link", association_id=entry["association_id"], _external=True)


def qr_svg(url: str, variant: Variant) -> str:
    """A vector QR code for `url`: the SVG segno writes, in CMYK for print."""
    svg = _qr_svg(url)
    return to_cmyk(svg) if variant.cmyk else svg


@functools.lru_cache(maxsize=4096)
def _qr_svg(url: str) -> str:
    """Cached: an app process builds the same codes for every variant and rebuild.

    The mask is fixed: segno's search for the best of eight masks (a scoring
    of how scanner-friendly each pattern is) costs about 6 ms a code, 2 s for
    300 entries, and any mask is valid; the tests decode every printed code.
    """
    svg = segno.make(url, error="m", mask=QR_MASK).svg_inline(dark="#000", border=0,
                                                              omitsize=True)  # fmt: skip
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
    """The cover picture as a data: URI; in the print shop's CMYK for the print variant."""
    if not edition.get("cover_image"):
        return ""
    data, mimetype = edition["cover_image"], edition["cover_image_type"]
    if variant.cmyk:
        data, mimetype = cmyk_jpeg(data), "image/jpeg"
    return f"data:{mimetype};base64,{base64.b64encode(data).decode()}"


def cmyk_jpeg(picture: bytes) -> bytes:
    """A picture converted from sRGB to the FOGRA39 printing condition (littlecms), as JPEG.

    PDF/X-4 with a CMYK output intent has no place for plain RGB pictures.
    """
    from PIL import Image, ImageCms

    with Image.open(io.BytesIO(picture)) as image:
        rgb = image.convert("RGB")
    cmyk = ImageCms.profileToProfile(rgb, ImageCms.createProfile("sRGB"), str(CMYK_PROFILE),
                                     outputMode="CMYK")  # fmt: skip
    output = io.BytesIO()
    cmyk.save(output, format="JPEG", quality=92)
    return output.getvalue()


def office() -> dict:
    config = current_app.config
    return {
        key.removeprefix("OFFICE_").lower(): config.get(key, "")
        for key in ("OFFICE_NAME", "OFFICE_ADDRESS", "OFFICE_PHONE", "OFFICE_EMAIL",
                    "OFFICE_WEBSITE")  # fmt: skip
    }


def booklet_context(edition: dict, variant: Variant) -> dict:
    """What print/booklet.html shows, but for the map (map_image, drawn by a worker)."""
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


# The booklet's parts, each made of pieces of print/booklet.html.
PARTS = {
    "front": ("cover", "foreword", "toc"),
    "body": ("sections", "map"),
    "back": ("legend", "register-navne", "register-aktiviteter", "register-ugedage",
             "back-cover"),
}  # fmt: skip
PAGE_PLACEHOLDER = "000"  # as wide as a real page number, for the first layout of the contents


def part_html(context: dict, pieces, pages=None, **extra) -> str:
    """Some pieces of the booklet (cover, foreword, toc, sections, map, legend …) as HTML.

    `pages` maps anchors (nr-4, afsnit-sport, kort, register-navne …) to page
    numbers, written into the contents and indexes.
    Runs inside public_request_context().
    """
    from .pdf_merge import anchor_link  # (pikepdf is imported only to build the booklet)

    pages = pages or {}
    return render_template(
        "print/booklet.html", **context, **extra, pieces=pieces,
        page_of=lambda anchor: pages.get(anchor, PAGE_PLACEHOLDER), anchor=anchor_link,
    )  # fmt: skip


# Rendering ----------------------------------------------------------------


def variant_css(variant: Variant, bleed: bool, profile: bool = True) -> str:
    """The page size, bleed, colour profile (unless not `profile`) and type size."""
    css = [f"@page {{ size: {variant.page}; }}"]
    if bleed:
        css.append(f"@page {{ bleed: {BLEED_MM}mm; marks: crop; }}")
    if variant.cmyk and profile:
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


def stylesheets(variant: Variant, bleed: bool, font_config, color_profiles,
                profile: bool = True) -> list:  # fmt: skip
    from weasyprint import CSS

    css = PRINT_CSS.read_text(encoding="utf-8") + "\n" + variant_css(variant, bleed, profile)
    if variant.cmyk:
        css = to_cmyk(css)
    return [CSS(string=css, base_url=PRINT_CSS.as_uri(), url_fetcher=_fetcher(),
                font_config=font_config, color_profiles=color_profiles)]  # fmt: skip


class Resources(NamedTuple):
    """What the parts of one booklet share: fonts, colour profiles and style sheets."""

    font_config: object
    color_profiles: dict
    sheets: list
    profile: bool  # the CMYK output intent is written (the print variant)


def resources(variant: Variant, bleed: bool, profile: bool = True) -> Resources:
    """Fonts and style sheets; without `profile`, CMYK colours are plain DeviceCMYK and
    no output intent is written (a piece whose PDF only lends its pages to the merge)."""
    from weasyprint.text.fonts import FontConfiguration

    font_config, color_profiles = FontConfiguration(), {}
    sheets = stylesheets(variant, bleed, font_config, color_profiles, profile)
    return Resources(font_config, color_profiles, sheets, variant.cmyk and profile)


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
        output_intent="device-cmyk" if shared.profile else None,
    )  # fmt: skip


def build_pdf(db, year, variant_name: str = "web", *, bleed: bool | None = None,
              imposed: bool = False, progress=None) -> bytes:
    """The edition's booklet as PDF bytes; runs inside an application context.

    `progress(percent, message)` is called as the build goes on; `imposed`
    returns A4 landscape saddle-stitch sheets instead of single pages. The
    print shop's variant is laid out by several processes (booklet_parallel),
    the tagged ones as one document.
    """
    report = progress or (lambda percent, message: None)
    variant = variant_for(variant_name)
    bleed = variant.bleed if bleed is None else bleed
    report(5, "Henter udgaven")
    edition = editions.get_edition(db, year)
    from . import printmap

    boundary = printmap.home_boundary(db)
    base_url = current_app.config["PUBLIC_URL"].rstrip("/") + "/"
    from . import booklet_parallel

    pad = variant.name == "print" or imposed
    pdf = booklet_parallel.build_pdf(edition, boundary, variant, bleed, pad, base_url, report)
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
