"""Clocks that act, in a real terminal (tmux, 80×24): a 破损 parcel received six days ago shows
the 7-day return ending tomorrow and 申请售后 today, beside the message to the seller."""

from __future__ import annotations

from .test_terminal import kiosk_in_tmux, nobody_contacted_to_plan, pytestmark  # noqa: F401  (skipped without tmux)


def test_damaged_six_days_ago_the_return_ends_tomorrow_and_after_sales_is_today(tmp_path):
    t = kiosk_in_tmux(tmp_path, KIOSK_TODAY="2026-12-02")
    try:
        t.wait_for("开始")
        t.keys("Enter")
        t.wait_for("发生了什么？")
        t.keys("Down", "Down", "Enter")  # 包裹破损 / 内件损坏
        t.wait_for("订单信息")
        t.type("11月20日")
        t.keys("Enter")
        t.type("1234567890123456789")
        t.keys("Enter")
        t.type("73123456789012")
        t.wait_for("中通快递")
        t.keys("Enter")
        t.wait_for("你是哪天收到（或取到）包裹的？")
        t.type("6天前")
        t.wait_for("本机理解为：2026年11月26日 星期四")
        t.keys("Enter")
        shown = nobody_contacted_to_plan(t)
        today = shown.split("时间表")[0] if "时间表" in shown else shown.split("购买：")[0]
        assert "▶ 联系卖家" in today
        assert "▶ 在天猫订单页申请售后（退货退款 / 换货）" in today
        assert "期限快到了：7 天无理由退货最晚 2026年12月3日" in today
        assert "▶ 天猫订单页 今天" in " ".join(shown.split())  # in the timeline too
        # Advice is worded as advice: no "… 起" date for 12315, the consumer association or
        # the court (only 12305 has one: the law opens it).
        for line in shown.splitlines():
            for name in ("12315", "消费者协会", "仲裁/诉讼"):
                if f"○ {name}" in line:
                    part = line.split(f"○ {name}")[1].split("○")[0].split("◐")[0].split("▶")[0]
                    assert " 起" not in part, line
    finally:
        t.close()
