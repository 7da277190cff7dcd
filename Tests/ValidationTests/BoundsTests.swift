import Foundation
import Testing
import TestSupport
import Validation

@Suite struct BoundsTests {
    @Test(arguments: [
        (0.0, "must be at least 1.0, got 0.0"), (1e40, "must be at most 1000.0, got 1e+40"),
        (.infinity, "must be at most 1000.0, got inf"), (-.infinity, "must be at least 1.0, got -inf"),
        (.nan, "must be a finite number in 1.0...1000.0, got nan"),
    ])
    func messagesSayWhatWasExpectedAndFound(value: Double, message: String) {
        #expect(Bounds(1.0...1000).problem(value) == message)
        #expect(throws: ValueError(field: "scale", message)) { try Bounds(1.0...1000).check(value, "scale") }
    }

    @Test func insideValuesAndNilPass() throws {
        let bounds = Bounds(1...10)
        for value in [1, 5, 10] { try bounds.check(value, "n") }
        try bounds.check(nil as Int?, "n")
        #expect(bounds.range == 1...10 && bounds.text == "1...10")
    }

    @Test func anExcludedLowerBoundRejectsItself() {
        let strength = Bounds<Double>(above: 0, through: 1)
        #expect(strength.problem(0) == "must be greater than 0.0, got 0.0")
        #expect(strength.problem(1) == nil && strength.text == "(0.0, 1.0]")
        #expect(Bounds(above: 0, through: 5).range == 1...5)
    }

    @Test func listsNameTheItemAndTheirLength() {
        #expect(throws: ValueError(field: "channels", "item 1 must be at most 1024, got 5000")) {
            try Bounds(1...1024).check([8, 5000], "channels")
        }
        #expect(throws: ValueError(field: "channels", "must have at least 1 item, got 0")) { try Bounds(1...6).checkCount(0, "channels") }
        #expect(throws: ValueError(field: "hidden", "must have at most 16 items, got 20")) { try Bounds(0...16).checkCount(20, "hidden") }
    }

    @Test func nestedErrorsNameTheDottedField() {
        let error = ValueError(field: "sampling_steps", "must be at least 1, got 0")
        #expect(error.nested(in: "model").description == "model.sampling_steps: must be at least 1, got 0")
        #expect(error.nested(in: "").field == "sampling_steps")
    }
}
