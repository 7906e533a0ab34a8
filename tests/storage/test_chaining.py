"""A follow-up (办结后…) is chained to its own item: the same sentence, else the same numbered
item, else the same owner; never another owner's nearest item."""

from __future__ import annotations

from storage.chaining import Placed, chain_to


def placed(text: str, phrase: str, owner: str, key: int) -> Placed:
    start = text.index(phrase)
    return Placed(key, start, start + len(phrase), owner, False)


def test_the_same_sentence_wins():
    text = "市人社局要在12月20日前完成排查整改，办结后1天内报告销号。"
    before = [placed(text, "完成排查整改", "市人社局", 1)]
    assert chain_to(text, before, text.index("办结后"), "市人社局") == 1


def test_the_same_numbered_item():
    text = "一、市人社局要在12月20日前完成排查整改。\n请于办结后1天内报告。\n二、市住建局要在12月25日前报送计划。"
    items = [placed(text, "完成排查整改", "市人社局", 1)]
    assert chain_to(text, items, text.index("办结后"), None) == 1


def test_never_another_owners_nearest_item():
    text = "市水利局要在12月25日前完成堤防加固。\n市林业局办结后2天内报告结果。"
    items = [placed(text, "完成堤防加固", "市水利局", 1)]
    assert chain_to(text, items, text.index("办结后"), "市林业局") is None


def test_else_the_same_owner_further_back():
    text = "市林业局要在12月28日前完成巡查。\n市水利局要在12月25日前完成加固。\n市林业局办结后2天内报告结果。"
    items = [placed(text, "完成巡查", "市林业局", 1), placed(text, "完成加固", "市水利局", 2)]
    assert chain_to(text, items, text.index("办结后"), "市林业局") == 1


def test_a_follow_up_is_never_chained_to_another_follow_up():
    text = "市人社局要在12月20日前完成整改，办结后1天内报告，报告后2天内归档。"
    first = placed(text, "完成整改", "市人社局", 1)
    follow = Placed(2, text.index("报告，"), text.index("报告，") + 2, "市人社局", True)
    assert chain_to(text, [first, follow], text.index("报告后"), "市人社局") == 1


def test_the_same_numbered_item_but_another_owner_is_no_match():
    text = "三、市督查室要在12月20日前完成通报。各区要在12月25日前报送清单。\n市督查室办结后2天内报告销号。"
    items = [placed(text, "完成通报", "市督查室", 1), placed(text, "报送清单", "各区", 2)]
    assert chain_to(text, items, text.index("办结后"), "市督查室") == 1
    assert chain_to(text, items[1:], text.index("办结后"), "市督查室") is None


def test_a_routine_is_never_what_a_follow_up_waits_for():
    text = "一、市统计局每月5日前报送月报。\n市统计局办结后2天内报告。"
    routine = Placed(1, text.index("每月"), text.index("月报") + 2, "市统计局", False, recurring=True)
    assert chain_to(text, [routine], text.index("办结后"), "市统计局") is None
