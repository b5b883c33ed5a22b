"""ofsted-kg: a knowledge graph of Ofsted children's-services inspections.

The package is laid out as the data flows:
``read`` -> ``parse`` -> ``model`` -> ``convert`` -> ``validate`` -> ``store`` ->
``query`` / ``export`` / ``visualise``.
"""

__version__ = "0.1.0"
