import Foundation
import Tensors
import Testing

/// Forward values against numpy (scripts/fixtures/make-tensor-references.py).
@Suite struct ReferenceValueTests {
    struct Stored: Decodable { var shape: [Int]; var values: [Double] }
    struct Case: Decodable {
        var op: String
        var inputs: [Stored]
        var output: Stored
        var stride: Int?
        var padding: Int?
        var groups: Int?
    }
    struct Fixture: Decodable { var cases: [Case] }

    static let cases: [Case] = {
        let url = Bundle.module.url(forResource: "Fixtures/reference", withExtension: "json")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases
    }()

    @Test func everyOperationMatchesNumpy() throws {
        #expect(Set(Self.cases.map(\.op)) == ["conv2d", "group_norm", "attention", "upsample_nearest", "upsample_bilinear"])
        for reference in Self.cases {
            let inputs = reference.inputs.map { Tensor(shape: $0.shape, scalars: $0.values.map(Float.init)) }
            let output: Tensor
            switch reference.op {
            case "conv2d":
                output = Tensor.conv2d(inputs[0], weight: inputs[1], bias: inputs[2], stride: reference.stride!, padding: reference.padding!)
            case "group_norm":
                output = Tensor.groupNorm(inputs[0], groups: reference.groups!, weight: inputs[1], bias: inputs[2])
            case "attention":
                output = Tensor.scaledDotProductAttention(queries: inputs[0], keys: inputs[1], values: inputs[2])
            case "upsample_nearest":
                output = inputs[0].upsampledNearest()
            default:
                output = inputs[0].upsampledBilinear()
            }
            #expect(output.shape == reference.output.shape, "\(reference.op): \(output.shape) vs \(reference.output.shape)")
            let worst = zip(output.scalars, reference.output.values).map { abs(Double($0) - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(worst < 1e-4, "\(reference.op): worst error \(worst)")
        }
    }
}
