"""Card questions end to end on the real cards: routing, exact answers, "not reported", citations.

Most tests need no embedding model (the parser and the answers are pure functions of the
cards), so they run in milliseconds. Expected answers name clusters by card id
(``{industrial_cluster_gendorf}`` is that card's name), so a cleaned-up display name does
not break them while every other character of the answer is checked. The last tests ask
the real Assistant (shared index, extractive backend) to check the routing in place.
"""

from __future__ import annotations

import pytest

from assistant import cards
from assistant.cards import CardCatalog
from assistant.cards.compose import number
from assistant.language import detect_language
from ingest.cards import card_text
from ingest.index import assign_ids
from ingest.pipeline import card_chunk
from tests.assistant.cards.conftest import indexed_catalog


def names(catalog: CardCatalog) -> dict[str, str]:
    """{card id with underscores: card name}, to fill the expected answers."""
    return {c.id.replace("-", "_"): c.name for c in catalog.cards}


def history(turn: str | None) -> list[dict] | None:
    return [{"role": "user", "content": turn}, {"role": "assistant", "content": "…"}] if turn else None


def ask(catalog: CardCatalog, question: str, earlier: str | None = None):
    """The card answer, or None when the question goes to passages (no plan, or prefer_plan says no
    without passage evidence)."""
    reading = cards.read(question, catalog, history(earlier))
    if not cards.prefer_plan(reading, None):
        return None
    return cards.answer(reading.plan, catalog, detect_language(question))


def body(answer) -> str:
    """The answer without its first line (the plan as read)."""
    first, _, rest = answer.text.partition("\n")
    assert first.startswith(("Read as: ", "Letto come: ")), first
    return rest


# (question, earlier user turn or None, the exact answer). Paraphrases share their answer.
ANSWERS = [
    ('which clusters are in Spain', None,
     '3 clusters in Spain: {agrupacio_d_empreses_innovadores_textils} [1], {distretto_industriale_di_san_sebastian} [2] and {extremadura_textile_cluster} [3].'),
    ('Which Spanish clusters are there?', None,
     '3 clusters in Spain: {agrupacio_d_empreses_innovadores_textils} [1], {distretto_industriale_di_san_sebastian} [2] and {extremadura_textile_cluster} [3].'),
    ('quali cluster si trovano in Spagna?', None,
     '3 cluster in Spagna: {agrupacio_d_empreses_innovadores_textils} [1], {distretto_industriale_di_san_sebastian} [2] e {extremadura_textile_cluster} [3].'),
    ('Elenca i cluster spagnoli', None,
     '3 cluster in Spagna: {agrupacio_d_empreses_innovadores_textils} [1], {distretto_industriale_di_san_sebastian} [2] e {extremadura_textile_cluster} [3].'),
    ('which have more than 4,000 workers', None,
     '4 clusters with more than 4,000 workers: {lodzkie} (47,680) [1], {fedustria} (24,224) [2], {vreten} (5,000) [3] and {parc_industriel_plaine_de_l_ain} (4,500) [4]. Workers not reported for: {agrupacio_d_empreses_innovadores_textils} [5], {confederation_of_the_german_textile_and_fashion_industry} [6], {danish_fashion_institute} [7], {distretto_industriale_di_san_sebastian} [8], {extremadura_textile_cluster} [9], {norte} [10], {north_west_region_cluster} [11], {pannon_textile_cluster} [12], {west_flanders} [13] and the 4 IMAGINE pilot districts [14][15][16][17].'),
    ('Clusters with over 4000 employees', None,
     '4 clusters with more than 4,000 workers: {lodzkie} (47,680) [1], {fedustria} (24,224) [2], {vreten} (5,000) [3] and {parc_industriel_plaine_de_l_ain} (4,500) [4]. Workers not reported for: {agrupacio_d_empreses_innovadores_textils} [5], {confederation_of_the_german_textile_and_fashion_industry} [6], {danish_fashion_institute} [7], {distretto_industriale_di_san_sebastian} [8], {extremadura_textile_cluster} [9], {norte} [10], {north_west_region_cluster} [11], {pannon_textile_cluster} [12], {west_flanders} [13] and the 4 IMAGINE pilot districts [14][15][16][17].'),
    ('quali cluster hanno più di 50 imprese', None,
     '7 cluster con più di 50 imprese: {norte} (600) [1], {north_west_region_cluster} (450) [2], {fedustria} (circa 400) [3], {west_flanders} (circa 200) [4], {hackefors} (90) [5], {parc_industriel_plaine_de_l_ain} (90) [6] e {vreten} (80) [7]. Imprese: non riportato per {danish_fashion_institute} [8], {distretto_industriale_di_san_sebastian} [9], {lodzkie} [10] e i 4 distretti pilota IMAGINE [11][12][13][14].'),
    ('Elenca i cluster con oltre 50 aziende', None,
     '7 cluster con più di 50 imprese: {norte} (600) [1], {north_west_region_cluster} (450) [2], {fedustria} (circa 400) [3], {west_flanders} (circa 200) [4], {hackefors} (90) [5], {parc_industriel_plaine_de_l_ain} (90) [6] e {vreten} (80) [7]. Imprese: non riportato per {danish_fashion_institute} [8], {distretto_industriale_di_san_sebastian} [9], {lodzkie} [10] e i 4 distretti pilota IMAGINE [11][12][13][14].'),
    ('which cluster has the most enterprises', None,
     '{norte} (Portugal) [1] has the most enterprises: 600. Enterprises not reported for: {danish_fashion_institute} [2], {distretto_industriale_di_san_sebastian} [3], {lodzkie} [4] and the 4 IMAGINE pilot districts [5][6][7][8].'),
    ('Which cluster has the largest number of firms?', None,
     '{norte} (Portugal) [1] has the most enterprises: 600. Enterprises not reported for: {danish_fashion_institute} [2], {distretto_industriale_di_san_sebastian} [3], {lodzkie} [4] and the 4 IMAGINE pilot districts [5][6][7][8].'),
    ('Which cluster has the fewest firms?', None,
     '{confederation_of_the_german_textile_and_fashion_industry} (Germany) [1] has the fewest enterprises: 10. Enterprises not reported for: {danish_fashion_institute} [2], {distretto_industriale_di_san_sebastian} [3], {lodzkie} [4] and the 4 IMAGINE pilot districts [5][6][7][8].'),
    ('il cluster con meno addetti', None,
     '{hackefors} (Svezia) [1] ha il minor numero di addetti: 1.500. Addetti: non riportato per {agrupacio_d_empreses_innovadores_textils} [2], {confederation_of_the_german_textile_and_fashion_industry} [3], {danish_fashion_institute} [4], {distretto_industriale_di_san_sebastian} [5], {extremadura_textile_cluster} [6], {norte} [7], {north_west_region_cluster} [8], {pannon_textile_cluster} [9], {west_flanders} [10] e i 4 distretti pilota IMAGINE [11][12][13][14].'),
    ('Quale distretto ha il maggior numero di addetti?', None,
     '{lodzkie} (Polonia) [1] ha il maggior numero di addetti: 47.680. Addetti: non riportato per {agrupacio_d_empreses_innovadores_textils} [2], {confederation_of_the_german_textile_and_fashion_industry} [3], {danish_fashion_institute} [4], {distretto_industriale_di_san_sebastian} [5], {extremadura_textile_cluster} [6], {norte} [7], {north_west_region_cluster} [8], {pannon_textile_cluster} [9], {west_flanders} [10] e i 4 distretti pilota IMAGINE [11][12][13][14].'),
    ('how many clusters are in Sweden', None,
     'There are 2 clusters in Sweden: {hackefors} [1] and {vreten} [2].'),
    ('Quanti sono i cluster svedesi?', None,
     'Ci sono 2 cluster in Svezia: {hackefors} [1] e {vreten} [2].'),
    ('compare Hackefors and Vreten', None,
     '- {hackefors} [1] — country: Sweden; sector: construction, mobility; enterprises: 90; workers: 1,500.\n- {vreten} [2] — country: Sweden; sector: manufacturing; enterprises: 80; workers: 5,000.\nMost enterprises: {hackefors} (90); most workers: {vreten} (5,000).'),
    ("What's the difference between Hackefors and Vreten?", None,
     '- {hackefors} [1] — country: Sweden; sector: construction, mobility; enterprises: 90; workers: 1,500.\n- {vreten} [2] — country: Sweden; sector: manufacturing; enterprises: 80; workers: 5,000.\nMost enterprises: {hackefors} (90); most workers: {vreten} (5,000).'),
    ("confronta Gendorf e Plaine de l'Ain", None,
     '- {industrial_cluster_gendorf} [1] — paese: Germania; settore: Chimico; imprese: 20; addetti: 4.000.\n- {parc_industriel_plaine_de_l_ain} [2] — paese: Francia; settore: Logistica; Chimico - farmaceutico; Trattamento e riciclaggio dei rifiuti; imprese: 90; addetti: 4.500.\nPiù imprese: {parc_industriel_plaine_de_l_ain} (90); più addetti: {parc_industriel_plaine_de_l_ain} (4.500).'),
    ('how many workers does Pannon have', None,
     '{pannon_textile_cluster} [1] — workers: not reported in the document.'),
    ('Quanti addetti ha il Pannon Textile Cluster?', None,
     '{pannon_textile_cluster} [1] — addetti: non riportato nel documento.'),
    ('what is the website of Norte', None,
     '{norte} [1] — website: www.atp.pt/home.php.'),
    ('Qual è il sito internet di Norte?', None,
     '{norte} [1] — sito internet: www.atp.pt/home.php.'),
    ('What is the website of the Hackefors cluster?', None,
     '{hackefors} [1] — website: not reported in the document.'),
    ('which clusters have eco-innovation experiences', None,
     '14 clusters reporting eco-innovation experiences (10 from the report, 4 IMAGINE pilot districts): {danish_fashion_institute} [1], {distretto_calzaturiero_di_capannori_lucca} [2], {distretto_conciario_di_santa_croce_sull_arno} [3], {distretto_dell_abbigliamento_di_empoli} [4], {distretto_industriale_di_san_sebastian} [5], {distretto_tessile_di_prato} [6], {extremadura_textile_cluster} [7], {fedustria} [8], {hackefors} [9], {industrial_cluster_gendorf} [10], {norte} [11], {parc_industriel_plaine_de_l_ain} [12], {vreten} [13] and {west_flanders} [14]. Eco-innovation experiences not reported for: {agrupacio_d_empreses_innovadores_textils} [15], {confederation_of_the_german_textile_and_fashion_industry} [16], {lodzkie} [17], {north_west_region_cluster} [18] and {pannon_textile_cluster} [19].'),
    ('Quali cluster non hanno esperienze di eco-innovazione?', None,
     '5 cluster che non riportano esperienze di eco-innovazione: {agrupacio_d_empreses_innovadores_textils} [1], {confederation_of_the_german_textile_and_fashion_industry} [2], {lodzkie} [3], {north_west_region_cluster} [4] e {pannon_textile_cluster} [5].'),
    ('How many people work at Gendorf?', None,
     '{industrial_cluster_gendorf} [1] — workers: 4,000.'),
    ('Quanti addetti ha Lodzkie?', None,
     '{lodzkie} [1] — addetti: 47.680.'),
    ('How large is Gendorf?', None,
     '{industrial_cluster_gendorf} [1] — enterprises: 20; workers: 4,000.'),
    ('quante imprese ha il distretto di Prato?', None,
     '{distretto_tessile_di_prato} [1] — imprese: non riportato nel documento.'),
    ('Where is Hackefors located?', None,
     '{hackefors} [1] — location: Linkpöking, Svezia.'),
    ('dove si trova Hackefors', None,
     '{hackefors} [1] — localizzazione: Linkpöking, Svezia.'),
    ('In quale settore opera Fedustria?', None,
     '{fedustria} [1] — settore: Tessile; Lana.'),
    ('What sector is Gendorf in?', None,
     '{industrial_cluster_gendorf} [1] — sector: chemical.'),
    ('which clusters have at least 4.000 workers?', None,
     '5 clusters with at least 4,000 workers: {lodzkie} (47,680) [1], {fedustria} (24,224) [2], {vreten} (5,000) [3], {parc_industriel_plaine_de_l_ain} (4,500) [4] and {industrial_cluster_gendorf} (4,000) [5]. Workers not reported for: {agrupacio_d_empreses_innovadores_textils} [6], {confederation_of_the_german_textile_and_fashion_industry} [7], {danish_fashion_institute} [8], {distretto_industriale_di_san_sebastian} [9], {extremadura_textile_cluster} [10], {norte} [11], {north_west_region_cluster} [12], {pannon_textile_cluster} [13], {west_flanders} [14] and the 4 IMAGINE pilot districts [15][16][17][18].'),
    ('clusters with between 50 and 100 enterprises', None,
     '3 clusters with between 50 and 100 enterprises: {hackefors} (90) [1], {parc_industriel_plaine_de_l_ain} (90) [2] and {vreten} (80) [3]. Enterprises not reported for: {danish_fashion_institute} [4], {distretto_industriale_di_san_sebastian} [5], {lodzkie} [6] and the 4 IMAGINE pilot districts [7][8][9][10].'),
    ('Quali cluster hanno almeno 4000 addetti e si trovano in Svezia?', None,
     '1 cluster in Svezia con almeno 4.000 addetti: {vreten} (5.000) [1].'),
    ('quali cluster hanno tra 50 e 100 imprese?', None,
     '3 cluster con un numero di imprese tra 50 e 100: {hackefors} (90) [1], {parc_industriel_plaine_de_l_ain} (90) [2] e {vreten} (80) [3]. Imprese: non riportato per {danish_fashion_institute} [4], {distretto_industriale_di_san_sebastian} [5], {lodzkie} [6] e i 4 distretti pilota IMAGINE [7][8][9][10].'),
    ('Which clusters are in the leather sector?', None,
     '1 cluster in the leather sector: {distretto_conciario_di_santa_croce_sull_arno} (leather) [1].'),
    ('How many workers do the Swedish clusters have in total?', None,
     'Clusters in Sweden — total workers computed from the cards: 6,500 over 2 clusters ({hackefors} 1,500 [1] and {vreten} 5,000 [2]).'),
    ('quanti addetti in media hanno i cluster?', None,
     'Media addetti calcolata dalle schede: 14.484 su 6 cluster, cioè 86.904 / 6 ({fedustria} 24.224 [1], {hackefors} 1.500 [2], {industrial_cluster_gendorf} 4.000 [3], {lodzkie} 47.680 [4], {parc_industriel_plaine_de_l_ain} 4.500 [5] e {vreten} 5.000 [6]). Addetti: non riportato per {agrupacio_d_empreses_innovadores_textils} [7], {confederation_of_the_german_textile_and_fashion_industry} [8], {danish_fashion_institute} [9], {distretto_industriale_di_san_sebastian} [10], {extremadura_textile_cluster} [11], {norte} [12], {north_west_region_cluster} [13], {pannon_textile_cluster} [14], {west_flanders} [15] e i 4 distretti pilota IMAGINE [16][17][18][19].'),
    ('top 3 clusters by workers', None,
     'Top 3 by workers: {lodzkie} 47,680 [1], {fedustria} 24,224 [2] and {vreten} 5,000 [3].'),
    ('Rank the Swedish clusters by number of workers.', None,
     'Clusters by workers (most first) in Sweden: {vreten} 5,000 [1] and {hackefors} 1,500 [2].'),
    ('which clusters have more workers than Hackefors?', None,
     '5 clusters with more workers than {hackefors}: {lodzkie} (47,680) [1], {fedustria} (24,224) [2], {vreten} (5,000) [3], {parc_industriel_plaine_de_l_ain} (4,500) [4] and {industrial_cluster_gendorf} (4,000) [5]. Workers not reported for: {agrupacio_d_empreses_innovadores_textils} [6], {confederation_of_the_german_textile_and_fashion_industry} [7], {danish_fashion_institute} [8], {distretto_industriale_di_san_sebastian} [9], {extremadura_textile_cluster} [10], {norte} [11], {north_west_region_cluster} [12], {pannon_textile_cluster} [13], {west_flanders} [14] and the 4 IMAGINE pilot districts [15][16][17][18].'),
    ('Quali cluster hanno più addetti di Norte?', None,
     '{norte} [1] — addetti: non riportato nel documento; il confronto non è possibile.'),
    ('Hackefors ha più addetti di Vreten?', None,
     '- {hackefors} [1] — addetti: 1.500.\n- {vreten} [2] — addetti: 5.000.\nPiù addetti: {vreten} (5.000). Calcolato dalle schede: {vreten} ha 3.500 addetti in più di {hackefors} (3,33 volte).'),
    ('Which has more workers, Hackefors or Vreten?', None,
     'Of {hackefors} and {vreten}: {vreten} [1] has the most workers: 5,000 (the others: {hackefors} 1,500 [2]). Computed from the cards: {vreten} has 3,500 more workers than {hackefors} (3.33 times).'),
    ('which cluster in Belgium has the most workers?', None,
     'Among the clusters in Belgium: {fedustria} [1] has the most workers: 24,224. Workers not reported for: {west_flanders} [2].'),
    ('Quali cluster operano nel settore chimico?', None,
     '3 cluster del settore chimico: {distretto_industriale_di_san_sebastian} (metallurgico, chimico, cartario) [1], {industrial_cluster_gendorf} (chimico) [2] e {parc_industriel_plaine_de_l_ain} (logistica, chimico, farmaceutico, rifiuti e riciclaggio) [3].'),
    ('quali cluster tessili ci sono in Belgio?', None,
     '2 cluster in Belgio del settore tessile: {fedustria} [1] e {west_flanders} [2].'),
    ('Which clusters are not in Spain?', None,
     '16 clusters not in Spain (12 from the report, 4 IMAGINE pilot districts): {confederation_of_the_german_textile_and_fashion_industry} [1], {danish_fashion_institute} [2], {distretto_calzaturiero_di_capannori_lucca} [3], {distretto_conciario_di_santa_croce_sull_arno} [4], {distretto_dell_abbigliamento_di_empoli} [5], {distretto_tessile_di_prato} [6], {fedustria} [7], {hackefors} [8], {industrial_cluster_gendorf} [9], {lodzkie} [10], {norte} [11], {north_west_region_cluster} [12], {pannon_textile_cluster} [13], {parc_industriel_plaine_de_l_ain} [14], {vreten} [15] and {west_flanders} [16].'),
    ('Which clusters are in Poland or Hungary?', None,
     '2 clusters in Poland or Hungary: {lodzkie} [1] and {pannon_textile_cluster} [2].'),
    ('What is the total number of workers?', None,
     'Total workers computed from the cards: 86,904 over 6 clusters ({fedustria} 24,224 [1], {hackefors} 1,500 [2], {industrial_cluster_gendorf} 4,000 [3], {lodzkie} 47,680 [4], {parc_industriel_plaine_de_l_ain} 4,500 [5] and {vreten} 5,000 [6]). Workers not reported for: {agrupacio_d_empreses_innovadores_textils} [7], {confederation_of_the_german_textile_and_fashion_industry} [8], {danish_fashion_institute} [9], {distretto_industriale_di_san_sebastian} [10], {extremadura_textile_cluster} [11], {norte} [12], {north_west_region_cluster} [13], {pannon_textile_cluster} [14], {west_flanders} [15] and the 4 IMAGINE pilot districts [16][17][18][19].'),
    ('Which clusters have no website?', None,
     '7 clusters not reporting website (3 from the report, 4 IMAGINE pilot districts): {distretto_calzaturiero_di_capannori_lucca} [1], {distretto_conciario_di_santa_croce_sull_arno} [2], {distretto_dell_abbigliamento_di_empoli} [3], {distretto_industriale_di_san_sebastian} [4], {distretto_tessile_di_prato} [5], {hackefors} [6] and {vreten} [7].'),
    ('quali sono i distretti pilota?', None,
     '4 cluster tra i distretti pilota IMAGINE: {distretto_calzaturiero_di_capannori_lucca} [1], {distretto_conciario_di_santa_croce_sull_arno} [2], {distretto_dell_abbigliamento_di_empoli} [3] e {distretto_tessile_di_prato} [4].'),
    ('Which countries are represented?', None,
     '19 clusters in 11 countries — Belgium: {fedustria} [1] and {west_flanders} [2]; Denmark: {danish_fashion_institute} [3]; France: {parc_industriel_plaine_de_l_ain} [4]; Germany: {confederation_of_the_german_textile_and_fashion_industry} [5] and {industrial_cluster_gendorf} [6]; Hungary: {pannon_textile_cluster} [7]; Italy: {distretto_calzaturiero_di_capannori_lucca} [8], {distretto_conciario_di_santa_croce_sull_arno} [9], {distretto_dell_abbigliamento_di_empoli} [10] and {distretto_tessile_di_prato} [11]; Poland: {lodzkie} [12]; Portugal: {norte} [13]; Spain: {agrupacio_d_empreses_innovadores_textils} [14], {distretto_industriale_di_san_sebastian} [15] and {extremadura_textile_cluster} [16]; Sweden: {hackefors} [17] and {vreten} [18]; United Kingdom: {north_west_region_cluster} [19].'),
    ("Quanti addetti ha la Confederazione tedesca dell'industria tessile e della moda?", None,
     '{confederation_of_the_german_textile_and_fashion_industry} [1] — addetti: non riportato nel documento.'),
    ("Who manages the Parc Industriel Plaine de l'Ain?", None,
     "{parc_industriel_plaine_de_l_ain} [1] — coordinating body: Plaine de l'Ain Mixed Syndicate."),
    ('And how many firms?', 'Tell me about Gendorf.',
     '{industrial_cluster_gendorf} [1] — enterprises: 20.'),
    ('And Vreten?', 'How many workers does Hackefors have?',
     '{vreten} [1] — workers: 5,000.'),
    ('E in Svezia?', 'How many clusters are in Spain?',
     'Ci sono 2 cluster in Svezia: {hackefors} [1] e {vreten} [2].'),
    ('E quale dei due ha più addetti?', 'Quali cluster ci sono in Svezia?',
     'Tra i cluster in Svezia: {vreten} [1] ha il maggior numero di addetti: 5.000 (gli altri: {hackefors} 1.500 [2]). '
     'Calcolato dalle schede: {vreten} ha 3.500 addetti in più di {hackefors} (3,33 volte).'),
    ('What are their websites?', 'Which clusters are in Spain?',
     '3 clusters in Spain: {agrupacio_d_empreses_innovadores_textils} (www.textils.cat) [1], {distretto_industriale_di_san_sebastian} (not reported in the document) [2] and {extremadura_textile_cluster} (www.textilextremadura.com) [3].'),
    ('quali cluster non hanno più di 50 imprese', None,  # a negated threshold is read with its scope: at most 50
     '5 cluster con al massimo 50 imprese: {extremadura_textile_cluster} (30) [1], {agrupacio_d_empreses_innovadores_textils} (23) [2], {pannon_textile_cluster} (21) [3], {industrial_cluster_gendorf} (20) [4] e {confederation_of_the_german_textile_and_fashion_industry} (10) [5]. Imprese: non riportato per {danish_fashion_institute} [6], {distretto_industriale_di_san_sebastian} [7], {lodzkie} [8] e i 4 distretti pilota IMAGINE [9][10][11][12].'),
    # fields asked on their own besides a ratio of them are answered too
    ('Compare Norte and Gendorf: enterprises, workers and workers per enterprise.', None,
     '- {norte} [1] — workers per enterprise: not reported in the document; enterprises: 600; workers: not reported in the document.\n'
     '- {industrial_cluster_gendorf} [2] — workers per enterprise: 200; enterprises: 20; workers: 4,000.\nMost enterprises: Norte (600).'),
    ('Quanti addetti ha?', 'Parlami del cluster Fedustria.',
     '{fedustria} [1] — addetti: 24.224.'),
    # a set compared: its cards side by side on the usual fields, not their names alone
    ('compare the Belgian clusters', None,
     '2 clusters in Belgium: {fedustria} (Belgium; textile, wool; about 400; 24,224) [1] and {west_flanders} (Belgium; textile; about 200; not reported in the document) [2].'),
]


@pytest.mark.parametrize("question, earlier, expected", ANSWERS, ids=[q for q, _, _ in ANSWERS])
def test_exact_answers(catalog, question, earlier, expected):
    answer = ask(catalog, question, earlier)
    assert answer is not None, "routed to passages"
    assert body(answer) == expected.format(**names(catalog))
    assert (answer.route, answer.backend, answer.language) == ("cards", "cards", detect_language(question))
    markers = [int(n) for n in __import__("re").findall(r"\[(\d+)\]", answer.text)]
    assert sorted(set(markers)) == list(range(1, len(answer.citations) + 1))  # every citation used, none invented


PASSAGE_QUESTIONS = [
    "What did Gendorf do to reduce pollution?",
    "Come ha fatto Gendorf a ridurre l'inquinamento?",
    "Tell me about Gendorf.",
    "Parlami di Hackefors",
    "Gendorf",
    "What is the Hackefors model?",
    "How does the Hackefors model help small firms set up an environmental management system?",
    "What eco-innovation experiences does Gendorf have?",  # prose the card holds: passages quote it
    "What are the constitutive aspects of Vreten?",
    "Who coordinates Gendorf?",  # the card names no coordinator: its "not reported", then the passages (service)
    "What is EMAS?",
    "Which clusters use EMAS?",
    "What is the cluster approach?",
    "Quali sono i criteri di selezione dei cluster?",
    "Quanti cluster del comparto fashion ci sono in Europa?",  # the report's European count, not the cards
    "How many clusters did the European analysis identify, and in how many regions?",
    "Quante imprese hanno implementato soluzioni con SUSPRO?",
    "How many companies took part in the first Hackefors network?",
    "Quanto è grande la superficie del distretto di Gendorf?",
    "What is the main environmental problem in the textile region of northern Portugal?",
    "Which organisations represent the textile sector in the Norte cluster?",
    "In quali altri paesi è stato replicato il modello Hackefors?",
    "Which clusters are more than 100 years old?",
    "Why does Hackefors have no website?",
    "Perché Norte non riporta il numero di addetti?",
    "Quanti addetti ha Gendorf e cosa fa il distretto di Prato?",  # half of it is a prose question
    "Who won the 2006 football World Cup?",
    "Quanti addetti ha il distretto tessile di Biella?",
]


def test_the_districts_the_project_involves_are_the_pilot_district_cards(catalog):
    """"involve" relates clusters to what they are part of (round 42): the pilot districts are cards, so the count is
    theirs, each cited (it was a passage question before "involve" was read)."""
    answer = ask(catalog, "How many districts does the IMAGINE project involve?")
    assert answer is not None and "4 clusters among the IMAGINE pilot districts" in answer.text and "Prato" in answer.text


@pytest.mark.parametrize("question", PASSAGE_QUESTIONS)
def test_passage_questions_are_not_card_questions(catalog, question):
    assert ask(catalog, question) is None


@pytest.mark.parametrize(
    "question, earlier",
    [
        ("And how many firms?", None),  # a follow-up with nothing to follow
        ("And Vreten?", "What did Gendorf do to reduce pollution?"),  # the earlier turn was a passage question
        ("How often did its firms meet?", "What is the Vreten cluster?"),  # no card field says how often
    ],
)
def test_follow_ups_without_a_card_context_go_to_passages(catalog, question, earlier):
    assert ask(catalog, question, earlier) is None


def test_a_founding_year_is_read_from_the_card_prose_with_its_sentence(catalog):
    # no card field dates a cluster: its prose does ("è stato costituito il 13 settembre 2005"), quoted with the year
    text = body(ask(catalog, "When was it founded?", "What is the Pannon Textile Cluster?"))
    assert text.startswith("Pannon Textile Cluster [1] — year founded: 2005: «Il Cluster tessile di Pannon è stato costituito il 13 settembre 2005"), text
    before = body(ask(catalog, "quali cluster sono stati fondati prima del 2000?"))
    assert before.startswith("2 cluster costituiti prima del 2000: Distretto Industriale di San Sebastian (1995: «"), before
    assert "Parc Industriel Plaine de l'Ain (1974: «Il Plaine de l'Ain Mixed Syndicate fu creato nel 1974.»)" in before
    assert "Pannon" not in before.split("non riportato")[0]
    # a card whose prose dates nothing leaves it to the passages (or to the gate), and a start is no founding ("NCE è
    # iniziato nel 2009")
    assert ask(catalog, "In what year was the Norte cluster founded?") is None
    assert ask(catalog, "When was the Danish Fashion Institute founded?") is None


def test_the_earliest_founding_is_a_ranking_of_the_years_the_prose_dates(catalog):
    """"Which cluster was founded first?", "il più antico", "quale è nato prima?": the earliest year a card's prose dates
    (Plaine de l'Ain's syndicate, 1974), said as a date, not as "the fewest year founded"; a card dating two bodies
    counts by the earlier (Extremadura: association 2001, cluster 2006), both quoted. Read before as a list of every
    card's year, or not at all."""
    text = body(ask(catalog, "Which cluster was founded first?"))
    assert text.startswith("Parc Industriel Plaine de l'Ain (France) [1] was founded first: 1974: «"), text
    # which founding is meant decides the order (Extremadura's association 2001, its cluster 2006; Pannon 2005): the
    # passages show both years
    assert ask(catalog, "tra Pannon ed Extremadura quale e stato fondato prima?") is None
    text = body(ask(catalog, "tra Pannon e Plaine de l'Ain quale e stato fondato prima?"))
    assert text.startswith("Tra Pannon Textile Cluster e Parc Industriel Plaine de l'Ain: Parc Industriel Plaine de "
                           "l'Ain [1] è stato costituito per primo: 1974: «"), text
    assert body(ask(catalog, "Which cluster in Spain is the oldest?")).startswith(
        "Among the clusters in Spain: Distretto Industriale di San Sebastian [1] was founded first: 1995")
    # an ordinal beside a founding verb ranks nothing ("what tools were created there, and … in the third year?")
    assert ask(catalog, "What two operational tools were created there, and what happens with the second one in the "
                        "third year?") is None
    # "before 2000" stays a date filter
    assert body(ask(catalog, "quali cluster sono stati fondati prima del 2000?")).startswith("2 cluster costituiti prima")


@pytest.mark.parametrize("question", ["which is the most recent cluster?", "qual e il piu innovativo tra i cluster?"])
def test_a_superlative_of_a_quality_no_field_holds_is_no_ranking_of_sizes(catalog, question):
    """"the most recent", "il più innovativo": no card field holds that quality; read as the most enterprises and
    workers before (a superlative naming no field ranks the sizes)."""
    assert ask(catalog, question) is None


def test_not_reported_is_never_a_number(catalog):
    """Every lookup of every numeric field of every card: the value, or "not reported" (the pilots have none)."""
    for card in catalog.cards:
        for f, word in (("enterprises", "enterprises"), ("workers", "workers")):
            answer = ask(catalog, f"How many {word} does {card.name} have?")
            assert answer is not None and answer.citations[0].metadata["card_id"] == card.id
            value = getattr(card, f)
            if value is None:
                assert "not reported in the document" in answer.text
            else:
                assert number(value, "en") in answer.text and "not reported" not in answer.text
    pilots = [c for c in catalog.cards if c.kind == "pilot_district"]
    assert len(pilots) == 4 and all(c.enterprises is None and c.workers is None for c in pilots)


def test_citations_are_the_card_chunks_of_the_index(catalog):
    answer = ask(catalog, "compare Hackefors and Vreten")
    cited = [catalog.get(catalog.find_clusters(n)[0]) for n in ("Hackefors", "Vreten")]
    for passage, card in zip(answer.citations, cited, strict=True):
        chunk = card_chunk(card)
        ((pid, _, stored),) = assign_ids([chunk])  # id and metadata as the index stores this chunk
        assert passage.text == card_text(card) == chunk.text
        assert passage.metadata == stored and stored.items() >= chunk.metadata.items()
        assert passage.id == pid
        assert any("Workers:" in h and str(card.workers) in h for h in passage.highlights)
        assert any("Enterprises:" in h for h in passage.highlights)
        assert all(h in passage.text.splitlines() for h in passage.highlights)


def test_highlights_are_the_lines_used(catalog):
    answer = ask(catalog, "Quali cluster si trovano in Spagna?")
    for passage in answer.citations:
        assert [h.split(":")[0] for h in passage.highlights] == ["Nome del cluster / Cluster name", "Paese / Country"]
        assert "Spain" in passage.highlights[1]


def test_table_rows_for_export(catalog):
    answer = ask(catalog, "which have more than 4,000 workers")
    # the rows are the answer's clusters, cited first; the cards cited after them say the field is not reported
    assert [r["name"] for r in answer.table] == [p.metadata["cluster"] for p in answer.citations][:len(answer.table)]
    assert all(r["workers"] > 4000 for r in answer.table)
    assert set(answer.table[0]) >= {"name", "country", "sector", "enterprises", "workers", "website"}
    norte = ask(catalog, "how many workers does Norte have").table[0]
    assert norte["workers"] is None and norte["enterprises"] == 600 and norte["country"] == "Portugal"


def test_numbers_are_written_as_in_each_language():
    assert (number(4000, "it"), number(4000, "en"), number(24224, "it"), number(90, "en")) == ("4.000", "4,000", "24.224", "90")


@pytest.mark.parametrize("question", ["which have more than 4,000 workers", "which have more than 4.000 workers",
                                      "which have more than 4000 workers", "which have over 4 000 workers"])
def test_any_number_notation(catalog, question):
    plan = cards.read(question, catalog).plan
    assert [(t.measure, t.op, t.value) for t in plan.tests()] == [("workers", ">", 4000)]


def test_a_new_card_is_found_without_code_changes(catalog):
    """Matching and answers come from the cards: a card added to the corpus is answerable by its name."""
    from imagine.cards import ClusterCard, Provenance

    extra = ClusterCard(id="distretto-serico-di-como", name="Distretto serico di Como", sector="Seta", country="Italy",
                        location="Como (Lombardia)", enterprises=1200, enterprises_text="circa 1.200",
                        source=Provenance(document="x"))
    bigger = indexed_catalog([*catalog.cards, extra])
    answer = ask(bigger, "Quante imprese ha il distretto di Como?")
    assert body(answer) == "Distretto serico di Como [1] — imprese: circa 1.200."
    assert body(ask(bigger, "which cluster has the most enterprises")).startswith("Distretto serico di Como (Italy) [1] has the most")


# --- routing inside the real Assistant (shared index, extractive backend) -----------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, fact",
    [("How many workers does Gendorf have?", "4,000"), ("Quali cluster si trovano in Svezia?", "Vreten"),
     ("Compare Hackefors and Vreten", "5,000"), ("Quanti addetti ha il Pannon Textile Cluster?", "non riportato")],
)
def test_assistant_routes_card_questions(assistant, question, fact):
    answer = assistant.ask(question)
    assert answer.route == "cards" and answer.backend == "cards" and fact in answer.text and answer.citations
    assert answer.text.startswith(("Read as: ", "Letto come: "))
    stored = assistant._store.get(ids=[p.id for p in answer.citations])["ids"]
    assert sorted(stored) == sorted(p.id for p in answer.citations)  # the cited card chunks are in the index


@pytest.mark.slow
def test_assistant_follow_up_and_fallback(assistant):
    turns = [{"role": "user", "content": "Tell me about Gendorf."}, {"role": "assistant", "content": "…"}]
    answer = assistant.ask("And how many firms?", history=turns)
    assert answer.route == "cards" and "20" in answer.text
    assert assistant.ask("What did Gendorf do to reduce pollution?").route != "cards"
    fallback = assistant.ask("Which clusters are more than 100 years old?")  # a plan that does not validate
    assert fallback.route != "cards" and "Could not answer from the cluster cards" in fallback.notice
