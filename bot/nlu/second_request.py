"""Finds the second request of a message that asks two things.

"Làm định danh mức 2 cần mang gì? Với lại nộp lệ phí online thế nào?": DIET gives the
message one intent; the other question would be lost. This component splits the
message into clauses (sentence ends, and words that open another question: "với lại",
"ngoài ra", "nhân tiện", ", còn" ...), classifies each clause with a small linear model
of its own (tf-idf of lemma unigrams and bigrams, logistic regression, trained in a few
seconds on the same examples as DIET), and when a clause that asks something (a
question mark or a question word, not the story around it) is confidently about
another topic than the intent's clause, adds to the parse

    second_request: {"intent": "payment_howto", "confidence": 0.83}

(with ``"procedure": "ket_hon"`` when that clause names a procedure). The actions offer
it as a "Hỏi tiếp" button after their answer (actions/second_request.py).

Two cases change the intent, because people ask the main question first and the other
in passing:
- the other question comes before the intent's clause: it is answered, and the
  intent DIET chose is offered;
- the classifier, torn between the two questions, fell back (``nlu_fallback``): when
  two clauses ask two different topics confidently, the first is answered and the
  second offered.
Entities are left as they are. Measured on tests/nlu/composite/ by
``scripts/eval_second_request.py`` (``make eval-composite``; docs/benchmarks.md,
"Composite messages").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Sequence, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT, TEXT_TOKENS
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.errors import ModelLoadError
from bot.nlu.language_guard import OUTPUT_KEY as LANGUAGE_KEY
from bot.nlu.procedure_resolver import load_curated, longest_matches, sorted_phrases
from dvc_common.vntext import plain_words

OUTPUT_KEY = "second_request"
MODEL_FILE = "clause_model.json"
WEIGHTS_FILE = "clause_weights.npz"
PROCEDURE_ENTITY = "procedure"
PROCEDURE_INTENT = "procedure_info"
FALLBACK_INTENT = "nlu_fallback"

# Where a sentence ends, and the (diacritic-free) words that open another question.
_SENTENCE_END = re.compile(r"[?!.;\n]+")
_OPENERS = (
    "voi lai",
    "ngoai ra",
    "nhan tien",
    "tien the",
    "them nua",
    "hoi them",
    "mot viec nua",
    "con nua",
)


# Words that make a clause a question (diacritic-free, shorthand expanded), and the
# words a question may end with ("... được không", "... chưa ạ").
_QUESTION_WORDS = re.compile(
    r"\b(gi|sao|the nao|nhu nao|o dau|bao nhieu|bao lau|khi nao|bao gio|nao|"
    r"duoc khong|phai khong|co phai|cho hoi|muon hoi|hoi luon|muon biet|chi giup|"
    r"huong dan|giup|lam the nao|cho xin|xin|cho toi|muon|cach|hoi)\b"
)
_QUESTION_ENDINGS = {"khong", "chua", "a", "ak", "nhi", "vay", "ha", "nhe"}


def is_question(text: str) -> bool:
    """A clause that asks something, rather than telling the story around the question."""
    if "?" in text:
        return True
    plain = plain_words(text)
    words = plain.split()
    return bool(_QUESTION_WORDS.search(plain)) or bool(words and words[-1] in _QUESTION_ENDINGS)


@dataclass(frozen=True)
class Reading:
    answer: str  # the intent to answer
    offer: Dict[str, Any]  # the second request: intent, confidence, procedure


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    lemmas: Tuple[str, ...]


def clause_spans(text: str) -> List[Tuple[int, int]]:
    """Character spans of the clauses: split at sentence ends, at ", còn" and before
    the words that open another question."""
    cuts = {0, len(text)}
    for match in _SENTENCE_END.finditer(text):
        cuts.add(match.end())
    # The openers are matched on the diacritic-free form of each whitespace word.
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]
    plain_of = [plain_words(w) for _, w in words]
    for i in range(len(words)):
        for opener in _OPENERS:
            parts = opener.split()
            if i > 0 and plain_of[i : i + len(parts)] == parts:
                cuts.add(words[i][0])
        if plain_of[i] == "con" and i > 0 and words[i - 1][1].endswith(","):
            cuts.add(words[i][0])
    ordered = sorted(cuts)
    return [(a, b) for a, b in zip(ordered, ordered[1:], strict=False) if text[a:b].strip()]


def clauses_of(message: Message, min_words: int) -> List[Clause]:
    """The message's tokens grouped by clause; a clause shorter than ``min_words``
    joins the one before it (or the next, at the start)."""
    text = message.get(TEXT) or ""
    tokens = message.get(TEXT_TOKENS) or []
    groups: List[List[Any]] = []
    spans = clause_spans(text)
    for start, end in spans:
        groups.append([t for t in tokens if start <= t.start < end])
    merged: List[Tuple[int, int, List[Any]]] = []
    for (start, end), group in zip(spans, groups, strict=True):
        if merged and len(group) < min_words:
            s, _, g = merged[-1]
            merged[-1] = (s, end, g + group)
        else:
            merged.append((start, end, group))
    if len(merged) > 1 and len(merged[0][2]) < min_words:
        s, _, g = merged.pop(0)
        s2, e2, g2 = merged[0]
        merged[0] = (s, e2, g + g2)
    return [
        Clause(start, end, tuple(plain_words(t.lemma or t.text) for t in group))
        for start, end, group in merged
        if group
    ]


def ngrams(lemmas: Sequence[str]) -> List[str]:
    words = [w for lemma in lemmas for w in lemma.split()]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


class ClauseModel:
    """tf-idf (sublinear, l2) of lemma unigrams and bigrams -> softmax of a linear map."""

    def __init__(
        self, vocabulary: Dict[str, int], idf: np.ndarray, weights: np.ndarray, intents: List[str]
    ) -> None:
        self.vocabulary = vocabulary
        self.idf = idf
        # weights: (features + 1) x intents; the last row is the intercept.
        self.weights = weights
        self.intents = intents

    def features(self, lemmas: Sequence[str]) -> Tuple[List[int], np.ndarray]:
        """The clause's non-zero tf-idf features: vocabulary indices and values."""
        counts: Dict[int, int] = {}
        for gram in ngrams(lemmas):
            index = self.vocabulary.get(gram)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        indices = list(counts)
        values = (1.0 + np.log(np.array([counts[i] for i in indices], dtype=float))) * self.idf[
            indices
        ]
        norm = np.linalg.norm(values)
        return indices, values / norm if norm else values

    def probabilities(self, lemmas: Sequence[str]) -> Dict[str, float]:
        # Only the rows of the clause's own features: a clause has a few dozen.
        indices, values = self.features(lemmas)
        scores = values @ self.weights[indices] + self.weights[-1]
        scores = np.exp(scores - scores.max())
        scores /= scores.sum()
        return dict(zip(self.intents, scores.tolist(), strict=True))

    @classmethod
    def fit(cls, examples: List[Tuple[Tuple[str, ...], str]], c: float) -> ClauseModel:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vectorizer = TfidfVectorizer(analyzer=ngrams, sublinear_tf=True, lowercase=False, norm="l2")
        x = vectorizer.fit_transform([lemmas for lemmas, _ in examples])
        y = [intent for _, intent in examples]
        classifier = LogisticRegression(C=c, max_iter=2000)
        classifier.fit(x, y)
        intents = [str(i) for i in classifier.classes_]
        coef = classifier.coef_
        intercept = classifier.intercept_
        if len(intents) == 2:  # sklearn keeps one row for two classes
            coef = np.vstack([-coef[0], coef[0]]) / 2
            intercept = np.array([-intercept[0], intercept[0]]) / 2
        weights = np.vstack([coef.T, intercept[None, :]])
        vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
        return cls(vocabulary, np.asarray(vectorizer.idf_), weights, intents)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SecondRequestDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # Intents that can be offered as the second request (topics, not chitchat).
            "offer_intents": [],
            # A clause must name its topic at least this confidently.
            "min_confidence": 0.5,
            # Clauses shorter than this (in words) join their neighbour.
            "min_clause_words": 4,
            # When the other question comes first, answer it and offer the classifier's.
            "answer_first": True,
            # A message in fallback because it asks two things: answer the first.
            "read_fallbacks": True,
            # Only clauses that ask something are offered or answered first.
            "questions_only": True,
            # Procedures named in a clause are found by their curated names too.
            "name_lookup": True,
            # Inverse regularisation of the clause classifier.
            "c": 10.0,
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: ClauseModel | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self.offer = set(self.config["offer_intents"])
        self.procedure_names = sorted_phrases(load_curated())
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SecondRequestDetector:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = []
        for message in training_data.intent_examples:
            tokens = message.get(TEXT_TOKENS) or []
            lemmas = tuple(plain_words(t.lemma or t.text) for t in tokens)
            if lemmas and message.get(INTENT):
                examples.append((lemmas, str(message.get(INTENT))))
        self.model = ClauseModel.fit(examples, float(self.config["c"]))
        with self._model_storage.write_to(self._resource) as path:
            meta = {"vocabulary": self.model.vocabulary, "intents": self.model.intents}
            (path / MODEL_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            np.savez(path / WEIGHTS_FILE, idf=self.model.idf, weights=self.model.weights)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SecondRequestDetector:
        try:
            with model_storage.read_from(resource) as path:
                meta = json.loads((path / MODEL_FILE).read_text(encoding="utf-8"))
                with np.load(path / WEIGHTS_FILE, allow_pickle=False) as arrays:
                    idf, weights = arrays["idf"], arrays["weights"]
            vocabulary, intents = meta["vocabulary"], meta["intents"]
        except (ValueError, OSError, KeyError, IndexError) as exc:
            raise ModelLoadError(
                f"SecondRequestDetector: cannot read its clause model from the model: {exc}; "
                "retrain the model (make train)"
            ) from exc
        if weights.shape != (len(vocabulary) + 1, len(intents)) or idf.shape != (len(vocabulary),):
            raise ModelLoadError(
                "SecondRequestDetector: the clause model's shape does not match its "
                "vocabulary; retrain the model (make train)"
            )
        return cls(config, model_storage, resource, ClauseModel(vocabulary, idf, weights, intents))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            reading = self.read(message)
            if reading is None:
                continue
            if reading.answer != (message.get(INTENT) or {}).get("name"):
                self._answer(message, reading.answer)
            message.set(OUTPUT_KEY, reading.offer, add_to_output=True)
        return messages

    def read(self, message: Message) -> Reading | None:
        """What to answer and what to offer, or None for a message asking one thing."""
        text = message.get(TEXT) or ""
        main = str((message.get(INTENT) or {}).get("name"))
        if self.model is None or not text or text.startswith("/"):
            return None
        fallback = main == FALLBACK_INTENT and not message.get(LANGUAGE_KEY)
        if main not in self.offer and not (fallback and self.config["read_fallbacks"]):
            return None
        clauses = clauses_of(message, int(self.config["min_clause_words"]))
        if len(clauses) < 2:
            return None
        probabilities = [self.model.probabilities(c.lemmas) for c in clauses]
        if fallback:
            return self._read_fallback(text, clauses, probabilities)
        main_index = max(range(len(clauses)), key=lambda i: probabilities[i].get(main, 0.0))
        procedures = sorted(
            (e for e in message.get(ENTITIES) or [] if e.get("entity") == PROCEDURE_ENTITY),
            key=lambda e: e.get("start") or 0,
        )
        # action_procedure_info answers the first procedure the message names.
        answered = procedures[0].get("value") if procedures else None
        if main == PROCEDURE_INTENT and procedures:
            main_index = next(
                (i for i, c in enumerate(clauses) if self._inside(procedures[0], c)), main_index
            )
        best: Tuple[float, int, Dict[str, Any]] | None = None
        for index, (clause, probs) in enumerate(zip(clauses, probabilities, strict=True)):
            asked = self._asked_topic(text, clause, probs)
            if index == main_index or asked is None:
                continue
            intent, confidence = asked
            named = [e.get("value") for e in procedures if self._inside(e, clause)]
            if not named and self.config["name_lookup"]:
                named = self.named_procedures(clause)
            offer: Dict[str, Any] = {"intent": intent}
            if intent == PROCEDURE_INTENT:
                others = [n for n in named if n != answered] if intent == main else named
                if others:
                    offer["procedure"] = others[0]
                elif intent == main:
                    continue
            elif intent == main:
                continue
            if best is None or confidence > best[0]:
                best = (confidence, index, offer)
        if best is None:
            return None
        confidence, index, offer = best
        first_asks = not self.config["questions_only"] or is_question(
            text[clauses[index].start : clauses[index].end]
        )
        if (
            self.config["answer_first"]
            and index < main_index
            and offer["intent"] != main
            and first_asks
        ):
            # The earlier question is the main one (people ask the other in passing):
            # answer it, and offer the one the classifier chose.
            swapped: Dict[str, Any] = {"intent": main}
            named = [e.get("value") for e in procedures if self._inside(e, clauses[main_index])]
            if main == PROCEDURE_INTENT and named:
                swapped["procedure"] = named[0]
            main_confidence = float((message.get(INTENT) or {}).get("confidence") or 0.0)
            swapped["confidence"] = round(main_confidence, 3)
            return Reading(answer=offer["intent"], offer=swapped)
        return Reading(answer=main, offer={**offer, "confidence": round(confidence, 3)})

    def _read_fallback(
        self, text: str, clauses: List[Clause], probabilities: List[Dict[str, float]]
    ) -> Reading | None:
        """A message the classifier was unsure about because it asks two things: the
        clauses' own topics, each confident, answer the first and offer the second."""
        asked: List[Tuple[str, Dict[str, Any]]] = []
        for clause, probs in zip(clauses, probabilities, strict=True):
            topic = self._asked_topic(text, clause, probs)
            if topic is None:
                continue
            intent, confidence = topic
            offer: Dict[str, Any] = {"intent": intent, "confidence": round(confidence, 3)}
            named = self.named_procedures(clause)
            if intent == PROCEDURE_INTENT and named:
                offer["procedure"] = named[0]
            if all(intent != i for i, _ in asked):
                asked.append((intent, offer))
        if len(asked) < 2:
            return None
        return Reading(answer=asked[0][0], offer=asked[1][1])

    def _asked_topic(
        self, text: str, clause: Clause, probs: Dict[str, float]
    ) -> Tuple[str, float] | None:
        """The clause's topic and its confidence, if confident and the clause asks."""
        intent, confidence = max(
            ((i, p) for i, p in probs.items() if i in self.offer), key=lambda x: x[1]
        )
        if confidence < float(self.config["min_confidence"]):
            return None
        if self.config["questions_only"] and not is_question(text[clause.start : clause.end]):
            return None
        return intent, confidence

    def named_procedures(self, clause: Clause) -> List[str]:
        """Procedures the clause names, from the curated names (procedure_synonyms.yml)."""
        words = [w for lemma in clause.lemmas for w in lemma.split()]
        keys = [key for _, _, key in longest_matches(words, self.procedure_names)]
        return list(dict.fromkeys(keys))

    @staticmethod
    def _answer(message: Message, intent: str) -> None:
        ranking = list(message.get(INTENT_RANKING_KEY) or [])
        ranked = next((r for r in ranking if r.get("name") == intent), None)
        chosen = {"name": intent, "confidence": (ranked or {}).get("confidence", 0.0)}
        message.set(INTENT, chosen, add_to_output=True)
        rest = [r for r in ranking if r.get("name") != intent]
        message.set(INTENT_RANKING_KEY, [chosen, *rest], add_to_output=True)

    @staticmethod
    def _inside(entity: Dict[str, Any], clause: Clause) -> bool:
        start = entity.get("start")
        return isinstance(start, int) and clause.start <= start < clause.end
