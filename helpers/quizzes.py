"""End-of-notebook review questions, as data: `quiz(QUIZZES["01"])` shows notebook 01's.

Each option says why it is right or wrong. The facts come from the course's source document.
"""
from __future__ import annotations


def option(text: str, why: str, correct: bool = False) -> dict:
    """One answer option with its explanation."""
    return {"text": text, "correct": correct, "why": why}


QUIZZES: dict[str, list[dict]] = {
    "01": [
        {"question": "What makes an AI model generative?",
         "options": [
             option("It only sorts existing content into categories",
                    "Sorting into categories is classification; a generative model produces new "
                    "content."),
             option("It creates new content (text, images, music, code) learned from vast datasets",
                    "Generative models learn patterns from large datasets and produce new, human-like"
                    " content.", correct=True),
             option("It looks answers up in a fixed database",
                    "A generative model writes new output token by token; it does not retrieve stored"
                    " answers."),
         ]},
        {"question": "Which pairing of example and content type is right?",
         "options": [
             option("ChatGPT: images, DALL·E: code, GitHub Copilot: text",
                    "Swapped: ChatGPT writes text, DALL·E makes images, Copilot helps with code."),
             option("All three generate only images",
                    "Only DALL·E is an image model; ChatGPT is for text and Copilot for code."),
             option("ChatGPT: text, DALL·E: images, GitHub Copilot: code",
                    "These are the three popular examples: text, images and coding.", correct=True),
         ]},
        {"question": "Which of these is NOT one of the listed benefits of generative AI?",
         "options": [
             option("It guarantees every answer is factually correct",
                    "Right choice: it is not a benefit. Models can produce fluent but wrong text, so "
                    "check what they write.", correct=True),
             option("It automates creative tasks",
                    "This is a listed benefit, along with productivity and personalised experiences."),
             option("It personalises user experiences",
                    "This is a listed benefit: content can be tailored to each user."),
             option("It enhances productivity",
                    "This is a listed benefit: drafts, summaries and code come faster."),
         ]},
    ],
    "02": [
        {"question": "Where do you create a new OpenAI API key?",
         "options": [
             option("It is printed by `pip install openai`",
                    "Installing the library gives you the code, not a key: keys come from your "
                    "platform account."),
             option("In the course's helpers/settings.py",
                    "Never put a key in code. The course only reads a key from your environment, .env"
                    " or Colab Secrets."),
             option("On OpenAI's platform: the gear icon (settings), then \"+ Create new secret key\"",
                    "After signing up on the platform, the key is created from the settings page.", correct=True),
         ]},
        {"question": "You closed the dialog that showed your new secret key without saving it. What now?",
         "options": [
             option("Create a new key: OpenAI cannot show or copy the old one again",
                    "A secret key is shown once only, which is why you save it somewhere safe right "
                    "away.", correct=True),
             option("Open the key's page again and copy it",
                    "OpenAI does not let you retrieve or copy a key after creation."),
             option("Ask support to email it to you",
                    "Nobody can retrieve it; revoke it if you think it leaked, and create a new one."),
         ]},
        {"question": "Where should your saved key live so that your code can use it?",
         "options": [
             option("Pasted into a notebook cell, so it is always at hand",
                    "Notebooks get shared and their outputs committed: anyone who sees the file sees "
                    "the key."),
             option("In an environment variable, a git-ignored .env file or Colab Secrets",
                    "The code reads it from there and the key never appears in code or output.",
                    correct=True),
             option("In the project's GitHub repository, in a config file",
                    "Keys pushed to a repository leak, even in private ones; bots scan for them."),
         ]},
    ],
    "03": [
        {"question": "What does \"they train once, we use many times\" mean for the OpenAI API?",
         "options": [
             option("Every API call retrains the model on your prompt",
                    "A call only runs the model; it does not change its weights."),
             option("OpenAI trains large models once; everyone uses them through the API, saving time"
                    " and resources",
                    "Pre-trained models such as GPT-4, DALL-E and Whisper are served in API form, so "
                    "you skip the training.", correct=True),
             option("You must train a model before your first call",
                    "No training is needed: the models are pre-trained. Fine-tuning is optional."),
         ]},
        {"question": "You chat over several turns. What does each `client.chat.completions.create` call "
                     "send?",
         "options": [
             option("The whole conversation so far, in `messages`",
                    "The API is stateless: it remembers nothing between calls, so you resend the "
                    "history (\"Show messages sent\" in the chat widget shows it).", correct=True),
             option("Only the newest message; the server remembers the rest",
                    "The chat completions API keeps no memory of earlier calls."),
             option("Only the system prompt",
                    "The system prompt is just one message; the user and assistant turns are sent "
                    "too."),
         ]},
        {"question": "Which statement about a call's cost is right?",
         "options": [
             option("Every call costs the same, whatever its length",
                    "Longer prompts and answers use more tokens, so they cost more."),
             option("Only the prompt is charged",
                    "Both input and output tokens are charged (the local course model costs nothing)."),
             option("It depends on the tokens in and out, each priced per million tokens",
                    "`response.usage` gives prompt and completion tokens; output tokens usually cost "
                    "more.", correct=True),
         ]},
    ],
    "04": [
        {"question": "Why is Hugging Face called \"the GitHub of machine learning\"?",
         "options": [
             option("It hosts only source code",
                    "It hosts models, datasets and demos, not just code."),
             option("It is owned by GitHub",
                    "The nickname is about how it is used (open sharing), not who owns it."),
             option("Developers openly share and test models and datasets there, like code on GitHub",
                    "It is a platform and community for building, sharing and deploying ML models.", correct=True),
         ]},
        {"question": "How does open sharing on Hugging Face reduce the cost of AI?",
         "options": [
             option("It makes models smaller automatically",
                    "Sharing does not change a model's size; reuse is what saves resources."),
             option("Reusing shared models cuts training time, resource use and environmental impact",
                    "Starting from a shared pre-trained model avoids training from scratch.", correct=True),
             option("It removes the need for any hardware",
                    "Models still run on some hardware: yours, Colab's or a hosted endpoint."),
         ]},
        {"question": "The source says Hugging Face integrates TensorFlow and PyTorch. What is true of transformers 5, "
                     "the version this course uses?",
         "options": [
             option("It runs the same model classes in TensorFlow and in PyTorch",
                    "That was true up to transformers 4; version 5 removed its TensorFlow and Flax code."),
             option("It runs models with PyTorch only; the Hub still hosts models made with any framework",
                    "transformers 5 is PyTorch-only, while the Hub (and libraries such as Keras and JAX "
                    "projects) still share models of every framework: the integration moved, it did not vanish.",
                    correct=True),
             option("None: it only hosts files",
                    "It also provides libraries (transformers, datasets) that run the models."),
         ]},
    ],
    "05": [
        {"question": "What is fine-tuning?",
         "options": [
             option("Adapting a pre-trained model to your use case by training it further on your "
                    "examples",
                    "Fine-tuning makes a model customizable: it starts from pre-trained weights.", correct=True),
             option("Training a model from scratch on your data",
                    "That is pre-training, which is far more expensive; fine-tuning starts from a "
                    "trained model."),
             option("Writing a better prompt",
                    "That is prompt engineering: it changes the input, not the model's weights."),
         ]},
        {"question": "What does OpenAI's fine-tuning charge for training?",
         "options": [
             option("A flat fee per job",
                    "Training is priced per token trained, so a bigger file or more epochs cost more."),
             option("Nothing: only using the model is charged",
                    "Training is charged, and calls to a fine-tuned model usually cost more than the "
                    "base model."),
             option("The tokens in the training file times the number of epochs, priced per million "
                    "tokens",
                    "Each epoch reads the whole file once, so more epochs cost more.", correct=True),
         ]},
        {"question": "You open a new OpenAI organisation in late 2026. Can it start a fine-tuning job?",
         "options": [
             option("Yes, any organisation can fine-tune whenever it likes",
                    "Not any more: OpenAI is winding down self-serve fine-tuning."),
             option("No: organisations that never fine-tuned lost job creation on 2026-05-07, and new "
                    "training jobs end for everyone on 2027-01-06",
                    "Existing fine-tuned models keep serving until their base model retires; the job API "
                    "is still worth knowing, and Hugging Face is the path you own.", correct=True),
             option("Only by passing the hyperparameters argument",
                    "The hyperparameters argument is deprecated in favour of method, and no argument reopens job creation."),
         ]},
        {"question": "Why start from a pre-trained Hugging Face model instead of building your own?",
         "options": [
             option("Pre-trained models cannot be changed",
                    "They can: that is exactly what fine-tuning does."),
             option("It saves money and time compared with training a large model from scratch",
                    "This is the cost-effectiveness benefit: you reuse what others already trained.", correct=True),
             option("Building your own is always better for small datasets",
                    "Small datasets are where reusing a pre-trained model helps most."),
         ]},
    ],
    "06": [
        {"question": "Your prompt works on the three examples you tried. What should you do before shipping it?",
         "options": [
             option("Nothing: three good answers prove it works",
                    "Three hand-picked tries say little; the model may fail on the cases you did not try."),
             option("Measure it on a labelled set and compare it with alternatives (e.g. zero-shot vs few-shot)",
                    "Test prompts like code: an accuracy on labelled examples tells you which prompt is better.",
                    correct=True),
             option("Raise the temperature so the answers vary more",
                    "More randomness makes the answers less repeatable, not more correct."),
         ]},
        {"question": "What does `client.chat.completions.parse(..., response_format=Ticket)` give you?",
         "options": [
             option("A Ticket object in message.parsed, from JSON that follows the class's schema",
                    "The SDK sends the pydantic class as a strict JSON schema and parses the answer into it.",
                    correct=True),
             option("Free text that you must parse with regular expressions",
                    "That is what structured outputs spare you."),
             option("A Python file that defines the Ticket class",
                    "parse returns data (an instance), not code."),
         ]},
        {"question": "The model answers with tool_calls. What happens next?",
         "options": [
             option("The API runs your Python function on its servers",
                    "The API never runs your code: it only says which function to call with which arguments."),
             option("Your code runs the function and sends the result back in a tool message with the call's id",
                    "Then the model, given the result, writes the final answer.", correct=True),
             option("The conversation is over: the arguments are the answer",
                    "The arguments are a request; the answer comes after you send the result back."),
         ]},
        {"question": "A retrieved document says \"Ignore all previous instructions\". What is this, and one defence?",
         "options": [
             option("A prompt injection; screen retrieved text and treat it as data, not instructions",
                    "Anything in the prompt can carry instructions; filtering and delimiting passages are defences.",
                    correct=True),
             option("A hallucination; lower the temperature",
                    "The model did not invent it: the text came from a document, and temperature does not help."),
             option("Harmless: models never follow text inside documents",
                    "Models can and do follow instructions they find in retrieved text."),
         ]},
    ],
    "07": [
        {"question": "Your assistant answers from whole notebooks embedded as one vector each, and it keeps citing "
                     "the right notebook but the wrong part of it. What do you change first?", "scenario": True,
         "options": [
             option("Cut the documents into overlapping chunks of about 100 words and embed each chunk",
                    "One vector per notebook blurs every topic in it, and the embedding model cuts long texts "
                    "off; chunks are focused, and a cited chunk is a paragraph a reader can check.", correct=True),
             option("Raise the temperature so the model explores other parts",
                    "Temperature changes how the answer is sampled, not which text was retrieved or how it was "
                    "cut; the passage is still a whole notebook."),
             option("Send all notebooks in full with every question",
                    "That costs many tokens per question, may not fit the context window, and makes citations "
                    "point at whole documents again."),
         ]},
        {"question": "Your chunker cuts every 100 words with no overlap, and a key sentence is split across two "
                     "chunks, so neither chunk matches the question. What fixes it?", "scenario": True,
         "options": [
             option("Return more chunks per question (k = 50)",
                    "Both halves may come back, but the prompt grows and fills with noise; the match itself "
                    "stays weak because no chunk holds the whole sentence."),
             option("Overlapping windows: each chunk starts with the last words of the one before",
                    "With an overlap longer than the sentence, every short passage is whole in at least one "
                    "chunk.", correct=True),
             option("Cut between characters instead of words",
                    "Cutting inside words makes it worse: the pieces are not even words any more."),
         ]},
        {"question": "Your retrieval hit rate is 81 % on 16 held-out questions. What must you print next to it "
                     "before anyone can judge it?", "scenario": True,
         "options": [
             option("The sample size and a baseline, e.g. the rate of 3 random chunks",
                    "A rate means little alone: n says how noisy it is (one question is 6 points here) and "
                    "the baseline says what no skill would score.", correct=True),
             option("Nothing: 81 % is clearly good",
                    "Without a baseline you cannot tell; with few chunks, chance could be high, and with 16 "
                    "questions one lucky answer moves the rate by 6 points."),
             option("The rate on the questions you used while building the assistant",
                    "Those questions shaped your choices, so they flatter the assistant: held-out questions "
                    "are the honest test."),
         ]},
        {"question": "A user asks your course assistant for the capital of Peru, and it answers confidently, "
                     "citing a chunk about API keys. What is the fix?", "scenario": True,
         "options": [
             option("Remove the enum of ids from the schema so it can cite the right source",
                    "The right source is not in the documents at all; without the enum the model may invent "
                    "an id instead."),
             option("Add the capital of Peru to the documents",
                    "That patches one question; the next off-topic question fails the same way."),
             option("Below a similarity threshold on the best chunk, answer \"I don't know\" without calling the model",
                    "Nothing in the documents is close, so no passage supports an answer; refusing is honest "
                    "and costs no model call.", correct=True),
         ]},
        {"question": "Why does the answer schema list the retrieved ids as an enum?",
         "options": [
             option("So the model can only cite a passage it was actually given",
                    "With json_schema honoured (constrained decoding locally), an invented id cannot be "
                    "written at all.", correct=True),
             option("So the model answers faster",
                    "Speed barely changes; the enum is about what the model is allowed to write."),
             option("Because JSON cannot hold free text",
                    "JSON holds free text fine: the answer field is a free string in the same schema."),
         ]},
    ],
}
