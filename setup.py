"""Package layout: one distribution, one import namespace.

The design card puts mocks/, connectors/, fixtures/ and contracts/ at the top of the
repository, but `fixtures`, `contracts` and `connectors` are taken on PyPI, so they ship
as subpackages of `atsbox` (atsbox.mocks is mocks/, and so on). Subpackages are found
here rather than listed in pyproject.toml so a new vendor folder cannot be forgotten.
"""

from setuptools import find_packages, setup

ROOTS = {
    "atsbox": "atsbox",
    "atsbox.mocks": "mocks",
    "atsbox.connectors": "connectors",
    "atsbox.fixtures": "fixtures",
    "atsbox.contracts": "contracts",
}

packages: list[str] = []
for package, folder in ROOTS.items():
    packages.append(package)
    packages.extend(f"{package}.{sub}" for sub in find_packages(folder))

setup(packages=packages, package_dir=ROOTS)
