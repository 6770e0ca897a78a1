"""The 11 procedure keys of the contract (``../shared/spec/intents.md``), defined once.

Python rather than YAML because three programs in three environments need them
(the NLU resolver inside the Rasa model, the action server, the dossier service's demo
seed generator) and ``dvc_common`` is the package all of them import. Each checks its
own data against this tuple when it loads and fails loudly on a difference:
``actions/catalogue/procedures.yml`` (one entry per key), the NLU synonym table
(``bot/nlu/procedure_synonyms.yml``) and the demo seed's procedure table.
"""

from __future__ import annotations

PROCEDURE_KEYS: tuple[str, ...] = (
    "khai_sinh",
    "lien_thong_khai_sinh",
    "khai_tu",
    "ket_hon",
    "xac_nhan_hon_nhan",
    "thuong_tru",
    "tam_tru",
    "can_cuoc",
    "ly_lich_tu_phap",
    "gplx",
    "chung_thuc",
)
