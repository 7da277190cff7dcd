/// Encodes values in the RLE/bit-packed hybrid: runs of eight or more equal values become RLE runs, everything
/// else bit-packed groups of eight (the last group padded with zeros, which readers ignore since they know the
/// value count).
enum RLEHybridEncoder {
    static func encode<Value: FixedWidthInteger>(_ values: [Value], bitWidth: Int) -> [UInt8] {
        precondition((0...32).contains(bitWidth), "RLE/bit-packed bit width \(bitWidth) is outside 0...32")
        var output: [UInt8] = []
        var literals: [UInt64] = []
        var index = 0
        while index < values.count {
            var runEnd = index + 1
            while runEnd < values.count && values[runEnd] == values[index] { runEnd += 1 }
            let runLength = runEnd - index
            if runLength >= 8 {
                // Top the pending literals up to a whole group from this run, then emit the rest as a run.
                let fill = (8 - literals.count % 8) % 8
                if fill > 0 && runLength - fill < 8 {
                    for value in values[index..<runEnd] { literals.append(UInt64(truncatingIfNeeded: value)) }
                    index = runEnd
                    continue
                }
                for _ in 0..<fill { literals.append(UInt64(truncatingIfNeeded: values[index])) }
                appendBitPacked(literals, bitWidth: bitWidth, to: &output)
                literals.removeAll(keepingCapacity: true)
                appendRun(value: UInt64(truncatingIfNeeded: values[index]), length: runLength - fill, bitWidth: bitWidth, to: &output)
                index = runEnd
            } else {
                for value in values[index..<runEnd] { literals.append(UInt64(truncatingIfNeeded: value)) }
                index = runEnd
            }
        }
        appendBitPacked(literals, bitWidth: bitWidth, to: &output)
        return output
    }

    /// Only runs, no bit packing: valid, simple, and compact for levels that rarely change.
    static func encodeRuns<Value: FixedWidthInteger>(_ values: [Value], bitWidth: Int) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < values.count {
            var runEnd = index + 1
            while runEnd < values.count && values[runEnd] == values[index] { runEnd += 1 }
            appendRun(value: UInt64(truncatingIfNeeded: values[index]), length: runEnd - index, bitWidth: bitWidth, to: &output)
            index = runEnd
        }
        return output
    }

    static func appendRun(value: UInt64, length: Int, bitWidth: Int, to output: inout [UInt8]) {
        appendVarint(UInt64(length) << 1, to: &output)
        for byte in 0..<((bitWidth + 7) / 8) { output.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(byte)))) }
    }

    /// Bit-packs `values` (padded with zeros to a multiple of eight) behind one header.
    static func appendBitPacked(_ values: [UInt64], bitWidth: Int, to output: inout [UInt8]) {
        guard !values.isEmpty else { return }
        let groups = (values.count + 7) / 8
        appendVarint(UInt64(groups) << 1 | 1, to: &output)
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: groups * bitWidth))
        guard bitWidth > 0 else { return }
        let mask: UInt64 = (1 << UInt64(bitWidth)) - 1
        for (index, value) in values.enumerated() {
            var remaining = value & mask
            var bitOffset = index * bitWidth
            var bitsLeft = bitWidth
            while bitsLeft > 0 {
                let byteIndex = start + bitOffset >> 3
                let shift = bitOffset & 7
                output[byteIndex] |= UInt8(truncatingIfNeeded: remaining << UInt64(shift))
                let written = min(8 - shift, bitsLeft)
                remaining >>= UInt64(written)
                bitsLeft -= written
                bitOffset += written
            }
        }
    }

    static func appendVarint(_ value: UInt64, to output: inout [UInt8]) {
        var remainder = value
        while remainder >= 0x80 {
            output.append(UInt8(remainder & 0x7F) | 0x80)
            remainder >>= 7
        }
        output.append(UInt8(remainder))
    }
}
