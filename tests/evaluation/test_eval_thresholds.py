"""Answer quality over our question set, per backend, held to thresholds we measured.

The extractive backend answers the whole set (deterministic, ~1 min); the local LLM a
stratified subset chosen by id (slow). Thresholds sit a little below the values measured
on this machine (see the report in tests/artifacts/ and the README's evaluation section):
a drop below them is a regression. The report (Markdown, HTML, JSON) of each run is
written to tests/artifacts/ for reading after a failure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.dataset import DEFAULT_SET, load_questions, resolve_set, sample, select_split, stratified
from evaluation.report import write_report
from evaluation.runner import evaluate, machine
from imagine.settings import REPO_ROOT
from imagine.text import fold_typography

ARTIFACTS = REPO_ROOT / "tests" / "artifacts"

# Measured on 2 cores, CPU only (README "Evaluation"): extractive over 153 questions gave
# hit@1 0.916, hit@5 0.993, MRR 0.948, correct 0.928, citations valid 1.0, citation precision 1.0,
# grounded 0.964, refusals 1.0, not reported 0.90, language 1.0 (before the evidence units,
# dedupe and the sentence-level out-of-corpus gate: correct 0.843, refusals 0.967). Thresholds a little below.
# Round 25: the answer body quotes up to three units (BODY_CHARS 800), so a third cited passage that holds no key fact
# lowers citation precision: 0.960 -> 0.948 on this set, correct unchanged at 0.987 (held-out test +19 answers).
EXTRACTIVE = {
    "hit@1": 0.88, "hit@5": 0.97, "mrr": 0.92, "correct": 0.90, "citations_valid": 1.0, "citation_precision": 0.94,
    "grounded": 0.94, "refusal_ok": 0.97, "not_reported_ok": 0.85, "language_ok": 0.95,
}
# Local LLM (Qwen2.5-Coder-1.5B Q4) over the 18-question subset below (8 reach the passage
# route; the rest are card answers and refusals): hit@5 1.0, correct 0.889, citations valid 1.0,
# citation precision 1.0, grounded 0.929, refusals 1.0, language 1.0; all 8 passage answers came
# from the LLM (before cross-lingual attribution in cite.enforce: 5 of 8, correct 0.833).
LOCAL = {
    "hit@5": 0.9, "correct": 0.8, "citations_valid": 1.0, "citation_precision": 0.9, "grounded": 0.85,
    "refusal_ok": 0.9, "language_ok": 0.9,
}
# The held-out set's dev split (85 questions written apart, as users type; evaluation/heldout.jsonl),
# extractive, measured 2026-11-30 after the card plans, answerability gate and answer-first quotes:
# hit@5 0.944, correct 0.824 (partner 0.875, sme 0.690), refusals 0.930, language 1.0 (before: correct
# 0.576, refusals 0.845, hit@5 0.873). The test split is never asserted here: it is reported, not tuned on.
# Later the same day (typed answer fits, 'or' across filters, card-only operations in the band): correct 0.847
# (partner 0.925), refusals 0.958, hit@5 0.944.
# Round 3 (shares, enumerations, premises checked against passages): correct 0.882 (sme 0.759), hit@5 0.958.
# Round 4 (parts answered by units stating what they ask, the asker's place only when referred to, names out of
# the sentence ranking within their own passages, plans from coverage 0.8): correct 0.941 (sme 0.862), hit@5 0.972.
# Round 5 (sentence fusion in retrieval, count units, multi-part card plans): correct 0.941, hit@5 0.986.
HELDOUT_DEV = {"hit@5": 0.94, "correct": 0.90, "refusal_ok": 0.93, "citations_valid": 0.98, "language_ok": 0.98}
# The second held-out set's dev split (39 questions, evaluation/heldout2.jsonl, written blind to the code):
# correct 0.590 before any change made for it, 0.744 after; hit@5 0.909, refusals 0.914, language 1.0.
# Round 3: correct 0.897 (partner 0.913, sme 0.846), hit@5 0.939, refusals 0.971.
# Round 4: correct 0.949 (partner 0.957, sme 0.923), hit@5 0.970, refusals 0.971.
# Round 5: correct 0.974 (sme 1.000), hit@5 0.970.
HELDOUT2_DEV = {"hit@5": 0.90, "correct": 0.90, "refusal_ok": 0.88, "citations_valid": 0.98, "language_ok": 0.98}
# The third held-out set's dev split (55 questions, evaluation/heldout3.jsonl, written blind to the code): correct
# 0.764 before any change made for it; round 5: correct 0.927 (partner 0.941, sme 0.905), hit@5 0.980, refusals 1.0.
HELDOUT3_DEV = {"hit@5": 0.94, "correct": 0.88, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The fourth held-out set's dev split (33 questions, evaluation/heldout4.jsonl, written blind to the code; 21 partner):
# correct 0.606 before any change made for it; round 6: correct 0.848 (partner 0.857, sme 0.714), hit@5 0.938, refusals 1.0
# (its one out-of-corpus question). Its test split did not move (0.649).
HELDOUT4_DEV = {"hit@5": 0.90, "correct": 0.80, "refusal_ok": 0.90, "citations_valid": 0.98, "language_ok": 0.98}
# The fifth held-out set's dev split (30 questions, evaluation/heldout5.jsonl, written blind to the code; 17 partner):
# correct 0.733 before any change made for it; round 8: correct 0.867 (partner 1.0, sme 0.429), hit@5 0.962,
# refusals 1.0. Its test split did not move (0.618).
HELDOUT5_DEV = {"hit@5": 0.92, "correct": 0.83, "refusal_ok": 0.93, "citations_valid": 0.98, "language_ok": 0.98}
# The sixth held-out set's dev split (32 questions, evaluation/heldout6.jsonl, written blind to the code; 16 SME):
# correct 0.562 before any change made for it; round 9: correct 0.719, hit@5 0.933, refusals 0.964. Its test split
# went 0.711 -> 0.684.
HELDOUT6_DEV = {"hit@5": 0.90, "correct": 0.68, "refusal_ok": 0.93, "citations_valid": 0.98, "language_ok": 0.98}
# The seventh held-out set's dev split (35 questions, evaluation/heldout7.jsonl, written blind to the code; 14 partner):
# correct 0.371 before any change made for it; round 10: correct 0.714 (partner 0.929), hit@5 0.929, refusals 0.938.
HELDOUT7_DEV = {"hit@5": 0.90, "correct": 0.68, "refusal_ok": 0.90, "citations_valid": 0.98, "language_ok": 0.98}
# The eighth held-out set's dev split (37 questions, evaluation/heldout8.jsonl, written blind to the code; 17 SME):
# correct 0.784 before any change made for it; round 11: correct 0.919, hit@5 0.967, refusals 0.972.
HELDOUT8_DEV = {"hit@5": 0.93, "correct": 0.86, "refusal_ok": 0.93, "citations_valid": 0.98, "language_ok": 0.98}
# The ninth held-out set's dev split (47 questions, evaluation/heldout9.jsonl, written blind to the code; 19 partner,
# 17 SME): correct 0.723 before any change made for it; round 12: correct 0.809 (partner 0.947, sme 0.588), hit@5 0.927,
# refusals 0.955. Its test split did not move (0.605).
HELDOUT9_DEV = {"hit@5": 0.90, "correct": 0.76, "refusal_ok": 0.93, "citations_valid": 0.98, "language_ok": 0.98}
# The tenth held-out set's dev split (45 questions, evaluation/heldout10.jsonl, written blind to the code; 14 partner,
# 19 SME): correct 0.733 before round 13 (0.756 with round 13's first changes, made before it was read); round 13:
# correct 0.889 (partner 0.929, sme 0.789), hit@5 0.975, refusals 1.0.
HELDOUT10_DEV = {"hit@5": 0.93, "correct": 0.82, "refusal_ok": 0.93, "citations_valid": 0.98, "language_ok": 0.98}
# The eleventh held-out set's dev split (50 questions, evaluation/heldout11.jsonl, written blind to the code at the
# start of round 14; 14 partner, 25 SME): correct 0.780 before any change made for it; round 14: correct 0.940, hit@5
# 1.0, refusals 0.957; round 16: correct 0.980.
HELDOUT11_DEV = {"hit@5": 0.95, "correct": 0.94, "refusal_ok": 0.91, "citations_valid": 0.98, "language_ok": 0.98}
# The twelfth held-out set's dev split (50 questions, evaluation/heldout12.jsonl, written blind to the code at the start
# of round 14 to test the answerability gate: 25 near-domain out-of-corpus questions, 25 answerable twins in the same
# style): correct 0.680 before any change made for it (out of corpus refused 15 of 25); round 14: correct 0.780,
# refusals 0.820; round 15: correct 0.820, refusals 0.860 (out of corpus refused 19 of 25); round 16: correct 0.880,
# refusals 0.920 (out of corpus refused 22 of 25).
HELDOUT12_DEV = {"hit@5": 0.95, "correct": 0.84, "refusal_ok": 0.88, "citations_valid": 0.98, "language_ok": 0.98}
# The thirteenth held-out set's dev split (48 questions, evaluation/heldout13.jsonl, written blind to the code at the
# start of round 15; 10 out of corpus): correct 0.833 before any change made for it (out of corpus refused 7 of 10);
# round 15: correct 0.917, hit@5 0.974, refusals 0.935 (out of corpus refused 9 of 10); round 16: correct 0.958,
# refusals 0.978 (10 of 10).
HELDOUT13_DEV = {"hit@5": 0.95, "correct": 0.93, "refusal_ok": 0.93, "citations_valid": 0.98, "language_ok": 0.98}
# The fourteenth held-out set's dev split (43 questions, evaluation/heldout14.jsonl, written blind to the code at the
# start of round 16; 9 out of corpus): correct 0.791 before any change made for it (out of corpus refused 5 of 9, 3
# false refusals); round 16: correct 0.907, hit@5 0.971, refusals 0.925 (out of corpus refused 7 of 9, 1 false refusal).
HELDOUT14_DEV = {"hit@5": 0.95, "correct": 0.88, "refusal_ok": 0.90, "citations_valid": 0.98, "language_ok": 0.98}
# The fifteenth held-out set's dev split (42 questions, evaluation/heldout15.jsonl, written blind to the code at the
# start of round 17; 12 out of corpus): correct 0.810 before any change made for it (out of corpus refused 8 of 12, 2
# false refusals); round 17: correct 0.929, hit@5 0.967, refusals 0.975 (out of corpus refused 11 of 12, none false).
HELDOUT15_DEV = {"hit@5": 0.95, "correct": 0.88, "refusal_ok": 0.93, "citations_valid": 0.98, "language_ok": 0.98}
# The sixteenth held-out set's dev split (43 questions, evaluation/heldout16.jsonl, written blind to the code at the
# start of round 18; 9 out of corpus): correct 0.767 before any change made for it (out of corpus refused 6 of 9, 1
# false refusal); round 18: correct 0.930, hit@5 0.971, refusals 0.975 (out of corpus refused 9 of 9, 1 false refusal).
HELDOUT16_DEV = {"hit@5": 0.95, "correct": 0.88, "refusal_ok": 0.93, "citations_valid": 0.98, "language_ok": 0.98}
# The seventeenth held-out set's dev split (49 questions, evaluation/heldout17.jsonl, written blind to the code at the
# start of round 19; 6 out of corpus): correct 0.776 before any change made for it (out of corpus refused 6 of 6, 1
# false refusal); round 19: correct 0.857, hit@5 1.000, refusals 0.977 (6 of 6, 1 false refusal).
HELDOUT17_DEV = {"hit@5": 0.95, "correct": 0.80, "refusal_ok": 0.93, "citations_valid": 0.98, "language_ok": 0.98}
# The eighteenth and nineteenth held-out sets' dev splits (57 and 47 questions, evaluation/heldout18.jsonl and
# heldout19.jsonl, written blind to the code at the start of round 20, leaning to out of corpus and to partners; 16 and 9
# out of corpus): correct 0.737 and 0.766 before any change made for them (out of corpus refused 13 of 16 and 7 of 9; 1
# and 4 false refusals); end of round 20: correct 0.825 and 0.894, hit@5 0.951 and 1.000, refusals 0.94 and 0.955 (out
# of corpus refused 14 of 16 and 9 of 9; 1 and 2 false refusals).
HELDOUT18_DEV = {"hit@5": 0.90, "correct": 0.79, "refusal_ok": 0.90, "citations_valid": 0.98, "language_ok": 0.98}
HELDOUT19_DEV = {"hit@5": 0.95, "correct": 0.85, "refusal_ok": 0.90, "citations_valid": 0.98, "language_ok": 0.98}
# The twentieth held-out set's dev split (44 questions, evaluation/heldout20.jsonl, written blind in the middle of round
# 20, leaning to SMEs typing chat shorthand; 8 out of corpus): correct 0.750 before any change made for it (out of corpus
# refused 6 of 8, 2 false refusals); end of round 20: correct 0.818, hit@5 1.000, refusals 0.925 (7 of 8, 2 false).
HELDOUT20_DEV = {"hit@5": 0.95, "correct": 0.78, "refusal_ok": 0.88, "citations_valid": 0.98, "language_ok": 0.98}
# The twenty-first and twenty-second held-out sets' dev splits (61 and 46 questions, evaluation/heldout21.jsonl and
# heldout22.jsonl, written blind at the start of round 21, leaning to partners and to answerability; 13 and 17 out of
# corpus): correct 0.803 and 0.717 before any change made for them (out of corpus refused 12 of 13 and 12 of 17);
# end of round 21: correct 0.852 and 0.826, hit@5 0.958 and 1.000, refusals 0.982 and 0.878 (12 of 13 and 13 of 17).
HELDOUT21_DEV = {"hit@5": 0.93, "correct": 0.82, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
HELDOUT22_DEV = {"hit@5": 0.95, "correct": 0.80, "refusal_ok": 0.85, "citations_valid": 0.98, "language_ok": 0.98}
# The twenty-third and twenty-fourth held-out sets' dev splits (53 and 47 questions, evaluation/heldout23.jsonl and
# heldout24.jsonl, written blind at the start of round 22, leaning to answerability and to partners; 18 and 5 out of
# corpus): correct 0.849 and 0.702 before any change made for them (out of corpus refused 15 of 18 and 4 of 5, 0 and 2
# false refusals, hit@5 0.971 and 0.833); end of round 22: correct 0.906 and 0.766, hit@5 0.943 and 0.833.
HELDOUT23_DEV = {"hit@5": 0.92, "correct": 0.85, "refusal_ok": 0.90, "citations_valid": 0.98, "language_ok": 0.98}
HELDOUT24_DEV = {"hit@5": 0.80, "correct": 0.72, "refusal_ok": 0.90, "citations_valid": 0.98, "language_ok": 0.98}
# The twenty-fifth held-out set's dev split (52 questions, evaluation/heldout25.jsonl, written blind at the start of round
# 23, leaning to SMEs typing in a chat; 15 out of corpus in the whole set): correct 0.827 before any change made for it
# (hit@5 0.911, refusals 1.000); end of round 23: correct 0.904, hit@5 0.956.
HELDOUT25_DEV = {"hit@5": 0.92, "correct": 0.85, "refusal_ok": 0.90, "citations_valid": 0.98, "language_ok": 0.98}
# The twenty-sixth held-out set's dev split (49 questions, evaluation/heldout26.jsonl, written blind at the start of round
# 24, leaning to partners and to near-domain out-of-corpus questions; 20 out of corpus in the whole set): correct 0.714
# before any change made for it (hit@5 0.914, refusals 0.889); end of round 24: correct 0.857, hit@5 0.943, refusals 0.956.
HELDOUT26_DEV = {"hit@5": 0.92, "correct": 0.82, "refusal_ok": 0.92, "citations_valid": 0.98, "language_ok": 0.98}
# The twenty-seventh held-out set's dev split (52 questions, evaluation/heldout27.jsonl, written blind at the start of
# round 25, leaning to SMEs typing in a chat, with 21 near-domain out of corpus in the whole set): correct 0.769 before
# any change made for it (hit@5 0.902, refusals 0.884); round 25: correct 0.904, refusals 1.000.
HELDOUT27_DEV = {"hit@5": 0.88, "correct": 0.86, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The twenty-eighth held-out set's dev split (53 questions, evaluation/heldout28.jsonl, written blind at the start of
# round 26, 19 near-domain out of corpus in the whole set): correct 0.811 before any change made for it (hit@5 0.952,
# refusals 0.900); end of round 26: correct 0.849, hit@5 0.976, refusals 0.920.
HELDOUT28_DEV = {"hit@5": 0.92, "correct": 0.82, "refusal_ok": 0.88, "citations_valid": 0.98, "language_ok": 0.98}
# The twenty-ninth held-out set's dev split (49 questions, evaluation/heldout29.jsonl, written blind at the start of
# round 27, 19 near-domain out of corpus in the whole set): correct 0.735 before any change made for it (hit@5 0.923,
# refusals 0.837); round 27: correct 0.837, hit@5 0.949, refusals 0.907.
HELDOUT29_DEV = {"hit@5": 0.92, "correct": 0.80, "refusal_ok": 0.88, "citations_valid": 0.98, "language_ok": 0.98}
# The thirtieth held-out set's dev split (52 questions, evaluation/heldout30.jsonl, written blind at the start of
# round 28, 19 near-domain out of corpus in the whole set): correct 0.808 before any change made for it (hit@5 0.929,
# refusals 0.979); round 28: correct 0.885, hit@5 0.952, refusals 0.979.
HELDOUT30_DEV = {"hit@5": 0.92, "correct": 0.84, "refusal_ok": 0.94, "citations_valid": 0.98, "language_ok": 0.98}
# The thirty-first held-out set's dev split (43 questions, evaluation/heldout31.jsonl, written blind at the start of
# round 29, 19 near-domain out of corpus in the whole set): correct 0.767 before any change made for it (hit@5 0.882,
# refusals 0.944); round 29: correct 0.860, hit@5 0.941, refusals 0.944.
HELDOUT31_DEV = {"hit@5": 0.92, "correct": 0.83, "refusal_ok": 0.92, "citations_valid": 0.98, "language_ok": 0.98}
HELDOUT32_DEV = {"hit@5": 0.97, "correct": 0.88, "refusal_ok": 0.94, "citations_valid": 0.98, "language_ok": 0.98}
HELDOUT33_DEV = {"hit@5": 0.96, "correct": 0.84, "refusal_ok": 0.90, "citations_valid": 0.98, "language_ok": 0.98}
# The thirty-fourth held-out set's dev split (49 questions, evaluation/heldout34.jsonl, written blind at the start of
# round 32): correct 0.796 before any change made for it; round 32: correct 0.898, refusals 1.000, hit@5 0.700 (its
# card questions give the report's card pages as evidence, which card answers do not cite: hit@5 understates here).
HELDOUT34_DEV = {"hit@5": 0.68, "correct": 0.86, "refusal_ok": 0.93, "citations_valid": 0.98, "language_ok": 0.98}
# The thirty-fifth held-out set's dev split (48 questions, evaluation/heldout35.jsonl, written blind at the start of
# round 33): correct 0.750 before any change made for it (hit@5 1.000, refusals 0.864); round 33: correct 0.833, refusals
# 0.909, hit@5 1.000.
HELDOUT35_DEV = {"hit@5": 0.95, "correct": 0.81, "refusal_ok": 0.88, "citations_valid": 0.98, "language_ok": 0.98}
# The thirty-sixth held-out set's dev split (52 questions, evaluation/heldout36.jsonl, written blind at the start of
# round 34): correct 0.808 before any change made for it (hit@5 0.976, refusals 0.933); round 34: correct 0.923,
# refusals 0.978, hit@5 1.000.
HELDOUT36_DEV = {"hit@5": 0.97, "correct": 0.90, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The thirty-seventh held-out set's dev split (45 questions, evaluation/heldout37.jsonl, written blind at the start of
# round 35): correct 0.822 before any change made for it (hit@5 0.974, refusals 0.897); round 35: correct 0.978,
# refusals 1.000, hit@5 0.974.
HELDOUT37_DEV = {"hit@5": 0.95, "correct": 0.95, "refusal_ok": 0.97, "citations_valid": 0.98, "language_ok": 0.98}
# The thirty-eighth held-out set's dev split (41 questions, evaluation/heldout38.jsonl, written blind at the start of
# round 36): correct 0.780 before any change made for it (hit@5 0.944, refusals 0.944); round 36: correct 0.829,
# refusals 0.944, hit@5 0.972.
HELDOUT38_DEV = {"hit@5": 0.95, "correct": 0.80, "refusal_ok": 0.92, "citations_valid": 0.98, "language_ok": 0.98}
# The thirty-ninth held-out set's dev split (49 questions, evaluation/heldout39.jsonl, written blind at the start of
# round 37): correct 0.755 before any change made for it (hit@5 0.895, refusals 0.978); round 37: correct 0.878,
# refusals 1.000, hit@5 0.921 (under the 0.95 goal: 3 misses, one passage answer and two card answers).
HELDOUT39_DEV = {"hit@5": 0.90, "correct": 0.83, "refusal_ok": 0.96, "citations_valid": 0.98, "language_ok": 0.98}
# The fortieth held-out set's dev split (48 questions, evaluation/heldout40.jsonl, written blind at the start of
# round 38): correct 0.896 before any change made for it (hit@5 0.974, refusals 0.933); round 38: correct 0.917,
# refusals 0.933, hit@5 1.000.
HELDOUT40_DEV = {"hit@5": 0.95, "correct": 0.87, "refusal_ok": 0.90, "citations_valid": 0.98, "language_ok": 0.98}
# The forty-first held-out set's dev split (45 questions, evaluation/heldout41.jsonl, written blind at the start of
# round 39): correct 0.822 before any change made for it (hit@5 0.973, refusals 0.976); round 39: correct 0.956,
# refusals 0.976, hit@5 1.000.
HELDOUT41_DEV = {"hit@5": 0.95, "correct": 0.91, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The forty-second held-out set's dev split (46 questions, evaluation/heldout42.jsonl, written blind at the start of
# round 40): correct 0.804 before any change made for it (hit@5 0.895, refusals 0.907); round 40: correct 0.935,
# refusals 0.953, hit@5 0.921 (under the 0.95 goal: 3 misses of 38).
HELDOUT42_DEV = {"hit@5": 0.86, "correct": 0.89, "refusal_ok": 0.90, "citations_valid": 0.98, "language_ok": 0.98}
# The forty-third held-out set's dev split (53 questions, evaluation/heldout43.jsonl, written blind at the start of
# round 41, all kinds): correct 0.906 before any change made for it (hit@5 1.000, refusals 1.000); round 41: correct
# 0.962, refusals 1.000, hit@5 1.000.
HELDOUT43_DEV = {"hit@5": 0.95, "correct": 0.90, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The forty-fourth held-out set's dev split (39 questions, evaluation/heldout44.jsonl, written blind at the start of
# round 41: partner questions over the cards): correct 0.821 before any change made for it (hit@5 0.923, refusals
# 0.914); round 41: correct 0.872, refusals 0.971, hit@5 0.949 (2 misses of 39).
HELDOUT44_DEV = {"hit@5": 0.90, "correct": 0.84, "refusal_ok": 0.92, "citations_valid": 0.98, "language_ok": 0.98}
# The forty-fifth held-out set's dev split (42 questions, evaluation/heldout45.jsonl, written blind at the start of
# round 42: procedure and compare questions first): correct 0.810 before any change made for it (hit@5 0.867, refusals
# 0.950); round 42: correct 0.952, refusals 1.000, hit@5 0.967.
HELDOUT45_DEV = {"hit@5": 0.93, "correct": 0.92, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The forty-sixth held-out set's dev split (59 questions, evaluation/heldout46.jsonl, written blind at the start of
# round 43: partner questions over the cards and near-domain out-of-corpus questions first): correct 0.847 before any
# change made for it (hit@5 0.955, refusals 0.907); round 43: correct 0.983, refusals 0.981, hit@5 1.000.
HELDOUT46_DEV = {"hit@5": 0.93, "correct": 0.93, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The forty-seventh held-out set's dev split (48 questions, evaluation/heldout47.jsonl, written blind at the start of
# round 44: partner questions, out of corpus and English first): correct 0.938 before any change made for it (hit@5
# 0.946, refusals 1.000); round 44: correct 1.000, refusals 1.000, hit@5 0.973.
HELDOUT47_DEV = {"hit@5": 0.93, "correct": 0.95, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The forty-eighth held-out set's dev split (45 questions, evaluation/heldout48.jsonl, written blind during round 44:
# procedure, compare and three-turn follow-ups first): correct 0.867 before any change made for it (hit@5 1.000,
# refusals 0.976); round 44: correct 0.933, refusals 1.000, hit@5 1.000.
HELDOUT48_DEV = {"hit@5": 0.95, "correct": 0.90, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The forty-ninth held-out set's dev split (55 questions, evaluation/heldout49.jsonl, written blind at the start of
# round 45: near-domain out-of-corpus, English and partner questions first): correct 0.836 before any change made for
# it (hit@5 0.973, refusals 0.981); round 45: correct 0.891, refusals 1.000, hit@5 0.973.
HELDOUT49_DEV = {"hit@5": 0.93, "correct": 0.87, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The fiftieth held-out set's dev split (54 questions, evaluation/heldout50.jsonl, written blind at the start of round
# 46: near-domain out-of-corpus, fact and partner questions first): correct 0.889 before any change made for it (hit@5
# 0.976, refusals 0.943); round 46: correct 1.000, refusals 1.000, hit@5 1.000.
HELDOUT50_DEV = {"hit@5": 0.95, "correct": 0.93, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The fifty-first held-out set's dev split (55 questions, evaluation/heldout51.jsonl, written blind at the start of
# round 47: near-domain out-of-corpus, fact and partner questions first): correct 0.836 before any change made for it
# (hit@5 0.927, refusals 0.922); round 47: correct 0.945, refusals 1.000, hit@5 0.927.
HELDOUT51_DEV = {"hit@5": 0.90, "correct": 0.92, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The fifty-second held-out set's dev split (54 questions, evaluation/heldout52.jsonl, written blind at the start of
# round 48: near-domain out-of-corpus, fact and partner questions first): correct 0.741 before any change made for it
# (hit@5 0.950, refusals 0.962); round 48: correct 0.907, refusals 0.981, hit@5 0.975.
HELDOUT52_DEV = {"hit@5": 0.93, "correct": 0.88, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The fifty-third held-out set's dev split (45 questions, evaluation/heldout53.jsonl, written blind at the start of
# round 49: near-domain out-of-corpus, fact and partner questions first): correct 0.956 before any change made for it
# (hit@5 1.000, refusals 0.978); round 49: correct 1.000, refusals 1.000, hit@5 1.000.
HELDOUT53_DEV = {"hit@5": 0.95, "correct": 0.93, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The fifty-fourth held-out set's dev split (54 questions, evaluation/heldout54.jsonl, written blind at the start of
# round 50: near-domain out-of-corpus, fact and partner questions first): correct 0.907 before any change made for it
# (hit@5 0.929, refusals 0.942); round 50: correct 0.963, refusals 1.000, hit@5 0.929.
HELDOUT54_DEV = {"hit@5": 0.90, "correct": 0.93, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The fifty-fifth held-out set's dev split (40 questions, evaluation/heldout55.jsonl, written blind at the start of
# round 51: near-domain out-of-corpus, fact and partner questions first): correct 0.925 before any change made for it
# (hit@5 0.967, refusals 0.974); round 51: correct 0.975, refusals 1.000, hit@5 0.967.
HELDOUT55_DEV = {"hit@5": 0.93, "correct": 0.93, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The fifty-sixth held-out set's dev split (46 questions, evaluation/heldout56.jsonl, written blind at the start of
# round 52: near-domain out-of-corpus, fact and partner questions first): correct 0.826 before any change made for it
# (hit@5 0.919, refusals 0.976, citations valid 0.978); round 52: correct 0.913, refusals 0.976, hit@5 0.946, citations
# valid 1.000.
HELDOUT56_DEV = {"hit@5": 0.90, "correct": 0.89, "refusal_ok": 0.95, "citations_valid": 0.98, "language_ok": 0.98}
# The fifty-seventh held-out set's dev split (52 questions, evaluation/heldout57.jsonl, written blind at the start of
# round 53: near-domain out-of-corpus, fact and partner questions first): correct 0.865 before any change made for it
# (hit@5 0.977, refusals 0.941); round 53: correct 0.942, refusals 0.961, hit@5 1.000.
HELDOUT57_DEV = {"hit@5": 0.95, "correct": 0.92, "refusal_ok": 0.94, "citations_valid": 0.98, "language_ok": 0.98}
# The fifty-eighth held-out set's dev split (48 questions, evaluation/heldout58.jsonl, written blind at the start of
# round 54: near-domain out-of-corpus, fact and partner questions first): correct 0.854 before any change made for it
# (hit@5 0.944, refusals 0.956); round 54: correct 0.958, refusals 1.000, hit@5 1.000.
HELDOUT58_DEV = {"hit@5": 0.95, "correct": 0.93, "refusal_ok": 0.96, "citations_valid": 0.98, "language_ok": 0.98}
# The fifty-ninth held-out set's dev split (52 questions, evaluation/heldout59.jsonl, written blind at the start of
# round 55: near-domain out-of-corpus, fact and partner questions first): correct 0.904 before any change made for it
# (hit@5 0.976, refusals 1.000); round 55: correct 0.962, refusals 1.000, hit@5 1.000.
HELDOUT59_DEV = {"hit@5": 0.95, "correct": 0.93, "refusal_ok": 0.96, "citations_valid": 0.98, "language_ok": 0.98}
# The sixtieth held-out set's dev split (48 questions, evaluation/heldout60.jsonl, written blind at the start of round
# 56: near-domain out-of-corpus, fact and partner questions first): correct 0.875 before any change made for it (hit@5
# 0.971, refusals 0.915); round 56: correct 0.979, refusals 1.000, hit@5 0.971.
HELDOUT60_DEV = {"hit@5": 0.95, "correct": 0.93, "refusal_ok": 0.96, "citations_valid": 0.98, "language_ok": 0.98}
# The sixty-first held-out set's dev split (48 questions, evaluation/heldout61.jsonl, written blind at the start of round
# 57: near-domain out-of-corpus, fact and partner questions first): correct 0.833 before any change made for it (hit@5
# 0.921, refusals 0.957); round 57: correct 0.938, refusals 1.000, hit@5 0.974.
HELDOUT61_DEV = {"hit@5": 0.95, "correct": 0.91, "refusal_ok": 0.96, "citations_valid": 0.98, "language_ok": 0.98}
# The sixty-second held-out set's dev split (45 questions, evaluation/heldout62.jsonl, written blind at the start of
# round 58: near-domain out-of-corpus, fact and partner questions first): correct 0.911 before any change made for it
# (hit@5 0.968, refusals 0.977); round 58: correct 1.000, refusals 1.000, hit@5 1.000.
HELDOUT62_DEV = {"hit@5": 0.95, "correct": 0.93, "refusal_ok": 0.96, "citations_valid": 0.98, "language_ok": 0.98}
# The sixty-third held-out set's dev split (49 questions, evaluation/heldout63.jsonl, written blind at the start of
# round 59: near-domain out-of-corpus, fact and partner questions first): correct 0.898 before any change made for it
# (hit@5 1.000, refusals 0.909); round 59: correct 0.980, refusals 1.000, hit@5 1.000.
HELDOUT63_DEV = {"hit@5": 0.95, "correct": 0.93, "refusal_ok": 0.96, "citations_valid": 0.98, "language_ok": 0.98}
# The sixty-fourth held-out set's dev split (48 questions, evaluation/heldout64.jsonl, written blind at the start of
# round 60: near-domain out-of-corpus, fact and partner questions first): correct 0.812 before any change made for it
# (hit@5 0.917, refusals 0.911); round 60: correct 0.958, refusals 0.978, hit@5 1.000.
HELDOUT64_DEV = {"hit@5": 0.95, "correct": 0.93, "refusal_ok": 0.96, "citations_valid": 0.98, "language_ok": 0.98}
# The sixty-fifth held-out set's dev split (51 questions, evaluation/heldout65.jsonl, written blind at the start of
# round 61: near-domain out-of-corpus, fact and partner questions first): correct 0.824 before any change made for it
# (hit@5 0.978, refusals 0.933); round 61: correct 0.941, refusals 1.000, hit@5 1.000.
HELDOUT65_DEV = {"hit@5": 0.95, "correct": 0.92, "refusal_ok": 0.96, "citations_valid": 0.98, "language_ok": 0.98}
# The sixty-sixth held-out set's dev split (44 questions, evaluation/heldout66.jsonl, written blind in round 61 and
# weighted to the kinds the test splits fail most: 30 three-turn follow-ups, 25 near-domain out-of-corpus, 15 procedure,
# 15 aggregate, 10 compare): correct 0.591 before any change made for it (hit@5 0.861, refusals 0.905); round 61: correct
# 0.614, refusals 0.905, hit@5 0.861; round 62: correct 0.659, refusals 0.905, hit@5 0.889; round 63: correct 0.705,
# refusals 0.929, hit@5 0.917. A low bar, stated as measured: it guards what the rounds reached, no more.
HELDOUT66_DEV = {"hit@5": 0.90, "correct": 0.68, "refusal_ok": 0.91, "citations_valid": 0.98, "language_ok": 0.98}
# The sixty-seventh held-out set's dev split (45 questions, evaluation/heldout67.jsonl, written blind at the start of
# round 62: 25 near-domain out-of-corpus, 18 fact, 12 aggregate, 12 three-turn follow-ups, 10 procedure): correct 0.911
# before any change made for it (hit@5 0.972, refusals 0.976); round 62: correct 1.000, refusals 1.000, hit@5 0.972.
HELDOUT67_DEV = {"hit@5": 0.95, "correct": 0.93, "refusal_ok": 0.96, "citations_valid": 0.98, "language_ok": 0.98}
# The sixty-eighth held-out set's dev split (39 questions, evaluation/heldout68.jsonl, written blind at the start of
# round 63: 25 near-domain out-of-corpus, 18 fact, 12 aggregate, 12 three-turn follow-ups, 10 procedure): correct 0.846
# before any change made for it (hit@5 1.000, refusals 0.892); round 63: correct 1.000, refusals 1.000, hit@5 1.000.
HELDOUT68_DEV = {"hit@5": 0.95, "correct": 0.93, "refusal_ok": 0.96, "citations_valid": 0.98, "language_ok": 0.98}
# The sixty-ninth held-out set's dev split (56 questions, evaluation/heldout69.jsonl, written blind at the start of
# round 64: 25 near-domain out-of-corpus, 18 fact, 12 aggregate, 12 three-turn follow-ups, 10 procedure): correct 0.768
# before any change made for it (hit@5 0.905, refusals 0.944); round 64: correct 0.893, refusals 0.981, hit@5 0.929. A
# bar under the usual one, stated as measured: three compares and two follow-ups it fails are left (evaluation/README).
HELDOUT69_DEV = {"hit@5": 0.90, "correct": 0.87, "refusal_ok": 0.96, "citations_valid": 0.98, "language_ok": 0.98}
# The seventieth held-out set's dev split (49 questions, evaluation/heldout70.jsonl, written blind at the start of
# round 65: 25 near-domain out-of-corpus, 18 fact, 12 aggregate, 12 three-turn follow-ups, 10 procedure, 8 compare):
# correct 0.776 before any change made for it (hit@5 1.000, refusals 0.980); round 65: correct 0.878, refusals 0.980,
# hit@5 1.000. A bar under the usual one, stated as measured: six it fails are left (evaluation/README).
HELDOUT70_DEV = {"hit@5": 0.95, "correct": 0.87, "refusal_ok": 0.96, "citations_valid": 0.98, "language_ok": 0.98}
HELDOUT_SETS = ["heldout", *(f"heldout{n}" for n in range(2, 71))]  # every held-out set, in the order written
HELDOUT_THRESHOLDS = {name: globals()[f"{name.upper()}_DEV"] for name in HELDOUT_SETS if f"{name.upper()}_DEV" in globals()}
# Every run asserts the two newest sets' own dev thresholds (the ones being tuned on) and a pooled sample of every older
# set's dev split; each older set's own threshold runs with --all-heldout (tests/conftest.py): the 70 dev splits (~3,350
# questions) take ~12 min here, where a query embeds in ~0.1 s (2 cores, no native bf16), which the suite's ~15-minute
# budget does not hold with everything else. The eval report (`imagine eval`) and each round's note cover them all.
NEWEST = list(HELDOUT_THRESHOLDS)[-2:]
SAMPLE_SHARE = 0.15
# Pooled over 15% of every older held-out set's dev split (evaluation.dataset.sample), read from round 33's end-of-round
# dev run: 231 questions, hit@5 0.972, correct 0.944, refusals 0.986, citations valid 1.0, language 1.0 (a quarter of
# every set's dev split, 411 questions, measured 0.967 / 0.929 / 0.984 at the round's start: 144 s in CI). Round 34's
# end, with heldout34 in the pool (238 questions): 0.968 / 0.941 / 0.986. Round 35's end, with heldout35 in it (247
# questions): 0.969 / 0.939 / 0.982. Round 36, with heldout36 in it (253 questions): 0.970 / 0.933 / 0.982 at the
# round's start, 0.970 / 0.949 / 0.982 at its end. Round 37, with heldout37 in it: see evaluation/README.md. Round 38,
# with heldout38 in it (267 questions): 0.972 / 0.955 / 0.983. Round 39, with heldout39 in it (273 questions): 0.972 /
# 0.956 / 0.984 at the round's start and end. Round 40, with heldout40 in it (281 questions): 0.973 / 0.957 / 0.984 at
# the round's start and end. Round 41, with heldout41 and heldout42 in it (291 questions): 0.974 / 0.955 / 0.981 at
# the round's start, 0.974 / 0.959 / 0.985 at its end. Round 42, with heldout43 in it (300 questions): 0.975 / 0.957 /
# 0.985 at the round's start, 0.975 / 0.963 / 0.985 at its end. Round 43, with heldout44 in it (307 questions): 0.975 /
# 0.961 / 0.985 at the round's start, 0.975 / 0.971 / 0.993 at its end. Round 44, with heldout45 and heldout46 in it
# (328 questions): 0.977 / 0.970 / 0.990 at the round's start and end. Round 45, with heldout47 in it (337 questions):
# 0.977 / 0.970 / 0.990 at the round's start, 0.977 / 0.973 / 0.990 at its end. Round 46, with heldout48 in it (343
# questions): 0.978 / 0.974 / 0.990 at the round's start and end. Round 47, with heldout49 in it (350 questions): 0.978 /
# 0.974 / 0.990 at the round's start and end. Round 48, with heldout50 in it (354 questions): 0.978 / 0.975 / 0.991 at
# the round's start and end. Round 49, with heldout51 in it (361 questions): 0.979 / 0.975 / 0.991 at the round's start
# and end. Round 50, with heldout52 in it (368 questions): 0.979 / 0.976 / 0.991 at the round's start and end. Round
# 51, with heldout53 in it (373 questions): 0.979 / 0.976 / 0.991 at the round's start and end. Round 52, with heldout54
# in it (383 questions): 0.977 / 0.971 / 0.991 at the round's start and end. Round 53, with heldout55 in it (386
# questions): 0.977 / 0.972 / 0.991 at the round's start, 0.977 / 0.974 / 0.991 at its end. Round 54, with heldout56 in it
# (388 questions): 0.977 / 0.974 / 0.991 at the round's start and end. Round 55, with heldout57 in it (394 questions):
# 0.978 / 0.975 / 0.992 at the round's start and end. Round 56, with heldout58 in it (402 questions): 0.978 / 0.973 /
# 0.992 at the round's start, 0.978 / 0.970 / 0.989 at its end. Round 57, with heldout59 in it (409 questions): 0.978 /
# 0.971 / 0.989 at the round's start and end. Round 58, with heldout60 in it (416 questions): 0.979 / 0.971 / 0.989 at
# the round's start and end. Round 59, with heldout61 in it (426 questions): 0.979 / 0.969 / 0.990 at the round's start
# and end. Round 60, with heldout62 in it (429 questions): 0.979 / 0.970 / 0.990 at the round's start, 0.979 / 0.972 /
# 0.990 at its end. Round 61, with heldout63 and heldout64 in it (447 questions): 0.980 / 0.973 / 0.990 at the round's start
# and end. Round 62, with heldout65 in it (451 questions): 0.980 / 0.971 / 0.990 at the round's start, 0.980 / 0.976 /
# 0.993 at its end. Round 63, with heldout66 in it (459 questions): 0.978 / 0.967 / 0.988 at the round's start, 0.981 /
# 0.967 / 0.988 at its end. Round 64, with heldout67 in it (463 questions): 0.981 / 0.968 / 0.988 at the round's start,
# 0.981 / 0.970 / 0.990 at its end. Round 65, with heldout68 in it (466 questions): 0.981 / 0.970 / 0.991 at the round's
# start, 0.981 / 0.972 / 0.991 at its end.
POOLED_DEV = {"hit@5": 0.95, "correct": 0.92, "refusal_ok": 0.96, "citations_valid": 0.98, "language_ok": 0.98}
LOCAL_SUBSET = {"fact": 6, "list": 2, "procedure": 2, "follow_up": 2, "not_reported": 2, "aggregate": 1, "compare": 1, "out_of_corpus": 2}


def _run(assistant, questions, name: str, question_set: Path | str = DEFAULT_SET) -> dict:
    result = evaluate(assistant, questions)
    meta = {"question set": getattr(question_set, "name", question_set), "questions": len(questions), "backend": name, "machine": machine()}
    write_report({name: result}, ARTIFACTS / f"eval-{name}", meta)
    return result


def _below(summary: dict, thresholds: dict) -> list[str]:
    return [f"{k} {summary[k]:.3f} < {v}" for k, v in thresholds.items() if summary[k] is None or summary[k] < v]


@pytest.mark.parametrize("question_set", [DEFAULT_SET, *(resolve_set(n) for n in HELDOUT_SETS)], ids=["ours", *HELDOUT_SETS])
def test_every_evidence_string_is_in_an_indexed_passage(fake_indexed_settings, fake_embeddings, question_set):
    """A question whose evidence matches no chunk could never count as a retrieval hit. The chunk texts do not
    depend on the embedding model: the fake embedder's index holds the same ones."""
    from imagine.components.vector_store import open_store

    texts = [fold_typography(t) for t in open_store(fake_embeddings, fake_indexed_settings).get(include=["documents"])["documents"]]
    missing = [(q.id, e) for q in load_questions(question_set) for e in q.evidence if not any(fold_typography(e) in t for t in texts)]
    assert not missing


@pytest.mark.slow
def test_extractive_backend_over_the_whole_set(assistant):
    result = _run(assistant, load_questions(), "extractive")
    print({k: result["overall"][k] for k in EXTRACTIVE})
    assert not _below(result["overall"], EXTRACTIVE), result["overall"]


@pytest.mark.slow
@pytest.mark.parametrize("name, thresholds", [pytest.param(name, thresholds, id=name, marks=() if name in NEWEST else pytest.mark.all_heldout)
                                              for name, thresholds in HELDOUT_THRESHOLDS.items()])
def test_extractive_backend_over_the_heldout_dev_split(assistant, name, thresholds):
    heldout = resolve_set(name)
    questions = select_split(load_questions(heldout), "dev")
    result = _run(assistant, questions, f"extractive-{name}-dev", heldout)
    print({k: result["overall"][k] for k in thresholds})
    assert not _below(result["overall"], thresholds), result["overall"]


@pytest.mark.slow
def test_extractive_backend_over_a_sample_of_every_older_heldout_dev_split(assistant):
    """A regression in any older set shows here on every run, between the --all-heldout runs of each set's own."""
    older = [name for name in HELDOUT_SETS if name not in NEWEST]
    questions = [q for name in older for q in sample(select_split(load_questions(resolve_set(name)), "dev"), SAMPLE_SHARE)]
    result = _run(assistant, questions, "extractive-heldout-sample-dev", f"{SAMPLE_SHARE:.0%} of every older held-out set's dev split")
    print(len(questions), {k: result["overall"][k] for k in POOLED_DEV})
    assert not _below(result["overall"], POOLED_DEV), result["overall"]


@pytest.mark.slow
def test_local_llm_over_a_stratified_subset(indexed_settings):
    from assistant import Assistant

    # with its summary on (off by default for this model, Settings.llm_summary): the LLM writing path is what is measured
    bot = Assistant(indexed_settings.model_copy(update={"llm_backend": "local", "llm_summary": "on"}))
    if bot.llm is None:
        pytest.fail(f"local LLM not available: {bot.status()['llm_error']}")
    questions = stratified(load_questions(), LOCAL_SUBSET)
    result = _run(bot, questions, "local")
    print({k: result["overall"][k] for k in LOCAL}, result["overall"]["first_token_p50_s"])
    # the LLM really wrote answers: 8 of 8 measured before the claim verifier, 5 of 8 after it (the
    # other 3 fell back to extractive when their sentences were not supported by the quotes they cite)
    assert sum(s["backend"] == "local" for s in result["scores"]) >= 4
    assert not _below(result["overall"], LOCAL), result["overall"]
