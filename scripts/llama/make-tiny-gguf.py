"""Write a tiny random-weight llama GGUF for trying Contract Studio against a real llama-server.

Its text is gibberish, but llama-server's grammar-constrained JSON (response_format, tools) is
valid, so the server's protocol, errors and limits can be met for real without a download.
Usage (Debian's python3 with python3-numpy; gguf-py from the llama.cpp tree):
  PYTHONPATH=llama.cpp/gguf-py python3 make-tiny-gguf.py tiny.gguf
See ../../../shared/SETUP-NOTES.md for building llama-server itself.
"""
import sys

import numpy as np
from gguf import GGUFWriter, TokenType

N_EMBD, N_LAYER, N_HEAD, N_FF, N_CTX = 64, 2, 4, 128, 8192

# ChatML; no tool markup of its own, so llama-server (--jinja) uses its generic tool-call format.
CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{{ message['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def vocab():
    tokens = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]
    types = [TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL, TokenType.CONTROL, TokenType.CONTROL]
    # Byte fallback: any text tokenizes.
    for b in range(256):
        tokens.append(f"<0x{b:02X}>")
        types.append(TokenType.BYTE)
    words = ["\u2581"] + [chr(c) for c in range(33, 127)]
    words += ["\u2581" + w for w in ["the", "a", "is", "to", "and", "of", "I", "don't", "know", "order", "ticket"]]
    words += ['{"', '":', '",', '"}', "true", "false", "null"]
    for w in words:
        tokens.append(w)
        types.append(TokenType.NORMAL)
    scores = [0.0] * 5 + [-1000.0] * 256 + [-float(i) for i in range(len(words))]
    return tokens, scores, types


def main(path: str) -> None:
    rng = np.random.default_rng(7)
    tokens, scores, types = vocab()
    n_vocab = len(tokens)
    w = GGUFWriter(path, "llama")
    w.add_name("contract-studio-tiny")
    w.add_context_length(N_CTX)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD)
    w.add_rope_dimension_count(N_EMBD // N_HEAD)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_file_type(0)
    w.add_tokenizer_model("llama")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_unk_token_id(0)
    w.add_bos_token_id(1)
    w.add_eos_token_id(4)
    w.add_add_bos_token(False)
    # Otherwise every response_format request fails with 400 "Failed to initialize samplers".
    w.add_add_space_prefix(False)
    w.add_chat_template(CHAT_TEMPLATE)

    def t(name, *shape, scale=0.02):
        w.add_tensor(name, (rng.standard_normal(shape) * scale).astype(np.float32))

    t("token_embd.weight", n_vocab, N_EMBD)
    w.add_tensor("output_norm.weight", np.ones(N_EMBD, dtype=np.float32))
    t("output.weight", n_vocab, N_EMBD)
    for i in range(N_LAYER):
        w.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            t(f"blk.{i}.{name}.weight", N_EMBD, N_EMBD)
        w.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        t(f"blk.{i}.ffn_gate.weight", N_FF, N_EMBD)
        t(f"blk.{i}.ffn_up.weight", N_FF, N_EMBD)
        t(f"blk.{i}.ffn_down.weight", N_EMBD, N_FF)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tiny.gguf")
