"""Personal data at rest: AES-GCM with a key id per value, keyed lookup hashes, masks, check digits."""

from __future__ import annotations

import base64

import pytest
from stdnum.cn import ric

from luojiang.core.errors import DomainError
from luojiang.core.security import validation
from luojiang.core.security.fields import LookupHasher, UndecryptableField, parse_key_ring
from luojiang.core.security.masking import mask_id_number, mask_name, mask_phone
from luojiang.core.security.secrets import secret_or_generated
from luojiang.core.settings import Environment, SettingsError, load_settings

OLD = "k1:" + base64.b64encode(b"\x01" * 32).decode()
NEW = "k2:" + base64.b64encode(b"\x02" * 32).decode()
ID_NUMBER = "51060420010101123" + ric.calc_check_digit("51060420010101123" + "0")


def test_values_carry_the_key_id_and_old_keys_still_decrypt_after_rotation() -> None:
    before = parse_key_ring(OLD)
    stored = before.encrypt("13812345678", "person.phone")
    assert stored.startswith("k1:")
    assert "13812345678" not in stored
    after = parse_key_ring(f"{NEW},{OLD}")
    assert after.decrypt(stored, "person.phone") == "13812345678"
    assert after.needs_reencryption(stored) is True
    assert after.encrypt("13812345678", "person.phone").startswith("k2:")


def test_a_value_moved_to_another_field_or_altered_does_not_decrypt() -> None:
    cipher = parse_key_ring(OLD)
    stored = cipher.encrypt(ID_NUMBER, "person.id_number")
    with pytest.raises(UndecryptableField):
        cipher.decrypt(stored, "person.phone")
    kid, body = stored.split(":")
    raw = bytearray(base64.b64decode(body))
    raw[-1] ^= 1
    with pytest.raises(UndecryptableField):
        cipher.decrypt(f"{kid}:{base64.b64encode(bytes(raw)).decode()}", "person.id_number")
    with pytest.raises(UndecryptableField):
        parse_key_ring(NEW).decrypt(stored, "person.id_number")


def test_sealed_documents_open_only_under_their_own_key_and_unaltered() -> None:
    scan = b"\x89PNG" + bytes(range(256))
    sealed = parse_key_ring(OLD).seal(scan, "private/applications/A/1")
    assert scan not in sealed
    assert parse_key_ring(f"{NEW},{OLD}").open(sealed, "private/applications/A/1") == scan
    altered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    for stored, context in ((sealed, "private/applications/B/1"), (altered, "private/applications/A/1")):
        with pytest.raises(UndecryptableField):
            parse_key_ring(OLD).open(stored, context)
    with pytest.raises(UndecryptableField):
        parse_key_ring(NEW).open(sealed, "private/applications/A/1")


def test_lookup_hashes_are_stable_keyed_and_kind_specific() -> None:
    hasher = LookupHasher(key=b"k" * 32)
    assert hasher.digest("13812345678", "phone") == hasher.digest("13812345678", "phone")
    assert hasher.digest("13812345678", "phone") != hasher.digest("13812345678", "id_number")
    assert hasher.digest("13812345678", "phone") != LookupHasher(key=b"j" * 32).digest("13812345678", "phone")
    # HMAC-SHA256(key, kind NUL value): stored hashes (phones, ID numbers, 亮证 tags) must stay
    # findable whatever computes them
    expected = "aa6ab66e6308e217d141e1970d5e5e48a5d084439cd8757437b78dfce375b9fd"
    assert hasher.digest("13812345678", "phone") == expected


def test_masks() -> None:
    assert mask_id_number("510603199001011234") == "5106**********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"


def test_resident_id_and_credit_code_check_digits() -> None:
    assert validation.resident_id(ID_NUMBER.lower()) == ID_NUMBER.upper()
    wrong = ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")
    with pytest.raises(DomainError) as refused:
        validation.resident_id(wrong)
    assert refused.value.problems[0].code == "INVALID_ID_NUMBER"
    assert ID_NUMBER not in str(refused.value)
    assert wrong not in str(refused.value)
    # born 1990, first registered in 罗江县 (510626, 1996-2017): genuine, though stdnum alone refuses it
    late = "51062619900101123" + ric.calc_check_digit("51062619900101123" + "0")
    assert validation.resident_id(late) == late
    # no such county; a province only; month 13
    for bad in ("99999919900101123", "51999919900101123", "51062619901301123"):
        with pytest.raises(DomainError):
            validation.resident_id(bad + ric.calc_check_digit(bad + "0"))
    assert validation.credit_code("11511301008778183N") == "11511301008778183N"
    with pytest.raises(DomainError) as bad_code:
        validation.credit_code("11511301008778183M")
    assert bad_code.value.problems[0].code == "INVALID_CREDIT_CODE"
    assert validation.mobile_phone("+86 138 1234 5678") == "13812345678"


def test_production_refuses_to_run_without_keys_and_tests_generate_them() -> None:
    production = load_settings(
        environment=Environment.PRODUCTION,
        database_url="postgres://db/x",
        redis_url="redis://r/0",
        graphql_ide=False,
    )
    with pytest.raises(SettingsError, match="FIELD_ENCRYPTION_KEY"):
        secret_or_generated(production, None, "FIELD_ENCRYPTION_KEY", lambda: "never")
    test = load_settings(environment=Environment.TEST)
    assert secret_or_generated(test, None, "FIELD_ENCRYPTION_KEY", lambda: "generated") == "generated"
