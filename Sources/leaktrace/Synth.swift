import ArgumentParser

extension LeakTrace {
    /// `leaktrace synth`: seeded synthetic Malaysian subscriber dumps. (Being written.)
    struct Synth: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Generate a synthetic Malaysian subscriber dump.")
    }
}
