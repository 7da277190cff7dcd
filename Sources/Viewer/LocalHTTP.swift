import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking HTTP/1.1 GET over a fresh loopback connection, for measuring the viewer from outside its
/// server the way a browser reaches it (a socket, the whole answer read), without a client library.
enum LocalHTTP {
    struct Answer {
        var status: Int
        var bytes: Int
    }

    static func get(port: Int, path: String) throws -> Answer {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw ViewerError(path: path, "cannot open a socket (errno \(errno))") }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ViewerError(path: path, "cannot connect to 127.0.0.1:\(port) (errno \(errno))") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(socketDescriptor, $0.baseAddress, $0.count, 0) }) == request.count else {
            throw ViewerError(path: path, "cannot send the request")
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socketDescriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received.append(contentsOf: buffer[0..<count])
        }
        // "HTTP/1.1 200 OK": the status is the second word of the first line.
        let head = String(decoding: received.prefix(64), as: UTF8.self)
        let words = head.split(separator: " ", maxSplits: 2)
        guard words.count >= 2, let status = Int(words[1]) else { throw ViewerError(path: path, "not an HTTP answer") }
        return Answer(status: status, bytes: received.count)
    }
}
