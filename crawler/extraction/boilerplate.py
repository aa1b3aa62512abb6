"""Boilerplate removal: DOM pruning first, then paragraph-level phrase rules.

Why: trafilatura alone leaves Persian/Arabic page furniture in place (comment
forms, «مقالات ذات صلة» teasers, «اقرأ أيضاً» lines, aggregator disclaimers).
Two layers, both driven by data:

* ``Pruner`` removes elements: the site's ``boilerplate_selectors`` plus
  generic structural signals (comment forms, share/related/tag/breadcrumb
  containers, blocks introduced by a label such as «برچسب‌ها» or «مقالات ذات
  صلة»).  A candidate that holds most of the page's paragraph text is never
  removed, so a badly named wrapper cannot take the article with it.
* ``filter_paragraphs`` applies fa/ar/en phrase rules to the serialised
  paragraphs: lines dropped outright, inline "read also" lines (and the linked
  headlines under a bare label), end-of-article
  labels after which nothing belongs to the story, the source credit (moved to
  its own field), repeated titles, date lines and bylines near the top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from lxml import etree

from .blocks import remove, text_content
from .chars import letters_folded
from .dates import parse_text_date


@lru_cache(maxsize=1 << 16)  # menu labels and headlines recur across a site's pages
def line_key(text: str) -> str:
    """Comparison form of a short line: folded letters, no punctuation/space."""
    return re.sub(r"[\W_]+", "", letters_folded(text).casefold())


# ---------------------------------------------------------------- phrases
# A line equal to one of these (ignoring punctuation) is dropped.
DROP_EXACT = {
    # en
    "close", "share", "share this", "share this article", "share on facebook", "share on twitter",
    "tweet", "print", "email", "advertisement", "advertisements", "sponsored", "connect with us",
    "hi, what are you looking for?", "follow us", "subscribe", "read more", "continue reading",
    "skip to content", "back to top", "loading", "comments", "leave a comment",
    # ar
    "شارك", "شارك القصة", "شارك الخبر", "شارك المقال", "تابع القراءة", "اقرأ المزيد", "إقرأ المزيد",
    "اخر الاخبار", "آخر الأخبار", "أخر الأخبار", "تابعنا", "تابعونا", "إعلان", "اعلان", "طباعة",
    "مشاركة", "أغلق", "إغلاق", "اغلاق", "تكبير الخط", "تصغير الخط",
    # fa
    "captcha", "نسخه قابل چاپ", "ارسال به دوستان", "اشتراک گذاری", "اشتراک‌گذاری", "چاپ",
    "ذخیره", "کپی شد", "لینک کوتاه", "انتهای پیام", "انتهای پیام/", "فیلم برگزیده", "برگزیده ورزشی",
    "برگزیده عکس", "تبلیغات", "بستن",
    # date labels whose date is hidden or read elsewhere; live/breaking badges
    "نشر في", "نشر بتاريخ", "تاريخ النشر", "آخر تحديث", "اخر تحديث", "منتشر شده در", "تاریخ انتشار",
    "published", "updated", "last updated", "مباشر", "عاجل", "زنده", "فوری", "live", "breaking",
    "کپی لینک", "کپی لینک کوتاه", "a+ a-", "a- a+", "تحميل تطبيق", "ذخیره خبر", "گزارش خطا", "ارسال به تلگرام",
    "لایک", "نسخه pdf", "دانلود pdf", "المزيد من الأخبار", "المزيد من الاخبار", "نشرت في", "نوشته شده توسط",
    "بواسطة", "بازنشر",
}
# A short line starting with one of these is dropped.
DROP_PREFIX = (
    # inline "read also"
    "اقرأ أيضاً", "اقرأ أيضا", "إقرأ أيضاً", "إقرأ أيضا", "اقرأ ايضا", "اقرأ كذلك", "إقرأ أيضًا",
    "اقرأ أيضًا", "شاهد أيضاً", "شاهد أيضا", "طالع أيضاً", "طالع أيضا", "اقرأ المزيد:", "للمزيد:",
    "اقرأ ايضاً", "إقرأ ايضا", "اقرا ايضا", "اقرأ أيضاً..", "طالع كذلك", "شاهد كذلك", "اقرأ ايضًا", "يهمك أيضا",
    "قد يهمك:", "ذات صلة:", "مواضيع ذات صلة:", "تابع أيضا", "شاهد:", "شاهد ..", "فيديو:", "طالع:",
    "بیشتر بخوانید", "بخوانید:", "بخوانید؛", "ببینید:", "مطلب مرتبط:", "خبر مرتبط:", "پیشنهاد ویژه:",
    "read also", "read more:", "also read", "see also:", "related:", "recommended:", "more:",
    # ids, print views, aggregator furniture
    "شناسهٔ خبر:", "شناسه خبر:", "کد خبر:", "کد مطلب:", "نسخه قابل چاپ", "لینک کوتاه:",
    "با استناد به ماده ۷۴", "با استناد به ماده 74", "شما در حال پاسخ به نظر",
    "لن يتم نشر عنوان بريدك الإلكتروني", "your email address will not be published",
    "تاريخ النشر:", "آخر تحديث:", "تاریخ انتشار:", "زمان انتشار:",
    "we use cookies", "this website uses cookies", "يستخدم هذا الموقع ملفات تعريف الارتباط",
    "این سایت از کوکی", "all rights reserved", "جميع الحقوق محفوظة", "کلیه حقوق",
    "انتهای پیام", "/انتهای پیام", "حقوق النشر محفوظة", "تمامی حقوق", "كل الحقوق محفوظة", "تعداد بازدید", "بازدید:", "زمان مطالعه", "مدت زمان مطالعه", "نسخه چاپی",
    "برای استفاده از امکانات", "برای ارسال نظر", "تحميل تطبيق", "نزّل تطبيق", "نزل تطبيق",
    "تابعونا على", "تابعوا آخر الأخبار", "لمتابعة آخر الأخبار", "انضم إلى قناتنا", "اشترك في قناتنا",
    "حمّل تطبيق", "حمل تطبيق", "ما را در شبکه", "به کانال", "عضویت در کانال",
    "follow us on", "sign up for our", "subscribe to our", "click here to subscribe",
)
# Substrings that mark a whole short line as furniture.
DROP_CONTAINS = (
    "هیچ مسئولیتی ندارد", "در قبال محتوای آن", "قانون تجارت الکترونیک",
    "اضغط هنا", "إضغط هنا", "انقر هنا", "إنقر هنا", "اینجا کلیک کنید", "کلیک کنید",
    "مراجعة التعليقات",
    "الحقول الإلزامية مشار إليها", "required fields are marked",
)
# A line equal to one of these starts the page furniture after the story.
END_LABELS = {
    "مقالات ذات صلة", "مقالات ذات صله", "أخبار ذات صلة", "اخبار ذات صلة", "مواضيع ذات صلة",
    "اضف تعليقك", "أضف تعليقك", "أضف تعليقاً", "اضف تعليق", "أضف تعليق", "اترك تعليقك",
    "اترك تعليقاً", "اترك تعليقا", "اترك رداً", "التعليقات", "تعليقات", "الأكثر قراءة",
    "الأكثر مشاهدة", "الأكثر تداولاً", "قد يعجبك أيضاً", "قد يهمك أيضاً", "الوسوم", "كلمات مفتاحية",
    "برچسب‌ها", "برچسب ها", "برچسبها", "کلیدواژه‌ها", "کلید واژه ها", "نظر شما", "نظرات",
    "دیدگاه‌ها", "دیدگاه ها", "ارسال نظر", "دیدگاه خود را بنویسید", "این مطالب را از دست ندهید",
    "این مطالب را از دست ندهید....", "آنچه دیگران می‌خوانند", "آنچه دیگران می خوانند",
    "اخبار مرتبط", "مطالب مرتبط", "خبرهای مرتبط", "پربازدیدترین", "پربیننده‌ترین",
    "پربحث‌ترین", "آخرین اخبار", "related articles", "related stories", "related posts",
    "related news", "you may also like", "you might also like", "leave a reply", "leave a comment",
    "الكلمات الدالة", "كلمات دالة", "الكلمات المتعلقة", "الكلمات المفتاحية", "موضوعات متعلقة", "مواضيع متعلقة",
    "مواضيع مقترحة", "اخترنا لك", "قد يعجبك أيضا", "قد يعجبك ايضا", "قد يهمك", "قد يهمك أيضا",
    "مطالب پیشنهادی", "پیشنهاد سردبیر", "پیشنهاد خبرنگار", "اخبار پیشنهادی", "ذات صلة",
    "نظرات کاربران", "دیدگاه کاربران", "نظرات خوانندگان", "نظرات بینندگان", "ارسال دیدگاه", "دیدگاهتان را بنویسید",
    "تعليقات القراء", "آراء القراء", "تعليقات الزوار", "أضف تعليقًا", "اضف تعليقا", "شارك برأيك", "شاركنا رأيك",
    "most read", "most popular", "more stories", "recommended for you",
}
# Label (alone on its line or before a colon) introducing the source credit.
CREDIT_LABEL = re.compile(r"^\s*(منبع|منابع|المصدر|المصادر|مصدر|source|sources)\s*[:：]\s*(.*)$", re.I)
# Aggregators name the original outlet in their disclaimer: «منبع خبر "صدا و سیما" است و ...».
CREDIT_SENTENCE = re.compile(r"منبع خبر\s*[\"«“”]\s*(.+?)\s*[\"»”“]\s*است")
# Republishers open the body with the outlet's self-description: «پایگاه خبری تحلیلی … (example.ir) :».
SOURCE_PREFIX = re.compile(r"^\s*((?:پایگاه|سایت|خبرگزاری|روزنامه|موقع)\s[^()]{1,60}?)\s*\(\s*(?:www\.)?[\w-]+(?:\.[\w-]+)+\s*\)\s*[:：]?\s*$")
BYLINE = re.compile(
    r"^\s*(by\s+[A-Z]|بقلم|(?:كتب|كتبت|حوار|إعداد|اعداد|ترجمة|تحرير|متابعة|نویسنده|خبرنگار|گزارش|نوشته|ترجمه|مترجم|گفت\u200cوگو|مصاحبه)\s*[:،,])",
    re.I)
CAPTION = re.compile(r"[(（]\s*(الصورة|صورة|عکس|تصویر|photo|image|credit)\s*[:：]"
                     r"|^(?:منبع\s+|مصدر\s+)?(الصورة|صورة|عکس|عکس‌ها|عکس ها|عکاس|تصویر|photo|image)(?:\s+از)?\s*[:：]"
                     # a lone agency/photo credit in brackets: «(أ ف ب)», «(رويترز)»
                     r"|^\s*[(（][^()（）a-zA-Z\u4e00-\u9fff]{0,10}[\u0600-\u06ff][^()（）]{0,25}[)）]\s*$", re.I)

# Calls to follow the outlet elsewhere: «به کانال تلگرام ما بپیوندید», «تابعونا على تيليجرام».
# Opinion/comment disclaimers: «الآراء الواردة في المقال لا تعكس بالضرورة الموقف التحريري …»,
# «مطالب منتشر شده لزوماً بیانگر دیدگاه … نیست» (a quoted denial in a story names no outlet).
DISCLAIMER = re.compile(
    r"(?:الآراء|الاراء|المقالات|المقال|ما يرد|ما ورد|التعليقات)[^.]{0,40}?(?:لا تعكس|لا يعكس|لا تعبر|لا تعبّر|لا يعبر|تعبر عن|تعبّر عن)"
    r"[^.]{0,60}?(?:الموقع|موقع|الشبكة|شبكة|التحريري|الصحيفة|صحيفة|كاتب|أصحابها|اصحابها)"
    r"|(?:مطالب|یادداشت|مقالات|مقاله|نظرات|دیدگاه‌ها|دیدگاه ها)[^.]{0,50}?(?:لزوماً|لزوما|الزاماً|الزاما|ضرورتاً|ضرورتا)"
    r"[^.]{0,40}?(?:دیدگاه|بیانگر|منعکس|موضع|نظر)")

# Persian/Arabic only: English benchmarks' gold keeps such lines as story text.
CALL_TO_FOLLOW = re.compile(
    r"(?:کانال|تلگرام|اینستاگرام|ایتا|بله|روبیکا|سروش|واتساپ|قناة|قناتنا|تيليجرام|تلغرام|تليجرام|تويتر|إنستغرام|انستغرام|"
    r"فيسبوك|يوتيوب|واتساب|أخبار جوجل|گوگل نیوز)"
    r".{0,60}?(?:بپیوندید|عضو شوید|دنبال کنید|مراجعه کنید|تابعونا|تابعوا|انضموا|انضم|اشترك|اشتركوا)"
    r"|(?:بپیوندید|عضو شوید|دنبال کنید|تابعونا|تابعوا|تابع|انضموا|انضم|اشترك|اشتركوا)"
    r".{0,60}?(?:کانال|تلگرام|اینستاگرام|ایتا|قناة|قناتنا|تيليجرام|تلغرام|تليجرام|تويتر|واتساب|telegram|instagram|whatsapp|twitter|google news|أخبار جوجل)",
    re.I)

CALL_TO_FOLLOW = re.compile(letters_folded(CALL_TO_FOLLOW.pattern), re.I)  # lines are matched folded
DISCLAIMER = re.compile(letters_folded(DISCLAIMER.pattern), re.I)
# Headings of a read-also box set inside the story (its teasers may be whole sentences).
BOX_LABELS = {"اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "إقرأ أيضاً", "اقرأ ايضا", "اقرأ كذلك", "طالع أيضا", "طالع أيضاً",
              "شاهد أيضا", "شاهد أيضاً", "اقرأ المزيد", "إقرأ المزيد", "بیشتر بخوانید", "بخوانید", "مطلب مرتبط",
              "خبر مرتبط", "پیشنهاد ویژه"}
_BOX_LABELS = {line_key(p) for p in BOX_LABELS}
_DROP_EXACT = {line_key(p) for p in DROP_EXACT}
_END_LABELS = {line_key(p) for p in END_LABELS}
_HARAKAT = re.compile("[\u064b-\u065f\u0670]")


def _phrase_form(text: str) -> str:
    """Folded letters without harakat: «أيضًا» and «أيضاً» are one spelling."""
    return _HARAKAT.sub("", letters_folded(text)).casefold().strip()


_DROP_PREFIX = tuple(_phrase_form(p) for p in DROP_PREFIX)
_DROP_CONTAINS = tuple(_phrase_form(p) for p in DROP_CONTAINS)


# ---------------------------------------------------------------- DOM rules
_TOKEN_RULES = re.compile(
    r"(?:^|\s)(?:"
    r"comments?|comment[-_]?(?:list|form|area|section|box|wrapper|respond|block|container)s?|"
    r"comments[-_][\w-]+|respond|disqus[-_]?thread|reply[-_]form|"
    r"share|sharing|social|shares|share[-_][\w-]+|social[-_][\w-]+|[\w-]+[-_]share|addthis[\w-]*|sharethis[\w-]*|"
    r"related|related[-_][\w-]+|[\w-]+[-_]related|read[-_]?also|also[-_]read|more[-_]news|"
    r"most[-_](?:read|viewed|popular)|yarpp[\w-]*|"
    r"tags|tag[-_]?list|tags[-_][\w-]+|post[-_]tags|entry[-_]tags|article[-_]tags?|news[-_]tags?|"
    r"breadcrumbs?|breadcrumb[-_][\w-]+|"
    r"newsletter[\w-]*|subscribe[\w-]*|cookie[\w-]*|consent[\w-]*|gdpr[\w-]*|"
    r"wp-caption-text|image[-_]caption|img[-_]caption|photo[-_]caption|caption|"
    r"byline|author[-_]box|post[-_]author|print[-_](?:header|link)|short[-_]?link[\w-]*|"
    r"watermark|[\w-]+[-_]watermark|"  # an aggregator's stamp on what it republishes («<name>-watermark»)
    r"rutitr|kicker|surtitle|supertitle|uptitle"
    r")(?=\s|$)",
    re.I,
)
_WITH_NAMES = etree.XPath("//*[@class or @id]")
_SHORT_TEXTS = etree.XPath("//text()[string-length(normalize-space(.)) > 2 and string-length(.) < 90]")
_LABEL_TAGS = ("h2", "h3", "h4", "h5", "h6", "header", "strong", "b", "span", "div", "p", "legend")


@lru_cache(maxsize=512)
def css_xpath(selector: str) -> etree.XPath:
    from cssselect import GenericTranslator

    return etree.XPath(GenericTranslator().css_to_xpath(selector))


def select(tree, selectors: Iterable[str]) -> list:
    """Elements matching each selector in turn (selector priority, then document order)."""
    out = []
    for sel in selectors:
        try:
            out.extend(css_xpath(sel)(tree))
        except Exception:  # a malformed selector in a site definition must not kill extraction
            continue
    return out


def _para_len(el) -> int:
    return sum(len(t) for p in el.iter("p") for t in p.itertext())


@dataclass
class Pruner:
    """Removes boilerplate elements from a parsed page (in place)."""

    tree: object
    keep: list = field(default_factory=list)  # elements never removed (title, body)

    def __post_init__(self):
        self.total = _para_len(self.tree) or 1
        self.total_text = len(self.tree.text_content()) or 1

    def _protected(self, el) -> bool:
        for k in self.keep:
            if k is el or _is_ancestor(el, k):
                return True
        # A wrapper holding most of the article text is not boilerplate.
        return _para_len(el) > 0.5 * self.total and self.total > 400

    def remove(self, el) -> bool:
        if el.getparent() is None or self._protected(el):
            return False
        remove(el)
        return True

    def by_selectors(self, selectors: Iterable[str]) -> None:
        for el in select(self.tree, selectors):
            self.remove(el)

    def comment_forms(self) -> None:
        for form in list(self.tree.iter("form")):
            if form.getparent() is None:
                continue
            if form.xpath(".//textarea|.//input[@type='email']") or "captcha" in etree.tostring(form, encoding=str).lower():
                self.remove(form)

    def image_captions(self) -> None:
        """A caption typed as the paragraph right under a picture-only paragraph
        («<p><img></p><p>جانب من المؤتمر الصحفي</p>»): short, unpunctuated, not
        a bold subheading."""
        holders = []
        for img in self.tree.iter("img"):
            holder = img.getparent()
            while holder is not None and holder.tag not in ("p", "div"):
                holder = holder.getparent()
            if holder is not None and holder not in holders:
                holders.append(holder)
        for holder in holders:
            if holder.getparent() is None or holder.text_content().strip():
                continue
            nxt = holder.getnext()
            if nxt is None or nxt.tag != "p" or nxt.xpath(".//img"):
                continue
            text = text_content(nxt)
            if not text or len(text) > 90 or len(text.split()) > 12 or text.endswith(_SENTENCE_END):
                continue
            if len(_ARABIC_SCRIPT.findall(text)) < 0.6 * len(text.replace(" ", "")):
                continue  # the convention this rule knows is the Arabic/Persian newsroom's
            bold = sum(len(text_content(b)) for b in nxt.iter("b", "strong"))
            if bold >= 0.8 * len(text):
                continue  # a subheading
            self.remove(nxt)

    def by_tokens(self) -> None:
        """Containers whose class/id names them comments, share, related, tags..."""
        for el in _WITH_NAMES(self.tree):
            if el.tag in ("html", "body") or el.getparent() is None:
                continue
            if _TOKEN_RULES.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
                self.remove(el)

    def labelled_blocks(self) -> None:
        """Blocks introduced by a heading such as «مقالات ذات صلة» or «برچسب‌ها»."""
        candidates = []
        for t in _SHORT_TEXTS(self.tree):
            key = line_key(t)
            if key not in _END_LABELS and key not in _BOX_LABELS:
                continue
            el = t.getparent()
            if t.is_tail:
                el = el.getparent()
            # Climb to the outermost element that holds nothing but the label
            # (<h3><span>label</span></h3> → h3).
            while el is not None and el.getparent() is not None and el.getparent().tag not in ("body", "html") \
                    and line_key(el.getparent().text_content()) == key:
                el = el.getparent()
            if el is not None and el.tag in _LABEL_TAGS and el not in candidates:
                candidates.append(el)
        for el in candidates:
            if el.getparent() is None or len(el) > 3:
                continue
            raw = el.text_content()
            if len(raw) > 200:
                continue
            text = text_content(el)
            if not text or len(text) > 60:
                continue
            parent = el.getparent()
            if line_key(text) in _BOX_LABELS:
                # A read-also box inside the story: the small block it heads goes,
                # never the story around it.
                if (parent is not None and parent.tag not in ("body", "html") and not self._protected(parent)
                        and len(parent.text_content()) < 700 and parent.xpath(".//a[@href]")):
                    remove(parent)
                continue
            if line_key(text) not in _END_LABELS:
                continue
            if (parent is not None and parent.tag not in ("body", "html") and not self._protected(parent)
                    and len(parent.text_content()) < 0.2 * self.total_text):
                remove(parent)
            else:
                # The label sits inside the story container: drop it and what follows.
                for sib in list(el.itersiblings()):
                    self.remove(sib)
                self.remove(el)


_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_SENTENCE_END = (".", "!", "?", "؟", ":", "؛", "…", "»", '"', "”", ")")


def _is_ancestor(a, b) -> bool:
    """True if ``a`` is an ancestor of ``b``."""
    p = b.getparent()
    while p is not None:
        if p is a:
            return True
        p = p.getparent()
    return False


# ---------------------------------------------------------------- text rules
@dataclass
class Filtered:
    paragraphs: list[str]
    source_credit: Optional[str] = None


# View/comment counters on their own line: «۱۲۳۴ بازدید», «مشاهدة 1520», «نظرات (۰)».
_COUNTER_LINE = re.compile(
    r"^\s*(?:[\d,.]+\s*(?:بازدید|نظر|دیدگاه|مشاهده|مشاهدة|مشاهدات|تعلیق|تعلیقات|قراءة|views?|comments?)"
    r"|(?:بازدید|تعداد بازدید|نظرات|دیدگاه‌ها|دیدگاه ها|التعلیقات|تعلیقات|مشاهدات|مشاهدة|المشاهدات|views?|comments?)\s*[:(]?\s*[\d,.]+\s*\)?)\s*$",
    re.I)
_ID_LINE = re.compile(r"^.{0,40}?(?:کد خبر|شناسه خبر|شناسهٔ خبر|شناسه\u06c0 خبر|کد مطلب|رقم الخبر|رمز الخبر)\s*[:：]?\s*\d+\s*$")


def _is_drop(line: str) -> bool:
    k = line_key(line)
    if not k:
        return True
    if _ID_LINE.match(letters_folded(line)) or _COUNTER_LINE.match(letters_folded(line)):
        return True
    if k in _DROP_EXACT:
        return True
    low = _phrase_form(line)
    if len(line) < 300 and low.startswith(_DROP_PREFIX):
        return True
    if len(line) < 600 and any(c in low for c in _DROP_CONTAINS):
        return True
    if len(line) < 160 and CALL_TO_FOLLOW.search(low):
        return True
    if len(line) < 300 and DISCLAIMER.search(low):
        return True
    return False


def filter_paragraphs(paras: list[str], title: Optional[str] = None, authors: Iterable[str] = (),
                      phrases: Iterable[str] = (), calendar: str = "gregorian",
                      link_texts: frozenset = frozenset(), label_links: frozenset = frozenset(),
                      title_aliases: Iterable[str] = ()) -> Filtered:
    """Apply the phrase rules to serialised paragraphs, in order.

    ``label_links`` are the keys of all the page's link texts: a one-to-three
    word line equal to one of them before any story text is a section label
    («العالم» above the headline), not the story's first paragraph."""
    site_prefixes = tuple(_phrase_form(p) for p in phrases)
    title_key = line_key(title) if title else None
    alias_keys = {line_key(t) for t in title_aliases if t}  # the headline with its kicker
    author_keys = {line_key(a) for a in authors if a}
    total = sum(len(p) for p in paras) or 1

    out: list[str] = []
    credit = None
    seen_chars = 0
    i = 0
    while i < len(paras):
        line = paras[i]
        k = line_key(line)
        low = _phrase_form(line)
        seen_chars += len(line)
        i += 1
        # End-of-story label: nothing after it belongs to the article.
        if k in _END_LABELS:
            if out and seen_chars > 0.3 * total:
                break
            continue
        m = CREDIT_LABEL.match(line)
        if m and len(line) < 150 and (len(paras) - i) < 6:
            value = m.group(2).strip()
            if not value and i < len(paras) and len(paras[i]) < 80:
                value = paras[i].strip()
                i += 1
            if value:
                credit = credit or value
            continue
        m = SOURCE_PREFIX.match(line)
        if m:
            credit = credit or m.group(1).strip()
            continue
        m = CREDIT_SENTENCE.search(line)
        if m and len(line) < 400:
            credit = credit or m.group(1)
            continue
        if _is_drop(line):
            # «اقرأ أيضاً:» alone on its line introduces the linked headline(s) that follow.
            if len(line) < 25:
                while i < len(paras) and line_key(paras[i]) in link_texts:
                    i += 1
            continue
        if site_prefixes and len(line) < 300 and low.startswith(site_prefixes):
            continue
        if title_key and (k == title_key or k in alias_keys):
            continue
        if not out and label_links and len(line) < 40 and len(line.split()) <= 3 and k in label_links:
            continue
        if author_keys and k in author_keys:
            continue
        if len(out) < 3 and len(line) < 120:
            if BYLINE.match(line):
                continue
            if _is_date_line(line, calendar):
                continue
        if len(line) < 300 and CAPTION.search(line):
            continue
        out.append(line)
    return Filtered(out, credit)


_WORD = re.compile(r"[^\W\d_]{2,}")


def _is_date_line(line: str, calendar: str) -> bool:
    """A short line that is mostly a date (with a weekday, source or clock)."""
    if not parse_text_date(line, None, calendar):
        return False
    words = _WORD.findall(letters_folded(line))
    return len(words) <= 8
