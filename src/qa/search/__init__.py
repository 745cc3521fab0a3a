"""Search: segmentation and grams, the BM25 engine, the fielded index and its persisted form."""
