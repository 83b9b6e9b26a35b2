"""helpers/diffusion.py: noise really destroys the image, and the reverse process really brings one back."""

import numpy as np

from helpers.diffusion import STEPS, add_noise, alpha_bars, figure, generate, ideal_denoiser, shapes

IMAGES = list(shapes().values())


def test_the_schedule_goes_from_clean_to_noise():
    bars = alpha_bars()
    assert len(bars) == STEPS and bars[0] > 0.99 and bars[-1] < 0.001 and np.all(np.diff(bars) < 0)


def test_add_noise_mixes_image_and_noise():
    clean, noise = IMAGES[0], np.random.default_rng(0).standard_normal(IMAGES[0].shape)
    assert np.allclose(add_noise(clean, noise, 1.0), clean)
    last = add_noise(clean, noise, alpha_bars()[-1])
    assert np.corrcoef(last.ravel(), noise.ravel())[0, 1] > 0.99  # after the last step: noise only


def test_the_ideal_denoiser_finds_the_image_behind_light_noise():
    noise = np.random.default_rng(1).standard_normal(IMAGES[2].shape)
    guess = ideal_denoiser(add_noise(IMAGES[2], noise, 0.9), 0.9, IMAGES)
    assert np.allclose(guess, IMAGES[2], atol=1e-6)


def test_generation_from_noise_ends_on_a_clean_training_image():
    finals = [generate(seed, IMAGES)[-1] for seed in range(6)]
    matches = [next(i for i, image in enumerate(IMAGES) if np.allclose(final, image, atol=1e-3)) for final in finals]
    assert len(set(matches)) > 1  # different noise, different pictures


def test_figure_shows_both_directions():
    import matplotlib

    matplotlib.use("Agg")
    fig = figure(IMAGES[0], generate(3, IMAGES), seed=0)
    assert len(fig.axes) == 12
