"""Ask the paper: questions answered from a paper's own passages, each quoted with its
section and anchor (offline), or written by the LLM from those passages and checked."""
