"""Faster CPU decoding: the chat model's linear layers with their weights packed once for oneDNN.

Decoding one token multiplies a single row by every weight matrix of the model. PyTorch's default bf16
`linear` re-arranges each weight for oneDNN on every call; packing the weights once, at load time,
skips that work: 40 ms -> 31 ms per decoding step for SmolLM2-135M on 2 cores (see benchmarks/README.md).
The results are bit-for-bit the same as the default path (tests/test_server_engine.py checks it), so
answers do not change. Only for inference: the packed layers have no gradients (fine-tuning loads its
own copy of the model in `lora.py`).
"""
from __future__ import annotations

import torch


def can_pack(dtype: torch.dtype) -> bool:
    """True where this PyTorch and CPU offer oneDNN's packed linear for `dtype`."""
    if dtype == torch.bfloat16:
        return torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported()
    return False


class PackedLinear(torch.nn.Linear):
    """A frozen `nn.Linear` whose weight was packed once for oneDNN (same results, less work per call).
    Still an `nn.Linear` with its `weight`, so PEFT can put a LoRA adapter around it and tied embeddings
    stay tied."""

    def __init__(self, linear: torch.nn.Linear):
        torch.nn.Module.__init__(self)  # not nn.Linear.__init__: that would allocate new weights
        self.in_features, self.out_features = linear.in_features, linear.out_features
        self.weight, self.bias = linear.weight, linear.bias
        self.packed = torch.ops.mkldnn._reorder_linear_weight(linear.weight.detach(), None)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if torch.is_grad_enabled():  # the packed product has no gradient: use the plain one
            return super().forward(x)
        return torch.ops.mkldnn._linear_pointwise(x, self.packed, self.bias, "none", [], "")


def pack_linears(model: torch.nn.Module) -> int:
    """Replace every `nn.Linear` of an inference-only `model` by a `PackedLinear`; returns how many."""
    dtype = next(model.parameters()).dtype
    if not can_pack(dtype):
        return 0
    targets = [(parent, name, child) for parent in model.modules() for name, child in parent.named_children()
               if type(child) is torch.nn.Linear]
    for parent, name, child in targets:
        setattr(parent, name, PackedLinear(child))
    return len(targets)
