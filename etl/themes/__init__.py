"""Themes across reviews (issue 4). One job per module:

- typology.py      the shared typology and its worked examples (warehouse tables, else
                   data/typology.csv and data/typology_examples.csv)
- text.py          normalising, light stemming, n-grams (shared by everything below)
- model.py         ThemeModel: TF-IDF + logistic regression per theme, blended with a
                   cue-phrase prior from the typology (cold start); weights that stop
                   templated/demo text drowning real tags
- training.py      confirmed and untagged statements read from a warehouse
- store.py         refresh_suggestions(con) (called at every publish), load_model(db)
                   cached per published version
- evaluate.py      group-wise cross-validation and F1
- disagreements.py confirmed tags the model strongly disagrees with (out-of-fold)
- decisions.py     accept/reject batches written through etl.publish
- analytics.py     theme counts, trend, cross-tabs, co-occurrence, review queue
- topics.py        emerging topics (NMF) and their typology coverage
- recurrence.py    earlier similar reviews and the state of their actions
- rectypes.py      recommendation types (cue-based, explainable)
- search.py        similar-learning search index, cached per published version
- cli.py           `python -m etl themes suggest|evaluate`
Pages and reports query these; they never refit a model on a rerun.
"""
