"""Issue 11, the method named in Spanish: which procedure each published procurementMethodDetails and
procurementMethodRationale text names (loaders.compile.codes.named_method). Every distinct text of the
Mexican folders in ../shared/data is listed here with the method it maps to, so a text the list does not
cover fails the test instead of being read silently; the texts are collected with plain json."""
from __future__ import annotations

import pytest

from loaders.compile.codes import NamedMethod, method_from_texts, named_method
from tests import trust_raw as raw

LP, ITP, AD = "licitacion_publica", "invitacion_tres", "adjudicacion_directa"

# (field, text) -> (method, scope), or None when the text names no procedure (only articles, an exception,
# an agreement, a placeholder) and the published code stands.
EXPECTED: dict[tuple[str, str], tuple[str, str | None] | None] = {
    ("details", "Adjudicación Directa Estatal"): (AD, None),
    ("details", "Adjudicación directa (art. 41)"): (AD, None),
    ("details", "Adjudicación directa (art. 42)"): (AD, None),
    ("details", "Convenio de colaboración"): None,
    ("details", "Excepción al reglamento (art. 1)"): None,
    ("details", "Invitación a cuando menos tres proveedores"): (ITP, None),
    ("details", "Licitación Estatal"): (LP, None),
    ("details", "Licitación Federal"): (LP, None),
    ("details", "Licitación Pública"): (LP, None),
    ("details", "Licitación pública"): (LP, None),
    ("rationale", "Adjudicación Directa con fundamento en los Art. 23 Fracción III, 42 y 47 del RAAS IFAI"): (AD, None),
    ("rationale", "Adjudicación directa con fundamento en el Artículo 42 del Reglamento de Adquisiciones, "
                  "Arrendamientos y Servicios del IFAI"): (AD, None),
    ("rationale", "Adjudicación directa con fundamento en el articulo 1 del Reglamento de Adquisiciones, "
                  "Arrendamientos y Servicios del IFAI"): (AD, None),
    ("rationale", "Adjudicación directa con fundamento en el artículo 41 fracción I\xa0del Reglamento de "
                  "Adquisiciones, Arrendamientos y Servicios del IFAI"): (AD, None),
    ("rationale", "Adjudicación directa con fundamento en los 23 fración III articulo 42 y 47 del Reglamento de "
                  "Adquisiciones, Arrendamientos y Servicios del IFAI."): (AD, None),
    ("rationale", "Adjudicación directa conforme a lo dispuesto por los artículos 20 fracción II, 40 y 41 fracción "
                  "I del Reglamento de Adquisiciones, Arrendamientos y Servicios del Instituto Federal de Acceso a "
                  "la Información y Protección de Datos"): (AD, None),
    ("rationale", "Arrendamiento de bienes inmuebles por adjudicación directa."): (AD, None),
    ("rationale", "Conveio General de Colaboración"): None,
    ("rationale", "Convenio General de Colaboración"): None,
    # CDMX: art. 54 of the Distrito Federal's law (exceptions) is not read as a method
    ("rationale", "DE CONFORMIDAD CON EL ARTICULO 54 FRACCION I Y ANTEPENULTIMO PARRAFO DE LA LEY DE "
                  "ADQUISICIONES PARA EL DISTRITO FEDERAL"): None,
    ("rationale", "DE CONFORMIDAD CON EL ARTICULO 54 FRACCION II BIS Y ANTEPENULTIMO PARRAFO DE LA LEY DE "
                  "ADQUISICIONES PARA EL DISTRITO FEDERAL"): None,
    ("rationale", "EXCEPCION POR MONTO"): None,
    ("rationale", "En términos de lo dispuesto en los artículos 23 fracción I, 24 fracción II, 25, 26 fracción I y "
                  "47 del Reglamento de Adquisiciones, Arrendamientos y Servicios del IFAI"): None,
    ("rationale", "Excepcion articulo 41 fracción V"): None,
    ("rationale", "Excepcion por monto"): None,
    ("rationale", "Excepción articulo 1o"): None,
    ("rationale", "Excepción articulo 41"): None,
    ("rationale", "Excepción por monto"): None,
    ("rationale", "Excepción por monto."): None,
    ("rationale", "Justificación para el método de compra elegido"): None,
    ("rationale", "NO APLICA"): None,
    # Jalisco: art. 47 of the state's law is not LOPSRM's art. 47
    ("rationale", "Se procederá conforme al artículo 47 de la Ley de Compras Gubernamentales Enajenaciones y "
                  "Contrataciones de Servicios del Estado de Jalisco y sus Municipios."): None,
    # "Instituto Nacional de Transparencia" later in the text does not make it a national tender
    ("rationale", "Se propone que se realice un procedimiento de contratación de licitación pública, de conformidad "
                  "con lo dispuesto en el artículo 26 fracción I del Reglamento de Adquisiciones, Arrendamientos y "
                  "Servcios del Instituto Nacional de Transparencia, Acceso a la Información y Protección de Datos "
                  "Personales"): (LP, None),
    ("rationale", "Se propone que se realice un procedimiento de contratación, de conformidad con lo dispuesto en el "
                  "artículo 1 del Reglamento de Adquisiciones, Arrendamientos y Servicios del Instituto Nacional de "
                  "Transparencia, Acceso a la Información y Protección de Datos Personales"): None,
}


def _published_texts() -> set[tuple[str, str]]:
    """Every distinct (field, text) of tender.procurementMethodDetails/Rationale in the Mexican folders:
    published releases, records' embedded releases and compiled releases."""
    found = set()
    for family in raw.MX_FAMILIES:
        for _, doc in raw.documents(raw.data(family)):
            rels = [r for _, r in raw.releases_in(doc)] + list(raw.compiled_or_releases(doc))
            for rel in rels:
                tender = rel.get("tender") or {}
                for field in ("details", "rationale"):
                    text = tender.get("procurementMethod" + field.capitalize())
                    if isinstance(text, str):
                        found.add((field, text))
    return found


@pytest.mark.shared
def test_every_published_method_text_maps_to_the_listed_method():
    found = _published_texts()
    assert found == set(EXPECTED), {"not listed": found - set(EXPECTED), "not published": set(EXPECTED) - found}
    for (field, text), expected in EXPECTED.items():
        got = named_method(text)
        assert (None if got is None else (got.method, got.scope)) == expected, (field, text)


@pytest.mark.parametrize("text, expected", [
    # accents, case and punctuation do not matter
    ("ADJUDICACION DIRECTA", AD), ("adjudicación   directa.", AD), ("Invitación a cuando menos 3 personas", ITP),
    ("INVITACIÓN RESTRINGIDA", ITP), ("Licitación restringida", ITP), ("LPN", LP), ("A.D.", AD),
    # negations and exceptions: the mention is not a claim
    ("Excepción a la licitación pública", None), ("sin licitación pública", None),
    ("No se realizó licitación pública", None), ("en lugar de licitación pública", None),
    ("Licitación pública declarada desierta", None),
    # negated mention plus a real one: the real one
    ("Sin sujetarse al procedimiento de licitación pública, mediante adjudicación directa", AD),
    ("Adjudicación directa por licitación desierta", AD),
    ("Adjudicación directa, al haber sido declarada desierta la licitación pública", AD),
    # a law's list of methods (LOPSRM art. 27, LAASSP art. 42) names several: none is chosen
    ("Artículo 27: licitación pública, invitación a cuando menos tres personas o adjudicación directa", None),
    ("invitación a cuando menos tres personas o adjudicación directa (art. 42 LAASSP)", None),
    # article numbers alone are never read, whatever the law
    ("Con fundamento en el artículo 41 fracción III de la LAASSP", None),
    ("Artículo 42 de la Ley de Obras Públicas y Servicios Relacionados con las Mismas", None),
    ("Artículo 26 fracción I", None), ("", None), ("N/A", None),
])
def test_named_method_reads_names_not_negations_nor_articles(text, expected):
    got = named_method(text)
    assert (got.method if got else None) == expected


@pytest.mark.parametrize("text, scope", [
    ("Licitación Pública Nacional", "nacional"), ("Licitación pública internacional abierta", "internacional"),
    ("Licitación Pública Internacional bajo la cobertura de tratados", "internacional"), ("LPI", "internacional"),
    ("Invitación a cuando menos tres personas de carácter nacional", "nacional"),
    ("Licitación pública del Instituto Nacional Electoral", None), ("Licitación pública", None),
])
def test_scope_is_read_only_right_after_the_method_name(text, scope):
    assert named_method(text).scope == scope


def test_details_win_over_the_rationale_and_a_disagreement_is_marked():
    # INAI's PC-0001: the details say invitation, the rationale direct award
    reading = method_from_texts("Invitación a cuando menos tres proveedores",
                                "Adjudicación directa con fundamento en los 23 fración III articulo 42 y 47")
    assert (reading.named, reading.source, reading.conflict) == (NamedMethod(ITP, None), "details", True)
    reading = method_from_texts("Excepción al reglamento (art. 1)", "Adjudicación directa con fundamento en ...")
    assert (reading.named.code, reading.source, reading.conflict) == ("direct", "rationale", False)
    reading = method_from_texts("Licitación pública", "NO APLICA")
    assert (reading.named.code, reading.source, reading.conflict) == ("open", "details", False)
    assert method_from_texts(None, None).named is None
