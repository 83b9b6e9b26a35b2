"""How image models generate (diffusion), shown on tiny 16x16 images with numpy: no trained network.

Forward: mix an image with Gaussian noise, a little more at each step, until only noise is left.
Reverse: start from pure noise and repeatedly ask a denoiser "what clean image is in here?", stepping
back towards it. A real model (Stable Diffusion, GPT Image) trains a neural network to answer that question
for billions of images, guided by a text prompt. Here the "training set" is four shapes, so the ideal
denoiser can be computed exactly (`ideal_denoiser`): it is what a network trained on these four images
would learn, and it can only ever draw one of them back.
"""

from __future__ import annotations

import numpy as np

SIZE = 16
STEPS = 50


def shapes(size: int = SIZE) -> dict[str, np.ndarray]:
    """Four clean images, pixel values in [-1, 1] (-1 black, 1 white)."""
    y, x = np.mgrid[:size, :size] / (size - 1) * 2 - 1  # coordinates from -1 to 1
    masks = {
        "disc": x**2 + y**2 < 0.5,
        "square": (abs(x) < 0.6) & (abs(y) < 0.6),
        "cross": (abs(x) < 0.2) | (abs(y) < 0.2),
        "ring": abs(np.sqrt(x**2 + y**2) - 0.65) < 0.18,
    }
    return {name: np.where(mask, 1.0, -1.0) for name, mask in masks.items()}


def alpha_bars(steps: int = STEPS) -> np.ndarray:
    """How much of the clean image is left after each step t = 1..steps (1 = none added, near 0 = all noise)."""
    betas = np.linspace(1e-3, 0.35, steps)  # the share of noise added at each step
    return np.cumprod(1 - betas)


def add_noise(x0: np.ndarray, noise: np.ndarray, alpha_bar: float) -> np.ndarray:
    """The noisy image at a step: sqrt(alpha_bar) * clean + sqrt(1 - alpha_bar) * noise."""
    return np.sqrt(alpha_bar) * x0 + np.sqrt(1 - alpha_bar) * noise


def ideal_denoiser(x_t: np.ndarray, alpha_bar: float, images: list[np.ndarray]) -> np.ndarray:
    """The best guess of the clean image behind x_t: the training images weighted by how well each explains it."""
    distances = np.array([np.sum((x_t - np.sqrt(alpha_bar) * image) ** 2) for image in images])
    logits = -distances / (2 * (1 - alpha_bar))
    weights = np.exp(logits - logits.max())
    weights /= weights.sum()
    return np.tensordot(weights, np.stack(images), axes=1)


def generate(seed: int, images: list[np.ndarray], steps: int = STEPS) -> list[np.ndarray]:
    """Reverse diffusion (deterministic DDIM steps) from seeded pure noise; returns every step's image."""
    bars = alpha_bars(steps)
    x = np.random.default_rng(seed).standard_normal(images[0].shape)
    path = [x]
    for t in range(steps - 1, -1, -1):
        x0_guess = ideal_denoiser(x, bars[t], images)
        noise_guess = (x - np.sqrt(bars[t]) * x0_guess) / np.sqrt(1 - bars[t])  # the noise it thinks is in x
        previous = bars[t - 1] if t > 0 else 1.0
        x = add_noise(x0_guess, noise_guess, previous)  # one step back: less noise, same guess
        path.append(x)
    return path


def figure(clean: np.ndarray, path: list[np.ndarray], seed: int = 0, shown: int = 6):
    """Two rows: noise added step by step to `clean` (noise from `seed`), and a generation `path` from noise."""
    import matplotlib.pyplot as plt

    bars = alpha_bars()
    picks = np.linspace(0, STEPS - 1, shown).astype(int)
    noise = np.random.default_rng(seed).standard_normal(clean.shape)
    forward = [clean] + [add_noise(clean, noise, bars[t]) for t in picks[1:]]
    back_picks = np.linspace(0, len(path) - 1, shown).astype(int)
    fig, axes = plt.subplots(2, shown, figsize=(1.6 * shown, 3.6))
    rows = (
        ("adding noise", forward, ["clean"] + [f"step {t + 1}" for t in picks[1:]]),
        ("removing it", [path[i] for i in back_picks], [f"{len(path) - 1 - i} steps left" for i in back_picks]),
    )
    for row, (label, pictures, titles) in zip(axes, rows):
        row[0].set_ylabel(label)
        for ax, picture, title in zip(row, pictures, titles):
            ax.imshow(picture, cmap="gray", vmin=-2, vmax=2)
            ax.set_title(title, fontsize=9)
            ax.set_xticks([])
            ax.set_yticks([])
    fig.tight_layout()
    return fig
