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
    Still an `nn.Linear` with a `weight` of the right shape and dtype, so PEFT can put a LoRA adapter
    around it. The packed copy holds the numbers: `weight` is kept only where another module shares it
    (tied embeddings), else it is a zero-memory stand-in."""

    def __init__(self, linear: torch.nn.Linear, keep_weight: bool = False):
        torch.nn.Module.__init__(self)  # not nn.Linear.__init__: that would allocate new weights
        self.in_features, self.out_features = linear.in_features, linear.out_features
        self.packed = torch.ops.mkldnn._reorder_linear_weight(linear.weight.detach(), None)
        self.bias = linear.bias
        self.weight = (
            linear.weight
            if keep_weight
            else torch.nn.Parameter(linear.weight.new_zeros(()).expand_as(linear.weight), requires_grad=False)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if torch.is_grad_enabled():
            raise RuntimeError("PackedLinear is for inference only: call the model under torch.inference_mode()")
        return torch.ops.mkldnn._linear_pointwise(x, self.packed, self.bias, "none", [], "")


def pack_linears(model: torch.nn.Module) -> int:
    """Replace every `nn.Linear` of an inference-only `model` by a `PackedLinear`; returns how many."""
    dtype = next(model.parameters()).dtype
    if not can_pack(dtype):
        return 0
    targets = [
        (parent, name, child)
        for parent in model.modules()
        for name, child in parent.named_children()
        if type(child) is torch.nn.Linear
    ]
    linears = {id(child) for _, _, child in targets}
    shared = {p.data_ptr() for m in model.modules() if id(m) not in linears for p in m.parameters(recurse=False)}
    for parent, name, child in targets:
        setattr(parent, name, PackedLinear(child, keep_weight=child.weight.data_ptr() in shared))
    for param in model.parameters():  # copy the rest out of the weights file's memory map, so that the
        if 0 not in param.stride():  # file's pages, read once for packing, are released (-0.2 GB RSS)
            param.data = param.data.clone()
    return len(targets)
