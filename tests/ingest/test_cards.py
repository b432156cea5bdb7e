"""Cluster cards: every field of the 19 cards against the report, the YAML files, bad cards, a new report.

The expected values below were written by reading the report, not by running the parser.
Long text fields are checked by their first and last words and by being, whitespace aside,
a literal piece of the report (so nothing is invented, dropped in the middle or reordered).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ingest.cards import (
    ClusterCard,
    card_text,
    card_yaml,
    extract_cards,
    load_cards,
    parse_cards,
    parse_count,
    read_card,
    write_card,
)
from ingest.load import Document, load_document
from tests.ingest.test_split import all_card_spans

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
DOCS = CORPUS / "documents"
CLUSTERS = CORPUS / "clusters"
REPORT_NAME = "imagine-selezione-cluster.txt"
NOT_REPORTED = "non riportato / not reported"


def squash(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


# name: (sector, sectors, country, location, enterprises, enterprises_text, workers, workers_text, website,
#        coordinating_body, evidence of the body in the card's report text,
#        constitutive (first words, last words), eco innovation (first words, last words) or "" when none)
REPORT_CARDS = {
    'North West region "cluster"': (
        "Tessile", ["Tessile"], "United Kingdom", "Bolton, Nord Ovest UK", 450, "450", None, "-",
        "www.nwtexnet.co.uk", "NWTexnet", "NWTexnet",
        ("Il cluster tessile della regione Nord ovest del Regno Unito è coordinato", "soluzioni innovative gestionali e tecnologiche."),
        "",
    ),
    "West Flanders": (
        "Tessile", ["Tessile"], "Belgium", "Belgio", 200,
        "Circa 200 membri tra costruttori, progettisti, grossisti eagenzie attiva nel settore della moda belga e "
        "ready-to-moda e tessile casa. La maggioranza dei membri sono PMI.",
        None, "-", "www.belgianfashion.be", "Creamoda", "Creamoda",
        ("E’ presente un soggetto “Creamoda”che coordina l’area", "eco-strategie innovative per l'industria."),
        ('MOTIV costituisce una "piattaforma di supporto"', "l’utilizzo da parte del consumatore."),
    ),
    "Fedustria": (
        "Tessile e lana", ["Tessile", "Lana"], "Belgium", "Belgio", 400,
        "Fedustria conta circa 400 imprese che rappresentano l'85% del valore economico del settore tessile belga.",
        24224, "24.224 addetti", "www.fedustria.be", "Fedustria", "Fedustria rappresenta il settore tessile",
        ("Fedustria rappresenta il settore tessile del Belgio.", "utilizzando rifiuti provenienti da vecchi tappeti."),
        ("L’obiettivo del progetto SUSPRO³, SUStainable PROducts", "impatto ambientale di un numero selezionato di prodotti."),
    ),
    "Łódzkie": (
        "Tessile", ["Tessile"], "Poland", "Polonia, la regione di Łódzkie è specializzata nel settore tessile da oltre 150 anni.",
        None, "-", 47680, "47.680", "www.przemyslmody.pl", "PIOT Foundation of Fashion Industry", "si chiama PIOT Foundation of Fashion Industry",
        ("Il cluster è dotato di una struttura centrale che coordina", "il miglioramento delle performance ambientali delle imprese."),
        "",
    ),
    "Danish Fashion Institute": (
        "Fashion", ["Fashion"], "Denmark", "Danimarca", None, "-", None, "-",
        "http://www.danishfashioninstitute.dk/", "Danish Fashion Institute", "Danish Fashion Institute è un network di imprese",
        ("Danish Fashion Institute è un network di imprese", "i livelli di esportazione delle imprese del network."),
        ("NICE è un'iniziativa ambiziosa di partnership tra paesi nordici", "sui cambiamenti climatici delle Nazioni Unite ."),
    ),
    "Confederation of the German Textile and Fashion Industry": (
        "Fashion", ["Fashion"], "Germany", "Germania", 10, "10", None, "-", "www.textil-mode.de",
        "Confederation of the German Textile and Fashion Industry", "La Confederazione del settore tessile tedesco",
        ("La Confederazione del settore tessile tedesco e industria della moda", "appartenenti al settore tessile e fashion."),
        "",
    ),
    "Pannon Textile Cluster": (
        "fashion", ["Fashion"], "Hungary", "Ungheria", 21, "21", None, "", "www.pantexcluster.com", None, None,
        ("Il Cluster tessile di Pannon è stato costituito il 13 settembre 2005", "al fine di migliorare la propria attività."),
        "",
    ),
    "Extremadura Textile cluster": (
        "Textile-fashion", ["Textile-fashion"], "Spain", "Estremadura, Spagna", 30, "30", None, "",
        "www.textilextremadura.com", "Agrupacion Moda Extremadura (Fashion Association Estremadura)",
        "sotto il coordinamento della Fashion Association Estremadura",
        ("L’associazione Agrupacion Moda Extremadura è nata nel 2001", "coprendo così quasi l'intera filiera."),
        ("E’stato creato un marchio ambientale “Se’ Natural”", "dei prodotti realizzati nel cluster."),
    ),
    "Agrupació d’Empreses Innovadores Tèxtils": (
        "Textile-fashion", ["Textile-fashion"], "Spain", "Spagna", 23, "23 enterprises / 7 Foundations", None, "-",
        "www.textils.cat", "Agrupació d’Empreses Innovadores Tèxtils", "è un’associazione no profit",
        ("The Textile Innovative Business Grouping (Agrupació d’Empreses Innovadores Tèxtils)", "che vogliono investire in innovazione."),
        "",
    ),
    "Norte": (
        "Tessile", ["Tessile"], "Portugal", "Portogallo", 600, "600", None, "-", "www.atp.pt/home.php",
        "ATP – Textile and Apparel Association of Portugal", "Textile and Apparel Association of Portugal",
        ("· Nel cluster di Norte ci sono 4 organizzazioni che rappresentano il settore tessile", "Footwear Manufacturers, Accessories & Leather Goods"),
        ("Il problema principale ambientali nella regione del nord del Portogallo", "una gestione della risorsa idrica più efficace ed efficiente."),
    ),
    "Hackefors": (
        "Costruzioni, mobilità", ["Costruzioni", "Mobilità"], "Sweden", "Linkpöking, Svezia", 90, "90", 1500, "1.500", None,
        "Comitato di Coordinamento del Gruppo SGA (EMS Group), supportato da Altea AB", "Altea AB",
        ("Il territorio di riferimento è il distretto Hackefors", "conosciuto come “Hackefors model”."),
        ("Il modello mira al fornire il supporto alle aziende partecipanti", "come la ISO9001 e l’OHSAS 18001."),
    ),
    "Distretto Industriale di San Sebastian": (
        "I settori produttivi presenti nel cluster sono: Il settore metallurgico (produzione primaria e automotive); "
        "Il settore chimico (prodotti per l’agricoltura); Il settore cartario (produzione da materia prima, recupero e lavorazione).",
        [
            "Il settore metallurgico (produzione primaria e automotive)",
            "Il settore chimico (prodotti per l’agricoltura)",
            "Il settore cartario (produzione da materia prima, recupero e lavorazione)",
        ],
        "Spain", "Paesi Baschi, Spagna", None, "-", None, "-", None,
        "ACLIMA (Asociacion cluster de industrias de medio ambiente), istituita dal Governo Basco",
        "dal Governo Basco viene istituita nel 1995 la Asociacion cluster de industrias de medio ambiente, ACLIMA",
        ("L’area del Distretto industriale di San Sebastian ha un’estensione di 7.234 kmq", "2 delle 3 Province della Regione Basca."),
        ("La Regione Basca, ha avuto un ruolo centrale", "una procedura di omologazione dei consulenti locali."),
    ),
    "Industrial Cluster Gendorf": (
        "Chimico", ["Chimico"], "Germany", "Bavaria’s Chemical Triangle-Germania", 20, "20", 4000, "4.000",
        "www.invest-in-bavaria.de/", None, None,
        ("Il distretto di Gendorf fa parte del Bavaria’s Chemical Triangle", "sviluppo dell’industria chimica della regione."),
        ("Dall’analisi dell’approccio implementato nel distretto di Gendorf", "inquinamento atmosferico rispetto al 1979."),
    ),
    "Parc Industriel Plaine de l'Ain": (
        "Logistica; Chimico - farmaceutico; Trattamento e riciclaggio dei rifiuti",
        ["Logistica", "Chimico - farmaceutico", "Trattamento e riciclaggio dei rifiuti"],
        "France", "Francia", 90, "90", 4500, "4.500", "www.plainedelain.fr/",
        "Plaine de l'Ain Mixed Syndicate", "L’area è gestita dal “Plaine de l'Ain Mixed Syndicate”",
        ("Il Plaine de l'Ain Mixed Syndicate fu creato nel 1974.", "di coordinare i servizi comuni e della gestione degli spazi."),
        ("Nel Parco sono state realizzate numerose iniziative di eco innovazione", "in maniera completamente integrata alle altre tematiche."),
    ),
    "Vreten": (
        "Vari settori del comparto manifatturiero", ["Vari settori del comparto manifatturiero"], "Sweden", "Svezia",
        80, "80", 5000, "5.000", None, "Città di Solna (City of Solna)", "Il proprietario dell’area è la città di Solna",
        ("Il proprietario dell’area è la città di Solna", "l’occasione per confrontarsi e collaborare."),
        ("Le aziende all’interno del parco hanno costituito dei “circoli”", "· Diffusione della bioedilizia nei fabbricati industriali."),
    ),
}

# name: (sector, location, a phrase of the report that names the district)
PILOT_DISTRICTS = {
    "Distretto tessile di Prato": ("Tessile", "Prato (Toscana)", "Distretto tessile di Prato"),
    "Distretto dell'abbigliamento di Empoli": ("Abbigliamento", "Empoli (Toscana)", "distretto dell’abbigliamento di Empoli"),
    "Distretto conciario di Santa Croce sull'Arno": ("Conciario", "Santa Croce s/Arno (Toscana)", "conciario di Santa Croce s/Arno"),
    "Distretto calzaturiero di Capannori (Lucca)": ("Calzaturiero", "Capannori, Lucca (Toscana)", "calzaturiero di Capannori"),
}
IDS = {
    'North West region "cluster"': "north-west-region-cluster",
    "Łódzkie": "lodzkie",
    "Agrupació d’Empreses Innovadores Tèxtils": "agrupacio-d-empreses-innovadores-textils",
    "Parc Industriel Plaine de l'Ain": "parc-industriel-plaine-de-l-ain",
    "Distretto calzaturiero di Capannori (Lucca)": "distretto-calzaturiero-di-capannori-lucca",
}
PARSED_FIELDS = set(ClusterCard.model_fields) - {"coordinating_body"}


@pytest.fixture(scope="module")
def report() -> Document:
    return load_document(DOCS / REPORT_NAME, DOCS)


@pytest.fixture(scope="module")
def parsed(report):
    return parse_cards(report.text, report.name, report.sections)


@pytest.fixture(scope="module")
def cards() -> dict[str, ClusterCard]:
    loaded, errors = load_cards(CLUSTERS)
    assert errors == []
    return {c.name: c for c in loaded}


def _check_long(value: str, expected, report_text: str) -> None:
    if not expected:
        assert value == ""
        return
    first, last = expected
    assert value.startswith(first) and value.endswith(last)
    assert squash(value) in squash(report_text)


def test_the_corpus_has_19_cards(cards):
    assert len(cards) == 19
    assert set(cards) == set(REPORT_CARDS) | set(PILOT_DISTRICTS)
    for name, card_id in IDS.items():
        assert cards[name].id == card_id


@pytest.mark.parametrize("name", list(REPORT_CARDS))
def test_report_card_fields(name, cards, parsed, report):
    (sector, sectors, country, location, enterprises, enterprises_text, workers, workers_text, website,
     body, body_evidence, constitutive, eco) = REPORT_CARDS[name]
    card = cards[name]
    span = next(p for p in parsed if p.card.name == name)
    card_report_text = report.text[span.start : span.end]
    assert card.kind == "report_card"
    assert (card.sector, card.sectors, card.country, card.location) == (sector, sectors, country, location)
    assert (card.enterprises, card.enterprises_text) == (enterprises, enterprises_text)
    assert (card.workers, card.workers_text) == (workers, workers_text)
    assert card.website == website
    assert card.coordinating_body == body
    if body_evidence:
        assert squash(body_evidence) in squash(card_report_text)
    _check_long(card.constitutive_aspects, constitutive, card_report_text)
    _check_long(card.eco_innovation, eco, card_report_text)
    assert card.source.document == REPORT_NAME
    assert card.source.section == f"Lista dei cluster › {name}"
    assert squash(name.rstrip(".")) in squash(card_report_text.split("\n", 2)[1])


@pytest.mark.parametrize("name", list(PILOT_DISTRICTS))
def test_pilot_district_fields(name, cards, report):
    sector, location, phrase = PILOT_DISTRICTS[name]
    card = cards[name]
    intro = next(s for s in report.sections if s.title == "Introduzione")
    assert card.kind == "pilot_district" and card.country == "Italy"
    assert (card.sector, card.sectors, card.location) == (sector, [sector], location)
    assert phrase in report.text
    # the report gives no figures, site or coordinating body for the pilot districts
    assert (card.enterprises, card.enterprises_text, card.workers, card.workers_text) == (None, "", None, "")
    assert card.website is None and card.coordinating_body is None
    assert card.source.document == REPORT_NAME and card.source.section == "Introduzione"
    lines = card.constitutive_aspects.split("\n") + card.eco_innovation.split("\n")
    assert len(lines) == 4
    assert all(line and line in intro.text for line in lines), "only the report's own sentences"


def test_parser_output_equals_the_yaml_files(parsed, cards):
    assert [p.card.name for p in parsed] == list(REPORT_CARDS)
    for p in parsed:
        on_disk = cards[p.card.name]
        assert p.card.coordinating_body is None, "the parser never invents a coordinating body"
        assert p.card.model_dump(include=PARSED_FIELDS) == on_disk.model_dump(include=PARSED_FIELDS)


def test_card_spans_run_from_name_label_to_next_card(parsed, report):
    spans = all_card_spans(report)
    assert [(p.start, p.end) for p in parsed] == [(s.start, s.end) for s in spans]


def test_card_text_is_bilingual_and_complete(cards):
    for card in cards.values():
        text = card_text(card)
        first = text.split("\n", 1)[0]
        assert first == f"Cluster: {card.name} ({card.country})"
        for label in ("Settore / Sector:", "Numero di imprese / Enterprises:", "Numero di addetti / Workers:",
                      "Sito internet / Website:", "Soggetto coordinatore / Coordinating body:", "Paese / Country:"):
            assert label in text
        for value in (card.sector, card.location, card.website, card.coordinating_body, card.enterprises_text,
                      card.workers_text, card.constitutive_aspects, card.eco_innovation):
            if value and value != "-":
                assert value in text
    fedustria = card_text(cards["Fedustria"])
    assert "Numero di addetti / Workers: 24224" in fedustria and "24.224 addetti" in fedustria
    assert "Paese / Country: Belgium (Belgio)" in fedustria
    assert "Numero di imprese / Enterprises: 450\n" in card_text(cards['North West region "cluster"'])
    assert f"Numero di addetti / Workers: {NOT_REPORTED}\n" in card_text(cards["Norte"])
    assert f"Sito internet / Website: {NOT_REPORTED}" in card_text(cards["Hackefors"])


@pytest.mark.parametrize(
    "wording, number",
    [("450", 450), ("1.500", 1500), ("24.224 addetti", 24224), ("Circa 200 membri tra costruttori", 200),
     ("Fedustria conta circa 400 imprese che rappresentano l'85% del valore", 400), ("23 enterprises / 7 Foundations", 23),
     ("about 1,200 employees", 1200), ("rappresentano l'85%", None), ("-", None), ("", None), ("non noto", None)],
)
def test_parse_count(wording, number):
    assert parse_count(wording) == number


def test_yaml_round_trip(cards, tmp_path):
    for card in cards.values():
        again = ClusterCard.model_validate(yaml.safe_load(card_yaml(card)))
        assert again == card
        write_card(card, tmp_path / f"{card.id}.yaml")
        assert read_card(tmp_path / f"{card.id}.yaml") == card
    assert not list(tmp_path.glob(".*tmp")), "no temporary file left behind"
    text = (tmp_path / "hackefors.yaml").read_text(encoding="utf-8")
    assert "Linkpöking" in text and "eco_innovation: |" in text  # unicode as is, text as a block
    keys = [line.split(":")[0] for line in text.splitlines() if re.match(r"^[a-z_]+:", line)]
    assert keys == list(ClusterCard.model_fields)


def _valid(card_id: str = "demo", **changes) -> dict:
    data = {"id": card_id, "name": "Demo cluster", "country": "Belgio", "enterprises": 12, "enterprises_text": "12",
            "source": {"document": "demo.txt", "section": "Schede"}}
    data.update(changes)
    return data


def test_invalid_cards_are_reported_with_reasons(tmp_path):
    def put(name: str, content) -> None:
        text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True)
        (tmp_path / name).write_text(text, encoding="utf-8")

    put("demo.yaml", _valid())
    put("bad-number.yaml", _valid("bad-number", enterprises="molte"))
    put("negative.yaml", _valid("negative", workers=-3))
    no_name = _valid("no-name")
    del no_name["name"]
    put("no-name.yaml", no_name)
    put("broken.yaml", "name: [unclosed\n")
    put("mismatch.yaml", _valid("another-id"))
    put("list.yaml", "- just\n- a list\n")
    put("extra.yaml", _valid("extra", employees=5))
    (tmp_path / "notes.txt").write_text("not a card")
    loaded, errors = load_cards(tmp_path)
    assert [c.id for c in loaded] == ["demo"]
    assert loaded[0].country == "Belgium"  # a known country name is normalised on load too
    reasons = {e.path.name: e.reason for e in errors}
    assert set(reasons) == {"bad-number.yaml", "negative.yaml", "no-name.yaml", "broken.yaml", "mismatch.yaml",
                            "list.yaml", "extra.yaml"}
    assert "enterprises" in reasons["bad-number.yaml"] and "integer" in reasons["bad-number.yaml"]
    assert "workers" in reasons["negative.yaml"]
    assert "'name'" in reasons["no-name.yaml"] and "required" in reasons["no-name.yaml"].lower()
    assert reasons["broken.yaml"].startswith("invalid YAML")
    assert "another-id" in reasons["mismatch.yaml"] and "mismatch.yaml" in reasons["mismatch.yaml"]
    assert "mapping" in reasons["list.yaml"]
    assert "employees" in reasons["extra.yaml"]


def test_missing_clusters_dir_is_empty(tmp_path):
    assert load_cards(tmp_path / "nowhere") == ([], [])


NEW_REPORT = """Clusters for the 2030 screening.

Two new clusters were screened with the same card layout.

\tName of cluster
\tTwente Textile Valley

\tTechnical Information
\t

\tField
\tTextiles and composites

\tGeographical location
\tEnschede, the Netherlands

\tNumber of enterprises
\tAbout 120 member companies

\tNumber of employees
\t3,400

\tWeb site
\twww.twente-textile.example

\tConstitutive aspects of the cluster
\tThe cluster is run by the Twente Textile Foundation.

\tEco innovation experience
\tA shared water treatment plant serves the dyeing firms.


\tName of cluster
\tMoravian Shoe Network

\tTechnical Information
\t

\tField
\tFootwear

\tGeographical location
\tZlín, Czech Republic

\tNumber of enterprises
\t-

\tNumber of employees
\t

\tWeb site
\t-

\tConstitutive aspects of the cluster
\tSmall workshops that share a testing laboratory.

\tEco innovation experience
\tCommon environmental review done in 2029.




1 Source: screening notes, not part of any card.
"""


def test_a_new_report_in_the_same_layout_yields_new_cards(tmp_path):
    docs, clusters = tmp_path / "corpus" / "documents", tmp_path / "corpus" / "clusters"
    docs.mkdir(parents=True)
    (docs / "screening-2030.txt").write_text(NEW_REPORT, encoding="utf-8")
    written = extract_cards(docs / "screening-2030.txt", clusters)
    assert sorted(p.name for p in written) == ["moravian-shoe-network.yaml", "twente-textile-valley.yaml"]
    loaded, errors = load_cards(clusters)
    assert errors == []
    twente, moravia = sorted(loaded, key=lambda c: c.name, reverse=True)
    assert (twente.name, twente.sector, twente.sectors, twente.country, twente.location) == (
        "Twente Textile Valley", "Textiles and composites", ["Textiles", "Composites"], "Netherlands", "Enschede, the Netherlands")
    assert (twente.enterprises, twente.enterprises_text, twente.workers, twente.workers_text) == (120, "About 120 member companies", 3400, "3,400")
    assert twente.website == "www.twente-textile.example" and twente.coordinating_body is None
    assert twente.constitutive_aspects == "The cluster is run by the Twente Textile Foundation."
    assert twente.source.document == "screening-2030.txt" and twente.source.section.endswith("Twente Textile Valley")
    assert (moravia.country, moravia.enterprises, moravia.enterprises_text, moravia.workers, moravia.website) == (
        "Czech Republic", None, "-", None, None)
    assert moravia.eco_innovation == "Common environmental review done in 2029."  # the footnote is not the card's

    # existing files are kept unless asked; an overwrite keeps the hand-curated coordinating body
    path = clusters / "twente-textile-valley.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("coordinating_body: null", "coordinating_body: Twente Textile Foundation"))
    assert extract_cards(docs / "screening-2030.txt", clusters) == []
    assert len(extract_cards(docs / "screening-2030.txt", clusters, overwrite=True)) == 2
    assert read_card(path).coordinating_body == "Twente Textile Foundation"
    # files the loader does not read yield nothing
    (docs / "image.png").write_bytes(b"\x89PNG")
    assert extract_cards(docs / "image.png", clusters) == []
