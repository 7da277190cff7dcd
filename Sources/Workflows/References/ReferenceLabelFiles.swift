import Foundation
import Validation

/// Where a user's reference photos find their label files (region ids, the photo's size): `NAME-labels.png` beside
/// `NAME.png`, or a folder of label files kept apart (`references --labels DIR`, a references stage's `labels:`), where
/// labeling tools put them: `NAME.png` or `NAME-labels.png` there. A label file in that folder wins over one beside the
/// photo; a photo with neither gets found masks.
enum ReferenceLabelFiles {
    /// Each photo's label file, or nil where it has none. `names` are the photos' file names in `folder`. A labels
    /// folder that is missing, labels none of the photos, or holds both spellings for one photo is an error: each
    /// of those is a mistake more often than a wish.
    static func paths(photos names: [String], in folder: String, labels: String?) throws -> [String?] {
        func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
        func stem(_ name: String) -> String { String(name.dropLast(4)) }
        var paths: [String?] = names.map { name in
            let beside = folder + "/" + stem(name) + "-labels.png"
            return exists(beside) ? beside : nil
        }
        guard let labels else { return paths }
        if let problem = InputFile.folderProblem(labels, expected: "a folder of label files (PNG)") {
            throw WorkflowError("label folder \(labels): \(problem)")
        }
        // In the photos' own folder, NAME.png is the photo: only NAME-labels.png can label it there.
        let isPhotoFolder = URL(fileURLWithPath: labels).standardizedFileURL.path == URL(fileURLWithPath: folder).standardizedFileURL.path
        var labeledThere = 0
        for (index, name) in names.enumerated() {
            let candidates = ([stem(name) + "-labels.png"] + (isPhotoFolder ? [] : [name])).map { labels + "/" + $0 }.filter(exists)
            guard candidates.count < 2 else {
                throw WorkflowError("label folder \(labels): both \(stem(name)).png and \(stem(name))-labels.png could label the photo "
                                    + "\(name); keep one")
            }
            if let path = candidates.first {
                paths[index] = path
                labeledThere += 1
            }
        }
        guard labeledThere > 0 || names.isEmpty else {
            throw WorkflowError("label folder \(labels): no label file for any photo in \(folder) (expected NAME.png or NAME-labels.png "
                                + "for each NAME.png there, such as \(names[0]))")
        }
        return paths
    }
}
