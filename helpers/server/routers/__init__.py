"""The HTTP routes, one router per area of the OpenAI API (as vLLM's and llama-cpp-python's servers do)."""

from . import audio, chat, embeddings, files, fine_tuning, lora, models

ALL = [models.router, chat.router, embeddings.router, files.router, fine_tuning.router, lora.router, audio.router]
