"""Shared core of the IMAGINE assistant: settings, model installation, text, the card schema, backend components.

Importing this package first turns off everything that would reach for the internet
(model hub look-ups, telemetry, analytics): this machine reaches only package registries.
"""

import os

for _key, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_DATASETS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
    # transformers draws a "Loading weights" bar per model load: noise in CLI output and logs
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
}.items():
    os.environ.setdefault(_key, _value)
