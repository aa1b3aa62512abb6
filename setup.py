# Everything is in pyproject.toml.  This shim is for `scrapyd-deploy`, which
# runs `python setup.py bdist_egg` (and would write its own setup.py, without
# the package data, were there none).
from setuptools import setup

setup()
