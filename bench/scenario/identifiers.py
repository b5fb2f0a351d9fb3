"""Identifiers with real checksums, and the formats reports write them in.

Every value generated here passes the validator an extractor would use: phone
numbers are `phonenumbers.is_valid_number`, VINs carry a correct check digit,
Bitcoin addresses are base58check, Ethereum addresses are EIP-55 checksummed and
IBANs satisfy ISO 7064 mod 97-10. Allocators hand out each value once per scenario,
so two different entities never share an identifier by accident: every shared
identifier in a corpus was planted on purpose.

Phone numbers come from the fictional 555-0100..0199 block first; when an area
code's block is used up the allocator moves to ordinary exchanges (which are valid
but not reserved) so million-report corpora still get unique numbers.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from random import Random

import base58
import phonenumbers
from Crypto.Hash import keccak

# --------------------------------------------------------------------------- phones


@dataclass(frozen=True, slots=True)
class Phone:
    """A telephone number; `digits` is the national significant number."""

    country_code: int
    digits: str

    @property
    def normalised(self) -> str:
        """E.164 form, the resolution key."""
        return f"+{self.country_code}{self.digits}"

    def surface(self, rng: Random) -> str:
        """The number as some report writer might type it."""
        d = self.digits
        if self.country_code == 1:
            ac, ex, line = d[:3], d[3:6], d[6:]
            roll = rng.random()
            if roll < 0.3:
                return f"({ac}) {ex}-{line}"
            if roll < 0.55:
                return f"{ac}-{ex}-{line}"
            if roll < 0.7:
                return f"{ac}.{ex}.{line}"
            if roll < 0.85:
                return f"+1 {ac} {ex} {line}"
            if roll < 0.95:
                return f"+1-{ac}-{ex}-{line}"
            return f"{ac}{ex}{line}"
        # UK drama numbers: two- or three-digit area code after the country code.
        cut = 2 if d.startswith("2") else 3
        area, rest = d[:cut], d[cut:]
        spaced = f"{rest[:4]} {rest[4:]}" if cut == 2 else f"{rest[:3]} {rest[3:]}"
        return rng.choice((f"+44 {area} {spaced}", f"+44{d}", f"+44 {area} {rest}"))


# Exchanges never handed out: N11 service codes and 555 (its 01XX block is used first).
_EXCHANGES = tuple(
    str(x) for x in range(200, 1000) if x % 100 != 11 and x not in (555, 950, 958, 959, 976)
)
# Ofcom's drama ranges (reserved for fiction): area prefix + 1,000 consecutive lines.
_UK_DRAMA = (
    "2079460", "1134960", "1144960", "1164960", "1174960", "1184960",
    "1214960", "1314960", "1414960", "1514960", "1614960", "1914980", "2920180", "2896496",
)


class PhoneBook:
    """Hands out unique, valid phone numbers."""

    def __init__(self) -> None:
        self._next_us: dict[str, int] = {}
        self._next_uk = 0
        self._valid: dict[str, bool] = {}

    def us(self, area_code: str) -> Phone:
        """A fresh number in a NANP area code."""
        while True:
            k = self._next_us.get(area_code, 0)
            self._next_us[area_code] = k + 1
            if k < 100:
                exchange, line = "555", f"{100 + (k * 37) % 100:04d}"
            else:
                j = k - 100
                if j // 10_000 >= len(_EXCHANGES):
                    raise RuntimeError(f"area code {area_code} has no numbers left")
                # Multipliers coprime with the moduli scatter numbers without repeats.
                exchange = _EXCHANGES[(j // 10_000 * 7) % len(_EXCHANGES)]
                line = f"{(j * 7919 + 4111) % 10_000:04d}"
            digits = area_code + exchange + line
            # Validity depends on the area code and exchange only (one check per block).
            block = digits[:6] if exchange != "555" else digits[:8]
            if self._block_valid(1, block, digits):
                return Phone(1, digits)

    def foreign(self) -> Phone:
        """A fresh UK number from the ranges reserved for fiction."""
        k = self._next_uk
        if k >= len(_UK_DRAMA) * 1000:
            raise RuntimeError("no fictional UK numbers left")
        self._next_uk = k + 1
        prefix = _UK_DRAMA[k % len(_UK_DRAMA)]
        digits = f"{prefix}{(k // len(_UK_DRAMA) * 389) % 1000:03d}"
        if not self._block_valid(44, prefix, digits):
            raise RuntimeError(f"UK drama range {prefix} is not valid in phonenumbers")
        return Phone(44, digits)

    @property
    def foreign_left(self) -> int:
        """How many fictional UK numbers are still free."""
        return len(_UK_DRAMA) * 1000 - self._next_uk

    def _block_valid(self, country_code: int, block: str, digits: str) -> bool:
        key = f"{country_code}:{block}"
        known = self._valid.get(key)
        if known is None:
            parsed = phonenumbers.parse(f"+{country_code}{digits}")
            known = phonenumbers.is_valid_number(parsed)
            self._valid[key] = known
        return known


# --------------------------------------------------------------------------- e-mail

_DOMAINS = (
    "example.com", "example.org", "example.net", "mail.example.com", "inbox.example.org",
    "secure.example.net",
)
_HANDLE_WORDS = (
    "falcon", "desert", "shadow", "river", "north", "eagle", "storm", "silent", "iron",
    "blue", "lion", "cedar", "winter", "night", "stone", "star",
)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in folded.lower() if c.isalnum())


@dataclass(frozen=True, slots=True)
class Email:
    """An e-mail address; `address` is already lower-case."""

    address: str

    @property
    def normalised(self) -> str:
        """Lower-case address, the resolution key."""
        return self.address

    def surface(self, rng: Random) -> str:
        """Mostly as registered; sometimes with a capitalised local part or domain."""
        roll = rng.random()
        if roll < 0.7:
            return self.address
        local, _, domain = self.address.partition("@")
        if roll < 0.9:
            return f"{local.capitalize()}@{domain}"
        return f"{local}@{domain.upper()}"


def make_email(first: str, last: str, serial: int, rng: Random) -> Email:
    """A unique address; `serial` (unique per scenario) keeps local parts distinct."""
    f, la = _ascii(first) or "user", _ascii(last) or "mail"
    match rng.randrange(4):
        case 0:
            local = f"{f}.{la}{serial}"
        case 1:
            local = f"{f[0]}{la}{serial}"
        case 2:
            local = f"{f}_{la}{serial}"
        case _:
            local = f"{rng.choice(_HANDLE_WORDS)}{rng.choice(_HANDLE_WORDS)}{serial}"
    return Email(f"{local}@{rng.choice(_DOMAINS)}")


# --------------------------------------------------------------------------- vehicles

# (make, model, WMI): WMIs match the manufacturer so VINs decode plausibly.
_MODELS = (
    ("Ford", "F-150", "1FT"), ("Ford", "Explorer", "1FM"), ("Ford", "Transit", "1FT"),
    ("Ford", "Fusion", "3FA"), ("Chevrolet", "Silverado", "1GC"), ("Chevrolet", "Malibu", "1G1"),
    ("Chevrolet", "Tahoe", "1GN"), ("GMC", "Sierra", "1GT"), ("Ram", "1500", "1C6"),
    ("Dodge", "Charger", "2C3"), ("Jeep", "Grand Cherokee", "1C4"), ("Toyota", "Camry", "4T1"),
    ("Toyota", "Tacoma", "3TM"), ("Toyota", "RAV4", "2T3"), ("Toyota", "Corolla", "5YF"),
    ("Honda", "Accord", "1HG"), ("Honda", "Civic", "2HG"), ("Honda", "CR-V", "5J6"),
    ("Honda", "Odyssey", "5FN"), ("Nissan", "Altima", "1N4"), ("Nissan", "Rogue", "5N1"),
    ("Hyundai", "Elantra", "5NP"), ("Kia", "Sorento", "5XY"), ("Tesla", "Model 3", "5YJ"),
    ("Subaru", "Outback", "4S4"), ("Volkswagen", "Jetta", "3VW"),
)
_COLORS = ("white", "black", "silver", "gray", "red", "blue", "dark green", "tan", "maroon")
_YEAR_CODES = {
    2012: "C", 2013: "D", 2014: "E", 2015: "F", 2016: "G", 2017: "H", 2018: "J", 2019: "K",
    2020: "L", 2021: "M", 2022: "N", 2023: "P", 2024: "R", 2025: "S",
}
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # I, O and Q are never used
_VIN_VALUES = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9,
                                                   2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_VIN_VALUES.update({str(d): d for d in range(10)})
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_PLANTS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_PLATE_SPACE = 26**3 * 10**4


def vin_check_digit(vin: str) -> str:
    """The ISO 3779 / 49 CFR 565 check digit for a 17-character VIN (position 9)."""
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    rem = total % 11
    return "X" if rem == 10 else str(rem)


@dataclass(frozen=True, slots=True)
class Vehicle:
    """A registered vehicle: plate (with its state) and VIN."""

    state: str
    state_name: str
    plate: str
    vin: str
    year: int
    make: str
    model: str
    color: str

    @property
    def normalised(self) -> str:
        """`STATE:PLATE`, the resolution key."""
        return f"{self.state}:{self.plate}"

    @property
    def model_phrase(self) -> str:
        """"white 2019 Ford F-150"."""
        return f"{self.color} {self.year} {self.make} {self.model}"

    def surface(self, rng: Random) -> str:
        """The plate with its state, as a report would write it."""
        p = self.plate
        # CA-style plates (digit first) are not hyphenated by writers.
        plate = p if p[0].isdigit() else rng.choice((p, p, f"{p[:3]}-{p[3:]}", f"{p[:3]} {p[3:]}"))
        match rng.randrange(5):
            case 0:
                return f"{self.state_name} plate {plate}"
            case 1:
                return f"{self.state} plate {plate}"
            case 2:
                return f"{self.state_name} license plate {plate}"
            case 3:
                return f"{self.state} tag {plate}"
            case _:
                return f"{self.state_name} registration {plate}"


def make_vehicle(state: str, state_name: str, serial: int, rng: Random) -> Vehicle:
    """A vehicle whose plate and VIN are unique for each `serial`."""
    make, model, wmi = rng.choice(_MODELS)
    year = rng.randrange(2012, 2026)
    # An affine map with a multiplier coprime to the plate space is a bijection.
    code = (serial * 48271 + 1013) % _PLATE_SPACE
    letters = "".join("ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(code // 10**4 // 26**i) % 26] for i in range(3))
    digits = f"{code % 10**4:04d}"
    plate = f"{digits[0]}{letters}{digits[1:]}" if state == "CA" else f"{letters}{digits}"
    vds = "".join(rng.choice(_VIN_CHARS) for _ in range(5))
    plant = _PLANTS[(serial // 1_000_000) % len(_PLANTS)]
    body = f"{wmi}{vds}0{_YEAR_CODES[year]}{plant}{serial % 1_000_000:06d}"
    vin = body[:8] + vin_check_digit(body) + body[9:]
    return Vehicle(state, state_name, plate, vin, year, make, model, rng.choice(_COLORS))


# --------------------------------------------------------------------------- accounts


@dataclass(frozen=True, slots=True)
class Account:
    """A financial account: a crypto wallet ("btc", "eth") or a bank account ("iban")."""

    scheme: str
    value: str

    @property
    def normalised(self) -> str:
        """Wallets as written; IBANs compact."""
        return self.value

    def surface(self, rng: Random) -> str:
        """Wallets verbatim; IBANs compact or in the printed groups of four."""
        if self.scheme == "iban" and rng.random() < 0.5:
            v = self.value
            return " ".join(v[i : i + 4] for i in range(0, len(v), 4))
        return self.value


def btc_address(rng: Random) -> Account:
    """A base58check P2PKH or P2SH address over a random 160-bit hash."""
    version = b"\x00" if rng.random() < 0.7 else b"\x05"
    payload = rng.getrandbits(160).to_bytes(20, "big")
    return Account("btc", base58.b58encode_check(version + payload).decode("ascii"))


def eth_address(rng: Random) -> Account:
    """An EIP-55 mixed-case checksummed address over 20 random bytes."""
    hex_addr = rng.getrandbits(160).to_bytes(20, "big").hex()
    digest = keccak.new(digest_bits=256, data=hex_addr.encode("ascii")).hexdigest()
    checksummed = "".join(
        c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c for i, c in enumerate(hex_addr)
    )
    return Account("eth", f"0x{checksummed}")


def _iban_check(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    number = "".join(str(int(c, 36)) for c in rearranged)
    return f"{98 - int(number) % 97:02d}"


_GB_BANKS = ("NWBK", "BARC", "LOYD", "HBUK", "MIDL", "CITI")


def iban(serial: int, rng: Random) -> Account:
    """A GB, DE or AE IBAN with valid check digits; the account number carries `serial`."""
    match rng.randrange(3):
        case 0:
            country = "GB"
            bban = f"{rng.choice(_GB_BANKS)}{rng.randrange(10**6):06d}{serial % 10**8:08d}"
        case 1:
            country = "DE"
            bban = f"{rng.randrange(10**7, 10**8)}{serial % 10**10:010d}"
        case _:
            country = "AE"
            bban = f"{rng.randrange(1, 1000):03d}{serial % 10**16:016d}"
    return Account("iban", f"{country}{_iban_check(country, bban)}{bban}")

