import COpenBLAS
import Foundation

extension Tensor {
    /// OpenBLAS's kernel, and whether OPENBLAS_CORETYPE forced it (reported by benchmarks beside the sgemm rate:
    /// on AVX-512 CPUs a forced AVX2 kernel such as Haswell runs sgemm at about half the rate of the one OpenBLAS
    /// picks itself).
    public static var blasCore: String {
        let name = String(cString: openblas_get_corename())
        guard let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] else { return name }
        return "\(name), forced by OPENBLAS_CORETYPE=\(forced)"
    }
}
