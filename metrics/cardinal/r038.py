"""R038 Excessive disqualified bids: a buyer's, procuring entity's or tenderer's share of disqualified bids is
a high outlier."""
from __future__ import annotations

from metrics.base import IndicatorMeta
from metrics.cardinal import ocds
from metrics.cardinal.core import BUYER, PROCURING_ENTITY, TENDERER, Calculator, Flag, Outcome
from metrics.cardinal.helpers import SubmittedTenderers
from metrics.cardinal.quartiles import lower_quartile, upper_fence, upper_quartile
from metrics.cardinal.ini import decimal, natural
from metrics.cardinal.texts import exclusions_en, exclusions_es

DEFAULTS = {"threshold": None, "minimum_submitted_bids": 2, "minimum_contracting_processes": 2}


def _add(fractions: dict[str, list[int]], key: str, numerator: int, denominator: int) -> None:
    fraction = fractions.setdefault(key, [0, 0])
    fraction[0] += numerator
    fraction[1] += denominator


class R038(Calculator):
    code = "R038"
    OPTIONS = {"threshold": decimal, "minimum_submitted_bids": natural, "minimum_contracting_processes": natural}
    DEFAULTS = DEFAULTS
    requires_with_map = (SubmittedTenderers,)

    def __init__(self, settings, ctx, helpers):
        super().__init__(settings, ctx, helpers)
        # group -> id -> [disqualified bids, submitted bids]
        self.fractions: dict[str, dict[str, list[int]]] = {BUYER: {}, PROCURING_ENTITY: {}, TENDERER: {}}
        self.ocid_buyer: dict[str, str] = {}
        self.ocid_procuring_entity: dict[str, str] = {}

    def fold(self, release: dict, ocid: str) -> None:
        bids = self.ctx.submitted_bids(release)
        if not bids:
            return
        disqualified = 0
        for bid in bids:
            increment = int(bid.status == "disqualified")
            disqualified += increment
            for tenderer_id in bid.tenderer_ids:
                _add(self.fractions[TENDERER], tenderer_id, increment, 1)
        buyer_id = ocds.string(ocds.obj(release, "buyer"), "id")
        if buyer_id is not None:
            _add(self.fractions[BUYER], buyer_id, disqualified, len(bids))
            if self.ctx.map and disqualified:
                self.ocid_buyer[ocid] = buyer_id
        entity_id = ocds.string(ocds.obj(ocds.obj(release, "tender"), "procuringEntity"), "id")
        if entity_id is not None:
            _add(self.fractions[PROCURING_ENTITY], entity_id, disqualified, len(bids))
            if self.ctx.map and disqualified:
                self.ocid_procuring_entity[ocid] = entity_id

    def reduce(self, other: "R038") -> None:
        for group, fractions in other.fractions.items():
            for key, (numerator, denominator) in fractions.items():
                _add(self.fractions[group], key, numerator, denominator)
        self.ocid_buyer.update(other.ocid_buyer)
        self.ocid_procuring_entity.update(other.ocid_procuring_entity)
        other.fractions = {BUYER: {}, PROCURING_ENTITY: {}, TENDERER: {}}
        other.ocid_buyer, other.ocid_procuring_entity = {}, {}

    def finalize(self, out: Outcome) -> None:
        # As in Cardinal's code (and its R038 fixture), the minimum for buyers and procuring entities is
        # compared with the number of bids submitted to them, like the tenderers' minimum.
        minimums = {BUYER: self.option("minimum_contracting_processes"),
                    PROCURING_ENTITY: self.option("minimum_contracting_processes"),
                    TENDERER: self.option("minimum_submitted_bids")}
        threshold = self.option("threshold")
        for group in (BUYER, PROCURING_ENTITY, TENDERER):
            kept = {key: f for key, f in self.fractions[group].items() if f[1] >= minimums[group]}
            if not kept:
                continue
            ratios = {key: numerator / denominator for key, (numerator, denominator) in kept.items()}
            q1 = q3 = None
            if threshold is None:
                q1, q3 = lower_quartile(ratios.values()), upper_quartile(ratios.values())
                out.set_meta(self.code, f"{group}_q1", q1)
                out.set_meta(self.code, f"{group}_q3", q3)
                fence = upper_fence(q1, q3)
            else:
                fence = threshold
            out.set_meta(self.code, f"{group}_upper_fence", fence)
            # Ratios are non-negative: a fence of 0 (75% without disqualified bids) would flag 75%.
            if fence > 0.0:
                for key, ratio in ratios.items():
                    if ratio >= fence:
                        numerator, denominator = kept[key]
                        detail = {"disqualified_bids": numerator, "submitted_bids": denominator,
                                  "q1": q1, "q3": q3, "upper_fence": fence}
                        out.add(Flag(self.code, group, key, ratio, None, detail))
        if out.map:
            out.maps["ocid_buyer_r038"].update(self.ocid_buyer)
            out.maps["ocid_procuringentity_r038"].update(self.ocid_procuring_entity)


CALCULATOR = R038
META = IndicatorMeta(
    code="R038",
    name_es="Exceso de ofertas descalificadas",
    name_en="Excessive disqualified bids",
    category="competition",
    level="buyer",
    methodology_en=(
        "For each buyer, the ratio is the number of bids it disqualified / the number of bids submitted to it, "
        "across all contracting processes; the same for each procuring entity; for each tenderer, its "
        "disqualified bids / its submitted bids. In each of the three groups, a subject is flagged if its ratio "
        "is greater than or equal to the upper fence Q3 + 1.5 x IQR of the group's ratios (type 8 quartiles), "
        "or to the threshold if one is set; nothing is flagged if the fence is 0. Tenderers with fewer than "
        "minimum_submitted_bids (2) submitted bids are left out, and so are buyers and procuring entities "
        "below minimum_contracting_processes (2) - which Cardinal's code and fixtures compare with the number "
        "of bids submitted to the organization, not with its number of processes."
    ),
    methodology_es=(
        "Para cada entidad compradora, la razón es el número de ofertas que descalificó / el número de ofertas "
        "que se le presentaron, en todos los procesos de contratación; lo mismo para cada entidad "
        "contratante; para cada licitante, sus ofertas descalificadas / sus ofertas presentadas. En cada uno "
        "de los tres grupos, se marca a quien tenga una razón mayor o igual que la cerca superior "
        "Q3 + 1.5 x RIC de las razones del grupo (cuartiles tipo 8), o que el umbral si se configuró uno; no se "
        "marca nada si la cerca es 0. Se omiten los licitantes con menos de minimum_submitted_bids (2) ofertas "
        "presentadas, y las entidades compradoras y contratantes por debajo de minimum_contracting_processes "
        "(2), que el código y los casos de prueba de Cardinal comparan con el número de ofertas presentadas a "
        "la organización, no con su número de procesos."
    ),
    why_en=(
        "A corrupt buyer or procuring entity can award pre-determined bidders by disqualifying other bidders' "
        "bids. A colluding bidder can mimic competition by submitting deliberately unqualified bids."
    ),
    why_es=(
        "Una entidad compradora o contratante corrupta puede adjudicar a licitantes predeterminados "
        "descalificando las ofertas de los demás. Un licitante coludido puede simular competencia presentando "
        "ofertas que a propósito no califican."
    ),
    required_fields=("bids.details.status", "bids.details.tenderers.id", "buyer.id", "tender.procuringEntity.id"),
    defaults=DEFAULTS,
    exclusions_en=exclusions_en(
        "Invited and withdrawn bids are not submitted; processes without submitted bids are left out. "
        "Assumes that buyer, procuring entity and tenderer ids are stable across processes."),
    exclusions_es=exclusions_es(
        "Las ofertas invitadas o retiradas no cuentan como presentadas; se omiten los procesos sin ofertas "
        "presentadas. Supone que los ids de entidades compradoras, contratantes y licitantes son estables "
        "entre procesos."),
    output_en=("The ratio for each flagged buyer, procuring entity or tenderer (groups Buyer, ProcuringEntity, "
               "Tenderer). Meta: Buyer_q1, Buyer_q3, Buyer_upper_fence, and the same for ProcuringEntity and "
               "Tenderer. Maps: ocid_buyer_r038, ocid_procuringentity_r038 (processes with a disqualified bid)."),
    output_es=("La razón de cada entidad compradora, entidad contratante o licitante marcado (grupos Buyer, "
               "ProcuringEntity, Tenderer). Meta: Buyer_q1, Buyer_q3, Buyer_upper_fence, y lo mismo para "
               "ProcuringEntity y Tenderer. Maps: ocid_buyer_r038, ocid_procuringentity_r038 (procesos con "
               "alguna oferta descalificada)."),
    ocp_code="R038",
    source=("OCP Cardinal R038; based on the IACRC guide's 'Excluding qualified bidders' and Transparency "
            "International Ukraine's 'Behind the Scenes of ProZorro'."),
)
