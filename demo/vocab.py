"""Word lists and small reference tables for the synthetic demo data (`demo.generate`).

Everything here was written by hand for the demo: names are fictional, coordinates are approximate
town centres (two decimals) used only to scatter demo projects inside the right municipality.
"""
from __future__ import annotations

# --- Places -------------------------------------------------------------------------------------
# INEGI municipality key (5 digits) -> (name, lon, lat, jitter radius in degrees).
# The first entry of each state is its capital (used for state-government addresses).
# Radii are kept small so jittered points stay inside the municipality (and off the coast/border).
MUNICIPALITIES: dict[str, tuple[str, float, float, float]] = {
    # Baja California
    "02002": ("Mexicali", -115.45, 32.60, 0.03),
    "02004": ("Tijuana", -116.97, 32.47, 0.02),
    "02001": ("Ensenada", -116.58, 31.88, 0.02),
    "02003": ("Tecate", -116.62, 32.54, 0.02),
    # Chiapas
    "07101": ("Tuxtla Gutiérrez", -93.12, 16.75, 0.03),
    "07078": ("San Cristóbal de las Casas", -92.64, 16.74, 0.01),
    "07089": ("Tapachula", -92.29, 14.94, 0.02),
    "07019": ("Comitán de Domínguez", -92.13, 16.25, 0.015),
    "07027": ("Chiapa de Corzo", -93.01, 16.71, 0.02),
    "07065": ("Palenque", -91.98, 17.51, 0.03),
    # Chihuahua
    "08019": ("Chihuahua", -106.08, 28.64, 0.04),
    "08037": ("Juárez", -106.42, 31.62, 0.02),
    "08017": ("Cuauhtémoc", -106.87, 28.41, 0.03),
    # Ciudad de México (alcaldías)
    "09015": ("Cuauhtémoc", -99.15, 19.43, 0.008),
    "09002": ("Azcapotzalco", -99.19, 19.49, 0.008),
    "09003": ("Coyoacán", -99.16, 19.33, 0.008),
    "09004": ("Cuajimalpa de Morelos", -99.30, 19.35, 0.008),
    "09005": ("Gustavo A. Madero", -99.11, 19.49, 0.01),
    "09006": ("Iztacalco", -99.10, 19.40, 0.006),
    "09007": ("Iztapalapa", -99.06, 19.36, 0.01),
    "09008": ("La Magdalena Contreras", -99.26, 19.30, 0.006),
    "09009": ("Milpa Alta", -99.03, 19.19, 0.015),
    "09010": ("Álvaro Obregón", -99.22, 19.36, 0.008),
    "09011": ("Tláhuac", -99.01, 19.28, 0.01),
    "09012": ("Tlalpan", -99.19, 19.22, 0.015),
    "09013": ("Xochimilco", -99.10, 19.25, 0.01),
    "09014": ("Benito Juárez", -99.16, 19.38, 0.006),
    "09016": ("Miguel Hidalgo", -99.20, 19.42, 0.008),
    "09017": ("Venustiano Carranza", -99.10, 19.43, 0.006),
    # Jalisco
    "14039": ("Guadalajara", -103.35, 20.67, 0.02),
    "14120": ("Zapopan", -103.42, 20.72, 0.03),
    "14098": ("San Pedro Tlaquepaque", -103.30, 20.60, 0.01),
    "14101": ("Tonalá", -103.23, 20.61, 0.01),
    "14097": ("Tlajomulco de Zúñiga", -103.44, 20.47, 0.03),
    "14067": ("Puerto Vallarta", -105.20, 20.65, 0.015),
    "14053": ("Lagos de Moreno", -101.93, 21.36, 0.03),
    "14093": ("Tepatitlán de Morelos", -102.76, 20.82, 0.03),
    "14023": ("Zapotlán el Grande", -103.47, 19.70, 0.02),
    # Michoacán
    "16053": ("Morelia", -101.20, 19.69, 0.02),
    "16102": ("Uruapan", -102.06, 19.42, 0.03),
    "16108": ("Zamora", -102.28, 19.98, 0.02),
    "16052": ("Lázaro Cárdenas", -102.22, 18.02, 0.01),
    "16066": ("Pátzcuaro", -101.61, 19.52, 0.02),
    "16112": ("Zitácuaro", -100.36, 19.44, 0.02),
    # Nuevo León
    "19039": ("Monterrey", -100.31, 25.69, 0.015),
    "19046": ("San Nicolás de los Garza", -100.29, 25.74, 0.015),
    "19026": ("Guadalupe", -100.24, 25.68, 0.012),
    "19006": ("Apodaca", -100.19, 25.78, 0.02),
    "19048": ("Santa Catarina", -100.46, 25.67, 0.02),
    "19019": ("San Pedro Garza García", -100.40, 25.65, 0.01),
    "19021": ("General Escobedo", -100.33, 25.80, 0.015),
    "19018": ("García", -100.59, 25.81, 0.03),
    "19031": ("Juárez", -100.09, 25.65, 0.02),
    "19038": ("Montemorelos", -99.83, 25.19, 0.03),
    "19033": ("Linares", -99.57, 24.86, 0.03),
    "19049": ("Santiago", -100.15, 25.42, 0.03),
    # Oaxaca
    "20067": ("Oaxaca de Juárez", -96.72, 17.06, 0.01),
    "20043": ("Heroica Ciudad de Juchitán de Zaragoza", -95.02, 16.43, 0.02),
    "20184": ("San Juan Bautista Tuxtepec", -96.12, 18.09, 0.02),
    "20079": ("Salina Cruz", -95.20, 16.19, 0.01),
    "20039": ("Heroica Ciudad de Huajuapan de León", -97.78, 17.80, 0.02),
    # Yucatán
    "31050": ("Mérida", -89.62, 20.97, 0.03),
    "31041": ("Kanasín", -89.56, 20.93, 0.01),
    "31102": ("Valladolid", -88.20, 20.69, 0.03),
    "31052": ("Motul", -89.28, 21.10, 0.02),
    "31096": ("Tizimín", -88.15, 21.14, 0.03),
    "31059": ("Progreso", -89.66, 21.25, 0.01),
    "31101": ("Umán", -89.75, 20.88, 0.02),
}

# INEGI state key -> (first digits of its postal codes, telephone area code, UTC offset in ISO form)
STATE_CONTACT: dict[str, tuple[str, str, str]] = {
    "02": ("21", "686", "-08:00"),
    "07": ("29", "961", "-06:00"),
    "08": ("31", "614", "-06:00"),
    "09": ("06", "55", "-06:00"),
    "14": ("44", "33", "-06:00"),
    "16": ("58", "443", "-06:00"),
    "19": ("64", "81", "-06:00"),
    "20": ("68", "951", "-06:00"),
    "31": ("97", "999", "-06:00"),
    "03": ("23", "612", "-07:00"),
    "18": ("63", "311", "-07:00"),
    "23": ("77", "998", "-05:00"),
    "25": ("80", "667", "-07:00"),
    "26": ("83", "662", "-07:00"),
}
DEFAULT_CONTACT = ("50", "55", "-06:00")

# --- Works ---------------------------------------------------------------------------------------
# Themes: (OC4IDS sector, OC4IDS type, title template, description template, budget median MXN,
# COG partida for the item, item description, unit, purpose)
# Placeholders: {calle} {calle2} {colonia} {localidad} {escuela} {rio} {parque}
THEMES: list[tuple[str, str, str, str, float, str, str, str, str]] = [
    ("transport.urban", "rehabilitation",
     "Pavimentación con concreto hidráulico de la calle {calle}, colonia {colonia}, {localidad}",
     "Pavimentación con concreto hidráulico de {n} m2, incluye guarniciones, banquetas y señalamiento en la calle {calle} entre {calle2} y {calle3}",
     4.5e6, "6141", "Pavimento de concreto hidráulico MR-45 de 20 cm de espesor", "m2",
     "Mejorar la movilidad y la seguridad vial de los habitantes de la colonia {colonia}"),
    ("transport.urban", "rehabilitation",
     "Repavimentación con carpeta asfáltica de la avenida {calle}, {localidad}",
     "Fresado y reposición de carpeta asfáltica de {n} m2 en la avenida {calle}, tramo {calle2} a {calle3}",
     6.0e6, "6151", "Carpeta asfáltica de 5 cm compactada al 95%", "m2",
     "Reducir el deterioro de la vialidad y los tiempos de traslado"),
    ("education", "rehabilitation",
     "Rehabilitación de la Escuela Primaria \"{escuela}\" en {localidad}",
     "Rehabilitación de {n} aulas, sanitarios e instalación eléctrica de la Escuela Primaria \"{escuela}\", colonia {colonia}",
     2.2e6, "6122", "Rehabilitación integral de aula didáctica", "aula",
     "Dignificar los espacios educativos de la comunidad escolar"),
    ("education", "construction",
     "Construcción de aulas y techumbre en la Escuela Secundaria \"{escuela}\", {localidad}",
     "Construcción de {n} aulas de estructura regional y techumbre metálica en la Escuela Secundaria \"{escuela}\"",
     3.1e6, "6122", "Aula de estructura regional de 6 x 8 m", "aula",
     "Ampliar la capacidad de atención a estudiantes de secundaria"),
    ("waterAndWaste", "construction",
     "Construcción de drenaje pluvial en la colonia {colonia}, {localidad}",
     "Construcción de {n} m de colector pluvial de concreto reforzado y pozos de visita en la colonia {colonia}",
     9.5e6, "6131", "Tubería de concreto reforzado de 1.22 m de diámetro", "m",
     "Evitar inundaciones en temporada de lluvias en la colonia {colonia}"),
    ("waterAndWaste", "expansion",
     "Ampliación de la red de agua potable en la colonia {colonia}, {localidad}",
     "Ampliación de {n} m de red de distribución de agua potable con tubería de PVC hidráulico y tomas domiciliarias",
     2.8e6, "6131", "Tubería de PVC hidráulico RD-26 de 4 pulgadas", "m",
     "Garantizar el abasto de agua potable a las viviendas de la colonia {colonia}"),
    ("waterAndWaste", "construction",
     "Construcción de colector sanitario en la calle {calle}, {localidad}",
     "Construcción de {n} m de colector sanitario, descargas domiciliarias y pozos de visita",
     3.6e6, "6131", "Tubería de polietileno de alta densidad de 30 cm", "m",
     "Sanear las descargas de aguas residuales de la zona"),
    ("waterAndWaste", "construction",
     "Construcción de planta de tratamiento de aguas residuales en {localidad}",
     "Construcción de planta de tratamiento de aguas residuales con capacidad de {n} litros por segundo",
     38.0e6, "6131", "Planta de tratamiento de aguas residuales (lote)", "lote",
     "Tratar las aguas residuales antes de su descarga al cauce del {rio}"),
    ("transport.road", "construction",
     "Construcción de puente vehicular sobre el {rio} en {localidad}",
     "Construcción de puente vehicular de {n} m de longitud con superestructura de trabes de concreto presforzado sobre el {rio}",
     42.0e6, "6151", "Puente vehicular de concreto presforzado (lote)", "lote",
     "Comunicar de forma segura las comunidades de ambos márgenes del {rio}"),
    ("transport.road", "rehabilitation",
     "Rehabilitación del camino {localidad}-{localidad2}, tramo del km {k1}+000 al km {k2}+000",
     "Rehabilitación de {n} km de camino con bacheo, riego de sello y obras de drenaje menor",
     12.0e6, "6151", "Rehabilitación de camino rural", "km",
     "Mejorar la conectividad de las localidades rurales de {localidad}"),
    ("energy", "replacement",
     "Sustitución de luminarias por alumbrado público LED en {localidad}",
     "Suministro e instalación de {n} luminarias LED de 100 W en vialidades primarias y secundarias",
     5.2e6, "6141", "Luminaria LED de 100 W con fotocelda", "pieza",
     "Reducir el consumo de energía y mejorar la seguridad nocturna"),
    ("energy", "construction",
     "Construcción de alumbrado público en la colonia {colonia}, {localidad}",
     "Instalación de {n} postes metálicos con luminaria LED, cableado subterráneo y registros",
     1.9e6, "6141", "Poste metálico de 9 m con luminaria LED", "pieza",
     "Mejorar la seguridad de peatones en la colonia {colonia}"),
    ("health", "construction",
     "Construcción del Centro de Salud de {colonia}, {localidad}",
     "Construcción de centro de salud con {n} consultorios, área de urgencias y farmacia",
     24.0e6, "6122", "Edificio de centro de salud (lote)", "lote",
     "Acercar los servicios de salud de primer nivel a la población"),
    ("health", "rehabilitation",
     "Rehabilitación del Hospital General de {localidad}",
     "Rehabilitación de {n} m2 de áreas de hospitalización, impermeabilización e instalaciones hidrosanitarias",
     16.0e6, "6122", "Rehabilitación de áreas hospitalarias", "m2",
     "Mejorar las condiciones de atención de los pacientes"),
    ("cultureSportsAndRecreation", "rehabilitation",
     "Rehabilitación de la Unidad Deportiva {colonia}, {localidad}",
     "Rehabilitación de canchas, gradas, alumbrado y sanitarios en {n} m2 de la unidad deportiva",
     3.4e6, "6122", "Rehabilitación de cancha de usos múltiples", "m2",
     "Promover la activación física y la convivencia vecinal"),
    ("cultureSportsAndRecreation", "rehabilitation",
     "Rehabilitación del Parque {parque} en {localidad}",
     "Rehabilitación de {n} m2 de andadores, juegos infantiles, áreas verdes y alumbrado del parque {parque}",
     2.6e6, "6141", "Rehabilitación de áreas verdes y andadores", "m2",
     "Recuperar espacios públicos para las familias"),
    ("economy", "rehabilitation",
     "Rehabilitación del Mercado Municipal {parque}, {localidad}",
     "Rehabilitación de {n} locales, techumbre, instalación eléctrica e hidrosanitaria del mercado",
     6.8e6, "6122", "Rehabilitación de local comercial", "local",
     "Mejorar las condiciones de higiene y seguridad del mercado"),
    ("socialHousing", "construction",
     "Construcción de cuartos dormitorio en {localidad}",
     "Construcción de {n} cuartos dormitorio de 4 x 4 m en viviendas con hacinamiento",
     2.4e6, "6111", "Cuarto dormitorio de 16 m2", "cuarto",
     "Reducir el hacinamiento en viviendas de familias en situación de pobreza"),
    ("transport.urban", "construction",
     "Construcción de ciclovía y banquetas en la avenida {calle}, {localidad}",
     "Construcción de {n} m de ciclovía confinada, banquetas accesibles y cruces seguros",
     7.5e6, "6151", "Ciclovía confinada con bolardos", "m",
     "Promover la movilidad no motorizada y segura"),
    ("transport.road", "expansion",
     "Ampliación a cuatro carriles de la carretera {localidad}-{localidad2}",
     "Ampliación de {n} km de carretera a cuatro carriles con acotamientos y camellón central",
     65.0e6, "6151", "Ampliación de carretera a cuatro carriles", "km",
     "Reducir accidentes y tiempos de recorrido en el corredor"),
]

CALLES = [
    "Hidalgo", "Morelos", "Benito Juárez", "Independencia", "Reforma", "Zaragoza", "Allende",
    "Francisco I. Madero", "Guerrero", "5 de Mayo", "16 de Septiembre", "Revolución", "Constitución",
    "Aldama", "Matamoros", "Abasolo", "Galeana", "Emiliano Zapata", "Francisco Villa", "Lázaro Cárdenas",
    "Venustiano Carranza", "Insurgentes", "Niños Héroes", "Pino Suárez", "Ocampo", "Nicolás Bravo",
    "Guadalupe Victoria", "Cuauhtémoc", "Álvaro Obregón", "Las Palmas", "Los Pinos", "Del Roble",
    "Juan Escutia", "Mariano Escobedo", "Sor Juana Inés de la Cruz", "Ignacio Allende", "Colón",
    "Jesús García", "Leona Vicario", "Josefa Ortiz de Domínguez", "Paseo de los Leones", "Río Bravo",
]
COLONIAS = [
    "Centro", "Del Valle", "Las Flores", "San José", "Santa Fe", "Jardines del Sur", "Lomas del Norte",
    "Industrial", "Obrera", "Moderna", "Independencia", "Buenos Aires", "La Esperanza",
    "Ampliación Revolución", "Francisco I. Madero", "Valle Verde", "Los Ángeles", "San Miguel",
    "Santa Cruz", "El Mirador", "Bellavista", "Tierra y Libertad", "Villas del Río", "Las Torres",
    "Fomerrey 1", "Infonavit Las Américas", "Nueva Esperanza", "El Porvenir", "Lomas de San Juan",
    "Praderas del Sol", "Emiliano Zapata", "Campestre", "La Joya", "Los Olivos", "San Antonio",
]
ESCUELAS = [
    "Benito Juárez", "Miguel Hidalgo y Costilla", "Niños Héroes", "Josefa Ortiz de Domínguez",
    "Leona Vicario", "Sor Juana Inés de la Cruz", "Ignacio Zaragoza", "Lázaro Cárdenas",
    "Vicente Guerrero", "Emiliano Zapata", "Guadalupe Victoria", "José Vasconcelos", "Gabriela Mistral",
    "Francisco I. Madero", "Ricardo Flores Magón", "Justo Sierra", "Rosaura Zapata", "Amado Nervo",
]
RIOS = [
    "río Santa Catarina", "arroyo Seco", "río La Silla", "arroyo El Obispo", "río Grande", "arroyo Las Tinajas",
    "río San Juan", "arroyo Hondo", "río Atoyac", "canal principal", "arroyo del Muerto", "río Blanco",
]
PARQUES = [
    "Hidalgo", "Juárez", "Las Américas", "Los Fundadores", "Revolución", "Del Maestro", "La Alameda",
    "Bicentenario", "Solidaridad", "Independencia", "Morelos", "El Ciprés",
]

# Services linked to works: (nature, title template, COG partida, share of the works estimate)
DESIGN = ("design", "Elaboración del proyecto ejecutivo para: {title}", "6291", 0.06)
SUPERVISION = ("supervision", "Supervisión externa de la obra: {title}", "6292", 0.04)
STANDALONE_SERVICES = [
    ("Estudio de mecánica de suelos y levantamiento topográfico en {localidad}", "6291", 0.35e6),
    ("Mantenimiento preventivo de la red de alumbrado público de {localidad}", "3511", 1.2e6),
    ("Desazolve de drenaje pluvial y limpieza de canales en {localidad}", "3581", 0.9e6),
    ("Bacheo y mantenimiento de vialidades en la zona centro de {localidad}", "3511", 1.6e6),
]

COG_DESCRIPTIONS = {
    "6111": "Edificación habitacional",
    "6122": "Edificación no habitacional",
    "6131": "Construcción de obras para el abastecimiento de agua, petróleo, gas, electricidad y telecomunicaciones",
    "6141": "División de terrenos y construcción de obras de urbanización",
    "6151": "Construcción de vías de comunicación",
    "6291": "Estudios, formulación y evaluación de proyectos",
    "6292": "Supervisión de obra",
    "3511": "Conservación y mantenimiento menor de inmuebles",
    "3581": "Servicios de limpieza y manejo de desechos",
}

# --- Procedures ----------------------------------------------------------------------------------
METHOD_DETAILS = {
    "open": ["Licitación pública nacional", "Licitación pública", "Licitación pública estatal",
             "Licitación pública nacional", "Licitación pública internacional abierta"],
    "selective": ["Invitación a cuando menos tres personas", "Invitación restringida",
                  "Invitación a cuando menos tres personas"],
    "direct": ["Adjudicación directa", "Adjudicación directa (art. 42 LOPSRM)",
               "Adjudicación directa por excepción a la licitación", "Adjudicación directa"],
}
# CompraNet-style tender id letters by method: works (LO/IO/AO), services related to works use the same
TENDER_LETTERS = {"open": "LO", "selective": "IO", "direct": "AO"}
DIRECT_RATIONALES = [
    "El monto de la obra se encuentra dentro de los montos máximos autorizados para adjudicación directa en el Presupuesto de Egresos",
    "Caso fortuito o fuerza mayor que impide realizar un procedimiento de licitación en el tiempo requerido (art. 42 fracc. V LOPSRM)",
    "Se declaró desierta la licitación pública previa (art. 42 fracc. VII LOPSRM)",
    "Trabajos de mantenimiento que por su naturaleza no permiten precisar su alcance (art. 42 fracc. IX LOPSRM)",
]
OPEN_RATIONALE = "Procedimiento de licitación pública conforme al artículo 27 de la Ley de Obras Públicas y Servicios Relacionados con las Mismas"
SELECTIVE_RATIONALE = "El monto de la obra se ubica en el rango de invitación a cuando menos tres personas del Presupuesto de Egresos"
AWARD_CRITERIA_DETAILS = [
    "Se adjudicará a la proposición solvente que resulte económicamente más conveniente (criterio binario)",
    "Evaluación por puntos y porcentajes de la propuesta técnica y económica",
]
ELIGIBILITY = "Acreditar experiencia en obras similares, capacidad técnica y financiera, y estar al corriente en obligaciones fiscales"
SUBMISSION_DETAILS = {
    "electronicSubmission": "Las proposiciones se presentan a través del sistema electrónico de contrataciones",
    "inPerson": "Las proposiciones se entregan en sobre cerrado en el acto de presentación y apertura",
}
FUNDS = [
    ("FAIS", "Fondo de Aportaciones para la Infraestructura Social"),
    ("FORTAMUN", "Fondo de Aportaciones para el Fortalecimiento de los Municipios"),
    ("RE", "Recursos estatales"),
    ("RP", "Recursos propios"),
    ("FAFEF", "Fondo de Aportaciones para el Fortalecimiento de las Entidades Federativas"),
    ("FONMETRO", "Fondo Metropolitano"),
]
AMENDMENT_VALUE_RATIONALES = [
    "Convenio modificatorio en monto por volúmenes adicionales de obra no previstos en el catálogo",
    "Conceptos extraordinarios derivados de condiciones del terreno no previstas en el proyecto",
    "Ajuste de costos por incremento en el precio de insumos",
    "Ampliación de metas solicitada por el área requirente",
]
AMENDMENT_PERIOD_RATIONALES = [
    "Convenio de ampliación en plazo por condiciones climatológicas adversas",
    "Ampliación de plazo por entrega tardía del anticipo",
    "Ampliación de plazo por trámite de permisos ante otras dependencias",
    "Diferimiento del programa de obra por afectaciones en el derecho de vía",
]
LATE_DETAILS = [
    "Retraso por lluvias atípicas y trabajos adicionales",
    "Atraso en el programa de obra por falta de liberación del derecho de vía",
    "Atraso imputable al contratista; se aplicaron penas convencionales",
]
COST_DETAILS = [
    "Incremento por volúmenes adicionales y conceptos extraordinarios",
    "Ajuste de costos autorizado y ampliación de metas",
]
MILESTONES = [  # title, type
    ("Inicio de los trabajos", "delivery"),
    ("Avance físico del 50%", "delivery"),
    ("Acta de entrega-recepción", "delivery"),
]

# --- Organisations -------------------------------------------------------------------------------
STATE_UNITS = [
    "Secretaría de Infraestructura", "Secretaría de Obras Públicas", "Comisión Estatal del Agua",
    "Instituto de Infraestructura Física Educativa", "Secretaría de Salud",
    "Secretaría de Desarrollo Urbano y Movilidad", "Junta Local de Caminos",
]
MUNICIPAL_UNITS = [
    "Dirección de Obras Públicas", "Secretaría de Desarrollo Urbano y Obras Públicas",
    "Organismo Operador de Agua Potable y Saneamiento", "Dirección de Servicios Públicos",
]
SUPPLIER_PREFIXES = [
    "CONSTRUCTORA", "CONSTRUCCIONES", "GRUPO CONSTRUCTOR", "EDIFICACIONES", "INGENIERÍA Y CONSTRUCCIÓN",
    "URBANIZADORA", "PAVIMENTOS", "DESARROLLOS", "OBRAS Y PROYECTOS", "INFRAESTRUCTURA", "PROYECTOS Y CONSTRUCCIONES",
    "CONSTRUCTORA E INMOBILIARIA", "TERRACERÍAS", "OBRA CIVIL",
]
SUPPLIER_CORES = [
    "GARZA", "DEL NORTE", "ALFA", "RÍOS", "SALINAS", "HERNÁNDEZ", "DEL BAJÍO", "PENINSULAR", "DEL PACÍFICO",
    "TREVIÑO", "OMEGA", "ARCOS", "CUMBRES", "SIERRA MADRE", "VILLARREAL", "CASTILLO", "MAYA", "SURESTE",
    "OCCIDENTE", "GALVÁN", "TORRES", "ROBLES", "AZTECA", "DEL VALLE", "INTEGRAL", "TÉCNICA", "MORALES",
    "CANTÚ", "MONTES", "LEAL", "ZAPATA", "REGIONAL", "PÉREZ", "SANTOS", "ORTIZ", "CEDILLO", "DEL CENTRO",
]
LEGAL_FORMS = [", S.A. DE C.V.", ", S.A. DE C.V.", ", S.A. DE C.V.", ", S. DE R.L. DE C.V.", ", S.A.P.I. DE C.V."]
GIVEN_NAMES = [
    "José", "Juan", "María", "Guadalupe", "Francisco", "Ana", "Luis", "Carlos", "Rosa", "Jorge", "Patricia",
    "Miguel", "Laura", "Alejandro", "Verónica", "Roberto", "Claudia", "Fernando", "Martha", "Ricardo",
]
SURNAMES = [
    "Hernández", "García", "Martínez", "López", "González", "Rodríguez", "Pérez", "Sánchez", "Ramírez",
    "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres", "Díaz", "Gutiérrez",
    "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Garza", "Treviño", "Villarreal",
]
