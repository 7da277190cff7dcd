import Foundation
import TestSupport

/// Paths and expected values of the zarr fixtures made by `scripts/fixtures/make-zarr-fixtures.py`.
enum ExchangeFixtures {
    static let folder = Bundle.module.url(forResource: "Fixtures/zarr", withExtension: nil)!
    static let stores = ["replay-none.zarr", "replay-blosc.zarr", "replay-zlib.zarr", "replay-blosc-zstd.zarr", "replay-uint8.zarr"]

    /// expected.json: every array flattened (decoded with JSONDecoder, whose number parsing is exact).
    static let expected: [String: [Double]] = {
        struct Values: Decodable {
            var img, state, action, keypoint, n_contacts, episode_ends: [Double]
        }
        let data = try! Data(contentsOf: folder.appendingPathComponent("expected.json"))
        let values = try! JSONDecoder().decode(Values.self, from: data)
        return ["img": values.img, "state": values.state, "action": values.action, "keypoint": values.keypoint,
                "n_contacts": values.n_contacts, "episode_ends": values.episode_ends]
    }()

    /// A copy of a fixture store in a fresh temporary folder, to damage in a test.
    static func copy(_ name: String) throws -> URL {
        let target = TestSupport.temporaryFolder().appendingPathComponent(name)
        try FileManager.default.copyItem(at: folder.appendingPathComponent(name), to: target)
        return target
    }

    /// Rewrites one field of an array's `.zarray`.
    static func edit(_ array: URL, _ change: (inout [String: Any]) -> Void) throws {
        let file = array.appendingPathComponent(".zarray")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
        change(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: file)
    }
}
