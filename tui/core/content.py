"""Provides the content model (channels, carriers, rules, laws, questions, problems, events,
China's calendar) loaded from the TOML files staff edit, validated with messages that name
the file and the key."""

from __future__ import annotations

import os
import pickle
import re
import sys
import string
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from .calendar import WorkCalendar
from .plaintext import plain, plain_tree
from .words import REFERENCE, Words, chosen_language

QUESTION_KINDS = ("date", "order_no", "tracking", "contact", "choices", "text")
RULE_UNITS = ("days", "working_days", "months", "years")
CONFIDENCE = ("high", "medium", "low")


class ContentError(Exception):
    """Content that cannot be used; `problems` holds one `file: key: what is wrong` each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    short: str
    act: str  # "向 12305 申诉": the step as a verb phrase
    phone: str
    phone_note: str
    url: str
    hours: str
    how: str
    ready: tuple[str, ...]
    preconditions: str
    wait: tuple[str, ...]  # rules, one after the other, to wait through before moving on
    wait_note: str  # said after the wait (e.g. that 12315's acceptance is not a result)
    window: str
    source: str
    verified_on: date
    confidence: str
    # How a step not yet taken opens: "advice" (the help desk suggests waiting for the step
    # before; no law sets the date), "law" (a statute's precondition: 12305 hears an appeal
    # once the courier's 7 days are over) or "any_time" (no start date at all, only a limit:
    # the court, 民法典 Art. 188).
    opens: str = "advice"
    # Facts sure to a different degree than the channel as a whole (phone, hours, how …).
    confidences: dict[str, str] = field(default_factory=dict, compare=False)
    tips: tuple[str, ...] = ()
    # What the body is, in plain words, said where its number is first seen.
    plain: str = ""

    def confidence_of(self, fact: str) -> str:
        """How sure the kiosk is of one shown fact ("phone", "url", "hours", "how" …)."""
        return self.confidences.get(fact, self.confidence)


@dataclass(frozen=True)
class Carrier:
    id: str
    name: str
    hotline: str
    patterns: tuple[re.Pattern, ...]
    source: str
    verified_on: date
    confidence: str


@dataclass(frozen=True)
class Rule:
    id: str
    amount: int
    unit: str
    kind: str  # "law" or "advice"
    text: str
    source: str
    verified_on: date
    # China's calendar from content/calendar.toml: working days, and the days off a legal
    # period's last day moves past (民法典 Art. 203).
    calendar: WorkCalendar | None = field(default=None, compare=False, repr=False)

    name: str = ""  # a window's short name, for "期限快到了：{name}最晚 …" (windows only)

    def describe(self) -> str:
        return self.text.format(n=self.amount)


@dataclass(frozen=True)
class Law:
    id: str
    cite: str
    plain: str
    source: str
    verified_on: date = date.min
    confidence: str = "high"
    to: tuple[str, ...] = ()  # the recipients (recipients.toml) whose complaint text cites it
    # What it supports: options of "want" and "always" (a body's standing requests). A text
    # cites it only when it asks one of them: no article stands in a text that asks nothing
    # it covers.
    covers: tuple[str, ...] = ()
    binding: bool = True  # False: a platform's own rule, cited as 参照 after the statutes


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    fact: str = ""
    fact_noted: str = ""  # the fact when the visitor noted what the other side said
    # The same two, in a text written to the body the question is about: "your shop's service",
    # not "the seller" in a letter to the seller. "" uses the two above.
    fact_self: str = ""
    fact_noted_self: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    hint: str
    required: bool
    fact: str
    not_before: tuple[str, ...]
    channel: str
    options: tuple[Option, ...]
    max_length: int
    if_future: str = ""  # what to say when the date is still to come (e.g. a promised date)
    fact_same_day: str = ""  # the fact when the date is today ("已超过 0 天" says nothing)
    dated_by: str = ""  # a choices question: the date question whose day its fact is about
    counts_from: str = ""  # a date question: "48小时" / "3天内" counts from that question's date

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Page:
    """Questions asked together on one screen (the order's numbers; who was contacted)."""

    id: str
    prompt: str
    hint: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Rung:
    channel: str
    why: str
    same_day: bool = False  # may be taken the same day as the step before it
    tips: tuple[str, ...] = ()
    act: str = ""  # the step as a verb phrase for this problem, where it differs from the channel's
    # The visitor's own right that runs out (the 7-day return): a rule, counted from a date
    # question's answer. While it is open, this step is today.
    window: str = ""
    window_from: str = ""


TRACKS = ("purchase", "delivery")


@dataclass(frozen=True)
class Problem:
    id: str
    label: str
    summary: str
    questions: tuple[str, ...]
    evidence: tuple[str, ...]  # ids of Content.evidence
    laws: tuple[str, ...]
    wants: tuple[str, ...]
    tracks: tuple[tuple[str, tuple[Rung, ...]], ...]  # (track id, its steps), in TRACKS order
    tips: tuple[str, ...] = ()
    hints: dict[str, str] = field(default_factory=dict, compare=False)  # question id → hint for this problem
    offers: tuple[str, ...] = ()  # the options of "want" offered for this problem (empty: all)
    contacts_after: str = ""  # a date question: contacting anyone before that day is asked about
    # recipient id → {want option id or "always" → request}: what this problem asks a body
    # instead of its usual words (a rude courier's Tmall text asks no apology of the seller).
    requests: dict[str, dict] = field(default_factory=dict, compare=False)

    def hint(self, question: Question) -> str:
        return self.hints.get(question.id, question.hint)

    @property
    def ladder(self) -> tuple[Rung, ...]:
        """Every step of every track."""
        return tuple(r for _, rungs in self.tracks for r in rungs)


@dataclass(frozen=True)
class Recipient:
    """A body that receives a written complaint, and what its text may ask of it."""

    id: str
    short: str
    channels: tuple[str, ...]
    template: str
    requests: dict[str, str]  # want option id → the request, for what this body can grant
    always: tuple[str, ...]  # requests made whatever the visitor wants
    # "a+b" → one request for wishes that are alternatives (补发；不能补发的，退款): a text never
    # asks for two remedies at once.
    combine: dict[str, str] = field(default_factory=dict)


EVENT_EFFECTS = ("contacted", "answered", "silent", "remedied", "compensated", "solved", "undo")


@dataclass(frozen=True)
class EventKind:
    """Something a visitor can record on a saved case, and what it means for the plan."""

    id: str
    label: str
    channels: tuple[str, ...]
    effect: str  # one of EVENT_EFFECTS
    date_prompt: str
    track: str = ""  # "remedied": the track it ends (purchase | delivery)
    fact: str = ""  # the sentence a complaint text gets from it, with {date} and {note}
    offered: bool = True  # False: kept only so that old cases still read


@dataclass(frozen=True)
class Content:
    channels: dict[str, Channel]
    carriers: dict[str, Carrier]
    rules: dict[str, Rule]
    laws: dict[str, Law]
    questions: dict[str, Question]
    problems: dict[str, Problem]
    texts: dict[str, str] = field(default_factory=dict)
    official_domains: tuple[str, ...] = ()
    events: dict[str, EventKind] = field(default_factory=dict)
    recipients: dict[str, Recipient] = field(default_factory=dict)
    prevention: tuple[str, ...] = ()
    pages: dict[str, Page] = field(default_factory=dict)
    # Evidence a visitor may gather: id → the words shown and printed (problems name ids).
    evidence: dict[str, str] = field(default_factory=dict)

    def page_of(self, question: str) -> str:
        """The screen a question is asked on: its page, or a screen of its own."""
        return next((p.id for p in self.pages.values() if question in p.questions), question)

    lang: str = REFERENCE

    @cached_property
    def words(self) -> Words:
        """Every visitor-facing sentence, and dates, in the kiosk's language."""
        return Words(self.lang, self.texts)

    def text(self, key: str, **values: object) -> str:
        """A UI string from i18n, with {placeholders} filled (Words)."""
        return self.words(key, **values)

    def fact(self, value: str, confidence: str) -> str:
        """A fact as shown: "未核实，以官方页面为准" beside it unless it is sure (high)."""
        return value if confidence == "high" else value + self.text("unverified_mark")


# --- loading --------------------------------------------------------------------------


def default_content_dir() -> Path:
    """The content folder: $KIOSK_CONTENT, the copy inside the wheel, or the source tree."""
    env = os.environ.get("KIOSK_CONTENT")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_content"
    return packaged if packaged.is_dir() else here.parent / "content"


def load_content_cached(root: Path | str | None, cache_dir: Path) -> Content:
    """load_content, reusing the content last validated when neither a content file nor this
    code has changed since. Parsing the TOML files is most of what start-up spends on content
    (bench/run.py); a cache that is missing, stale or unreadable is simply read again."""
    root = Path(root) if root else default_content_dir()
    cached = cache_dir / "content.pickle"
    key = None
    try:
        key = _fingerprint(root)  # before reading: an edit made meanwhile makes the cache stale
        with open(cached, "rb") as f:
            stored_key, content = pickle.load(f)
        if stored_key == key and isinstance(content, Content) and content.lang == chosen_language():
            content.words.use_for_dates()
            return content
    except Exception:  # noqa: BLE001 — any fault in a cache only means reading the files
        pass
    content = load_content(root)  # raises ContentError: nothing invalid is ever cached
    if key is None:
        return content
    try:
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = cached.with_name(f".content-{os.getpid()}.tmp")
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
            pickle.dump((key, content), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cached)
    except (OSError, pickle.PicklingError):
        pass  # a read-only or full disk: the next start reads the files again
    return content


def _fingerprint(root: Path) -> tuple:
    """What the cached content depends on: every content file (name, size, modification
    time) and the code that reads them."""
    here = Path(__file__).resolve().parent
    files = [p for p in sorted(root.rglob("*")) if p.is_file()]
    code = [here / "content.py", here / "calendar.py", here / "words.py"]
    return (sys.version, str(root.resolve()),
            tuple((str(p.relative_to(root)), *_stamp(p)) for p in files), tuple(_stamp(p) for p in code))


def _stamp(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns, st.st_ino


class _Reader:
    """Collects every problem in the content instead of stopping at the first one, so staff
    can fix them all in one go."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[str] = []

    def toml(self, name: str) -> dict:
        path = self.root / name
        try:
            with path.open("rb") as f:
                return plain_tree(tomllib.load(f))  # what staff typed is shown as text
        except FileNotFoundError:
            self.problems.append(f"{name}: (file): the file is missing")
        except tomllib.TOMLDecodeError as e:
            self.problems.append(f"{name}: (file): not valid TOML: {e}")
        except (OSError, UnicodeDecodeError) as e:
            self.problems.append(f"{name}: (file): cannot be read: {e}")
        return {}

    def text_file(self, name: str) -> str:
        try:
            return plain((self.root / name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.problems.append(f"{name}: (file): the file is missing")
        except (OSError, UnicodeDecodeError) as e:
            self.problems.append(f"{name}: (file): cannot be read: {e}")
        return ""

    def bad(self, file: str, key: str, what: str) -> None:
        self.problems.append(f"{file}: {key}: {what}")

    def txt(self, file: str, key: str, table: dict, name: str, required: bool = True) -> str:
        value = table.get(name, "")
        if not isinstance(value, str):
            self.bad(file, f"{key}.{name}", f"must be text, not {type(value).__name__}")
            return ""
        if required and not value.strip():
            self.bad(file, f"{key}.{name}", "is missing or empty")
        return value.strip()

    def strs(self, file: str, key: str, table: dict, name: str, required: bool = True) -> tuple[str, ...]:
        value = table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.bad(file, f"{key}.{name}", "must be a list of non-empty texts")
            return ()
        if required and not value:
            self.bad(file, f"{key}.{name}", "must not be empty")
        return tuple(v.strip() for v in value)

    def day(self, file: str, key: str, table: dict, name: str = "verified_on") -> date:
        value = table.get(name)
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.bad(file, f"{key}.{name}", "must be a date written YYYY-MM-DD")
        return date.min

    def confidence(self, file: str, key: str, table: dict, name: str = "confidence") -> str:
        value = self.txt(file, key, table, name)
        if value and value not in CONFIDENCE:
            self.bad(file, f"{key}.{name}", f"must be one of {', '.join(CONFIDENCE)}")
        return value

    def items(self, file: str, key: str, table: dict, name: str, shape: str):
        """(index, key for messages, table) for each { … } of the list `name`; anything else
        in it, or a `name` that is not a list, is reported."""
        raw = table.get(name, [])
        if not isinstance(raw, list):
            self.bad(file, f"{key}.{name}", f"must be a list of {shape}")
            return
        for i, item in enumerate(raw):
            item_key = f"{key}.{name}[{i}]"
            if isinstance(item, dict):
                yield i, item_key, item
            else:
                self.bad(file, item_key, f"must be {shape}")

    def section(self, file: str, data: dict, name: str) -> dict[str, dict]:
        tables = data.get(name)
        if not isinstance(tables, dict) or not tables:
            if data:
                self.bad(file, name, f"needs at least one [{name}.<id>] table")
            return {}
        good = {}
        for key, table in tables.items():
            if isinstance(table, dict):
                good[key] = table
            else:
                self.bad(file, f"{name}.{key}", "must be a table")
        return good


def _format_check(r: _Reader, file: str, key: str, template: str, **sample: object) -> None:
    """Fill a staff-written sentence with sample values, so a typo in a {placeholder}
    shows up in check-content rather than in front of a visitor."""
    try:
        template.format(**sample)
    except (KeyError, IndexError, ValueError) as e:
        names = ", ".join("{" + k + "}" for k in sample) or "none"
        r.bad(file, key, f"unknown or broken placeholder ({e}); allowed: {names}")


def load_content(root: Path | str | None = None, lang: str | None = None) -> Content:
    """Read and validate every content file, its words in `lang` (default: chosen_language);
    raise ContentError listing all problems."""
    r = _Reader(Path(root) if root else default_content_dir())

    calendar = _calendar(r)

    f = "rules.toml"
    rules = {}
    for key, t in r.section(f, r.toml(f), "rules").items():
        k = f"rules.{key}"
        amount = t.get("amount")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            r.bad(f, f"{k}.amount", "must be a whole number, 0 or more")
            amount = 0
        unit = r.txt(f, k, t, "unit")
        if unit and unit not in RULE_UNITS:
            r.bad(f, f"{k}.unit", f"must be one of {', '.join(RULE_UNITS)}")
        kind = r.txt(f, k, t, "kind")
        if kind and kind not in ("law", "advice"):
            r.bad(f, f"{k}.kind", "must be law or advice")
        text = r.txt(f, k, t, "text")
        _format_check(r, f, f"{k}.text", text, n=1)
        rules[key] = Rule(key, amount, unit, kind, text, r.txt(f, k, t, "source"), r.day(f, k, t), calendar,
                          r.txt(f, k, t, "name", required=False))

    f = "domains.toml"
    domains_table = r.toml(f)
    domains = r.strs(f, "(file)", domains_table, "official") if domains_table else ()

    f = "channels.toml"
    channels = {}
    for key, t in r.section(f, r.toml(f), "channels").items():
        k = f"channels.{key}"
        url = r.txt(f, k, t, "url", required=False)
        if url:
            _check_url(r, f, f"{k}.url", url, domains)
        window = r.txt(f, k, t, "window", required=False)
        wait = r.strs(f, k, t, "wait", required=False)
        for where, name in (("window", window), *(("wait", w) for w in wait)):
            if name and name not in rules:
                r.bad(f, f"{k}.{where}", f"names rule '{name}', which rules.toml does not have")
        opens = r.txt(f, k, t, "opens", required=False) or "advice"
        if opens not in CHANNEL_OPENS:
            r.bad(f, f"{k}.opens", f"must be one of {', '.join(CHANNEL_OPENS)}")
        confidences = {}
        for fact in FACTS:
            if f"{fact}_confidence" in t:
                confidences[fact] = r.confidence(f, k, t, f"{fact}_confidence")
        channels[key] = Channel(
            id=key,
            name=r.txt(f, k, t, "name"),
            short=r.txt(f, k, t, "short"),
            act=r.txt(f, k, t, "act"),
            phone=r.txt(f, k, t, "phone", required=False),
            phone_note=r.txt(f, k, t, "phone_note", required=False),
            url=url,
            hours=r.txt(f, k, t, "hours", required=False),
            how=r.txt(f, k, t, "how"),
            ready=r.strs(f, k, t, "ready"),
            preconditions=r.txt(f, k, t, "preconditions", required=False),
            wait=wait,
            wait_note=r.txt(f, k, t, "wait_note", required=False),
            window=window,
            source=r.txt(f, k, t, "source"),
            verified_on=r.day(f, k, t),
            confidence=r.confidence(f, k, t),
            opens=opens,
            confidences=confidences,
            tips=r.strs(f, k, t, "tips", required=False),
            plain=r.txt(f, k, t, "plain", required=False),
        )

    f = "carriers.toml"
    carriers = {}
    for key, t in r.section(f, r.toml(f), "carriers").items():
        k = f"carriers.{key}"
        patterns = []
        for i, p in enumerate(r.strs(f, k, t, "patterns")):
            try:
                patterns.append(re.compile(p))
            except re.error as e:
                r.bad(f, f"{k}.patterns[{i}]", f"not a valid regular expression: {e}")
        carriers[key] = Carrier(
            id=key,
            name=r.txt(f, k, t, "name"),
            hotline=r.txt(f, k, t, "hotline", required=False),
            patterns=tuple(patterns),
            source=r.txt(f, k, t, "source"),
            verified_on=r.day(f, k, t),
            confidence=r.confidence(f, k, t),
        )

    f = "laws.toml"
    laws = {}
    for key, t in r.section(f, r.toml(f), "laws").items():
        k = f"laws.{key}"
        laws[key] = Law(key, r.txt(f, k, t, "cite"), r.txt(f, k, t, "plain"), r.txt(f, k, t, "source"),
                        r.day(f, k, t), r.confidence(f, k, t), r.strs(f, k, t, "to"), r.strs(f, k, t, "covers"),
                        t.get("binding", True) is not False)

    f = "problems.toml"
    data = r.toml(f)
    questions = {}
    for key, t in r.section(f, data, "questions").items():
        questions[key] = _question(r, f, key, t, channels)
    for q in questions.values():
        if q.dated_by and (questions.get(q.dated_by) is None or questions[q.dated_by].kind != "date"):
            r.bad(f, f"questions.{q.id}.dated_by", f"'{q.dated_by}' is not a date question")
        if q.counts_from and (questions.get(q.counts_from) is None or questions[q.counts_from].kind != "date"):
            r.bad(f, f"questions.{q.id}.counts_from", f"'{q.counts_from}' is not a date question")
        for other in q.not_before:
            if questions.get(other) is None or questions[other].kind != "date":
                r.bad(f, f"questions.{q.id}.not_before", f"'{other}' is not a date question")
    pages = {}
    for key, t in r.section(f, data, "pages").items():
        k = f"pages.{key}"
        named = r.strs(f, k, t, "questions")
        for q in named:
            if q not in questions:
                r.bad(f, f"{k}.questions", f"names question '{q}', which is not defined under [questions]")
            elif any(q in other.questions for other in pages.values()):
                r.bad(f, f"{k}.questions", f"'{q}' is on another page already")
        if key in questions:
            r.bad(f, k, "a page cannot have the id of a question")
        pages[key] = Page(key, r.txt(f, k, t, "prompt"), r.txt(f, k, t, "hint", required=False), named)
    evidence = {}
    for key, label in (data.get("evidence") or {}).items():
        if isinstance(label, str) and label.strip():
            evidence[key] = plain(label.strip())
        else:
            r.bad(f, f"evidence.{key}", "must be the words shown for it")
    problems = {}
    for key, t in r.section(f, data, "problems").items():
        problems[key] = _problem(r, f, key, t, questions, channels, laws, rules)
        for item in problems[key].evidence:
            if item not in evidence:
                r.bad(f, f"problems.{key}.evidence", f"'{item}' is not in [evidence]")

    f = "events.toml"
    events = {}
    for key, t in r.section(f, r.toml(f), "events").items():
        k = f"events.{key}"
        effect = r.txt(f, k, t, "effect")
        if effect and effect not in EVENT_EFFECTS:
            r.bad(f, f"{k}.effect", f"must be one of {', '.join(EVENT_EFFECTS)}")
        named = r.strs(f, k, t, "channels", required=effect in ("contacted", "answered", "silent"))
        for ch in named:
            if ch not in channels:
                r.bad(f, f"{k}.channels", f"names channel '{ch}', which channels.toml does not have")
        track = r.txt(f, k, t, "track", required=effect == "remedied")
        if track and track not in TRACKS:
            r.bad(f, f"{k}.track", f"must be one of {', '.join(TRACKS)}")
        fact = r.txt(f, k, t, "fact", required=False)
        _format_check(r, f, f"{k}.fact", fact, date="", note="")
        offered = t.get("offered", True)
        if not isinstance(offered, bool):
            r.bad(f, f"{k}.offered", "must be true or false")
        events[key] = EventKind(key, r.txt(f, k, t, "label"), named, effect, r.txt(f, k, t, "date_prompt"), track,
                                fact, offered is not False)

    recipients = _recipients(r, channels, questions)
    want = questions.get("want")
    for law in laws.values():
        for to in law.to:
            if to not in recipients:
                r.bad("laws.toml", f"laws.{law.id}.to", f"names recipient '{to}', which recipients.toml does not have")
        for c in law.covers:
            if c != "always" and (want is None or want.option(c) is None):
                r.bad("laws.toml", f"laws.{law.id}.covers", f"'{c}' is neither 'always' nor an option of question 'want'")
    for problem in problems.values():
        for who, asked in problem.requests.items():
            if who not in recipients:
                r.bad("problems.toml", f"problems.{problem.id}.requests.{who}", "is not a recipient in recipients.toml")
            for c in asked:
                if c != "always" and (want is None or want.option(c) is None):
                    r.bad("problems.toml", f"problems.{problem.id}.requests.{who}.{c}",
                          "is neither 'always' nor an option of question 'want'")

    f = "advice.toml"
    prevention_table = r.toml(f).get("prevention", {})
    r.txt(f, "prevention", prevention_table, "source")
    r.day(f, "prevention", prevention_table)
    prevention = r.strs(f, "prevention", prevention_table, "items")

    lang = lang or chosen_language()
    texts = _texts(r, lang)
    if lang != REFERENCE and texts:
        reference = Words(REFERENCE, _texts(r, REFERENCE))
        for key in Words(lang, texts).missing(reference):
            r.bad(f"i18n/{lang}.toml", key, f"missing: {REFERENCE} has it")

    if r.problems:
        raise ContentError(r.problems)
    content = Content(channels, carriers, rules, laws, questions, problems, texts, domains, events, recipients,
                      prevention, pages, evidence, lang)
    content.words.use_for_dates()
    return content


def _texts(r: _Reader, lang: str) -> dict[str, str]:
    f = f"i18n/{lang}.toml"
    texts = {}
    for key, value in r.toml(f).items():
        if isinstance(value, str):
            texts[key] = value
        else:
            r.bad(f, key, "must be text")
    return texts


def _recipients(r: _Reader, channels: dict, questions: dict) -> dict[str, Recipient]:
    """recipients.toml: who receives a written complaint, its template and what it can grant."""
    f = "recipients.toml"
    want = questions.get("want")
    recipients = {}
    for key, t in r.section(f, r.toml(f), "recipients").items():
        k = f"recipients.{key}"
        named = r.strs(f, k, t, "channels")
        for ch in named:
            if ch not in channels:
                r.bad(f, f"{k}.channels", f"names channel '{ch}', which channels.toml does not have")
        requests = t.get("requests", {})
        if not isinstance(requests, dict) or not all(isinstance(v, str) and v.strip() for v in requests.values()):
            r.bad(f, f"{k}.requests", "must be a table of want option id = \"request\"")
            requests = {}
        for option in requests:
            if want is None or want.option(option) is None:
                r.bad(f, f"{k}.requests.{option}", "is not an option of question 'want'")
        name = r.txt(f, k, t, "template")
        template = r.text_file(name) if name else ""
        if template:
            fields = {m.group("named") or m.group("braced") for m in string.Template.pattern.finditer(template)}
            unknown = sorted(x for x in fields if x and x not in TEMPLATE_FIELDS)
            if unknown:
                r.bad(name, "(text)", f"unknown fields {', '.join('$' + u for u in unknown)}; "
                      f"allowed: {', '.join('$' + x for x in TEMPLATE_FIELDS)}")
        combine = t.get("combine", {})
        if not isinstance(combine, dict) or not all(isinstance(v, str) and v.strip() for v in combine.values()):
            r.bad(f, f"{k}.combine", "must be a table of \"option+option\" = \"request\"")
            combine = {}
        for pair in combine:
            parts = pair.split("+")
            if len(parts) < 2 or any(p not in requests for p in parts):
                r.bad(f, f"{k}.combine.{pair}", "must name two or more options this recipient has requests for, as \"a+b\"")
        recipients[key] = Recipient(key, r.txt(f, k, t, "short"), named, template,
                                    {o: v.strip() for o, v in requests.items()}, r.strs(f, k, t, "always", required=False),
                                    {p: v.strip() for p, v in combine.items()})
    return recipients


def _calendar(r: _Reader) -> WorkCalendar:
    """China's days off and make-up workdays per year, each date checked against its year
    and weekday so a typo cannot silently move a deadline."""
    f = "calendar.toml"
    data = r.toml(f)
    if not data:
        return WorkCalendar()
    r.txt(f, "(file)", data, "source")
    r.day(f, "(file)", data)
    off, work, years, announced = set(), set(), set(), set()
    for key, t in r.section(f, data, "years").items():
        if not key.isdigit():
            r.bad(f, f"years.{key}", "must be a year like 2026")
            continue
        year = int(key)
        years.add(year)
        if t.get("announced", False) is True:
            announced.add(year)
        elif t.get("announced", False) is not False:
            r.bad(f, f"years.{key}.announced", "must be true or false")
        for name, into, weekend in (("days_off", off, False), ("workdays", work, True)):
            for i, value in enumerate(r.strs(f, f"years.{key}", t, name, required=False)):
                try:
                    d = date.fromisoformat(value)
                except ValueError:
                    r.bad(f, f"years.{key}.{name}[{i}]", f"'{value}' is not a date written YYYY-MM-DD")
                    continue
                if d.year != year:
                    r.bad(f, f"years.{key}.{name}[{i}]", f"{value} is not in {year}")
                elif (d.weekday() >= 5) != weekend:
                    r.bad(f, f"years.{key}.{name}[{i}]", f"{value} is a {'weekday' if weekend else 'weekend day'}; "
                          f"{name} lists only {'weekend days' if weekend else 'weekdays'}")
                else:
                    into.add(d)
    return WorkCalendar(frozenset(off), frozenset(work), frozenset(years), frozenset(announced))


def _check_url(r: _Reader, f: str, key: str, url: str, domains: tuple[str, ...]) -> None:
    """Only short https addresses on an official domain: they go into QR codes that a
    visitor trusts because the kiosk shows them."""
    from urllib.parse import urlsplit

    if not url.startswith("https://"):
        r.bad(f, key, "must start with https://")
        return
    if not url.isascii() or len(url) > 80 or any(c.isspace() for c in url):
        r.bad(f, key, "must be plain ASCII, without spaces, at most 80 characters")
        return
    host = (urlsplit(url).hostname or "").lower()
    if not any(host == d or host.endswith("." + d) for d in domains):
        r.bad(f, key, f"'{host}' is not on the official list in domains.toml ({', '.join(domains)})")


TEMPLATE_FIELDS = ("today", "problem", "order_no", "tracking", "carrier", "tracking_line", "facts", "legal_basis",
                   "requests", "evidence")
CHANNEL_OPENS = ("advice", "law", "any_time")
# The facts of a channel that are shown, each with its own confidence where it differs.
FACTS = ("phone", "phone_note", "url", "hours", "how", "ready")


def _question(r: _Reader, f: str, key: str, t: dict, channels: dict) -> Question:
    k = f"questions.{key}"
    kind = r.txt(f, k, t, "kind")
    if kind and kind not in QUESTION_KINDS:
        r.bad(f, f"{k}.kind", f"must be one of {', '.join(QUESTION_KINDS)}")
    required = t.get("required", True)
    if not isinstance(required, bool):
        r.bad(f, f"{k}.required", "must be true or false")
        required = True
    options = []
    for _, ok, o in r.items(f, k, t, "options", "{ id = …, label = … }"):
        opt = Option(r.txt(f, ok, o, "id"), r.txt(f, ok, o, "label"), r.txt(f, ok, o, "fact", required=False),
                     r.txt(f, ok, o, "fact_noted", required=False), r.txt(f, ok, o, "fact_self", required=False),
                     r.txt(f, ok, o, "fact_noted_self", required=False))
        if kind == "contact" and opt.id != "no":
            for name in ("fact", "fact_self"):
                _format_check(r, f, f"{ok}.{name}", getattr(opt, name), date="")
            for name in ("fact_noted", "fact_noted_self"):
                _format_check(r, f, f"{ok}.{name}", getattr(opt, name), date="", note="")
        options.append(opt)
    if kind in ("contact", "choices") and not options:
        r.bad(f, f"{k}.options", f"a {kind} question needs options")
    if kind == "contact" and options and {o.id for o in options} != {"no", "waiting", "unsatisfied"}:
        r.bad(f, f"{k}.options", "a contact question has exactly the options no, waiting, unsatisfied")
    channel = r.txt(f, k, t, "channel", required=kind == "contact")
    if channel and channel not in channels:
        r.bad(f, f"{k}.channel", f"names channel '{channel}', which channels.toml does not have")
    fact = r.txt(f, k, t, "fact", required=kind == "text")
    fact_same_day = r.txt(f, k, t, "fact_same_day", required=False)
    if kind == "date":
        _format_check(r, f, f"{k}.fact", fact, date="", today="", days=0)
        _format_check(r, f, f"{k}.fact_same_day", fact_same_day, date="", today="", days=0)
    elif kind == "text":
        _format_check(r, f, f"{k}.fact", fact, text="")
    elif kind == "choices":
        _format_check(r, f, f"{k}.fact", fact, items="", date="")
    max_length = t.get("max_length", 300)
    if not isinstance(max_length, int) or max_length < 1:
        r.bad(f, f"{k}.max_length", "must be a whole number, 1 or more")
        max_length = 300
    return Question(
        id=key,
        kind=kind,
        prompt=r.txt(f, k, t, "prompt"),
        hint=r.txt(f, k, t, "hint", required=False),
        required=required,
        fact=fact,
        not_before=r.strs(f, k, t, "not_before", required=False),
        channel=channel,
        options=tuple(options),
        max_length=max_length,
        if_future=r.txt(f, k, t, "if_future", required=False),
        counts_from=r.txt(f, k, t, "counts_from", required=False),
        fact_same_day=fact_same_day,
        dated_by=r.txt(f, k, t, "dated_by", required=False),
    )


def _problem(r: _Reader, f: str, key: str, t: dict, questions: dict, channels: dict, laws: dict,
             rules: dict) -> Problem:
    k = f"problems.{key}"
    qs = r.strs(f, k, t, "questions")
    for q in qs:
        if q not in questions:
            r.bad(f, f"{k}.questions", f"names question '{q}', which is not defined under [questions]")
    for q in qs:
        for other in questions[q].not_before if q in questions else ():
            if other not in qs:
                r.bad(f, f"{k}.questions", f"'{q}' must come after '{other}', which this problem does not ask")
            elif qs.index(other) > qs.index(q):
                r.bad(f, f"{k}.questions", f"'{q}' must come after '{other}'")
    law_ids = r.strs(f, k, t, "laws")
    for law in law_ids:
        if law not in laws:
            r.bad(f, f"{k}.laws", f"names law '{law}', which laws.toml does not have")
    wants = r.strs(f, k, t, "wants", required=False)
    want_q = questions.get("want")
    for w in wants:
        if want_q is None or want_q.option(w) is None:
            r.bad(f, f"{k}.wants", f"'{w}' is not an option of question 'want'")
    tracks = []
    for track in TRACKS:
        rungs = []
        for i, rk, rung in r.items(f, k, t, track, "{ channel = …, why = … }"):
            ch = r.txt(f, rk, rung, "channel")
            if ch and ch not in channels:
                r.bad(f, f"{rk}.channel", f"names channel '{ch}', which channels.toml does not have")
            same_day = rung.get("same_day", False)
            if not isinstance(same_day, bool) or (same_day and i == 0):
                r.bad(f, f"{rk}.same_day", "must be true or false, and not on a track's first step")
            window = r.txt(f, rk, rung, "window", required=False)
            window_from = r.txt(f, rk, rung, "window_from", required=bool(window))
            if window and window not in rules:
                r.bad(f, f"{rk}.window", f"names rule '{window}', which rules.toml does not have")
            if window_from and (window_from not in qs or questions[window_from].kind != "date"):
                r.bad(f, f"{rk}.window_from", f"'{window_from}' is not a date question this problem asks")
            rungs.append(Rung(ch, r.txt(f, rk, rung, "why"), same_day is True,
                              r.strs(f, rk, rung, "tips", required=False), r.txt(f, rk, rung, "act", required=False),
                              window, window_from))
        if rungs:
            tracks.append((track, tuple(rungs)))
    if not tracks:
        r.bad(f, k, f"needs at least one track: {' or '.join(TRACKS)}, each a list of {{ channel = …, why = … }}")
    hints = t.get("hints", {})
    if not isinstance(hints, dict) or not all(isinstance(v, str) for v in hints.values()):
        r.bad(f, f"{k}.hints", "must be a table of question id = \"hint\"")
        hints = {}
    for q in hints:
        if q not in qs:
            r.bad(f, f"{k}.hints.{q}", "is not a question this problem asks")
    offers = r.strs(f, k, t, "offers", required=False)
    for w in offers:
        if want_q is None or want_q.option(w) is None:
            r.bad(f, f"{k}.offers", f"'{w}' is not an option of question 'want'")
    for w in wants:
        if offers and w not in offers:
            r.bad(f, f"{k}.wants", f"'{w}' is not among this problem's offers")
    requests = t.get("requests", {})
    if not isinstance(requests, dict) or not all(
            isinstance(v, dict) and all(isinstance(x, str) or (c == "always" and isinstance(x, list)) for c, x in v.items())
            for v in requests.values()):
        r.bad(f, f"{k}.requests", "must be a table of recipient = { option id = \"request\", always = [\"…\"] }")
        requests = {}
    contacts_after = r.txt(f, k, t, "contacts_after", required=False)
    if contacts_after and (contacts_after not in qs or questions[contacts_after].kind != "date"):
        r.bad(f, f"{k}.contacts_after", f"'{contacts_after}' is not a date question this problem asks")
    return Problem(
        id=key,
        label=r.txt(f, k, t, "label"),
        summary=r.txt(f, k, t, "summary", required=False),
        questions=qs,
        evidence=r.strs(f, k, t, "evidence"),
        laws=law_ids,
        wants=wants,
        tracks=tuple(tracks),
        tips=r.strs(f, k, t, "tips", required=False),
        hints={q: h.strip() for q, h in hints.items()},
        offers=offers,
        contacts_after=contacts_after,
        requests=requests,
    )
