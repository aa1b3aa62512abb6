"""The fa/ar/en phrases that mark page furniture, as data.

Why apart: the DOM pruner (labelled blocks) and the paragraph rules read the
same tables; keeping them in one data module lets a phrase be added in one
place.  Each table has its comparison form beside it (``*_KEYS`` by
``line_key``, ``*_FORMS`` by ``phrase_form``).  Nothing here names a site:
a site's own phrases are its definition's ``boilerplate_phrases``.
"""

from __future__ import annotations

import re

from .chars import letters_folded, line_key

# A line equal to one of these (ignoring punctuation) is dropped.
DROP_EXACT = frozenset({
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
    # en: in-story teaser labels, reprint and print tools
    "don't miss", "dont miss", "see more", "order reprints", "print article",
})
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
    "see more:", "copyright ©", "copyright (c)", "this copy is for your personal, non-commercial use",
    "an error has occurred, please try again", "like this story?",
)
# Substrings that mark a whole short line as furniture.
DROP_CONTAINS = (
    "هیچ مسئولیتی ندارد", "در قبال محتوای آن", "قانون تجارت الکترونیک",
    "اضغط هنا", "إضغط هنا", "انقر هنا", "إنقر هنا", "اینجا کلیک کنید", "کلیک کنید",
    "مراجعة التعليقات",
    "الحقول الإلزامية مشار إليها", "required fields are marked", "click here", "clicking here",
)
# A line equal to one of these starts the page furniture after the story.
END_LABELS = frozenset({
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
    "most read", "most popular", "more stories", "recommended for you", "tags",
})
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
BOX_LABELS = frozenset({"اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "إقرأ أيضاً", "اقرأ ايضا", "اقرأ كذلك", "طالع أيضا", "طالع أيضاً",
              "شاهد أيضا", "شاهد أيضاً", "اقرأ المزيد", "إقرأ المزيد", "بیشتر بخوانید", "بخوانید", "مطلب مرتبط",
              "خبر مرتبط", "پیشنهاد ویژه"})
BOX_KEYS = frozenset(line_key(p) for p in BOX_LABELS)
DROP_EXACT_KEYS = frozenset(line_key(p) for p in DROP_EXACT)
END_KEYS = frozenset(line_key(p) for p in END_LABELS)
_HARAKAT = re.compile("[\u064b-\u065f\u0670]")


def phrase_form(text: str) -> str:
    """Folded letters without harakat: «أيضًا» and «أيضاً» are one spelling."""
    return phrase_form_of_folded(letters_folded(text))


def phrase_form_of_folded(folded: str) -> str:
    """``phrase_form`` of a text already through ``letters_folded``."""
    return _HARAKAT.sub("", folded).casefold().strip()


DROP_PREFIX_FORMS = tuple(phrase_form(p) for p in DROP_PREFIX)
DROP_CONTAINS_FORMS = tuple(phrase_form(p) for p in DROP_CONTAINS)
