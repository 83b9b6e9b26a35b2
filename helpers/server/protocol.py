"""Typed request bodies, following the OpenAI API's types (openai-python's `*_create_params`).

Every route validates its body with one of these models before doing any work: a wrong type, a value
out of range or a missing field becomes a 400 in OpenAI's error shape that names the parameter
(`errors.invalid`). Types are strict (no "5" for 5, no true for 1), as OpenAI's are. Unknown fields are
accepted, and logged as ignored (`support.py` says which OpenAI parameters are honoured, refused or
ignored). What the local model cannot do (images in messages, n > 1) is checked later, in `params`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator
from typing_extensions import TypedDict

INT64 = 2**63
Seed = Annotated[int, Field(ge=-INT64, le=INT64 - 1)]
Auto = Literal["auto"]
MAX_TEXT_CHARS = 10 * 2**20  # OpenAI's limit on one string


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")


class ContentPart(Strict):
    """A part of a message's content; only text parts carry `text` (others are refused in `params`)."""

    type: str
    text: Annotated[str, Field(max_length=MAX_TEXT_CHARS)] | None = None

    @model_validator(mode="after")
    def _text_parts_have_text(self) -> "ContentPart":
        if self.type in TEXT_PARTS and self.text is None:
            raise ValueError(f"a '{self.type}' part needs a `text` string")
        return self


TEXT_PARTS = ("text", "input_text", "output_text")
Content = Annotated[str, Field(max_length=MAX_TEXT_CHARS)] | list[ContentPart]


class FunctionCall(TypedDict):
    name: str
    arguments: str


class ToolCall(TypedDict):
    """An assistant message's earlier tool call, sent back in the conversation (read by structured.chat_history)."""

    id: str
    type: Literal["function"]
    function: FunctionCall


class ChatMessage(Strict):
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: Content | None = None
    name: str | None = None
    tool_calls: list[ToolCall] | None = None
    tool_call_id: str | None = None


class StreamOptions(Strict):
    include_usage: bool | None = None


# --- structured outputs and tools (read by structured.py) ---
Name = Annotated[str, Field(pattern=r"^[a-zA-Z0-9_-]+$", max_length=64)]  # OpenAI's rule for schema and tool names
JsonSchema = dict  # a JSON Schema object; llguidance compiles it (structured.py), a bad one is a 400 there


class TextFormat(Strict):
    type: Literal["text"]


class JsonObjectFormat(Strict):
    type: Literal["json_object"]


class SchemaSpec(Strict):
    """A named JSON schema: Chat's `response_format.json_schema`, or the body of Responses' `text.format`."""

    model_config = ConfigDict(strict=True, extra="allow", populate_by_name=True)
    name: Name
    description: str | None = None
    schema_: JsonSchema | None = Field(None, alias="schema")
    strict: bool | None = None


class JsonSchemaFormat(Strict):
    """Chat Completions: {"type": "json_schema", "json_schema": {"name", "schema", "strict"}}."""

    type: Literal["json_schema"]
    json_schema: SchemaSpec


class FlatJsonSchemaFormat(SchemaSpec):
    """Responses: {"type": "json_schema", "name", "schema", "strict"} (the spec is not nested)."""

    type: Literal["json_schema"]


def _by_type(value: object) -> str | None:
    """The union member a format dict is checked against, named by its class (errors name no tag)."""
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return {"text": "Text", "json_object": "JsonObject", "json_schema": "JsonSchema"}.get(kind)  # type: ignore[arg-type]


FORMAT_TYPES = Discriminator(
    _by_type,
    custom_error_type="format_type",
    custom_error_message="`type` must be 'text', 'json_object' or 'json_schema'",
)
ResponseFormat = Annotated[
    Annotated[TextFormat, Tag("Text")]
    | Annotated[JsonObjectFormat, Tag("JsonObject")]
    | Annotated[JsonSchemaFormat, Tag("JsonSchema")],
    FORMAT_TYPES,
]
TextFormats = Annotated[
    Annotated[TextFormat, Tag("Text")]
    | Annotated[JsonObjectFormat, Tag("JsonObject")]
    | Annotated[FlatJsonSchemaFormat, Tag("JsonSchema")],
    FORMAT_TYPES,
]


class TextConfig(Strict):
    """Responses' `text`: the answer's format (and a verbosity the local model cannot honour)."""

    format: TextFormats | None = None
    verbosity: Literal["low", "medium", "high"] | None = None


class FunctionSpec(Strict):
    """A function the model may call: its name, what it does, and its arguments as a JSON schema."""

    name: Name
    description: str | None = None
    parameters: JsonSchema | None = None
    strict: bool | None = None


FUNCTION_TOOLS_ONLY = "the course server supports function tools only: {'type': 'function', ...}"


class ChatTool(Strict):
    """Chat Completions: {"type": "function", "function": {"name", "parameters"}}."""

    type: str
    function: FunctionSpec | None = None

    @model_validator(mode="after")
    def _function_only(self) -> "ChatTool":
        if self.type != "function" or self.function is None:
            raise ValueError(FUNCTION_TOOLS_ONLY)
        return self

    def spec(self) -> FunctionSpec:
        return self.function  # type: ignore[return-value]


class ResponsesTool(Strict):
    """Responses: {"type": "function", "name", "parameters"} (flat)."""

    type: str
    name: Name | None = None
    description: str | None = None
    parameters: JsonSchema | None = None
    strict: bool | None = None

    @model_validator(mode="after")
    def _function_only(self) -> "ResponsesTool":
        if self.type != "function" or self.name is None:
            raise ValueError(FUNCTION_TOOLS_ONLY)
        return self

    def spec(self) -> FunctionSpec:
        return FunctionSpec(name=self.name, description=self.description, parameters=self.parameters)


class NamedFunction(Strict):
    name: str


class ChatToolChoice(Strict):
    """Chat: {"type": "function", "function": {"name": ...}} forces that function."""

    type: Literal["function"]
    function: NamedFunction


class ResponsesToolChoice(Strict):
    """Responses: {"type": "function", "name": ...} forces that function."""

    type: Literal["function"]
    name: str


ToolMode = Literal["none", "auto", "required"]


@dataclass(frozen=True)
class EngineSettings:
    """What a request asks of the engine (engine.Generation's settings), under the engine's own names."""

    temperature: float = 1.0
    top_p: float = 1.0
    seed: int | None = None
    stop: list[str] = field(default_factory=list)
    frequency_penalty: float = 0.0
    presence_penalty: float = 0.0
    max_new_tokens: int | None = None  # None: as many as the context leaves room for (params.sampling)


class Sampling(Strict):
    """Settings chat completions and Responses share."""

    model: str
    temperature: Annotated[float, Field(ge=0, le=2)] | None = None
    top_p: Annotated[float, Field(ge=0, le=1)] | None = None
    stream: bool | None = None
    metadata: dict[str, str] | None = None
    user: str | None = None

    def engine_settings(self) -> EngineSettings:
        """The engine's settings for this request; OpenAI's defaults where a field is left out."""
        return EngineSettings(
            1.0 if self.temperature is None else self.temperature,
            1.0 if self.top_p is None else self.top_p,
            max_new_tokens=self.max_new_tokens(),
        )

    def max_new_tokens(self) -> int | None:
        return None


class ChatCompletionRequest(Sampling):
    messages: Annotated[list[ChatMessage], Field(min_length=1)]
    max_tokens: Annotated[int, Field(ge=1)] | None = None
    max_completion_tokens: Annotated[int, Field(ge=1)] | None = None
    n: Annotated[int, Field(ge=1, le=128)] | None = None
    seed: Seed | None = None
    stop: str | Annotated[list[str], Field(max_length=4)] | None = None
    stream_options: StreamOptions | None = None
    frequency_penalty: Annotated[float, Field(ge=-2, le=2)] | None = None
    presence_penalty: Annotated[float, Field(ge=-2, le=2)] | None = None
    response_format: ResponseFormat | None = None
    tools: list[ChatTool] | None = None
    tool_choice: ToolMode | ChatToolChoice | None = None

    def engine_settings(self) -> EngineSettings:
        stop = [self.stop] if isinstance(self.stop, str) else (self.stop or [])
        return EngineSettings(
            1.0 if self.temperature is None else self.temperature,
            1.0 if self.top_p is None else self.top_p,
            self.seed,
            stop,
            self.frequency_penalty or 0.0,
            self.presence_penalty or 0.0,
            self.max_new_tokens(),
        )

    def max_new_tokens(self) -> int | None:
        """max_completion_tokens, or the older max_tokens."""
        return self.max_tokens if self.max_completion_tokens is None else self.max_completion_tokens


class InputMessage(Strict):
    """A message item of a Responses `input` list."""

    type: Literal["message"] | None = None
    role: Literal["system", "developer", "user", "assistant"]
    content: Content


class FunctionItem(Strict):
    """A tool call the model made, or its result, sent back in a Responses `input` list (structured.py)."""

    type: Literal["function_call", "function_call_output"]
    call_id: str
    name: str | None = None
    arguments: str | None = None
    output: str | None = None


class ResponseRequest(Sampling):
    input: (
        Annotated[str, Field(max_length=MAX_TEXT_CHARS)]
        | Annotated[list[InputMessage | FunctionItem], Field(min_length=1)]
    )
    instructions: Annotated[str, Field(max_length=MAX_TEXT_CHARS)] | None = None
    max_output_tokens: Annotated[int, Field(ge=1)] | None = None
    previous_response_id: str | None = None
    store: bool | None = None
    text: TextConfig | None = None
    tools: list[ResponsesTool] | None = None
    tool_choice: ToolMode | ResponsesToolChoice | None = None

    def max_new_tokens(self) -> int | None:
        return self.max_output_tokens


class EmbeddingRequest(Strict):
    model: str
    input: str | list[str] | list[int] | list[list[int]]
    encoding_format: Literal["float", "base64"] | None = None
    dimensions: Annotated[int, Field(ge=1)] | None = None
    user: str | None = None


class Hyperparameters(Strict):
    n_epochs: Auto | Annotated[int, Field(ge=1, le=50)] | None = None
    batch_size: Auto | Annotated[int, Field(ge=1, le=64)] | None = None  # OpenAI: 256; enough for a CPU
    learning_rate_multiplier: Auto | Annotated[float, Field(gt=0, le=100)] | None = None


class Supervised(Strict):
    hyperparameters: Hyperparameters | None = None


class Method(Strict):
    type: Literal["supervised", "dpo", "reinforcement"]
    supervised: Supervised | None = None


class FineTuningJobRequest(Strict):
    model: str
    training_file: str
    validation_file: str | None = None
    hyperparameters: Hyperparameters | None = None
    method: Method | None = None
    suffix: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None
    metadata: dict[str, str] | None = None
