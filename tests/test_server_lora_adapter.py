"""POST /v1/load_lora_adapter (vLLM's endpoint): a learner's saved LoRA adapter becomes a model the client calls."""

from __future__ import annotations

import json
import shutil

import openai
import pytest
import torch

from helpers.models import KIT
from helpers.settings import LOCAL_CHAT_MODEL

QUESTION = [{"role": "user", "content": "What is the capital of France?"}]


@pytest.fixture(scope="module")
def adapter_dir(tmp_path_factory):
    """A LoRA adapter saved as a learner's notebook saves one: random (not zero) LoRA weights, so it answers
    differently from the base model."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(0)
    base = AutoModelForCausalLM.from_pretrained(KIT["chat"].path, dtype=torch.bfloat16)
    config = LoraConfig(
        r=4, lora_alpha=64, target_modules=["q_proj", "v_proj"], init_lora_weights=False, task_type="CAUSAL_LM"
    )
    folder = tmp_path_factory.mktemp("learner") / "pirate-lora"
    get_peft_model(base, config).save_pretrained(folder)
    return folder


def load(client, name: str, path) -> str:
    return client.post("/load_lora_adapter", body={"lora_name": name, "lora_path": str(path)}, cast_to=str)


def ask(client, model: str) -> str:
    response = client.chat.completions.create(model=model, messages=QUESTION, temperature=0, max_completion_tokens=8)
    return response.choices[0].message.content


def test_a_saved_adapter_is_served_under_its_name(client, adapter_dir):
    assert "added successfully" in load(client, "learner-lora", adapter_dir)
    assert "learner-lora" in [m.id for m in client.models.list()]
    assert ask(client, "learner-lora") != ask(client, LOCAL_CHAT_MODEL)  # the adapter's weights are used


def test_deleting_the_model_keeps_the_learners_folder(client, adapter_dir):
    load(client, "learner-lora-2", adapter_dir)
    client.models.delete("learner-lora-2")
    assert "learner-lora-2" not in [m.id for m in client.models.list()]
    assert (adapter_dir / "adapter_model.safetensors").is_file()


def test_bad_adapters_are_refused_with_the_reason(client, adapter_dir, tmp_path):
    with pytest.raises(openai.NotFoundError, match="adapter_config.json"):
        load(client, "nothing-there", tmp_path)
    pickled = tmp_path / "pickled"
    pickled.mkdir()
    shutil.copy(adapter_dir / "adapter_config.json", pickled)
    (pickled / "adapter_model.bin").write_bytes(b"not read")
    with pytest.raises(openai.BadRequestError, match="pickled"):
        load(client, "pickled", pickled)
    other = tmp_path / "other-base"
    shutil.copytree(adapter_dir, other)
    config = json.loads((other / "adapter_config.json").read_text())
    (other / "adapter_config.json").write_text(json.dumps({**config, "base_model_name_or_path": "Qwen/Qwen3-0.6B"}))
    with pytest.raises(openai.BadRequestError, match="trained on"):
        load(client, "other-base", other)
    with pytest.raises(openai.BadRequestError, match="absolute"):
        load(client, "relative", "pirate-lora")
    with pytest.raises(openai.BadRequestError, match="already exists"):
        load(client, LOCAL_CHAT_MODEL, adapter_dir)
