"""The layers a newcomer can see (decision 009): every module is a core named in the import contracts
(pyproject.toml, checked by ``make lint``) or a page, and no import hides inside a function."""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "opencsc"
PAGES = {"views", "journey_views", "forms", "journey_forms", "urls", "admin", "apps"}
ENTRY_POINTS = {"opencsc", "opencsc.settings", "opencsc.urls", "opencsc.wsgi"}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts or "management" in parts:
            continue
        yield path, ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def contracts():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def layered_apps() -> set[str]:
    """The apps the one layers contract places (siblings written "a | b")."""
    (layers,) = [c for c in contracts() if c["type"] == "layers"]
    return {f"opencsc.{app.strip()}" for layer in layers["layers"] for app in layer.split("|")}


ROOT_HELPERS = {"opencsc.versions", "opencsc.as_given", "opencsc.anniversaries", "opencsc.safe_zip", "opencsc.plain_english"}


def is_core(name: str) -> bool:
    app = ".".join(name.split(".")[:2])
    return (app in layered_apps() and not is_page(name)) or name in ROOT_HELPERS


def is_page(name: str) -> bool:
    parts = name.split(".")
    return parts[-1] in PAGES or name.startswith(("opencsc.web", "opencsc.synth")) or name in ENTRY_POINTS


def test_every_module_is_a_core_of_a_layered_app_or_a_page():
    app_packages = {f"opencsc.{d.name}" for d in PACKAGE.iterdir() if (d / "__init__.py").exists()}
    assert app_packages - layered_apps() == set(), "place every app in the layers contract (pyproject.toml)"
    unplaced = [name for _, name in modules() if not (is_core(name) or is_page(name) or name in app_packages)]
    assert unplaced == [], f"a module outside the layers: {unplaced}"


def test_a_module_of_an_app_the_layers_do_not_name_would_be_caught():
    assert not is_core("opencsc.letters.services") and not is_page("opencsc.letters.services")
    assert is_core("opencsc.people.models") and is_page("opencsc.people.views") and is_core("opencsc.returns.formats.years")


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n.startswith("opencsc.")}


def test_no_core_imports_a_page():
    """The layers contract ignores what pages import; this keeps the other direction: a core module (a
    model, service, selector, rule...) never imports a page, whatever layer the page is in."""
    found = [f"{name} imports {other}" for path, name in modules() if is_core(name)
             for other in imported(path) if is_page(other) and other not in ENTRY_POINTS]
    assert found == [], found


def inner_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                ours = (isinstance(inner, ast.ImportFrom) and (inner.level > 0 or (inner.module or "").startswith("opencsc"))) or (
                    isinstance(inner, ast.Import) and any(a.name.startswith("opencsc") for a in inner.names))
                if ours:
                    found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    return found


def test_no_import_of_opencsc_hides_inside_a_function():
    """Outside apps.py and management commands, every import is at the top, where the layers can be read."""
    hidden = [where for path, name in modules() if not name.endswith(".apps") for where in inner_imports(path)]
    assert hidden == [], hidden


def test_the_inner_import_check_sees_one():
    sample = ROOT / "var" / "inner_import_sample.py"
    sample.parent.mkdir(exist_ok=True)
    sample.write_text("def f():\n    from opencsc.codes import lists\n    return lists\n")
    try:
        assert len(inner_imports(sample)) == 1
    finally:
        sample.unlink()


def test_mypy_checks_everything_with_at_most_twenty_counted_ignores():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    overrides = config.get("overrides", [])
    assert "ignore_errors" not in config and not any("ignore_errors" in o for o in overrides)
    assert "disable_error_code" not in config and not any("disable_error_code" in o for o in overrides)
    ignores = [(path, line) for path in PACKAGE.rglob("*.py") for line in path.read_text().splitlines() if "# type: ignore" in line]
    assert all("# type: ignore[" in line for _, line in ignores), "every ignore names its error code"
    assert len(ignores) <= 20, ignores


def test_no_page_opens_a_transaction():
    """Services own transactions; a change and its audit entry are written together by gate.change_record."""
    opened = [f"{path.relative_to(ROOT)}:{n}" for path, name in modules() if is_page(name) and not name.startswith("opencsc.synth")
              for n, line in enumerate(path.read_text().splitlines(), start=1) if "transaction." in line]
    assert opened == [], opened
