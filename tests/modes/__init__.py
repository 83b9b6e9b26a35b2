"""The modes matrix harness: fake Colab, Prism serving OpenAI's spec, stock `transformers serve`."""
