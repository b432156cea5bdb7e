"""Words for places and sectors, as data: country adjectives, regions of Europe, sectors and sector families.

The country table itself (names in English, Italian and local spellings) is the cards'
(``imagine.cards.COUNTRIES``); this module adds what questions say instead: adjectives
("spagnoli", "Swedish"), groups of countries ("Nordic", "penisola iberica", "Benelux") and
groups of sectors ("sistema moda" = textile, fashion, wool, leather, footwear). Every name is
written naturally, in Italian and English; callers fold them (``imagine.text.fold``). Countries
are named by their English name as in the cards' table.
"""

from __future__ import annotations

# English country name -> adjectives and other words for it in questions, both languages, all forms.
COUNTRY_ADJECTIVES: dict[str, tuple[str, ...]] = {
    "United Kingdom": ("british", "britannico", "britannica", "britannici", "britanniche", "britain", "u k", "english", "inglese", "inglesi"),
    "Belgium": ("belgian", "belga", "belgi", "belghe"),
    "Poland": ("polish", "polacco", "polacca", "polacchi", "polacche"),
    "Denmark": ("danish", "danese", "danesi"),
    "Germany": ("german", "tedesco", "tedesca", "tedeschi", "tedesche"),
    "Hungary": ("hungarian", "ungherese", "ungheresi"),
    "Spain": ("spanish", "spagnolo", "spagnola", "spagnoli", "spagnole", "espana"),
    "Portugal": ("portuguese", "portoghese", "portoghesi"),
    "Sweden": ("swedish", "svedese", "svedesi"),
    "France": ("french", "francese", "francesi"),
    "Italy": ("italian", "italiano", "italiana", "italiani", "italiane"),
    "Netherlands": ("dutch", "olandese", "olandesi"),
    "Austria": ("austrian", "austriaco", "austriaca", "austriaci", "austriache"),
    "Greece": ("greek", "greco", "greca", "greci", "greche"),
    "Romania": ("romanian", "rumeno", "rumena", "rumeni", "rumene", "romeno", "romena", "romeni", "romene"),
    "Ireland": ("irish", "irlandese", "irlandesi"),
    "Finland": ("finnish", "finlandese", "finlandesi"),
    "Czech Republic": ("czech", "ceco", "ceca", "cechi", "ceche"),
    "Slovenia": ("slovenian", "sloveno", "slovena", "sloveni", "slovene"),
    "Slovakia": ("slovak", "slovacco", "slovacca", "slovacchi", "slovacche"),
    "Bulgaria": ("bulgarian", "bulgaro", "bulgara", "bulgari", "bulgare"),
    "Switzerland": ("swiss", "svizzero", "svizzeri", "svizzere"),
    "Norway": ("norwegian", "norvegese", "norvegesi"),
    "Turkey": ("turkish", "turco", "turca", "turchi", "turche"),
    "Croatia": ("croatian", "croato", "croata", "croati", "croate"),
    "Estonia": ("estonian", "estone", "estoni"),
    "Latvia": ("latvian", "lettone", "lettoni"),
    "Lithuania": ("lithuanian", "lituano", "lituana", "lituani", "lituane"),
}


# Regions: English label, Italian label, the names questions use (both languages), the member countries.
REGIONS: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    ("Nordic countries", "paesi nordici",
     ("nordic", "nordics", "nordic countries", "nordico", "nordica", "nordici", "nordiche", "paesi nordici",
      "northern europe", "north europe", "nord europa", "europa del nord", "europa settentrionale", "nordeuropa"),
     ("Denmark", "Sweden", "Norway", "Finland")),
    ("Scandinavia", "Scandinavia",
     ("scandinavia", "scandinavian", "scandinavians", "scandinavo", "scandinava", "scandinavi", "scandinave",
      "paesi scandinavi"),
     ("Denmark", "Sweden", "Norway")),
    ("Iberian Peninsula", "penisola iberica",
     ("iberia", "iberian", "iberian peninsula", "iberico", "iberica", "iberici", "iberiche", "penisola iberica"),
     ("Spain", "Portugal")),
    ("Benelux", "Benelux",
     ("benelux", "low countries", "paesi del benelux", "benelux countries"),
     ("Belgium", "Netherlands", "Luxembourg")),
    ("German-speaking countries (DACH)", "paesi di lingua tedesca (DACH)",
     ("dach", "german speaking", "german speaking countries", "germanofono", "germanofona", "germanofoni",
      "germanofone", "di lingua tedesca", "paesi di lingua tedesca", "area tedesca"),
     ("Germany", "Austria", "Switzerland")),
    ("Central and Eastern Europe", "Europa centro-orientale",
     ("central and eastern europe", "central eastern europe", "eastern europe", "east europe", "central europe",
      "cee", "eastern european", "central european", "europa centro orientale", "europa centrale e orientale",
      "europa orientale", "europa dell est", "est europa", "europa centrale", "est europeo", "est europei",
      "est europee", "centro orientale", "centro orientali", "mitteleuropa", "ex blocco orientale"),
     ("Poland", "Hungary", "Czech Republic", "Slovakia", "Slovenia", "Romania", "Bulgaria", "Croatia", "Estonia",
      "Latvia", "Lithuania")),
    ("Southern Europe / Mediterranean", "Europa meridionale / mediterranea",
     ("southern europe", "south europe", "southern european", "mediterranean", "mediterranean countries",
      "europa meridionale", "sud europa", "europa del sud", "mediterraneo", "mediterranea", "mediterranei",
      "mediterranee", "paesi mediterranei", "sudeuropa"),
     ("Italy", "Spain", "Portugal", "Greece", "Malta", "Cyprus")),
    ("Western Europe", "Europa occidentale",
     ("western europe", "west europe", "western european", "europa occidentale", "europa dell ovest",
      "ovest europa"),
     ("France", "Belgium", "Netherlands", "Luxembourg", "Germany", "Austria", "Switzerland", "United Kingdom",
      "Ireland")),
    ("British Isles", "isole britanniche",
     ("british isles", "isole britanniche", "uk and ireland", "regno unito e irlanda"),
     ("United Kingdom", "Ireland")),
]


# Canonical sector (English) -> words for it in either language, as they appear in questions and cards.
SECTORS: dict[str, tuple[str, ...]] = {
    "textile": ("textile", "textiles", "tessile", "tessili", "tessuti", "textil", "textils", "tessitura"),
    "fashion": ("fashion", "moda", "apparel", "abbigliamento", "clothing", "garment", "garments"),
    "wool": ("wool", "lana"),
    "chemical": ("chemical", "chemicals", "chemistry", "chimico", "chimica", "chimici", "chimiche"),
    "pharmaceutical": ("pharmaceutical", "pharmaceuticals", "pharma", "farmaceutico", "farmaceutica", "farmaceutici"),
    "logistics": ("logistics", "logistica", "logistico"),
    "waste and recycling": ("waste", "recycling", "rifiuti", "riciclaggio", "riciclo"),
    "metallurgy": ("metallurgy", "metallurgical", "metal", "metals", "metallurgico", "metallurgia", "automotive"),
    "paper": ("paper", "cartario", "cartaria", "carta"),
    "construction": ("construction", "building", "costruzioni", "edilizia"),
    "mobility": ("mobility", "mobilita"),
    "manufacturing": ("manufacturing", "manifatturiero", "manifatturiera", "manifattura"),
    "leather": ("leather", "tanning", "tannery", "tanneries", "conciario", "conceria", "concerie", "concia", "pelle", "pelli"),
    "footwear": ("footwear", "shoes", "shoe", "calzaturiero", "calzature", "calzaturiera", "calzaturieri", "scarpe"),
}

# Italian names of the canonical sectors, for answers in Italian.
SECTOR_IT = {"textile": "tessile", "fashion": "moda", "wool": "lana", "chemical": "chimico", "pharmaceutical": "farmaceutico",
             "logistics": "logistica", "waste and recycling": "rifiuti e riciclaggio", "metallurgy": "metallurgico",
             "paper": "cartario", "construction": "costruzioni", "mobility": "mobilità", "manufacturing": "manifatturiero",
             "leather": "conciario", "footwear": "calzaturiero"}

# Sector families: English label, Italian label, names in questions, member sectors. Every sector is in one family.
SECTOR_FAMILIES: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    ("textile, fashion, leather and footwear", "tessile, moda, pelle e calzature",
     ("fashion system", "sistema moda", "textile and fashion", "tessile e moda", "tessile moda", "moda e tessile",
      "textile fashion", "tessile abbigliamento", "tcl", "textile clothing leather", "fashion industry",
      "settore moda", "filiera moda", "filiera tessile", "textile related", "tessile in senso lato"),
     ("textile", "fashion", "wool", "leather", "footwear")),
    ("chemical and pharmaceutical", "chimico-farmaceutico",
     ("chemical pharmaceutical", "chimico farmaceutico", "chemical and pharmaceutical", "chimica e farmaceutica",
      "chemicals and pharma", "life sciences"),
     ("chemical", "pharmaceutical")),
    ("metal, paper and manufacturing", "metalmeccanico, cartario e manifatturiero",
     ("heavy industry", "industria pesante", "metalmeccanico", "metalworking", "engineering industry"),
     ("metallurgy", "paper", "manufacturing")),
    ("logistics, mobility and construction", "logistica, mobilità e costruzioni",
     ("transport and logistics", "trasporti e logistica", "infrastructure", "infrastrutture"),
     ("logistics", "mobility", "construction")),
    ("waste and recycling", "rifiuti e riciclaggio",
     ("circular economy", "economia circolare", "environmental services", "servizi ambientali"),
     ("waste and recycling",)),
]


def family_of(sector: str) -> str | None:
    """The English label of the family a canonical sector belongs to."""
    return next((label for label, _, _, members in SECTOR_FAMILIES if sector in members), None)
