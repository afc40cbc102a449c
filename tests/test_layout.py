"""The apps depend on each other in one direction only: an app imports from those listed before
it in INSTALLED_APPS (core first, the project package and the demo last), never from one after
it. Migrations count too, as their imports run on every installation."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PRODUCT_APPS = [app for app in settings.INSTALLED_APPS if (ROOT / app / "__init__.py").exists()]
if "demo" not in PRODUCT_APPS:
    PRODUCT_APPS.append("demo")


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names)
    return found & set(PRODUCT_APPS)


def test_the_product_apps_are_listed_bottom_up():
    assert PRODUCT_APPS[:4] == ["core", "mail", "accounts", "documents"]
    assert PRODUCT_APPS[-2:] == ["mobility_office", "demo"]


def test_no_app_imports_from_an_app_above_it():
    upward = []
    for level, app in enumerate(PRODUCT_APPS):
        above = set(PRODUCT_APPS[level + 1 :])
        for path in sorted((ROOT / app).rglob("*.py")):
            for other in sorted(imported_apps(path) & above):
                upward.append(f"{path.relative_to(ROOT)} imports {other}")
    assert upward == []


def test_core_has_no_models():
    from django.apps import apps

    assert list(apps.get_app_config("core").get_models()) == []
