"""Words for places and sectors, as data: countries, regions of Europe, sectors and sector families.

The country table names each country in English, Italian and local spellings, with the adjectives
questions use ("spagnoli", "Swedish"); ``country_mentions`` is its one matcher, used by ingest
(a card's location) and the assistant (questions, cards, quoted sentences). Then groups of
countries ("Nordic", "penisola iberica", "Benelux") and groups of sectors ("sistema moda" =
textile, fashion, wool, leather, footwear). Every name is written naturally, in Italian and
English; matching folds them (``imagine.text.words``). Countries are named by their English name.
"""

from __future__ import annotations

from imagine.text import find_phrases, phrase_index, unique, words

# The country table: English name -> its Italian name first, then the other names, local spellings and
# adjectives (both languages, all forms) that reports and questions use. The one table of countries: a
# card's country, a question's and a quoted sentence's are all read through it (``country_mentions``).
COUNTRIES: dict[str, tuple[str, ...]] = {
    "Austria": ("Austria", "österreich", "austrian", "austriaco", "austriaca", "austriaci", "austriache"),
    "Belgium": ("Belgio", "belgique", "belgië", "belgie", "belgian", "belga", "belgi", "belghe"),
    "Bulgaria": ("Bulgaria", "bulgarian", "bulgaro", "bulgara", "bulgari", "bulgare"),
    "Croatia": ("Croazia", "hrvatska", "croatian", "croato", "croata", "croati", "croate"),
    "Cyprus": ("Cipro",),
    "Czech Republic": ("Repubblica Ceca", "czechia", "cechia", "česko", "czech", "ceco", "ceca", "cechi", "ceche"),
    "Denmark": ("Danimarca", "danmark", "danish", "danese", "danesi"),
    "Estonia": ("Estonia", "eesti", "estonian", "estone", "estoni"),
    "Finland": ("Finlandia", "suomi", "finnish", "finlandese", "finlandesi"),
    "France": ("Francia", "french", "francese", "francesi"),
    "Germany": ("Germania", "deutschland", "allemagne", "german", "tedesco", "tedesca", "tedeschi", "tedesche"),
    "Greece": ("Grecia", "hellas", "greek", "greco", "greca", "greci", "greche"),
    "Hungary": ("Ungheria", "magyarország", "hungarian", "ungherese", "ungheresi"),
    "Iceland": ("Islanda", "ísland", "icelandic", "islandese", "islandesi"),
    "Ireland": ("Irlanda", "éire", "irish", "irlandese", "irlandesi"),
    "Italy": ("Italia", "italie", "italien", "italian", "italiano", "italiana", "italiani", "italiane"),
    "Latvia": ("Lettonia", "latvija", "latvian", "lettone", "lettoni"),
    "Liechtenstein": ("Liechtenstein",),
    "Lithuania": ("Lituania", "lietuva", "lithuanian", "lituano", "lituana", "lituani", "lituane"),
    "Luxembourg": ("Lussemburgo",),
    "Malta": ("Malta",),
    "Netherlands": ("Paesi Bassi", "olanda", "holland", "nederland", "the netherlands", "dutch", "olandese",
                    "olandesi"),
    "Norway": ("Norvegia", "norge", "norwegian", "norvegese", "norvegesi"),
    "Poland": ("Polonia", "polska", "polish", "polacco", "polacca", "polacchi", "polacche"),
    "Portugal": ("Portogallo", "portuguese", "portoghese", "portoghesi"),
    "Romania": ("Romania", "romanian", "rumeno", "rumena", "rumeni", "rumene", "romeno", "romena", "romeni", "romene"),
    "Slovakia": ("Slovacchia", "slovensko", "slovak", "slovacco", "slovacca", "slovacchi", "slovacche"),
    "Slovenia": ("Slovenia", "slovenian", "sloveno", "slovena", "sloveni", "slovene"),
    "Spain": ("Spagna", "españa", "spanish", "spagnolo", "spagnola", "spagnoli", "spagnole", "espana"),
    "Sweden": ("Svezia", "sverige", "swedish", "svedese", "svedesi"),
    "Switzerland": ("Svizzera", "schweiz", "suisse", "swiss", "svizzero", "svizzeri", "svizzere"),
    "Turkey": ("Turchia", "türkiye", "turkish", "turco", "turca", "turchi", "turche"),
    "United Kingdom": ("Regno Unito", "uk", "u.k.", "gran bretagna", "great britain", "inghilterra", "england",
                       "scozia", "scotland", "galles", "wales", "british", "britannico", "britannica", "britannici",
                       "britanniche", "britain", "u k", "english", "inglese", "inglesi"),
}
ITALIAN_COUNTRY = {name: names[0] for name, names in COUNTRIES.items()}
# Two-letter ISO codes, as partners type them in capitals ("cluster SE o DE con più di 2000 addetti?"); only when
# written in capitals, since folded they are words ("se", "de"). "IT" is left out: in this domain it is information
# technology as often as Italy.
COUNTRY_CODES = {"AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus",
                 "CZ": "Czech Republic", "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France",
                 "DE": "Germany", "GR": "Greece", "HU": "Hungary", "IE": "Ireland", "LV": "Latvia", "LT": "Lithuania",
                 "LU": "Luxembourg", "MT": "Malta", "NL": "Netherlands", "NO": "Norway", "PL": "Poland",
                 "PT": "Portugal", "RO": "Romania", "SK": "Slovakia", "SI": "Slovenia", "ES": "Spain", "SE": "Sweden",
                 "CH": "Switzerland", "TR": "Turkey", "UK": "United Kingdom", "GB": "United Kingdom"}

COUNTRY_ALIASES = phrase_index(COUNTRIES)


def country_mentions(text: str) -> list[str]:
    """The English name of every country a text mentions by name or adjective, in order, repeats kept
    ("Spagna", "Spain" and "spagnoli" are all Spain): the one country matcher."""
    return [s.value for s in find_phrases(words(text), COUNTRY_ALIASES)]


def find_countries(text: str) -> list[str]:
    """English names of the countries a text mentions, in order of first mention."""
    return unique(country_mentions(text))


def country_name(text: str | None) -> str | None:
    """The first country a name or phrase mentions ("Spagna" -> "Spain"); None if none."""
    found = country_mentions(text) if text else []
    return found[0] if found else None


def normalise_country(text: str) -> str | None:
    """The country a location names: the last one mentioned ("Lyon, Auvergne, France" -> "France"), or None."""
    found = country_mentions(text)
    return found[-1] if found else None


# Places inside a country that questions name in another language than the report: English name -> Italian
# name first, then local spellings and adjectives ("the Basque region" for the report's "Regione Basca").
PLACES: dict[str, tuple[str, ...]] = {
    "Basque Country": ("Paesi Baschi", "regione basca", "basque", "basques", "basco", "basca", "baschi", "basche",
                       "euskadi", "pais vasco", "país vasco", "vasco", "vasca"),
    "Catalonia": ("Catalogna", "catalunya", "cataluña", "catalan", "catalans", "catalano", "catalana", "catalani",
                  "catalane"),
    "Extremadura": ("Estremadura", "extremaduran", "estremegno"),
    "Bavaria": ("Baviera", "bayern", "bavarian", "bavarese", "bavaresi"),
    "Flanders": ("Fiandre", "vlaanderen", "flemish", "fiammingo", "fiamminga", "fiamminghi", "fiamminghe",
                 "west flanders", "fiandre occidentali", "west-vlaanderen"),
    "Transdanubia": ("Transdanubia", "transdanubian", "transdanubean", "transdanubiano", "transdanubiana"),
    "Lodz": ("Łódź", "lodz", "łódzkie", "lodzkie", "lodzki", "voivodato di lodz"),
    "Tuscany": ("Toscana", "tuscan", "toscano", "toscani", "toscane"),
    "Lombardy": ("Lombardia", "lombard", "lombardo", "lombarda", "lombardi", "lombarde"),
}


def name_groups() -> list[tuple[str, ...]]:
    """Every country and place with all its names: the same thing in other words (``assistant.guard.vocabulary_of``)."""
    return [(name, *aliases) for table in (COUNTRIES, PLACES) for name, aliases in table.items()]


# Regions: English label, Italian label, the names questions use (both languages), the member countries.
REGIONS: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    ("Nordic countries", "paesi nordici",
     ("nordic", "nordics", "nordic countries", "nordico", "nordica", "nordici", "nordiche", "paesi nordici",
      "northern europe", "north europe", "nord europa", "europa del nord", "europa settentrionale", "nordeuropa"),
     ("Denmark", "Sweden", "Norway", "Finland", "Iceland")),
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
    ("Southern Europe", "Europa meridionale",
     ("southern europe", "south europe", "southern european", "europa meridionale", "sud europa", "europa del sud",
      "sudeuropa"),
     ("Italy", "Spain", "Portugal", "Greece", "Malta", "Cyprus")),
    # not the same set: France borders the Mediterranean, Portugal does not
    ("Mediterranean countries", "paesi mediterranei",
     ("mediterranean", "mediterranean countries", "mediterraneo", "mediterranea", "mediterranei", "mediterranee",
      "paesi mediterranei"),
     ("Spain", "France", "Italy", "Malta", "Slovenia", "Croatia", "Greece", "Cyprus", "Turkey")),
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

# Sectors the report counts inside another: its four pilot districts, tanning and footwear among them, are the
# "4 distretti moda", and the fashion sector takes in "accessori e pelletteria". A filter on the outer sector holds them.
SECTOR_PARTS: dict[str, tuple[str, ...]] = {"fashion": ("leather", "footwear")}
# The sector the report gives its four pilot districts as a whole, whatever each one's own sector line: they are the
# "4 distretti 'moda'" of the Tuscan "sistema moda", the textile district of Prato among them ("i 6 distretti toscani
# della moda" are the four pilots, not the three whose lines read leather, footwear and clothing).
PILOT_SECTOR = "fashion"

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
