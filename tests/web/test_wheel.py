"""Issue 9, publishing: the wheel `datasette publish` / `datasette package --install` installs
carries the plugin, its templates and metadata, and works on its own (no network: the build
uses the installed setuptools and wheel, the install takes no dependencies)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from offlimits.web.app import SETTINGS, setting_options
from offlimits.web.public import PUBLIC_PROFILE, PUBLIC_PROFILE_FILE

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def tracked_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout (the wheel is built from the tracked files)")
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return [line for line in out.splitlines() if (ROOT / line).exists()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """`pip wheel . --no-deps --no-build-isolation --no-index` on a copy of the tracked files
    (links kept as links, as in a checkout: offlimits/web/metadata.yml is one)."""
    source = tmp_path_factory.mktemp("source")
    for name in tracked_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target, follow_symlinks=False)
    assert (source / "offlimits/web/metadata.yml").is_symlink()
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps",
                    "--no-build-isolation", "--no-index", "-q", "-w", str(dist)],
                   check=True, capture_output=True, text=True)
    (built,) = dist.glob("offlimits-*.whl")
    return built


def test_the_wheel_carries_the_plugin_templates_and_metadata(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    web = [n for n in tracked_files() if n.startswith("offlimits/web/") and not
           n.endswith(".md")]
    assert len(web) > 40
    assert sorted(n for n in web if n not in names) == []  # every module, template, yml
    assert {"offlimits/web/metadata.yml", "offlimits/web/metadata.public.yml",
            "offlimits/web/templates/offlimits_timeline.html"} <= names
    packaged = zipfile.ZipFile(wheel).read("offlimits/web/metadata.yml")
    assert packaged == (ROOT / "metadata.yml").read_bytes()  # the file, not the link
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[datasette]\nofflimits = offlimits.web.plugin" in text


def test_the_installed_wheel_serves_a_snapshot_with_plain_datasette(wheel, fixture_db,
                                                                    tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    db = tmp_path / "offlimits-2025-12-06.db"
    shutil.copyfile(fixture_db, db)
    # As the Docker image runs it (-i: immutable). The wheel's copy of offlimits comes first
    # on the path; the other dependencies are this environment's. Run from tmp_path, so the
    # checkout is not importable.
    code = (
        "import sys, offlimits.web.plugin as p; print(p.__file__);"
        "from datasette.cli import cli; sys.argv = ['datasette'] + sys.argv[1:]; cli()"
    )
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}

    def get(path: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code, "serve", "-i", str(db), "-m", str(PUBLIC_PROFILE_FILE),
             *setting_options().split(), "--get", path],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)

    timeline = get("/-/timeline")
    assert timeline.returncode == 0, timeline.stderr
    plugin_file, _, html = timeline.stdout.partition("\n")
    assert plugin_file.startswith(str(site))
    assert "8 events" in html and "Timeline" in html
    settings = json.loads(get("/-/settings.json").stdout.partition("\n")[2])
    assert {k: settings[k] for k in SETTINGS} == SETTINGS
    queries = json.loads(get("/offlimits-2025-12-06.json").stdout.partition("\n")[2])
    assert "events_for_vendor" in {q["name"] for q in queries["queries"]}
    articles = json.loads(get("/offlimits-2025-12-06/articles.json?_shape=array")
                          .stdout.partition("\n")[2])
    assert articles and all("text" not in a for a in articles)  # the public profile


def test_datasette_package_context_installs_the_wheel(wheel, fixture_db, tmp_path):
    """What `datasette package` / `publish cloudrun` would send to Docker, built by their own
    code: the README's command, without Docker."""
    from datasette.utils import temporary_docker_directory

    db = tmp_path / "offlimits-2025-12-06.db"
    shutil.copyfile(fixture_db, db)
    with PUBLIC_PROFILE_FILE.open() as metadata, temporary_docker_directory(
        files=[str(db)], name="offlimits", metadata=metadata,
        extra_options=setting_options(), branch=None, template_dir=None, plugins_dir=None,
        static=[("wheels", str(wheel.parent))], install=[f"wheels/{wheel.name}"],
        spatialite=False, version_note=None, secret="test",
    ) as context:
        context = Path(context)
        dockerfile = (context / "Dockerfile").read_text()
        assert f"RUN pip install -U datasette wheels/{wheel.name}" in dockerfile
        assert (context / "wheels" / wheel.name).read_bytes() == wheel.read_bytes()
        assert json.loads((context / "metadata.json").read_text()) == PUBLIC_PROFILE
        assert "-i offlimits-2025-12-06.db" in dockerfile
        assert setting_options() in dockerfile


def test_the_readme_gives_the_publish_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publishing a public site")[1].split("\n## ")[0]
    assert "pip wheel . --no-deps -w wheels" in section
    assert "--install wheels/offlimits-0.1.0-py3-none-any.whl" in section
    assert "--static wheels:wheels" in section
    assert "-m offlimits/web/metadata.public.yml" in section
    assert f'--extra-options "{setting_options()}"' in section
    assert yaml.safe_load(PUBLIC_PROFILE_FILE.read_text()) == PUBLIC_PROFILE
