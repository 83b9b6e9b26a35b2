"""Faster CPU decoding: the chat model's linear layers with their weights packed once, and read as 4 bits.

Decoding one token multiplies a single row by every weight matrix of the model, so a decoding step
costs about the time to read the weights from memory. Two changes make that faster:

1. **Packed once for oneDNN.** PyTorch's default bf16 `linear` re-arranges each weight for oneDNN on
   every call; packing it once, at load time, skips that work (bit-for-bit the same results).
2. **Read as 4 bits while few rows decode.** The kit's chat model ships as GGUF Q4_1: every group of 32
   weights is `scale * code + min` with a 4-bit code. The bf16 copy the server loads holds exactly those
   16 levels per group, so the codes are recovered (`four_bit_codes`) and PyTorch's int4 CPU kernel reads
   a quarter of the bytes: about 2x faster for one to four rows. With more rows that kernel's time grows
   row by row while oneDNN's bf16 barely changes, so batches (and prompts) keep the bf16 path.
   The weights are the same up to bf16 rounding; the answers can differ in a word here and there
   (benchmarks/quality.py measures how often, and the perplexity). A weight that is not 4-bit inside
   (another model, a merged fine-tune) keeps the bf16 path only.

Only for inference: the packed layers have no gradients (fine-tuning loads its own copy in `lora.py`).
Timings: benchmarks/README.md.
"""

from __future__ import annotations

import os

import torch

from ..settings import ENV_FOUR_BIT

GROUP = 32  # weights per GGUF Q4_1 block: one scale and one min each
FOUR_BIT_MAX_ROWS = 4  # measured: up to 4 rows int4 is faster, from 8 rows oneDNN's bf16 is
FOUR_BIT_TOLERANCE = 0.1  # a code's rounding error, in units of its group's scale (bf16 rounding: < 0.05)


def can_pack(dtype: torch.dtype) -> bool:
    """True where this PyTorch and CPU offer oneDNN's packed linear for `dtype`."""
    if dtype == torch.bfloat16:
        return torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported()
    return False


def four_bit_codes(weight: torch.Tensor, group: int = GROUP) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None:
    """(codes 0..15, scales, mins) with `weight ≈ scale * code + min` per `group` inputs of each row, or None
    where `weight` has more than 16 levels in a group (it was not 4-bit)."""
    rows, inputs = weight.shape
    if inputs % group:
        return None
    grouped = weight.detach().float().reshape(rows, inputs // group, group)
    low, high = grouped.amin(-1, keepdim=True), grouped.amax(-1, keepdim=True)
    scale = (high - low) / 15
    scale = torch.where(scale > 0, scale, torch.ones_like(scale))
    scaled = (grouped - low) / scale
    codes = scaled.round()
    if scaled.sub_(codes).abs_().max() > FOUR_BIT_TOLERANCE:  # in place: `scaled` is not used again
        return None
    return codes.to(torch.int32).reshape(rows, inputs), scale.squeeze(-1), low.squeeze(-1)


def pack_four_bit(weight: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor] | None:
    """`weight` as PyTorch's int4 CPU layout (packed codes; bf16 scales and zero points), or None."""
    found = four_bit_codes(weight)
    if found is None:
        return None
    codes, scale, low = found
    packed = torch.ops.aten._convert_weight_to_int4pack_for_cpu(codes, 1)
    # the kernel computes (code - 8) * scale + zero, so zero = min + 8 * scale; shape (groups, rows, 2)
    scales_and_zeros = torch.stack([scale.t(), (low + 8 * scale).t()], dim=-1).to(weight.dtype).contiguous()
    return packed, scales_and_zeros


class PackedLinear(torch.nn.Linear):
    """A frozen `nn.Linear` whose weight was packed once for oneDNN, with a 4-bit copy for few rows where
    the weight is 4-bit inside. Still an `nn.Linear` with a `weight` of the right shape and dtype, so PEFT
    can put a LoRA adapter around it. The packed copies hold the numbers: `weight` is kept only where
    another module shares it (tied embeddings), else it is a zero-memory stand-in."""

    def __init__(self, linear: torch.nn.Linear, keep_weight: bool = False, four_bit: bool = False):
        torch.nn.Module.__init__(self)  # not nn.Linear.__init__: that would allocate new weights
        self.in_features, self.out_features = linear.in_features, linear.out_features
        self.packed = torch.ops.mkldnn._reorder_linear_weight(linear.weight.detach(), None)
        self.four_bit = pack_four_bit(linear.weight) if four_bit else None
        self.bias = linear.bias
        self.weight = (
            linear.weight
            if keep_weight
            else torch.nn.Parameter(linear.weight.new_zeros(()).expand_as(linear.weight), requires_grad=False)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if torch.is_grad_enabled():
            raise RuntimeError("PackedLinear is for inference only: call the model under torch.inference_mode()")
        rows = x.numel() // self.in_features
        if self.four_bit is None or rows > FOUR_BIT_MAX_ROWS:
            return torch.ops.mkldnn._linear_pointwise(x, self.packed, self.bias, "none", [], "")
        codes, scales_and_zeros = self.four_bit
        flat = x.reshape(rows, self.in_features).contiguous()
        y = torch.ops.aten._weight_int4pack_mm_for_cpu(flat, codes, GROUP, scales_and_zeros)
        if self.bias is not None:
            y = y + self.bias
        return y.reshape(*x.shape[:-1], self.out_features)


def four_bit_wanted() -> bool:
    """The 4-bit path unless COURSE_FOUR_BIT=0 (to compare with bf16 only)."""
    return os.environ.get(ENV_FOUR_BIT, "1") != "0"


def pack_linears(model: torch.nn.Module, four_bit: bool | None = None) -> int:
    """Replace every `nn.Linear` of an inference-only `model` by a `PackedLinear`; returns how many.
    `four_bit` (default: `four_bit_wanted()`): also keep a 4-bit copy of each weight that is 4-bit inside;
    the head, tied to the token embeddings (8-bit in the GGUF file), is never one."""
    dtype = next(model.parameters()).dtype
    if not can_pack(dtype):
        return 0
    four_bit = four_bit_wanted() if four_bit is None else four_bit
    targets = [
        (parent, name, child)
        for parent in model.modules()
        for name, child in parent.named_children()
        if type(child) is torch.nn.Linear
    ]
    linears = {id(child) for _, _, child in targets}
    shared = {p.data_ptr() for m in model.modules() if id(m) not in linears for p in m.parameters(recurse=False)}
    for parent, name, child in targets:
        tied = child.weight.data_ptr() in shared
        setattr(parent, name, PackedLinear(child, keep_weight=tied, four_bit=four_bit and not tied))
    for param in model.parameters():  # copy the rest out of the weights file's memory map, so that the
        if 0 not in param.stride():  # file's pages, read once for packing, are released (-0.2 GB RSS)
            param.data = param.data.clone()
    return len(targets)


def count_four_bit(model: torch.nn.Module) -> int:
    """How many of `model`'s layers have a 4-bit copy."""
    return sum(isinstance(m, PackedLinear) and m.four_bit is not None for m in model.modules())
