import Foundation
import Tensors
import Validation

/// The Hugging Face safetensors format: an 8-byte little-endian header length, a JSON header
/// `{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}`, then raw little-endian data.
///
/// Reading validates everything before touching the data (sizes, offsets, overlaps, dtypes), so a truncated
/// or lying file gives an error, never an out-of-bounds read. Every value read or written must be finite: a NaN
/// or infinity (a diverged training, a damaged file) is an error naming the file and the tensor, so it never
/// spreads into a model, a dataset of white frames, or another checkpoint.
public enum SafeTensors {
    /// Largest header accepted (the format's own reference implementation uses 100 MB).
    static let maximumHeaderLength = 100_000_000

    public static func read(path: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let data: Data
        do {
            data = try InputFile.read(path, expected: "a checkpoint (.safetensors)")
        } catch {
            throw CheckpointError.unreadable(file: path, reason: error.reason)
        }
        return try decode(data, file: path)
    }

    public static func decode(_ data: Data, file: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw CheckpointError.malformed(file: file, reason: "\(bytes.count) bytes, shorter than the 8-byte header length") }
        var headerLength: UInt64 = 0
        for index in 0..<8 { headerLength |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        guard headerLength <= UInt64(maximumHeaderLength), Int(headerLength) <= bytes.count - 8 else {
            throw CheckpointError.malformed(file: file, reason: "header length \(headerLength) exceeds the file (\(bytes.count) bytes)")
        }
        let headerEnd = 8 + Int(headerLength)
        guard let header = try? JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])) as? [String: Any] else {
            throw CheckpointError.malformed(file: file, reason: "header is not a JSON object")
        }
        let bufferSize = bytes.count - headerEnd
        var metadata: [String: String] = [:]
        var entries: [(key: String, dtype: String, shape: [Int], begin: Int, end: Int)] = []
        for (key, value) in header {
            if key == "__metadata__" {
                guard let map = value as? [String: Any], map.values.allSatisfy({ $0 is String }) else {
                    throw CheckpointError.malformed(file: file, reason: "__metadata__ must map strings to strings")
                }
                metadata = map.mapValues { $0 as! String }
                continue
            }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shapeValues = info["shape"] as? [Any], let offsetValues = info["data_offsets"] as? [Any], offsetValues.count == 2 else {
                throw CheckpointError.malformed(file: file, reason: "tensor '\(key)' lacks dtype, shape or data_offsets")
            }
            let shape = try shapeValues.map { try integer($0, file: file, what: "shape of '\(key)'") }
            let begin = try integer(offsetValues[0], file: file, what: "offsets of '\(key)'")
            let end = try integer(offsetValues[1], file: file, what: "offsets of '\(key)'")
            guard let size = elementSize(dtype) else { throw CheckpointError.unsupportedType(file: file, key: key, dtype: dtype) }
            var elements = 1
            for dimension in shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
                guard !overflow, product <= bufferSize else {
                    throw CheckpointError.malformed(file: file, reason: "tensor '\(key)' shape \(shape) is larger than the data")
                }
                elements = product
            }
            guard begin <= end, end <= bufferSize, end - begin == elements * size else {
                throw CheckpointError.malformed(file: file, reason: "tensor '\(key)' offsets [\(begin), \(end)] do not fit " +
                                                "\(dtype) \(shape) in a \(bufferSize)-byte buffer")
            }
            entries.append((key, dtype, shape, begin, end))
        }
        // Tensors must tile the buffer exactly: no overlaps, no gaps.
        var position = 0
        for entry in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            guard entry.begin == position else {
                throw CheckpointError.malformed(file: file, reason: "tensor '\(entry.key)' starts at \(entry.begin), expected \(position) (overlap or gap)")
            }
            position = entry.end
        }
        guard position == bufferSize else {
            throw CheckpointError.malformed(file: file, reason: "data section has \(bufferSize) bytes but tensors cover \(position)")
        }
        var tensors: [String: Tensor] = [:]
        for entry in entries {
            let raw = bytes[(headerEnd + entry.begin)..<(headerEnd + entry.end)]
            let scalars = convert(Array(raw), dtype: entry.dtype)
            if let bad = firstNonFinite(scalars) { throw CheckpointError.nonFinite(file: file, key: entry.key, index: bad) }
            tensors[entry.key] = Tensor(shape: entry.shape, scalars: scalars)
        }
        return (tensors, metadata)
    }

    /// Writes F32 tensors (keys sorted) atomically: a temporary file in the same folder, then a rename. Nothing
    /// is written when a tensor holds a NaN or an infinity.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to path: String) throws {
        for key in tensors.keys.sorted() {
            if let bad = firstNonFinite(tensors[key]!.scalars) {
                throw CheckpointError.unwritable(file: path, reason: "tensor '\(key)' holds a NaN or infinity at element \(bad) "
                                                 + "(a diverged training: lower the learning rate, or check the data for extreme values)")
            }
        }
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let keys = tensors.keys.sorted()
        for key in keys {
            let tensor = tensors[key]!
            header[key] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + 4 * tensor.count]]
            offset += 4 * tensor.count
        }
        var headerData = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        while (8 + headerData.count) % 8 != 0 { headerData.append(0x20) }
        var output = Data(capacity: 8 + headerData.count + offset)
        var length = UInt64(headerData.count).littleEndian
        withUnsafeBytes(of: &length) { output.append(contentsOf: $0) }
        output.append(headerData)
        for key in keys {
            tensors[key]!.scalars.withUnsafeBufferPointer { buffer in
                for value in buffer {
                    var bits = value.bitPattern.littleEndian
                    withUnsafeBytes(of: &bits) { output.append(contentsOf: $0) }
                }
            }
        }
        do {
            try output.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CheckpointError.unwritable(file: path, reason: error.localizedDescription)
        }
    }

    /// The index of the first NaN or infinity, if any.
    private static func firstNonFinite(_ scalars: [Float]) -> Int? {
        scalars.firstIndex { !$0.isFinite }
    }

    private static func integer(_ value: Any, file: String, what: String) throws -> Int {
        guard let number = value as? NSNumber, let integer = Int(exactly: number.doubleValue), integer >= 0,
              Double(integer) == number.doubleValue else {
            throw CheckpointError.malformed(file: file, reason: "\(what) must be non-negative integers, found \(value)")
        }
        return integer
    }

    static func elementSize(_ dtype: String) -> Int? {
        switch dtype {
        case "F32": 4
        case "F16", "BF16": 2
        case "F64": 8
        default: nil
        }
    }

    private static func convert(_ raw: [UInt8], dtype: String) -> [Float] {
        switch dtype {
        case "F32":
            return stride(from: 0, to: raw.count, by: 4).map { i in
                Float(bitPattern: UInt32(raw[i]) | UInt32(raw[i + 1]) << 8 | UInt32(raw[i + 2]) << 16 | UInt32(raw[i + 3]) << 24)
            }
        case "F64":
            return stride(from: 0, to: raw.count, by: 8).map { i in
                var bits: UInt64 = 0
                for byte in 0..<8 { bits |= UInt64(raw[i + byte]) << (8 * UInt64(byte)) }
                return Float(Double(bitPattern: bits))
            }
        case "BF16":
            return stride(from: 0, to: raw.count, by: 2).map { i in
                Float(bitPattern: (UInt32(raw[i]) | UInt32(raw[i + 1]) << 8) << 16)
            }
        default:  // F16
            return stride(from: 0, to: raw.count, by: 2).map { i in
                Float(Float16(bitPattern: UInt16(raw[i]) | UInt16(raw[i + 1]) << 8))
            }
        }
    }
}
