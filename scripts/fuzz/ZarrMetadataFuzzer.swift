// libFuzzer entry point: arbitrary bytes as a zarr v2 `.zarray` document, then a read of its first rows from a
// folder holding only that document (every chunk missing). Built and run by scripts/fuzz/run.sh.
import Foundation
import Zarr

private let folder: URL = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zarr-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard (try? bytes.write(to: folder.appendingPathComponent(".zarray"))) != nil,
          let array = try? ZarrArray(folder: folder) else { return 0 }
    _ = try? array.readBytes(rows: 0..<min(array.shape[0], 4))
    return 0
}
