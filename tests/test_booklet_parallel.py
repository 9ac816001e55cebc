"""How the print variant's pieces are cut and put back together (booklet_parallel).

The PDFs it builds are read back in test_booklet.py.
"""

import pytest

from directory.booklet_parallel import Layout, Piece, arrange, folio_kinds, section_groups


def sections(*sizes):
    return [{"slug": f"s{n}", "entries": [{}] * size} for n, size in enumerate(sizes)]


@pytest.mark.parametrize(
    ("sizes", "groups", "expected"),
    [
        ((10, 10, 10, 10), 2, [["s0", "s1"], ["s2", "s3"]]),
        ((10, 10, 10, 10), 4, [["s0"], ["s1"], ["s2"], ["s3"]]),
        ((30, 1, 1, 1, 1), 2, [["s0"], ["s1", "s2", "s3", "s4"]]),
        ((5,), 4, [["s0"]]),
        ((), 4, []),
    ],
)
def test_sections_are_cut_into_runs_of_similar_size_in_order(sizes, groups, expected):
    runs = section_groups(sections(*sizes), groups)
    assert [[section["slug"] for section in run] for run in runs] == expected


def piece(pages, **anchors):
    return Piece(b"", pages, anchors)


@pytest.mark.parametrize(
    ("front", "body", "index", "blanks", "map_page", "total"),
    [
        (3, 5, 6, [9, 17, 18, 19], 10, 20),  # the map would be on page 9, a right-hand page
        (3, 4, 5, [14, 15], 8, 16),
        (2, 5, 3, [], 8, 12),
    ],
)
def test_the_map_is_on_a_left_page_and_the_back_cover_ends_a_sheet(
    front, body, index, blanks, map_page, total
):
    pieces = {"front": piece(front), "body": piece(body, **{"nr-1": 0, "nr-2": body - 1}),
              "map": piece(1, kort=0), "index": piece(index, register=0),
              "back-cover": piece(1)}  # fmt: skip
    layout = arrange(pieces, ["front", "body", "map", "index", "back-cover"])
    assert layout.pages == {"nr-1": front + 1, "nr-2": front + body, "kort": map_page,
                            "register": map_page + 1}  # fmt: skip
    assert [n for n, (name, _) in enumerate(layout.slots, start=1) if name is None] == blanks
    assert layout.page_count == total and layout.slots[-1] == ("back-cover", 0)


def test_folios_leave_out_the_cover_blank_pages_and_the_back_cover():
    layout = Layout([("front", 0), ("front", 1), ("body", 0), (None, 0), ("map", 0),
                     ("back-cover", 0)], {})  # fmt: skip
    assert folio_kinds(layout) == ["none", "", "", "none", "map", "none"]
