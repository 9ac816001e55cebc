"""The booklet PDF, read back with pypdf, pdfplumber and a real QR decoder.

A small catalogue is frozen once per module and each variant built once;
the tests then check the PDFs as a print shop and a reader would.
"""

import functools
import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from directory import booklet, catalogue, create_app, editions
from directory.db import connect, database_path, init_db
from directory.vocabulary import DEFAULT_CATEGORIES

PUBLIC_URL = "https://foreninger.example.dk"
MM = 72 / 25.4
A5 = (148 * MM, 210 * MM)
A4 = (210 * MM, 297 * MM)
BLEED = 3 * MM
OFFICE = {"OFFICE_NAME": "Kvarterværkstedet Øst", "OFFICE_PHONE": "98 76 54 32",
          "OFFICE_EMAIL": "kontakt@kvarter.example"}  # fmt: skip
VENUES = [
    ("Tornhøjhallen", 57.0276, 10.0010),
    ("Humlebakkeskolen", 57.0259, 10.0143),
    ("Trekanten", 57.0236, 10.0226),
]
# (name, categories, weekday, start time, venue index or None)
ENTRIES = [
    ("Fodboldskolen Øst", ["sport-og-motion", "boern-og-unge"], 1, "16:00", 0),
    ("Badminton for alle", ["sport-og-motion"], 0, "19:00", 0),
    ("Ældreklubben Solsikken", ["aeldre"], 2, "10:00", 2),
    ("Aalborg Øst Skakklub", ["kultur-og-kreativitet"], 3, "18:30", 1),
    ("Lektiecaféen på Trekanten", ["sprog-lektiehjaelp-og-uddannelse"], 1, "15:00", 2),
    ("Strikkecaféen", ["faellesskab-og-samvaer"], 2, "13:00", 2),
    ("Kvindesvømning", ["sport-og-motion", "sundhed"], 6, "09:00", 1),
    ("Naturgruppen uden fast sted", ["natur-og-miljoe"], 5, "", None),
]


def make_catalogue(db):
    with db.conn:
        venue_ids = [catalogue.save_venue(db, {"name": name, "address": f"{name}vej 1",
                     "postcode": "9220", "city": "Aalborg Øst", "latitude": lat,
                     "longitude": lon}) for name, lat, lon in VENUES]  # fmt: skip
    for n, (name, categories, day, start, venue) in enumerate(ENTRIES):
        activity = {"title": f"{name.split()[0]} for begyndere", "weekdays": [day],
                    "start_time": start, "end_time": "", "min_age": 10 + n, "max_age": None,
                    "venue_id": venue_ids[venue] if venue is not None else None}  # fmt: skip
        catalogue.save_association(db, {
            "name": name, "categories": categories, "short_description": f"Om {name}.",
            "venue_ids": [venue_ids[venue]] if venue is not None else [],
            "activities": [activity], "website": f"https://forening{n}.example",
            "email": f"post@forening{n}.example", "contact_name": "Hemmelig Person",
            "contact_phone": "12 34 56 78", "contact_phone_public": int(n % 2 == 0),
        })  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """An app with a frozen edition 2027, and a function building (once) each variant."""
    data = tmp_path_factory.mktemp("booklet") / "data"
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "SECRET_KEY": "test",
                      "PUBLIC_URL": PUBLIC_URL, **OFFICE})  # fmt: skip
    init_db(app)
    db = connect(database_path(app))
    make_catalogue(db)
    editions.freeze_edition(db, 2027)

    @functools.cache
    def build(variant, imposed=False):
        with app.app_context():
            return booklet.build_pdf(db, 2027, variant, imposed=imposed)

    build.app, build.db = app, db
    yield build
    db.conn.close()


@functools.cache
def texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


def entry_pages(pdf: bytes) -> dict[int, list[int]]:
    """{entry number: [pages whose text has its heading line "N Name"]} (1-based pages)."""
    found: dict[int, list[int]] = {}
    for page_number, text in enumerate(texts(pdf), start=1):
        for n, (name, *_rest) in enumerate(sorted_entries(), start=1):
            if re.search(rf"^{n} {re.escape(name)}$", text, re.MULTILINE):
                found.setdefault(n, []).append(page_number)
    return found


def sorted_entries():
    """ENTRIES in print order (as frozen): section order, then Danish alphabetical order."""
    sections = [slug for slug, _ in DEFAULT_CATEGORIES]
    return sorted(ENTRIES, key=lambda e: (sections.index(e[1][0]),
                                          editions.danish_sort_key(e[0])))  # fmt: skip


def page_of_heading(pdf: bytes, heading: str) -> int:
    pages = [n for n, text in enumerate(texts(pdf), start=1)
             if re.search(rf"^{re.escape(heading)}$", text, re.MULTILINE)]  # fmt: skip
    assert len(pages) == 1, (heading, pages)
    return pages[0]


@pytest.mark.parametrize(("variant", "size"), [("web", A5), ("large", A4)])
def test_page_size(built, variant, size):
    for page in PdfReader(io.BytesIO(built(variant))).pages:
        assert float(page.mediabox.width) == pytest.approx(size[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(size[1], abs=0.5)


def test_print_variant_has_bleed_around_an_a5_trim_box(built):
    for page in PdfReader(io.BytesIO(built("print"))).pages:
        assert float(page.mediabox.width) == pytest.approx(A5[0] + 2 * BLEED, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(A5[1] + 2 * BLEED, abs=0.5)
        assert float(page.trimbox.width) == pytest.approx(A5[0], abs=0.5)
        assert float(page.trimbox.height) == pytest.approx(A5[1], abs=0.5)


def test_print_variant_has_a_multiple_of_four_pages_with_the_back_cover_last(built):
    pages = texts(built("print"))
    assert len(pages) % 4 == 0
    assert OFFICE["OFFICE_NAME"] in pages[-1] and OFFICE["OFFICE_PHONE"] in pages[-1]


@pytest.mark.parametrize("variant", ["web", "print", "large"])
def test_every_font_is_embedded(built, variant):
    reader = PdfReader(io.BytesIO(built(variant)))
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts[font.get_object()["/BaseFont"]] = font.get_object()
    assert fonts
    for base_font, font in fonts.items():
        descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font
                      else font)["/FontDescriptor"].get_object()  # fmt: skip
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), base_font
    assert any("Atkinson" in name for name in fonts)


@pytest.mark.parametrize("variant", ["web", "print"])
def test_every_entry_appears_exactly_once_by_number_and_name(built, variant):
    found = entry_pages(built(variant))
    assert sorted(found) == list(range(1, len(ENTRIES) + 1))
    assert all(len(pages) == 1 for pages in found.values()), found


def test_entries_show_consented_contact_details_only(built):
    text = "\n".join(texts(built("web")))
    assert "Hemmelig Person" not in text
    assert text.count("12 34 56 78") == len([n for n in range(len(ENTRIES)) if n % 2 == 0])


@pytest.mark.parametrize("variant", ["web", "print"])
def test_table_of_contents_points_to_the_sections(built, variant):
    pdf = built(variant)
    toc = texts(pdf)[page_of_heading(pdf, "Indhold") - 1]
    listed = dict(re.findall(r"^(.+?)\s*\.*\s*(\d+)$", toc, re.MULTILINE))
    for title in ["Sport og motion", "Ældre", "Kort over foreningerne", "Foreninger fra A til Å",
                  "Aktiviteter og emner", "Ugens dage"]:  # fmt: skip
        heading_page = page_of_heading(pdf, title)
        toc_number = next(int(page) for line, page in listed.items() if line.startswith(title))
        assert toc_number == heading_page, title


# "4 Fodboldskolen Øst · s. 4" (the legend has two columns, so lines hold two of these)
LEGEND = r"(\d+) [^·\d]+ · s\. (\d+)"


def references(pdf: bytes, heading: str, pattern: str) -> list[tuple[int, int]]:
    """(entry number, page) pairs from the index that starts at `heading`, up to the next one."""
    start = page_of_heading(pdf, heading)
    pairs = []
    for text in texts(pdf)[start - 1 : start + 1]:
        pairs += [(int(n), int(p)) for n, p in re.findall(pattern, text)]
    return pairs


@pytest.mark.parametrize(
    ("heading", "pattern"),
    [
        ("Foreninger fra A til Å", r"· nr\. (\d+) · s\. (\d+)"),
        ("Ugens dage", r"· nr\. (\d+) · s\. (\d+)"),
        ("Aktiviteter og emner", r"nr\. (\d+), s\. (\d+)"),
        ("Kortets numre", LEGEND),
    ],
)
@pytest.mark.parametrize("variant", ["web", "print"])
def test_index_page_numbers_point_to_the_entries(built, heading, pattern, variant):
    pdf = built(variant)
    where = entry_pages(pdf)
    pairs = references(pdf, heading, pattern)
    assert pairs, heading
    for number, page in pairs:
        assert where[number] == [page], (heading, number)


@pytest.mark.parametrize("variant", ["web", "print"])
def test_the_indexes_cover_every_entry(built, variant):
    pdf = built(variant)
    a_to_z = references(pdf, "Foreninger fra A til Å", r"· nr\. (\d+) · s\. (\d+)")
    assert sorted(n for n, _ in a_to_z) == list(range(1, len(ENTRIES) + 1))
    legend = references(pdf, "Kortets numre", LEGEND)
    unplaced = [n for n, e in enumerate(sorted_entries(), start=1) if e[4] is None]
    assert sorted(n for n, _ in legend) == [n for n in range(1, len(ENTRIES) + 1)
                                            if n not in unplaced]  # fmt: skip


def test_a_to_z_is_in_danish_order(built):
    pdf = built("web")
    text = texts(pdf)[page_of_heading(pdf, "Foreninger fra A til Å") - 1]
    names = re.findall(r"^(.+?) · nr\.", text, re.MULTILINE)
    assert names == sorted(names, key=editions.danish_sort_key)
    assert names[-1] == "Aalborg Øst Skakklub"  # "aa" is alphabetised as å


def decoded_qr_codes(pdf: bytes) -> list[set[str]]:
    """The QR codes zxing-cpp reads on each page, rasterised at 200 dpi."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            image = page.render(scale=200 / 72).to_pil()
            pages.append({code.text for code in zxingcpp.read_barcodes(image)})
            page.close()
        return pages
    finally:
        document.close()


@pytest.mark.parametrize("variant", ["web", "print"])
def test_each_qr_code_leads_to_the_entry_page(built, variant):
    pdf = built(variant)
    with built.app.app_context():
        entries = editions.get_edition(built.db, 2027)["entries"]
    codes = decoded_qr_codes(pdf)
    client = built.app.test_client()
    for number, [page] in entry_pages(pdf).items():
        entry = entries[number - 1]
        short = f"{PUBLIC_URL}/f/{entry['association_id']}"
        assert short in codes[page - 1], number
        response = client.get(short.removeprefix(PUBLIC_URL))
        assert response.status_code == 302
        assert response.location == f"/forening/{entry['slug']}"
    entry_codes = {code for page in codes for code in page if "/f/" in code}
    assert len(entry_codes) == len(entries)
    assert f"{PUBLIC_URL}/" in codes[-1]  # the back cover's code to the site


def test_a_short_link_to_no_association_is_not_found(built):
    client = built.app.test_client()
    assert client.get("/f/999999").status_code == 404
    assert client.get("/f/abc").status_code == 404


def test_print_variant_pages_show_their_own_numbers(built):
    """The print variant's pieces are laid out apart and numbered afterwards (booklet_parallel)."""
    pages = texts(built("print"))
    alone = [{line.strip() for line in text.splitlines() if line.strip().isdigit()}
             for text in pages]  # fmt: skip
    unnumbered = [number for number, found in enumerate(alone, start=1) if found != {str(number)}]
    blank = [n for n, text in enumerate(pages, start=1) if not text.strip()]
    assert unnumbered == sorted({1, *blank, len(pages)})  # cover, blank pages, back cover


def test_print_variant_has_no_links(built):
    """Links mean nothing on paper, and PDF/X keeps annotations out of the printed area."""
    for page in PdfReader(io.BytesIO(built("print"))).pages:
        assert "/Annots" not in page


def test_web_variant_links_index_entries_to_their_pages(built):
    """Links between pieces laid out apart (booklet_parallel) lead to the right page."""
    pdf = built("web")
    reader = PdfReader(io.BytesIO(pdf))
    targets = {name: reader.get_destination_page_number(dest)
               for name, dest in reader.named_destinations.items()}  # fmt: skip
    linked = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if action.get("/S") == "/GoTo":
                linked.append(str(action["/D"]))
    where = entry_pages(pdf)
    numbers = [int(name.removeprefix("nr-")) for name in linked if name.startswith("nr-")]
    assert len(numbers) >= len(ENTRIES) * 3  # legend, two indexes (and the weekdays)
    for number in numbers:
        assert [targets[f"nr-{number}"] + 1] == where[number]
    contents = [name for name in linked if not name.startswith("nr-")]
    assert {targets[name] + 1 for name in contents if name == "kort"} == {
        page_of_heading(pdf, "Kort over foreningerne")}


def test_web_variant_has_one_structure_tree_over_every_page(built):
    reader = PdfReader(io.BytesIO(built("web")))
    root = reader.root_object["/StructTreeRoot"]
    [document] = [kid.get_object() for kid in root["/K"]]
    assert document["/S"] == "/Document" and len(document["/K"]) > len(ENTRIES)
    nums = root["/ParentTree"]["/Nums"]
    keys = set(nums[::2])
    assert len(keys) == len(nums) // 2  # unique keys
    page_ids = {page.indirect_reference.idnum for page in reader.pages}
    for page in reader.pages:
        if "/StructParents" in page:
            assert page["/StructParents"] in keys
    elements, seen = [document], 0
    while elements:  # every element's page is a page of this document, its parent set
        element = elements.pop()
        seen += 1
        if "/Pg" in element:
            assert element.raw_get("/Pg").idnum in page_ids
        for kid in element.get("/K") if isinstance(element.get("/K"), list) else []:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/S" in kid:
                assert kid["/P"].get_object() is element or kid["/P"].idnum == (
                    element.indirect_reference.idnum)
                elements.append(kid)
    assert seen > len(ENTRIES) * 5
    assert reader.outline  # bookmarks from the headings


@pytest.mark.parametrize("variant", ["web", "print", "large"])
def test_no_text_runs_outside_the_page(built, variant):
    with pdfplumber.open(io.BytesIO(built(variant))) as document:
        for page in document.pages:
            x0, top, x1, bottom = page.trimbox if variant == "print" else page.bbox
            outside = [c["text"] for c in page.chars if c["x0"] < x0 - 0.5 or
                       c["x1"] > x1 + 0.5 or c["top"] < top - 0.5 or c["bottom"] > bottom + 0.5]
            assert not outside, (page.page_number, "".join(outside))


def xmp(pdf: bytes) -> str:
    metadata = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object()
    return metadata.get_data().decode()


def test_web_variant_is_tagged_pdf_ua(built):
    pdf = built("web")
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root and root["/Lang"] == "da"
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp(pdf))


def test_print_variant_is_pdf_x4_with_a_cmyk_output_intent_and_no_rgb(built):
    pdf = built("print")
    reader = PdfReader(io.BytesIO(pdf))
    [intent] = reader.trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX" and "FOGRA39" in intent["/OutputConditionIdentifier"]
    assert intent["/DestOutputProfile"].get_object()["/N"] == 4
    assert "PDF/X-4" in xmp(pdf)
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        assert not re.search(r"\b(rg|RG)\b|DeviceRGB", content), page.page_number


def test_hyphenation_is_danish(built):
    """A long compound word in a narrow column is broken by the Danish rules."""
    with built.app.app_context(), built.app.test_request_context():
        html = ('<html lang="da"><body><p style="width: 18mm">'
                "Ungdomsuddannelsesvejledningen</p></body></html>")  # fmt: skip
        variant = booklet.variant_for("web")
        pdf = booklet.render_document(html, variant, False, PUBLIC_URL).write_pdf()
    lines = [line for line in texts(pdf)[0].splitlines() if not line.isdigit()]  # page number
    assert len(lines) > 1 and lines[0].endswith("-")
    assert "".join(line.removesuffix("-") for line in lines) == "Ungdomsuddannelsesvejledningen"


def test_imposed_sheets_are_a4_landscape(built):
    pytest.importorskip("directory.imposition")
    single = PdfReader(io.BytesIO(built("print"))).pages
    sheets = PdfReader(io.BytesIO(built("print", imposed=True))).pages
    assert len(sheets) * 2 == len(single)
    for sheet in sheets:
        assert float(sheet.mediabox.width) > float(sheet.mediabox.height)


def test_cli_writes_the_pdf(built, tmp_path):
    out = tmp_path / "katalog-2027.pdf"
    runner = built.app.test_cli_runner()
    result = runner.invoke(args=["print", "2027", "--out", str(out), "--variant", "web"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == out.read_bytes() and out.read_bytes().startswith(b"%PDF")
    missing = runner.invoke(args=["print", "2031", "--out", str(tmp_path / "x.pdf")])
    assert missing.exit_code != 0 and "ingen udgave 2031" in missing.output
    assert not (tmp_path / "x.pdf").exists()


def test_directory_print_in_its_own_process_builds_the_print_shop_pdf(built, tmp_path):
    """A process with one thread forks its workers (booklet_parallel.workers)."""
    out = tmp_path / "tryk.pdf"
    command = Path(sys.executable).with_name("directory")
    environment = {**os.environ, "DIRECTORY_DATA": built.app.config["DATA_DIR"],
                   "DIRECTORY_SECRET_KEY": "test", "DIRECTORY_PUBLIC_URL": PUBLIC_URL,
                   **{f"DIRECTORY_{key}": value for key, value in OFFICE.items()}}  # fmt: skip
    done = subprocess.run([command, "print", "2027", "--out", out, "--variant", "print"],
                          env=environment, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert PdfReader(out).pages and texts(out.read_bytes()) == texts(built("print"))


def wait_for(job_page, client, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        html = client.get(job_page).get_data(as_text=True)
        if "http-equiv=\"refresh\"" not in html:
            return html
        assert "<progress" in html
        time.sleep(0.5)
    raise AssertionError("the build did not finish")


def test_editor_builds_in_the_background_and_the_site_links_the_pdf(tmp_path, make_user,
                                                                   login, client, db, csrf):
    make_catalogue(db)
    editions.freeze_edition(db, 2027)
    make_user()
    login()
    assert client.get("/katalog/2027.pdf").status_code == 404
    response = client.post("/redaktion/katalog/2027/byg", data={
        "variant": "web", "csrf_token": csrf("/redaktion/katalog/2027")})
    assert response.status_code == 302
    html = wait_for(response.location, client)
    assert "Færdig" in html and 'value="100"' in html
    with client.get(re.search(r'href="([^"]+/pdf)"', html).group(1)) as download:
        assert download.mimetype == "application/pdf" and download.data.startswith(b"%PDF")
    with client.get("/katalog/2027.pdf") as public:
        assert public.status_code == 200 and public.data == download.data
    assert "Det trykte katalog 2027 (PDF)" in client.get("/").get_data(as_text=True)


def test_the_print_shop_variant_builds_in_the_background_too(make_user, login, client, db,
                                                               csrf):  # fmt: skip
    """From a thread of the web app, the workers still start (booklet_parallel.executor)."""
    make_catalogue(db)
    editions.freeze_edition(db, 2027)
    make_user()
    login()
    response = client.post("/redaktion/katalog/2027/byg", data={
        "variant": "print", "csrf_token": csrf("/redaktion/katalog/2027")})
    html = wait_for(response.location, client)
    with client.get(re.search(r'href="([^"]+/pdf)"', html).group(1)) as download:
        reader = PdfReader(io.BytesIO(download.data))
        assert len(reader.pages) % 4 == 0 and "/OutputIntents" in reader.root_object


def test_an_unknown_variant_is_refused(editor_client, csrf, db):
    make_catalogue(db)
    editions.freeze_edition(db, 2027)
    response = editor_client.post("/redaktion/katalog/2027/byg", data={
        "variant": "plakat", "csrf_token": csrf("/redaktion/katalog/2027")})
    assert response.status_code == 400
    assert db.execute("SELECT count(*) FROM print_jobs").fetchone()[0] == 0


def cover_pdf(built, variant_name: str) -> tuple[str, bytes]:
    """The cover piece's HTML and PDF with an orange picture on it."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "#c2410c").save(buffer, format="PNG")
    variant = booklet.variant_for(variant_name)
    with built.app.app_context(), booklet.public_request_context():
        edition = editions.get_edition(built.db, 2027)
        edition.update(cover_image=buffer.getvalue(), cover_image_type="image/png")
        html = booklet.part_html(booklet.booklet_context(edition, variant), ("cover",))
    document = booklet.render_document(html, variant, variant.bleed, PUBLIC_URL)
    return html, document.write_pdf(pdf_variant=variant.pdf_variant)


def test_the_cover_image_goes_on_the_cover(built):
    html, pdf = cover_pdf(built, "web")
    assert 'class="cover-image" src="data:image/png;base64,' in html
    assert PdfReader(io.BytesIO(pdf)).pages[0].images  # the picture is on page 1


def test_the_cover_image_is_converted_to_cmyk_for_the_print_shop(built):
    _, pdf = cover_pdf(built, "print")
    [picture] = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert picture.image.mode == "CMYK"
    cyan, magenta, yellow, black = picture.image.getpixel((30, 20))
    assert magenta > 150 and yellow > 150 and cyan < 60  # an orange, in ink
