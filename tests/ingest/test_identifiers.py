"""Identifier finders and normalisers: what each kind of identifier looks like in a report
and the value it normalises to."""

import hashlib

import base58
import phonenumbers
import pytest
from Crypto.Hash import keccak
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum import iban

from graph_service.domain import IDENTIFIER_KINDS, EntityKind
from graph_service.domain.identifiers import (
    HELD_KINDS,
    TYPES,
    IdentifierHit,
    IdentifierType,
    find_identifiers,
    normalise,
)
from graph_service.domain.identifiers.vehicles import vin_check_digit
from graph_service.domain.identifiers.wallets import _eip55, currency

K = EntityKind


def hits(text: str, kind: EntityKind | None = None) -> list[IdentifierHit]:
    return [h for h in find_identifiers(text) if kind is None or h.kind is kind]


def one(text: str) -> IdentifierHit:
    found = find_identifiers(text)
    assert len(found) == 1, found
    return found[0]


def value(text: str) -> str:
    return one(text).value


def test_hits_point_at_their_surface():
    text = "Ali (ali@example.com) called (202) 555-0143 from 8.8.8.8 about TX plate ABC1234."
    for hit in find_identifiers(text):
        assert text[hit.start : hit.end] == hit.surface
    assert [h.kind for h in find_identifiers(text)] == [K.EMAIL, K.PHONE, K.IP_ADDRESS, K.VEHICLE]


# Phones ---------------------------------------------------------------------------------


def test_us_phone_formats_normalise_to_e164():
    assert value("call (202) 555-0143 now") == "+12025550143"
    assert value("call 202.555.0143 now") == "+12025550143"
    assert value("call 202-555-0143 now") == "+12025550143"
    assert value("call 202 555 0143 now") == "+12025550143"
    assert value("call +1-202-555-0143 now") == "+12025550143"
    assert value("call +1 (202) 555-0143 now") == "+12025550143"
    assert value("call 1-202-555-0143 now") == "+12025550143"
    assert value("call 2025550143 now") == "+12025550143"


def test_international_phone_formats():
    assert value("London office +44 20 7946 0958.") == "+442079460958"
    assert value("London office 0044 20 7946 0958.") == "+442079460958"
    assert value("London office 011 44 20 7946 0958.") == "+442079460958"
    assert value("London office +44 (0)20 7946 0958.") == "+442079460958"
    assert value("Paris +33 1 42 68 53 00.") == "+33142685300"
    assert value("Mexico City +52 55 1234 5678.") == "+525512345678"


def test_double_zero_prefix_is_part_of_the_surface():
    hit = one("London office 0044 20 7946 0958.")
    assert hit.surface == "0044 20 7946 0958"


def test_phone_extension_is_in_the_surface_not_the_value():
    hit = one("Reach him at +1 (415) 555-2671 ext. 12 today.")
    assert hit.value == "+14155552671"
    assert hit.surface.endswith("ext. 12")


def test_phone_outside_the_numbering_plan_is_kept_invalid_when_formatted_as_one():
    hit = one("He gave 123-456-7890 as his number.")
    assert (hit.kind, hit.value, hit.valid) == (K.PHONE, "+11234567890", False)


def test_numbers_that_are_not_phones():
    assert hits("Invoice 1234567890 is overdue.") == []
    assert hits("Case 2023-0456-789 opened on 2023-04-05.") == []
    assert hits("Call 555-0143 later.") == []  # seven digits: no area code, no identity
    assert hits("ZIP 20500, population 689,545.") == []


def test_normalise_phone():
    assert normalise(K.PHONE, "(202) 555-0143") == "+12025550143"
    assert normalise(K.PHONE, "tel:+1-202-555-0143") == "+12025550143"
    assert normalise(K.PHONE, "0044 20 7946 0958") == "+442079460958"
    assert normalise(K.PHONE, "+12025550143") == "+12025550143"
    assert normalise(K.PHONE, "555-0143") is None
    assert normalise(K.PHONE, "not a number") is None
    assert normalise(K.PHONE, "") is None


# E-mail ---------------------------------------------------------------------------------


def test_email_is_case_folded():
    hit = one("Write to Ali.Hassan@Example.CO.UK today.")
    assert hit.surface == "Ali.Hassan@Example.CO.UK"
    assert (hit.kind, hit.value) == (K.EMAIL, "ali.hassan@example.co.uk")


def test_defanged_email():
    assert value("contact ali[at]proton[.]me") == "ali@proton.me"
    assert value("contact ali (at) proton (dot) me") == "ali@proton.me"
    assert value("contact ali[@]proton.me") == "ali@proton.me"


def test_email_wins_over_the_domain_inside_it():
    assert [h.kind for h in find_identifiers("ali@example.com")] == [K.EMAIL]


def test_email_without_public_suffix_is_invalid():
    hit = one("Relay via Ops@Mail.Corp today.")
    assert (hit.value, hit.valid) == ("ops@mail.corp", False)


def test_not_emails():
    assert hits("john..doe@example.com", K.EMAIL) == []
    assert hits("@handle on the forum") == []
    assert hits("meet at noon") == []


def test_normalise_email():
    assert normalise(K.EMAIL, "Ali.Hassan@Example.com") == "ali.hassan@example.com"
    assert normalise(K.EMAIL, "mailto:ali@example.com") == "ali@example.com"
    assert normalise(K.EMAIL, "ali[at]example[.]com") == "ali@example.com"
    assert normalise(K.EMAIL, "ali@") is None
    assert normalise(K.EMAIL, "example.com") is None


# IP addresses ---------------------------------------------------------------------------


def test_ipv4():
    hit = one("Beacon to 8.8.8.8 observed.")
    assert (hit.kind, hit.value, hit.valid, hit.specific) == (K.IP_ADDRESS, "8.8.8.8", True, True)
    assert value("Beacon to 8.8.8[.]8 observed.") == "8.8.8.8"


def test_private_and_documentation_addresses_are_kept_but_not_specific():
    assert not one("from 192.168.1.10").specific
    assert not one("from 10.0.0.5").specific
    assert not one("from 127.0.0.1").specific
    assert not one("from 198.51.100.7").specific  # documentation range
    assert one("from 192.168.1.10").valid


def test_not_ipv4():
    assert hits("version 999.1.1.1") == []
    assert hits("section 1.2.3.4.5 of the manual") == []
    assert hits("pi is 3.14159") == []


def test_ipv6():
    hit = one("C2 at 2607:f8b0:4005:805::200e today")
    assert (hit.kind, hit.value, hit.specific) == (K.IP_ADDRESS, "2607:f8b0:4005:805::200e", True)
    assert value("C2 at 2001:0DB8:0000:0000:0000:0000:0000:0001 today") == "2001:db8::1"
    assert value("link-local fe80::1%eth0 seen") == "fe80::1"
    assert not one("link-local fe80::1%eth0 seen").specific
    assert value("mapped ::ffff:192.0.2.128 seen") == "::ffff:c000:280"


def test_clock_times_are_not_ipv6():
    assert hits("At 10:30:00 the meeting began.") == []
    assert hits("Ratio 3:2:1 and the list: one, two") == []


def test_ipv6_at_the_end_of_a_sentence():
    assert value("The implant called fe80::1.") == "fe80::1"
    assert value("C2 was 2001:db8::1.") == "2001:db8::1"


def test_normalise_ip():
    assert normalise(K.IP_ADDRESS, "2001:DB8::0001") == "2001:db8::1"
    assert normalise(K.IP_ADDRESS, "[2001:db8::1]") == "2001:db8::1"
    assert normalise(K.IP_ADDRESS, "1.2.3[.]4") == "1.2.3.4"
    assert normalise(K.IP_ADDRESS, " 8.8.8.8 ") == "8.8.8.8"
    assert normalise(K.IP_ADDRESS, "256.1.1.1") is None
    assert normalise(K.IP_ADDRESS, "example.com") is None


# Domains and URLs -----------------------------------------------------------------------


def test_domains_are_public_suffix_aware():
    assert value("Seen on example.co.uk yesterday") == "example.co.uk"
    assert value("Seen on mail.example.co.uk yesterday") == "mail.example.co.uk"
    assert value("Seen on shop.example.com.au yesterday") == "shop.example.com.au"
    assert value("Seen on WWW.Bad-Actor.NET yesterday") == "bad-actor.net"
    assert value("Seen on abcdefghijklmnop.onion yesterday") == "abcdefghijklmnop.onion"


def test_defanged_domain():
    assert value("C2 evil[.]example[.]com") == "evil.example.com"
    assert value("C2 evil(.)example(.)com") == "evil.example.com"


def test_not_domains():
    assert hits("a bare suffix co.uk") == []
    assert hits("example.invalidtld is no host") == []
    assert hits("e.g. the U.S. at 5 p.m.") == []
    assert hits("he sent invoice.zip and README.md and setup.py") == []


def test_file_like_suffix_is_a_domain_when_defanged_or_in_a_url():
    assert value("download from invoice[.]zip") == "invoice.zip"
    assert value("download from https://invoice.zip/a") == "invoice.zip"


def test_url_is_a_mention_of_its_host():
    hit = one("Payload at hxxps://evil[.]example[.]com/drop/payload.bin, then gone.")
    assert (hit.kind, hit.value) == (K.DOMAIN, "evil.example.com")
    assert hit.surface == "hxxps://evil[.]example[.]com/drop/payload.bin"
    hit = one("see http://203.0.113.9:8080/x")
    assert (hit.kind, hit.value) == (K.IP_ADDRESS, "203.0.113.9")
    hit = one("see (https://www.example.com/path?q=1).")
    assert (hit.value, hit.surface) == ("example.com", "https://www.example.com/path?q=1")
    assert one("see http://[2001:db8::1]/x").value == "2001:db8::1"


def test_normalise_domain():
    assert normalise(K.DOMAIN, "HTTPS://WWW.EXAMPLE.COM/path") == "example.com"
    assert normalise(K.DOMAIN, "example.com.") == "example.com"
    assert normalise(K.DOMAIN, "evil[.]example[.]com") == "evil.example.com"
    assert normalise(K.DOMAIN, "пример.рф") == "xn--e1afmkfd.xn--p1ai"
    assert normalise(K.DOMAIN, "co.uk") is None
    assert normalise(K.DOMAIN, "localhost") is None


# Vehicles -------------------------------------------------------------------------------


def test_plates_with_state():
    assert value("a Ford bearing Texas plate ABC-1234.") == "TX:ABC1234"
    assert value("a Ford bearing TX plate ABC1234.") == "TX:ABC1234"
    assert value("a Ford with license plate 7ABC123 (CA).") == "CA:7ABC123"
    assert value("a Ford with plate 7ABC123 (California).") == "CA:7ABC123"
    assert value("a Ford with West Virginia tags XYZ 987.") == "WV:XYZ987"
    assert value("a Ford with New York license plate number HJK-4821.") == "NY:HJK4821"
    assert value("A FORD BEARING TEXAS PLATE ABC1234 WAS SEEN") == "TX:ABC1234"


def test_plate_surface_runs_from_state_to_plate():
    assert one("bearing Texas plate ABC-1234.").surface == "Texas plate ABC-1234"
    assert one("with license plate 7ABC123 (CA).").surface == "7ABC123 (CA)"


def test_plate_without_state_is_kept_but_not_specific():
    hit = one("a Ford with license plate number 8XYZ456.")
    assert (hit.value, hit.valid, hit.specific) == ("8XYZ456", True, False)


def test_not_plates():
    assert hits("TX PLATES WERE NOT SEEN") == []
    assert hits("the plate number was unknown") == []
    assert hits("in plate tectonics") == []


def test_vin_check_digit():
    assert vin_check_digit("1HGCM82633A004352") == "3"
    assert vin_check_digit("1M8GDM9AXKP042788") == "X"
    assert vin_check_digit("11111111111111111") == "1"


def test_vins():
    hit = one("VIN 1HGCM82633A004352 recovered")
    assert (hit.kind, hit.value, hit.valid) == (K.VEHICLE, "1HGCM82633A004352", True)
    assert one("VIN 1M8GDM9AXKP042788 recovered").valid


def test_vin_with_bad_check_digit_is_invalid():
    hit = one("VIN 1HGCM82673A004352 recovered")
    assert (hit.value, hit.valid) == ("1HGCM82673A004352", False)


def test_not_vins():
    assert hits("serial 12345678901234567") == []  # digits only
    assert hits("code ABCDEFGHJKLMNPRST") == []  # letters only
    assert hits("VIN 1HGCM82633A00435") == []  # sixteen characters


def test_imo_ship_numbers():
    hit = one("The tanker IMO 9074729 left port.")
    assert (hit.kind, hit.value, hit.valid) == (K.VEHICLE, "IMO9074729", True)
    assert value("vessel IMO No. 9074729") == "IMO9074729"
    assert not one("The tanker IMO 9074728 left port.").valid


def test_normalise_vehicle():
    assert normalise(K.VEHICLE, "TX:ABC1234") == "TX:ABC1234"
    assert normalise(K.VEHICLE, "tx:abc-1234") == "TX:ABC1234"
    assert normalise(K.VEHICLE, "Texas plate ABC-1234") == "TX:ABC1234"
    assert normalise(K.VEHICLE, "Texas ABC1234") == "TX:ABC1234"
    assert normalise(K.VEHICLE, "ABC1234 (TX)") == "TX:ABC1234"
    assert normalise(K.VEHICLE, "ABC-1234") == "ABC1234"
    assert normalise(K.VEHICLE, "1hgcm82633a004352") == "1HGCM82633A004352"
    assert normalise(K.VEHICLE, "IMO 9074729") == "IMO9074729"
    assert normalise(K.VEHICLE, "a blue car") is None


# Wallets --------------------------------------------------------------------------------

BTC_P2PKH = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"
BTC_P2SH = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"
BECH32 = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
BECH32M = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"
ETH = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"


def test_bitcoin_base58check():
    hit = one(f"sent to {BTC_P2PKH} today")
    assert (hit.kind, hit.value, hit.valid) == (K.ACCOUNT, BTC_P2PKH, True)
    assert one(f"sent to {BTC_P2SH} today").valid


def test_bitcoin_address_with_one_character_flipped_is_invalid():
    flipped = BTC_P2PKH[:-1] + "3"
    hit = one(f"sent to {flipped} today")
    assert (hit.value, hit.valid) == (flipped, False)


def test_bitcoin_bech32_and_bech32m():
    assert (value(f"to {BECH32}"), one(f"to {BECH32}").valid) == (BECH32, True)
    assert (value(f"to {BECH32.upper()}"), one(f"to {BECH32.upper()}").valid) == (BECH32, True)
    assert one(f"to {BECH32M}").valid
    assert not one(f"to {BECH32[:-1]}5").valid  # checksum
    assert not one(f"to {BECH32[:10]}{BECH32[10:].upper()}").valid  # mixed case


def test_bip350_vectors():
    # Valid: witness v1 and v16 with bech32m checksums.
    assert one("to bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y").valid
    assert one("to BC1SW50QGDZ25J").valid
    # Invalid: the checksum of the other algorithm for the witness version.
    assert not one("to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh").valid  # v0 with bech32m
    assert not one("to bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd").valid


# Addresses as published (each checksum also verified with `base58.b58decode_check` or
# the BIP-173 polymod); the Litecoin bech32 one carries the program of the BIP-173 vector.
PUBLISHED = {
    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t": "TRX",  # the USDT (TRC-20) contract
    "LhK2kQwiaAvhjWY799cZvMyYwnQAcxkarr": "LTC",
    "MGxNPPB7eBoWPUaprtX9v9CXJZoD2465zN": "LTC",
    "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9": "LTC",
    "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L": "DOGE",
    "XpESxaUmonkq8RaLLp46Brx2K39ggQe226": "DASH",
    "t1Hsc1LR8yKnbbe3twRp88p6vFfC5t7DLbs": "ZEC",
    "t3Vz22vK5z2LcKEdg16Yv4FFneEL1zg9ojd": "ZEC",
}


@pytest.mark.parametrize(("address", "coin"), PUBLISHED.items())
def test_published_addresses_of_other_chains(address, coin):
    hit = one(f"Funds went to {address} on 3 May.")
    assert (hit.kind, hit.value, hit.valid, currency(hit.value)) == (K.ACCOUNT, address, True, coin)
    flipped = address[:-1] + ("2" if address[-1] != "2" else "3")
    hit = one(f"Funds went to {flipped} on 3 May.")
    assert (hit.kind, hit.value, hit.valid) == (K.ACCOUNT, flipped, False)


def test_litecoin_p2sh_on_the_bitcoin_version_reads_as_bitcoin():
    assert currency(BTC_P2SH) == "BTC"


CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def cashaddr(kind: int, hash_: bytes) -> str:
    """A CashAddr encoder after the Bitcoin Cash spec, to derive test addresses."""
    size = (20, 24, 28, 32, 40, 48, 56, 64).index(len(hash_))
    payload = bytes([kind << 3 | size]) + hash_
    count = (len(payload) * 8 + 4) // 5
    number = int.from_bytes(payload, "big") << (count * 5 - len(payload) * 8)  # zero padding
    data = [(number >> 5 * (count - 1 - i)) & 31 for i in range(count)]
    checksum = 1
    for d in [ord(c) & 31 for c in "bitcoincash"] + [0] + data + [0] * 8:
        top = checksum >> 35
        checksum = (checksum & 0x07FFFFFFFF) << 5 ^ d
        for i, generator in enumerate((0x98F2BC8E61, 0x79B76D99E2, 0xF33E5FB3C4, 0xAE2EABE2A8, 0x1E4F43E470)):
            if (top >> i) & 1:
                checksum ^= generator
    checksum ^= 1
    data += [(checksum >> 5 * (7 - i)) & 31 for i in range(8)]
    return "bitcoincash:" + "".join(CHARSET[d] for d in data)


# The spec's example: the hash of 1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu as P2PKH and as P2SH.
BCH_P2PKH = "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"
BCH_P2SH = "bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq"


def test_cashaddr_encoder_reproduces_the_spec_examples():
    hash_ = base58.b58decode_check("1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu")[1:]
    assert (cashaddr(0, hash_), cashaddr(1, hash_)) == (BCH_P2PKH, BCH_P2SH)


def test_bitcoin_cash_cashaddr():
    for address in (BCH_P2PKH, BCH_P2SH):
        hit = one(f"Funds went to {address} on 3 May.")
        assert (hit.kind, hit.value, hit.valid, currency(hit.value)) == (K.ACCOUNT, address, True, "BCH")
    hit = one(f"to {BCH_P2PKH.upper()} today")
    assert (hit.value, hit.valid) == (BCH_P2PKH, True)  # lower case is canonical
    assert not one(f"to {BCH_P2PKH[:-1]}q today").valid  # checksum
    assert not one(f"to {BCH_P2PKH[:20]}{BCH_P2PKH[20:].upper()} today").valid  # mixed case
    assert hits(f"to {BCH_P2PKH.removeprefix('bitcoincash:')} today", K.ACCOUNT) == []  # prefix needed
    assert normalise(K.ACCOUNT, f" {BCH_P2SH.upper()} ") == BCH_P2SH


@given(hash_=st.one_of(st.binary(min_size=20, max_size=20), st.binary(min_size=32, max_size=32)),
       kind=st.sampled_from([0, 1]))
def test_cashaddr_addresses_are_valid_and_a_flip_breaks_them(hash_, kind):
    address = cashaddr(kind, hash_)
    hit = one(f"to {address}.")
    assert (hit.value, hit.valid, currency(hit.value)) == (address, True, "BCH")
    flipped = address[:-1] + ("q" if address[-1] != "q" else "p")
    assert not one(f"to {flipped}.").valid


def monero(network: int, rest: bytes) -> str:
    """A Monero address encoder (blocks of 8 bytes, 11 characters each), to derive test
    addresses: the network byte, `rest`, and 4 bytes of Keccak-256 of both."""
    data = bytes([network]) + rest
    data += keccak.new(digest_bits=256, data=data).digest()[:4]
    encoded = ""
    for start in range(0, len(data), 8):
        block = data[start : start + 8]
        number, chars = int.from_bytes(block, "big"), ""
        for _ in range((0, 2, 3, 5, 6, 7, 9, 10, 11)[len(block)]):
            number, digit = divmod(number, 58)
            chars = base58.alphabet.decode("ascii")[digit] + chars
        encoded += chars
    return encoded


# The Monero General Fund's donation address, and a subaddress.
XMR = "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A"
XMR_SUBADDRESS = (
    "888tNkZrPN6JsEgekjMnABU4TBzc2Dt29EPAvkRxbANsAnjyPbb3iQ1YBRk1UXcdRsiKc9dhwMVgN5S9cQUiyoogDavup3H"
)


def test_monero_addresses():
    for address in (XMR, XMR_SUBADDRESS):
        hit = one(f"Funds went to {address} on 3 May.")
        assert (hit.kind, hit.value, hit.valid, currency(hit.value)) == (K.ACCOUNT, address, True, "XMR")
        assert normalise(K.ACCOUNT, f" {address} ") == address
    flipped = XMR[:-1] + "B"
    hit = one(f"Funds went to {flipped} on 3 May.")
    assert (hit.value, hit.valid, currency(hit.value)) == (flipped, False, "XMR")
    assert hits(f"to {XMR[:-1]} today", K.ACCOUNT) == []  # 94 characters


@given(keys=st.binary(min_size=64, max_size=64), payment_id=st.binary(min_size=8, max_size=8),
       network=st.sampled_from([0x12, 0x13, 0x2A]))
def test_monero_addresses_are_valid_and_a_flip_breaks_them(keys, payment_id, network):
    # Standard (4..., 95 characters), integrated (4..., 106: a payment id), subaddress (8..., 95).
    address = monero(network, keys + payment_id if network == 0x13 else keys)
    assert (address[0], len(address)) == {0x12: ("4", 95), 0x13: ("4", 106), 0x2A: ("8", 95)}[network]
    hit = one(f"to {address}.")
    assert (hit.value, hit.valid, currency(hit.value)) == (address, True, "XMR")
    flipped = address[:-1] + ("2" if address[-1] != "2" else "3")
    assert not one(f"to {flipped}.").valid


def test_ethereum_eip55():
    hit = one(f"paid {ETH} twice")
    assert (hit.kind, hit.value, hit.valid) == (K.ACCOUNT, ETH.lower(), True)
    assert one(f"paid {ETH.lower()} twice").valid
    assert one(f"paid 0x{ETH[2:].upper()} twice").valid
    bad = ETH[:-1] + "D"  # mixed case, wrong checksum
    assert (value(f"paid {bad}"), one(f"paid {bad}").valid) == (ETH.lower(), False)


def test_transaction_hashes_are_not_addresses():
    assert hits("tx 0x" + "ab" * 32) == []


def test_normalise_account():
    assert normalise(K.ACCOUNT, ETH) == ETH.lower()
    assert normalise(K.ACCOUNT, BECH32.upper()) == BECH32
    assert normalise(K.ACCOUNT, f" {BTC_P2PKH} ") == BTC_P2PKH
    assert normalise(K.ACCOUNT, BTC_P2PKH[:-1] + "3") == BTC_P2PKH[:-1] + "3"  # still searchable
    assert normalise(K.ACCOUNT, "0x1234") is None


def test_currency_of_a_wallet_value():
    assert [currency(value(f"to {a}")) for a in (BTC_P2PKH, BTC_P2SH, BECH32, BECH32M, ETH)] == [
        "BTC", "BTC", "BTC", "BTC", "ETH",
    ]
    assert currency(BTC_P2PKH[:-1] + "3") == "BTC"  # the form tells it, checksum or not
    assert currency(IBAN_GB) is None
    assert currency("hello") is None


# Bank accounts (IBAN) ---------------------------------------------------------------------

IBAN_GB = "GB29NWBK60161331926819"  # the ISO 13616 example
IBAN_DE = "DE89370400440532013000"


def test_iban_compact_and_printed_in_groups():
    hit = one(f"wired $9,000 to the account {IBAN_GB}.")
    assert (hit.kind, hit.value, hit.surface, hit.valid) == (K.ACCOUNT, IBAN_GB, IBAN_GB, True)
    printed = "DE89 3704 0044 0532 0130 00"
    hit = one(f"Bank records show transfers into {printed}.")
    assert (hit.value, hit.surface, hit.valid) == (IBAN_DE, printed, True)


def test_printed_iban_stops_at_the_last_group():
    text = "into GB29 NWBK 6016 1331 9268 19 THEN left"
    hit = one(text)
    assert (hit.surface, hit.value) == ("GB29 NWBK 6016 1331 9268 19", IBAN_GB)
    # A Belgian IBAN ends on a full group, so the next capitalised word reads as one more.
    hit = one("into BE71 0961 2345 6769 THEN left")
    assert (hit.surface, hit.value) == ("BE71 0961 2345 6769", "BE71096123456769")


def test_iban_with_wrong_check_digits_is_invalid():
    typo = "GB28" + IBAN_GB[4:]
    hit = one(f"the account {typo} again")
    assert (hit.value, hit.valid) == (typo, False)


def test_not_ibans():
    # A country code whose layout does not fit, a part number, a run of capitals.
    assert hits("order GB29NWBK6016 shipped", K.ACCOUNT) == []
    assert hits("part XX12ABCD12345678901 replaced", K.ACCOUNT) == []
    assert hits("FBI 2024 TASK FORCE NOTE", K.ACCOUNT) == []


def test_normalise_iban():
    assert normalise(K.ACCOUNT, "gb29 nwbk 6016 1331 9268 19") == IBAN_GB
    assert normalise(K.ACCOUNT, "GB28" + IBAN_GB[4:]) == "GB28" + IBAN_GB[4:]  # still searchable
    assert normalise(K.ACCOUNT, "GB29NWBK") is None


# Documents ------------------------------------------------------------------------------


def test_passports():
    hit = one("He holds US passport 5550123456.")
    assert (hit.kind, hit.surface, hit.value, hit.specific) == (
        K.DOCUMENT, "US passport 5550123456", "USA:5550123456", True
    )
    assert value("a Pakistani passport number AB1234567") == "PAK:AB1234567"
    assert value("Ali Hassan's Syrian passport N012345678 was seen") == "SYR:N012345678"
    assert value("a U.S. passport #987654321") == "USA:987654321"
    assert value("Passport: X12345678 (Mexico)") == "MEX:X12345678"
    assert value("a Papua New Guinea passport 1234567") == "PNG:1234567"


def test_passport_without_country_is_kept_but_not_specific():
    hit = one("passport no. 123456789")
    assert (hit.surface, hit.value, hit.specific) == ("123456789", "123456789", False)


def test_passport_wins_over_the_phone_number_it_looks_like():
    assert [h.kind for h in find_identifiers("US passport 5550123456")] == [K.DOCUMENT]


def test_drivers_licences():
    assert value("Texas DL 12345678") == "TX:12345678"
    assert value("a Virginia driver's license A12345678") == "VA:A12345678"


def test_not_documents():
    assert hits("PASSPORT NUMBER UNKNOWN") == []
    assert hits("his passport was stolen") == []


def test_normalise_document():
    assert normalise(K.DOCUMENT, "USA:5550123456") == "USA:5550123456"
    assert normalise(K.DOCUMENT, "US passport 5550123456") == "USA:5550123456"
    assert normalise(K.DOCUMENT, "tx:12345678") == "TX:12345678"
    assert normalise(K.DOCUMENT, "123456789") == "123456789"
    assert normalise(K.DOCUMENT, "hello") is None


# normalise() as a whole -----------------------------------------------------------------


def test_normalise_covers_every_identifier_kind():
    for kind in IDENTIFIER_KINDS:
        assert normalise(kind, "") is None


def test_names_have_no_identifier_value():
    assert normalise(K.PERSON, "Ali Hassan") is None
    assert normalise(K.ORGANIZATION, "202-555-0143") is None


def test_find_and_normalise_agree():
    text = (
        "Ali (Ali@Example.com, +44 20 7946 0958) drove Texas plate ABC-1234, VIN 1HGCM82633A004352, "
        f"from 2001:db8::1 to www.example.co.uk, paid {ETH} and DE89 3704 0044 0532 0130 00, "
        "US passport 5550123456."
    )
    for hit in find_identifiers(text):
        assert normalise(hit.kind, hit.surface) == hit.value, hit


# The registry: one IdentifierType per family -----------------------------------------


def test_registry_covers_identifier_kinds():
    assert {t.kind for t in TYPES} == IDENTIFIER_KINDS
    assert len({t.name for t in TYPES}) == len(TYPES)


def test_kinds_rank_apart_and_types_of_one_kind_agree():
    by_kind: dict[EntityKind, tuple[int, bool]] = {}
    for t in TYPES:
        assert isinstance(t.rank, int)
        assert by_kind.setdefault(t.kind, (t.rank, t.held)) == (t.rank, t.held), t.name
    ranks = [rank for rank, _ in by_kind.values()]
    assert len(set(ranks)) == len(ranks)  # over one span, one kind always wins
    assert [t.rank for t in TYPES] == sorted(t.rank for t in TYPES)


def test_every_identifier_but_a_vulnerability_can_be_held():
    not_held = IDENTIFIER_KINDS - HELD_KINDS
    assert not_held == {K.VULNERABILITY}


@pytest.mark.parametrize("t", TYPES, ids=lambda t: t.name)
def test_type_normalises_its_example_idempotently(t: IdentifierType):
    once = t.normalise(t.example)
    assert once is not None
    assert t.normalise(once) == once
    assert normalise(t.kind, t.example) == once


@pytest.mark.parametrize("t", TYPES, ids=lambda t: t.name)
def test_type_finds_its_example(t: IdentifierType):
    found = list(t.find(t.example))
    assert [(h.kind, h.surface, h.value) for h in found] == [(t.kind, t.example, t.normalise(t.example))]


# Properties -----------------------------------------------------------------------------

_SHAPES = {
    K.PHONE: st.from_regex(r"\+?[0-9 ()\-.]{7,20}", fullmatch=True),
    K.EMAIL: st.from_regex(r"[A-Za-z0-9._%+-]{1,12}@[A-Za-z0-9-]{1,10}\.[A-Za-z]{2,6}", fullmatch=True),
    K.IP_ADDRESS: st.ip_addresses().map(str),
    K.DOMAIN: st.from_regex(r"(?:https?://)?(?:www\.)?[a-zA-Z0-9-]{1,12}\.(?:com|co\.uk|org|de)\.?",
                            fullmatch=True),
    K.VEHICLE: st.from_regex(r"(?:[A-Za-z]{2}[: ]?)?[A-Z0-9]{1,4}-?[A-Z0-9]{1,4}|[A-HJ-NPR-Z0-9]{17}",
                             fullmatch=True),
    K.ACCOUNT: st.one_of(
        st.binary(min_size=20, max_size=20).map(lambda b: "0x" + b.hex()),
        st.from_regex(r"[1379ADLMTX][1-9A-HJ-NP-Za-km-z]{25,34}", fullmatch=True),
        st.from_regex(r"t[13][1-9A-HJ-NP-Za-km-z]{33}", fullmatch=True),
        st.from_regex(r"(?:GB|DE|AE|FR)[0-9]{2} ?[A-Z0-9 ]{11,34}", fullmatch=True),
    ),
    K.DOCUMENT: st.from_regex(r"(?:[A-Za-z]{2,3}:)?[A-Z0-9]{5,12}", fullmatch=True),
    K.VULNERABILITY: st.from_regex(r"(?i:cve)[- ]?(?:19|20)[0-9]{2}[- ]?[0-9]{4,7}", fullmatch=True),
}


@given(data=st.data(), kind=st.sampled_from(sorted(IDENTIFIER_KINDS)))
@settings(deadline=None, max_examples=300)
def test_normalise_is_idempotent(data, kind):
    raw = data.draw(st.one_of(_SHAPES[kind], st.text(max_size=40)))
    once = normalise(kind, raw)
    if once is not None:
        assert normalise(kind, once) == once


_REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)
_FORMATS = (
    phonenumbers.PhoneNumberFormat.E164,
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.RFC3966,
)


@given(region=st.sampled_from(_REGIONS), fmt=st.sampled_from(_FORMATS))
@settings(deadline=None)
def test_any_international_format_of_a_number_normalises_to_its_e164(region, fmt):
    number = phonenumbers.example_number(region)
    if number is None:
        return
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    assert normalise(K.PHONE, phonenumbers.format_number(number, fmt)) == e164


@given(
    area=st.sampled_from(["202", "212", "312", "415", "713", "305"]),
    exchange=st.integers(200, 999),
    line=st.integers(0, 9999),
    fmt=st.sampled_from([phonenumbers.PhoneNumberFormat.NATIONAL, *_FORMATS]),
)
@settings(deadline=None)
def test_us_numbers_in_every_format_agree_in_text_and_alone(area, exchange, line, fmt):
    number = phonenumbers.parse(f"+1{area}{exchange}{line:04d}")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    written = phonenumbers.format_number(number, fmt).removeprefix("tel:")
    assert normalise(K.PHONE, written) == e164
    found = hits(f"Subject called {written} twice.", K.PHONE)
    assert [h.value for h in found] == [e164]


@given(body=st.from_regex(r"[1-5][A-HJ-NPR-Z0-9]{7}[A-HJ-NPR-Z0-9]{8}", fullmatch=True))
def test_vin_checksum_decides_validity_in_north_america(body):
    vin = body[:8] + vin_check_digit(body[:8] + "0" + body[8:]) + body[8:]
    wrong = vin[:8] + ("0" if vin[8] != "0" else "1") + vin[9:]
    assume(not vin.isdigit() and not wrong.isdigit() and any(c.isdigit() for c in vin))
    assert one(f"VIN {vin}.").valid
    assert not one(f"VIN {wrong}.").valid


@given(address=st.binary(min_size=20, max_size=20))
def test_eip55_spelling_is_valid_and_normalises_to_lower_case(address):
    spelled = "0x" + _eip55(address.hex())
    hit = one(f"paid {spelled}")
    assert (hit.value, hit.valid) == ("0x" + address.hex(), True)


@given(bban=st.from_regex(r"[0-9]{18}", fullmatch=True), grouped=st.booleans())
def test_a_german_iban_is_found_in_either_spelling_and_a_wrong_check_breaks_it(bban, grouped):
    check = iban.calc_check_digits("DE00" + bban)
    compact = f"DE{check}{bban}"
    surface = " ".join(compact[i : i + 4] for i in range(0, 22, 4)) if grouped else compact
    hit = one(f"paid into {surface}.")
    assert (hit.value, hit.surface, hit.valid) == (compact, surface, True)
    wrong = f"DE{(int(check) + 1) % 97 + 2:02d}{bban}"  # another check in 02..98
    assert not one(f"paid into {wrong}.").valid


BASE58_VERSIONS = {
    b"\x00": "BTC", b"\x05": "BTC", b"\x30": "LTC", b"\x32": "LTC", b"\x1e": "DOGE", b"\x16": "DOGE",
    b"\x4c": "DASH", b"\x10": "DASH", b"\x1c\xb8": "ZEC", b"\x1c\xbd": "ZEC", b"\x41": "TRX",
}


@given(payload=st.binary(min_size=20, max_size=20), version=st.sampled_from(sorted(BASE58_VERSIONS)))
def test_base58check_addresses_are_valid_and_a_flip_breaks_them(payload, version):
    address = base58.b58encode_check(version + payload).decode("ascii")
    hit = one(f"to {address}.")
    assert (hit.kind, hit.value, hit.valid) == (K.ACCOUNT, address, True)
    assert currency(hit.value) == BASE58_VERSIONS[version]
    last = "2" if address[-1] != "2" else "3"
    flipped = address[:-1] + last
    # A flipped last character changes the checksum bytes, never the version bytes.
    digest = hashlib.sha256(hashlib.sha256(version + payload).digest()).digest()
    assert base58.b58decode(flipped)[-4:] != digest[:4]
    hit = one(f"to {flipped}.")
    assert (hit.value, hit.valid, currency(hit.value)) == (flipped, False, BASE58_VERSIONS[version])
