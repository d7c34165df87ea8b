"""The arXiv category taxonomy, to validate `cat:` filters and normalise their spelling."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

_GROUPS: Mapping[str, str] = MappingProxyType(
    {
        "cs": "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA "
        "NE NI OH OS PF PL RO SC SD SE SI SY",
        "econ": "EM GN TH",
        "eess": "AS IV SP SY",
        "math": "AC AG AP AT CA CO CT CV DG DS FA GM GN GR GT HO IT KT LO MG MP NA NT OA OC PR QA "
        "RA RT SG SP ST",
        "astro-ph": "CO EP GA HE IM SR",
        "cond-mat": "dis-nn mes-hall mtrl-sci other quant-gas soft stat-mech str-el supr-con",
        "nlin": "AO CD CG PS SI",
        "physics": "acc-ph ao-ph app-ph atm-clus atom-ph bio-ph chem-ph class-ph comp-ph data-an "
        "ed-ph flu-dyn gen-ph geo-ph hist-ph ins-det med-ph optics plasm-ph pop-ph soc-ph space-ph",
        "q-bio": "BM CB GN MN NC OT PE QM SC TO",
        "q-fin": "CP EC GN MF PM PR RM ST TR",
        "stat": "AP CO ME ML OT TH",
    }
)
_STANDALONE = (
    "astro-ph cond-mat gr-qc hep-ex hep-lat hep-ph hep-th math-ph nucl-ex nucl-th quant-ph"
)


def _build() -> Mapping[str, str]:
    names = [f"{group}.{sub}" for group, subs in _GROUPS.items() for sub in subs.split()]
    names += _STANDALONE.split()
    return MappingProxyType({name.lower(): name for name in names})


CATEGORIES: Mapping[str, str] = _build()  # lower-case spelling -> canonical spelling


def canonical_category(name: str) -> str | None:
    """`cs.lg` -> `cs.LG`; None for a category arXiv does not have."""
    return CATEGORIES.get(name.strip().lower())


__all__ = ["CATEGORIES", "canonical_category"]
