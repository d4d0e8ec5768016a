"""Order numbers and tracking numbers as people type them, and carrier guesses."""

from datetime import date

import pytest

from tui.core.tracking import NumberError, check_order_no, check_tracking_no, guess_carriers


@pytest.mark.parametrize("typed", ["1234567890123456789", "1234 5678 9012 3456 789", "1234-5678-9012-3456", "１２３４５６７８９０１２３４５６７８"])
def test_order_numbers_accepted(typed):
    assert check_order_no(typed).isdigit()


@pytest.mark.parametrize("typed, says", [("", "请填写订单号"), ("12345", "现在是 5 位"), ("1" * 31, "现在是 31 位"), ("12345678901234567A", "只有数字")])
def test_order_numbers_refused(content, typed, says):
    with pytest.raises(NumberError) as refused:
        check_order_no(typed)
    assert says in refused.value.message(content.text)


@pytest.mark.parametrize("typed", ["123456789012345678901", "123456789012"])
def test_an_unusual_length_is_asked_about_once_not_refused(content, typed):
    """16–20 digits is a public guide's reading, not verified: asked, never refused."""
    from tui.core.interview import Interview

    iv = Interview(content)
    iv.choose_problem("lost")
    iv.answer("order_no", typed, date(2026, 12, 2))
    doubt = iv.doubts(["order_no"])["order_no"]
    assert f"你填的是 {len(typed)} 位" in doubt and "未核实" in doubt
    iv.answer("order_no", "1234567890123456789", date(2026, 12, 2))
    assert iv.doubts(["order_no"]) == {}


@pytest.mark.parametrize(
    "number, first",
    [
        ("SF1234567890123", "sf"),
        ("sf 1234 5678 90123", "sf"),
        ("73123456789012", "zto"),
        ("YT1234567890123", "yto"),
        ("JT1234567890123", "jt"),
        ("DPK123456789012", "deppon"),
        ("JDAB12345678901", "jd"),
        ("EA123456789CN", "ems"),
        ("9812345678901", "ems"),
        ("5123456789012", "yunda"),
        ("621123456789012", "cainiao"),
    ],
)
def test_carrier_guessed(content, number, first):
    assert guess_carriers(number, content.carriers)[0].id == first


def test_overlapping_patterns_offer_every_match(content):
    # 15 digits starting with 43: fits both Yunda and STO; the person chooses.
    ids = {c.id for c in guess_carriers("431234567890123", content.carriers)}
    assert {"yunda", "sto"} <= ids


def test_unknown_number_guesses_nothing(content):
    assert guess_carriers("XX12", content.carriers) == []
    assert guess_carriers("", content.carriers) == []


@pytest.mark.parametrize("typed, says", [("中通123456", "字母和数字"), ("1234", "现在是 4 位"), ("[/bold]12345678", "字母和数字")])
def test_tracking_numbers_refused(content, typed, says):
    with pytest.raises(NumberError) as refused:
        check_tracking_no(typed)
    assert says in refused.value.message(content.text)


def test_no_tracking_number_is_allowed():
    assert check_tracking_no("  ") == ""


# Every pair of carriers whose number patterns overlap, checked by hand against
# content/carriers.toml: 申通 ^(77|43)\d{12,15}$ and 韵达 ^[34]\d{14}$ share the 15-digit numbers
# starting 43. A new overlap must be added here on purpose, after checking that the kiosk then
# asks (test_a_number_that_fits_two_carriers_is_not_chosen_for_the_visitor).
OVERLAPS = {frozenset({"sto", "yunda"})}
WITNESS = {frozenset({"sto", "yunda"}): "431234567890123"}


def _pattern_samples():
    from .conftest import CONTENT_DIR
    from tui.core.content import load_content

    carriers = load_content(CONTENT_DIR).carriers
    return [(c.id, i, p.pattern) for c in carriers.values() for i, p in enumerate(c.patterns)]


@pytest.mark.parametrize("carrier, index, pattern", _pattern_samples())
def test_each_pattern_against_every_other_carrier(content, carrier, index, pattern):
    """Numbers drawn from each pattern (ASCII, as check_tracking_no leaves them) are matched
    against every carrier: any second carrier they fit must be a known, listed overlap."""
    import re

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    ascii_pattern = re.compile(pattern, re.ASCII)

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.from_regex(ascii_pattern, fullmatch=True))
    def check(number):
        fits = {c.id for c in guess_carriers(number, content.carriers)}
        assert carrier in fits
        for other in fits - {carrier}:
            assert frozenset({carrier, other}) in OVERLAPS, (number, carrier, other)

    check()


@pytest.mark.parametrize("pair", sorted(OVERLAPS, key=sorted))
def test_listed_overlaps_are_real(content, pair):
    fits = {c.id for c in guess_carriers(WITNESS[pair], content.carriers)}
    assert pair <= fits
