"""atsbox: a mock ATS sandbox and contract-testing suite."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("atsbox")
except PackageNotFoundError:  # running from a checkout without an install
    __version__ = "0.0.0"
