"""A page shows a form only to someone who may save it now.

Each role walks the demo from its dashboard, following the links it is shown, and sends every
POST form it meets as the page rendered it. None may answer "forbidden", "method not allowed" or
a server error: a form the user may not send should not have been shown.
"""

from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _served_as_in_production(demo, settings):
    # The demo loads only with DEBUG on; the pages are walked as production serves them (with
    # DEBUG on, every one of these thousand requests keeps its debugging data).
    settings.DEBUG = False


# Pages of one kind (one URL name) walked at most this often: their forms are alike.
PER_URL_NAME = 2
PAGES_PER_ROLE = 250
# Leaving or switching language is not a form of the product's records.
NOT_WALKED = {"logout", "set_language"}
NOT_FOLLOWED_PREFIXES = ("/admin/", "/static/", "/i18n/", "/accounts/logout")


def url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def internal_links(page) -> list[str]:
    links = []
    for anchor in page.html.select("a[href]"):
        href = anchor["href"]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(NOT_FOLLOWED_PREFIXES):
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def post_forms(page):
    forms = {id(form): form for form in page.forms.values()}.values()
    for form in forms:
        if form.method.lower() != "post":
            continue
        target = urlsplit(form.action or page.request.path).path or page.request.path
        if url_name(target) in NOT_WALKED:
            continue
        yield form, target


@pytest.mark.parametrize("role", ["staff", "registrar", "student"])
def test_every_form_a_role_is_shown_can_be_sent_without_being_refused(demo, django_app, role):
    user = get_user_model().objects.get(username=role)
    seen_paths: set[str] = set()
    per_name: dict[str, int] = defaultdict(int)
    queue = ["/dashboard/"]
    refused = []
    walked = 0
    while queue and walked < PAGES_PER_ROLE:
        path = queue.pop(0)
        if path in seen_paths:
            continue
        seen_paths.add(path)
        name = url_name(urlsplit(path).path)
        if name is None or per_name[name] >= PER_URL_NAME:
            continue
        page = django_app.get(path, user=user, expect_errors=True)
        if page.status_code != 200 or "html" not in page.content_type:
            continue
        per_name[name] += 1
        walked += 1
        queue.extend(internal_links(page))
        for index, (_form, target) in enumerate(list(post_forms(page))):
            # Each form from a fresh copy of the page: an earlier one may have moved the record.
            fresh = django_app.get(path, user=user, expect_errors=True)
            forms = list(post_forms(fresh)) if fresh.status_code == 200 else []
            if index >= len(forms):
                continue
            form, target = forms[index]
            response = form.submit(user=user, expect_errors=True)
            if response.status_code in (403, 405) or response.status_code >= 500:
                refused.append(f"{path} → {target}: {response.status_code}")
    assert walked > 5, f"{role} reached only {walked} pages"
    assert not refused, f"{role} was shown forms it may not send:\n" + "\n".join(refused)
