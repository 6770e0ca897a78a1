"""Mock dossier-status service of "Trợ lý Dịch vụ công".

A small FastAPI app that answers dossier look-ups (dossier code + last 4 digits of the
registered phone number) from a JSON seed file loaded into SQLite at start-up.
The seed file follows ``spec/dossier-seed.md``.
"""

__version__ = "1.0.0"
