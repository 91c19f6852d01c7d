"""Person names (``PERSON``) found offline by cues and, for Vietnamese, by surname.

No offline name dictionary is both broad and light: ``names-dataset`` loads ~3.2 GB into memory,
Presidio needs spaCy models fetched at run time. Names are taken only where the text itself says
a name follows, which is precise in every language of the base:

- a title or honorific written before a name: en Mr/Mrs/Ms/Dr, vi ông/bà/anh/chị, id/ms
  Bapak/Ibu/Encik/Puan/Datuk, fil G./Gng./Bb. and the personal articles si/ni/kay, th นาย/นาง/
  นางสาว/คุณ, zh 先生/女士/小姐 after a common surname;
- a form label and its value: "Name:", "Nama:", "Họ tên:", "ชื่อ:", "姓名：";
- a Vietnamese full name: one of the common surnames (which cover most of the population)
  followed by one to three capitalised syllables, unless a street, city or lake word precedes it.

Only the name is masked; the cue stays ("Mr [PERSON]"), so annotators still read who is meant.
The lists here are written from the languages' usage, not taken from Faker, whose lists the
benchmark draws its positives from.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex

from quality.pii_patterns import polars_gate

# A capitalised Latin word (Vietnamese letters and combining marks included), maybe hyphenated;
# an English possessive ('s) after it is no part of the name.
_WORD = r"\p{Lu}[\p{Ll}\p{M}]+(?:(?:-|['’](?!s\b))\p{Lu}?[\p{Ll}\p{M}]+)*"
_INITIAL = r"\p{Lu}\."
_CONNECTOR = r"(?:bin|binti|bte|bt\.|a/l|a/p|de|del|dela|de\s+la|van|von|der|dos|da)"
_LATIN_NAME = rf"{_WORD}(?:\s+(?:{_WORD}|{_INITIAL}|{_CONNECTOR}\s+{_WORD})){{0,3}}"
_VI_SYLLABLE = r"\p{Lu}[\p{Ll}\p{M}]*"
_VI_NAME = rf"{_VI_SYLLABLE}(?:\s+{_VI_SYLLABLE}){{0,3}}"
# A Thai name is a short run ending at a space or punctuation (the surname follows after one
# space): a long run is the rest of a sentence, not a name.
_THAI_RUN = r"[\u0E01-\u0E4E]{2,20}(?=[\s\"“”'’.,:;!?()]|$)"
_THAI_NAME = rf"{_THAI_RUN}(?:[ ]{_THAI_RUN})?"

# Words that follow a cue but name a place, an office or a thing, not a person.
_NOT_A_NAME = (
    r"(?:Kota|Pertiwi|Rumah|Negara|Presiden\b(?!\s+\p{Lu})|Rịa|Chiểu|Đen|Điểm|Quẹo|Nà|Lãnh"
    r"|Quốc|Mỹ|Pháp|Đức|Nhật|Hàn|Trung|Nga|Úc|Grand|Universe|World|International|Earth)\b"
)

_EN_TITLES = r"(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Sir|Dame|Madam|Mme|Mdm|Mister)\.?"
_ID_MS_TITLES = (
    r"(?:Bapak|Pak|Ibu|Bu|Sdr\.|Sdri\.|Saudara|Saudari|Encik|En\.|Cik|Puan|Pn\.|Tuan|Tn\."
    r"|Datuk|Dato['’]?(?:\s+Sri)?|Datin|Tan\s+Sri|Puan\s+Sri|Haji|Hajah|Hj\.|Hjh\.|Ustaz|Ustazah)"
)
_FIL_TITLES = r"(?:G\.|Gng\.|Bb\.|Ginoo|Ginang|Binibini)"
_FIL_ARTICLES = r"(?:si|ni|kay|sina|nina|kina|Si|Ni|Kay)"
_VI_TITLES = (
    r"(?:[ÔôOo]ng|[Bb]à|[Cc]hị|[Cc]ô|[Cc]hú|[Bb]ác|[Cc]ụ|Quý\s+ông|Quý\s+bà"
    r"|(?<!(?i:tiếng|nước|người|quốc|vương|đảo|xứ)\s)[Aa]nh)"
)
# Thai titles, and the words that begin with them but are no title (นายก "prime minister",
# ทนาย "lawyer", นางแบบ "model", คุณภาพ "quality", ขอบคุณ "thanks" ...).
_TH_TITLES = (
    r"(?:นางสาว|น\.ส\.|ด\.ช\.|ด\.ญ\."
    r"|(?<!ท|มิถุ|พวก|\d|\d\s)นาย(?!ก(?:รัฐ|เทศ|สมาคม|อบ|องค์|สภา|ฯ)|ทหาร|จ้าง|หน้า|พล|ร้อย|อำเภอ|ทุน|แพทย์|ตำรวจ|ด่าน|ท่า|งาน|ประกัน|สิบ|พัน|เรือ"
    r"|ห้าง|บ้าน|ช่าง|ทัพ|เวร|ประตู|ใหญ่|ตรวจ|แบบ)"
    r"|นาง(?!สาว|แบบ|ฟ้า|งาม|พยาบาล|เอก|ใน|กำนัล|สนม|ไม้|เงือก|พญา|ร้าย|ละคร|รำ|ชี|นวล|เลิ้ง|รอง)"
    r"|(?<!ขอบ|พระ|บุญ|ทรง|ทุน|พวก|กว่า|ให้|ว่า|ของ|กับ)คุณ(?!ภาพ|สมบัติ|ค่า|ธรรม|ลักษณ|ประโยชน์|วุฒิ|ูปการ|งาม|ความ|ครู|นาย"
    r"|จะ|เป็น|ไม่|ก็|ได้|มี|ต้อง|ควร|สามารถ|อาจ|ยัง|คง|ชอบ|รู้|เคย|ทำ|คือ|และ|ที่|ว่า|กับ|ของ|ให้"
    r"|เอง|อยู่|ไป|มา|เห็น|คิด|อยาก|จำ|หรือ|ครับ|ค่ะ|นะ|แม่|พ่อ|ป้า|ลุง|ตา|ยาย|ใช้|เลือก|เหรอ|ล่ะ|สิ|หรอก|นอน))"
)
_ZH_SURNAMES = (
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧"
    "曹彭曾肖蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏"
    "韦韋付方白邹鄒孟熊秦邱江尹薛闫閻段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔汤湯"
    "康翁安齐齊岑卞祁柳殷聂聶易常乔喬赖賴文施洪牛包樊左温溫季邢焦鲁魯葛甘申欧歐桂蒙凌庞龐伍"
    "柴屈阮宁寧关關舒谷裴单單车車沙祝童古麦麥巫萧詹阎蓝藍简簡涂"
)
_VI_SURNAMES = (
    r"(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Trịnh|Trương"
    r"|Đinh|Lương|Tô|Tạ|Quách|Lưu|Phùng|Hứa|Vương|Triệu|Đàm|Khúc|Lã|Nông|Thân|Kiều|Mai|Cao|Lâm|Hà"
    r"|Đoàn|Thái|Châu)"
)
# Words before a Vietnamese full name that make it a street, city, school, bridge or market.
_VI_PLACE_BEFORE = (
    r"(?<!(?i:đường|phố|phường|quận|huyện|xã|tỉnh|thị\s+xã|thành\s+phố|tp\.?|trường|cầu|chợ"
    r"|ngõ|hẻm|ngách|khu|sân\s+bay|bến|lăng|tượng|đại\s+lộ|số|tại|ở)\s)"
)
# Place names that begin with a surname (cities, provinces, islands, lakes, continents).
_VI_NOT_PEOPLE = (
    r"(?!Hồ\s+Chí\s+Minh|Hoàng\s+Sa|Phan\s+Thiết|Phan\s+Rang|Lý\s+Sơn|Vương\s+[Qq]uốc"
    r"|Hồ\s+(?:Gươm|Tây|Hoàn|Ba|Trị|Dầu|Núi)|Cao\s+(?:Bằng|Lãnh|Nguyên)|Lâm\s+Đồng"
    r"|Hà\s+(?:Nội|Tĩnh|Giang|Nam|Đông|Lan|Tiên)|Thái\s+(?:Lan|Bình|Nguyên)|Mai\s+Châu"
    r"|Châu\s+(?:Á|Âu|Phi|Mỹ|Đốc|Đại|Úc)|Đoàn\s+(?:Thanh|Kết|Đại)|Trần\s+Văn\s+Thời)"
)
_LABELS_LATIN = (
    r"(?i:(?:full\s+)?name|nama(?:\s+lengkap)?|(?:buong\s+)?pangalan|họ\s+(?:và\s+)?tên|tên"
    r"|contact\s+person|penerima)"
)

PERSON_RULES: tuple[tuple[str, regex.Pattern[str]], ...] = (
    (
        "label",
        regex.compile(
            rf"(?<![\p{{L}}]){_LABELS_LATIN}\s*[:：]\s*(?P<name>(?:{_EN_TITLES}\s+|{_ID_MS_TITLES}\s+)?"
            rf"(?:{_LATIN_NAME}|\p{{Lu}}{{2,}}(?:\s+\p{{Lu}}{{2,}}){{0,3}}))"
            rf"|ชื่อ(?:\s*-?\s*(?:นาม)?สกุล)?\s*[:：]\s*(?P<name>{_THAI_NAME})"
            r"|(?:姓名|联系人|聯繫人|聯絡人|收件人|申请人|申請人)\s*[:：]\s*"
            rf"(?P<name>[\p{{Han}}·]{{2,6}}|{_LATIN_NAME})"
        ),
    ),
    (
        "en",
        regex.compile(
            rf"(?<![\p{{L}}])(?:{_EN_TITLES})\s+(?!{_NOT_A_NAME})(?P<name>{_LATIN_NAME})"
        ),
    ),
    (
        "id_ms",
        regex.compile(rf"(?<![\p{{L}}]){_ID_MS_TITLES}\s+(?!{_NOT_A_NAME})(?P<name>{_LATIN_NAME})"),
    ),
    ("fil", regex.compile(rf"(?<![\p{{L}}]){_FIL_TITLES}\s*(?P<name>{_LATIN_NAME})")),
    ("fil_article", regex.compile(rf"(?<![\p{{L}}]){_FIL_ARTICLES}\s+(?P<name>{_LATIN_NAME})")),
    ("vi", regex.compile(rf"(?<![\p{{L}}]){_VI_TITLES}\s+(?!{_NOT_A_NAME})(?P<name>{_VI_NAME})")),
    (
        "vi_surname",
        regex.compile(
            rf"(?<![\p{{L}}])(?<!(?:Hải|Bình|Quảng|Nam|Bắc|Tây|Đông|Lai|Vĩnh)\s)"
            rf"{_VI_PLACE_BEFORE}{_VI_NOT_PEOPLE}"
            rf"(?P<name>{_VI_SURNAMES}(?:\s+{_VI_SYLLABLE}){{1,3}})"
        ),
    ),
    ("th", regex.compile(rf"{_TH_TITLES}\s?(?P<name>{_THAI_NAME})")),
    (
        "zh",
        regex.compile(
            rf"(?P<name>[{_ZH_SURNAMES}][\p{{Han}}]{{0,2}}?)(?:先生|女士|小姐|太太|夫人)"
        ),
    ),
)

# What each rule needs somewhere in the text before it is worth running: cheap patterns that
# both the `regex` module and Polars' Rust engine read (no look-around), so their union is also
# the Polars prefilter (less the word boundaries): a record matching none is not scanned.
PERSON_NEEDLES: dict[str, str] = {
    "label": (
        r"(?i:name|nama|pangalan|tên|ชื่อ|姓名|联系人|聯繫人|聯絡人|收件人|申请人|申請人"
        r"|contact person|penerima)\s*[:：]"
    ),
    "en": r"\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Sir|Dame|Madam|Mme|Mdm|Mister)\b",
    "id_ms": (
        r"\b(?:Bapak|Pak|Ibu|Bu|Sdr|Sdri|Saudara|Saudari|Encik|En|Cik|Puan|Pn|Tuan|Tn|Datuk|Dato"
        r"|Datin|Sri|Haji|Hajah|Hj|Hjh|Ustaz|Ustazah)\b"
    ),
    "fil": r"\b(?:G|Gng|Bb)\.|\b(?:Ginoo|Ginang|Binibini)\b",
    "fil_article": r"\b(?:si|ni|kay|sina|nina|kina|Si|Ni|Kay)\s+\p{Lu}",
    "vi": r"\b(?:[ÔôOo]ng|[Bb]à|[Aa]nh|[Cc]hị|[Cc]ô|[Cc]hú|[Bb]ác|[Cc]ụ|Quý)\s+\p{Lu}",
    "vi_surname": rf"\b{_VI_SURNAMES}\s+\p{{Lu}}",
    "th": r"นาย|นาง|น\.ส\.|ด\.ช\.|ด\.ญ\.|คุณ",
    "zh": r"先生|女士|小姐|太太|夫人",
}
_NEEDLES = {name: regex.compile(needle) for name, needle in PERSON_NEEDLES.items()}
# Without word boundaries: Rust's Unicode `\b` has no fast engine (150x slower on 1 KB texts).
# A gate matches wherever its needle does, so Polars can pick the rows each rule may run on
# (``quality.pii_patterns.polars_gate``).
PERSON_GATES: dict[str, str] = {
    name: polars_gate(needle) for name, needle in PERSON_NEEDLES.items()
}
# The records scanned at all (kept as before the gates, so the same records are scanned).
NAME_PREFILTER = "|".join(PERSON_NEEDLES.values()).replace(r"\b", "")


def find_persons(
    text: str, rules: Sequence[tuple[str, regex.Pattern[str]]] = PERSON_RULES
) -> Iterator[tuple[int, int]]:
    """Spans (start, end exclusive) of person names in ``text``, by the rules above, in rule
    order; spans of different rules may overlap (the caller keeps the first).

    >>> sorted(set(find_persons("Ông Nguyễn Văn An đã đến.")))
    [(4, 17)]
    """
    for name, pattern in rules:
        if _NEEDLES[name].search(text) is None:
            continue
        for match in pattern.finditer(text):
            start, end = match.span("name")
            if end > start:
                yield start, end
