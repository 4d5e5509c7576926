"""Tiny random diffusers pipelines, built from diffusers' own test configs and saved to disk.

They go through the real loading code (`from_pretrained` of a local directory with
HF_HUB_OFFLINE=1), so the worker's loading, callbacks, decoding and encoding are exercised exactly
as with a real model, in milliseconds per step on a CPU. Weights are random: images are noise.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import string
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "TinyModels",
    "build_tiny_image_pipeline",
    "build_tiny_video_pipeline",
    "tiny_models",
    "write_tiny_tokenizer",
]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

MAX_TOKENS = 32


def write_tiny_tokenizer(folder: Path) -> Path:
    """A CLIP BPE tokenizer from a small vocab.json + merges.txt: characters and a few merges."""
    folder.mkdir(parents=True, exist_ok=True)
    tokens = ["<|startoftext|>", "<|endoftext|>"]
    chars = string.ascii_lowercase + string.digits + ".,!?'-:;()&"
    tokens += list(chars) + [f"{c}</w>" for c in chars]
    merges = ["t h", "th e</w>", "a n", "an d</w>", "i n", "o n</w>", "e r</w>", "r e"]
    for merge in merges:
        tokens.append(merge.replace(" ", ""))
    vocab = {tok: i for i, tok in enumerate(dict.fromkeys(tokens))}
    (folder / "vocab.json").write_text(json.dumps(vocab))
    (folder / "merges.txt").write_text("#version: 0.2\n" + "\n".join(merges) + "\n")
    return folder


def _tokenizer(folder: Path):  # type: ignore[no-untyped-def]
    from transformers import CLIPTokenizer

    write_tiny_tokenizer(folder)
    # The real loading path: a folder holding vocab.json + merges.txt, as on the hub.
    return CLIPTokenizer.from_pretrained(str(folder), model_max_length=MAX_TOKENS)


def _text_encoder(hidden: int, layers: int, vocab_size: int):  # type: ignore[no-untyped-def]
    from transformers import CLIPTextConfig, CLIPTextModel

    config = CLIPTextConfig(
        bos_token_id=0,
        eos_token_id=1,
        pad_token_id=1,
        hidden_size=hidden,
        intermediate_size=hidden * 2,
        layer_norm_eps=1e-05,
        num_attention_heads=4,
        num_hidden_layers=layers,
        vocab_size=vocab_size,
        max_position_embeddings=MAX_TOKENS,
    )
    return CLIPTextModel(config)


def _vae(channels: tuple[int, ...]):  # type: ignore[no-untyped-def]
    from diffusers import AutoencoderKL

    return AutoencoderKL(
        block_out_channels=list(channels),
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * len(channels),
        up_block_types=["UpDecoderBlock2D"] * len(channels),
        latent_channels=4,
        norm_num_groups=2,
    )


def build_tiny_image_pipeline(folder: Path, *, seed: int = 0, width: int = 4) -> Path:
    """A StableDiffusionPipeline with a (4, 8)-channel UNet, saved under `folder`.

    `width` scales the UNet's channels (4 -> block_out_channels (4, 8)); benchmarks use a wider
    one so that a job takes long enough to measure overheads against.
    """
    import torch
    from diffusers import EulerDiscreteScheduler, StableDiffusionPipeline, UNet2DConditionModel

    torch.manual_seed(seed)
    cross = 32
    unet = UNet2DConditionModel(
        block_out_channels=(width, width * 2),
        layers_per_block=1,
        sample_size=32,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=cross,
        norm_num_groups=2,
    )
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", steps_offset=1
    )
    tokenizer = _tokenizer(folder / "_tok")
    pipe = StableDiffusionPipeline(
        unet=unet,
        scheduler=scheduler,
        vae=_vae((4, 8)),
        text_encoder=_text_encoder(cross, 2, len(tokenizer)),
        tokenizer=tokenizer,
        safety_checker=None,
        feature_extractor=None,
        image_encoder=None,
        requires_safety_checker=False,
    )
    out = folder / "image"
    pipe.save_pretrained(out, safe_serialization=True)
    return out


def build_tiny_video_pipeline(folder: Path, *, seed: int = 0) -> Path:
    """An AnimateDiffPipeline (UNet + MotionAdapter with (8, 8) channels), saved under `folder`."""
    import torch
    from diffusers import (
        AnimateDiffPipeline,
        DDIMScheduler,
        MotionAdapter,
        UNet2DConditionModel,
    )

    torch.manual_seed(seed)
    cross = 8
    channels = (8, 8)
    unet = UNet2DConditionModel(
        block_out_channels=channels,
        layers_per_block=2,
        sample_size=8,
        in_channels=4,
        out_channels=4,
        down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
        cross_attention_dim=cross,
        norm_num_groups=2,
    )
    adapter = MotionAdapter(
        block_out_channels=channels,
        motion_layers_per_block=2,
        motion_norm_num_groups=2,
        motion_num_attention_heads=4,
    )
    scheduler = DDIMScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="linear",
        clip_sample=False,
        steps_offset=1,
    )
    tokenizer = _tokenizer(folder / "_tok")
    pipe = AnimateDiffPipeline(
        unet=unet,
        motion_adapter=adapter,
        scheduler=scheduler,
        vae=_vae(channels),
        text_encoder=_text_encoder(cross, 2, len(tokenizer)),
        tokenizer=tokenizer,
        feature_extractor=None,
        image_encoder=None,
    )
    out = folder / "video"
    pipe.save_pretrained(out, safe_serialization=True)
    return out


@dataclass(frozen=True)
class TinyModels:
    image: Path
    video: Path


@functools.cache
def tiny_models() -> TinyModels:
    """Both tiny pipelines, built once per test process (a few seconds) and removed at exit."""
    root = Path(tempfile.mkdtemp(prefix="studio-tiny-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return TinyModels(image=build_tiny_image_pipeline(root), video=build_tiny_video_pipeline(root))
