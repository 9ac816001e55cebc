"""Danish full-text search over the catalogue: a Whoosh index derived from SQLite.

Only this module knows about Whoosh, so the engine can be swapped without
touching the views. Whoosh stores the inverted index, expands prefixes and
typos against its lexicon, suggests spellings and serialises writers between
processes; matching, ranking and facet counts are done here with bitsets
(Python ints) built from the posting lists and cached per index generation,
which keeps a query at 100,000 associations within the targets of
docs/benchmarks.md (Whoosh's own matchers go posting by posting in Python).

Every bitset is indexed by a document's position in name order ("rank"), so
the lowest set bits of a result set are its first hits alphabetically.

Analysis (the same for documents, queries and highlighting): words are
lower-cased, accents folded (é -> e), Danish stop words dropped, æ/ae, ø/oe
and å/aa simplified to a, o, a (so "løb", "loeb" and "lob" are one term,
however a resident types it), and Snowball-Danish stemmed. A query word
matches a document word exactly, as a prefix (compounds: "fodbold" finds
"fodboldklub"), as a suffix ("svømning" finds "kvindesvømning", through a
field of reversed terms), or with one typo (words of five letters or more);
ranked in that order, names above other text, rare words above common ones.
A query is first expanded with the editors' synonym list (Synonyms below):
"football" or "سباحة" stands for the Danish words and categories listed.
"""

import contextlib
import fcntl
import json
import logging
import math
import os
import re
import secrets
import shutil
import sqlite3
import threading
import time
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path

from flask import current_app, has_app_context
from markupsafe import Markup, escape
from whoosh import fields, index
from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

from . import catalogue
from .vocabulary import TARGET_GROUPS, WEEKDAYS

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1  # bump when the schema or the analysis changes: forces a rebuild
INDEX_PREFIX = f"catalogue_v{SCHEMA_VERSION}_"  # + random hex: a new name per rebuild
INDEX_NAME = re.compile(re.escape(INDEX_PREFIX) + "[0-9a-f]{12}")
INDEX_FAMILY = "catalogue_v"  # files of any schema version start so
STATE_FILE = "state.json"
LOCK_FILE = "write.lock"

MAX_QUERY_LENGTH = 200  # characters; app.config["MAX_QUERY_LENGTH"] overrides
MAX_WORDS = 8  # query words that take part in matching
MAX_WORD_LENGTH = 40  # longer "words" are cut: nothing real is longer
MAX_PER_PAGE = 100
PREFIX_MIN = 3  # shortest query term expanded as a prefix
SUFFIX_MIN = 3  # shortest query term matched as the tail of a compound
FUZZY_MIN = 5  # shortest typed word forgiven one typo
FUZZY_PREFIX = 1  # typos are rarely in the first letter; keeps expansion cheap
MAX_AGE = 100  # ages above are treated as this one
WRITE_TIMEOUT = 60.0  # seconds an update waits for another writer
REBUILD_TIMEOUT = 900.0  # seconds a rebuild waits for another writer
REBUILD_LIMIT_MB = 256  # Whoosh's in-memory posting pool per build process
PARALLEL_MIN = 20_000  # associations from which a rebuild uses several processes
MAX_PROCS = 4
MASK_CACHE_SIZE = 512  # cached word masks per searcher generation
MAX_GROUPS = 200  # distinct scores kept while ranking

# Points per query word by how it matched, for the name and the other text.
# Exact > prefix > suffix > typo; a name match outweighs any text match.
NAME_WEIGHTS = (10.0, 6.0, 5.0, 3.0)
TEXT_WEIGHTS = (3.0, 2.0, 1.5, 1.0)

FACETS = {"category": "categories", "target": "targets", "weekday": "weekdays", "area": "areas"}


class IndexBusy(Exception):
    """Another process holds the search index's write lock for too long."""


@dataclass
class Query:
    text: str = ""
    category: str = ""  # category slug
    target: str = ""  # target group code (vocabulary.TARGET_GROUPS)
    weekday: int | None = None  # 0 = Monday
    age: int | None = None  # an age the association has something for
    area: str = ""  # area slug (added by the map issue)
    page: int = 1
    per_page: int = 20
    include_closed: bool = False


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    id: int
    slug: str
    name: str
    short_description: str
    categories: list[str]  # labels
    snippet: str = ""  # Markup with <mark> around matches, or ""
    score: float = 0.0


@dataclass
class Results:
    query: Query
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


# Analysis --------------------------------------------------------------------

WORD = re.compile(r"\w+")
STOP_WORDS = frozenset(stopwords_for_language("da"))
_stem = stemmer_for_language("da")
DANISH_LETTERS = frozenset("æøå")
_SIMPLIFIED = str.maketrans({"æ": "a", "ø": "o", "å": "a"})
_SORT_LETTERS = str.maketrans({"æ": "{", "ø": "|", "å": "}"})  # after z, in Danish order


class _AccentFolding(dict):
    """str.translate table filled as characters are met: é -> e, ü -> u, while
    æ, ø and å stay (they are letters of their own in Danish)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char not in DANISH_LETTERS:
            decomposed = unicodedata.normalize("NFKD", char)
            char = "".join(c for c in decomposed if not unicodedata.combining(c))
        self[code] = char
        return char


_ACCENTS = _AccentFolding()


def fold(word: str) -> str:
    """Lower-case and strip accents, keeping æ, ø and å."""
    return word.casefold().translate(_ACCENTS)


def simplify(word: str) -> str:
    """æ/ae -> a, ø/oe -> o, å/aa -> a: one spelling however it was typed.

    Applied alike to documents and queries, so "løb", "loeb" and "lob" are
    one term; the precision lost ("rød" finds "rod") is the price of folding
    both ways, which residents without a Danish keyboard need.
    """
    return word.replace("ae", "a").replace("oe", "o").replace("aa", "a").translate(_SIMPLIFIED)


@lru_cache(maxsize=200_000)
def word_term(word: str) -> str:
    """The index term of one word ("" for stop words and single letters):
    lower-cased, accents folded, Danish letters simplified, Snowball-stemmed."""
    folded = fold(word[:MAX_WORD_LENGTH])
    if len(folded) < 2 or folded in STOP_WORDS:
        return ""
    return _stem(simplify(folded))


def analyze(text: str) -> list[str]:
    """The index terms of a text's words, in order."""
    return [term for term in map(word_term, WORD.findall(text)) if term]


def sort_key(name: str) -> str:
    """Danish alphabetical order, close enough: æ, ø, å after z, accents ignored."""
    return fold(name).translate(_SORT_LETTERS).strip()


def clean_text(text, limit: int = MAX_QUERY_LENGTH) -> str:
    """What a user typed, without control characters and cut to `limit`."""
    text = str(text or "")[: limit * 4]
    text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())[:limit]


# Documents -------------------------------------------------------------------


def _keywords() -> fields.KEYWORD:
    return fields.KEYWORD(lowercase=False)


SCHEMA = fields.Schema(
    id=fields.ID(stored=True, unique=True),
    slug=fields.STORED(),
    name=fields.STORED(),
    short=fields.STORED(),
    description=fields.STORED(),
    category_labels=fields.STORED(),
    sort=fields.COLUMN(),
    name_terms=_keywords(),
    name_rev=_keywords(),
    text_terms=_keywords(),
    text_rev=_keywords(),
    spelling=_keywords(),  # only in dictionary documents
    status=fields.ID(),
    categories=_keywords(),
    targets=_keywords(),
    weekdays=_keywords(),
    areas=_keywords(),
    ages=_keywords(),
    labels=_keywords(),  # "facet<TAB>value<TAB>label": facet labels live in the lexicon
)
STORED_DESCRIPTION_MAX = 4000  # characters kept for snippets
DICTIONARY = "dictionary"  # status (and id prefix) of the spelling dictionary documents


REVERSED_MIN = 6  # shorter terms are not compounds: no reversed copy for suffix matching


def _terms(text: str) -> tuple[list[str], list[str]]:
    """(terms, reversed long terms) of a text, each term once."""
    terms = list(dict.fromkeys(analyze(text)))
    return terms, [term[::-1] for term in terms if len(term) >= REVERSED_MIN]


def spelling_words(text: str) -> set[str]:
    """Words as written (lower-cased), for "Mente du ...?" suggestions."""
    return {
        word for word in WORD.findall(text.casefold())
        if len(word) >= 3 and not word.isdigit() and word not in STOP_WORDS
    }  # fmt: skip


def _document_text(doc: dict) -> str:
    """Everything searchable besides the name."""
    activities = doc.get("activities") or []
    parts = [doc.get("short_description") or "", doc.get("description") or ""]
    parts += [c["label"] for c in doc.get("categories") or []]
    parts += [TARGET_GROUPS.get(code, "") for code in _target_groups(doc)]
    parts += doc.get("venue_names") or []
    for activity in activities:
        parts += [activity.get("title") or "", activity.get("note") or ""]
        parts += [WEEKDAYS[day] for day in activity.get("weekdays") or [] if 0 <= day < 7]
        if activity.get("venue"):
            parts.append(activity["venue"].get("name") or "")
    return "\n".join(parts)


def _target_groups(doc: dict) -> list[str]:
    groups = list(doc.get("target_groups") or [])
    groups += [a["target_group"] for a in doc.get("activities") or [] if a.get("target_group")]
    return list(dict.fromkeys(groups))


def _age_terms(activities: list[dict]) -> list[str]:
    """Ages covered by some activity; 'all' when any activity (or none at all) is open."""
    ages: set[int] = set()
    for activity in activities:
        low, high = activity.get("min_age"), activity.get("max_age")
        low = 0 if low is None else max(0, int(low))
        high = MAX_AGE if high is None else min(MAX_AGE, int(high))
        if low == 0 and high == MAX_AGE:
            return ["all"]
        ages.update(range(low, high + 1))
    return [str(age) for age in sorted(ages)] if activities else ["all"]


def _labels(doc: dict, areas: list[str]) -> list[str]:
    area_labels = doc.get("area_labels") or {}
    lines = [f"category\t{c['slug']}\t{c['label']}" for c in doc.get("categories") or []]
    lines += [f"area\t{slug}\t{area_labels.get(slug) or slug}" for slug in areas]
    return lines


def index_fields(doc: dict) -> tuple[dict, set[str]]:
    """The Whoosh document for one record of catalogue.index_documents(), and
    the words it adds to the spelling dictionary."""
    name = doc.get("name") or ""
    text = _document_text(doc)
    name_terms, name_rev = _terms(name)
    text_terms, text_rev = _terms(text)
    activities = doc.get("activities") or []
    weekdays = {day for a in activities for day in a.get("weekdays") or [] if 0 <= day < 7}
    areas = [str(area) for area in doc.get("areas") or []]
    categories = doc.get("categories") or []
    document = {
        "id": str(doc["id"]),
        "slug": doc["slug"],
        "name": name,
        "short": doc.get("short_description") or "",
        "description": (doc.get("description") or "")[:STORED_DESCRIPTION_MAX],
        "category_labels": [c["label"] for c in categories],
        "sort": f"{sort_key(name)}\x00{doc['id']:012d}".encode(),
        "name_terms": name_terms,
        "name_rev": name_rev,
        "text_terms": text_terms,
        "text_rev": text_rev,
        "status": doc.get("status") or "active",
        "categories": [c["slug"] for c in categories],
        "targets": _target_groups(doc),
        "weekdays": [str(day) for day in sorted(weekdays)],
        "areas": areas,
        "ages": _age_terms(activities),
        "labels": _labels(doc, areas),
    }
    return document, spelling_words(name) | spelling_words(text)


def dictionary_document(words: set[str]) -> dict:
    """The spelling words of a batch of documents, as one extra document: the
    corrector needs them in the lexicon, not a posting per word and association
    (a quarter of all postings, and of the build time)."""
    return {
        "id": f"{DICTIONARY}:{time.time_ns()}",
        "status": DICTIONARY,
        "sort": b"\xff",
        "spelling": sorted(words),
    }


# Searching: one searcher generation and its bitsets ---------------------------


@dataclass
class _Word:
    typed: str  # as the user typed it (for the suggestion)
    term: str  # its index term; "" for a stop word
    # A synonym: the words any of which match in its place, and categories that do too.
    alternatives: tuple["_Word", ...] = ()
    categories: tuple[str, ...] = ()

    @cached_property  # asked for every word of every snippet
    def fuzzy(self) -> bool:
        return len(fold(self.typed)) >= FUZZY_MIN

    @property
    def expansion(self) -> tuple:
        return tuple(word.term for word in self.alternatives), self.categories

    def variants(self) -> list["_Word"]:
        """The words that stand for this one in matching and highlighting."""
        return list(self.alternatives) if self.alternatives or self.categories else [self]


class _View:
    """A searcher on one generation of the index with the bitsets valid for it."""

    def __init__(self, name: str, ix):
        self.name, self.ix = name, ix
        self.generation = ix.latest_generation()  # read first: a later commit means reopen
        self.searcher = ix.searcher()
        self.reader = self.searcher.reader()
        size = self.reader.doc_count_all()
        self.size = size
        self.keys = list(self.reader.column_reader("sort")) if size else []
        self.order = sorted(range(size), key=self.keys.__getitem__)
        self._ids: list[int] | None = None
        self.rank = [0] * size
        for position, docnum in enumerate(self.order):
            self.rank[docnum] = position
        self._ranks: dict[int, list[int]] = {}
        self.live = (1 << size) - 1
        if self.reader.has_deletions():
            self.live = self._bits(self.reader.all_doc_ids())
        self._masks: OrderedDict = OrderedDict()
        self.live &= ~self._terms_mask("status", [DICTIONARY])
        self._facets: dict[str, dict[str, int]] = {}

    def close(self):
        self.searcher.close()

    def _bits(self, docnums) -> int:
        """A bitset (by name rank) of document numbers."""
        flags = bytearray(self.size)
        for position in map(self.rank.__getitem__, docnums):
            flags[position] = 1
        return _flags_to_int(flags)

    def _terms_mask(self, fieldname: str, terms) -> int:
        """Documents having any of `terms` in `fieldname`."""
        return self._leaf_terms_mask(fieldname, lambda leaf: _term_infos(leaf, fieldname, terms))

    def _leaf_terms_mask(self, fieldname: str, terms_of) -> int:
        """Documents having any of the terms `terms_of(segment)` yields, as
        (term, TermInfo), in `fieldname`; segment by segment, so each term is
        read only where it occurs."""
        flags = bytearray(self.size)
        for leaf, offset in self.reader.leaf_readers():
            ranks = self._leaf_ranks(leaf, offset)
            for term, info in terms_of(leaf):
                for docnums in _postings(leaf, fieldname, term, info):
                    for position in map(ranks.__getitem__, docnums):
                        flags[position] = 1
        return _flags_to_int(flags) & self.live

    def _leaf_ranks(self, leaf, offset: int) -> list[int]:
        key = id(leaf)
        if key not in self._ranks:
            self._ranks[key] = self.rank[offset : offset + leaf.doc_count_all()]
        return self._ranks[key]

    def _cached(self, key, compute):
        masks = self._masks
        if key in masks:
            masks.move_to_end(key)
            return masks[key]
        value = masks[key] = compute()
        if len(masks) > MASK_CACHE_SIZE:
            masks.popitem(last=False)
        return value

    def term_mask(self, fieldname: str, term: str) -> int:
        return self._cached((fieldname, term), lambda: self._terms_mask(fieldname, [term]))

    # Words ------------------------------------------------------------------

    def word_tiers(self, word: _Word, fieldname: str) -> tuple[int, int, int, int]:
        """Documents whose `fieldname` matches the word exactly, by prefix, suffix, typo."""
        key = (fieldname, word.term, word.fuzzy, word.expansion)
        return self._cached(key, lambda: self._word_tiers(word, fieldname))

    def _expanded_tiers(self, word: _Word, fieldname: str) -> tuple[int, int, int, int]:
        """A synonym's tiers: the best tier any of its words reaches; a document
        that is only in one of its categories ranks as a typo match would."""
        tiers = [0, 0, 0, 0]
        for alternative in word.alternatives:
            for position, mask in enumerate(self.word_tiers(alternative, fieldname)):
                tiers[position] |= mask
        if fieldname == "text":
            for slug in word.categories:
                tiers[-1] |= self.term_mask("categories", slug)
        return tiers[0], tiers[1], tiers[2], tiers[3]

    def _word_tiers(self, word: _Word, fieldname: str) -> tuple[int, int, int, int]:
        if word.alternatives or word.categories:
            return self._expanded_tiers(word, fieldname)
        terms, rev = f"{fieldname}_terms", f"{fieldname}_rev"
        exact = {word.term.encode()}
        heads = [word.term] if len(word.term) >= PREFIX_MIN else []
        tails = [word.term[::-1]] if len(word.term) >= SUFFIX_MIN else []

        def prefixed(leaf):
            found = (pair for head in heads for pair in leaf.iter_prefix(terms, head))
            return (pair for pair in found if pair[0] not in exact)

        def suffixed(leaf):
            return (pair for tail in tails for pair in leaf.iter_prefix(rev, tail))

        def typos(leaf):
            if not word.fuzzy:
                return ()
            return _term_infos(leaf, terms, _typo_terms(leaf, terms, word.term) - exact)

        return (
            self._terms_mask(terms, exact),
            self._leaf_terms_mask(terms, prefixed),
            self._leaf_terms_mask(rev, suffixed),
            self._leaf_terms_mask(terms, typos),
        )

    def terms_within(self, fieldname: str, text: str, distance: int) -> set[str]:
        """Terms within `distance` edits, sharing the first letter; per segment,
        where Whoosh walks the lexicon with an automaton (its multi-segment
        reader compares every term)."""
        return {
            term
            for leaf, _ in self.reader.leaf_readers()
            for term in leaf.terms_within(fieldname, text, distance, prefix=FUZZY_PREFIX)
        }

    def word_mask(self, word: _Word) -> int:
        masks = self.word_tiers(word, "name") + self.word_tiers(word, "text")
        result = 0
        for mask in masks:
            result |= mask
        return result

    def text_mask(self, words: list[_Word]) -> int:
        result = self.live
        for word in words:
            result &= self.word_mask(word)
        return result

    # Ranking ----------------------------------------------------------------

    def score_groups(self, words: list[_Word], matched: int) -> list[tuple[float, int]]:
        """The matched documents split into groups of equal score, best first."""
        documents = max(1, self.live.bit_count())
        groups = {0.0: matched}
        for word in words:
            frequency = self.word_mask(word).bit_count()
            idf = 1.0 + math.log((documents + 1) / (frequency + 1))
            splits = [
                (self.word_tiers(word, "name"), NAME_WEIGHTS),
                (self.word_tiers(word, "text"), TEXT_WEIGHTS),
            ]
            for tiers, weights in splits:
                groups = _split(groups, tiers, [weight * idf for weight in weights])
            groups = _coarsen(groups)
        return sorted(groups.items(), key=lambda item: -item[0])

    # Filters and facets ----------------------------------------------------

    def filter_mask(self, query: Query) -> int:
        mask = self.live
        if not query.include_closed:
            mask &= ~self.term_mask("status", "closed")
        for name, fieldname in FACETS.items():
            value = _facet_value(query, name)
            if value:
                mask &= self.term_mask(fieldname, value)
        if query.age is not None:
            age = str(min(MAX_AGE, max(0, query.age)))
            mask &= self.term_mask("ages", age) | self.term_mask("ages", "all")
        return mask

    def facet_masks(self, fieldname: str) -> dict[str, int]:
        if fieldname not in self._facets:
            masks = {}
            for term in self.reader.field_terms(fieldname):
                mask = self._terms_mask(fieldname, [term])
                if mask:
                    masks[term] = mask
            self._facets[fieldname] = masks
        return self._facets[fieldname]

    def facets(self, matched: int, query: Query) -> dict[str, list[FacetValue]]:
        result = {}
        for name, fieldname in FACETS.items():
            selected = _facet_value(query, name)
            values = []
            for value, mask in self.facet_masks(fieldname).items():
                count = (matched & mask).bit_count()
                if count or value == selected:
                    label = self.label(name, value)
                    values.append(FacetValue(value, label, count, value == selected))
            if selected and all(v.value != selected for v in values):
                values.append(FacetValue(selected, self.label(name, selected), 0, True))
            result[name] = sorted(values, key=lambda v: _facet_order(name, v))
        return result

    def label(self, facet: str, value: str) -> str:
        if facet == "target":
            return TARGET_GROUPS.get(value, value)
        if facet == "weekday":
            return WEEKDAYS[int(value)] if value.isdigit() and int(value) < 7 else value
        key = ("label", facet, value)
        return self._cached(key, lambda: self._stored_label(facet, value))

    def _stored_label(self, facet: str, value: str) -> str:
        """The label documents give a value; after a relabelling, the newest in use."""
        prefix = f"{facet}\t{value}\t"
        terms = [t.decode() for t in self.reader.expand_prefix("labels", prefix)]
        if len(terms) > 1:
            terms.sort(key=self._last_written)
        return terms[-1][len(prefix) :] if terms else value

    def _last_written(self, term: str) -> int:
        """The highest document number with the term (later writes get higher
        ones), or -1 when no live document has it."""
        if not self._terms_mask("labels", [term]):
            return -1
        return max(
            offset + info.max_id()
            for leaf, offset in self.reader.leaf_readers()
            for _, info in _term_infos(leaf, "labels", [term])
        )

    # Hits -------------------------------------------------------------------

    def hits(self, groups, offset: int, limit: int, words: list[_Word]) -> list[Hit]:
        hits = []
        for score, mask in groups:
            count = mask.bit_count()
            if offset >= count:
                offset -= count
                continue
            for position in _bit_positions(mask, offset, limit - len(hits)):
                hits.append(self._hit(self.order[position], score, words))
            offset = 0
            if len(hits) >= limit:
                break
        return hits

    def association_id(self, position: int) -> int:
        if self._ids is None:  # the sort key ends with the id
            tails = (key.rpartition(b"\x00")[2] for key in self.keys)
            self._ids = [int(tail) if tail.isdigit() else 0 for tail in tails]
        return self._ids[self.order[position]]

    def _hit(self, docnum: int, score: float, words: list[_Word]) -> Hit:
        stored = self.reader.stored_fields(docnum)
        return Hit(
            id=int(stored["id"]),
            slug=stored["slug"],
            name=stored["name"],
            short_description=stored.get("short", ""),
            categories=list(stored.get("category_labels") or []),
            snippet=snippet(stored.get("short", ""), stored.get("description", ""), words),
            score=round(score, 3),
        )

    def suggestion(self, words: list[_Word], filters: int) -> str | None:
        """The query with unknown words replaced by the closest indexed ones."""
        changed, corrected = False, []
        for word in words:
            replacement = word.typed
            if word.term and not self.word_mask(word):
                replacement = self.closest(word.typed.casefold()) or word.typed
                changed = changed or replacement != word.typed
            corrected.append(replacement)
        if not changed:
            return None
        suggested = " ".join(corrected)
        matching = [w for w in _words(suggested) if w.term][:MAX_WORDS]
        return suggested if self.text_mask(matching) & filters else None

    def closest(self, word: str) -> str | None:
        """The nearest word of the spelling dictionary, the most used first.

        (Whoosh's ReaderCorrector ranks by frequency in the spelling field,
        which in dictionary documents says nothing; the text field knows.)
        """
        for distance in (1, 2):
            candidates = self.terms_within("spelling", word, distance)
            ranked = [
                (self._frequency(candidate), candidate)
                for candidate in candidates if candidate != word
            ]  # fmt: skip
            if ranked:
                return max(ranked)[1]
        return None

    def _frequency(self, word: str) -> int:
        term = word_term(word)
        if not term:
            return 0
        return self.reader.doc_frequency("name_terms", term) + self.reader.doc_frequency(
            "text_terms", term
        )


_FLAG_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _typo_terms(leaf, fieldname: str, form: str) -> set[bytes]:
    """Terms of one segment one edit (or one swap of neighbours) away from `form`."""
    terms = {
        term.encode()
        for term in leaf.terms_within(fieldname, form, 1, prefix=FUZZY_PREFIX)
    }  # fmt: skip
    for i in range(FUZZY_PREFIX, len(form) - 1):
        swapped = (form[:i] + form[i + 1] + form[i] + form[i + 2 :]).encode()
        if leaf.doc_frequency(fieldname, swapped):
            terms.add(swapped)
    return terms


def _flags_to_int(flags: bytearray) -> int:
    """One byte per document (0 or 1) -> a bitset; int(..., 2) runs in C."""
    return int(flags[::-1].translate(_FLAG_DIGITS), 2) if flags else 0


def _term_infos(leaf, fieldname: str, terms):
    """(term, TermInfo) of those of `terms` that occur in a segment."""
    for term in terms:
        try:
            yield term, leaf.term_info(fieldname, term)
        except TermNotFound:
            continue


def _postings(leaf, fieldname: str, term, info):
    """The document numbers of a term in one segment, a block at a time.

    A term in one or two documents needs no posting list: its TermInfo holds
    the first and last document. Longer lists are read block by block from
    Whoosh's storage (whoosh-reloaded is pinned): going through the matcher
    costs a method call per posting, ten times slower. Deleted documents are
    included; the caller masks them out.
    """
    if info.doc_frequency() <= 2:
        yield (info.min_id(), info.max_id())
        return
    matcher = leaf.postings(fieldname, term)
    if isinstance(matcher, FilterMatcher):  # only filters out deleted documents
        matcher = matcher.child
    if type(matcher) is not W3LeafMatcher:
        yield list(matcher.all_ids())
        return
    while True:
        if matcher._data is None:
            matcher._read_data()
        yield accumulate(matcher._data[0])  # ids are stored as deltas
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)


def _split(groups: dict[float, int], tiers, weights) -> dict[float, int]:
    """Split each group by the tier (exact, prefix, ...) its documents reached."""
    result: dict[float, int] = {}
    for score, mask in groups.items():
        rest = mask
        for tier, weight in zip(tiers, weights, strict=True):
            part = rest & tier
            if part:
                rest ^= part
                key = round(score + weight, 6)
                result[key] = result.get(key, 0) | part
        if rest:
            result[score] = result.get(score, 0) | rest
    return result


def _coarsen(groups: dict[float, int]) -> dict[float, int]:
    """Merge groups of nearly equal score while there are too many: each word
    can split every group in up to 25, and each split costs bitset operations."""
    step = 0.5
    while len(groups) > MAX_GROUPS:
        merged: dict[float, int] = {}
        for score, mask in groups.items():
            key = math.floor(score / step) * step
            merged[key] = merged.get(key, 0) | mask
        groups, step = merged, step * 2
    return groups


def _bit_positions(mask: int, skip: int = 0, count: int | None = None) -> list[int]:
    """Positions of the set bits of `mask`, lowest first, after skipping `skip`."""
    digits = format(mask, "b")[::-1]  # linear time; digit i is bit i
    positions, position = [], digits.find("1")
    while position >= 0 and (count is None or len(positions) < count):
        if skip:
            skip -= 1
        else:
            positions.append(position)
        position = digits.find("1", position + 1)
    return positions


def _facet_value(query: Query, name: str) -> str:
    value = getattr(query, name)
    return "" if value is None else str(value)


def _facet_order(name: str, value: FacetValue):
    if name == "target":
        codes = list(TARGET_GROUPS)
        return (codes.index(value.value) if value.value in codes else len(codes), value.value)
    if name == "weekday":
        return (int(value.value) if value.value.isdigit() else 99, "")
    return (0, sort_key(value.label))


def _words(text: str) -> list[_Word]:
    text = text.translate(_ARABIC_MARKS)
    words = [_Word(typed, word_term(typed)) for typed in WORD.findall(text)]
    return words[: MAX_WORDS * 4]


# Synonyms -----------------------------------------------------------------------

# Arabic letters written in more than one way, and the elongation mark (tatweel).
_ARABIC_FORMS = str.maketrans({"ة": "ه", "ى": "ي", "ـ": None})
# Arabic vowel marks: \w does not match them, so they would split a word in two.
_ARABIC_MARKS = dict.fromkeys([*range(0x064B, 0x0660), 0x0670, 0x0640])
_ARABIC_ARTICLE = "ال"


@lru_cache(maxsize=50_000)
def synonym_word(word: str) -> str:
    """How a word is compared with the synonym list: folded and stemmed like
    the index (without dropping stop words: "men" is a word in English), and
    in Arabic without vowel marks, hamza forms and the article al-."""
    folded = fold(word[:MAX_WORD_LENGTH]).translate(_ARABIC_FORMS)
    if folded.startswith(_ARABIC_ARTICLE) and len(folded) > len(_ARABIC_ARTICLE) + 1:
        folded = folded[len(_ARABIC_ARTICLE) :]
    return _stem(simplify(folded))


def synonym_key(phrase: str) -> tuple[str, ...]:
    """The key a phrase of the synonym list is looked up by."""
    words = WORD.findall(phrase.translate(_ARABIC_MARKS))[:MAX_WORDS]
    return tuple(key for key in map(synonym_word, words) if key)


class Synonyms:
    """The editors' synonym list, ready to expand queries: a phrase (in any
    language, or an everyday word) stands for Danish words and categories, so
    "football" or "كرة القدم" finds "fodbold" and the sports associations.

    Built from (phrase, Danish words, category slug or "") rows; a query's
    words are matched longest phrase first, and a matched phrase becomes one
    query word that any of its Danish words, the phrase itself (a single
    word) or its category satisfies.
    """

    def __init__(self, entries=()):
        self.table: dict[tuple[str, ...], tuple[tuple[_Word, ...], tuple[str, ...]]] = {}
        for phrase, terms, category in entries:
            key = synonym_key(phrase)
            if not key:
                continue
            words, categories = self.table.get(key, ((), ()))
            words += tuple(_Word(w, word_term(w)) for w in WORD.findall(terms) if word_term(w))
            categories += (category,) if category else ()
            self.table[key] = (words, tuple(dict.fromkeys(categories)))
        self.longest = max(map(len, self.table), default=0)

    def __len__(self) -> int:
        return len(self.table)

    def expand(self, words: list[_Word]) -> list[_Word]:
        """The query's words with each phrase of the list replaced by its synonym."""
        if not self.table:
            return words
        expanded, start = [], 0
        while start < len(words):
            length, found = self._longest_at(words, start)
            if found is None:
                expanded.append(words[start])
                start += 1
                continue
            expanded.append(self._synonym(words[start : start + length], *found))
            start += length
        return expanded

    def _longest_at(self, words: list[_Word], start: int):
        for length in range(min(self.longest, len(words) - start), 0, -1):
            key = tuple(synonym_word(word.typed) for word in words[start : start + length])
            if key in self.table:
                return length, self.table[key]
        return 0, None

    @staticmethod
    def _synonym(span: list[_Word], alternatives, categories) -> _Word:
        typed = " ".join(word.typed for word in span)
        if len(span) == 1 and span[0].term:  # "football" also finds "football"
            alternatives = (span[0], *(a for a in alternatives if a.term != span[0].term))
        key = "\x00" + " ".join(synonym_word(word.typed) for word in span)  # never an index term
        return _Word(typed, key, tuple(alternatives), tuple(categories))


# Highlighting -------------------------------------------------------------------

SNIPPET_LENGTH = 180  # characters around the first match
SNIPPET_LEAD = 50  # characters shown before it


def _one_edit(a: str, b: str) -> bool:
    """Within one insertion, deletion, substitution or swap of neighbours."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        swapped = a[i + 1 : i + 2] == b[i : i + 1] and a[i : i + 1] == b[i + 1 : i + 2]
        return a[i + 1 :] == b[i + 1 :] or (swapped and a[i + 2 :] == b[i + 2 :])
    return a[i + 1 :] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1 :]


def _term_matches(term: str, word: _Word) -> bool:
    """Would this term of a text match the query word (as the index does)?"""
    query = word.term
    if term == query:
        return True
    if len(query) >= PREFIX_MIN and term.startswith(query):
        return True
    if len(query) >= SUFFIX_MIN and len(term) >= REVERSED_MIN and term.endswith(query):
        return True
    same_start = term[:FUZZY_PREFIX] == query[:FUZZY_PREFIX]
    return word.fuzzy and same_start and _one_edit(term, query)


def _matches(text_word: str, words: list[_Word]) -> bool:
    term = word_term(text_word)
    return bool(term) and any(_term_matches(term, word) for word in words)


def snippet(short: str, description: str, words: list[_Word]) -> Markup:
    """The part of a text around the query's words, with <mark> around them."""
    words = [variant for word in words if word.term for variant in word.variants()]
    if not words:
        return Markup("")
    for text in (short, description):
        first = next((m for m in WORD.finditer(text) if _matches(m.group(), words)), None)
        if first:
            start = _word_boundary(text, max(0, first.start() - SNIPPET_LEAD))
            end = _word_boundary(text, start + SNIPPET_LENGTH, forward=True)
            found = WORD.finditer(text, first.start(), end)
            spans = [m.span() for m in found if _matches(m.group(), words)]
            return _highlight(text, start, end, spans)
    return escape(short)


def _highlight(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> Markup:
    parts = [Markup("…")] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        parts += [escape(text[position:span_start]), Markup("<mark>"),
                  escape(text[span_start:span_end]), Markup("</mark>")]  # fmt: skip
        position = span_end
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append(Markup("…"))
    return Markup("").join(parts)


def _word_boundary(text: str, position: int, forward: bool = False) -> int:
    """`position` moved out of the word it falls in (forward: to its end)."""
    if position >= len(text):
        return len(text)
    if forward:
        match = WORD.match(text, position)
        return match.end() if match else position
    while position > 0 and WORD.match(text[position - 1]):
        position -= 1
    return position


# The index -----------------------------------------------------------------------


class SearchIndex:
    """The search index in one folder; safe to share between threads and processes.

    The folder holds Whoosh indexes and state.json, which names the one in use
    and the catalogue version it reflects. A rebuild writes a new index beside
    the old one and switches state.json over atomically (os.replace), so a
    searcher never sees a half-built index, and a failed build changes
    nothing. Writers take a file lock, so one process writes at a time;
    searchers look at state.json and the index generation before each search.
    """

    def __init__(self, path: Path, max_query_length: int = MAX_QUERY_LENGTH):
        self.path = Path(path)
        self.max_query_length = max_query_length
        self._lock = threading.Lock()
        self._view: _View | None = None
        # Where the editors' synonym list comes from (get_index sets it), and its copy here.
        self.synonym_source = None
        self._synonyms, self._synonyms_version = Synonyms(), None

    # State ----------------------------------------------------------------

    def exists(self) -> bool:
        """A complete index of the current schema is there."""
        name = self._current_name()
        return name is not None and self._open(name) is not None

    def is_current(self, db) -> bool:
        """The index reflects the database's catalogue version."""
        version = self._state().get("catalogue_version")
        return version == catalogue.catalogue_version(db) and self.exists()

    def ensure_current(self, db) -> bool:
        """Rebuild when the index is missing or behind the database; True if it did."""
        if self.is_current(db):
            return False
        with self._write_lock(REBUILD_TIMEOUT):
            if self.is_current(db):  # another process rebuilt it while we waited
                return False
            self._rebuild(db)
        return True

    def _state(self) -> dict:
        try:
            state = json.loads((self.path / STATE_FILE).read_text())
        except (OSError, ValueError):
            return {}
        return state if isinstance(state, dict) else {}

    def _current_name(self) -> str | None:
        name = self._state().get("index")
        return name if isinstance(name, str) and INDEX_NAME.fullmatch(name) else None

    def _write_state(self, name: str, version: int):
        state = {"index": name, "catalogue_version": version, "written_at": _now()}
        temporary = self.path / f"{STATE_FILE}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(state))
        os.replace(temporary, self.path / STATE_FILE)

    # Writing ---------------------------------------------------------------

    def rebuild(self, db) -> int:
        """Index every association afresh; returns how many."""
        with self._write_lock(REBUILD_TIMEOUT):
            return self._rebuild(db)

    def _rebuild(self, db) -> int:
        with _snapshot(db):
            version = catalogue.catalogue_version(db)
            total = db.execute("SELECT count(*) FROM associations").fetchone()[0]
            procs = min(os.cpu_count() or 1, MAX_PROCS) if total >= PARALLEL_MIN else 1
            name, count = self._build(db, procs)
        self._write_state(name, version)
        self._remove_indexes_except(name)
        return count

    def _build(self, db, procs: int) -> tuple[str, int]:
        """A new, complete index beside the one in use: (its name, associations)."""
        for attempt in dict.fromkeys([procs, 1]):
            name = f"{INDEX_PREFIX}{secrets.token_hex(6)}"
            ix = index.create_in(str(self.path), SCHEMA, indexname=name)
            count, added = _write(ix, catalogue.index_documents(db), procs=attempt)
            with ix.reader() as reader:
                if reader.doc_count_all() == added:
                    return name, count
            # Whoosh's parallel writer drops a segment when a worker fails.
            log.error("search index build with %d processes lost documents", attempt)
            self._remove_indexes_except(self._current_name() or "")
        raise RuntimeError("the search index could not be built")

    def _remove_indexes_except(self, keep: str):
        """Delete other indexes' files (open readers keep theirs until they close)."""
        for entry in self.path.iterdir():
            name = entry.name.lstrip("_")  # Whoosh's files: _NAME_1.toc, NAME_x.seg, ...
            if not name.startswith(INDEX_FAMILY) or (keep and name.startswith(keep)):
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)

    def update(self, db, ids) -> bool:
        """Reindex these associations (dropping those no longer in the database).

        Returns False when the index stays behind (another writer held the
        lock too long); ensure_current() then catches up.
        """
        ids = [int(i) for i in ids]
        try:
            with self._write_lock(WRITE_TIMEOUT):
                name = self._current_name()
                ix = self._open(name) if name else None
                if ix is None:
                    self._rebuild(db)
                    return True
                with _snapshot(db):
                    version = catalogue.catalogue_version(db)
                    if ids:  # no ids: a change no entry's document shows, just catch up
                        _write(ix, catalogue.index_documents(db, ids), replace_ids=ids)
                # A save bumps the version once; if it moved more, some other
                # change is not in the index: leave it stale for ensure_current.
                if self._state().get("catalogue_version") in (version - 1, version):
                    self._write_state(name, version)
        except IndexBusy:
            log.warning("search index busy: %d association(s) wait for a rebuild", len(ids))
            return False
        return True

    def delete(self, ids) -> bool:
        """Remove these associations; catalogue.delete_association bumps the
        version once, so the recorded version moves on by one."""
        ids = [int(i) for i in ids]
        if not ids:
            return True
        try:
            with self._write_lock(WRITE_TIMEOUT):
                name = self._current_name()
                ix = self._open(name) if name else None
                if ix is None:
                    return True
                _write(ix, [], replace_ids=ids)
                self._write_state(name, int(self._state().get("catalogue_version", -1)) + 1)
        except IndexBusy:
            log.warning("search index busy: %d deletion(s) wait for a rebuild", len(ids))
            return False
        return True

    @contextlib.contextmanager
    def _write_lock(self, timeout: float):
        """One writer at a time across processes and threads (flock on a file)."""
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / LOCK_FILE, "a") as lock_file:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise IndexBusy(str(self.path)) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def _open(self, name: str):
        try:
            return index.open_dir(str(self.path), indexname=name, schema=SCHEMA)
        except Exception:  # missing, removed by a rebuild, or unreadable: rebuild
            return None

    # Searching ---------------------------------------------------------------

    def search(self, query: Query) -> Results:
        """Matching associations with facets; never raises on what a user typed."""
        query = self.normalized(query)
        synonyms = self.current_synonyms()
        with self._lock:
            view = self._current_view()
            if view is None:  # not built yet
                return Results(query, facets={name: [] for name in FACETS})
            return _search(view, query, synonyms)

    def matching_ids(self, query: Query) -> list[int]:
        """The ids of every association the query finds, in result order (for the map)."""
        query = self.normalized(query)
        synonyms = self.current_synonyms()
        with self._lock:
            view = self._current_view()
            if view is None:
                return []
            groups = _match(view, query, synonyms)[-1]
            return [view.association_id(p) for _, mask in groups for p in _bit_positions(mask)]

    def current_synonyms(self) -> "Synonyms":
        """The synonym list, reloaded when its version in the database moved on
        (one small query per search, so every process sees an edit at once)."""
        source = self.synonym_source
        if source is None or not has_app_context():
            return self._synonyms
        try:
            version = source.version()
            if version != self._synonyms_version:
                self._synonyms = Synonyms(source.entries() if version is not None else ())
                self._synonyms_version = version
        except sqlite3.Error:  # a database from before the synonyms: search without them
            log.warning("the synonym list could not be read", exc_info=True)
        return self._synonyms

    def normalized(self, query: Query) -> Query:
        return replace(
            query,
            text=clean_text(query.text, self.max_query_length),
            category=clean_text(query.category, 100),
            target=clean_text(query.target, 100),
            area=clean_text(query.area, 100),
            weekday=_int_or_none(query.weekday),
            age=_int_or_none(query.age),
            page=max(1, _int_or_none(query.page) or 1),
            per_page=min(MAX_PER_PAGE, max(1, _int_or_none(query.per_page) or 20)),
        )

    def _current_view(self) -> _View | None:
        """A searcher on the newest generation of the index in use."""
        for _ in range(2):  # a rebuild may remove the index we just read the name of
            name = self._current_name()
            view = self._view
            if view is not None and view.name == name:
                if view.ix.latest_generation() == view.generation:
                    return view
                ix = view.ix
            else:
                ix = self._open(name) if name else None
            if view is not None:
                view.close()
                self._view = None
            if ix is not None:
                self._view = _View(name, ix)
                return self._view
        return None


def _search(view: _View, query: Query, synonyms: "Synonyms") -> Results:
    words, matching, filters, matched, groups = _match(view, query, synonyms)
    offset = (query.page - 1) * query.per_page
    results = Results(query, total=matched.bit_count())
    results.hits = view.hits(groups, offset, query.per_page, matching)
    results.facets = view.facets(matched, query)
    if matching and not results.total:
        results.suggestion = view.suggestion(words, filters)
    return results


def _match(view: _View, query: Query, synonyms: "Synonyms"):
    """(words, words that match, filter bitset, result bitset, score groups)."""
    words = _words(query.text)
    unique: dict[str, _Word] = {}
    for word in synonyms.expand(words):
        if word.term:
            unique.setdefault(word.term, word)  # "fodbold fodbold" is one word
    matching = list(unique.values())[:MAX_WORDS]
    filters = view.filter_mask(query)
    if not matching:  # nothing searchable typed: browse, by name
        return words, matching, filters, filters, [(0.0, filters)]
    matched = view.text_mask(matching) & filters
    groups = view.score_groups(matching, matched) if matched else []
    return words, matching, filters, matched, groups


def _int_or_none(value) -> int | None:
    try:
        return None if value is None or value == "" else int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def _write(ix, docs, replace_ids=(), procs: int = 0) -> tuple[int, int]:
    """Delete and add documents in one commit: (associations, documents) added.

    `procs` marks a build of a fresh index: a big in-memory pool, and with
    procs > 1 Whoosh's parallel writer, one segment per process.
    """
    options = {}
    if procs:
        options = {"limitmb": REBUILD_LIMIT_MB}
    if procs > 1:
        options.update(procs=procs, multisegment=True, batchsize=256)
    writer = ix.writer(timeout=WRITE_TIMEOUT, codec=_codec(), **options)
    count, dictionary = 0, set()
    try:
        for association_id in replace_ids:
            writer.delete_by_term("id", str(association_id))
        for doc in docs:
            document, words = index_fields(doc)
            writer.add_document(**document)
            dictionary |= words
            count += 1
        if dictionary:
            writer.add_document(**dictionary_document(dictionary))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return count, count + bool(dictionary)


def _codec():
    """Whoosh's codec, minus the per-posting field-length lookups it makes for
    scoring (our fields are not scored; the lookups double the build time)."""
    codec = default_codec()
    codec.length_stats = False
    return codec


@contextlib.contextmanager
def _snapshot(db):
    """One consistent read of the database (a read transaction), unless already in one."""
    if db.conn.in_transaction:
        yield
        return
    db.execute("BEGIN")
    try:
        yield
    finally:
        if db.conn.in_transaction:
            db.execute("COMMIT")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def get_index() -> SearchIndex:
    """The app's index, one per process (searchers are reused across requests)."""
    indexes = current_app.extensions.setdefault("directory.search", {})
    path = Path(current_app.config["DATA_DIR"]) / "index"
    if path not in indexes:
        limit = int(current_app.config.get("MAX_QUERY_LENGTH", MAX_QUERY_LENGTH))
        indexes[path] = SearchIndex(path, max_query_length=limit)
        from . import synonyms  # builds on this module

        indexes[path].synonym_source = synonyms.DatabaseSource()
    return indexes[path]


def init_app(app):
    app.extensions.setdefault("directory.search", {})
