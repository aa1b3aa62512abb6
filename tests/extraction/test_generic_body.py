"""The generic body's two continuations: a story split into several
containers of one kind, and a rail of other stories' headlines at its end."""

from crawler.extraction import extract
from crawler.extraction.chars import line_key
from crawler.extraction.lines import LineOptions, filter_paragraphs

STORY = [f"Paragraph {n} of the story tells what happened in the city council on Tuesday evening, "
         f"when members argued about the budget for the next two years and the new bus lines." for n in range(1, 7)]
HEADLINES = ["Council approves new stadium plan after long debate", "Mayor names new head of city transport"]


def test_a_rail_of_headlines_at_the_end_goes_and_a_note_after_it_stays():
    note = "Editor's note: this story was updated with the final vote."
    paras = STORY + [HEADLINES[0], "The vote was 7 to 2", HEADLINES[1], "She starts in May", note]
    got = filter_paragraphs(paras, LineOptions(link_texts=frozenset(map(line_key, HEADLINES))))
    assert got.paragraphs == STORY + [note]


def test_a_list_of_links_that_is_most_of_the_text_is_the_story():
    items = [f"{n}) A very good book about the history of the city, hardcover edition" for n in range(8)]
    paras = STORY[:1] + items
    got = filter_paragraphs(paras, LineOptions(link_texts=frozenset(map(line_key, items))))
    assert got.paragraphs == paras


def _page(between: str) -> bytes:
    first = "".join(f"<p>{p}</p>" for p in STORY[:3])
    second = "".join(f"<p>{p}</p>" for p in STORY[3:])
    return (f"<html><head><title>City council argues over budget</title></head><body>"
            f"<nav><a href='/'>Home</a><a href='/city'>City</a></nav><main><article>"
            f"<h1>City council argues over budget</h1>"
            f"<div class='grid'><div class='body article__body'>{first}</div><aside class='rail'></aside></div>"
            f"{between}"
            f"<div class='grid'><div class='body article__body'>{second}</div></div>"
            f"</article></main><footer>Copyright</footer></body></html>").encode()


def test_a_story_split_between_ad_rows_is_read_whole():
    art = extract("https://news.example.org/story/council-budget", _page("<div class='ad'><span>Advertisement</span></div>"))
    assert art.text.split("\n\n") == STORY


def test_a_teaser_in_a_container_of_the_same_kind_is_not_a_continuation():
    between = "<div class='promo'><h3><a href='/story/other'>Another story entirely about something else</a></h3></div>"
    art = extract("https://news.example.org/story/council-budget", _page(between))
    assert art.text.split("\n\n") == STORY[:3]


def test_share_buttons_shortcodes_and_a_tags_label_are_not_story():
    paras = STORY[:3] + ["Facebook Twitter Google+ Whatsapp", "[button link=\"/x\"]Send us YOUR review[/button]",
                         "DON'T MISS", HEADLINES[0], STORY[3], "Tags", "budget, council, buses"]
    got = filter_paragraphs(paras, LineOptions(link_texts=frozenset(map(line_key, HEADLINES))))
    assert got.paragraphs == STORY[:4]


def test_a_headline_in_capitals_linking_elsewhere_and_click_here_lines_go():
    shouted = "MAYOR NAMES NEW HEAD OF CITY TRANSPORT"
    paras = STORY[:2] + [shouted, STORY[2], "CLICK HERE TO GET THE CITY NEWS APP", STORY[3],
                         "Like this story? Share it with a friend!"]
    got = filter_paragraphs(paras, LineOptions(link_texts=frozenset({line_key(shouted)})))
    assert got.paragraphs == STORY[:4]
    # the same line in capitals that links nowhere is the story's (a subheading)
    assert filter_paragraphs(paras[:4], LineOptions()).paragraphs == paras[:4]


def test_teaser_cards_are_pruned_unless_they_are_the_page():
    import lxml.html

    from crawler.extraction.prune import Pruner

    card = "<a href='/guide/{n}'><p>Night mode is an automatic setting of the new camera, in our guide {n}.</p></a>"
    story = "".join(f"<p>{p}</p>" for p in STORY)
    plain_link = "<p>See <a href='/other'>the council's minutes</a> for the vote.</p>"

    def pruned(cards: int) -> tuple[int, int]:
        tree = lxml.html.document_fromstring(
            f"<html><body><article>{story}{plain_link}</article>"
            f"<div>{''.join(card.format(n=n) for n in range(cards))}</div></body></html>")
        Pruner(tree).link_cards()
        return len(tree.xpath("//a[p]")), len(tree.xpath("//article//a"))

    assert pruned(2) == (0, 1)  # the cards go, a link inside a sentence stays
    assert pruned(12) == (12, 1)  # a page of cards is a listing: left for the listing tests
