"""Choosing in a search-as-you-type select (core/widgets.py, static/js/autocomplete.js) as a
reader does: type part of the name into its box, then click the option found."""

from playwright.sync_api import Page, expect


def choose(page: Page, select_id: str, typed: str, option: str) -> None:
    box = page.locator(f"#{select_id}-ts-control")
    box.click()
    box.fill(typed)
    found = page.locator(f"#{select_id}-ts-dropdown .option").filter(has_text=option).first
    expect(found).to_be_visible()
    found.click()
