"""The report record file format, shared by the JSON, JSONL, CSV and text readers.

A record is a flat object (a JSON object, a CSV row, a text file's front matter plus
body) with these fields:

==============  ========  ================================================================
field           required  value
==============  ========  ================================================================
``id``          yes       non-empty string, at most 200 characters, no control or format
                          characters; surrounding whitespace is stripped
``agency``      yes       non-empty string (stripped)
``side``        yes       ``LE``, ``INTEL`` or ``OPEN``, any case
``marking``     yes       a classification banner (``SECRET//NOFORN``, ``(U//LES)``,
                          ``CUI``...), parsed by ``graph_service.visibility.parse_marking``;
                          kept as received (stripped). Empty or unparseable is rejected:
                          a record without a readable label is never stored.
``area``        no        area code, at most 64 characters, no whitespace; empty = none
``reported_at`` yes       ISO 8601 date-time **with** a UTC offset (``Z`` or ``+HH:MM``)
``event_at``    no        same format; empty = none
``title``       no        string, may be empty (default empty)
``text``        yes       non-empty after stripping whitespace, at most ``max_text_chars``
                          characters (default 200,000); kept exactly as given, never cut
==============  ========  ================================================================

Unknown fields: a name starting with ``x_`` is a partner's own field and is ignored; any
other unknown name is rejected, because a misspelt ``markng`` must not pass silently.

Time zones are required, not assumed: partners report from every US time zone, and
reading a naive local time as UTC would shift an event by up to ten hours and misorder
area timelines without anyone noticing. The error says how to fix it. Offsets are kept
as instants and normalised to UTC, so the same instant always hashes the same.

Every string must be valid Unicode: an undecodable byte (or a JSON ``\\udXXX`` escape
that is not a pair) rejects the record, naming the field and character.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from graph_service.domain import Report, Side
from graph_service.visibility import parse_marking
from ingest.errors import IngestError

from .decoding import clean_text, unicode_problem
from .records import ReadRecord
from .rejections import Rejection

log = logging.getLogger(__name__)

DEFAULT_MAX_TEXT_CHARS = 200_000
MAX_ID_CHARS = 200
MAX_AREA_CHARS = 64
REQUIRED_FIELDS = ("id", "agency", "side", "marking", "reported_at", "text")
CUSTOM_FIELD_PREFIX = "x_"

# Cc = control characters, Cf = format characters (zero-width and bidi overrides, which
# make two different ids print the same).
_FORBIDDEN_ID_CATEGORIES = frozenset({"Cc", "Cf"})
_WHITESPACE = re.compile(r"\s")


class RecordError(IngestError, ValueError):
    """A record failed validation; `field` is the first bad field, if one can be named."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def json_type(value: object) -> str:
    """The JSON name of a value's type, for messages about JSON-shaped input."""
    match value:
        case None:
            return "null"
        case bool():
            return "boolean"
        case int() | float():
            return "number"
        case str():
            return "string"
        case list() | tuple():
            return "array"
        case Mapping():
            return "object"
    return type(value).__name__


def _valid_unicode(value: str) -> str:
    problem = unicode_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _non_empty(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise ValueError("must not be empty")
    return stripped


def _identifier(value: str) -> str:
    if len(value) > MAX_ID_CHARS:
        raise ValueError(f"is {len(value):,} characters; ids are at most {MAX_ID_CHARS}")
    for position, char in enumerate(value):
        if unicodedata.category(char) in _FORBIDDEN_ID_CATEGORIES:
            code = f"U+{ord(char):04X}"
            raise ValueError(f"contains control or format character {code} at {position}")
    return value


def _marking(value: str) -> str:
    parse_marking(value)  # raises MarkingError (a ValueError) quoting the marking
    return value


def _side(value: object) -> Side:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {json_type(value)}")
    try:
        return Side(value.strip().upper())
    except ValueError:
        choices = ", ".join(side.value for side in Side)
        raise ValueError(f"unknown side {value!r}; expected one of {choices}") from None


def _empty_is_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _area(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) > MAX_AREA_CHARS or _WHITESPACE.search(value):
        raise ValueError(
            f"area code {value[:MAX_AREA_CHARS]!r} must be at most {MAX_AREA_CHARS} "
            "characters with no whitespace"
        )
    return value


def _timestamp(value: object) -> datetime:
    given = value
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"{given!r} is not an ISO 8601 date-time (e.g. 2024-05-01T14:30:00Z)"
            ) from None
    if not isinstance(value, datetime):
        raise ValueError(f"expected an ISO 8601 string, got {json_type(value)}")
    if value.utcoffset() is None:
        shown = given if isinstance(given, str) else value.isoformat()
        raise ValueError(
            f"{shown!r} has no time zone; add 'Z' for UTC or an offset such as '-05:00' "
            "(local times are never guessed)"
        )
    try:
        # A plain datetime: STIX hands in a subclass that would leak into the domain.
        return datetime(
            value.year, value.month, value.day, value.hour, value.minute, value.second,
            value.microsecond, tzinfo=value.tzinfo,
        ).astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{given!r} is out of range once converted to UTC") from None


def _optional_timestamp(value: object) -> datetime | None:
    value = _empty_is_none(value)
    return None if value is None else _timestamp(value)


def _null_is_empty(value: object) -> object:
    return "" if value is None else value


UnicodeStr = Annotated[str, AfterValidator(_valid_unicode)]
# Free text from a feed: control characters become spaces (decoding.clean_text).
CleanStr = Annotated[str, AfterValidator(_valid_unicode), AfterValidator(clean_text)]


class ReportRecord(BaseModel):
    """One report as it appears in a file (see the module docstring for the rules)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Annotated[UnicodeStr, AfterValidator(_non_empty), AfterValidator(_identifier)]
    agency: Annotated[CleanStr, AfterValidator(_non_empty)]
    side: Annotated[Side, BeforeValidator(_side)]
    marking: Annotated[UnicodeStr, AfterValidator(_non_empty), AfterValidator(_marking)]
    area: Annotated[
        UnicodeStr | None, BeforeValidator(_empty_is_none), AfterValidator(_area)
    ] = None
    reported_at: Annotated[datetime, BeforeValidator(_timestamp)]
    event_at: Annotated[datetime | None, BeforeValidator(_optional_timestamp)] = None
    title: Annotated[CleanStr, BeforeValidator(_null_is_empty)] = ""
    text: CleanStr

    @model_validator(mode="before")
    @classmethod
    def _drop_custom_fields(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            return {
                key: value
                for key, value in data.items()
                if not (isinstance(key, str) and key.startswith(CUSTOM_FIELD_PREFIX))
            }
        return data

    @field_validator("text")
    @classmethod
    def _text_size(cls, value: str, info: ValidationInfo) -> str:
        if not value.strip():
            raise ValueError("text is empty")
        context = info.context if isinstance(info.context, Mapping) else {}
        limit = int(context.get("max_text_chars", DEFAULT_MAX_TEXT_CHARS))
        if len(value) > limit:
            raise ValueError(
                f"text is {len(value):,} characters, over the limit of {limit:,} "
                "(max_text_chars); split the report or raise the limit"
            )
        return value

    def to_report(self) -> Report:
        """The domain record."""
        return Report(
            id=self.id, agency=self.agency, side=self.side, marking=self.marking,
            area=self.area, reported_at=self.reported_at, event_at=self.event_at,
            title=self.title, text=self.text,
        )


def parse_report(data: object, *, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS) -> Report:
    """Validate one record's fields into a Report, or raise RecordError naming the field."""
    if not isinstance(data, Mapping):
        raise RecordError(None, f"expected an object, got {json_type(data)}")
    try:
        record = ReportRecord.model_validate(data, context={"max_text_chars": max_text_chars})
    except ValidationError as exc:
        raise _record_error(exc.errors()) from None
    except Exception as exc:
        # A bug in a validator (ours or a dependency's) must cost one record, not the job.
        log.exception("report validator failed")
        raise RecordError(None, f"internal error while validating: {exc!r}") from exc
    return record.to_report()


def check_record(
    data: object, *, source: str, location: str, raw: str,
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
) -> ReadRecord | Rejection:
    """Validate one record: a ReadRecord, or a Rejection that names source, place and field."""
    try:
        report = parse_report(data, max_text_chars=max_text_chars)
    except RecordError as exc:
        return Rejection(source, location, exc.field, exc.message, raw)
    return ReadRecord(report, source=source, location=location)


def _record_error(errors: list[ErrorDetails]) -> RecordError:
    described = [(_field_of(error), _message(error)) for error in errors]
    field, message = described[0]
    others = "; ".join(
        f"field {other!r}: {text}" if other else text for other, text in described[1:]
    )
    return RecordError(field, f"{message}; also {others}" if others else message)


def _field_of(error: ErrorDetails) -> str | None:
    return str(error["loc"][0]) if error["loc"] else None


def _message(error: ErrorDetails) -> str:
    match error["type"]:
        case "missing":
            return "required field is missing"
        case "extra_forbidden":
            return f"unknown field (custom fields must start with {CUSTOM_FIELD_PREFIX!r})"
        case "string_type":
            return f"expected a string, got {json_type(error['input'])}"
        case "value_error":
            return str(error.get("ctx", {}).get("error", error["msg"]))
    return error["msg"]
