"""Parcours: test how usable online administrative procedures are for those who struggle most."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("parcours")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"
