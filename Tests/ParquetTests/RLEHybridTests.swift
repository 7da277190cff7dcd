@testable import Parquet
import Testing

@Suite("RLE/bit-packed hybrid")
struct RLEHybridTests {
    @Test("the format's bit-packing example: 0...7 at width 3")
    func specificationExample() throws {
        var values: [UInt32] = []
        let consumed = try RLEHybridDecoder.decode([0x03, 0x88, 0xC6, 0xFA], range: 0..<4, bitWidth: 3, count: 8, into: &values)
        #expect(values == Array(0...7))
        #expect(consumed == 4)
        #expect(RLEHybridEncoder.encode(Array(UInt32(0)...7), bitWidth: 3) == [0x03, 0x88, 0xC6, 0xFA])
    }

    @Test("runs store their value in whole little-endian bytes")
    func runs() throws {
        var values: [UInt32] = []
        // 3 × 5 at width 3, then 2 × 0x1234 at width 13.
        try RLEHybridDecoder.decode([0x06, 0x05], range: 0..<2, bitWidth: 3, count: 3, into: &values)
        try RLEHybridDecoder.decode([0x04, 0x34, 0x12], range: 0..<3, bitWidth: 13, count: 2, into: &values)
        #expect(values == [5, 5, 5, 0x1234, 0x1234])
    }

    @Test("width 0 needs no value bytes")
    func widthZero() throws {
        var values: [UInt8] = []
        try RLEHybridDecoder.decode([0x0A, 0x03], range: 0..<2, bitWidth: 0, count: 13, into: &values)
        #expect(values == [UInt8](repeating: 0, count: 13))
        #expect(RLEHybridEncoder.encode([UInt8](repeating: 0, count: 20), bitWidth: 0) == [0x28])
    }

    @Test("a final bit-packed run cut short by the writer still decodes the values it holds")
    func truncatedFinalRun() throws {
        var values: [UInt8] = []
        // Header says 8 values at width 1, one byte present (all 8 fit), decoder wants only 3.
        try RLEHybridDecoder.decode([0x03, 0b101], range: 0..<2, bitWidth: 1, count: 3, into: &values)
        #expect(values == [1, 0, 1])
        // Width 4, header says 8 values (4 bytes), only 1 byte present: 2 values readable, 3 wanted.
        var short: [UInt8] = []
        #expect(throws: ParquetFormatError.self) {
            try RLEHybridDecoder.decode([0x03, 0x21], range: 0..<2, bitWidth: 4, count: 3, into: &short)
        }
    }

    @Test("data that ends before the wanted count throws")
    func endsEarly() {
        var values: [UInt32] = []
        #expect(throws: ParquetFormatError.self) {
            try RLEHybridDecoder.decode([0x06, 0x05], range: 0..<2, bitWidth: 3, count: 4, into: &values)
        }
        #expect(throws: ParquetFormatError.self) {
            try RLEHybridDecoder.decode([0x06], range: 0..<1, bitWidth: 3, count: 1, into: &values)
        }
        #expect(throws: ParquetFormatError.self) {
            try RLEHybridDecoder.decode([0x02, 0x01], range: 0..<2, bitWidth: 33, count: 1, into: &values)
        }
    }

    @Test("encoder and decoder agree on mixed runs and literals", arguments: [0, 1, 2, 3, 7, 8, 13, 16, 24, 31, 32])
    func roundTrip(bitWidth: Int) throws {
        var generator = SplitMix64(seed: UInt64(bitWidth) + 1)
        let mask: UInt64 = bitWidth == 0 ? 0 : (UInt64(1) << UInt64(bitWidth)) - 1
        var values: [UInt32] = []
        while values.count < 1000 {
            let value = UInt32(generator.next() & mask)
            let repeats = generator.next() % 4 == 0 ? Int(generator.next() % 30) + 1 : 1
            values.append(contentsOf: repeatElement(value, count: repeats))
        }
        for encoded in [RLEHybridEncoder.encode(values, bitWidth: bitWidth), RLEHybridEncoder.encodeRuns(values, bitWidth: bitWidth)] {
            var decoded: [UInt32] = []
            let consumed = try RLEHybridDecoder.decode(encoded, range: 0..<encoded.count, bitWidth: bitWidth, count: values.count,
                                                       into: &decoded)
            #expect(decoded == values)
            #expect(consumed == encoded.count)
        }
    }

    @Test("bit widths for maximum levels")
    func bitWidths() {
        #expect([0, 1, 2, 3, 4, 7, 8, 255].map(RLEHybridDecoder.bitWidth(forMaximum:)) == [0, 1, 2, 2, 3, 3, 4, 8])
    }
}

/// A small deterministic generator for test data.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
