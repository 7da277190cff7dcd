#!/usr/bin/env python3
"""safetensors interoperability, both ways, with Python's `safetensors` package (numpy backend).

  python3 scripts/nets_safetensors_fixture.py write   -> Tests/NeuralNetsTests/Fixtures/python.safetensors
                                                          (F32, F16, F64 tensors and metadata; values below)
  python3 scripts/nets_safetensors_fixture.py check F -> loads a Swift-written file F and checks the values the
                                                          Swift test `swiftWrittenFileForPython` writes.
"""
import sys

import numpy as np
from safetensors.numpy import load_file, save_file, safe_open


def expected_python():
    return {
        "layer.weight": np.arange(12, dtype=np.float32).reshape(3, 4) / 8 - 0.5,
        "layer.bias": np.array([1.5, -2.25, 3.0], dtype=np.float32),
        "half": np.array([[0.5, -1.0], [2.0, 65504.0]], dtype=np.float16),
        "double": np.array([1e-3, -7.25], dtype=np.float64),
    }


def expected_swift():
    return {"a.b.weight": np.arange(6, dtype=np.float32).reshape(2, 3) * 0.25 - 0.5,
            "a.bias": np.array([3.5, -1.0], dtype=np.float32)}


if sys.argv[1] == "write":
    save_file(expected_python(), "Tests/NeuralNetsTests/Fixtures/python.safetensors", metadata={"producer": "python"})
    print("wrote Tests/NeuralNetsTests/Fixtures/python.safetensors")
else:
    path = sys.argv[2]
    loaded = load_file(path)
    with safe_open(path, framework="numpy") as handle:
        assert handle.metadata() == {"producer": "swift"}, handle.metadata()
    for key, value in expected_swift().items():
        assert loaded[key].dtype == np.float32 and loaded[key].shape == value.shape, (key, loaded[key].shape)
        assert np.array_equal(loaded[key], value), (key, loaded[key])
    assert set(loaded) == set(expected_swift()), set(loaded)
    print(f"{path}: Python's safetensors read {len(loaded)} tensors with the expected values")
