import Editing

extension GuidanceOverrides {
    /// Applies the overrides to the sampler of the editor loaded from `path`; a setting this checkpoint cannot
    /// take (more sampling steps than its strength spans of its schedule) is an error naming it and the editor.
    func apply(to editor: inout FrameEditor, path: String) throws {
        do {
            try apply(to: &editor.sampler)
        } catch {
            throw WorkflowError("editor \(path): \(error)")
        }
    }
}
