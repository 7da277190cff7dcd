// libFuzzer entry point: arbitrary bytes as a PNG file. Built and run by scripts/fuzz/run.sh.
import Foundation
import Imaging

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    for channels in [1, 3, 4] {
        if let image = try? PNGCodec.decode(Data(bytes: data, count: size), channels: channels, source: "fuzz.png") {
            precondition(image.pixels.count == image.width * image.height * channels)
        }
    }
    return 0
}
