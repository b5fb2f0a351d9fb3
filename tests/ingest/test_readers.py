"""Readers: good records land, bad ones become rejections naming file, place and field."""

from __future__ import annotations

import codecs
import io
import json
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graph_service.domain import Side
from ingest.readers import (
    ReadRecord,
    RejectedStore,
    Rejection,
    read_bytes,
    read_path,
    read_paths,
)
from ingest.readers.csv_reader import read_csv
from ingest.readers.jsonl import read_json, read_jsonl
from ingest.readers.rejections import RAW_LIMIT_CHARS
from ingest.readers.stix import read_stix
from ingest.readers.text import read_text

DATA = Path(__file__).resolve().parent.parent / "data" / "readers"
READERS = [read_json, read_jsonl, read_csv, read_text, read_stix]


def record(**overrides: object) -> dict[str, object]:
    """A valid record as a JSON object, with `overrides` applied."""
    fields: dict[str, object] = {
        "id": "LE-1",
        "agency": "Norfolk PD",
        "side": "LE",
        "marking": "UNCLASSIFIED//LES",
        "reported_at": "2024-05-01T14:30:00Z",
        "text": "Two men photographed the substation.",
    }
    fields.update(overrides)
    return fields


def jsonl(*records: object) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def read(data: bytes, name: str = "reports.jsonl", **kwargs: int) -> list[ReadRecord | Rejection]:
    return list(read_bytes(data, source=name, **kwargs))


def split(results: list[ReadRecord | Rejection]) -> tuple[list[ReadRecord], list[Rejection]]:
    records = [r for r in results if isinstance(r, ReadRecord)]
    rejections = [r for r in results if isinstance(r, Rejection)]
    assert len(records) + len(rejections) == len(results)
    return records, rejections


def only_rejection(data: bytes, name: str = "reports.jsonl") -> Rejection:
    results = read(data, name)
    assert len(results) == 1, results
    assert isinstance(results[0], Rejection), results[0]
    return results[0]


# -- the malformed batch ------------------------------------------------------------------


@pytest.fixture
def malformed(tmp_path: Path) -> Path:
    """The JSONL fixture, with line 6's text made one character too long."""
    text = (DATA / "malformed.jsonl").read_text(encoding="utf-8")
    path = tmp_path / "malformed.jsonl"
    path.write_text(text.replace("TEXT-PLACEHOLDER", "x" * 200_001), encoding="utf-8")
    return path


def test_malformed_batch_lands_exactly_the_valid_records(malformed: Path) -> None:
    records, rejections = split(list(read_path(malformed)))

    assert [r.report.id for r in records] == ["LE-0001", "INT-0007"]
    assert [r.location for r in records] == ["line 1", "line 8"]
    assert {(r.location, r.field) for r in rejections} == {
        ("line 2", "marking"),
        ("line 4", "marking"),
        ("line 5", None),
        ("line 6", "text"),
        ("line 7", "colour"),
    }
    assert all(r.source == str(malformed) for r in rejections)


def test_malformed_batch_messages_say_what_is_wrong(malformed: Path) -> None:
    _, rejections = split(list(read_path(malformed)))
    by_line = {r.location: r for r in rejections}

    assert str(by_line["line 2"]).startswith(
        f"{malformed}:2: field 'marking': unparseable marking 'SECRET//BOGUS'"
    )
    assert by_line["line 4"].message == "required field is missing"
    assert "invalid JSON" in by_line["line 5"].message
    assert "200,001 characters" in by_line["line 6"].message
    assert "200,000" in by_line["line 6"].message
    assert "unknown field" in by_line["line 7"].message
    assert by_line["line 2"].raw == malformed.read_text().splitlines()[1]


def test_valid_record_fields_are_normalised(malformed: Path) -> None:
    first, last = split(list(read_path(malformed)))[0]

    assert first.report.side is Side.LE
    assert first.report.area == "VA"
    assert first.report.reported_at == datetime(2024, 5, 1, 18, 30, tzinfo=UTC)
    assert first.report.title == "Substation surveillance"
    assert last.report.side is Side.INTEL  # "INTEL" in any case
    assert last.report.event_at == datetime(2024, 5, 5, 23, 0, tzinfo=UTC)
    assert last.report.title == "Follow-up"


# -- field rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id": ""}, "id", "must not be empty"),
        ({"id": "x" * 201}, "id", "201 characters"),
        ({"id": "LE\x001"}, "id", "control or format character U+0000"),
        ({"id": "LE\u202e1"}, "id", "control or format character U+202E"),
        ({"id": 17}, "id", "expected a string, got number"),
        ({"agency": "  "}, "agency", "must not be empty"),
        ({"side": "FED"}, "side", "unknown side 'FED'"),
        ({"side": None}, "side", "expected a string, got null"),
        ({"marking": ""}, "marking", "must not be empty"),
        ({"marking": "SECRET//BOGUS"}, "marking", "'SECRET//BOGUS'"),
        ({"area": "V A"}, "area", "no whitespace"),
        ({"reported_at": "yesterday"}, "reported_at", "not an ISO 8601"),
        ({"reported_at": "2024-05-01T14:30:00"}, "reported_at", "has no time zone"),
        ({"reported_at": "2024-05-01"}, "reported_at", "has no time zone"),
        ({"reported_at": 1714573800}, "reported_at", "expected an ISO 8601 string, got number"),
        ({"reported_at": "0001-01-01T00:00:00+01:00"}, "reported_at", "out of range"),
        ({"event_at": "2024-05-01T14:30"}, "event_at", "has no time zone"),
        ({"title": ["a"]}, "title", "expected a string, got array"),
        ({"text": " \n\t"}, "text", "text is empty"),
        ({"text": "bad \ud800 surrogate"}, "text", "unpaired surrogate U+D800"),
        ({"markng": "SECRET"}, "markng", "unknown field"),
    ],
)
def test_field_rule(overrides: dict[str, object], field: str, message: str) -> None:
    rejection = only_rejection(jsonl(record(**overrides)))
    assert rejection.location == "line 1"
    assert rejection.field == field
    assert message in rejection.message


def test_missing_required_fields_are_each_named() -> None:
    for name in ("id", "agency", "side", "marking", "reported_at", "text"):
        fields = record()
        del fields[name]
        rejection = only_rejection(jsonl(fields))
        assert (rejection.field, rejection.message) == (name, "required field is missing")


def test_several_bad_fields_are_all_reported() -> None:
    rejection = only_rejection(jsonl(record(side="FED", colour="red")))
    assert rejection.field == "side"
    assert "field 'colour': unknown field" in rejection.message


def test_optional_fields_and_lenient_forms() -> None:
    records, _ = split(read(jsonl(
        record(side="intel", area="", event_at="", title=None, x_partner={"any": [1]}),
        record(id="  LE-2  ", reported_at="2024-05-01T10:30:00-04:00", marking=" CUI "),
    )))
    first, second = (r.report for r in records)
    assert (first.side, first.area, first.event_at, first.title) == (Side.INTEL, None, None, "")
    assert (second.id, second.marking) == ("LE-2", "CUI")
    assert second.reported_at == datetime(2024, 5, 1, 14, 30, tzinfo=UTC)
    assert second.reported_at.tzinfo is UTC


def test_text_limit_is_a_parameter_and_never_truncates() -> None:
    data = jsonl(record(text="x" * 50))
    assert split(read(data, max_text_chars=50))[0][0].report.text == "x" * 50
    rejection = split(read(data, max_text_chars=49))[1][0]
    assert (rejection.field, "50 characters" in rejection.message) == ("text", True)


def test_repeated_key_is_rejected_not_last_wins() -> None:
    line = b'{"id": "LE-1", "marking": "SECRET", "marking": "UNCLASSIFIED"}\n'
    rejection = only_rejection(line)
    assert (rejection.field, rejection.message) == ("marking", "field appears more than once")


# -- JSON ---------------------------------------------------------------------------------


def test_json_array_with_one_bad_element_keeps_the_others() -> None:
    data = json.dumps([record(id="A"), record(id="B", side="FED"), 7, record(id="C")])
    records, rejections = split(read(data.encode(), "reports.json"))

    assert [r.report.id for r in records] == ["A", "C"]
    assert [r.location for r in records] == ["record 1", "record 4"]
    assert [(r.location, r.field) for r in rejections] == [("record 2", "side"), ("record 3", None)]
    assert json.loads(rejections[0].raw)["id"] == "B"  # raw replays on its own


def test_json_single_object_and_bad_documents() -> None:
    (single,) = read(json.dumps(record()).encode(), "one.json")
    assert isinstance(single, ReadRecord)
    assert single.location == "record 1"

    broken = only_rejection(b'[{"id": "A"},\n {"id": ', "reports.json")
    assert (broken.location, broken.field) == ("file", None)
    assert "invalid JSON" in broken.message
    assert "line 2" in broken.message
    assert "expected a JSON object" in only_rejection(b"42", "reports.json").message
    assert "nested too deeply" in only_rejection(b"[" * 100_000, "reports.json").message


# -- encodings ----------------------------------------------------------------------------


def test_invalid_utf8_rejects_only_its_line_naming_the_byte_offset() -> None:
    good = jsonl(record(id="A"))
    bad = json.dumps(record(id="B", text="caf\u00e9"), ensure_ascii=False).encode()
    bad = bad.replace(b"\xc3\xa9", b"\xe9")  # the cp1252 byte for é
    records, rejections = split(read(good + bad + b"\n" + jsonl(record(id="C"))))

    assert [r.report.id for r in records] == ["A", "C"]
    (rejection,) = rejections
    offset = len(good) + bad.index(b"\xe9")
    assert rejection.location == "line 2"
    assert f"byte offset {offset}" in rejection.message
    assert "0xE9" in rejection.message
    assert "\\xe9" in rejection.raw  # stored as valid text, the byte still visible


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with BOM
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: text.encode("utf-32"),
    ],
)
def test_byte_order_marks_are_honoured(encode) -> None:
    text = json.dumps(record(text="Café in Zürich")) + "\n" + json.dumps(record(id="LE-2")) + "\n"
    records, rejections = split(read(encode(text)))
    assert rejections == []
    assert [r.report.text for r in records] == ["Café in Zürich", record()["text"]]


def test_broken_utf16_is_one_rejection() -> None:
    data = "[]".encode("utf-16") + b"\x00"  # odd byte count
    rejection = only_rejection(data, "reports.json")
    assert "UTF-16" in rejection.message


def test_cp1252_in_csv_names_row_field_and_byte() -> None:
    data = "id,agency,side,marking,reported_at,text\nLE-1,Caf\u00e9 PD,LE,CUI,2024-05-01T00:00Z,t\n"
    rejection = only_rejection(data.encode("cp1252"), "reports.csv")
    assert (rejection.location, rejection.field) == ("line 2", "agency")
    assert "invalid UTF-8 byte 0xE9" in rejection.message


def test_overlong_jsonl_line_is_refused_without_losing_the_next() -> None:
    huge = json.dumps(record(text="x" * 1_200_000)).encode() + b"\n"
    records, rejections = split(read(huge + jsonl(record(id="LE-2")), max_text_chars=1))
    assert records == []  # LE-2's text is over the 1-character limit as well
    assert [(r.location, r.field) for r in rejections] == [("line 1", None), ("line 2", "text")]
    assert "byte limit" in rejections[0].message


# -- CSV ----------------------------------------------------------------------------------


def test_csv_batch_uses_physical_line_numbers() -> None:
    records, rejections = split(list(read_path(DATA / "reports.csv")))

    assert [(r.report.id, r.location) for r in records] == [("LE-0101", "line 2"),
                                                             ("INT-0105", "line 8")]
    assert records[0].report.text == "Two men at the\nElm St substation."
    assert records[1].report.event_at == datetime(2024, 5, 1, 22, 0, tzinfo=UTC)
    assert records[1].report.area is None  # empty cell
    assert [(r.location, r.field) for r in rejections] == [
        ("line 4", "marking"),
        ("line 5", None),  # ragged
        ("line 6", "agency"),
        ("line 9", "reported_at"),
    ]
    assert "11 cells but the header has 10" in rejections[1].message


def test_csv_missing_column_rejects_every_row_naming_it() -> None:
    _, rejections = split(list(read_path(DATA / "missing_column.csv")))
    assert [(r.location, r.field) for r in rejections] == [("line 2", "marking"),
                                                           ("line 3", "marking")]
    assert "required column 'marking' is missing" in rejections[0].message


def test_csv_header_problems() -> None:
    header = "id,agency,side,marking,reported_at,text"
    row = "LE-1,PD,LE,CUI,2024-05-01T00:00Z,t"
    dup = only_rejection(f"{header},side\n{row},LE\n".encode(), "r.csv")
    assert (dup.field, "appears twice" in dup.message) == ("side", True)
    unknown = only_rejection(f"{header},colour\n{row},red\n".encode(), "r.csv")
    assert (unknown.field, "unknown field" in unknown.message) == ("colour", True)
    (ok,) = read(f"{header},x_case\n\n{row},9\n".encode(), "r.csv")
    assert isinstance(ok, ReadRecord)
    assert ok.location == "line 3"


def test_csv_rejection_raw_is_a_csv_document_of_header_and_row() -> None:
    _, rejections = split(list(read_path(DATA / "reports.csv")))
    raw = rejections[0].raw
    assert raw.splitlines()[0].startswith("id,agency,side,marking")
    assert raw.splitlines()[1].startswith("LE-0102,")


def test_csv_text_longer_than_the_csv_module_default_field_limit() -> None:
    header = "id,agency,side,marking,reported_at,text\n"
    data = f'{header}LE-1,PD,LE,CUI,2024-05-01T00:00Z,"{"x" * 150_000}"\n'.encode()
    (result,) = read(data, "r.csv")
    assert isinstance(result, ReadRecord)
    assert len(result.report.text) == 150_000


# -- text with front matter ---------------------------------------------------------------


def test_text_front_matter_record() -> None:
    (result,) = read_path(DATA / "text" / "substation.txt")
    assert isinstance(result, ReadRecord)
    report = result.report
    assert (report.id, report.side, report.area) == ("LE-0301", Side.LE, "VA")
    assert report.marking == "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE"  # quotes removed
    assert report.text == (
        "Two men photographed the Elm St substation fence line.\n"
        "One drove a grey pickup with Virginia plates.\n"
    )


@pytest.mark.parametrize(
    ("name", "location", "field", "message"),
    [
        ("bad_marking.md", "line 5", "marking", "unparseable marking 'SECRET//BOGUS'"),
        ("no_front_matter.txt", "line 1", None, "no front matter"),
        ("unclosed.txt", "line 4", None, "expected 'key: value'"),
    ],
)
def test_text_rejections(name: str, location: str, field: str | None, message: str) -> None:
    (result,) = read_path(DATA / "text" / name)
    assert isinstance(result, Rejection)
    assert (result.location, result.field) == (location, field)
    assert message in result.message


def test_text_front_matter_problems() -> None:
    head = "---\nid: LE-1\nagency: PD\nside: LE\nmarking: CUI\nreported_at: 2024-05-01T00:00Z\n"
    never_closed = only_rejection(head.encode(), "r.txt")
    assert "never closed" in never_closed.message
    twice = only_rejection(f"{head}side: INTEL\n---\nbody\n".encode(), "r.txt")
    assert (twice.location, twice.field) == ("line 7", "side")
    text_key = only_rejection(f"{head}text: inline\n---\nbody\n".encode(), "r.txt")
    assert text_key.field == "text"
    empty_body = only_rejection(f"{head}---\n\n  \n".encode(), "r.txt")
    assert (empty_body.location, empty_body.field) == ("line 8", "text")
    missing = only_rejection(b"---\nid: LE-1\n---\nbody\n", "r.txt")
    assert (missing.location, missing.field) == ("line 1", "agency")


# -- dispatch -----------------------------------------------------------------------------


def test_read_paths_expands_folders_globs_and_reports_missing(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "in")
    (tmp_path / "in" / ".hidden.json").write_text("not json")
    (tmp_path / "in" / "README.rst").write_text("not a report")
    results = list(read_paths([
        str(tmp_path / "in" / "text"),
        str(tmp_path / "in" / "*.csv"),
        str(tmp_path / "in" / "text" / "substation.txt"),  # already read: not twice
        str(tmp_path / "nowhere.jsonl"),
        str(tmp_path / "in" / "*.xml"),
        str(tmp_path / "in" / "README.rst"),
    ]))
    sources = [Path(r.source).name for r in results]
    assert sources.count("substation.txt") == 1
    assert {"bad_marking.md", "reports.csv", "missing_column.csv"} <= set(sources)
    assert ".hidden.json" not in sources
    problems = {Path(r.source).name: r.message for r in results if r.location == "file"}
    assert problems["nowhere.jsonl"] == "no such file or folder"
    assert problems["*.xml"] == "the pattern matches no readable files"
    assert problems["README.rst"].startswith("unsupported file type .rst")


def test_read_paths_reads_jsonl_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(jsonl(record(), record(side="FED"))))
    monkeypatch.setattr(sys, "stdin", stdin)
    records, rejections = split(list(read_paths(["-"])))
    assert [r.source for r in records] == ["-"]
    assert str(rejections[0]).startswith("-:2: field 'side'")


def test_json_with_bundle_type_goes_to_stix() -> None:
    bundle = {"type": "bundle", "id": "bundle--6ba7b810-9dad-41d1-80b4-00c04fd430c8",
              "objects": [{"type": "report"}]}
    rejection = only_rejection(json.dumps(bundle).encode(), "feed.json")
    assert rejection.message == "bundle entry has no string 'type' and 'id'"


@pytest.mark.parametrize("name", ["e.json", "e.jsonl", "e.ndjson", "e.csv", "e.txt", "e.md",
                                  "e.stix.json"])
def test_empty_files_yield_nothing(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    (tmp_path / f"blank-{name}").write_bytes(b"\n  \n")
    assert list(read_paths([str(tmp_path)])) == []


def test_unreadable_file_is_a_rejection(tmp_path: Path) -> None:
    folder = tmp_path / "reports.json"
    folder.mkdir()  # a folder with a file's name cannot be read as one
    (rejection,) = read_path(folder)
    assert (rejection.location, rejection.message.startswith("cannot read")) == ("file", True)


# -- rejections and the store -------------------------------------------------------------


def test_rejection_str_and_raw_limits() -> None:
    rejection = Rejection("r.csv", "line 12", "marking", "bad", "x" * (RAW_LIMIT_CHARS + 10))
    assert str(rejection) == "r.csv:12: field 'marking': bad"
    assert str(Rejection("r.json", "record 3", None, "bad", "")) == "r.json:record 3: bad"
    assert len(rejection.raw) <= RAW_LIMIT_CHARS
    assert rejection.raw.startswith("x" * (RAW_LIMIT_CHARS - 64))
    assert rejection.raw.endswith("x [... 74 more characters cut]")
    assert Rejection("s", "l", None, "m", rejection.raw).raw == rejection.raw  # idempotent
    assert Rejection("s", "line 1", None, "m", "a\udce9b").raw == "a\\xe9b"


def test_store_appends_lists_and_replays_a_fixed_record(malformed: Path, tmp_path: Path) -> None:
    store = RejectedStore(tmp_path / "rejected", job_id="job-1")
    rejections = split(list(read_path(malformed)))[1]
    assert store.extend(rejections) == 5
    assert store.jobs() == ["job-1"]
    assert list(store.rejections()) == rejections

    # The operator fixes the marking on line 2 and leaves the rest.
    path = store.path()
    lines = path.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[0])
    entry["raw"] = entry["raw"].replace("SECRET//BOGUS", "SECRET//NOFORN")
    lines[0] = json.dumps(entry)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    records, again = split(list(store.replay(path)))
    assert [(r.report.id, r.report.marking) for r in records] == [("INT-0002", "SECRET//NOFORN")]
    assert (records[0].source, records[0].location) == (str(malformed), "line 2")
    assert [r.location for r in again] == [r.location for r in rejections[1:]]


def test_store_replays_csv_rows_and_reports_damaged_lines(tmp_path: Path) -> None:
    store = RejectedStore(tmp_path, job_id="csv")
    rejections = split(list(read_path(DATA / "reports.csv")))[1]
    store.extend(rejections)
    path = store.path()
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    entries[2]["raw"] = entries[2]["raw"].replace("LE-0104,,", "LE-0104,Norfolk PD,")
    path.write_text(
        "\n".join(json.dumps(e) for e in entries) + "\n{not json\n[]\n", encoding="utf-8"
    )

    results = list(store.replay(path))
    records, again = split(results)
    assert [(r.report.id, r.location) for r in records] == [("LE-0104", "line 6")]
    damaged = [r for r in again if r.source == str(path)]
    assert [r.location for r in damaged] == ["line 5", "line 6"]
    assert len(again) == 3 + 2


def test_store_entry_without_raw_rereads_the_source(tmp_path: Path) -> None:
    missing = tmp_path / "late.jsonl"
    store = RejectedStore(tmp_path / "rejected")
    for rejection in read_paths([str(missing)]):
        assert isinstance(rejection, Rejection)
        store.add(rejection)
    missing.write_bytes(jsonl(record()))  # the file arrived
    (result,) = store.replay()
    assert isinstance(result, ReadRecord)


def test_store_jobs_get_time_ordered_ids_and_files_only_when_needed(tmp_path: Path) -> None:
    first, second = RejectedStore(tmp_path), RejectedStore(tmp_path)
    assert first.job_id != second.job_id
    assert first.job_id[:8].isdigit()  # starts with the date
    assert first.extend([]) == 0
    assert not first.path().exists()
    assert first.jobs() == []
    second.add(Rejection("r.jsonl", "line 1", None, "bad", "{}"))
    assert first.jobs() == [second.job_id]
    assert [str(r) for r in first.rejections(second.job_id)] == ["r.jsonl:1: bad"]


@pytest.mark.parametrize("job_id", ["", "../x", "a/b", ".hidden", "a..b", "x" * 200])
def test_store_refuses_unsafe_job_ids(tmp_path: Path, job_id: str) -> None:
    with pytest.raises(ValueError, match="invalid job id"):
        RejectedStore(tmp_path, job_id=job_id)
    with pytest.raises(ValueError, match="invalid job id"):
        RejectedStore(tmp_path).path(job_id)


# -- never raise --------------------------------------------------------------------------

NEVER_RAISE = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@NEVER_RAISE
@given(data=st.binary(max_size=2048))
@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader.__name__)
def test_arbitrary_bytes_never_raise(reader, data: bytes) -> None:
    for result in reader(data, source="fuzz", max_text_chars=1000):
        assert isinstance(result, ReadRecord | Rejection)
        str(result)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
FIELD_NAMES = st.sampled_from(
    ["id", "agency", "side", "marking", "area", "reported_at", "event_at", "title", "text",
     "x_extra", "colour"]
)
FIELD_VALUES = JSON_VALUES | st.sampled_from(
    ["LE", "intel", "SECRET//NOFORN", "(U//LES)", "CUI", "2024-05-01T00:00:00Z",
     "2024-05-01T00:00:00", "9999-12-31T23:59:59-12:00", "", " ", "\x00", "\ud800"]
)


@NEVER_RAISE
@given(st.lists(st.dictionaries(FIELD_NAMES, FIELD_VALUES, max_size=10), max_size=5))
def test_arbitrary_records_never_raise(records: list[dict[str, object]]) -> None:
    data = json.dumps(records).encode()
    for result in read(data, "fuzz.json") + read(jsonl(*records), "fuzz.jsonl"):
        assert isinstance(result, ReadRecord | Rejection)
        str(result)


@NEVER_RAISE
@given(st.lists(st.binary(max_size=80).filter(lambda line: b"\n" not in line), max_size=8))
def test_every_jsonl_line_is_accounted_for(lines: list[bytes]) -> None:
    data = b"\n".join(lines)
    assume(not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)))

    def blank(line: bytes) -> bool:
        try:
            return not line.decode("utf-8").strip()
        except UnicodeDecodeError:
            return False

    assert len(read(data)) == sum(1 for line in lines if not blank(line))


def test_a_csv_header_without_rows_is_reported_not_a_silent_empty_job() -> None:
    [bad] = list(read_bytes(b"id,agency,title\n", source="feed.csv"))
    assert isinstance(bad, Rejection)
    assert (bad.location, bad.field) == ("line 1", "side")
    assert "required column 'side' is missing" in bad.message
    assert list(read_bytes(b"id,agency,side,marking,reported_at,text\n", source="feed.csv")) == []
