"""Train the CRNN with CTC on the shards from `data.py`; time-boxed, seeded, checkpointed.

    python -m tools.train_recognizer.train --data build/rec_data/train,build/rec_data/lines*0.3 \
        --val build/rec_data/heldout --out build/rec_train --minutes 40 --seed 1

Shards still being written are picked up at each pass. Every `--eval-every` steps the
model is scored (greedy CER) on the validation shards and the best checkpoint is kept as
`best.pt`; `export.py` turns it into ONNX.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import time
from pathlib import Path

import cv2
import numpy as np
import torch
from rapidfuzz.distance import Levenshtein
from torch import nn

from thaiid_ops.engine.recognizer import CHARSET, INPUT_H, WIDTH_SCALE

from .data import epoch_order, load_shards
from .model import CRNN

INDEX = {c: i + 1 for i, c in enumerate(CHARSET)}


def encode(text: str) -> list[int]:
    return [INDEX[c] for c in text if c in INDEX]


def stretch(img: np.ndarray) -> np.ndarray:
    h, w = img.shape
    return cv2.resize(img, (max(16, round(w * WIDTH_SCALE)), h), interpolation=cv2.INTER_LINEAR)


def degrade(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """Unseen-font and capture variation the crops lack: stroke weight, slant, resolution
    loss, JPEG and gamma, each on a fraction of the rows (`--strong-aug`)."""
    h, w = img.shape
    if rng.random() < 0.25:  # a lighter or bolder face: one pixel at twice the size
        big = cv2.resize(img, (2 * w, 2 * h), interpolation=cv2.INTER_LINEAR)
        kernel = np.ones((2, 2), np.uint8)
        big = cv2.erode(big, kernel) if rng.random() < 0.5 else cv2.dilate(big, kernel)
        img = cv2.resize(big, (w, h), interpolation=cv2.INTER_AREA)
    if rng.random() < 0.25:  # slanted faces and leftover perspective
        s = rng.uniform(-0.18, 0.18)
        m = np.float32([[1, s, -s * h / 2], [0, 1, 0]])
        img = cv2.warpAffine(img, m, (w, h), borderMode=cv2.BORDER_REPLICATE)
    if rng.random() < 0.15:
        f = rng.uniform(0.45, 0.75)
        small = cv2.resize(
            img, (max(4, int(w * f)), max(4, int(h * f))), interpolation=cv2.INTER_AREA
        )
        img = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    if rng.random() < 0.15:
        _, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(25, 70)])
        img = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
    if rng.random() < 0.2:
        img = (255 * (img / 255.0) ** rng.uniform(0.6, 1.6)).astype(np.uint8)
    return img


def augment(img: np.ndarray, rng: random.Random, strong: bool = False) -> np.ndarray:
    if strong:
        img = degrade(img, rng)
    h, w = img.shape
    # The model's width stretch, jittered: fonts and detector boxes vary.
    nw = max(16, int(w * WIDTH_SCALE * rng.uniform(0.88, 1.12)))
    img = cv2.resize(img, (nw, h), interpolation=cv2.INTER_LINEAR)
    if rng.random() < 0.3:  # small vertical shift
        dy = rng.choice((-2, -1, 1, 2))
        img = np.roll(img, dy, axis=0)
    x = img.astype(np.float32) / 127.5 - 1.0
    if rng.random() < 0.3:
        x = x + np.random.default_rng(rng.randrange(2**31)).normal(0, 0.08, x.shape)
    if rng.random() < 0.2:
        x = cv2.GaussianBlur(x, (3, 3), rng.uniform(0.3, 0.8))
    return np.clip(x, -1, 1).astype(np.float32)


def batchify(items: list[tuple[np.ndarray, list[int]]]):
    width = max(x.shape[1] for x, _ in items)
    width = int(math.ceil(width / 4) * 4)
    xb = np.zeros((len(items), 1, INPUT_H, width), np.float32)
    lens, targets, tlens = [], [], []
    for i, (x, t) in enumerate(items):
        xb[i, 0, :, : x.shape[1]] = x
        xb[i, 0, :, x.shape[1] :] = x[:, -1:].mean()
        lens.append(max(1, math.ceil(x.shape[1] / 4)))
        targets.extend(t)
        tlens.append(len(t))
    return (
        torch.from_numpy(xb),
        torch.tensor(lens, dtype=torch.long),
        torch.tensor(targets, dtype=torch.long),
        torch.tensor(tlens, dtype=torch.long),
    )


def greedy(logp: torch.Tensor, lens: torch.Tensor) -> list[str]:
    best = logp.argmax(-1).numpy()
    out = []
    for b, n in zip(best, lens.tolist(), strict=True):
        prev, s = 0, []
        for k in b[:n]:
            if k and k != prev:
                s.append(CHARSET[k - 1])
            prev = k
        out.append(" ".join("".join(s).split()))
    return out


def evaluate(net: CRNN, val: list, limit: int = 1500) -> dict:
    net.eval()
    rows = val[:limit]
    dist = total = exact = 0
    with torch.no_grad():
        order = sorted(range(len(rows)), key=lambda i: rows[i][0].shape[1])
        for s in range(0, len(order), 64):
            chunk = [rows[i] for i in order[s : s + 64]]
            items = [(stretch(r[0]).astype(np.float32) / 127.5 - 1.0, encode(r[1])) for r in chunk]
            x, lens, _, _ = batchify(items)
            for r, pred in zip(chunk, greedy(net(x), lens), strict=True):
                d = Levenshtein.distance(pred, r[1])
                dist += d
                total += len(r[1])
                exact += d == 0
    net.train()
    return {"cer": dist / max(1, total), "exact": exact / max(1, len(rows)), "n": len(rows)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="shard folders, comma-separated")
    ap.add_argument("--val", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--eval-every", type=int, default=400)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--init", help="start from this checkpoint's weights (new optimiser)")
    ap.add_argument("--strong-aug", action="store_true", help="also vary stroke weight, slant, …")
    args = ap.parse_args(argv)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)

    train_rows: list = []
    train_w: list[float] = []
    seen: set[str] = set()
    val_rows: list = []
    load_shards(args.data, seen, train_rows, train_w)
    load_shards(args.val, set(), val_rows)
    rng.shuffle(val_rows)
    net = CRNN(len(CHARSET) + 1)
    print(f"params {sum(p.numel() for p in net.parameters()):,}", flush=True)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-4)
    ctc = nn.CTCLoss(blank=0, zero_infinity=True)
    step, best = 0, math.inf
    if args.init:
        net.load_state_dict(torch.load(args.init)["model"])
    if args.resume and (out / "last.pt").exists():
        ck = torch.load(out / "last.pt")
        net.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, best = ck["step"], ck["best"]
    budget = args.minutes * 60
    t0 = time.time()
    log = open(out / "log.jsonl", "a")  # noqa: SIM115
    while True:
        load_shards(args.data, seen, train_rows, train_w)
        if not train_rows:  # shards still being written
            time.sleep(10)
            continue
        # Width-sorted buckets keep padding small; buckets are shuffled.
        order = epoch_order(train_w, rng)
        chunks = [order[i : i + args.batch * 50] for i in range(0, len(order), args.batch * 50)]
        batches = []
        for ch in chunks:
            ch.sort(key=lambda i: train_rows[i][0].shape[1])
            batches += [ch[i : i + args.batch] for i in range(0, len(ch), args.batch)]
        rng.shuffle(batches)
        for b in batches:
            frac = (time.time() - t0) / budget
            if frac >= 1:
                break
            lr = args.lr * (min(1.0, step / 300) * 0.5 * (1 + math.cos(math.pi * frac)))
            for g in opt.param_groups:
                g["lr"] = lr
            items = [
                (augment(train_rows[i][0], rng, args.strong_aug), encode(train_rows[i][1]))
                for i in b
            ]
            x, lens, tgt, tlens = batchify(items)
            logp = net(x)
            loss = ctc(logp.permute(1, 0, 2), tgt, lens, tlens)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            step += 1
            if step % 50 == 0:
                print(
                    f"step {step} loss {loss.item():.3f} lr {lr:.2e} rows {len(train_rows)} "
                    f"{time.time() - t0:.0f}s",
                    flush=True,
                )
            if step % args.eval_every == 0:
                m = evaluate(net, val_rows)
                m.update(step=step, seconds=round(time.time() - t0), rows=len(train_rows))
                print("eval", json.dumps(m), flush=True)
                log.write(json.dumps(m) + "\n")
                log.flush()
                state = {"model": net.state_dict(), "step": step, "metrics": m}
                if m["cer"] < best:
                    best = m["cer"]
                    torch.save(state, out / "best.pt")
                torch.save({**state, "opt": opt.state_dict(), "best": best}, out / "last.pt")
                if os.environ.get("REC_THREADS_FILE"):
                    p = Path(os.environ["REC_THREADS_FILE"])
                    if p.exists():
                        torch.set_num_threads(int(p.read_text().strip() or args.threads))
        else:
            continue
        break
    m = evaluate(net, val_rows)
    m.update(step=step, seconds=round(time.time() - t0), rows=len(train_rows), final=True)
    print("eval", json.dumps(m), flush=True)
    log.write(json.dumps(m) + "\n")
    state = {"model": net.state_dict(), "step": step, "metrics": m}
    torch.save(state, out / "final.pt")
    if m["cer"] < best:
        torch.save(state, out / "best.pt")


if __name__ == "__main__":
    main()
