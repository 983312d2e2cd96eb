/// Finds state names written twice in one `States` object.
///
/// The JSON parser keeps the last of duplicate keys (as AWS's parser does), so a parsed value cannot show them;
/// this scans the text itself. It runs only on text that already parsed, and keeps an explicit stack (no
/// recursion), so it cannot overflow on deep input.
enum DuplicateStateScanner {
    private struct Frame {
        var path: String
        var isObject: Bool
        var keys: Set<String> = []
        var currentKey: String?
        var index = 0
    }

    /// JSON pointers of every repeated key whose object is the value of a `States` member.
    static func duplicateStatePaths(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        var stack: [Frame] = []
        var duplicates: [String] = []
        var index = 0

        /// The pointer of the value about to start in the innermost container.
        func childPath() -> String {
            guard let frame = stack.last else { return "" }
            if frame.isObject { return JSONPointer.appending(frame.currentKey ?? "", to: frame.path) }
            return JSONPointer.appending(frame.index, to: frame.path)
        }

        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"):
                stack.append(Frame(path: childPath(), isObject: true))
            case UInt8(ascii: "["):
                stack.append(Frame(path: childPath(), isObject: false))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
            case UInt8(ascii: ","):
                if !stack.isEmpty {
                    stack[stack.count - 1].index += 1
                    stack[stack.count - 1].currentKey = nil
                }
            case UInt8(ascii: "\""):
                let start = index + 1
                var end = start
                var escaped = false
                while end < bytes.count && bytes[end] != UInt8(ascii: "\"") {
                    if bytes[end] == UInt8(ascii: "\\") {
                        escaped = true
                        end += 1
                    }
                    end += 1
                }
                index = end
                // A string is a key when it is in an object that has no key for the current member yet.
                let top = stack.count - 1
                if top >= 0, stack[top].isObject, stack[top].currentKey == nil {
                    let path = stack[top].path
                    let raw = String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self)
                    let key = escaped ? ((try? JSONValue(parsing: "\"" + raw + "\""))?.stringValue ?? raw) : raw
                    if !stack[top].keys.insert(key).inserted && isStatesObject(path) {
                        duplicates.append(JSONPointer.appending(key, to: path))
                    }
                    stack[top].currentKey = key
                }
            default:
                break
            }
            index += 1
        }
        return duplicates
    }

    /// `/States`, `…/Branches/N/States`, `…/ItemProcessor/States` or `…/Iterator/States`.
    static func isStatesObject(_ path: String) -> Bool {
        if path == "/States" || path.hasSuffix("/ItemProcessor/States") || path.hasSuffix("/Iterator/States") {
            return true
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[parts.count - 1] == "States", parts[parts.count - 3] == "Branches" else { return false }
        return parts[parts.count - 2].allSatisfy(\.isNumber)
    }
}
