"""One lock around every model load in the server process.

transformers' `from_pretrained` is not thread-safe: while it loads, it swaps process-wide functions
(`PreTrainedModel.tie_weights`, `init_weights` and the `torch.nn.init` functions) for no-ops and puts them
back afterwards. The server loads models in several threads: the embedder in the background, the base model
of a fine-tuning job, a fine-tuned adapter on first use. Two loads at once left the chat model's output layer
untied (random weights) or weight initialisation switched off, and the fine-tuning job failed (notebook 05's
occasional failure). Every model load in the server holds `MODEL_LOADING`.
"""

from __future__ import annotations

import threading

MODEL_LOADING = threading.RLock()
