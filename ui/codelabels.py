"""Codelist values as words, in the page's language: the one source of truth for the labels of data codes.

    from ui.codelabels import label, label_list, label_series
    label("method", "open", "es")            # "Licitación pública"
    label("tender_status", "xyz", "es")      # "xyz (código no reconocido)": shown as published, marked
    label("method", None, "es")              # "—"
    label_list("sector", ["health", "education"], "es")  # "Salud, Educación"

Covers the OCDS 1.1 codelists the dashboard shows (method, mainProcurementCategory, tender / award /
contract status, bid status, milestone type and status, document type, party role, release tag), the
OC4IDS ones (project status, type, sector, contracting process status and nature, modification type,
document type), the Mexican extensions (EDCA-MX's extended category, implementation status, public
notices, party roles; EDCAPI's project document types) and the project's own codes (the subject types of
a flag, the origin of a modification, the source of an estimate). Every code found in the demo and in
the real published files of the shared data set has a label (tests/test_ui_reader.py checks it).
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

EMPTY = "—"
UNRECOGNISED = {"es": "código no reconocido", "en": "unrecognised code"}

_L = dict[str, tuple[str, str]]  # code -> (es, en)

METHOD: _L = {
    "open": ("Licitación pública", "Open tender"),
    "selective": ("Invitación a cuando menos tres", "Restricted invitation (3 or more)"),
    "limited": ("Procedimiento limitado", "Limited procedure"),
    "direct": ("Adjudicación directa", "Direct award"),
}
CATEGORY: _L = {
    "works": ("Obra pública", "Works"),
    "services": ("Servicios", "Services"),
    "goods": ("Bienes", "Goods"),
    # EDCA-MX extendedProcurementCategory
    "goodsAcquisition": ("Adquisición de bienes", "Goods acquisition"),
    "goodsLease": ("Arrendamiento de bienes", "Goods lease"),
    "worksRelatedServices": ("Servicios relacionados con obra pública", "Works-related services"),
}
TENDER_STATUS: _L = {
    "planning": ("En planeación", "Planning"),
    "planned": ("Planeado", "Planned"),
    "active": ("Activo", "Active"),
    "cancelled": ("Cancelado", "Cancelled"),
    "unsuccessful": ("Desierto", "Unsuccessful"),
    "complete": ("Concluido", "Complete"),
    "withdrawn": ("Retirado", "Withdrawn"),
}
AWARD_STATUS: _L = {
    "pending": ("Pendiente", "Pending"),
    "active": ("Activa", "Active"),
    "cancelled": ("Cancelada", "Cancelled"),
    "unsuccessful": ("Sin adjudicar", "Unsuccessful"),
}
CONTRACT_STATUS: _L = {
    "pending": ("Pendiente", "Pending"),
    "active": ("Vigente", "Active"),
    "cancelled": ("Cancelado", "Cancelled"),
    "terminated": ("Terminado", "Terminated"),
}
BID_STATUS: _L = {
    "invited": ("Invitada", "Invited"),
    "pending": ("Pendiente", "Pending"),
    "valid": ("Válida", "Valid"),
    "disqualified": ("Descalificada", "Disqualified"),
    "withdrawn": ("Retirada", "Withdrawn"),
}
MILESTONE_TYPE: _L = {
    "preProcurement": ("Previo a la contratación", "Pre-procurement"),
    "approval": ("Aprobación", "Approval"),
    "engagement": ("Participación", "Engagement"),
    "assessment": ("Evaluación", "Assessment"),
    "delivery": ("Entrega", "Delivery"),
    "reporting": ("Informe", "Reporting"),
    "financing": ("Financiamiento", "Financing"),
    "payment": ("Pago", "Payment"),
    "publicNotices": ("Avisos públicos", "Public notices"),  # EDCA-MX
}
MILESTONE_STATUS: _L = {
    "scheduled": ("Programado", "Scheduled"),
    "met": ("Cumplido", "Met"),
    "notMet": ("No cumplido", "Not met"),
    "partiallyMet": ("Cumplido en parte", "Partially met"),
}
IMPLEMENTATION_STATUS: _L = {  # EDCA-MX
    "planning": ("En planeación", "Planning"),
    "ongoing": ("En ejecución", "Ongoing"),
    "concluded": ("Concluida", "Concluded"),
}
PROJECT_STATUS: _L = {
    "identification": ("Identificación", "Identification"),
    "preparation": ("Preparación", "Preparation"),
    "implementation": ("En ejecución", "Implementation"),
    "completion": ("Concluido", "Completion"),
    "completed": ("Concluido", "Completed"),  # published by Nuevo León (not in the codelist)
    "maintenance": ("Mantenimiento", "Maintenance"),
    "decommissioning": ("En desmantelamiento", "Decommissioning"),
    "decommissioned": ("Desmantelado", "Decommissioned"),
    "cancelled": ("Cancelado", "Cancelled"),
}
PROJECT_TYPE: _L = {
    "construction": ("Construcción", "Construction"),
    "rehabilitation": ("Rehabilitación", "Rehabilitation"),
    "replacement": ("Sustitución", "Replacement"),
    "expansion": ("Ampliación", "Expansion"),
    "decommissioning": ("Desmantelamiento", "Decommissioning"),
}
SECTOR: _L = {
    "education": ("Educación", "Education"),
    "health": ("Salud", "Health"),
    "energy": ("Energía", "Energy"),
    "energy.solar": ("Energía solar", "Solar energy"),
    "energy.wind": ("Energía eólica", "Wind energy"),
    "energy.hydropower": ("Energía hidroeléctrica", "Hydropower"),
    "energy.biomass": ("Energía de biomasa", "Biomass energy"),
    "energy.geothermal": ("Energía geotérmica", "Geothermal energy"),
    "communications": ("Comunicaciones", "Communications"),
    "waterAndWaste": ("Agua y residuos", "Water and waste"),
    "governance": ("Gobierno", "Governance"),
    "economy": ("Economía", "Economy"),
    "cultureSportsAndRecreation": ("Cultura, deporte y recreación", "Culture, sports and recreation"),
    "transport": ("Transporte", "Transport"),
    "transport.air": ("Transporte aéreo", "Air transport"),
    "transport.water": ("Transporte acuático", "Water transport"),
    "transport.rail": ("Transporte ferroviario", "Rail transport"),
    "transport.road": ("Carreteras", "Road transport"),
    "transport.urban": ("Transporte urbano", "Urban transport"),
    "transport.lowCarbon": ("Transporte bajo en carbono", "Low-carbon transport"),
    "socialHousing": ("Vivienda social", "Social housing"),
    "naturalResources": ("Recursos naturales", "Natural resources"),
    "naturalResources.floodProtection": ("Protección contra inundaciones", "Flood protection"),
}
CONTRACTING_PROCESS_STATUS: _L = {
    "pre-award": ("Antes de la adjudicación", "Pre-award"),
    "active": ("Activo", "Active"),
    "closed": ("Cerrado", "Closed"),
}
CONTRACT_NATURE: _L = {
    "design": ("Diseño", "Design"),
    "construction": ("Construcción", "Construction"),
    "supervision": ("Supervisión", "Supervision"),
}
MODIFICATION_TYPE: _L = {
    "duration": ("Plazo", "Duration"),
    "value": ("Monto", "Value"),
    "scope": ("Alcance", "Scope"),
}
DOCUMENT_TYPE: _L = {
    # OCDS 1.1
    "plannedProcurementNotice": ("Aviso de contratación planeada", "Planned procurement notice"),
    "tenderNotice": ("Convocatoria", "Tender notice"),
    "awardNotice": ("Fallo o aviso de adjudicación", "Award notice"),
    "contractNotice": ("Aviso del contrato", "Contract notice"),
    "completionCertificate": ("Certificado de terminación", "Completion certificate"),
    "procurementPlan": ("Plan de contrataciones", "Procurement plan"),
    "biddingDocuments": ("Bases o anexos de la convocatoria", "Bidding documents"),
    "technicalSpecifications": ("Anexo técnico", "Technical specifications"),
    "evaluationCriteria": ("Criterios de evaluación", "Evaluation criteria"),
    "evaluationReports": ("Informes de evaluación", "Evaluation reports"),
    "contractDraft": ("Proyecto de contrato", "Draft contract"),
    "contractSigned": ("Contrato firmado", "Signed contract"),
    "contractArrangements": ("Acuerdos de terminación del contrato", "Contract arrangements"),
    "contractSchedule": ("Anexos del contrato", "Contract schedules"),
    "physicalProgressReport": ("Informe de avance físico", "Physical progress report"),
    "financialProgressReport": ("Informe de avance financiero", "Financial progress report"),
    "finalAudit": ("Auditoría final", "Final audit"),
    "hearingNotice": ("Aviso de audiencia pública", "Public hearing notice"),
    "marketStudies": ("Investigación de mercado", "Market studies"),
    "eligibilityCriteria": ("Criterios de elegibilidad", "Eligibility criteria"),
    "clarifications": ("Aclaraciones", "Clarifications"),
    "shortlistedFirms": ("Empresas preseleccionadas", "Shortlisted firms"),
    "environmentalImpact": ("Impacto ambiental", "Environmental impact"),
    "assetAndLiabilityAssessment": ("Evaluación de activos y pasivos", "Asset and liability assessment"),
    "riskProvisions": ("Previsiones de riesgo", "Risk provisions"),
    "winningBid": ("Propuesta ganadora", "Winning bid"),
    "complaints": ("Inconformidades", "Complaints"),
    "contractAnnexe": ("Anexo del contrato", "Contract annex"),
    "contractGuarantees": ("Garantías del contrato", "Contract guarantees"),
    "subContract": ("Subcontrato", "Subcontract"),
    "needsAssessment": ("Evaluación de necesidades", "Needs assessment"),
    "feasibilityStudy": ("Estudio de factibilidad", "Feasibility study"),
    "projectPlan": ("Plan del proyecto", "Project plan"),
    "billOfQuantity": ("Catálogo de conceptos", "Bill of quantities"),
    "bidders": ("Información de los licitantes", "Bidders"),
    "conflictOfInterest": ("Conflicto de interés", "Conflict of interest"),
    "debarments": ("Inhabilitaciones", "Debarments"),
    "illustration": ("Imagen", "Illustration"),
    "submissionDocuments": ("Documentos de la propuesta", "Submission documents"),
    "contractSummary": ("Resumen del contrato", "Contract summary"),
    "cancellationDetails": ("Detalles de la cancelación", "Cancellation details"),
    # OC4IDS
    "valueForMoneyAnalysis": ("Análisis de costo-beneficio (valor por dinero)", "Value for money analysis"),
    "serviceDescription": ("Descripción del servicio", "Service description"),
    "estimatedDemand": ("Demanda estimada", "Estimated demand"),
    "evaluationCommittee": ("Comité de evaluación", "Evaluation committee"),
    "requestForQualification": ("Solicitud de precalificación", "Request for qualification"),
    "minutes": ("Minuta", "Minutes"),
    "negotiationParameters": ("Parámetros de negociación", "Negotiation parameters"),
    "defaultEvents": ("Eventos de incumplimiento", "Default events"),
    "termination": ("Terminación", "Termination"),
    "performanceReport": ("Informe de desempeño", "Performance report"),
    "socialImpact": ("Impacto social", "Social impact"),
    "landAndSettlementImpact": ("Impacto en tierras y asentamientos", "Land and settlement impact"),
    "projectScope": ("Alcance del proyecto", "Project scope"),
    "resettlementPlan": ("Plan de reasentamiento", "Resettlement plan"),
    "projectEvaluation": ("Evaluación del proyecto", "Project evaluation"),
    "budgetApproval": ("Aprobación del presupuesto", "Budget approval"),
    "budgetAmendmentApproval": ("Aprobación de la modificación presupuestal", "Budget amendment approval"),
    "financialAgreement": ("Convenio financiero", "Financial agreement"),
    "financialAuditReport": ("Informe de auditoría financiera", "Financial audit report"),
    "technicalAuditReport": ("Informe de auditoría técnica", "Technical audit report"),
    "qualityAssuranceReport": ("Informe de control de calidad", "Quality assurance report"),
    "incorporationCertificate": ("Acta constitutiva", "Incorporation certificate"),
    "contractAmendment": ("Convenio modificatorio", "Contract amendment"),
    "designReport": ("Informe de diseño", "Design report"),
    "paymentCertificate": ("Estimación o certificado de pago", "Payment certificate"),
    "escalationApproval": ("Aprobación de ajuste de costos", "Escalation approval"),
    # EDCAPI (Mexico's OC4IDS profile), as published by Nuevo León
    "projectPlanUpdate": ("Actualización del plan del proyecto", "Project plan update"),
    "landAndSettlementEvaluation": ("Evaluación de tierras y asentamientos", "Land and settlement evaluation"),
    "projectApprovalOpinion": ("Dictamen de aprobación del proyecto", "Project approval opinion"),
    "infrastructureProgramme": ("Programa de infraestructura", "Infrastructure programme"),
    "evaluationReport": ("Informe de evaluación", "Evaluation report"),
    "progressionReport": ("Informe de avance", "Progress report"),
    "executiveContractReport": ("Informe ejecutivo del contrato", "Executive contract report"),
}
PARTY_ROLE: _L = {
    "buyer": ("Unidad compradora", "Buyer"),
    "procuringEntity": ("Entidad contratante", "Procuring entity"),
    "supplier": ("Proveedor o contratista", "Supplier"),
    "tenderer": ("Licitante", "Tenderer"),
    "funder": ("Financiador", "Funder"),
    "enquirer": ("Solicitante de aclaraciones", "Enquirer"),
    "payer": ("Pagador", "Payer"),
    "payee": ("Beneficiario del pago", "Payee"),
    "reviewBody": ("Órgano revisor", "Review body"),
    "interestedParty": ("Parte interesada", "Interested party"),
    "publicAuthority": ("Autoridad pública", "Public authority"),
    "administrativeEntity": ("Entidad administrativa", "Administrative entity"),
    # EDCA-MX extensions
    "attendee": ("Asistente", "Attendee"),
    "official": ("Servidor público", "Official"),
    "clarificationMeetingAttendee": ("Asistente a la junta de aclaraciones", "Clarification meeting attendee"),
    "clarificationMeetingOfficial": ("Servidor público en la junta de aclaraciones",
                                     "Clarification meeting official"),
    "guarantor": ("Garante", "Guarantor"),
    "invitedSupplier": ("Proveedor invitado", "Invited supplier"),
    "issuingSupplier": ("Proveedor que cotiza", "Issuing supplier"),
    "requestingUnit": ("Área requirente", "Requesting unit"),
    "contractingUnit": ("Área contratante", "Contracting unit"),
    "responsibleUnit": ("Área responsable", "Responsible unit"),
    "technicalUnit": ("Área técnica", "Technical unit"),
}
RELEASE_TAG: _L = {
    "planning": ("Planeación", "Planning"),
    "planningUpdate": ("Actualización de la planeación", "Planning update"),
    "tender": ("Licitación", "Tender"),
    "tenderAmendment": ("Modificación de la licitación", "Tender amendment"),
    "tenderUpdate": ("Actualización de la licitación", "Tender update"),
    "tenderCancellation": ("Cancelación de la licitación", "Tender cancellation"),
    "award": ("Adjudicación", "Award"),
    "awardUpdate": ("Actualización de la adjudicación", "Award update"),
    "awardCancellation": ("Cancelación de la adjudicación", "Award cancellation"),
    "contract": ("Contrato", "Contract"),
    "contractUpdate": ("Actualización del contrato", "Contract update"),
    "contractAmendment": ("Modificación del contrato", "Contract amendment"),
    "implementation": ("Ejecución", "Implementation"),
    "implementationUpdate": ("Actualización de la ejecución", "Implementation update"),
    "contractTermination": ("Terminación del contrato", "Contract termination"),
    "compiled": ("Compilada", "Compiled"),
}
# the project's own codes
SUBJECT_TYPE: _L = {
    "ocid": ("Proceso", "Process"),
    "project": ("Proyecto", "Project"),
    "buyer": ("Unidad compradora", "Buyer"),
    "procuring_entity": ("Entidad contratante", "Procuring entity"),
    "tenderer": ("Licitante o proveedor", "Tenderer or supplier"),
    "supplier": ("Proveedor", "Supplier"),
    "state": ("Estado", "State"),
    "implementer": ("Implementador", "Implementer"),
}
MODIFICATION_ORIGIN: _L = {
    "project": ("Publicada en el proyecto", "Published in the project"),
    "contract": ("Modificación del contrato", "Contract amendment"),
    "tender": ("Modificación de la licitación", "Tender amendment"),
    "release_history": ("Cambio entre entregas", "Change between releases"),
}
ESTIMATE_SOURCE: _L = {
    "tender.value": ("Monto de la licitación", "Tender value"),
    "planning.budget": ("Presupuesto de la planeación", "Planning budget"),
    "contracts": ("Contratos", "Contracts"),
    "awards": ("Adjudicaciones", "Awards"),
    "numberOfTenderers": ("Número de licitantes", "Number of tenderers"),
    "bids": ("Propuestas", "Bids"),
}
SCOPE: _L = {
    "national": ("Nacional", "National"),
    "international": ("Internacional", "International"),
}

CODELISTS: dict[str, _L] = {
    "method": METHOD, "category": CATEGORY, "tender_status": TENDER_STATUS, "award_status": AWARD_STATUS,
    "contract_status": CONTRACT_STATUS, "bid_status": BID_STATUS, "milestone_type": MILESTONE_TYPE,
    "milestone_status": MILESTONE_STATUS, "implementation_status": IMPLEMENTATION_STATUS,
    "project_status": PROJECT_STATUS, "project_type": PROJECT_TYPE, "sector": SECTOR,
    "contracting_process_status": CONTRACTING_PROCESS_STATUS, "contract_nature": CONTRACT_NATURE,
    "modification_type": MODIFICATION_TYPE, "document_type": DOCUMENT_TYPE, "party_role": PARTY_ROLE,
    "release_tag": RELEASE_TAG, "subject_type": SUBJECT_TYPE, "modification_origin": MODIFICATION_ORIGIN,
    "estimate_source": ESTIMATE_SOURCE, "scope": SCOPE,
}


def is_missing(value: Any) -> bool:
    """None, NaN, pandas NA/NaT, "" or "None"/"nan" text: no value to show."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return value.strip() in ("", "None", "nan", "NaN", "NaT")
    return False


def known(codelist: str, code: Any) -> bool:
    """True when `code` is in `codelist`."""
    return not is_missing(code) and str(code) in CODELISTS[codelist]


def label(codelist: str, code: Any, lang: str = "es") -> str:
    """The label of `code` in `lang`; "—" when missing; an unknown code as published, marked."""
    if is_missing(code):
        return EMPTY
    entry = CODELISTS[codelist].get(str(code))
    if entry is None:
        return f"{code} ({UNRECOGNISED.get(lang, UNRECOGNISED['es'])})"
    return entry[1] if lang == "en" else entry[0]


def label_list(codelist: str, codes: Iterable[Any] | None, lang: str = "es", sep: str = ", ") -> str:
    """Several codes (an array column: sectors, roles, tags) labelled and joined; "—" when none."""
    if codes is None or isinstance(codes, (str, float)) and is_missing(codes):
        return EMPTY
    if isinstance(codes, str):
        codes = [codes]
    out = [label(codelist, c, lang) for c in codes if not is_missing(c)]
    return sep.join(out) if out else EMPTY


def label_series(values: pd.Series, codelist: str, lang: str = "es") -> pd.Series:
    """A column of codes (or of arrays of codes) as labels."""
    def one(v: Any) -> str:
        if isinstance(v, (list, tuple)) or hasattr(v, "tolist") and not isinstance(v, str):
            return label_list(codelist, list(v.tolist() if hasattr(v, "tolist") else v), lang)
        return label(codelist, v, lang)
    return values.map(one)


def label_frame(df: pd.DataFrame, columns: dict[str, str], lang: str = "es") -> pd.DataFrame:
    """A copy of `df` with each column in `columns` ({column: codelist}) labelled (absent ones skipped)."""
    present = {c: cl for c, cl in columns.items() if c in df.columns}
    if not present:
        return df
    return df.assign(**{c: label_series(df[c], cl, lang) for c, cl in present.items()})
