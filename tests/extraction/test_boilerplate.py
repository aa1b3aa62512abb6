"""Paragraph rules (``lines``) and DOM pruning (``prune``)."""

import lxml.html

from crawler.extraction.blocks import paragraphs
from crawler.extraction.chars import line_key
from crawler.extraction.lines import LineOptions, filter_paragraphs
from crawler.extraction.prune import Pruner

BODY = "وزیران دفاع چهار کشور در مسکو دیدار کردند و درباره همکاری‌ها گفت‌وگو کردند."


def test_read_also_label_and_its_linked_headlines_dropped():
    links = frozenset({line_key("عنوان یک خبر مرتبط با این موضوع"), line_key("عنوان دومین خبر مرتبط با این موضوع")})
    out = filter_paragraphs([BODY, "بیشتر بخوانید:", "عنوان یک خبر مرتبط با این موضوع",
                             "عنوان دومین خبر مرتبط با این موضوع", "پاراگراف دوم خبر همین\u200cجاست."], LineOptions(link_texts=links))
    assert out.paragraphs == [BODY, "پاراگراف دوم خبر همین\u200cجاست."]


def test_inline_read_also_lines():
    paras = [BODY, "اقرأ أيضاً: اجتماع رباعي في موسكو", "إقرأ أيضا: خبر آخر", "Read also: something", "نهاية الخبر هنا."]
    assert filter_paragraphs(paras).paragraphs == [BODY, "نهاية الخبر هنا."]


def test_end_label_cuts_what_follows():
    paras = [BODY, BODY + " دوم", "مقالات ذات صلة", "teaser one", "teaser two"]
    assert filter_paragraphs(paras).paragraphs == [BODY, BODY + " دوم"]


def test_source_credit_moves_to_its_field():
    out = filter_paragraphs([BODY, "منبع: فارس"])
    assert out.paragraphs == [BODY] and out.source_credit == "فارس"
    out = filter_paragraphs([BODY, "المصادر:", "العربي - وكالات"])
    assert out.paragraphs == [BODY] and out.source_credit == "العربي - وكالات"
    out = filter_paragraphs([BODY, 'منبع خبر "صدا و سیما" است و موتور جستجوگر خبر تیترآنلاین در قبال محتوای آن هیچ مسئولیتی ندارد.'])
    assert out.paragraphs == [BODY] and out.source_credit == "صدا و سیما"
    out = filter_paragraphs(["پایگاه خبری تحلیلی نامه نیوز (namehnews.com) :", BODY])
    assert out.paragraphs == [BODY] and out.source_credit == "پایگاه خبری تحلیلی نامه نیوز"


def test_title_date_line_byline_and_ids_dropped():
    title = "نشست چهارجانبه در مسکو"
    paras = [title, "سه شنبه 05 اردیبهشت 1402 - 21:46", "نویسنده: مریم احمدی", BODY, "کد خبر ۱۲۳۴۵", "انتهای پیام/"]
    assert filter_paragraphs(paras, LineOptions(title=title, calendar="jalali")).paragraphs == [BODY]


def test_a_date_inside_a_real_paragraph_is_kept():
    para = "نشست معاونان وزرای خارجه در روزهای ۱۴ و ۱۵ فروردین ۱۴۰۲ در مسکو برگزار شد و طرفین درباره آماده کردن نشست وزیران خارجه گفت‌وگو کردند."
    assert filter_paragraphs([para], LineOptions(calendar="jalali")).paragraphs == [para]


def test_site_phrases():
    assert filter_paragraphs([BODY, "صاحب‌خبر - متن"], LineOptions(phrases=("صاحب‌خبر -",))).paragraphs == [BODY]


def _page(inner):
    return lxml.html.document_fromstring(f"<html><body>{inner}</body></html>")


def test_pruner_removes_comment_form_and_labelled_block_but_not_the_story():
    story = "".join(f"<p>{BODY} {i}</p>" for i in range(8))
    tree = _page(f"""<div class="post-tags entry">{story}</div>
        <div class="box"><h3>مقالات ذات صلة</h3><ul><li><a href="/a">خبر</a></li></ul></div>
        <form><textarea></textarea><input type="email"></form>""")
    pruner = Pruner(tree)
    pruner.comment_forms()
    pruner.by_tokens()
    pruner.labelled_blocks()
    text = "\n".join(paragraphs(tree))
    assert text.count(BODY) == 8  # the wrapper named like a tag list holds the story: kept
    assert "مقالات ذات صلة" not in text and "textarea" not in text


def test_blocks_serialise_lists_tables_breaks():
    tree = _page("<div><h2>عنوان فرعی</h2><p>خط اول<br>خط دوم</p><ul><li>یک</li><li>دو</li></ul>"
                 "<table><tr><th>الف</th><th>ب</th></tr><tr><td>۱</td><td>۲</td></tr></table>"
                 "<figure><img src=x><figcaption>کپشن</figcaption></figure><script>var x</script></div>")
    assert paragraphs(tree) == ["عنوان فرعی", "خط اول", "خط دوم", "یک", "دو", "الف | ب", "۱ | ۲"]


def test_label_wrapped_in_inline_markup_removes_its_block():
    story = "".join(f"<p>{BODY} {i}</p>" for i in range(8))
    tree = _page(f"""<div class="story">{story}</div>
        <div class="box"><h3 class="t"><span>مقالات ذات صلة</span></h3><ul><li><a href="/a">خبر أول عن الاجتماع</a></li></ul></div>""")
    Pruner(tree).labelled_blocks()
    text = "\n".join(paragraphs(tree))
    assert text.count(BODY) == 8 and "خبر أول" not in text and "مقالات" not in text


def test_block_children_inside_cells_are_word_separated():
    tree = _page("<table><tr><td>Easy run<p>3 miles</p><p>or rest</p></td><td>A<br>B</td></tr></table>")
    assert paragraphs(tree) == ["Easy run 3 miles or rest | A B"]


def test_calls_to_follow_the_outlet_dropped():
    paras = [BODY, "📣 برای دریافت سریع‌ترین اخبار به کانال تلگرام ما بپیوندید",
             "تابعونا على قناة تيليجرام لمتابعة آخر الأخبار", "تابع آخر أخبارنا عبر حسابنا على تويتر", BODY + " پایان."]
    assert filter_paragraphs(paras).paragraphs == [BODY, BODY + " پایان."]


def test_byline_with_a_comma_and_badges_dropped():
    paras = ["مباشر", "نویسنده, مریم افشار", "نشر في", BODY]
    assert filter_paragraphs(paras).paragraphs == [BODY]


def test_section_label_above_the_story_dropped_only_before_it():
    labels = frozenset({line_key("العالم")})
    assert filter_paragraphs(["العالم", BODY, "العالم"], LineOptions(label_links=labels)).paragraphs == [BODY, "العالم"]


def test_caption_under_a_picture_paragraph_pruned():
    tree = lxml.html.fromstring(
        f"<html><body><div><p>{BODY}</p><p><img src='a.jpg'></p><p>جانب من المؤتمر الصحفي</p>"
        f"<p><img src='b.jpg'></p><p><strong>عنوان فرعي للخبر</strong></p><p>{BODY}</p>"
        "<p><img src='c.jpg'></p><p>Open the folder and right-click</p><p>End of the how-to.</p></div></body></html>")
    p = Pruner(tree)
    p.image_captions()
    p.by_tokens()
    assert paragraphs(tree) == [BODY, "عنوان فرعي للخبر", BODY, "Open the folder and right-click", "End of the how-to."]


def test_opinion_and_comment_disclaimers_dropped_but_quoted_denials_kept():
    quoted = "وقال المتحدث إن هذه الأرقام لا تعكس بالضرورة الواقع الاقتصادي في البلاد."
    paras = [BODY, quoted,
             "الآراء الواردة في المقال لا تعكس بالضرورة الموقف التحريري لشبكة الجزيرة.",
             "الآراء الواردة أدناه لا تعبر عن رأي موقع CNN بالعربية، بل تعكس وجهات نظر أصحابها فقط.",
             "مطالب منتشر شده در این بخش لزوماً بیانگر دیدگاه خبرگزاری نیست."]
    assert filter_paragraphs(paras).paragraphs == [BODY, quoted]


def test_counters_tools_and_app_lines_dropped():
    junk = ["۱۲۳۴ بازدید", "۰ نظر", "مشاهدة 1520", "نظرات (۰)", "کپی لینک", "A+ A-", "تحميل تطبيق",
            "برای استفاده از امکانات سایت لطفا وارد شوید", "ذخیره خبر", "گزارش خطا", "نشرت في", "تمامی حقوق محفوظ است"]
    assert filter_paragraphs([BODY] + junk + [BODY + " پایان."]).paragraphs == [BODY, BODY + " پایان."]


def test_photo_credits_dropped_other_bracketed_lines_kept():
    paras = [BODY, "عکس از: مهدی احمدی", "منبع عکس: ایرنا", "عکاس: علی محمدی", "(أ ف ب)", "(رويترز)",
             "（编辑：严玉洁 王辉）", BODY + " پایان."]
    assert filter_paragraphs(paras).paragraphs == [BODY, "（编辑：严玉洁 王辉）", BODY + " پایان."]


def test_an_aggregators_watermark_is_pruned_whatever_its_name():
    story = "".join(f"<p>{BODY} {i}</p>" for i in range(4))
    tree = _page(f'<div class="body"><span class="acme-watermark">آکمه‌خبر -</span>{story}'
                 f'<div class="news_watermark">آکمه</div></div>')
    Pruner(tree).by_tokens()
    assert paragraphs(tree) == [f"{BODY} {i}" for i in range(4)]
