"""Merging PDFs that WeasyPrint wrote for parts of one document, page by page.

booklet_parallel lays the booklet out in pieces; this puts their pages in
order into one PDF with pikepdf (qpdf: fast, and it writes only what the
result refers to) and keeps what each piece carried for the whole:

- the structure tree of a tagged (PDF/UA) piece: each piece's top
  "Document" element's children go, in page order, under one Document
  element, and the keys that tie pages and links to it (StructParents,
  StructParent, the ParentTree) are renumbered so they stay unique;
- links between pieces (an index line to an entry's page), named
  destinations and bookmarks;
- the document's metadata: XMP, title, language, output intent.

A page can have another page laid over it (the page numbers), as a Form
XObject marked as an artifact, so no content stream is parsed.
"""

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, String

# A link to an anchor that may be in another piece: WeasyPrint drops "#anchor" when the
# anchor is not in the same document, so the booklet writes this as a URI, and the merge
# turns it into a link to the named destination, which the merged PDF has.
ANCHOR_SCHEME = "anchor:"
DOCUMENT_KEYS = ("/OutputIntents", "/Metadata", "/Lang", "/MarkInfo", "/ViewerPreferences")


def anchor_link(name: str) -> str:
    """The href of a link to `name`, in whichever piece it ends up."""
    return ANCHOR_SCHEME + name


class Merger:
    """Pages from several PDFs into one; `tagged` keeps their structure, else links go."""

    def __init__(self, tagged: bool):
        self.pdf, self.tagged = pikepdf.Pdf.new(), tagged
        self.sources: list[pikepdf.Pdf] = []  # in the order their first page was added
        self.offsets: dict[int, int] = {}  # id(source) -> what its structure keys shift by
        self.next_key = 0

    @staticmethod
    def open(pdf: bytes) -> pikepdf.Pdf:
        return pikepdf.Pdf.open(io.BytesIO(pdf))

    def add(self, source: pikepdf.Pdf, index: int, overlay=None, blank: bool = False):
        """Add page `index` of `source` with the page `overlay` drawn over it; a `blank`
        page is added without its content when tagged, as it has nothing to read."""
        original = source.pages[index]
        if not self.tagged and "/Annots" in original.obj:
            del original.obj.Annots  # links mean nothing on paper; PDF/X bars them
        self.pdf.pages.append(original)
        page = self.pdf.pages[-1]
        if self.tagged and blank:
            page.obj.Contents = self.pdf.make_stream(b"")
            if "/StructParents" in page.obj:
                del page.obj.StructParents
        elif self.tagged:
            self._renumber(page, self._offset(source))
            _link_anchors(page)
        if overlay is not None:
            self._lay_over(page, overlay)
        return page

    def write(self, info_from: pikepdf.Pdf) -> bytes:
        """The merged PDF, with the document's metadata taken from `info_from`."""
        for key in DOCUMENT_KEYS:
            if key in info_from.Root:
                self.pdf.Root[key] = self._copy(info_from.Root[key])
        if "/Info" in info_from.trailer:
            self.pdf.trailer.Info = self._copy(info_from.trailer.Info)
        if self.tagged:  # what a reader on screen uses
            self._merge_structure()
            self._merge_destinations()
            self._merge_outlines()
        output = io.BytesIO()
        self.pdf.save(output, compress_streams=True, fix_metadata_version=False,
                      object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return output.getvalue()

    def _copy(self, obj):
        """A copy in the merged PDF (pages that were added are referred to, not copied)."""
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            return self.pdf.copy_foreign(obj)
        if isinstance(obj, Array):
            return Array([self._copy(item) for item in obj])
        if isinstance(obj, Dictionary):
            return Dictionary({key: self._copy(value) for key, value in obj.items()})
        return obj

    # Page numbers laid over -----------------------------------------------------------

    def _lay_over(self, page, overlay) -> None:
        form = self.pdf.copy_foreign(overlay.as_form_xobject())
        # The pages of a piece share one resource dictionary: each gets its own copy.
        resources = Dictionary(page.obj.get("/Resources", Dictionary()))
        xobjects = Dictionary(resources.get("/XObject", Dictionary()))
        xobjects.Overlay = form
        resources.XObject = xobjects
        page.obj.Resources = resources
        drawing = b"q /Overlay Do Q"
        if self.tagged:  # page numbers are not content a screen reader should read
            drawing = b"/Artifact <</Type /Pagination>> BDC " + drawing + b" EMC"
        page.contents_add(self.pdf.make_stream(b"q"), prepend=True)
        page.contents_add(self.pdf.make_stream(b"Q " + drawing))

    # Structure ---------------------------------------------------------------------

    def _offset(self, source: pikepdf.Pdf) -> int:
        if id(source) not in self.offsets:
            self.offsets[id(source)] = self.next_key
            self.sources.append(source)
            keys = list(_parent_tree(source))[::2]
            self.next_key += max((int(key) for key in keys), default=-1) + 1
        return self.offsets[id(source)]

    def _renumber(self, page, offset: int) -> None:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", Array()):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset

    def _merge_structure(self) -> None:
        """One Document element holding every piece's elements; one ParentTree.

        Elements are copied whole (their old parents too, which nothing then
        refers to, so they are not written); the top ones get the new parent.
        """
        document = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
        root = self.pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        document.P = root
        kids, nums = Array(), Array()
        for source in self.sources:
            for top in _as_list(source.Root.StructTreeRoot.get("/K")):
                for kid in _as_list(top.get("/K")):
                    copy = self._copy(kid)
                    if isinstance(copy, Dictionary):
                        copy.P = document
                    kids.append(copy)
            offset = self.offsets[id(source)]
            tree = source.Root.StructTreeRoot.get("/ParentTree")
            parent_tree = list(self._copy(tree).get("/Nums", Array())) if tree is not None else []
            for key, value in zip(parent_tree[::2], parent_tree[1::2], strict=True):
                nums.extend([int(key) + offset, value])
        document.K = kids
        root.K = Array([document])
        root.ParentTree = self.pdf.make_indirect(Dictionary(Nums=nums))
        root.ParentTreeNextKey = self.next_key
        self.pdf.Root.StructTreeRoot = root

    # Destinations and bookmarks -----------------------------------------------------

    def _merge_destinations(self) -> None:
        """The named targets of links, from every piece, in one name tree."""
        merged = NameTree.new(self.pdf)
        for source in self.sources:
            names = source.Root.get("/Names")
            if names is None or "/Dests" not in names:
                continue
            for name, target in NameTree(names.Dests).items():
                if name not in merged:
                    merged[name] = self._copy(target)
        self.pdf.Root.Names = Dictionary(Dests=merged.obj)

    def _merge_outlines(self) -> None:
        """The pieces' top bookmarks chained under one root (their children come along)."""
        items = []
        for source in self.sources:
            outlines = source.Root.get("/Outlines")
            item = outlines.get("/First") if outlines is not None else None
            while item is not None:
                items.append(self.pdf.copy_foreign(item))
                item = item.get("/Next")
        if not items:
            return
        root = self.pdf.make_indirect(Dictionary(Type=Name.Outlines, First=items[0],
                                                 Last=items[-1], Count=len(items)))  # fmt: skip
        for n, item in enumerate(items):
            item.Parent = root
            for key in ("/Prev", "/Next"):
                if key in item:
                    del item[key]
            if n:
                item.Prev = items[n - 1]
            if n + 1 < len(items):
                item.Next = items[n + 1]
        self.pdf.Root.Outlines = root


def _link_anchors(page) -> None:
    """Turn anchor: URI links into links to named destinations (GoTo)."""
    for annotation in page.obj.get("/Annots", Array()):
        action = annotation.get("/A")
        uri = str(action.get("/URI", "")) if action is not None else ""
        if uri.startswith(ANCHOR_SCHEME):
            annotation.A = Dictionary(S=Name.GoTo, D=String(uri.removeprefix(ANCHOR_SCHEME)))


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def _parent_tree(source: pikepdf.Pdf):
    tree = source.Root.get("/StructTreeRoot")
    parent_tree = tree.get("/ParentTree") if tree is not None else None
    return parent_tree.get("/Nums", Array()) if parent_tree is not None else Array()
