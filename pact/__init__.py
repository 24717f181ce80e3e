"""Compare versions of an agreement: load a coded data package, compare stages, filter, chart, export.

Nothing in this package imports streamlit; the dashboard's pages call it.
"""

from pact.load import DataPackage, PackageError, Problem, load_package

__all__ = ["DataPackage", "PackageError", "Problem", "load_package"]
