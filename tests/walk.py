"""Drives the kiosk as a visitor would, with keys, for the Pilot tests."""

from __future__ import annotations

# What a visitor types for each question (contact: choice, date, note).
TYPED = {
    "order_date": "2026年11月1日",
    "order_no": "1234 5678 9012 3456 789",
    "tracking": "73123456789012",
    "last_update": "11月5日",
    "promised_date": "11月10日",
    "promised_ship_date": "11月3日",
    "signed_date": "3天前",
    "delivered_date": "11月15日",
    "seller_contact": ("waiting", "11月20日", "客服说在查"),
    "tmall_contact": ("no", "", ""),
    "courier_contact": ("unsatisfied", "11月22日", "电话打不通"),
    "want": None,  # the problem's usual requests are already ticked
    "left_where": ["locker"],
    "incident_date": "11月15日",
    "courier_did": ["rude", "extra_fee"],
    "lost_how": ["courier_said"],
    "details": "外箱有压痕",
}

KEYS = {" ": "space"}


def in_screen_order(app, problem_id: str) -> list[str]:
    """The problem's questions in the order the screens ask them (a page has its own order)."""
    from tui.core.interview import Interview

    interview = Interview(app.content, problem_id)
    return [q for step in interview.steps() if step in app.content.pages or step in app.content.questions
            for q in interview.questions_on(step)]


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[KEYS.get(ch, ch) for ch in text])


async def choose_problem(pilot, problem_id: str) -> None:
    app = pilot.app
    index = list(app.content.problems).index(problem_id)
    await pilot.press(*["down"] * index, "enter")
    await pilot.pause()


async def start(pilot, problem_id: str) -> None:
    """From Welcome: press 开始 and choose the problem."""
    await pilot.click("#start")
    await choose_problem(pilot, problem_id)


async def answer(pilot, qid: str, typed=None, submit=None) -> None:
    """Answer the question on screen and move on. The key that moves on goes through
    `submit` (default: pressed), so the benchmark can time just the transition."""
    app = pilot.app
    q = app.content.questions[qid]
    typed = TYPED[qid] if typed is None else typed
    submit = submit or pilot.press
    if q.kind in ("date", "order_no", "tracking"):
        await type_text(pilot, typed)
        await submit("enter")
    elif q.kind == "contact":
        status, day, note = typed
        index = [o.id for o in q.options].index(status)
        await pilot.press(*["down"] * index)
        if status == "no":
            await submit("enter")  # a choice that needs no date moves on by itself
        else:
            await pilot.press("enter")
            await type_text(pilot, day)
            await pilot.press("enter")
            await type_text(pilot, note)
            await submit("enter")
    elif q.kind == "choices":
        if typed:  # tick these (the list starts on its first option)
            ids, at = [o.id for o in q.options], 0
            for option in sorted(typed, key=ids.index):
                await pilot.press(*["down"] * (ids.index(option) - at), "space")
                at = ids.index(option)
        on_page = app.interview.questions_on(app.content.page_of(qid))
        if on_page[-1] != qid:
            await pilot.press("tab")  # on to the page's next question
        else:
            await submit("ctrl+n")
    elif q.kind == "text":
        await type_text(pilot, typed)
        await submit("ctrl+n")
    await pilot.pause()


async def walk_to(pilot, problem_id: str, stop: str = "complaint") -> None:
    """From Welcome to the screen `stop`, answering every question."""
    app = pilot.app
    await start(pilot, problem_id)
    for qid in in_screen_order(app, problem_id):
        step = app.content.page_of(qid)
        assert app.screen.step == step, f"expected question {qid} on {step}, on {app.screen.step}"
        await answer(pilot, qid)
    for step in ("review", "plan", "evidence", "complaint"):
        assert app.screen.step == step
        if step == stop:
            return
        await pilot.press("ctrl+n")
        await pilot.pause()


def says_the_answers(problem, text: str) -> None:
    """The complaint text of a visit answered as TYPED says what was typed."""
    assert f"问题类型：{problem.label}" in text
    assert "订单号：1234567890123456789" in text
    if "tracking" in problem.questions:
        assert "物流单号：73123456789012（中通快递）" in text
    else:  # never shipped: no tracking number is asked, and the text has no line for one
        assert "物流单号" not in text
    assert "2026年11月1日，我在天猫下单购买商品。" in text
    assert "依据：《" in text
