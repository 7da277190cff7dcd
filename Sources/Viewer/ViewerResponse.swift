import Foundation

/// An answer to one request, independent of the HTTP server, so that routing can be tested without a socket.
public struct ViewerResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: Data

    public init(status: Int, contentType: String, body: Data) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    static func text(_ status: Int, _ message: String) -> ViewerResponse {
        ViewerResponse(status: status, contentType: "text/plain; charset=utf-8", body: Data((message + "\n").utf8))
    }

    static let notFound = text(404, "not found")

    static func json(_ value: some Encodable) throws -> ViewerResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return ViewerResponse(status: 200, contentType: "application/json", body: try encoder.encode(value))
    }

    static func png(_ data: Data) -> ViewerResponse {
        ViewerResponse(status: 200, contentType: "image/png", body: data)
    }

    /// The content type of a served file, from its extension.
    static func contentType(ofFile path: String) -> String {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "json": "application/json"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "svg": "image/svg+xml"
        case "css": "text/css; charset=utf-8"
        case "txt", "log", "yaml", "yml", "csv": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
