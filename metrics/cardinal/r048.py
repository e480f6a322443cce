"""R048 Heterogeneous supplier: the variety of item classifications a supplier is awarded is a high outlier."""
from __future__ import annotations

from metrics.base import IndicatorMeta
from metrics.cardinal import ocds
from metrics.cardinal.core import TENDERER, Calculator, Flag, Outcome
from metrics.cardinal.helpers import SubmittedTenderers
from metrics.cardinal.quartiles import lower_quartile, upper_fence, upper_quartile
from metrics.cardinal.ini import natural
from metrics.cardinal.texts import exclusions_en, exclusions_es

DEFAULTS = {"digits": 2, "threshold": None, "minimum_contracting_processes": 20}


class R048(Calculator):
    code = "R048"
    OPTIONS = {"digits": natural, "threshold": natural, "minimum_contracting_processes": natural}
    DEFAULTS = DEFAULTS
    requires_with_map = (SubmittedTenderers,)

    def __init__(self, settings, ctx, helpers):
        super().__init__(settings, ctx, helpers)
        self.digits = self.option("digits")
        # supplier id -> [processes awarded with classified items, set of classification prefixes]
        self.classifications: dict[str, list] = {}

    def fold(self, release: dict, ocid: str) -> None:
        observed: set[str] = set()
        for award in ocds.arr(release, "awards") or ():
            items = ocds.arr(award, "items")
            # Several suppliers are skipped: assuming each supplies every item would overcount variety.
            supplier_id = ocds.single_supplier_id(award)
            if items is None or supplier_id is None or ocds.string(award, "status") != "active":
                continue
            for item in items:
                classification_id = ocds.string(ocds.obj(item, "classification"), "id")
                if classification_id is None:
                    continue
                entry = self.classifications.setdefault(supplier_id, [0, set()])
                if supplier_id not in observed:  # a supplier counts once per contracting process
                    observed.add(supplier_id)
                    entry[0] += 1
                entry[1].add(classification_id[: self.digits])

    def reduce(self, other: "R048") -> None:
        for supplier_id, (count, codes) in other.classifications.items():
            entry = self.classifications.setdefault(supplier_id, [0, set()])
            entry[0] += count
            entry[1] |= codes
        other.classifications = {}

    def finalize(self, out: Outcome) -> None:
        minimum = self.option("minimum_contracting_processes")
        varieties = {supplier_id: (float(len(codes)), count)
                     for supplier_id, (count, codes) in self.classifications.items() if count >= minimum}
        threshold = self.option("threshold")
        q1 = q3 = None
        if threshold is None:
            values = [variety for variety, _ in varieties.values()]
            q1, q3 = lower_quartile(values), upper_quartile(values)
            out.set_meta(self.code, "q1", q1)
            out.set_meta(self.code, "q3", q3)
            fence = upper_fence(q1, q3)
        else:
            fence = float(threshold)
        out.set_meta(self.code, "upper_fence", fence)
        for supplier_id, (variety, count) in varieties.items():
            if variety >= fence:
                detail = {"classifications": sorted(self.classifications[supplier_id][1]),
                          "contracting_processes": count, "q1": q1, "q3": q3, "upper_fence": fence}
                out.add(Flag(self.code, TENDERER, supplier_id, variety, None, detail))


CALCULATOR = R048
META = IndicatorMeta(
    code="R048",
    name_es="Proveedor heterogéneo",
    name_en="Heterogeneous supplier",
    category="integrity",
    level="tenderer",
    methodology_en=(
        "Awarded items must be classified with a hierarchy of numeric codes (UNSPSC, CPV). For each supplier, "
        "the variety is the number of distinct first-level classifications (the first digits, 2 by default, of "
        "/awards/items/classification/id) across the items of its active awards in all contracting processes. "
        "Only suppliers awarded in at least minimum_contracting_processes (20) processes are considered; one "
        "is flagged if its variety is greater than or equal to the upper fence Q3 + 1.5 x IQR of their "
        "varieties (type 8 quartiles), or to the threshold if one is set."
    ),
    methodology_es=(
        "Los artículos adjudicados deben estar clasificados con una jerarquía de códigos numéricos (UNSPSC, "
        "CPV). Para cada proveedor, la variedad es el número de clasificaciones distintas de primer nivel (los "
        "primeros digits dígitos, 2 por defecto, de /awards/items/classification/id) entre los artículos de "
        "sus adjudicaciones activas en todos los procesos de contratación. Solo se consideran los proveedores "
        "adjudicados en al menos minimum_contracting_processes (20) procesos; se marca a uno si su variedad es "
        "mayor o igual que la cerca superior Q3 + 1.5 x RIC de sus variedades (cuartiles tipo 8), o que el "
        "umbral si se configuró uno."
    ),
    why_en=(
        "A heterogeneous supplier is more likely to be unsuitable, increasing the risk of low value for money, "
        "low quality of delivery and rent extraction."
    ),
    why_es=(
        "Un proveedor heterogéneo tiene más probabilidades de no ser idóneo, lo que eleva el riesgo de una "
        "mala relación calidad-precio, de entregas de baja calidad y de extracción de rentas."
    ),
    required_fields=("awards.status", "awards.suppliers.id", "awards.items.classification.id"),
    defaults=DEFAULTS,
    exclusions_en=exclusions_en("An active award made to several suppliers is left out."),
    exclusions_es=exclusions_es("Se omite una adjudicación activa hecha a varios proveedores."),
    output_en="The variety for each flagged supplier (group Tenderer). Meta: q1, q3, upper_fence.",
    output_es="La variedad de cada proveedor marcado (grupo Tenderer). Meta: q1, q3, upper_fence.",
    ocp_code="R048",
    source=("OCP Cardinal R048; based on 'Component C1B' in 'Design and measurement of a corruption risk index "
            "from a supplier perspective in the context of COVID-19 emergency'."),
)
