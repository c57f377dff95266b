"""Export a checkpoint to ONNX (TorchScript exporter, opset 17) with the charset inside.

    python -m tools.train_recognizer.export build/rec_train/best.pt \
        thaiid_ops/engine/models/thai_crnn.onnx
"""

from __future__ import annotations

import argparse
import json

import numpy as np
import onnx
import torch

from thaiid_ops.engine.recognizer import CHARSET, INPUT_H, WIDTH_SCALE

from .model import CRNN, Exported


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("checkpoint")
    ap.add_argument("out")
    args = ap.parse_args(argv)
    net = CRNN(len(CHARSET) + 1)
    ck = torch.load(args.checkpoint)
    net.load_state_dict(ck["model"])
    net.eval()
    model = Exported(net).eval()
    x = torch.zeros(2, 1, INPUT_H, 160)
    torch.onnx.export(
        model,
        (x,),
        args.out,
        input_names=["x"],
        output_names=["probs"],
        dynamic_axes={"x": {0: "n", 3: "w"}, "probs": {0: "n", 1: "t"}},
        opset_version=17,
        dynamo=False,
    )
    m = onnx.load(args.out)
    meta = {
        "charset": json.dumps(list(CHARSET), ensure_ascii=False),
        "input_height": str(INPUT_H),
        "width_scale": str(WIDTH_SCALE),
        "step": str(ck.get("step")),
        "val_metrics": json.dumps(ck.get("metrics")),
    }
    for k, v in meta.items():
        p = m.metadata_props.add()
        p.key, p.value = k, v
    onnx.save(m, args.out)
    # Parity check against torch.
    import onnxruntime as ort

    xr = torch.from_numpy(np.random.default_rng(0).uniform(-1, 1, (3, 1, INPUT_H, 200)))
    xr = xr.float()
    with torch.no_grad():
        ref = model(xr).numpy()
    got = ort.InferenceSession(args.out).run(None, {"x": xr.numpy()})[0]
    print("max abs diff", float(np.abs(ref - got).max()), "step", ck.get("step"))


if __name__ == "__main__":
    main()
