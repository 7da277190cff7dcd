import Foundation
import Validation

/// The last line of defense for messages: an error that reaches the user without having been put in the project's
/// words (a Foundation file error, a JSON encoding or decoding error) is reworded, so no domain name, error code or
/// Swift type name is printed. Errors of the project's own types pass unchanged.
enum ErrorWording {
    static func reworded(_ error: any Error) -> any Error {
        switch error {
        case let error as EncodingError:
            guard case let .invalidValue(value, context) = error else { return CommandError("a result cannot be written as JSON") }
            let field = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return CommandError("a result cannot be written as JSON: \(field.isEmpty ? "a value" : "field \(field)") is \(value), "
                                + "which JSON cannot hold (a NaN or infinity: an input or a setting out of range)")
        case let error as DecodingError:
            return CommandError("a file cannot be read: \(error.summary)")
        case let error as CocoaError:
            return CommandError(fileError(error as NSError))
        case let error as NSError where [NSCocoaErrorDomain, NSPOSIXErrorDomain].contains(error.domain):
            return CommandError(fileError(error))
        default:
            return error
        }
    }

    private static func fileError(_ error: NSError) -> String {
        let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? (error.userInfo[NSURLErrorKey] as? URL)?.path
        return (path.map { "\($0): " } ?? "") + InputFile.describe(error)
    }
}
