"""Model loads in the server's threads never overlap (helpers/server/loading.py).

The server loads the embedder in a background thread, a fine-tuning job's base model in the job thread and
fine-tuned adapters in the engine thread. transformers' from_pretrained switches weight tying and weight
initialisation off process-wide while it loads, so two loads at once gave a fine-tuning job an untied,
random output layer: notebook 05's job failed now and then. The test holds one load half-way (inside
from_pretrained) and starts the other: the overlap that happened by chance.
"""

from __future__ import annotations

import threading

import torch
from transformers import BertModel, PreTrainedModel

from helpers.models import KIT
from helpers.server.embeddings import Embedder
from helpers.server.lora import load_for_training


def embedder_paused_inside_from_pretrained(monkeypatch) -> tuple[threading.Thread, threading.Event]:
    """Start loading the embedder in a thread and stop it inside from_pretrained until the event is set."""
    inside, release = threading.Event(), threading.Event()
    real_init = BertModel.__init__

    def paused_init(self, *args, **kwargs):
        inside.set()
        release.wait(timeout=30)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(BertModel, "__init__", paused_init)
    loading = threading.Thread(target=lambda: Embedder(KIT["embeddings"].path).model, daemon=True)
    loading.start()
    assert inside.wait(timeout=120), "the embedder never started loading"
    return loading, release


def test_a_fine_tuning_job_loads_a_whole_model_while_the_embedder_loads(monkeypatch):
    kaiming, tie_weights = torch.nn.init.kaiming_uniform_, PreTrainedModel.tie_weights
    loading, release = embedder_paused_inside_from_pretrained(monkeypatch)
    loaded: dict = {}
    job = threading.Thread(target=lambda: loaded.update(model=load_for_training(KIT["chat"].path, 42)[1]))
    job.start()
    job.join(timeout=3)  # a job that does not wait for the embedder is done by now
    release.set()
    loading.join(timeout=120)
    job.join(timeout=120)
    base = loaded["model"].get_base_model()
    assert base.lm_head.weight.data_ptr() == base.model.embed_tokens.weight.data_ptr(), (
        "the job's model was loaded while the embedder loaded: its output layer is not tied to the embeddings"
    )
    assert torch.nn.init.kaiming_uniform_ is kaiming and PreTrainedModel.tie_weights is tie_weights, (
        "weight initialisation or tying is still switched off after both loads"
    )
