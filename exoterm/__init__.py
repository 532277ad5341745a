"""exoterm: study exosomes and extracellular vesicles in Japanese and English."""

__version__ = "0.1.0"
