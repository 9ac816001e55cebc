"""The booklet laid out by several processes at once, then merged as one PDF.

WeasyPrint is single-threaded, so the booklet is cut into pieces: the front
matter, groups of sections, the map, each index and the back cover. Worker
processes lay each piece out and write it as PDF at the same time, and
pdf_merge puts the pages together, keeping the pieces' structure trees
(PDF/UA), links and bookmarks. Left and right pages have the same margins
(print.css), so a piece lays out the same on whichever page it starts. The
pieces are laid out without page numbers; the numbers (folios) are laid out
as documents of their own and drawn over the merged pages. The indexes and
the contents print page numbers, so they are laid out once the entries'
pages are known.
"""

import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import threading
import zlib
from concurrent.futures import ProcessPoolExecutor
from typing import NamedTuple

from . import booklet, pdf_merge

# A piece is laid out without the page numbers at the foot of its pages ...
PIECE_CSS = (
    "@page :left { @bottom-left { content: none !important; } }"
    "@page :right { @bottom-right { content: none !important; } }"
)
# ... and the page numbers without crop marks or running headers, to lie over them.
# (In the pieces' own <style>, so every piece shares one set of fonts and style sheets.)
FOLIO_CSS = "@page { marks: none !important; @top-center { content: none !important; } }"
MAX_WORKERS = 4
SECTION_GROUPS_PER_WORKER = 3  # smaller groups keep both workers busy to the end
MAX_BLANK_PAGES = 4  # one before the map, up to three to make a multiple of four
INDEXES = ("legend", "register-navne", "register-aktiviteter", "register-ugedage")


class Piece(NamedTuple):
    """A piece laid out and written: its PDF, page count and where its anchors are."""

    pdf: bytes  # zlib-compressed
    pages: int
    anchors: dict[str, int]  # anchor -> index of its page within the piece


# In the worker processes ----------------------------------------------------------


@functools.cache
def _resources(variant_name: str, bleed: bool, profile: bool):
    return booklet.resources(booklet.variant_for(variant_name), bleed, profile=profile)


def lay_out(html: str, variant_name: str, bleed: bool, base_url: str, first_page: int = 1,
            role: str = "pages") -> Piece:  # fmt: skip
    """Lay out and write one piece (runs in a worker; fonts and style sheets are kept).

    The front matter (`role` "front") is written as its variant demands
    (tagged PDF/UA, or PDF/X-4 with the output intent): the merged PDF takes
    its metadata from it. Other pieces lend only their pages ("pages"): the
    print shop's are plain PDF in DeviceCMYK, so the colour profile is
    embedded once; the tagged variants' keep their tags. Page numbers
    ("folios") are laid over pages as artifacts, untagged.
    """
    variant = booklet.variant_for(variant_name)
    shared = _resources(variant_name, bleed, role == "front" and variant.cmyk)
    whole = role == "front" or (role == "pages" and not variant.cmyk)
    document = booklet.render_document(html, variant, bleed, base_url, shared=shared,
                                       first_page=first_page)  # fmt: skip
    anchors = {anchor: i for i, page in enumerate(document.pages) for anchor in page.anchors}
    # Uncompressed: WeasyPrint deflates at level 9, which takes half a second for the fonts
    # and colour profile of each piece; merge() deflates everything once.
    pdf_variant = variant.pdf_variant if whole else None
    pdf = document.write_pdf(pdf_variant=pdf_variant, uncompressed_pdf=True)
    # Deflated quickly for the way back: the building process holds every piece until
    # the merge, which would otherwise be tens of megabytes while the workers still run.
    piece = Piece(zlib.compress(pdf, 1), len(document.pages), anchors)
    del document
    _release_memory()
    return piece


def _release_memory() -> None:
    """Hand what the laid-out piece used back to the system before the next piece.

    Python keeps freed memory in its arenas and glibc's heap; a worker that
    has laid out the biggest section would otherwise hold that much for good.
    """
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


# In the building process ------------------------------------------------------------


def worker_count() -> int:
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))


@contextlib.contextmanager
def workers(variant, bleed: bool):
    """Worker processes that share what this process has loaded, where that is safe.

    A process with one thread (`directory print`) forks its workers after
    loading WeasyPrint, the fonts and the style sheets, so they share them.
    Forking a process with more threads (the web app builds in a thread) can
    copy a lock another thread holds: there the workers come from a clean
    server process that imports WeasyPrint once.
    """
    if threading.active_count() > 1:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["weasyprint", "directory.booklet_parallel"])
        with ProcessPoolExecutor(worker_count(), mp_context=context) as pool:
            yield pool
        return
    _resources(variant.name, bleed, False)  # made once, before the fork
    gc.freeze()  # the collector would touch, and so copy, every object the workers inherit
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(worker_count(), mp_context=context) as pool:
            yield pool
    finally:
        gc.unfreeze()
        _resources.cache_clear()  # the workers had their copies


def section_groups(sections: list[dict], groups: int) -> list[list[dict]]:
    """The sections in order, cut into about `groups` runs with similar numbers of entries."""
    total = sum(len(section["entries"]) for section in sections)
    target = max(1, total / max(groups, 1))
    runs, run, size = [], [], 0
    for section in sections:
        run.append(section)
        size += len(section["entries"])
        if size >= target:
            runs.append(run)
            run, size = [], 0
    return runs + [run] if run else runs


class Layout(NamedTuple):
    """The booklet's page sequence: each slot a piece's name or None for a blank page."""

    slots: list[tuple[str | None, int]]  # (piece name or None, page within the piece)
    pages: dict[str, int]  # anchor -> page number

    @property
    def page_count(self) -> int:
        return len(self.slots)


def arrange(pieces: dict[str, Piece], order: list[str], pad: bool = True) -> Layout:
    """Place the pieces one after another: the map on a left-hand page, and with `pad`
    blank pages before the back cover to make a multiple of four (saddle stitching)."""
    slots, pages = [], {}
    for name in order:
        if name == "map" and len(slots) % 2 == 0:  # the next page would be a right-hand one
            slots.append((None, 0))
        if name == "back-cover" and pad:
            slots += [(None, 0)] * (-(len(slots) + pieces[name].pages) % 4)
        start = len(slots) + 1
        pages |= {anchor: start + i for anchor, i in pieces[name].anchors.items()}
        slots += [(name, i) for i in range(pieces[name].pages)]
    return Layout(slots, pages)


class Build:
    """One booklet being built: submits pieces to the workers and collects them."""

    def __init__(self, pool, context: dict, variant, bleed: bool, pad: bool, base_url: str,
                 report):  # fmt: skip
        self.pool, self.context, self.variant = pool, context, variant
        self.bleed, self.pad, self.base_url, self.report = bleed, pad, base_url, report
        self.pieces: dict[str, Piece] = {}
        groups = worker_count() * SECTION_GROUPS_PER_WORKER
        self.groups = section_groups(context["sections"], groups)
        self.body = [f"sections-{n}" for n in range(len(self.groups))]
        self.order = ["front", *self.body, "map", *INDEXES, "back-cover"]
        self.steps, self.done = len(self.order) + 3, 0

    def submit(self, pieces, pages=None, page_css=PIECE_CSS, first_page=1, role="pages",
               **extra):  # fmt: skip
        with booklet.public_request_context():
            html = booklet.part_html({**self.context, **extra}, pieces, pages, page_css=page_css)
        return self.pool.submit(lay_out, html, self.variant.name, self.bleed, self.base_url,
                                first_page, role)  # fmt: skip

    def collect(self, futures: dict) -> None:
        for name, future in futures.items():
            self.pieces[name] = future.result()
            self.done += 1
            self.report(20 + int(70 * min(self.done / self.steps, 1)), "Sætter siderne")

    def lay_out_unnumbered(self, map_image) -> None:
        """What prints no page numbers (the front matter only to count its pages)."""
        first = {name: self.submit(("sections",), sections=group)
                 for name, group in zip(self.body, self.groups, strict=True)}  # fmt: skip
        first["back-cover"] = self.submit(("back-cover",))
        first["filler"] = self.submit(("filler",), blank_pages=MAX_BLANK_PAGES)
        first["front"] = self.submit(booklet.PARTS["front"], role="front")
        first["map"] = self.submit(("map",), map_image=map_image.result())
        self.collect(first)

    def lay_out_numbered(self) -> "Layout":
        """The indexes, with the entries' pages; then the contents and the page numbers."""
        for _ in range(3):  # the contents' length could change with real numbers: redo then
            front_pages = self.pieces["front"].pages
            entries = arrange(self.pieces, self.order[: self.order.index("map") + 1])
            self.collect({name: self.submit((name,), entries.pages) for name in INDEXES})
            layout = arrange(self.pieces, self.order, self.pad)
            front = self.submit(booklet.PARTS["front"], layout.pages, role="front")
            self.collect({"front": front, **self.submit_folios(layout)})
            if self.pieces["front"].pages == front_pages:
                return layout
        raise booklet.BookletError("Indholdsfortegnelsens længde bliver ved med at ændre sig.")

    def submit_folios(self, layout: "Layout") -> dict:
        """The page numbers, in a few documents laid out side by side."""
        kinds = folio_kinds(layout)
        size = -(-len(kinds) // worker_count())
        size += size % 2  # each starts on an odd, right-hand page, as a document does
        return {
            f"folios-{start}": self.submit(("folios",), page_css=FOLIO_CSS, first_page=start + 1,
                                          role="folios", folios=kinds[start : start + size])
            for start in range(0, len(kinds), size)
        }  # fmt: skip


def build_pdf(edition: dict, boundary, variant, bleed: bool, pad: bool, base_url: str,
              report) -> bytes:  # fmt: skip
    """The edition's booklet as PDF bytes, laid out in parallel (see the module's docstring).

    `boundary` is the area drawn on the map (printmap.home_boundary); `pad`
    makes the page count a multiple of four. Runs inside an application
    context; `report(percent, message)` tells progress.
    """
    with workers(variant, bleed) as pool:
        # A worker draws the map (importing matplotlib) while this process makes the QR codes.
        map_image = pool.submit(booklet.map_image, edition["entries"], variant, boundary)
        report(10, "Tegner kort og QR-koder")
        with booklet.public_request_context():
            context = booklet.booklet_context(edition, variant)
        report(20, "Sætter siderne")
        build = Build(pool, context, variant, bleed, pad, base_url, report)
        build.lay_out_unnumbered(map_image)
        layout = build.lay_out_numbered()
    return merge(build.pieces, layout, tagged=not variant.cmyk)


def folio_kinds(layout: Layout) -> list[str]:
    """For each page, how its number is shown: "" (at the foot), "map" (its own margins) or
    "none" (the cover, blank pages and the back cover)."""
    kinds = []
    for name, _ in layout.slots:
        if name in (None, "back-cover") or (name == "front" and not kinds):
            kinds.append("none")
        else:
            kinds.append("map" if name == "map" else "")
    return kinds


def merge(pieces: dict[str, Piece], layout: Layout, tagged: bool) -> bytes:
    """One PDF of the pieces' pages in layout order, each with its page number laid over."""
    sources = {name: pdf_merge.Merger.open(zlib.decompress(piece.pdf))
               for name, piece in pieces.items()}  # fmt: skip
    folio_names = sorted((n for n in sources if n.startswith("folios-")),
                         key=lambda n: int(n.split("-")[1]))  # fmt: skip
    folios = [page for name in folio_names for page in sources[name].pages]
    blanks = iter(range(pieces["filler"].pages))
    merger = pdf_merge.Merger(tagged)
    for number, (name, index) in enumerate(layout.slots):
        if name is None:
            merger.add(sources["filler"], next(blanks), folios[number], blank=True)
        else:
            merger.add(sources[name], index, folios[number])
    return merger.write(info_from=sources["front"])
