"""Stand-in for the `google` namespace that Colab preinstalls (tests only)."""
