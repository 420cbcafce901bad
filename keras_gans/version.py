"""The package version (a leaf: modules read it without importing the
package)."""

__version__ = "0.2.0"
