"""The licences and the credit: code under MIT, the lectures' text and figures under CC BY 4.0
with its full legal code, the slides' author named, a CITATION.cff that tools can read, and the
same licence in pyproject.toml."""

import datetime
import re
import tomllib
from pathlib import Path

import yaml
from packaging.licenses import canonicalize_license_expression

ROOT = Path(__file__).resolve().parents[1]
SLIDES = "Gradient Descent and Backpropagation"
AUTHOR = "Amogh Tiwari"


def test_the_code_licence_is_mit_with_a_year_and_a_holder():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    match = re.search(r"^Copyright \(c\) (\d{4}) (\S.*)$", text, re.M)
    assert match, "no copyright line"
    year, holder = int(match.group(1)), match.group(2)
    assert 2024 <= year <= datetime.date.today().year
    assert "<" not in holder and holder.strip()
    flat = " ".join(text.split())
    assert "Permission is hereby granted, free of charge, to any person obtaining a copy" in flat
    assert ("The above copyright notice and this permission notice shall be included in all "
            "copies or substantial portions of the Software.") in flat
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in flat


def test_the_content_licence_is_cc_by_4_and_keeps_the_slides_their_authors():
    text = " ".join((ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8").split())
    assert "CC BY 4.0" in text and "Creative Commons Attribution 4.0 International" in text
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in text
    assert "[LICENSE-CC-BY-4.0.txt](LICENSE-CC-BY-4.0.txt)" in text
    assert "[LICENSE](LICENSE)" in text and "MIT" in text
    # the notice on the slides: named, with their author, quoted for commentary, not licensed
    assert SLIDES in text and AUTHOR in text
    assert "remain their author's" in text and "quoted for commentary" in text
    # the same holder as the code's licence
    holder = re.search(r"^Copyright \(c\) (.*)$", (ROOT / "LICENSE").read_text(), re.M).group(1)
    assert f"Copyright (c) {holder}" in text


def test_the_full_cc_by_4_legal_code_ships_with_the_repository():
    text = (ROOT / "LICENSE-CC-BY-4.0.txt").read_text(encoding="utf-8")
    assert text.startswith("Creative Commons Attribution 4.0 International\n")
    assert "Creative Commons Attribution 4.0 International Public License" in text
    sections = [
        "Definitions", "Scope", "License Conditions", "Sui Generis Database Rights",
        "Disclaimer of Warranties and Limitation of Liability", "Term and Termination",
        "Other Terms and Conditions", "Interpretation",
    ]
    for number, title in enumerate(sections, start=1):
        assert f"Section {number} – {title}." in text, title
    assert "Creative Commons may be contacted at creativecommons.org." in text
    assert len(text) > 15_000


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_is_valid_cff_1_2_0():
    cff = citation()
    assert cff["cff-version"] == "1.2.0"  # a string, as the schema asks
    for key in ("authors", "cff-version", "message", "title"):
        assert cff.get(key), key
    assert cff["title"] == "Gradient Descent & Backpropagation, interactive"
    for author in cff["authors"]:
        assert author.get("name") or author.get("family-names"), author
    # CFF reads a list of licences as alternatives (OR), which MIT and CC BY 4.0 are not here
    assert "license" not in cff or isinstance(cff["license"], str)


def test_citation_credits_the_slides_and_their_author():
    references = citation()["references"]
    slides = [ref for ref in references if ref["title"] == SLIDES]
    assert len(slides) == 1
    [ref] = slides
    assert ref["type"] == "slides"
    assert {"given-names": "Amogh", "family-names": "Tiwari"} in ref["authors"]


def test_citation_matches_the_package_and_the_readme():
    cff = citation()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert str(cff["version"]) == project["version"]
    badge = re.search(r"mybinder\.org/v2/gh/([\w.-]+/[\w.-]+)/",
                      (ROOT / "README.md").read_text()).group(1)
    assert cff["repository-code"] == f"https://github.com/{badge}"


def test_pyproject_declares_both_licences_and_ships_their_files():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    project = pyproject["project"]
    assert canonicalize_license_expression(project["license"]) == "MIT AND CC-BY-4.0"
    assert set(project["license-files"]) == {
        "LICENSE", "LICENSE-CONTENT.md", "LICENSE-CC-BY-4.0.txt"
    }
    for name in project["license-files"]:
        assert (ROOT / name).is_file(), name
    # a licence expression with licence classifiers is an error (PEP 639)
    assert not [c for c in project.get("classifiers", []) if c.startswith("License ::")]
    # setuptools reads `license` as an SPDX expression from version 77 on
    assert "setuptools>=77" in pyproject["build-system"]["requires"]


def test_readme_credits_the_slides_the_licences_and_the_references():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    credits = readme.split("\n## Credits\n", 1)[1].split("\n## ", 1)[0]
    flat = " ".join(credits.split())
    assert f"*{SLIDES}* by **{AUTHOR}**" in flat
    for link in ("(LICENSE)", "(LICENSE-CONTENT.md)", "(CITATION.cff)"):
        assert link in flat, link
    for reference in (
        "3blue1brown.com", "pytorch.org/tutorials/beginner/blitz/autograd_tutorial",
        "cs231n.github.io", "d2l.ai", "distill.pub/2017/momentum", "karpathy/micrograd",
    ):
        assert reference in flat, reference
