import Foundation

/// Writes to standard output and standard error that never stop the process: a reader that went away (a closed pipe,
/// `stepwise serve | head -1`) makes the write fail, and the line is dropped. `FileHandle.write(_:)` traps on that
/// failure, so a server whose reader had gone crashed when it said it stopped.
enum Console {
    static func out(_ text: String) { write(text, to: .standardOutput) }
    static func err(_ text: String) { write(text, to: .standardError) }

    private static func write(_ text: String, to handle: FileHandle) {
        try? handle.write(contentsOf: Data(text.utf8))
    }
}
