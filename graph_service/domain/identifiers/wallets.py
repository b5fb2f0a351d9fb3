"""Crypto-currency addresses of the chains sanctions lists name, each with its currency.

Each format carries its own checksum; an address that fails it is kept as invalid.
The form of an address also tells its currency (`currency`), so the value stays the
address itself and the currency is read from it:

- base58check (a version, a 20-byte hash, then the first 4 bytes of the double SHA-256
  of both); the version tells the currency and the first characters:

  =========  ==================  ===================================================
  currency   version             address
  =========  ==================  ===================================================
  BTC        0x00, 0x05          1..., 3... (P2PKH, P2SH)
  LTC        0x30, 0x32          L..., M...; Litecoin's older P2SH addresses share
                                 Bitcoin's 0x05 (3...) and read as BTC
  DOGE       0x1e, 0x16          D..., 9... or A...
  DASH       0x4c, 0x10          X..., 7...
  ZEC        0x1cb8, 0x1cbd      t1..., t3... (Zcash transparent addresses)
  TRX        0x41                T..., 34 characters
  =========  ==================  ===================================================

- SegWit: `bc1` and `tb1` (BTC, testnet included), `ltc1` (LTC); bech32 for witness
  version 0 (BIP-173), bech32m for versions 1 to 16 (BIP-350). Values are lower case,
  the case the BIPs call canonical.
- Bitcoin Cash (BCH): CashAddr, `bitcoincash:` then `q...` (P2PKH) or `p...` (P2SH), in
  the bech32 alphabet with a 40-bit BCH-code checksum over the prefix and the payload
  (the CashAddr spec). Only with its prefix: without it the address has no shape of its
  own. Values are lower case, with the prefix.
- Monero (XMR): Monero's base58 (blocks of 8 bytes as 11 characters, the last shorter)
  of a network byte, the public spend and view keys (an integrated address adds an
  8-byte payment id) and the first 4 bytes of the Keccak-256 of all that. Standard
  addresses start with 4 (95 characters), integrated ones too (106), subaddresses with 8
  (95). Mainnet only.
- Ethereum (ETH): `0x` and 40 hex digits; mixed case is an EIP-55 checksum over the
  Keccak-256 of the lower-case hex. Values are lower case: EIP-55 is only a spelling.
  ERC-20 tokens and the other EVM chains use the very same address, so it is one value
  whatever token or chain a report names; its currency is ETH.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import base58
from Crypto.Hash import keccak

from graph_service.domain import EntityKind
from graph_service.domain.identifiers.hit import IdentifierHit
from graph_service.domain.identifiers.types import IdentifierType

# The first characters the version bytes of `_BASE58_VERSIONS` give (t1/t3: Zcash, whose
# version is two bytes long).
_BASE58 = re.compile(
    r"(?<![A-Za-z0-9])(?:[1379ADLMTX][1-9A-HJ-NP-Za-km-z]{25,34}|t[13][1-9A-HJ-NP-Za-km-z]{33})"
    r"(?![A-Za-z0-9])"
)
_BECH32 = re.compile(
    r"(?<![A-Za-z0-9])(?:bc|tb|ltc|BC|TB|LTC)1[02-9ac-hj-np-zAC-HJ-NP-Z]{8,87}(?![A-Za-z0-9])"
)
# CashAddr only with its prefix: without it the payload is no shape of its own.
_CASHADDR = re.compile(
    r"(?<![A-Za-z0-9])(?:bitcoincash|BITCOINCASH):[qpQP][02-9ac-hj-np-zAC-HJ-NP-Z]{41,111}(?![A-Za-z0-9])"
)
# 95 characters, or 106 for an integrated address (`_MONERO_LENGTHS`).
_MONERO = re.compile(
    r"(?<![A-Za-z0-9])[48][1-9A-HJ-NP-Za-km-z]{94}(?:[1-9A-HJ-NP-Za-km-z]{11})?(?![A-Za-z0-9])"
)
_ETHEREUM = re.compile(r"(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![A-Za-z0-9])")

# Version prefix -> currency, pay-to-public-key-hash then pay-to-script-hash. Litecoin's
# first P2SH addresses used Bitcoin's 0x05: such an address reads as Bitcoin's, the form
# cannot tell them apart.
_BASE58_VERSIONS = {
    b"\x00": "BTC", b"\x05": "BTC",
    b"\x30": "LTC", b"\x32": "LTC",
    b"\x1e": "DOGE", b"\x16": "DOGE",
    b"\x4c": "DASH", b"\x10": "DASH",
    b"\x1c\xb8": "ZEC", b"\x1c\xbd": "ZEC",
    b"\x41": "TRX",  # Tron has no P2SH
}
_BECH32_HRPS = {"bc": "BTC", "tb": "BTC", "ltc": "LTC"}  # tb: Bitcoin's testnet
_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
# Monero's base58 encodes blocks of 8 bytes: the characters a block of 0 to 8 bytes takes.
_MONERO_BLOCK_CHARS = (0, 2, 3, 5, 6, 7, 9, 10, 11)
# Network byte -> decoded length: the byte, two 32-byte public keys (spend, view), an
# 8-byte payment id for an integrated address, and 4 checksum bytes.
_MONERO_LENGTHS = {0x12: 69, 0x13: 77, 0x2A: 69}  # standard, integrated, subaddress
_BECH32_CONST = 1
_BECH32M_CONST = 0x2BC830A3
_BECH32_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_CASHADDR_GENERATOR = (0x98F2BC8E61, 0x79B76D99E2, 0xF33E5FB3C4, 0xAE2EABE2A8, 0x1E4F43E470)
# Hash length in bytes by the three size bits of a CashAddr version byte.
_CASHADDR_HASH_SIZES = (20, 24, 28, 32, 40, 48, 56, 64)


@dataclass(frozen=True, slots=True)
class _Address:
    """What the form of one address tells: its value, its currency, whether its checksum holds."""

    value: str
    currency: str
    valid: bool


def _read_base58(address: str) -> _Address | None:
    """A base58check candidate read, or None when it is no address of a known version.

    The payload is the version, a 20-byte hash and 4 checksum bytes, so its length tells
    how long the version is.
    """
    try:
        payload = base58.b58decode(address)
    except ValueError:
        return None
    found = _BASE58_VERSIONS.get(payload[: len(payload) - 24]) if len(payload) in (25, 26) else None
    if found is None:
        return None
    digest = hashlib.sha256(hashlib.sha256(payload[:-4]).digest()).digest()
    return _Address(address, found, digest[:4] == payload[-4:])


def _polymod(values: Sequence[int], generators: Sequence[int], width: int) -> int:
    """The BCH-code remainder of 5-bit `values` that bech32 (30 bits wide) and CashAddr
    (40 bits) checksums are; a string whose remainder is 1 has a good bech32 or CashAddr
    checksum."""
    checksum = 1
    low = (1 << (width - 5)) - 1
    for value in values:
        top = checksum >> (width - 5)
        checksum = (checksum & low) << 5 ^ value
        for i, generator in enumerate(generators):
            if (top >> i) & 1:
                checksum ^= generator
    return checksum


def _regroup(data: Sequence[int]) -> bytes | None:
    """The 5-bit groups regrouped as bytes (as bech32 and CashAddr pack them), or None when
    the padding is wrong."""
    accumulator = bits = 0
    program = bytearray()
    for value in data:
        accumulator = (accumulator << 5) | value
        bits += 5
        if bits >= 8:
            bits -= 8
            program.append((accumulator >> bits) & 0xFF)
    if bits >= 5 or (accumulator << (8 - bits)) & 0xFF:
        return None
    return bytes(program)


def _read_bech32(address: str) -> _Address | None:
    """A bech32 candidate read, or None when it is no SegWit address."""
    lower = address.lower()
    hrp, _, encoded = lower.rpartition("1")
    if hrp not in _BECH32_HRPS or len(lower) > 90 or len(encoded) < 7:
        return None
    data = [_CHARSET.index(c) for c in encoded]
    version, program = data[0], _regroup(data[1:-6])
    if version > 16 or program is None or not 2 <= len(program) <= 40:
        return None
    if version == 0 and len(program) not in (20, 32):
        return None
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    expected = _BECH32_CONST if version == 0 else _BECH32M_CONST
    # BIP-173: a string mixing upper and lower case is invalid whatever its checksum.
    single_case = address in (lower, address.upper())
    valid = _polymod(expanded + data, _BECH32_GENERATOR, 30) == expected and single_case
    return _Address(lower, _BECH32_HRPS[hrp], valid)


def _read_cashaddr(address: str) -> _Address | None:
    """A CashAddr candidate read, or None when it is no Bitcoin Cash address.

    The payload is a version byte (type 0 P2PKH `q...`, 1 P2SH `p...`; three size bits)
    and the hash, then 8 characters of checksum over the prefix and the payload.
    """
    lower = address.lower()
    prefix, _, encoded = lower.partition(":")
    data = [_CHARSET.index(c) for c in encoded]
    payload = _regroup(data[:-8])
    if payload is None or len(payload) != 1 + _CASHADDR_HASH_SIZES[payload[0] & 0x07]:
        return None
    expanded = [ord(c) & 31 for c in prefix] + [0]
    # As for bech32, a string mixing upper and lower case is invalid whatever its checksum.
    single_case = address in (lower, address.upper())
    valid = _polymod(expanded + data, _CASHADDR_GENERATOR, 40) == 1 and single_case
    return _Address(lower, "BCH", valid)


def _monero_bytes(address: str) -> bytes | None:
    """The bytes of a Monero base58 string of whole blocks and a last block of 7 characters
    (as `_MONERO` matches), or None when a block holds more than its bytes can."""
    decoded = bytearray()
    for start in range(0, len(address), 11):
        block = address[start : start + 11]
        size = _MONERO_BLOCK_CHARS.index(len(block))
        number = 0
        for char in block:
            number = number * 58 + _BASE58_ALPHABET.index(char)
        if number >> (8 * size):
            return None
        decoded += number.to_bytes(size, "big")
    return bytes(decoded)


def _read_monero(address: str) -> _Address | None:
    """A Monero candidate read, or None when it is no mainnet Monero address."""
    payload = _monero_bytes(address)
    if payload is None or _MONERO_LENGTHS.get(payload[0]) != len(payload):
        return None
    digest = keccak.new(digest_bits=256, data=payload[:-4]).digest()
    return _Address(address, "XMR", digest[:4] == payload[-4:])


def _eip55(hex_digits: str) -> str:
    """The EIP-55 spelling of 40 hex digits."""
    lower = hex_digits.lower()
    digest = keccak.new(digest_bits=256, data=lower.encode("ascii")).hexdigest()
    # A letter is upper case where the matching nibble of the hash is 8 or more.
    return "".join(c.upper() if int(h, 16) >= 8 else c for c, h in zip(lower, digest[:40], strict=True))


def _read_ethereum(address: str) -> _Address:
    hex_digits = address[2:]
    # Single case: no checksum to verify. ERC-20 tokens and the other EVM chains use the
    # same address, so it is one value whatever the token; its currency is ETH.
    valid = hex_digits in (hex_digits.lower(), hex_digits.upper()) or hex_digits == _eip55(hex_digits)
    return _Address(address.lower(), "ETH", valid)


# Each form with the reader that decides whether a candidate of that shape is an address.
_FORMS: tuple[tuple[re.Pattern[str], Callable[[str], _Address | None]], ...] = (
    (_BASE58, _read_base58),
    (_BECH32, _read_bech32),
    (_CASHADDR, _read_cashaddr),
    (_MONERO, _read_monero),
    (_ETHEREUM, _read_ethereum),
)


def _read(address: str) -> _Address | None:
    """`address` (the whole string) read in the first form it fits, or None."""
    for pattern, read in _FORMS:
        if pattern.fullmatch(address) and (found := read(address)) is not None:
            return found
    return None


def find(text: str) -> Iterator[IdentifierHit]:
    """Wallet addresses in `text`."""
    for pattern, read in _FORMS:
        for match in pattern.finditer(text):
            if (found := read(match.group())) is not None:
                yield IdentifierHit(
                    EntityKind.ACCOUNT, match.start(), match.end(), match.group(), found.value, found.valid
                )


def normalise(raw: str) -> str | None:
    """The value of one wallet address, or None when `raw` is not one.

    Checksums do not matter here: an address that fails its checksum normalises like
    any other, so that a search finds the mentions kept as invalid.
    """
    found = _read(raw.strip())
    return None if found is None else found.value


def currency(value: str) -> str | None:
    """The currency of a wallet address (a value `normalise` gives), None for any other value.

    BTC, LTC, DOGE, DASH, ZEC or TRX (base58check, by version; bech32 by prefix), BCH
    (CashAddr), XMR or ETH (ERC-20 tokens and the other EVM chains too). The form alone
    tells it, whether or not the checksum holds.
    """
    found = _read(value)
    return None if found is None else found.currency


# A wallet and an IBAN are both an Account and rank alike (`banks.IBAN`).
WALLET = IdentifierType(
    "wallet", EntityKind.ACCOUNT, find, normalise, rank=2, held=True,
    example="0x52908400098527886E0F7030069857D2E4169EE7",
)
