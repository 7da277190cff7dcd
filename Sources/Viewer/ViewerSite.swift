import Datasets
import Foundation

/// Every route of the viewer, as a function from a raw request path and query to a response. The server hands
/// it the path exactly as received (still percent-encoded); each file path in it goes through `ServedFolder`,
/// so nothing outside the served folder is ever opened. Nothing is written: datasets and the index are opened
/// read-only.
///
/// Routes: `/` (the page), `/viewer.js`, `/viewer.css`, `/api/runs`, `/api/run?id=N`, `/api/dataset/PATH`,
/// `/api/episode/PATH?episode=E`, `/api/references/PATH`, `/frame/PATH?episode=E&step=S` (PNG),
/// `/masks/PATH?episode=E&step=S` (transparent PNG), `/layer/PATH` (a reference's label image as the same layer),
/// `/files/PATH` (a report, a reference picture).
public final class ViewerSite: Sendable {
    public let folder: ServedFolder
    /// A dataset the page opens first (relative to the folder), when the viewer was started on a dataset file.
    public let startDataset: String?
    let catalog: RunCatalog
    let stores = DatasetCache()

    /// Serves `path`: a runs folder (with `index.sqlite`), a run folder, or a dataset file (its folder is served
    /// and the page opens it). Fails naming the path when it is none of these.
    public init(path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ViewerError(path: path, "no such folder or file (give a runs folder, a run folder or a dataset file)")
        }
        if isFolder.boolValue {
            folder = try ServedFolder(path: path)
            startDataset = nil
        } else {
            // Checked now, so a file that is not a dataset stops the command instead of failing in the page.
            do { _ = try DatasetStore.open(path: path, readOnly: true) } catch {
                throw ViewerError(path: path, "not a folder and not a dataset: \(error)")
            }
            let real = ServedFolder.realPath(path) ?? path
            folder = try ServedFolder(path: URL(fileURLWithPath: real).deletingLastPathComponent().path)
            startDataset = folder.relative(real)
        }
        catalog = RunCatalog(folder: folder)
    }

    public func respond(path: String, query: String?) -> ViewerResponse {
        let parameters = Self.parameters(query)
        do {
            switch path {
            case "/", "/index.html":
                return ViewerResponse(status: 200, contentType: "text/html; charset=utf-8", body: Data(ViewerPage.html.utf8))
            case "/viewer.js":
                return ViewerResponse(status: 200, contentType: "text/javascript; charset=utf-8", body: Data(ViewerScript.source.utf8))
            case "/viewer.css":
                return ViewerResponse(status: 200, contentType: "text/css; charset=utf-8", body: Data(ViewerStyle.source.utf8))
            case "/favicon.ico":
                // No icon: an empty answer keeps browsers from logging a failed load on every page.
                return ViewerResponse(status: 204, contentType: "image/x-icon", body: Data())
            case "/api/runs":
                let names = Set(catalog.entries(""))
                return try .json(RunsAnswer(root: folder.root, startDataset: startDataset, runs: try catalog.runs(),
                                            folder: catalog.outputs(ofRunFolder: "").datasets,
                                            looks: names.contains("looks.json"), report: names.contains("report.html")))
            case "/api/run":
                guard let id = parameters["id"].flatMap(Int64.init), let run = try catalog.run(id: id) else { return .notFound }
                return try .json(run)
            default:
                return try routeWithPath(path, parameters)
            }
        } catch {
            // A dataset being written can be locked for a moment; the page retries.
            return .text(503, "\(error)")
        }
    }

    struct RunsAnswer: Codable {
        var root: String
        var startDataset: String?
        var runs: [RunCatalog.RunSummary]
        /// Datasets directly in the served folder's subfolders (when it is a run folder or a dataset's folder).
        var folder: [RunCatalog.Output]
        /// Whether the folder is a look bank's evaluation (`looks.json`, shown as a table) and has its `report.html`.
        var looks: Bool
        var report: Bool
    }

    private func routeWithPath(_ path: String, _ parameters: [String: String]) throws -> ViewerResponse {
        let routes = ["/api/dataset/", "/api/episode/", "/api/references/", "/frame/", "/masks/", "/layer/", "/files/"]
        guard let route = routes.first(where: path.hasPrefix),
              let real = folder.resolve(String(path.dropFirst(route.count))),
              let relative = folder.relative(real) else { return .notFound }
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: real, isDirectory: &isFolder)
        let episode = parameters["episode"].flatMap(Int.init), step = parameters["step"].flatMap(Int.init)
        switch route {
        case "/files/":
            guard !isFolder.boolValue else { return .notFound }
            return ViewerResponse(status: 200, contentType: ViewerResponse.contentType(ofFile: real),
                                  body: try Data(contentsOf: URL(fileURLWithPath: real)))
        case "/api/references/":
            guard isFolder.boolValue else { return .notFound }
            return try .json(ReferenceViews.answer(path: relative, folder: real, names: catalog.entries(relative)))
        case "/layer/":
            guard !isFolder.boolValue, let png = try? ReferenceViews.layer(labelsAt: real) else { return .notFound }
            return .png(png)
        default:
            guard !isFolder.boolValue else { return .notFound }
            return try datasetRoute(route, real: real, relative: relative, episode: episode, step: step)
        }
    }

    private func datasetRoute(_ route: String, real: String, relative: String, episode: Int?, step: Int?) throws -> ViewerResponse {
        do {
            return try stores.with(real) { store in
                switch route {
                case "/api/dataset/":
                    return try .json(DatasetViews.summary(store, path: relative))
                case "/api/episode/":
                    guard let episode, let answer = try DatasetViews.episode(store, index: episode) else { return .notFound }
                    return try .json(answer)
                case "/frame/":
                    guard let episode, let step else { return .notFound }
                    return .png(try DatasetViews.image(store, episode: episode, step: step))
                default:
                    guard let episode, let step, let png = try DatasetViews.masks(store, episode: episode, step: step) else {
                        return .notFound
                    }
                    return .png(png)
                }
            }
        } catch let error as DatasetError {
            // Not a dataset, or no such frame: the request names something that is not there.
            return .text(404, error.description)
        }
    }

    /// The query's key/value pairs, percent-decoded.
    static func parameters(_ query: String?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = parts.first.flatMap({ String($0).removingPercentEncoding }) else { continue }
            result[key] = parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding : ""
        }
        return result
    }
}
