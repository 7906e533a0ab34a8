"""Length-preserving text folding, so rules see one spelling and offsets stay valid.

`fold(text)` maps, character for character:
- full-width ASCII (３, ＡＢ, ：) to ASCII and the ideographic space to a space;
- traditional characters to their simplified forms (個→个, 週→周, 內→内, 報→报, 辦→办 …): our
  own pairs for the words rules and owner names use, and, in a text that holds any of them, every
  character OpenCC's character dictionary maps one for one (分別→分别, 直屬→直属).

Only one-to-one mappings are used, so `len(fold(t)) == len(t)` and a match at [i, j) in the
folded text is the same span in the original.  Whole-text conversion libraries (OpenCC and
friends) convert phrase by phrase and may change the length, which would break the spans the
ledger quotes from.
"""

from functools import lru_cache

from . import lazy_re as re

_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20

# Traditional -> simplified, restricted to characters our rules or owner names can contain.
_TRADITIONAL = (
    "個个 週周 內内 報报 辦办 後后 與与 為为 於于 會会 議议 關关 應应 須须 務务 確确 設设 開开 "
    "時时 間间 號号 曆历 歲岁 幾几 兩两 點点 鐘钟 節节 屆届 際际 進进 續续 銷销 將将 們们 "
    "單单 門门 區区 縣县 鄉乡 鎮镇 街街 處处 廳厅 發发 展展 改改 革革 財财 稅税 審审 計计 "
    "長长 導导 領领 黨党 員员 組组 織织 專专 職职 責责 輔辅 書书 記记 環环 護护 衛卫 "
    "醫医 衛卫 農农 業业 園园 資资 産产 產产 質质 監监 管管 體体 華华 這这 當当 對对 "
    "並并 還还 從从 至至 內内 週周 歷历 實实 現现 達达 舉举 辭辞 傳传 達达 督督 查查 "
    "頭头 條条 項项 務务 戰战 線线 動动 態态 結结 錄录 類类 彙汇 匯汇 總总 寫写 執执 "
    "紀纪 請请 假假 備备 遞递 轉转 批批 覆复 復复 饋馈 緊紧 強强 構构 機机 勞劳 僅仅 "
    "級级 數数 據据 訊讯 聯联 絡络 網网 電电 話话 說说 讓让 認认 證证 驗验 試试 標标 "
    "準准 廣广 東东 貴贵 陝陕 擬拟 啟启 動动 盡尽 馬马 過过 夠够 觀观 規规 劃划 歸归 "
    "實实 億亿 萬万 餘余 無无 違违 陸陆 雙双 補补 稱称 義义 樣样 層层 態态 滿满 舊旧 "
    "週周 週周 歲岁 後后 寬宽 齊齐 讀读 靈灵 壓压 嚴严 調调 國国 慶庆 陰阴 臘腊 陽阳 檢检 評评 "
    "測测 範范 圍围 討讨 論论 統统 約约 題题 輪轮 暫暂 緩缓 遲迟 遠远 邊边 製制 課课 "
    "訂订 發发 區区 ."
)
_TRAD = {}
for pair in _TRADITIONAL.split():
    if len(pair) == 2:
        _TRAD[ord(pair[0])] = ord(pair[1])

_TABLE = {**_FULL_WIDTH, **_TRAD}
# A text holding any of these is (partly) traditional: it is folded with the whole character map.
_TRADITIONAL_HINT = re.compile("[" + "".join(chr(k) for k, v in _TRAD.items() if k != v and chr(k) != "覆") + "]")
_CJK_BLOCK = (0x4E00, 0x9FA6)


@lru_cache(maxsize=1)
def _full_table() -> dict[int, int]:
    """Every traditional character OpenCC maps to one simplified character (its character
    dictionary, read through the library's converter once, on the first traditional text), with
    our own pairs and the full-width forms on top."""
    from opencc_purepy import OpenCC

    chars = [chr(c) for c in range(*_CJK_BLOCK)]
    converted = OpenCC("t2s").convert("\n".join(chars)).split("\n")
    table: dict[int, int] = {}
    if len(converted) == len(chars):
        for before, after in zip(chars, converted):
            if len(after) == 1 and after != before:
                table[ord(before)] = ord(after)
    return {**table, **_TABLE}


def fold(text: str) -> str:
    """Return `text` with full-width ASCII and traditional characters folded, one for one."""
    if _TRADITIONAL_HINT.search(text):
        return text.translate(_full_table())
    return text.translate(_TABLE)
