"""python-stdnum as the oracle of the hand-written validators in `quality.checksums`.

MyKad (date + place-of-birth/state code) and the Thai PIN must agree with stdnum exactly; a NIK
we accept must be one stdnum accepts (a registered regency and a real date), while ours adds
stricter rules (district not 00, serial not 0000, day at most 71).
"""

from __future__ import annotations

import random

from stdnum.id import nik
from stdnum.my import nric
from stdnum.th import pin

from quality import checksums
from tests.pii_samples import _mykad, _nik, _thai_id

RNG_SEED = 20261203


def test_mykad_agrees_with_stdnum() -> None:
    rng = random.Random(RNG_SEED)
    values = [_mykad(rng).replace("-", "") for _ in range(300)]
    values += [f"{rng.randint(0, 10**12 - 1):012d}" for _ in range(3000)]
    assert [checksums.my_kad(v) for v in values] == [nric.is_valid(v) for v in values]


def test_thai_pin_agrees_with_stdnum() -> None:
    rng = random.Random(RNG_SEED)
    values = [_thai_id(rng).replace("-", "") for _ in range(300)]
    values += [f"{rng.randint(0, 10**13 - 1):013d}" for _ in range(3000)]
    assert [checksums.th_national_id(v) for v in values] == [pin.is_valid(v) for v in values]


def test_every_nik_we_accept_is_registered_and_dated_by_stdnum() -> None:
    rng = random.Random(RNG_SEED)
    values = [_nik(rng) for _ in range(300)]
    values += [f"{rng.randint(0, 10**16 - 1):016d}" for _ in range(20000)]
    accepted = [v for v in values if checksums.id_nik(v)]
    assert len(accepted) > 300
    assert all(nik.is_valid(v) for v in accepted)
    assert not checksums.id_nik("9971011708450001")  # unknown province
    assert not checksums.id_nik("3171013002001234")  # 30 February
