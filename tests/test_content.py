"""The shipped content is complete and sourced; broken content is reported as
`file: key: what is wrong`, by check-content and by the kiosk at start."""

import re
import shutil
import subprocess
import sys

import pytest

from tui.cli import main
from tui.core.content import ContentError, load_content

from .conftest import CONTENT_DIR, ROOT

# The facts' sources, carried in the repository (a clone has no ../shared); the workplace's
# copy beside the repository is checked to be the same.
REFERENCE = ROOT / "docs" / "reference" / "channels-and-rules.md"
SHARED_REFERENCE = ROOT.parent / "shared" / "reference" / "channels-and-rules.md"


def test_shipped_content_loads(content):
    assert len(content.problems) == 9
    labels = {p.label for p in content.problems.values()}
    for words in ["物流信息长时间不更新", "派送延误", "丢件", "显示签收但没收到", "错发 / 漏发"]:
        assert words in labels


def test_every_fact_has_source_and_date(content):
    for ch in content.channels.values():
        assert ch.source and ch.verified_on.year >= 2026 and ch.confidence
    for c in content.carriers.values():
        assert c.source and c.verified_on.year >= 2026 and c.confidence
    for r in content.rules.values():
        assert r.source and r.verified_on.year >= 2026
    for law in content.laws.values():
        assert law.source and law.verified_on.year >= 2026 and law.confidence and law.to


def test_every_shown_fact_has_a_source_and_a_confidence(content):
    """Each fact a channel shows (phone, note, page, hours, how) resolves to a confidence,
    and a fact the reference does not hold high is the one drawn with 未核实 beside it."""
    from tui.core.content import CONFIDENCE, FACTS

    for ch in content.channels.values():
        for fact in FACTS:
            if getattr(ch, fact):
                assert ch.source and ch.confidence_of(fact) in CONFIDENCE, (ch.id, fact)
    tmall = content.channels["tmall_cs"]
    assert tmall.confidence_of("phone") == "medium"  # public directories (reference §4)
    assert content.fact(tmall.phone, tmall.confidence_of("phone")) == "400-860-8608（未核实，以官方页面为准）"
    spb = content.channels["spb_12305"]
    assert spb.confidence_of("phone") == "high" and spb.confidence_of("hours") == "low"
    assert spb.confidence_of("how") == "medium"  # the yz12305 account (reference §1)
    assert content.fact("12305", "high") == "12305"
    assert content.channels["tmall_order"].hours == ""  # "全天可提交" had no source


def test_every_recipient_of_every_plan_has_a_legal_basis_and_a_request(content):
    """A complaint text cites at least one article that binds its recipient and asks for
    something that recipient can grant."""
    for problem in content.problems.values():
        channels = {r.channel for r in problem.ladder}
        for recipient in content.recipients.values():
            if channels.intersection(recipient.channels):
                laws = [law for law in problem.laws if recipient.id in content.laws[law].to]
                assert laws, (problem.id, recipient.id)
                wishes = [w for w in problem.wants if w in recipient.requests]
                assert wishes or recipient.always, (problem.id, recipient.id)


@pytest.mark.skipif(not SHARED_REFERENCE.exists(), reason="shared/reference is beside the repo only in the workplace")
def test_the_carried_reference_is_the_shared_one():
    assert REFERENCE.read_text(encoding="utf-8") == SHARED_REFERENCE.read_text(encoding="utf-8")


def test_every_phone_number_and_url_comes_from_the_reference(content):
    reference = REFERENCE.read_text(encoding="utf-8")
    numbers = [ch.phone for ch in content.channels.values() if ch.phone]
    numbers += [c.hotline for c in content.carriers.values() if c.hotline]
    for n in numbers:
        assert n in reference, f"{n} is not in the reference"
    for ch in content.channels.values():
        if ch.url:
            assert ch.url.removeprefix("https://") in reference, ch.url


def test_unverified_hotline_is_left_empty(content):
    assert content.carriers["cainiao"].hotline == ""  # "not verified" in the reference


def _broken(tmp_path, file, old, new):
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        ("channels.toml", 'url = "https://www.12315.cn"', 'url = "http://www.12315.cn"', r"channels.toml: channels.samr_12315.url: must start with https://"),
        ("channels.toml", 'wait = ["courier_reply"]', 'wait = ["courier_replies"]', r"channels.toml: channels.courier.wait: names rule 'courier_replies'"),
        ("rules.toml", 'unit = "working_days"', 'unit = "weeks"', r"rules.toml: rules.samr_accept.unit: must be one of"),
        ("rules.toml", "amount = 30", 'amount = "thirty"', r"rules.toml: rules.spb_answer.amount: must be a whole number"),
        ("carriers.toml", r"'^JT\d{13}$'", r"'^JT(\d{13}$'", r"carriers.toml: carriers.jt.patterns\[0\]: not a valid regular expression"),
        ("problems.toml", '"last_update", "seller_contact"', '"last_updat", "seller_contact"', r"problems.toml: problems.no_update.questions: names question 'last_updat'"),
        ("problems.toml", "截至{today}已 {days} 天没有新的进展", "截至{todya}已", r"problems.toml: questions.last_update.fact: unknown or broken placeholder"),
        ("problems.toml", 'same_day = true }', 'same_day = "yes" }', r"problems.toml: problems.no_update.purchase\[1\].same_day: must be true or false"),
        ("problems.toml", '{ channel = "cca", why', '{ channel = "cca2", why', r"problems.toml: problems.no_update.purchase\[4\].channel: names channel 'cca2'"),
        ("recipients.toml", 'apology = "作出说明并道歉" }', 'apologise = "作出说明并道歉" }', r"recipients.toml: recipients.seller.requests.apologise: is not an option of question 'want'"),
        ("laws.toml", 'to = ["spb_12305"]', 'to = ["spb"]', r"laws.toml: laws.spb_9.to: names recipient 'spb'"),
        ("laws.toml", 'cite = "《民法典》第六百零四条"', "", r"laws.toml: laws.civil_604.cite: is missing or empty"),
        ("channels.toml", 'verified_on = "2026-11-26"', 'verified_on = "last week"', r"channels.toml: channels.seller.verified_on: must be a date"),
        ("templates/courier.txt", "$facts", "$fatcs", r"templates/courier.txt: \(text\): unknown fields \$fatcs"),
        ("rules.toml", "[rules.seller_wait]", "[rules.seller_wait", r"rules.toml: \(file\): not valid TOML"),
        ("channels.toml", 'url = "https://www.cca.org.cn"', 'url = "https://www.cca.org.cn.example.com"', r"channels.toml: channels.cca.url: 'www.cca.org.cn.example.com' is not on the official list"),
        ("channels.toml", 'url = "https://www.cca.org.cn"', 'url = "https://www.消协.cn"', r"channels.toml: channels.cca.url: must be plain ASCII"),
        ("channels.toml", 'url = "https://sswz.spb.gov.cn"', 'url = "https://sswz.spb.gov.cn/' + "a" * 80 + '"', r"channels.toml: channels.spb_12305.url: .*at most 80 characters"),
    ],
)
def test_broken_content_is_reported_by_file_and_key(tmp_path, capsys, file, old, new, message):
    root = _broken(tmp_path, file, old, new)
    with pytest.raises(ContentError) as e:
        load_content(root)
    assert any(re.search(message, p) for p in e.value.problems), e.value.problems
    assert main(["check-content", str(root)]) == 1
    assert re.search(message, capsys.readouterr().err)


def test_check_content_passes_on_shipped_content(capsys):
    assert main(["check-content", str(CONTENT_DIR)]) == 0
    assert "OK: 9 problems" in capsys.readouterr().out


def test_kiosk_refuses_to_start_on_bad_content_without_a_traceback(tmp_path):
    root = _broken(tmp_path, "rules.toml", "amount = 7\nunit = \"days\"", "amount = -7\nunit = \"days\"")
    run = subprocess.run([sys.executable, "-m", "tui", "--demo", "--content", str(root)], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 1
    assert "rules.toml: rules.courier_reply.amount: must be a whole number" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_start_up_reuses_validated_content_until_a_file_changes(tmp_path, monkeypatch):
    """The kiosk keeps the content it validated (start-up is faster without parsing TOML);
    a staff edit is seen at the next start, and a broken edit is still refused."""
    from tui.core import content as module

    root = tmp_path / "c"
    shutil.copytree(CONTENT_DIR, root)
    cache = tmp_path / "cache"
    first = module.load_content_cached(root, cache)
    assert first == load_content(root)
    assert (cache / "content.pickle").stat().st_mode & 0o077 == 0

    calls = []
    real = module.load_content
    monkeypatch.setattr(module, "load_content", lambda r: calls.append(r) or real(r))
    assert module.load_content_cached(root, cache) == first
    assert calls == []  # read from the cache

    i18n = root / "i18n" / "zh-CN.toml"
    i18n.write_text(i18n.read_text(encoding="utf-8").replace("开始", "现在开始", 1), encoding="utf-8")
    edited = module.load_content_cached(root, cache)
    assert calls and edited != first and "现在开始" in str(edited.texts)

    (root / "rules.toml").write_text((root / "rules.toml").read_text(encoding="utf-8")
                                     .replace("amount = 7\nunit = \"days\"", "amount = -7\nunit = \"days\""),
                                     encoding="utf-8")
    with pytest.raises(ContentError):
        module.load_content_cached(root, cache)


def test_a_damaged_content_cache_is_read_past(tmp_path):
    from tui.core.content import load_content_cached

    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "content.pickle").write_bytes(b"not a pickle")
    assert load_content_cached(CONTENT_DIR, cache) == load_content(CONTENT_DIR)
    blocked = tmp_path / "a-file"  # a cache folder that cannot be made: the kiosk still starts
    blocked.write_text("")
    assert load_content_cached(CONTENT_DIR, blocked / "cache") == load_content(CONTENT_DIR)


def test_every_word_the_code_asks_for_is_in_the_words_file(content):
    """A key missing from content/i18n shows as the key itself on screen (text() falls back to
    it): every literal key in tui/, and the staff's twin of every printing error's key."""
    import re

    asked = re.compile(r'''\b(?:t|text|self\.t|\.text)\(\s*"([a-z0-9_]+)"''')
    missing = sorted({(m.group(1), str(p.relative_to(ROOT))) for p in (ROOT / "tui").rglob("*.py")
                      for m in asked.finditer(p.read_text(encoding="utf-8"))
                      if not m.group(1).endswith("_") and m.group(1) not in content.texts})
    assert not missing, missing
    raised = {m.group(1) for p in (ROOT / "tui" / "printing").rglob("*.py")
              for m in re.finditer(r'PrintError\(\s*"(print_[a-z_]+)"', p.read_text(encoding="utf-8"))}
    assert raised and not [k for k in raised if "staff_" + k not in content.texts]


def test_evidence_is_named_by_id_and_a_problem_naming_an_unknown_one_is_refused(content, tmp_path):
    assert all(item in content.evidence for p in content.problems.values() for item in p.evidence)
    assert content.evidence["seller_chat"] == "与卖家的聊天记录截图"
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    path = root / "problems.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"seller_chat"]', '"seller_chats"]', 1), encoding="utf-8")
    with pytest.raises(ContentError, match="seller_chats"):
        load_content(root)
