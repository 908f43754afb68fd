"""Links in other scripts: stored as an ASCII address (punycode host, percent-encoded path), shown as typed."""

from __future__ import annotations

from typing import Any

import pytest

from mindmap import channels
from mindmap.combining import same_site
from mindmap.model import MindMap, readable_url


def test_a_youtube_handle_in_another_script_shows_as_typed_and_stays_a_valid_link(run: Any, load: Any) -> None:
    run("add", "sector", "Arts")
    run("add", "org", "Theatre", "--under", "Arts")
    assert run("add", "channel", "https://www.youtube.com/@名前", "--under", "Theatre").exit_code == 0
    tree = run("tree").stdout
    assert "<https://youtube.com/@名前>" in tree
    assert "%E5" not in tree
    assert "https://youtube.com/@名前" in run("show", "YouTube @名前").stdout
    node = load().node(load().resolve("YouTube @名前"))
    assert node.url == "https://youtube.com/@%E5%90%8D%E5%89%8D"
    assert '"url": "https://youtube.com/@%E5%90%8D%E5%89%8D"' in run("show", "YouTube @名前", "--json").stdout


def test_a_host_in_another_script_is_stored_in_ascii_and_shown_and_found_as_typed(run: Any, load: Any) -> None:
    run("add", "sector", "Culture")
    assert run("add", "org", "Musée", "--under", "Culture", "--url", "пример.рф").exit_code == 0
    assert run("add", "channel", "https://Café.fr/crème/?utm_source=x", "--under", "Musée").exit_code == 0
    m = load()
    assert m.node(m.resolve("Musée")).url == "https://xn--e1afmkfd.xn--p1ai"
    assert m.node(m.resolve("Website café.fr/crème")).url == "https://xn--caf-dma.fr/cr%C3%A8me"
    tree = run("tree").stdout
    assert "<https://пример.рф>" in tree
    assert "<https://café.fr/crème>" in tree
    assert "xn--" not in tree
    assert "Culture/Musée" in run("find", "пример").stdout


def test_one_site_typed_in_two_forms_is_stored_once_and_counted_as_one_channel(run: Any, load: Any) -> None:
    run("add", "sector", "Culture")
    run("add", "org", "A", "--under", "Culture")
    run("add", "org", "B", "--under", "Culture")
    run("add", "channel", "https://café.fr/crème", "--under", "A")
    run("add", "channel", "https://xn--caf-dma.fr/cr%C3%A8me/", "--under", "B", "--label", "Café site")
    m = load()
    assert m.node(m.resolve("Café site")).url == m.node(m.resolve("A/Website café.fr\\/crème")).url
    assert "[duplicate-channel]" in run("check").stdout


def test_the_unicode_form_of_an_old_map_is_advised_in_ascii_and_the_same_site_to_combine() -> None:
    assert channels.normalise_link("https://café.fr/x") == "https://xn--caf-dma.fr/x"
    assert same_site("https://café.fr/crème", "http://www.xn--caf-dma.fr/cr%C3%A8me/")
    assert not same_site("https://café.fr/x", "https://cafe.fr/x")


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("https://xn--fa-hia.de/stra%C3%9Fe", "https://faß.de/straße"),  # UTS 46, not 'fass.de'
        ("https://a.example/x%20y%2Fz", "https://a.example/x%20y%2Fz"),  # ASCII escapes stay escaped
        ("https://a.example/%E2%80%AEevil", "https://a.example/%E2%80%AEevil"),  # a direction override stays hidden
        ("https://a.example/%FF%FE", "https://a.example/%FF%FE"),  # not UTF-8
        ("https://xn--zz.example/x", "https://xn--zz.example/x"),  # no valid name: as stored
        ("https://a.example/plain", "https://a.example/plain"),
    ],
)
def test_a_link_is_shown_decoded_only_where_that_is_safe_and_readable(stored: str, shown: str) -> None:
    assert readable_url(stored) == shown


def test_a_library_add_stores_the_ascii_form_too() -> None:
    m = MindMap("T")
    org = m.add("organisation", "O", m.add("sector", "S"), url="https://CAFÉ.fr")
    assert m.node(org).url == "https://xn--caf-dma.fr"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("https://xn--caf-dma.fr:8443/cr%C3%A8me", "https://café.fr:8443/crème"),
        ("https://me@xn--caf-dma.fr/x", "https://me@café.fr/x"),
        ("https://me@xn--caf-dma.fr:8080", "https://me@café.fr:8080"),
    ],
)
def test_a_host_in_another_script_with_a_port_or_user_shows_as_typed(stored: str, shown: str) -> None:
    assert channels.display_url(stored) == shown


def test_a_website_label_with_a_port_names_the_host_as_typed(run: Any, load: Any) -> None:
    run("add", "sector", "Culture")
    run("add", "org", "Musée", "--under", "Culture")
    assert run("add", "channel", "https://café.fr:8443/crème", "--under", "Musée").exit_code == 0
    assert "Website café.fr:8443/crème" in run("tree").stdout


def test_links_on_another_port_are_not_the_same_site() -> None:
    assert not same_site("https://café.fr:8443/crème", "https://xn--caf-dma.fr/cr%C3%A8me")
    assert not same_site("https://a.org:8080/x", "https://a.org/x")
    assert same_site("https://a.org:443/x", "http://www.a.org/x/")
    assert not same_site("https://a.org:99999/x", "https://a.org/x")  # no port at all: no site to compare


def test_a_final_ideographic_full_stop_goes_as_a_final_dot_does() -> None:
    assert channels.normalise_link("https://café.fr。/x") == channels.normalise_link("https://café.fr./x")
    assert channels.normalise_link("https://café.fr。/x") == "https://xn--caf-dma.fr/x"


@pytest.mark.parametrize(
    "typed",
    [
        "https://tw\u0456tter.com/derbyquad",  # a Cyrillic 'і' among Latin letters: passes for twitter.com
        "https://p\u0430ypal.com",  # a Cyrillic 'а'
        "https://\u03bfrg\u0430.org",  # a Greek 'ο' and a Cyrillic 'а'
        "https://\u0440\u0430\u0443\u0440\u0430\u04cf.com",  # all Cyrillic: passes for paypal.com
        "https://\u0430\u0440\u0440\u04cf\u0435.com/x",  # all Cyrillic: passes for apple.com
    ],
)
def test_a_host_that_passes_for_a_latin_name_is_shown_in_its_ascii_form(typed: str) -> None:
    stored = channels.normalise_link(typed, typed=True)
    assert "xn--" in stored
    assert channels.display_url(stored) == stored
    assert "xn--" in channels.recognise(typed).label


def test_a_host_in_one_script_is_still_shown_as_typed() -> None:
    assert channels.display_url("https://xn--e1afmkfd.xn--p1ai/x") == "https://пример.рф/x"
    assert channels.display_url("https://xn--caf-dma.fr") == "https://café.fr"
    assert channels.display_url("https://xn--e1afmkfd.com") == "https://\u043f\u0440\u0438\u043c\u0435\u0440.com"


def test_percent_escapes_in_either_case_are_one_stored_form() -> None:
    from mindmap.channels import normalise_link

    typed = normalise_link("https://café.fr/crème")
    assert normalise_link("https://xn--caf-dma.fr/cr%c3%a8me") == typed == "https://xn--caf-dma.fr/cr%C3%A8me"
    assert normalise_link("https://example.org/a%2fb") == "https://example.org/a%2Fb"
