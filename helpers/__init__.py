"""Shared helpers for the Generative AI course notebooks."""
from .client import current_mode, show_mode
from .doctor import doctor
from .exercises import check, show_solution
from .keys import find_openai_key, mask
from .models import KIT, model_for, prepare
from .settings import Mode, detect_mode, in_colab

__all__ = ["KIT", "Mode", "check", "current_mode", "detect_mode", "doctor", "find_openai_key", "in_colab", "mask", "model_for",
           "prepare", "show_mode", "show_solution"]
from .display import bar_chart, show_messages, token_table  # noqa: E402
from .pricing import estimate_cost, format_usd, price_table  # noqa: E402

__all__ += ["bar_chart", "show_messages", "token_table", "estimate_cost", "format_usd", "price_table"]
from .quizzes import QUIZZES  # noqa: E402
from .widgets import chat, playground, quiz, token_viewer  # noqa: E402

__all__ += ["QUIZZES", "chat", "playground", "quiz", "token_viewer"]
from .client import chat_model, embedding_model, get_async_client, get_client, server_info, stop_server  # noqa: E402

__all__ += ["chat_model", "embedding_model", "get_async_client", "get_client", "server_info", "stop_server"]
from .settings import DATA_DIR, PROJECT_ROOT  # noqa: E402

__all__ += ["DATA_DIR", "PROJECT_ROOT"]
from .client import is_local, local_fallback  # noqa: E402
from .probe import server_checks_keys, server_lacks  # noqa: E402  (helpers.probe stays the module)

__all__ += ["is_local", "local_fallback", "server_checks_keys", "server_lacks"]
from .retrieval import hit_rate, load_corpus, load_jsonl, looks_like_injection, passages, top_k  # noqa: E402

__all__ += ["hit_rate", "load_corpus", "load_jsonl", "looks_like_injection", "passages", "top_k"]
