"""One real case per indicator, worked by hand (issue 11, section 5): the published file, the raw fields read
(JSON pointers), the values found there, the computation, the threshold and the outcome.

The methodology shows each case under its indicator (`render(code, lang)`); tests/test_metrics_real_cases.py
reads the same raw fields with plain `json`, redoes the arithmetic, and checks the flags table of a database
loaded from the same file by the project's loader. Paths are relative to the shared data folder
(../shared/data); nothing from it is copied into the project.

Pointers: every read is (file, JSON pointer, value). A `.jsonl` file is read as an array of its lines
(`/0/...` is the first line). Cardinal's indicators list flagged subjects only, so for them "not flagged"
and "not computable" both mean "no row in the flags table"; the case says which and why.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OUTCOMES = ("flagged", "not_flagged", "not_computable", "suspect")

_INAI = "mx-ocp-sample-data/inai-2017/releases"
_NL = "mx-nl-infraestructura-abierta"
_NL_RECORDS = f"{_NL}/ocds-record-packages"
_ARMENIA = "ocp-sample-data-other-countries/armenia/sample/releases/6.json"
_FIXTURES = "cardinal-rs-fixtures/indicators"


def _inai(n: str) -> str:
    return f"{_INAI}/PC-{n}-PC-{n}.json"


_CPE007 = f"{_NL_RECORDS}/RecordPackage-ocds-7wj9x5-SINL-CPE-007-2019-v001-contract.json"
_CPE021 = f"{_NL_RECORDS}/RecordPackage-ocds-7wj9x5-SINL-CPE-021-2018-v001-contract.json"
_P6 = f"{_NL}/oc4ids-projects/ProjectRelease-oc4ids-gx3fo2-000006-v000003.json"
_P7 = f"{_NL}/oc4ids-projects/ProjectRelease-oc4ids-gx3fo2-000007-v000003.json"
_AM92 = "/releases/92"


@dataclass(frozen=True)
class RealCase:
    """A real published case of one indicator, worked by hand.

    `dataset`: the file (or folder) the case is read from; `load`: what the loader is given to reproduce it
    (the file, or one publisher's folder when the indicator compares a subject with others); `subject`: the
    subject id as the flags table has it; `reads`: (file, JSON pointer, value found) for every raw field the
    hand computation uses; `threshold`: the threshold applied (None when there is none to apply);
    `outcome`: one of OUTCOMES; `value`: the expected value, rounded to 4 decimals (None when not computable);
    `fixture`: True when the case comes from Cardinal's test fixtures because no published file has the data.
    """

    code: str
    dataset: str
    load: tuple[str, ...]
    subject: str
    reads: tuple[tuple[str, str, Any], ...]
    computation_es: str
    computation_en: str
    threshold: float | None
    outcome: str
    value: float | None
    fixture: bool = False


_CASES: tuple[RealCase, ...] = (
    RealCase(
        "OA-P1", _inai("0053"), (_INAI,), "PC-0053",
        ((_inai("0053"), "/contracts/0/id", "OA/P016/17"),
         (_inai("0053"), "/contracts/0/value/amount", 199854.08),
         (_inai("0053"), "/contracts/0/value/currency", "MXN")),
        "El contrato OA/P016/17 se publica una sola vez, con monto 199,854.08 MXN y sin modificaciones: monto "
        "original = monto vigente; aumento = (199,854.08 − 199,854.08) / 199,854.08 = 0.",
        "Contract OA/P016/17 is published once, with value 199,854.08 MXN and no amendments: original value = "
        "current value; increase = (199,854.08 − 199,854.08) / 199,854.08 = 0.",
        0.25, "not_flagged", 0.0),
    RealCase(
        "OA-P2", _P6, (_P6,), "oc4ids-gx3fo2-000006",
        ((_P6, "/budget/amount/amount", 49921738.0),
         (_P6, "/completion/finalValue/amount", 47573509.4),
         (_P6, "/status", "completed")),
        "Proyecto concluido: (47,573,509.40 − 49,921,738.00) / 49,921,738.00 = −0.0470 (costó 4.7 % menos).",
        "Completed project: (47,573,509.40 − 49,921,738.00) / 49,921,738.00 = −0.0470 (it cost 4.7% less).",
        0.25, "not_flagged", -0.047),
    RealCase(
        "OA-P3", _inai("0076"), (_INAI,), "PC-0076",
        ((_inai("0076"), "/tender/procurementMethodDetails", "Licitación pública"),
         (_inai("0076"), "/tender/value/amount", 1512374),
         (_inai("0076"), "/awards/0/status", "active"),
         (_inai("0076"), "/awards/0/value/amount", 1350240)),
        "Licitación pública con una adjudicación activa: 1,350,240 / 1,512,374 = 0.8928, por debajo del estimado "
        "(y distinto de él: no es un monto copiado).",
        "Public tender with one active award: 1,350,240 / 1,512,374 = 0.8928, below the estimate (and different "
        "from it: not a copied amount).",
        1.0, "not_flagged", 0.8928),
    RealCase(
        "OA-P4", _inai("0053"), (_INAI,), "PC-0053",
        ((_inai("0053"), "/tender/procurementMethodDetails", "Licitación pública"),
         (_inai("0053"), "/tender/value/amount", 400577),
         (_inai("0053"), "/awards/0/status", "active"),
         (_inai("0053"), "/awards/0/value/amount", 199854.08)),
        "Licitación pública adjudicada a un solo participante: 199,854.08 / 400,577 = 0.4989, menos de la mitad "
        "del estimado (≤ 0.70).",
        "Public tender awarded to a single tenderer: 199,854.08 / 400,577 = 0.4989, less than half the estimate "
        "(≤ 0.70).",
        0.7, "flagged", 0.4989),
    RealCase(
        "OA-P5", _inai("0020"), (_INAI,), "PC-0020",
        ((_inai("0020"), "/awards/0/id", "OA/A020"),
         (_inai("0020"), "/awards/0/value/amount", 53360),
         (_inai("0020"), "/contracts/0/awardID", "OA/A020"),
         (_inai("0020"), "/contracts/0/value/amount", 73495.33)),
        "El contrato 1365398 corresponde a la adjudicación OA/A020: 73,495.33 / 53,360 = 1.3773, dentro de "
        "[0.5, 1.5] (el contrato es 37.7 % mayor que lo adjudicado, pero no fuera del intervalo).",
        "Contract 1365398 belongs to award OA/A020: 73,495.33 / 53,360 = 1.3773, inside [0.5, 1.5] (the "
        "contract is 37.7% above the award, but not outside the interval).",
        1.5, "not_flagged", 1.3773),
    RealCase(
        "OA-C1", _inai("0053"), (_INAI,), "PC-0053",
        ((_inai("0053"), "/tender/procurementMethod", "open"),
         (_inai("0053"), "/tender/procurementMethodDetails", "Licitación pública"),
         (_inai("0053"), "/tender/tenderers/0/id", "RFC-CET0108025X6")),
        "Licitación pública sin numberOfTenderers publicado; tender.tenderers lista 1 licitante: 1 < 3.",
        "Public tender without a published numberOfTenderers; tender.tenderers lists 1 tenderer: 1 < 3.",
        3.0, "flagged", 1.0),
    RealCase(
        "OA-C2", _INAI, (_INAI,), "CUA-210",
        ((_inai("0064"), "/buyer/id", "CUA-210"),
         (_inai("0062"), "/buyer/id", "CUA-210"),
         (_inai("0005"), "/buyer/id", "CUA-620")),
        "Entre los 88 procesos del INAI solo dos unidades compradoras tienen al menos 10 procesos (CUA-210 con 25 "
        "y CUA-260 con 18): 2 < 5 pares mínimos, no hay cerca que aplicar; no calculable.",
        "Among INAI's 88 processes only two buyers have at least 10 processes (CUA-210 with 25 and CUA-260 with "
        "18): 2 < 5 minimum peers, there is no fence to apply; not computable.",
        None, "not_computable", None),
    RealCase(
        "OA-C3", _INAI, (_INAI,), "CUA-260",
        ((_inai("0024"), "/buyer/id", "CUA-260"),
         (_inai("0024"), "/awards/0/suppliers/0/id", "RFC-UNA2907227Y5"),
         (_inai("0024"), "/awards/0/value/amount", 118528.8),
         (_inai("0050"), "/awards/0/suppliers/0/id", "RFC-UNA2907227Y5"),
         (_inai("0050"), "/awards/0/value/amount", 119600)),
        "La unidad CUA-260 tiene 18 procesos; sus adjudicaciones suman 3,450,423.80 MXN entre 17 proveedores. "
        "El mayor tiene 10.8 % del monto y HHI = Σ participación² × 10,000 = 681.1: ni ≥ 30 % ni ≥ 2,500.",
        "Buyer CUA-260 has 18 processes; its awards add up to 3,450,423.80 MXN over 17 suppliers. The largest "
        "holds 10.8% of the amount and HHI = Σ share² × 10,000 = 681.1: neither ≥ 30% nor ≥ 2,500.",
        2500.0, "not_flagged", 681.1217),
    RealCase(
        "OA-C4", _inai("0024"), (_INAI,), "PC-0024",
        ((_inai("0024"), "/tender/procurementMethod", "direct"),
         (_inai("0024"), "/buyer/id", "CUA-260"),
         (_inai("0024"), "/awards/0/suppliers/0/id", "RFC-UNA2907227Y5"),
         (_inai("0024"), "/awards/0/date", "2017-02-17T00:00:00Z"),
         (_inai("0050"), "/tender/procurementMethod", "direct"),
         (_inai("0050"), "/awards/0/suppliers/0/id", "RFC-UNA2907227Y5"),
         (_inai("0050"), "/awards/0/date", "2017-05-31T00:00:00Z")),
        "CUA-260 adjudicó directamente a RFC-UNA2907227Y5 dos veces en el año (17 feb. y 31 may. 2017, 103 "
        "días): 2 adjudicaciones en 365 días, menos de 3.",
        "CUA-260 made two direct awards to RFC-UNA2907227Y5 within a year (17 Feb and 31 May 2017, 103 days "
        "apart): 2 awards in 365 days, fewer than 3.",
        3.0, "not_flagged", 2.0),
    RealCase(
        "OA-D1", _inai("0005"), (_INAI,), "PC-0005",
        ((_inai("0005"), "/tender/procurementMethodDetails", "Licitación pública"),
         (_inai("0005"), "/tender/tenderPeriod/startDate", "2016-12-16T00:00:00Z"),
         (_inai("0005"), "/tender/tenderPeriod/endDate", "2016-12-29T00:00:00Z")),
        "Licitación pública nacional (el texto no dice «internacional»): del 16 al 29 de dic. de 2016 = 13 días "
        "completos, menos que el mínimo de 15.",
        "National public tender (the text does not say “internacional”): 16 to 29 Dec 2016 = 13 whole days, "
        "below the minimum of 15.",
        15.0, "flagged", 13.0),
    RealCase(
        "OA-D2", _NL_RECORDS, (_NL_RECORDS,), "ocds-7wj9x5-SINL-CPE-007-2019001",
        ((_CPE007, "/records/0/compiledRelease/tender/procurementMethod", "open"),
         (_CPE007, "/records/0/compiledRelease/tender/tenderPeriod/endDate", "2019-06-25T00:00:00-05:00"),
         (_CPE007, "/records/0/compiledRelease/awards/0/date", "2019-07-16T00:00:00-05:00")),
        "Licitación estatal de Nuevo León: del fin de la licitación (25 jun. 2019) a la adjudicación (16 jul.) "
        "hay 21 días. Grupo: las 17 licitaciones (open) del mismo publicador; Q1 = 9.33, Q3 = 21 (tipo 8), cerca "
        "= 21 + 1.5 × 11.67 = 38.5; 21 < 38.5.",
        "Nuevo León state tender: from the end of the tender period (25 Jun 2019) to the award (16 Jul) is 21 "
        "days. Peer group: the publisher's 17 open tenders; Q1 = 9.33, Q3 = 21 (type 8), fence = 21 + 1.5 × "
        "11.67 = 38.5; 21 < 38.5.",
        38.5, "not_flagged", 21.0),
    RealCase(
        "OA-D3", _inai("0029"), (_INAI,), "PC-0029",
        ((_inai("0029"), "/awards/0/id", "OA/A029"),
         (_inai("0029"), "/awards/0/date", "2017-03-24T00:00:00Z"),
         (_inai("0029"), "/contracts/0/awardID", "OA/A029"),
         (_inai("0029"), "/contracts/0/dateSigned", "2017-05-12T00:00:00Z")),
        "Adjudicación directa del 24 mar. 2017, contrato firmado el 12 may. 2017: 49 días, más de 30.",
        "Direct award of 24 Mar 2017, contract signed on 12 May 2017: 49 days, more than 30.",
        30.0, "flagged", 49.0),
    RealCase(
        "OA-D4", _inai("0053"), (_INAI,), "PC-0053",
        ((_inai("0053"), "/contracts/0/period/startDate", "2017-04-18T00:00:00Z"),
         (_inai("0053"), "/contracts/0/period/endDate", "2017-05-26T00:00:00Z")),
        "El contrato OA/P016/17 se publica una vez, del 18 abr. al 26 may. 2017 (38 días), sin modificaciones: "
        "ampliación = 0 / 38 = 0.",
        "Contract OA/P016/17 is published once, from 18 Apr to 26 May 2017 (38 days), without amendments: "
        "extension = 0 / 38 = 0.",
        0.25, "not_flagged", 0.0),
    RealCase(
        "OA-D5", _P7, (_P7,), "oc4ids-gx3fo2-000007",
        ((_P7, "/period/startDate", "2018-06-19T00:00:00"),
         (_P7, "/period/endDate", "2020-03-20T00:00:00"),
         (_P7, "/completion/endDate", "2020-03-30T00:00:00-06:00"),
         (_P7, "/updated", "2020-04-09T13:40:43.2830463-05:00")),
        "Plazo planeado de 640 días (19 jun. 2018 a 20 mar. 2020); concluido el 30 mar. 2020, antes de la fecha "
        "de los datos (9 abr. 2020): 10 días tarde; 10 / 640 = 0.0156.",
        "Planned term of 640 days (19 Jun 2018 to 20 Mar 2020); completed on 30 Mar 2020, before the data's own "
        "date (9 Apr 2020): 10 days late; 10 / 640 = 0.0156.",
        0.25, "not_flagged", 0.0156),
    RealCase(
        "OA-D6", _CPE021, (_CPE021,), "ocds-7wj9x5-SINL-CPE-021-2018001",
        ((_CPE021, "/records/0/compiledRelease/tender/milestones/6/title", "FIRMA DEL CONTRATO"),
         (_CPE021, "/records/0/compiledRelease/tender/milestones/6/dueDate", "2018-07-19T00:00:00-05:00"),
         (_CPE021, "/records/0/compiledRelease/tender/milestones/6/dateMet", "2018-07-19T00:00:00-05:00"),
         (_CPE021, "/records/0/compiledRelease/contracts/0/milestones/0/title", "ACTA-ENTREGA RECEPCION"),
         (_CPE021, "/records/0/compiledRelease/contracts/0/milestones/0/dueDate", "2019-02-13T00:00:00-06:00"),
         (_CPE021, "/records/0/compiledRelease/contracts/0/milestones/0/dateMet", "2019-02-13T00:00:00-06:00")),
        "Ocho hitos (siete del procedimiento y el acta de entrega-recepción), todos cumplidos el día previsto: "
        "0 tardíos, 0 vencidos sin cumplir.",
        "Eight milestones (seven of the procedure and the handover certificate), all met on their due date: "
        "0 late, 0 overdue.",
        0.0, "not_flagged", 0.0),
    RealCase(
        "OA-D7", _inai("0053"), (_INAI,), "PC-0053",
        ((_inai("0053"), "/tender/tenderPeriod/endDate", "2017-04-17T00:00:00Z"),
         (_inai("0053"), "/awards/0/id", "OA/A053"),
         (_inai("0053"), "/date", "2017-09-13T09:30:00Z")),
        "La licitación cerró el 17 abr. 2017 y tiene adjudicación (OA/A053): no está estancada; a la fecha de "
        "corte (13 sep. 2017, la fecha de las entregas del INAI) han pasado 149 días.",
        "The tender closed on 17 Apr 2017 and has an award (OA/A053): it is not stalled; by the data date (13 "
        "Sep 2017, the date of INAI's releases) 149 days have passed.",
        30.0, "not_flagged", 149.0),
    RealCase(
        "R003", _inai("0005"), (_INAI,), "PC-0005",
        ((_inai("0005"), "/tender/tenderPeriod/startDate", "2016-12-16T00:00:00Z"),
         (_inai("0005"), "/tender/tenderPeriod/endDate", "2016-12-29T00:00:00Z")),
        "Periodo de presentación de 13 días completos (16 a 29 dic. 2016), menor que 15. Cardinal guarda 1 como "
        "valor de la bandera; los 13 días van en el detalle.",
        "Submission period of 13 whole days (16 to 29 Dec 2016), shorter than 15. Cardinal stores 1 as the "
        "flag's value; the 13 days are in the detail.",
        15.0, "flagged", 13.0),
    RealCase(
        "R018", _inai("0006"), (_INAI,), "PC-0006",
        ((_inai("0006"), "/tender/procurementMethod", "open"),
         (_inai("0006"), "/tender/procurementMethodDetails", "Licitación pública"),
         (_inai("0006"), "/tender/numberOfTenderers", 1)),
        "Licitación pública con /tender/numberOfTenderers = 1: una sola oferta en un método competitivo.",
        "Public tender with /tender/numberOfTenderers = 1: a single bid in a competitive method.",
        1.0, "flagged", 1.0),
    RealCase(
        "R024", _ARMENIA, (_ARMENIA,), "AM-PPS-e5da72b80ff4fdfdff594c6dcc1ba3be",
        ((_ARMENIA, f"{_AM92}/bids/details/0/status", "qualified"),
         (_ARMENIA, f"{_AM92}/bids/details/3/status", "not-qualified"),
         (_ARMENIA, f"{_AM92}/awards/0/status", "active")),
        "Ocho ofertas publicadas, pero con estados «qualified» / «not-qualified», que no son los de Cardinal "
        "(«valid», «disqualified»): no hay oferta válida ni segunda más baja; no calculable. Ningún archivo "
        "publicado en los datos compartidos usa esos estados.",
        "Eight bids published, but with statuses “qualified” / “not-qualified”, which are not Cardinal's "
        "(“valid”, “disqualified”): there is no valid bid nor a second-lowest one; not computable. No published "
        "file in the shared data uses those statuses.",
        None, "not_computable", None),
    RealCase(
        "R025", _ARMENIA, (_ARMENIA,), "AM-TIN-49564085",
        ((_ARMENIA, f"{_AM92}/bids/details/2/tenderers/0/id", "AM-TIN-49564085"),
         (_ARMENIA, f"{_AM92}/bids/details/2/status", "qualified"),
         (_ARMENIA, f"{_AM92}/bids/details/6/status", "qualified")),
        "El licitante AM-TIN-49564085 presentó ofertas «qualified», que Cardinal no cuenta como válidas: sin "
        "ofertas válidas no hay razón ganadas / válidas; no calculable.",
        "Tenderer AM-TIN-49564085 submitted “qualified” bids, which Cardinal does not count as valid: without "
        "valid bids there is no won / valid ratio; not computable.",
        None, "not_computable", None),
    RealCase(
        "R028", _ARMENIA, (_ARMENIA,), "AM-PPS-e5da72b80ff4fdfdff594c6dcc1ba3be",
        ((_ARMENIA, f"{_AM92}/bids/details/0/value/amount", 390000),
         (_ARMENIA, f"{_AM92}/bids/details/1/value/amount", 90000),
         (_ARMENIA, f"{_AM92}/bids/details/2/value/amount", 77000),
         (_ARMENIA, f"{_AM92}/bids/details/3/value/amount", 900000),
         (_ARMENIA, f"{_AM92}/bids/details/4/value/amount", 770000),
         (_ARMENIA, f"{_AM92}/bids/details/5/value/amount", 67500),
         (_ARMENIA, f"{_AM92}/bids/details/6/value/amount", 1120900),
         (_ARMENIA, f"{_AM92}/bids/details/7/value/amount", 1124850)),
        "Ocho ofertas de cuatro licitantes, ocho montos distintos: ningún par de licitantes distintos ofrece el "
        "mismo precio.",
        "Eight bids from four tenderers, eight different amounts: no two different tenderers bid the same price.",
        None, "not_flagged", None),
    RealCase(
        "R030", f"{_FIXTURES}/R030.jsonl", (f"{_FIXTURES}/R030.jsonl",), "F",
        ((f"{_FIXTURES}/R030.jsonl", "/0/tender/tenderPeriod/endDate", "2000-03-15T00:00:00Z"),
         (f"{_FIXTURES}/R030.jsonl", "/0/bids/details/0/status", "valid"),
         (f"{_FIXTURES}/R030.jsonl", "/0/bids/details/0/date", "2000-04-01T00:00:00Z"),
         (f"{_FIXTURES}/R030.jsonl", "/0/bids/details/0/tenderers/0/id", "W"),
         (f"{_FIXTURES}/R030.jsonl", "/0/awards/0/suppliers/0/id", "W")),
        "Ejemplo de las pruebas de Cardinal (ningún archivo publicado trae fechas de ofertas válidas): la oferta "
        "válida de W llegó el 1 abr. 2000, después del cierre del 15 mar., y W ganó.",
        "Example from Cardinal's tests (no published file has dates of valid bids): W's valid bid arrived on 1 "
        "Apr 2000, after the 15 Mar deadline, and W won.",
        None, "flagged", 1.0, fixture=True),
    RealCase(
        "R035", f"{_FIXTURES}/R035.jsonl", (f"{_FIXTURES}/R035.jsonl",), "F1",
        ((f"{_FIXTURES}/R035.jsonl", "/0/bids/details/0/status", "disqualified"),
         (f"{_FIXTURES}/R035.jsonl", "/0/bids/details/0/tenderers/0/id", "D"),
         (f"{_FIXTURES}/R035.jsonl", "/0/bids/details/1/status", "valid"),
         (f"{_FIXTURES}/R035.jsonl", "/0/bids/details/1/tenderers/0/id", "V"),
         (f"{_FIXTURES}/R035.jsonl", "/0/awards/0/suppliers/0/id", "V")),
        "Ejemplo de las pruebas de Cardinal (ningún archivo publicado usa los estados «valid» / «disqualified»): "
        "solo V tiene oferta válida y es el único adjudicado; 1 otro licitante (D) descalificado ≥ 1.",
        "Example from Cardinal's tests (no published file uses the “valid” / “disqualified” statuses): only V "
        "has a valid bid and is the only awarded supplier; 1 other tenderer (D) disqualified ≥ 1.",
        1.0, "flagged", 1.0, fixture=True),
    RealCase(
        "R036", f"{_FIXTURES}/R036.jsonl", (f"{_FIXTURES}/R036.jsonl",), "F",
        ((f"{_FIXTURES}/R036.jsonl", "/0/bids/details/0/status", "disqualified"),
         (f"{_FIXTURES}/R036.jsonl", "/0/bids/details/0/value/amount", 1),
         (f"{_FIXTURES}/R036.jsonl", "/0/bids/details/1/status", "valid"),
         (f"{_FIXTURES}/R036.jsonl", "/0/bids/details/1/value/amount", 2),
         (f"{_FIXTURES}/R036.jsonl", "/0/awards/0/status", "active")),
        "Ejemplo de las pruebas de Cardinal (ningún archivo publicado usa los estados «valid» / «disqualified»): "
        "la oferta más baja (1 USD) fue descalificada y hay una válida (2 USD) con adjudicación activa.",
        "Example from Cardinal's tests (no published file uses the “valid” / “disqualified” statuses): the "
        "lowest bid (1 USD) was disqualified while a valid one (2 USD) exists, with an active award.",
        None, "flagged", 1.0, fixture=True),
    RealCase(
        "R038", _ARMENIA, (_ARMENIA,), "AM-TIN-04204668",
        ((_ARMENIA, f"{_AM92}/buyer/id", "AM-TIN-04204668"),
         (_ARMENIA, f"{_AM92}/bids/details/3/status", "not-qualified"),
         (_ARMENIA, f"{_AM92}/bids/details/4/status", "not-qualified")),
        "La unidad compradora AM-TIN-04204668 rechazó dos de ocho ofertas, pero con el estado «not-qualified», "
        "que Cardinal no lee como «disqualified»: ninguna oferta descalificada que contar; no calculable.",
        "Buyer AM-TIN-04204668 rejected two of eight bids, but with the status “not-qualified”, which Cardinal "
        "does not read as “disqualified”: no disqualified bid to count; not computable.",
        None, "not_computable", None),
    RealCase(
        "R048", _INAI, (_INAI,), "RFC-UNA2907227Y5",
        ((_inai("0002"), "/awards/0/suppliers/0/id", "RFC-UNA2907227Y5"),
         (_inai("0007"), "/awards/0/suppliers/0/id", "RFC-UNA2907227Y5"),
         (_inai("0024"), "/awards/0/suppliers/0/id", "RFC-UNA2907227Y5"),
         (_inai("0050"), "/awards/0/suppliers/0/id", "RFC-UNA2907227Y5")),
        "El proveedor RFC-UNA2907227Y5 tiene adjudicaciones en 4 procesos del INAI (PC-0002, PC-0007, PC-0024, "
        "PC-0050); Cardinal solo compara a proveedores con al menos 20 procesos: 4 < 20, no calculable.",
        "Supplier RFC-UNA2907227Y5 is awarded in 4 INAI processes (PC-0002, PC-0007, PC-0024, PC-0050); "
        "Cardinal compares only suppliers with at least 20 processes: 4 < 20, not computable.",
        20.0, "not_computable", None),
    RealCase(
        "R058", _ARMENIA, (_ARMENIA,), "AM-PPS-e5da72b80ff4fdfdff594c6dcc1ba3be",
        ((_ARMENIA, f"{_AM92}/bids/details/5/status", "qualified"),
         (_ARMENIA, f"{_AM92}/awards/0/suppliers/0/id", "AM-TIN-49564085")),
        "Las ofertas son «qualified», no «valid»: no hay oferta válida ganadora ni segunda más baja con qué "
        "medir el descuento; no calculable.",
        "The bids are “qualified”, not “valid”: there is no valid winning bid nor a second-lowest one to "
        "measure the discount; not computable.",
        None, "not_computable", None),
)

CASES: dict[str, RealCase] = {case.code: case for case in _CASES}

_T = {
    "title": ("Caso real", "Real case"),
    "fixture": ("Caso de prueba de Cardinal", "Cardinal test case"),
    "file": ("Archivo", "File"),
    "subject": ("sujeto", "subject"),
    "field": ("Campo", "Field"),
    "value": ("Valor", "Value"),
    "threshold": ("Umbral", "Threshold"),
    "outcome": ("Resultado", "Outcome"),
    "flagged": ("marcado", "flagged"),
    "not_flagged": ("no marcado", "not flagged"),
    "not_computable": ("no calculable", "not computable"),
    "suspect": ("dato dudoso", "suspect data"),
}


def _t(key: str, lang: str) -> str:
    return _T[key][0 if lang == "es" else 1]


def _md(text: Any) -> str:
    """Text from data as Markdown text (every punctuation character escaped, as ui.safe_text.md does; the
    metrics layer cannot import ui)."""
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in str(text)).replace("\n", " ")


_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _code(text: Any) -> str:
    """A path or pointer as a code span (a longer fence when it holds a backtick; a pipe escaped for tables)."""
    body = str(text).replace("\n", " ").replace("|", "\\|")
    return f"`` {body} ``" if "`" in body else f"`{body}`"


def _number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _md(value)
    return f"{value:,.4f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"


def render(code: str, lang: str = "es") -> list[str]:
    """The Markdown lines of the indicator's "Caso real / Real case" subsection (empty when it has none)."""
    case = CASES.get(code)
    if case is None:
        return []
    es = lang == "es"
    title = _t("fixture" if case.fixture else "title", lang)
    out = [f"**{title}.** {_t('file', lang)}: {_code(case.dataset)}; {_t('subject', lang)}: {_code(case.subject)}.", "",
           f"| {_t('file', lang)} | {_t('field', lang)} | {_t('value', lang)} |", "|---|---|---|"]
    out += [f"| {_code(path.rsplit('/', 1)[-1])} | {_code(pointer)} | {_number(value)} |"
            for path, pointer, value in case.reads]
    facts = [case.computation_es if es else case.computation_en]
    if case.threshold is not None:
        facts.append(f"{_t('threshold', lang)}: {_number(case.threshold)}.")
    result = _t(case.outcome, lang)
    if case.value is not None:
        result += f" ({_t('value', lang).lower()} {_number(case.value)})"
    facts.append(f"**{_t('outcome', lang)}: {result}.**")
    return out + ["", " ".join(facts), ""]
