"""The fine-tuned sentence encoder that, blended with the learned model, chooses a finding's themes.

A small transformer (all-MiniLM-L6-v2, fine-tuned on the labelled findings by
``benchmarks/themes/finetune_encoder.py``) stored as data beside the ontology:

- ``ontology/themes-encoder.onnx``: the network, int8 weights, run with onnxruntime
  (input: token ids and attention mask; output: one logit per theme);
- ``ontology/themes-encoder-tokenizer.json``: its WordPiece tokenizer (the tokenizers library),
  truncation at the model's ``max_length``;
- ``ontology/themes-encoder.json``: the themes (the order of the logits), ``max_length``, the
  training settings, the SHA-256 of every labelled file it was trained on, and ``blend``: the
  weight of its probabilities against the learned model's, and the threshold and floor the
  blend's probabilities are chosen with (chosen by cross-validation, never on held-out data).

Each text is run alone (a batch of one, one thread), so a finding's probabilities do not depend
on the findings beside it and re-runs give the same numbers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..errors import EncoderError
from ..resources import ontology_dir

MODEL_FILE = "themes-encoder.onnx"
TOKENIZER_FILE = "themes-encoder-tokenizer.json"
CONFIG_FILE = "themes-encoder.json"
ENCODER_VERSION = "ofsted-kg-encoder/1"


@dataclass(frozen=True)
class Blend:
    """How the encoder's and the learned model's probabilities make the final choice:
    ``weight`` * encoder + (1 - ``weight``) * learned, themes at ``threshold`` or above, and when
    none reaches it the best if it reaches ``floor``."""

    weight: float
    threshold: float
    floor: float


class Encoder:
    """A loaded encoder: :meth:`probabilities` of a text for each of :attr:`themes`."""

    def __init__(self, session, tokenizer, themes: tuple[str, ...], blend: Blend, config: dict) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self.themes = themes
        self.blend = blend
        self.config = config

    @classmethod
    def from_dir(cls, folder: Path) -> "Encoder":
        """The encoder whose three files are in ``folder``; :class:`EncoderError` if one is missing or damaged."""
        import onnxruntime
        from tokenizers import Tokenizer

        config_path = folder / CONFIG_FILE
        try:
            config = json.loads(config_path.read_text(encoding="utf-8"))
            themes = tuple(config["themes"])
            max_length = int(config["max_length"])
            blend = Blend(float(config["blend"]["weight"]), float(config["blend"]["threshold"]),
                          float(config["blend"]["floor"]))
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise EncoderError(str(config_path), f"cannot read the encoder's settings: {e}") from e
        try:
            tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        except Exception as e:  # tokenizers raises a bare Exception on a missing or bad file
            raise EncoderError(str(folder / TOKENIZER_FILE), f"cannot load the tokenizer: {e}") from e
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        try:
            session = onnxruntime.InferenceSession(str(folder / MODEL_FILE), options,
                                                   providers=["CPUExecutionProvider"])
        except Exception as e:  # onnxruntime's errors have no common public base class
            raise EncoderError(str(folder / MODEL_FILE), f"cannot load the network: {e}") from e
        outputs = session.get_outputs()[0].shape
        if outputs and isinstance(outputs[-1], int) and outputs[-1] != len(themes):
            raise EncoderError(str(folder / MODEL_FILE),
                               f"the network gives {outputs[-1]} scores but {CONFIG_FILE} names {len(themes)} themes")
        return cls(session, tokenizer, themes, blend, config)

    def logits(self, text: str) -> np.ndarray:
        # (a lone surrogate, which a damaged PDF's text can hold, becomes "?": tokenizers refuses it)
        encoding = self._tokenizer.encode((text or "").encode("utf-8", "replace").decode("utf-8"))
        ids = np.array([encoding.ids], dtype=np.int64)
        mask = np.array([encoding.attention_mask], dtype=np.int64)
        return self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0][0]

    def probabilities(self, text: str) -> dict[str, float]:
        """Each theme's probability for ``text`` (a sigmoid of its logit)."""
        p = 1.0 / (1.0 + np.exp(-self.logits(text).astype(np.float64)))
        return {slug: float(v) for slug, v in zip(self.themes, p)}


@cache
def load_encoder(folder: Path | None = None) -> Encoder:
    """The encoder stored in ``folder`` (default: ``ontology/``), loaded once."""
    return Encoder.from_dir(folder or ontology_dir())
