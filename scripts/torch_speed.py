"""Training speed of PyTorch on the CPU for the project's own network specs: the reference that
`npm run bench:train` compares tfjs against (issue 18).

Reads the specs as JSON (written by scripts/benchTrain.ts from src/models/specs), builds each network
layer for layer as the book's PyTorch code does, trains it with Adam and cross-entropy on eight
batches of random pixels with random labels in turn (as src/models/trainSpeed.ts does in tfjs), and prints one JSON line per network: milliseconds per step and images per second.

    /usr/bin/python3 scripts/torch_speed.py SPECS.json --threads 1 --seconds 3
    /usr/bin/python3 scripts/torch_speed.py SPECS.json --only vgg

npm run bench:train runs it once per network and round (--only), a fresh process each time, as a
person training one network would. (One long process measuring all six gave VGG-11 at 194–261
images/s in all five rounds of one run, against 600–1,300 in fresh processes; the cause was not found.)
"""

import argparse
import json
import sys
import time

import torch
from torch import nn


BATCHES = 8


class Branches(nn.Module):
    """Parallel paths from one input, concatenated on channels (the Inception block)."""

    def __init__(self, paths):
        super().__init__()
        self.paths = nn.ModuleList(paths)

    def forward(self, x):
        return torch.cat([p(x) for p in self.paths], dim=1)


class Residual(nn.Module):
    """f(x) = g(x) + shortcut(x), then the layers after (the book's final ReLU)."""

    def __init__(self, body, shortcut, after):
        super().__init__()
        self.body, self.shortcut, self.after = body, shortcut, after

    def forward(self, x):
        return self.after(self.body(x) + self.shortcut(x))


def build(layers, shape):
    """The layers as one nn.Sequential, and the shape [c, h, w] (or [units]) they produce."""
    modules = []
    for layer in layers:
        module, shape = build_one(layer, shape)
        modules.append(module)
    return nn.Sequential(*modules), shape


def build_one(layer, shape):
    kind = layer["kind"]
    if kind == "conv":
        c, h, w = shape
        k, s, p = layer["kernel"], layer.get("stride", 1), layer.get("padding", 0)
        out = lambda n: (n + 2 * p - k) // s + 1
        return nn.Conv2d(c, layer["filters"], k, s, p), [layer["filters"], out(h), out(w)]
    if kind == "activation":
        return (nn.Sigmoid() if layer["fn"] == "sigmoid" else nn.ReLU()), shape
    if kind in ("avgpool", "maxpool"):
        c, h, w = shape
        k, p = layer["pool"], layer.get("padding", 0)
        s = layer.get("stride", k)
        out = lambda n: (n + 2 * p - k) // s + 1
        pool = nn.AvgPool2d(k, s, p) if kind == "avgpool" else nn.MaxPool2d(k, s, p)
        return pool, [c, out(h), out(w)]
    if kind == "gap":
        return nn.AdaptiveAvgPool2d((1, 1)), [shape[0], 1, 1]
    if kind == "batchnorm":
        return nn.BatchNorm2d(shape[0]), shape
    if kind == "flatten":
        size = 1
        for n in shape:
            size *= n
        return nn.Flatten(), [size]
    if kind == "dense":
        return nn.Linear(shape[0], layer["units"]), [layer["units"]]
    if kind == "dropout":
        return nn.Dropout(layer["rate"]), shape
    if kind == "block":
        return build(layer["layers"], shape)
    if kind == "branches":
        built = [build(path, shape) for path in layer["paths"]]
        channels = sum(s[0] for _, s in built)
        return Branches([m for m, _ in built]), [channels] + built[0][1][1:]
    if kind == "residual":
        body, out = build(layer["body"], shape)
        shortcut, _ = build(layer["shortcut"], shape) if layer["shortcut"] else (nn.Identity(), shape)
        after, out = build(layer["after"], out)
        return Residual(body, shortcut, after), out
    raise ValueError(f"unknown layer kind {kind}")


def network(spec):
    body, shape = build(spec["layers"], [1, spec["inputSize"], spec["inputSize"]])
    if shape != [10]:
        raise ValueError(f"{spec['id']}: the layers end in {shape}, not 10 logits")
    factor = spec["inputSize"] // 28
    if factor == 1:
        return body
    return nn.Sequential(nn.Upsample(scale_factor=factor, mode="bilinear", align_corners=False), body)


def measure(spec, batch, seconds, warmup):
    torch.manual_seed(0)
    model = network(spec)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    # As measureTrainSpeed does in tfjs: BATCHES batches of random pixels with random labels, in turn.
    xs = [torch.rand(batch, 1, 28, 28) for _ in range(BATCHES)]
    ys = [torch.randint(0, 10, (batch,)) for _ in range(BATCHES)]
    count = [0]

    def step():
        x, y = xs[count[0] % BATCHES], ys[count[0] % BATCHES]
        count[0] += 1
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    # Warm up for a second at least (as measureTrainSpeed does): a fresh process is still growing
    # its memory pools in its first steps.
    start = time.perf_counter()
    for i in range(1_000_000):
        if i >= warmup and time.perf_counter() - start >= 1.0:
            break
        step()
    steps, start = 0, time.perf_counter()
    while True:
        step()
        steps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and steps >= 3:
            break
    ms = 1000 * elapsed / steps
    return {"net": spec["id"], "batch": batch, "steps": steps, "msPerStep": ms, "imagesPerSecond": batch * 1000 / ms}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("specs", help="JSON: a list of {id, inputSize, batch, layers}")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", help="measure this network alone")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    with open(args.specs) as f:
        specs = json.load(f)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for spec in specs:
        if args.only and spec["id"] != args.only:
            continue
        result = measure(spec, spec["batch"], args.seconds, args.warmup)
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
