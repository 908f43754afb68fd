"""A single post's link names its account: the refusal and `check` give that account's own address."""

from __future__ import annotations

from typing import Any

import pytest

from mindmap import channels


@pytest.mark.parametrize(
    ("post", "account"),
    [
        ("https://twitter.com/sheffhallamuni/status/1234567890123", "https://twitter.com/sheffhallamuni"),
        (
            "https://www.facebook.com/groups/sheffieldvolunteers/permalink/98765/",
            "https://facebook.com/groups/sheffieldvolunteers",
        ),
        ("https://www.instagram.com/unisheffield/p/Cabc123/", "https://instagram.com/unisheffield"),
        ("https://www.linkedin.com/company/acme/posts/123/", "https://linkedin.com/company/acme"),
        ("https://www.tiktok.com/@sheffieldhallam/video/723", "https://tiktok.com/@sheffieldhallam"),
        ("https://mastodon.social/@sitegallery/1111", "https://mastodon.social/@sitegallery"),
    ],
)
def test_a_posts_refusal_names_the_accounts_own_address(post: str, account: str) -> None:
    [problem] = channels.problems(post)
    assert problem.code == "post"
    assert problem.instead == account
    assert f"give the account's own address, {account}, or add --force" in problem.refusal(post)
    assert channels.problems(account) == []


def test_a_post_without_an_account_in_its_link_gets_the_usual_advice() -> None:
    [problem] = channels.problems("https://www.facebook.com/photo.php?fbid=123")
    assert problem.instead == ""
    assert "give the address of the profile, page or group itself" in problem.refusal("x")


@pytest.mark.parametrize(
    ("link", "platform"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", "YouTube"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=UUabc", "YouTube"),
        ("https://twitter.com/search?q=curve", "Twitter"),
        ("https://www.instagram.com/p/CxYz123/", "Instagram"),
    ],
)
def test_advice_names_the_account_where_a_platform_has_no_pages_or_groups(link: str, platform: str) -> None:
    # The Leicester trial: a YouTube video was refused with 'give the address of the profile, page or group'.
    [problem] = channels.problems(link)
    assert f"give the address of the {platform} account itself, or add --force" in problem.refusal(link)
    assert "group" not in problem.refusal(link)


def test_check_gives_the_command_that_mends_a_kept_post(run: Any, load: Any) -> None:
    run("add", "sector", "Universities")
    run("add", "org", "Hallam", "--under", "Universities")
    post = "https://twitter.com/sheffhallamuni/status/1234567890123"
    refused = run("add", "channel", post, "--under", "Hallam")
    assert refused.exit_code == 1
    assert "give the account's own address, https://twitter.com/sheffhallamuni, or add --force" in refused.stderr
    assert run("add", "channel", post, "--under", "Hallam", "--force").exit_code == 0
    node_id = load().find("status")[0]
    found = run("check")
    assert f"; use `mindmap set {node_id} --url https://twitter.com/sheffhallamuni` [link-post]" in found.stdout
    assert run("set", node_id, "--url", "https://twitter.com/sheffhallamuni").exit_code == 0
    assert run("check").exit_code == 0
    assert load().node(node_id).label == "Twitter @sheffhallamuni"


def test_a_mastodon_post_by_its_users_path_is_kept_as_given() -> None:
    # '/users/NAME/statuses/N' is the server's own form of a post's address: '/NAME/statuses/N' is no page at all.
    post = "https://mastodon.social/users/sitegallery/statuses/1111"
    stored, [problem] = channels.stored_link(post, "channel")
    assert stored == post
    assert channels.recognise(post).url == post
    assert problem.code == "post"
    assert problem.instead == "https://mastodon.social/@sitegallery"
