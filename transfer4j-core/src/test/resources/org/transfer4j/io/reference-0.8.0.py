# Writes a safetensors file with the reference implementation (safetensors 0.8.0, Rust core),
# covering every dtype transfer4j reads, for SafeTensorsReferenceTest.
import ctypes, struct, sys
from safetensors import TensorSpec, serialize, deserialize

def spec(dtype, shape, data):
    buf = ctypes.create_string_buffer(data, len(data))
    keep.append(buf)
    return TensorSpec(dtype=dtype, shape=shape, data_ptr=ctypes.addressof(buf), data_len=len(data))

keep = []
t = {
  "z.f32": spec("float32", [2, 2], struct.pack("<4f", 1.5, -0.0, 3.0e38, -2.25)),
  "a.f32": spec("float32", [1], struct.pack("<f", 7.0)),
  "bf16": spec("bfloat16", [3], struct.pack("<3H", 0x3f80, 0x0001, 0xff80)),
  "f16": spec("float16", [4], struct.pack("<4H", 0x3c00, 0x8000, 0x0001, 0x7c00)),
  "f64": spec("float64", [2], struct.pack("<2d", 0.1, -1e300)),
  "i64": spec("int64", [2, 1], struct.pack("<2q", -(2**63), 2**40)),
  "i32": spec("int32", [], struct.pack("<i", -7)),
  "i16": spec("int16", [2], struct.pack("<2h", -32768, 300)),
  "i8": spec("int8", [3], struct.pack("<3b", -128, 0, 127)),
  "u8": spec("uint8", [2], bytes([255, 1])),
  "mask": spec("bool", [3], bytes([1, 0, 1])),
  "empty": spec("float32", [0, 4], b""),
}
out = bytes(serialize(t, metadata={"format": "pt", "source": "safetensors 0.8.0"}))
open(sys.argv[1], "wb").write(out)
n = struct.unpack("<Q", out[:8])[0]
print(n, out[8:8 + n].decode())
print([k for k, _ in deserialize(out)])
