// libFuzzer entry point: arbitrary bytes as a safetensors file. Built and run by scripts/fuzz/run.sh.
import Foundation
import NeuralNets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let (tensors, _) = try? SafeTensors.decode(Data(bytes: data, count: size), file: "fuzz.safetensors") {
        // Accepted: shapes agree with the values, and every value is finite.
        for tensor in tensors.values {
            precondition(tensor.scalars.count == tensor.shape.reduce(1, *) && tensor.scalars.allSatisfy(\.isFinite))
        }
    }
    return 0
}
